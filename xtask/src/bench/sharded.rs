//! `cargo xtask bench --sharded`: the sharded index (`engine::shard`) on the same synthetic
//! corpora and queries. Per corpus: the build time and files; per query, cold (a reader that has
//! only the root, as on a fresh page) and warm (one reader answering the queries in turn, as a
//! visitor typing on): requests, sequential round trips after the root, bytes fetched raw (what
//! a range request transfers from a host that does not compress ranges) and brotli-compressed
//! (each response on its own, quality 11), and native latency of the whole query including
//! decoding what arrives (the in-memory fetch itself not counted). Every answer is checked
//! against [`engine::finder::find`] on the whole index: `mismatches` counts queries whose hits
//! or scores differ, `facet_mismatches` those whose filtered results (or counts, where not
//! estimated) differ from [`FacetTable`] over every document. With `--browser`, the same
//! queries are then answered over the same files in headless Chromium, in WebAssembly, with
//! range requests ([`chromium`]): the run's `chromium` figures sit beside `cold` and `warm`.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use engine::facets::{FacetTable, Selection};
use engine::finder::{self, site_options};
use engine::shard::{self, Card, Request, ShardError, ShardOptions, ShardReader};
use engine::Lang;
use serde_json::{json, Value};
use sitegen::vocab::Vocabularies;

use super::{direct_index, found, pagefind, round, stats, Options};
use crate::corpus;
use crate::sizes;

mod chromium;

/// Results whose cards a query fetches.
pub(super) const RESULTS: usize = 10;

pub(super) fn run(options: &Options, vocab: &Vocabularies) -> Result<Value> {
    let chromium = if options.browser { Some(chromium::Chromium::prepare()?) } else { None };
    let mut runs = Vec::new();
    for &size in &options.sizes {
        for &lang in &options.langs {
            runs.push(measure(vocab, lang, size, options, chromium.as_ref())?);
        }
    }
    let mut report = json!({
        "queries_per_corpus": options.queries,
        "results_per_query": RESULTS,
        "bytes": "raw: as a range request transfers it; brotli: each response compressed on its own (quality 11)",
        "round_trips": "sequential fetches after the root (the root is fetched once per page, or inlined)",
        "postings_doc_set_floor_bytes": "per query, the least bytes that could name the documents of the posting lists fetched, were they drawn at random (n·H(df/n) bits a list): compare with brotli_bytes_by_kind.postings",
        "runs": runs,
    });
    if chromium.is_some() {
        report["chromium"] = json!({
            "timed": "per query, performance.now() from the first step to the answer (latency_us: real range fetches over loopback, in parallel per round trip, decoding and ranking) and around the WebAssembly step and supply calls alone (wasm_us)",
            "wasm_bytes": super::browser::files_wasm_size(&crate::workspace_root()),
        });
    }
    Ok(report)
}

/// Brotli size of each response body already compressed, by file and range.
type BrotliSizes = HashMap<(String, Option<(u64, u64)>), usize>;

/// Serves the files from memory and tallies what a query fetched.
struct Host<'a> {
    files: &'a HashMap<String, Vec<u8>>,
    brotli: &'a mut BrotliSizes,
    /// Documents in the corpus, for [`doc_set_floor_bytes`].
    doc_count: usize,
    tally: Tally,
    fetching: Duration,
}

impl<'a> Host<'a> {
    fn new(files: &'a HashMap<String, Vec<u8>>, brotli: &'a mut BrotliSizes, doc_count: usize) -> Self {
        Host { files, brotli, doc_count, tally: Tally::default(), fetching: Duration::ZERO }
    }
}

/// The least bytes that can tell which `df` of `doc_count` documents a posting list names, if
/// they were drawn at random: `doc_count · H(df / doc_count)` bits (H the binary entropy). The
/// synthetic firms pick their terms independently, so this is what any coding of the fetched
/// lists' documents must carry; how close the postings come to it says what a better format
/// could still save.
fn doc_set_floor_bytes(df: u32, doc_count: usize) -> f64 {
    let n = doc_count as f64;
    let p = (f64::from(df) / n.max(1.0)).clamp(0.0, 1.0);
    let entropy = |p: f64| if p <= 0.0 { 0.0 } else { -p * p.log2() };
    n * (entropy(p) + entropy(1.0 - p)) / 8.0
}

#[derive(Default, Clone)]
struct Tally {
    requests: usize,
    round_trips: usize,
    raw: usize,
    brotli: usize,
    /// [`doc_set_floor_bytes`] summed over the posting lists fetched.
    doc_set_floor: f64,
    /// Brotli bytes per kind of part (see [`Request::kind`]).
    by_kind: BTreeMap<&'static str, usize>,
}

impl Host<'_> {
    fn fetch(&mut self, requests: &[Request]) -> Result<Vec<Vec<u8>>, ShardError> {
        let clock = Instant::now();
        self.tally.round_trips += 1;
        self.tally.requests += requests.len();
        let mut bodies = Vec::with_capacity(requests.len());
        for request in requests {
            let file = self.files.get(&request.file).map_or(&[][..], Vec::as_slice);
            let body = match request.range {
                None => file,
                Some((start, end)) => file.get(start as usize..end as usize).unwrap_or_default(),
            };
            self.tally.raw += body.len();
            bodies.push(body.to_vec());
        }
        for (request, body) in requests.iter().zip(&bodies) {
            self.tally.doc_set_floor +=
                request.posting_dfs().map(|df| doc_set_floor_bytes(df, self.doc_count)).sum::<f64>();
            let key = (request.file.clone(), request.range);
            let size = *self.brotli.entry(key).or_insert_with(|| sizes::brotli(body));
            self.tally.brotli += size;
            *self.tally.by_kind.entry(request.kind()).or_default() += size;
        }
        // Serving and compressing are the host's work, not the reader's.
        self.fetching += clock.elapsed();
        Ok(bodies)
    }
}

fn measure(
    vocab: &Vocabularies,
    lang: Lang,
    size: usize,
    options: &Options,
    chromium: Option<&chromium::Chromium>,
) -> Result<Value> {
    let corpus = corpus::generate(vocab, lang, size, options.seed);
    let clock = Instant::now();
    let index = direct_index(lang, &corpus.indexed)?;
    let index_s = clock.elapsed().as_secs_f64();
    let cards: Vec<Card> = index
        .doc_refs
        .iter()
        .zip(&corpus.docs)
        .map(|(reference, doc)| Card {
            reference: reference.clone(),
            title: doc.title.clone(),
            summary: doc.summary.clone(),
        })
        .collect();
    let clock = Instant::now();
    let shard_options =
        ShardOptions { lang: lang.code().into(), name_prefix: format!("{}-", lang.code()), ..ShardOptions::default() };
    let built = shard::build(&index, &cards, &corpus.docs, &shard_options);
    let shard_s = clock.elapsed().as_secs_f64();
    drop(cards);
    let files: HashMap<String, Vec<u8>> = built.files.iter().cloned().collect();
    let root_name = built.root_name().to_string();
    let root_bytes = files.get(&root_name).map_or(0, Vec::len);
    let root_brotli = if root_bytes <= 4 << 20 { files.get(&root_name).map(|b| sizes::brotli(b)) } else { None };
    drop(built);

    let mut brotli = HashMap::new();
    let mut base = ShardReader::new(&root_name);
    {
        let mut host = Host::new(&files, &mut brotli, size);
        base.search("", &Selection::default(), &site_options(), RESULTS, |requests: &[Request]| host.fetch(requests))
            .map_err(|e| anyhow!("{e}"))?;
    }
    let queries = corpus::queries(vocab, &corpus, options.queries, options.seed);
    let mut warm_reader = base.clone();
    let (mut cold, mut warm) = (Samples::default(), Samples::default());
    let mut mismatches = Vec::new();
    let mut mismatch_count = 0usize;
    // The first ids each cold answer shows, which Chromium's must equal.
    let mut shown_first = Vec::with_capacity(queries.len());
    let (mut facet_mismatches, mut estimated) = (0usize, 0usize);
    let mut found = Vec::with_capacity(queries.len());
    let table = FacetTable::new(&corpus.docs);
    for query in &queries {
        for is_warm in [false, true] {
            let mut fresh;
            let reader = if is_warm {
                &mut warm_reader
            } else {
                fresh = base.clone();
                &mut fresh
            };
            let mut host = Host::new(&files, &mut brotli, size);
            let clock = Instant::now();
            let answer = reader
                .search(&query.text, &query.selection, &site_options(), RESULTS, |requests: &[Request]| {
                    host.fetch(requests)
                })
                .map_err(|e| anyhow!("{lang} {size}: query {:?}: {e}", query.text))?;
            let us = (clock.elapsed() - host.fetching).as_secs_f64() * 1e6;
            if is_warm {
                warm.push(host.tally, us);
            } else {
                cold.push(host.tally, us);
                let expected = finder::find(&index, lang, &query.text);
                let hits: Vec<u32> = expected.hits.iter().map(|hit| hit.doc).collect();
                if table.filter(&hits, &query.selection) != answer.shown
                    || (!answer.counts_estimated && table.counts(&hits, &query.selection) != answer.counts)
                {
                    facet_mismatches += 1;
                }
                estimated += usize::from(answer.counts_estimated);
                let top: Vec<usize> = answer.shown.iter().map(|&doc| doc as usize).collect();
                found.push(found::in_top(query, &corpus.docs, &top));
                shown_first.push(answer.shown.iter().take(RESULTS).copied().collect());
                if expected != answer.found {
                    mismatch_count += 1;
                    if mismatches.len() < 20 {
                        mismatches.push(query.text.clone());
                    }
                }
            }
        }
    }
    let found_at_5 = found::at_5(&found);
    // Pagefind failing (it runs out of memory indexing 100,000 Japanese pages in 24 GB) is a
    // figure of the comparison, not a reason to lose the run's others.
    let pagefind = options.pagefind.then(|| match pagefind::measure(&crate::workspace_root(), &corpus, &queries) {
        Ok(report) => {
            eprintln!(
                "bench --pagefind: {lang} {size:>6} firms: {}; found@5 {found_at_5} sharded",
                pagefind::line(&report)
            );
            report
        }
        Err(error) => {
            eprintln!("bench --pagefind: {lang} {size:>6} firms: Pagefind failed: {error:#}");
            json!({ "error": format!("{error:#}") })
        }
    });
    let file_count = files.len();
    let total: usize = files.values().map(Vec::len).sum();
    // What only the native run needed goes before Chromium takes its share of the memory.
    drop((index, table, base, warm_reader, brotli));
    let in_chromium =
        chromium.map(|chromium| chromium.measure(files, &root_name, &queries, &shown_first)).transpose()?;
    eprintln!(
        "bench --sharded: {lang} {size:>6} firms: {file_count} files, {:.1} MB; {}; {}; {} mismatches{}",
        total as f64 / 1e6,
        cold.line("cold"),
        warm.line("warm"),
        mismatch_count,
        in_chromium.as_ref().map(|figures| format!("; {}", chromium::line(figures))).unwrap_or_default(),
    );
    let mut run = json!({
        "lang": lang.code(),
        "docs": size,
        "index_build_s": round(index_s),
        "shard_build_s": round(shard_s),
        "files": file_count,
        "bytes_total": total,
        "root_bytes": { "raw": root_bytes, "brotli": root_brotli },
        "cold": cold.summary(),
        "warm": warm.summary(),
        "mismatches": mismatch_count,
        "facet_mismatches": facet_mismatches,
        "counts_estimated_percent": round(100.0 * estimated as f64 / queries.len().max(1) as f64),
        "mismatched_queries": mismatches,
        "found_at_5": found_at_5,
        "found_at_5_by_kind": found::by_kind(&queries, &found),
        "pagefind": pagefind,
    });
    if let Some(figures) = in_chromium {
        run["chromium"] = figures;
    }
    Ok(run)
}

#[derive(Default)]
struct Samples {
    requests: Vec<f64>,
    round_trips: Vec<f64>,
    raw: Vec<f64>,
    brotli: Vec<f64>,
    doc_set_floor: Vec<f64>,
    latency_us: Vec<f64>,
    by_kind: BTreeMap<&'static str, Vec<f64>>,
}

impl Samples {
    fn push(&mut self, tally: Tally, us: f64) {
        let count = self.latency_us.len();
        for (kind, bytes) in &tally.by_kind {
            let samples = self.by_kind.entry(kind).or_default();
            samples.resize(count, 0.0);
            samples.push(*bytes as f64);
        }
        self.requests.push(tally.requests as f64);
        self.round_trips.push(tally.round_trips as f64);
        self.raw.push(tally.raw as f64);
        self.brotli.push(tally.brotli as f64);
        self.doc_set_floor.push(tally.doc_set_floor.round());
        self.latency_us.push(us);
    }

    /// One line for the progress log: brotli KB p50/p95, round trips p50/p95/max, latency
    /// p50/p95 in ms.
    fn line(&self, label: &str) -> String {
        let summary = self.summary();
        let at = |key: &str, p: &str| summary[key][p].as_f64().unwrap_or(0.0);
        format!(
            "{label} {:.0}/{:.0} KB brotli, {}/{}/{} round trips, {:.1}/{:.1} ms (p50/p95[/max])",
            at("brotli_bytes", "p50") / 1e3,
            at("brotli_bytes", "p95") / 1e3,
            at("round_trips", "p50"),
            at("round_trips", "p95"),
            at("round_trips", "max"),
            at("latency_us", "p50") / 1e3,
            at("latency_us", "p95") / 1e3,
        )
    }

    fn summary(&self) -> Value {
        json!({
            "requests": stats(&self.requests),
            "round_trips": stats(&self.round_trips),
            "raw_bytes": stats(&self.raw),
            "brotli_bytes": stats(&self.brotli),
            "postings_doc_set_floor_bytes": stats(&self.doc_set_floor),
            "latency_us": stats(&self.latency_us),
            "brotli_bytes_by_kind": self.by_kind.iter().map(|(kind, values)| {
                let mut values = values.clone();
                values.resize(self.latency_us.len(), 0.0);
                (kind.to_string(), stats(&values))
            }).collect::<serde_json::Map<_, _>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval;

    #[test]
    fn the_doc_set_floor_is_the_binary_entropy_of_the_list() {
        // A list naming half the documents needs a bit per document; none or all, nothing.
        assert_eq!(doc_set_floor_bytes(500, 1000), 125.0);
        assert_eq!(doc_set_floor_bytes(0, 1000), 0.0);
        assert_eq!(doc_set_floor_bytes(1000, 1000), 0.0);
        // Symmetric, and a rare list costs about log2(n / df) + 1.44 bits a posting.
        assert!((doc_set_floor_bytes(100, 1000) - doc_set_floor_bytes(900, 1000)).abs() < 1e-9);
        let rare = doc_set_floor_bytes(10, 100_000) * 8.0 / 10.0;
        assert!((rare - (10_000f64.log2() + 1.44)).abs() < 0.01, "{rare}");
        assert_eq!(doc_set_floor_bytes(3, 0), 0.0);
    }

    /// The judged sets give the same figures on the site's indexes read sharded: every ranking
    /// is identical, as one file (the site's size) and forced into many small parts.
    #[test]
    fn the_judged_sets_rank_the_same_sharded() {
        let root = crate::workspace_root();
        let site = sitegen::load(&root.join("content")).unwrap();
        let mut judged = Vec::new();
        for file in eval::default_files(&root).unwrap() {
            judged.extend(eval::parse(&file, &std::fs::read_to_string(&file).unwrap()).unwrap());
        }
        let many_parts = ShardOptions { block_bytes: 256, single_file_max: 0, ..ShardOptions::default() };
        for lang_site in &site.languages {
            let lang = lang_site.lang;
            let index = engine::Index::from_bytes(&lang_site.index.bytes).unwrap();
            let queries: Vec<&str> = judged.iter().filter(|q| q.lang == lang).map(|q| q.query.as_str()).collect();
            assert!(!queries.is_empty(), "{lang}");
            for options in [ShardOptions::default(), many_parts.clone()] {
                let options = ShardOptions { lang: lang.code().into(), ..options };
                let built = shard::build(&index, &[], &[], &options);
                let files: HashMap<String, Vec<u8>> = built.files.iter().cloned().collect();
                let mut reader = ShardReader::new(built.root_name());
                let mut sizes = HashMap::new();
                for query in &queries {
                    let mut host = Host::new(&files, &mut sizes, index.doc_refs.len());
                    let answer = reader
                        .search(query, &Selection::default(), &site_options(), RESULTS, |r: &[Request]| host.fetch(r))
                        .unwrap();
                    let expected = finder::find(&index, lang, query);
                    assert_eq!(answer.found, expected, "{lang} {query:?}, {} files", files.len());
                }
            }
        }
    }
}

//! `cargo xtask bench`: index build time, index size and query latency on synthetic corpora,
//! as JSON on stdout (progress on stderr).
//!
//! For each corpus size and language, [`crate::corpus`] generates firm profiles from the real
//! vocabularies and the index is built as the site builds it ([`sitegen::index_build::build`]:
//! elasticlunr-rs with the engine's analyzer, converted to the shipped bytes), then decoded with
//! [`engine::Index::from_bytes`]. elasticlunr-rs cannot build 100 k profiles in reasonable time
//! and memory, so above `--site-build-max` the same index is built directly from the analyzer's
//! tokens; every run that builds both ways checks that the bytes are identical, and the report
//! gives both build times. A mix of exact, prefix, typo and faceted queries is then timed one by
//! one: what the app does per keystroke, [`engine::finder::find`] and then
//! [`FacetTable::filter`] and [`FacetTable::counts`] over the hits (the table is built once
//! per corpus, as the app builds it once per language). `cargo xtask` is a
//! dev build, so `bench` re-runs itself with `--release` (the hidden `bench-run` command) and
//! the report says which profile measured. `--browser` times the same queries in headless
//! Chromium instead (see [`browser`]); `--sharded` measures the sharded index (see
//! [`sharded`]), and `--sharded --browser` gives its native and Chromium figures side by side.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use engine::facets::FacetTable;
use engine::suggest::Suggester;
use engine::{Index, Lang};
use serde_json::{json, Value};
use sitegen::index_build::IndexedDoc;
use sitegen::vocab::Vocabularies;

mod browser;
mod found;
mod pagefind;
mod sharded;

use crate::corpus::{self, Query, QueryKind};
use crate::sizes;

/// p95 targets (issue 3): 2 ms at 1 k firms, 20 ms at 100 k.
const TARGETS_P95_US: [(usize, f64); 2] = [(1_000, 2_000.0), (100_000, 20_000.0)];

#[derive(clap::Args, Clone, Debug)]
pub struct Options {
    /// Corpus sizes (firm profiles per language), comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 10_000, 100_000])]
    pub sizes: Vec<usize>,
    /// Languages, comma-separated (default: the content's, `site.toml` `languages`).
    #[arg(long, value_delimiter = ',', value_parser = parse_lang)]
    pub langs: Vec<Lang>,
    /// Queries timed per corpus and language.
    #[arg(long, default_value_t = 300)]
    pub queries: usize,
    /// Times each query this many times and keeps the fastest, to discount preemption on a
    /// shared machine.
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
    /// Seed of the corpus and query generator (same seed, same corpus and queries).
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// Content folder whose vocabularies feed the generator.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Also build with the site's builder (elasticlunr-rs), and check the bytes, up to this
    /// many documents; above it only the byte-identical direct build runs (elasticlunr-rs takes
    /// 40–60 s and up to 9 GB of memory for 10 k profiles, and would not fit 100 k).
    #[arg(long, default_value_t = 1_000)]
    pub site_build_max: usize,
    /// Compress (gzip -9, brotli -q 11) indexes of at most this many documents; larger ones
    /// report their raw size only (brotli 11 takes minutes on them).
    #[arg(long, default_value_t = 10_000)]
    pub compress_max: usize,
    /// Instead, time the queries in headless Chromium (WebAssembly) on --browser-size firms;
    /// with --sharded, also answer the sharded index's queries in Chromium with range requests
    /// (every size, beside the native figures).
    #[arg(long)]
    pub browser: bool,
    /// Firms per language for --browser (without --sharded).
    #[arg(long, default_value_t = 10_000)]
    pub browser_size: usize,
    /// Instead, measure the sharded index (`engine::shard`): files, bytes, requests and round
    /// trips per query cold and warm, latency including decoding, rankings checked against the
    /// whole index.
    #[arg(long)]
    pub sharded: bool,
    /// With --sharded: also index each corpus with Pagefind (npm) and ask it the same queries
    /// in headless Chromium, cold and warm: its bytes, requests and found@5 beside the sharded
    /// index's.
    #[arg(long, requires = "sharded")]
    pub pagefind: bool,
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    let known: Vec<&str> = Lang::ALL.iter().map(|lang| lang.code()).collect();
    Lang::from_code(code).ok_or_else(|| format!("unknown language `{code}`; use {}", known.join(", ")))
}

impl Options {
    /// The same options as command-line arguments, for the optimized re-run.
    fn args(&self, content: &Path) -> Vec<String> {
        let join = |items: Vec<String>| items.join(",");
        let mut args = vec![
            "--sizes".into(),
            join(self.sizes.iter().map(usize::to_string).collect()),
            "--queries".into(),
            self.queries.to_string(),
            "--repeat".into(),
            self.repeat.to_string(),
            "--seed".into(),
            self.seed.to_string(),
            "--content".into(),
            content.display().to_string(),
            "--site-build-max".into(),
            self.site_build_max.to_string(),
            "--compress-max".into(),
            self.compress_max.to_string(),
            "--browser-size".into(),
            self.browser_size.to_string(),
        ];
        // None given: the content's languages (an empty `--langs` would not parse).
        if !self.langs.is_empty() {
            args.extend(["--langs".into(), join(self.langs.iter().map(|l| l.code().to_string()).collect())]);
        }
        if self.browser {
            args.push("--browser".into());
        }
        if self.sharded {
            args.push("--sharded".into());
        }
        if self.pagefind {
            args.push("--pagefind".into());
        }
        args
    }
}

/// The profile this code was compiled with.
pub fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "dev (unoptimized)"
    } else {
        "release"
    }
}

/// `cargo xtask bench`: runs [`run`] in an optimized build and prints its JSON.
pub fn bench(options: &Options) -> Result<()> {
    if !cfg!(debug_assertions) {
        println!("{}", serde_json::to_string_pretty(&run(options)?)?);
        return Ok(());
    }
    let root = crate::workspace_root();
    let content = std::env::current_dir()?.join(&options.content);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("bench: measuring in an optimized build: cargo run --release -p xtask -- bench-run …");
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["run", "--release", "--package", "xtask", "--", "bench-run"])
        .args(options.args(&content))
        .status()
        .context("could not start cargo")?;
    if !status.success() {
        bail!("the optimized benchmark failed ({status})");
    }
    Ok(())
}

/// Generates, builds and times every corpus; returns the report.
pub fn run(options: &Options) -> Result<Value> {
    let mut errors = sitegen::ContentErrors::default();
    let settings = sitegen::settings::load(&options.content, &mut errors);
    let options = &Options {
        langs: if options.langs.is_empty() { settings.languages.clone() } else { options.langs.clone() },
        ..options.clone()
    };
    if options.sizes.is_empty() || options.sizes.contains(&0) || options.langs.is_empty() || options.queries == 0 {
        bail!("nothing to measure: give sizes of at least one firm, a language and at least one query");
    }
    let started = Instant::now();
    let vocab = Vocabularies::load(&options.content, &settings.languages, &mut errors);
    if !errors.is_empty() {
        bail!("{errors}");
    }
    eprintln!("bench: profile {}, seed {}, {} queries per corpus", profile(), options.seed, options.queries);
    // `--sharded --browser` is the sharded measurement with its Chromium figures.
    if options.sharded {
        let mut report = sharded::run(options, &vocab)?;
        report["profile"] = json!(profile());
        report["seed"] = json!(options.seed);
        report["total_s"] = json!(round(started.elapsed().as_secs_f64()));
        return Ok(report);
    }
    if options.browser {
        let mut report = browser::run(options, &vocab)?;
        report["profile_of_host"] = json!(profile());
        report["seed"] = json!(options.seed);
        report["queries_per_corpus"] = json!(options.queries);
        report["total_s"] = json!(round(started.elapsed().as_secs_f64()));
        return Ok(report);
    }
    let mut runs = Vec::new();
    for &size in &options.sizes {
        for &lang in &options.langs {
            runs.push(measure_one(&vocab, lang, size, options)?);
        }
    }
    Ok(json!({
        "profile": profile(),
        "seed": options.seed,
        "queries_per_corpus": options.queries,
        "repeat": options.repeat,
        "timed": "per query: engine::finder::find, then FacetTable::filter and FacetTable::counts over its hits; suggest_latency_us: Suggester::suggest per keystroke (every prefix of every query)",
        "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "targets_p95_us": TARGETS_P95_US.iter().map(|(size, us)| (size.to_string(), json!(us))).collect::<serde_json::Map<_, _>>(),
        "runs": runs,
        "total_s": round(started.elapsed().as_secs_f64()),
    }))
}

fn measure_one(vocab: &Vocabularies, lang: Lang, size: usize, options: &Options) -> Result<Value> {
    let clock = Instant::now();
    let mut corpus = corpus::generate(vocab, lang, size, options.seed);
    let generate_s = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    let direct = direct_build(lang, &corpus.indexed)?;
    let direct_build_s = clock.elapsed().as_secs_f64();
    let (bytes, site_build_s, elasticlunr_json_bytes) = if size <= options.site_build_max {
        let clock = Instant::now();
        let (bytes, json_bytes) = site_build(lang, &corpus.indexed)
            .with_context(|| format!("the {lang} index of {size} firms could not be built"))?;
        let site_build_s = clock.elapsed().as_secs_f64();
        if bytes != direct {
            bail!("the direct build of the {lang} index differs from sitegen::index_build::build; update sitegen::index_build::direct");
        }
        (bytes, Some(round(site_build_s)), Some(json_bytes))
    } else {
        (direct, None, None)
    };
    corpus.indexed = Vec::new();

    let clock = Instant::now();
    let index =
        Index::from_bytes(&bytes).with_context(|| format!("the {lang} index of {size} firms does not decode"))?;
    let decode_ms = clock.elapsed().as_secs_f64() * 1e3;
    let aligned = index.doc_refs.len() == corpus.docs.len()
        && index.doc_refs.iter().zip(&corpus.docs).all(|(r, d)| r.strip_prefix("firms/") == Some(d.id.as_str()));
    if !aligned {
        bail!("the {lang} index does not number the documents in corpus order; facets would not line up");
    }

    let clock = Instant::now();
    let table = FacetTable::new(&corpus.docs);
    let facet_table_ms = clock.elapsed().as_secs_f64() * 1e3;
    let queries = corpus::queries(vocab, &corpus, options.queries, options.seed);
    for query in queries.iter().take(10) {
        black_box(answer(&index, lang, &table, query));
    }
    let mut latencies: BTreeMap<QueryKind, Vec<f64>> = BTreeMap::new();
    let mut all = Vec::with_capacity(queries.len());
    let mut slowest: Vec<(f64, &Query, usize)> = Vec::new();
    let mut hits = 0;
    for query in &queries {
        let mut us = f64::INFINITY;
        let mut shown = 0;
        for _ in 0..options.repeat.max(1) {
            let clock = Instant::now();
            shown = black_box(answer(&index, lang, &table, query));
            us = us.min(clock.elapsed().as_secs_f64() * 1e6);
        }
        hits += shown;
        all.push(us);
        latencies.entry(query.kind).or_default().push(us);
        slowest.push((us, query, shown));
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (suggester_ms, suggest) = time_suggestions(vocab, &corpus, &queries, options.repeat);

    let index_bytes = if size <= options.compress_max {
        sizes::measure(&bytes)
    } else {
        json!({ "raw": bytes.len(), "gzip": null, "brotli": null })
    };
    let summary = stats(&all);
    let target = TARGETS_P95_US.iter().find(|(s, _)| *s == size).map(|(_, us)| *us);
    eprintln!(
        "bench: {lang} {size:>6} firms: built in {} s (direct {direct_build_s:.1} s), {:.1} MB; p50 {:.0} µs, p95 {:.0} µs, max {:.0} µs",
        site_build_s.map_or("-".to_string(), |s| format!("{s:.1}")),
        bytes.len() as f64 / 1e6,
        summary["p50"],
        summary["p95"],
        summary["max"]
    );
    let mut by_kind = serde_json::Map::new();
    for (kind, values) in &latencies {
        by_kind.insert(kind.name().to_string(), stats(values));
    }
    Ok(json!({
        "lang": lang.code(),
        "docs": size,
        "generate_s": round(generate_s),
        "site_build_s": site_build_s,
        "direct_build_s": round(direct_build_s),
        "decode_ms": round(decode_ms),
        "facet_table_ms": round(facet_table_ms),
        "index_bytes": index_bytes,
        "elasticlunr_json_bytes": elasticlunr_json_bytes,
        "latency_us": summary,
        "latency_us_by_kind": by_kind,
        "suggester_ms": round(suggester_ms),
        "suggest_latency_us": suggest,
        "suggest_meets_target": target.map(|t| suggest["p95"].as_f64().is_some_and(|p95| p95 <= t)),
        "mean_results": round(hits as f64 / queries.len() as f64),
        "target_p95_us": target,
        "meets_target": target.map(|t| summary["p95"].as_f64().is_some_and(|p95| p95 <= t)),
        "slowest": slowest.iter().take(3).map(|(us, query, shown)| json!({
            "us": round(*us),
            "kind": query.kind.name(),
            "query": query.text,
            "facets": corpus::describe(&query.selection),
            "results": shown,
        })).collect::<Vec<_>>(),
    }))
}

/// Suggestions per keystroke ([`Suggester::suggest`] on every prefix of every query, as typed
/// character by character): the suggester's build time in ms and the latency statistics.
fn time_suggestions(vocab: &Vocabularies, corpus: &corpus::Corpus, queries: &[Query], repeat: usize) -> (f64, Value) {
    let clock = Instant::now();
    let suggester = Suggester::new(corpus.lang, &vocab.labelled(corpus.lang), &corpus.docs);
    let build_ms = clock.elapsed().as_secs_f64() * 1e3;
    let mut latencies = Vec::new();
    for query in queries {
        let ends = query.text.char_indices().map(|(at, c)| at + c.len_utf8());
        for end in ends {
            let typed = query.text.get(..end).unwrap_or_default();
            let mut us = f64::INFINITY;
            for _ in 0..repeat.max(1) {
                let clock = Instant::now();
                black_box(suggester.suggest(typed));
                us = us.min(clock.elapsed().as_secs_f64() * 1e6);
            }
            latencies.push(us);
        }
    }
    (build_ms, stats(&latencies))
}

/// The index of `docs` as the site builds it: [`sitegen::index_build::build`] (elasticlunr-rs
/// with the engine's analyzer and an empty pipeline, converted to the compact form). Returns
/// the shipped bytes and the size of elasticlunr-rs's JSON.
fn site_build(lang: Lang, docs: &[IndexedDoc]) -> Result<(Vec<u8>, usize)> {
    let built = sitegen::index_build::build_with_elasticlunr(lang, docs).map_err(|err| anyhow!("{err}"))?;
    Ok((built.bytes, built.elasticlunr_json.map_or(0, |json| json.len())))
}

/// The same index built directly ([`sitegen::index_build::direct`], what the site uses above
/// [`sitegen::index_build::ELASTICLUNR_MAX_DOCS`]): elasticlunr-rs needs minutes and gigabytes
/// for 100 k profiles (its JSON alone is ~25 kB per profile); this takes seconds. Every run that
/// also builds the elasticlunr-rs way checks that the bytes are identical.
fn direct_build(lang: Lang, docs: &[IndexedDoc]) -> Result<Vec<u8>> {
    Ok(direct_index(lang, docs)?.to_bytes())
}

/// The index [`direct_build`] encodes.
fn direct_index(lang: Lang, docs: &[IndexedDoc]) -> Result<Index> {
    sitegen::index_build::direct::build(lang, docs).context("the directly built index is invalid")
}

/// What the app does for one query: rank, filter by the ticked facets, count every facet value.
fn answer(index: &Index, lang: Lang, table: &FacetTable, query: &Query) -> usize {
    let found = engine::finder::find(index, lang, &query.text);
    let candidates: Vec<u32> = found.hits.iter().map(|hit| hit.doc).collect();
    let shown = table.filter(&candidates, &query.selection);
    black_box(table.counts(&candidates, &query.selection));
    shown.len()
}

/// p50, p95 and max (nearest rank) of latencies in µs.
fn stats(values: &[f64]) -> Value {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        let index = ((p * sorted.len() as f64).ceil() as usize).saturating_sub(1);
        sorted.get(index).copied().map(round)
    };
    json!({ "n": sorted.len(), "p50": rank(0.50), "p95": rank(0.95), "max": sorted.last().copied().map(round) })
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let s = stats(&values);
        assert_eq!((s["p50"].as_f64(), s["p95"].as_f64(), s["max"].as_f64()), (Some(50.0), Some(95.0), Some(100.0)));
        assert_eq!(stats(&[])["p50"], Value::Null);
    }

    #[test]
    fn the_direct_build_is_the_site_build() {
        let mut errors = sitegen::ContentErrors::default();
        let content = crate::workspace_root().join("content");
        let languages = sitegen::settings::load(&content, &mut errors).languages;
        let vocab = Vocabularies::load(&content, &languages, &mut errors);
        for lang in languages {
            let corpus = corpus::generate(&vocab, lang, 30, 5);
            let (site, _) = site_build(lang, &corpus.indexed).unwrap();
            assert!(direct_build(lang, &corpus.indexed).unwrap() == site, "{lang}");
        }
    }

    /// A run of `queries` queries on `firms` firms of `lang`, nothing else measured.
    fn small(firms: usize, lang: Lang, queries: usize, seed: u64) -> Options {
        Options {
            sizes: vec![firms],
            langs: vec![lang],
            queries,
            repeat: 1,
            seed,
            content: crate::workspace_root().join("content"),
            site_build_max: 0,
            compress_max: 0,
            browser: false,
            browser_size: 0,
            sharded: false,
            pagefind: false,
        }
    }

    #[test]
    fn a_small_run_reports_every_kind() {
        let options =
            Options { site_build_max: 50, compress_max: 10, ..small(50, Lang::Th, 2 * QueryKind::ALL.len(), 1) };
        let report = run(&options).unwrap();
        let run = &report["runs"][0];
        assert_eq!(run["docs"], 50);
        assert!(run["index_bytes"]["raw"].as_u64().unwrap() > 0);
        assert_eq!(run["index_bytes"]["brotli"], Value::Null);
        for kind in QueryKind::ALL {
            assert_eq!(run["latency_us_by_kind"][kind.name()]["n"], 2, "{kind:?}");
        }
        assert!(run["suggest_latency_us"]["n"].as_u64().unwrap() >= 10, "a keystroke per typed character");
    }

    /// The optimized re-run gets the options it was given, languages or none.
    #[test]
    fn the_rerun_parses_the_same_options() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            options: Options,
        }
        use clap::Parser;
        let content = Path::new("content");
        for args in [vec!["bench", "--sharded", "--pagefind"], vec!["bench", "--langs", "th,de", "--sizes", "5"]] {
            let given = Cli::parse_from(&args).options;
            let rerun = Cli::try_parse_from(std::iter::once("bench".to_string()).chain(given.args(content)))
                .unwrap_or_else(|e| panic!("{args:?}: {e}"))
                .options;
            assert_eq!(rerun.langs, given.langs, "{args:?}");
            assert_eq!((rerun.sizes, rerun.sharded, rerun.pagefind), (given.sizes, given.sharded, given.pagefind));
        }
    }

    /// Pagefind in headless Chromium on the same corpus and queries: every query answered in
    /// both passes, each with its own requests, and both engines judged.
    #[test]
    fn a_sharded_run_sets_pagefind_beside_it() {
        let queries = QueryKind::ALL.len();
        let options = Options { sharded: true, pagefind: true, ..small(60, Lang::En, queries, 3) };
        let report = run(&options).unwrap();
        let run = &report["runs"][0];
        let pagefind = &run["pagefind"];
        assert!(pagefind["files"].as_u64().unwrap() > 3, "{pagefind}");
        for pass in ["cold", "warm"] {
            assert_eq!(pagefind[pass]["requests"]["n"], queries, "{pass}");
            assert_eq!(pagefind[pass]["latency_ms"]["n"], queries, "{pass}");
            assert!(pagefind[pass]["requests"]["p50"].as_f64().unwrap() >= 1.0, "{pass}");
            assert!(pagefind[pass]["fragment_bytes"]["max"].as_f64().unwrap() > 0.0, "{pass}: results were loaded");
            let found = pagefind[pass]["found_at_5"].as_f64().unwrap();
            assert!(found > 0.0 && found <= 1.0, "{pass}: {found}");
        }
        // A fresh instance per cold query fetches its metadata again; the warm one reuses it.
        assert!(pagefind["cold"]["bytes"]["p50"].as_f64() > pagefind["warm"]["bytes"]["p50"].as_f64(), "{pagefind}");
        let ours = run["found_at_5"].as_f64().unwrap();
        assert!(ours > 0.0 && ours <= 1.0, "{ours}");
        for kind in QueryKind::ALL {
            for by_kind in [&run["found_at_5_by_kind"], &pagefind["cold"]["found_at_5_by_kind"]] {
                assert!(by_kind[kind.name()].is_f64(), "{kind:?}: {by_kind}");
            }
        }
    }
}

//! `cargo xtask bench --sharded --pagefind`: Pagefind on the same corpus and queries as the
//! sharded index, beside it in the report.
//!
//! Each generated firm becomes one static page (the text the site indexes, and its facet
//! values as Pagefind filters), Pagefind (pinned in package.json) indexes the language's pages,
//! and its own JavaScript API answers the queries in headless Chromium — with the query's
//! ticked values as filters — twice: cold (a new Pagefind instance per query, as a visitor
//! arriving from a shared link) and warm (one instance answering the queries in turn, as a
//! visitor typing on). The server logs every request between per-query marks, so each query's
//! requests and bytes are its own: index (entry, metadata, word and filter chunks) and the
//! fragments of the first [`RESULTS`] results, as Pagefind ships them (gzip), and its code
//! apart (JavaScript brotli-compressed, WebAssembly as shipped). found@5 is judged as for the
//! sharded index ([`super::found`]).

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use engine::facets::{Selection, FACETS};
use engine::model::Doc;
use serde_json::{json, Value};

use super::found;
use super::sharded::RESULTS;
use super::stats;
use crate::corpus::{Corpus, Query};
use crate::eval::pagefind::{collect, page_html, NAME};
use crate::headless::{self, Files};
use crate::{sizes, tools};

/// Where a query's requests start in the server log: `/mark/{pass}/{query}`.
const MARK: &str = "/mark/";

/// Indexes `corpus` with Pagefind, asks it `queries` cold and warm, and reports bytes,
/// requests and found@5 per pass.
pub(super) fn measure(root: &Path, corpus: &Corpus, queries: &[Query]) -> Result<Value> {
    tools::ensure_npm_tools(root)?;
    tools::ensure_chromium()?;
    let lang = corpus.lang;
    let work = root.join(format!("target/bench-pagefind/{lang}-{}", corpus.docs.len()));
    let site = work.join("site");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("cannot clear {}", work.display()))?;
    }
    for (number, (doc, indexed)) in corpus.docs.iter().zip(&corpus.indexed).enumerate() {
        let dir = site.join(number.to_string());
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("index.html"), page_html(lang, indexed, &filters(doc)))?;
    }
    eprintln!("bench --pagefind: {lang} {}: indexing {} pages", corpus.docs.len(), corpus.docs.len());
    let clock = std::time::Instant::now();
    tools::run(Command::new(root.join("node_modules/.bin/pagefind")).arg("--site").arg(&site).args([
        "--output-subdir",
        "pagefind",
        "--silent",
    ]))?;
    let index_s = clock.elapsed().as_secs_f64();
    let mut files = Files::new();
    collect(&site.join("pagefind"), "/pagefind", &mut files)?;
    let pagefind_files = files.len();
    let pagefind_bytes: usize = files.values().map(|(bytes, _)| bytes.len()).sum();
    let asked: Vec<Value> =
        queries.iter().map(|query| json!({ "text": query.text, "filters": ticked(&query.selection) })).collect();
    files.insert("/queries.json".into(), (serde_json::to_vec(&asked)?, "application/json"));
    let runner = RUNNER.replace("{RESULTS}", &RESULTS.to_string()).replace("{LANG}", lang.code());
    files.insert("/".into(), (runner.into_bytes(), "text/html; charset=utf-8"));

    let served = headless::serve_until_posted(files.clone(), &work.join("profile"), Duration::from_secs(1800))?;
    let posted: Value = serde_json::from_str(&served.posted).context("the Pagefind page posted no JSON")?;
    if let Some(error) = posted["error"].as_str() {
        bail!("the Pagefind page failed: {error}");
    }
    let tallies = tally(&served.requests, &files);
    let mut passes = serde_json::Map::new();
    for pass in ["cold", "warm"] {
        let tops = posted[pass].as_array().cloned().unwrap_or_default();
        if tops.len() != queries.len() {
            bail!("Pagefind answered {} of {} queries ({pass})", tops.len(), queries.len());
        }
        let found: Vec<bool> = queries
            .iter()
            .zip(&tops)
            .map(|(query, top)| found::in_top(query, &corpus.docs, &page_numbers(top)))
            .collect();
        let per_query: Vec<&Tally> =
            (0..queries.len()).map(|n| tallies.get(&(pass.to_string(), n)).unwrap_or(&EMPTY)).collect();
        let latency: Vec<f64> =
            posted[format!("{pass}_ms")].as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
        passes.insert(pass.into(), summary(&per_query, queries, &found, &latency));
    }
    Ok(json!({
        "engine": NAME,
        "index_s": super::round(index_s),
        "files": pagefind_files,
        "bytes_total": pagefind_bytes,
        "cold": passes.remove("cold"),
        "warm": passes.remove("warm"),
    }))
}

/// A firm's facet values as Pagefind filters, named by the facets' URL parameters.
fn filters(doc: &Doc) -> Vec<(&'static str, &str)> {
    let Some(firm) = doc.firm.as_ref() else { return Vec::new() };
    FACETS.iter().flat_map(|facet| facet.values(firm).into_iter().map(move |value| (facet.param, value))).collect()
}

/// A query's ticked values as Pagefind's filter object: any value within a facet, every facet.
fn ticked(selection: &Selection) -> Value {
    let facets: serde_json::Map<String, Value> = FACETS
        .iter()
        .zip(selection)
        .filter(|(_, values)| !values.is_empty())
        .map(|(facet, values)| (facet.param.to_string(), json!({ "any": values })))
        .collect();
    Value::Object(facets)
}

/// Document numbers of result URLs (`/{n}/`).
fn page_numbers(urls: &Value) -> Vec<usize> {
    let urls = urls.as_array().map(Vec::as_slice).unwrap_or_default();
    urls.iter().filter_map(Value::as_str).filter_map(|url| url.trim_matches('/').parse().ok()).collect()
}

/// What one query fetched from Pagefind.
#[derive(Default, Debug, PartialEq)]
struct Tally {
    requests: usize,
    index_bytes: usize,
    fragment_bytes: usize,
    code_bytes: usize,
}

const EMPTY: Tally = Tally { requests: 0, index_bytes: 0, fragment_bytes: 0, code_bytes: 0 };

/// Per (pass, query), what the requests logged after its mark fetched: Pagefind's files as a
/// host serves them (its index and fragments are gzip files already; text is brotli-compressed).
fn tally(requests: &[String], files: &Files) -> HashMap<(String, usize), Tally> {
    let mut out: HashMap<(String, usize), Tally> = HashMap::new();
    let mut compressed: HashMap<&str, usize> = HashMap::new();
    let mut current: Option<(String, usize)> = None;
    for request in requests {
        let path = request.split('?').next().unwrap_or_default();
        if let Some(mark) = path.strip_prefix(MARK) {
            current = mark.split_once('/').and_then(|(pass, n)| Some((pass.to_string(), n.parse().ok()?)));
            continue;
        }
        let (Some(key), Some((path, (bytes, mime)))) = (current.clone(), files.get_key_value(path)) else { continue };
        if !path.starts_with("/pagefind/") {
            continue;
        }
        let size = if mime.starts_with("text/") || *mime == "application/json" {
            *compressed.entry(path.as_str()).or_insert_with(|| sizes::brotli(bytes))
        } else {
            bytes.len()
        };
        let tally = out.entry(key).or_default();
        tally.requests += 1;
        if path.ends_with(".js") || path.contains("/wasm.") {
            tally.code_bytes += size;
        } else if path.ends_with(".pf_fragment") {
            tally.fragment_bytes += size;
        } else {
            tally.index_bytes += size;
        }
    }
    out
}

/// Per pass: bytes and requests per query, found@5, and the time from asking to the first
/// results' data in Chromium over loopback (`latency_ms`).
fn summary(per_query: &[&Tally], queries: &[Query], found: &[bool], latency_ms: &[f64]) -> Value {
    let of = |part: fn(&Tally) -> usize| stats(&per_query.iter().map(|t| part(t) as f64).collect::<Vec<_>>());
    json!({
        "requests": of(|t| t.requests),
        "bytes": of(|t| t.index_bytes + t.fragment_bytes),
        "index_bytes": of(|t| t.index_bytes),
        "fragment_bytes": of(|t| t.fragment_bytes),
        "code_bytes": of(|t| t.code_bytes),
        "found_at_5": found::at_5(found),
        "found_at_5_by_kind": found::by_kind(queries, found),
        "latency_ms": stats(latency_ms),
    })
}

/// One line for the progress log: per pass, brotli KB p50/p95 of index and fragments,
/// requests p50/p95, found@5.
pub(super) fn line(report: &Value) -> String {
    let pass = |name: &str| {
        let at = |key: &str, p: &str| report[name][key][p].as_f64().unwrap_or(0.0);
        format!(
            "{name} {:.0}/{:.0} KB, {}/{} requests, found@5 {}",
            at("bytes", "p50") / 1e3,
            at("bytes", "p95") / 1e3,
            at("requests", "p50"),
            at("requests", "p95"),
            report[name]["found_at_5"]
        )
    };
    format!("Pagefind {}; {}", pass("cold"), pass("warm"))
}

/// The page that asks the queries, cold then warm; `{RESULTS}` results' data are loaded per
/// query (a result page's worth), `{LANG}` is the pages' language.
const RUNNER: &str = r#"<!doctype html><html lang="{LANG}"><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
import { createInstance } from '/pagefind/pagefind.js';
const out = { cold: [], warm: [], cold_ms: [], warm_ms: [] };
async function ask(pagefind, query) {
  const found = await pagefind.search(query.text, { filters: query.filters });
  const hits = (found && found.results ? found.results : []).slice(0, {RESULTS});
  return Promise.all(hits.map((hit) => hit.data().then((data) => data.url)));
}
try {
  const queries = await (await fetch('/queries.json')).json();
  for (const [n, query] of queries.entries()) {
    await (await fetch(`/mark/cold/${n}`)).text();
    const start = performance.now();
    const pagefind = createInstance({ basePath: '/pagefind/' });
    out.cold.push(await ask(pagefind, query));
    out.cold_ms.push(performance.now() - start);
    // Not destroyed: that cuts off what it may still be loading, and the test server then
    // stalled; a new instance starts from nothing either way.
  }
  const pagefind = createInstance({ basePath: '/pagefind/' });
  for (const [n, query] of queries.entries()) {
    await (await fetch(`/mark/warm/${n}`)).text();
    const start = performance.now();
    out.warm.push(await ask(pagefind, query));
    out.warm_ms.push(performance.now() - start);
  }
} catch (e) {
  out.error = String((e && e.stack) || e);
}
await fetch('/result', { method: 'POST', body: JSON.stringify(out) });
</script>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_querys_requests_are_its_own() {
        let mut files = Files::new();
        files.insert("/pagefind/pagefind.js".into(), (vec![b'a'; 3000], "text/javascript"));
        files.insert("/pagefind/pagefind.en_1.pf_meta".into(), (vec![1; 40], "application/octet-stream"));
        files.insert("/pagefind/index/en_2.pf_index".into(), (vec![2; 300], "application/octet-stream"));
        files.insert("/pagefind/fragment/en_3.pf_fragment".into(), (vec![3; 7], "application/octet-stream"));
        let log: Vec<String> = [
            "/",
            "/pagefind/pagefind.js",
            "/mark/cold/0",
            "/pagefind/pagefind.en_1.pf_meta",
            "/pagefind/index/en_2.pf_index?ts=1",
            "/pagefind/fragment/en_3.pf_fragment",
            "/mark/cold/1",
            "/pagefind/pagefind.en_1.pf_meta",
            "/mark/warm/0",
            "/not-pagefind",
        ]
        .map(String::from)
        .to_vec();
        let tallies = tally(&log, &files);
        assert_eq!(
            tallies[&("cold".to_string(), 0)],
            Tally { requests: 3, index_bytes: 340, fragment_bytes: 7, code_bytes: 0 }
        );
        assert_eq!(tallies[&("cold".to_string(), 1)], Tally { requests: 1, index_bytes: 40, ..Tally::default() });
        assert!(!tallies.contains_key(&("warm".to_string(), 0)), "only Pagefind's own files count");
    }

    #[test]
    fn filters_are_any_value_within_a_facet() {
        let mut selection = Selection::default();
        selection[0].insert("edm".into());
        selection[0].insert("milling".into());
        let filters = ticked(&selection);
        assert_eq!(filters[FACETS[0].param]["any"], json!(["edm", "milling"]));
        assert_eq!(filters.as_object().map(|o| o.len()), Some(1));
        assert_eq!(page_numbers(&json!(["/12/", "/3/", "x"])), vec![12, 3]);
    }
}

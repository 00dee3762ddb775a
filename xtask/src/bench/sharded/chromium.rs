//! `cargo xtask bench --sharded --browser`: each corpus's queries answered again in headless
//! Chromium, by the engine's [`engine::shard::ShardReader`] compiled to WebAssembly (the
//! harness's `Reader`), over the same shard files. The page does what the site's sharded search
//! page does: each round trip's ranges are real `fetch` calls with `Range` headers, in
//! parallel, to the local server (see [`crate::headless`]), and each body goes to the reader.
//! Per query, cold (a copy of the reader every native cold query starts from) and warm (one
//! reader answering the queries in turn): the total time from the first step to the answer
//! (fetches over loopback, decoding, ranking) and the time in WebAssembly alone (the `step`
//! and `supply` calls). The page checks each answer's first shown ids against the native
//! reader's; any difference fails the benchmark.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use super::super::browser;
use super::super::{round, stats};
use super::RESULTS;
use crate::corpus::Query;
use crate::headless::{self, Files};

/// How long one corpus's page may take.
const PATIENCE: Duration = Duration::from_secs(1800);

/// Queries answered once on a throwaway reader first, so that the WebAssembly is compiled by
/// Chromium's optimizing tier before anything is timed (as `bench --browser` does).
const WARM_UP: usize = 10;

/// The built harness, served anew for each corpus.
pub(super) struct Chromium {
    harness: Files,
    profile: PathBuf,
}

impl Chromium {
    /// Installs what is missing and builds the harness.
    pub(super) fn prepare() -> Result<Chromium> {
        let root = crate::workspace_root();
        Ok(Chromium { harness: browser::prepare(&root)?, profile: root.join("target/bench-wasm/profile") })
    }

    /// Answers `queries` in Chromium over `shards` (file name to bytes; `root_name` is the
    /// root), checking each answer's first shown ids against `expected`; returns the figures.
    pub(super) fn measure(
        &self,
        shards: HashMap<String, Vec<u8>>,
        root_name: &str,
        queries: &[Query],
        expected: &[Vec<u32>],
    ) -> Result<Value> {
        let mut files = self.harness.clone();
        // Moved, not copied: the 100 k corpora's files take hundreds of MB.
        files.extend(
            shards.into_iter().map(|(name, bytes)| (format!("/shards/{name}"), (bytes, "application/octet-stream"))),
        );
        files.insert(
            "/queries.json".into(),
            (serde_json::to_vec(&queries_json(queries, expected))?, "application/json"),
        );
        files.insert("/".into(), (page(root_name).into_bytes(), "text/html; charset=utf-8"));
        let started = Instant::now();
        let posted = headless::serve_until_posted(files, &self.profile, PATIENCE)?.posted;
        let result: Value = serde_json::from_str(&posted).context("the page posted no JSON")?;
        if let Some(error) = result["error"].as_str() {
            bail!("the sharded benchmark page failed: {error}");
        }
        let mismatches = result["mismatches"].as_u64().context("the page counted no mismatches")?;
        if mismatches > 0 {
            bail!(
                "in Chromium, {mismatches} answers differ from the native reader's; the first: {}",
                result["mismatched"]
            );
        }
        Ok(json!({
            "browser": result["userAgent"],
            "cross_origin_isolated": result["isolated"],
            "page_s": round(started.elapsed().as_secs_f64()),
            "cold": timings(&result["cold"]),
            "warm": timings(&result["warm"]),
            "mismatches": mismatches,
        }))
    }
}

/// The queries as the page reads them, each with the ids the native reader showed first.
fn queries_json(queries: &[Query], expected: &[Vec<u32>]) -> Vec<Value> {
    queries
        .iter()
        .zip(expected)
        .map(|(query, ids)| {
            let mut value = browser::query_json(query);
            value["expected"] = json!(ids);
            value
        })
        .collect()
}

/// Statistics of the page's per-query times (µs): total and in WebAssembly.
fn timings(posted: &Value) -> Value {
    let values =
        |key: &str| -> Vec<f64> { posted[key].as_array().into_iter().flatten().filter_map(Value::as_f64).collect() };
    json!({ "latency_us": stats(&values("total")), "wasm_us": stats(&values("wasm")) })
}

/// The progress column: total and WebAssembly p50/p95 in ms, cold and warm.
pub(super) fn line(chromium: &Value) -> String {
    let ms = |run: &str, key: &str, p: &str| chromium[run][key][p].as_f64().unwrap_or(0.0) / 1e3;
    let run = |label: &str| {
        format!(
            "{label} {:.1}/{:.1} ms (wasm {:.1}/{:.1})",
            ms(label, "latency_us", "p50"),
            ms(label, "latency_us", "p95"),
            ms(label, "wasm_us", "p50"),
            ms(label, "wasm_us", "p95"),
        )
    };
    format!("chromium {}, {}", run("cold"), run("warm"))
}

/// The page: the root fetched whole, the blank query answered (as the native measurement's
/// first reader does), a warm-up, then every query cold (a copy of that reader) and warm.
fn page(root_name: &str) -> String {
    let root_name = serde_json::to_string(root_name).unwrap_or_default();
    format!(
        r#"<!doctype html><meta charset="utf-8"><title>bench --sharded</title>
<script type="module">
import init, {{ Reader }} from './bench.js';
const RESULTS = {RESULTS};
const ROOT = {root_name};
const out = {{ isolated: self.crossOriginIsolated, userAgent: navigator.userAgent, mismatches: 0, mismatched: [] }};
const get = async (path, options) => {{
  const response = await fetch(path, {{ cache: 'no-store', ...options }});
  if (!response.ok) throw new Error(`${{path}}: HTTP ${{response.status}}`);
  return response;
}};
// One round trip: every range at once, as the site's sharded search page fetches them.
const fetchAll = (requests) => Promise.all(requests.map(async (r) => {{
  const ranged = r.start != null;
  const response = await get(`shards/${{r.file}}`, ranged ? {{ headers: {{ Range: `bytes=${{r.start}}-${{r.end - 1}}` }} }} : {{}});
  if (ranged && response.status !== 206) throw new Error(`${{r.file}}: HTTP ${{response.status}}, not 206`);
  return new Uint8Array(await response.arrayBuffer());
}}));
// Runs a query to its answer: the answer, the total time and the time in WebAssembly (ms).
const search = async (reader, query) => {{
  let wasm = 0;
  const start = performance.now();
  for (;;) {{
    let t = performance.now();
    const json = reader.step(query.text, query.facetsJson, RESULTS);
    wasm += performance.now() - t;
    const step = JSON.parse(json);
    if (!step.fetch) return {{ answer: step, total: performance.now() - start, wasm }};
    const bodies = await fetchAll(step.fetch);
    t = performance.now();
    bodies.forEach((body, i) => reader.supply(i, body));
    wasm += performance.now() - t;
  }}
}};
try {{
  await init();
  const queries = await (await get('queries.json')).json();
  for (const query of queries) query.facetsJson = JSON.stringify(query.facets);
  const root = new Uint8Array(await (await get(`shards/${{ROOT}}`)).arrayBuffer());
  const base = new Reader(ROOT, root);
  await search(base, {{ text: '', facetsJson: '[]' }});
  const throwaway = base.fork();
  for (const query of queries.slice(0, {WARM_UP})) await search(throwaway, query);
  throwaway.free();
  const warm = base.fork();
  out.cold = {{ total: [], wasm: [] }};
  out.warm = {{ total: [], wasm: [] }};
  for (const query of queries) {{
    const cold = base.fork();
    for (const [label, reader] of [['cold', cold], ['warm', warm]]) {{
      const {{ answer, total, wasm }} = await search(reader, query);
      out[label].total.push(total * 1000);
      out[label].wasm.push(wasm * 1000);
      if (JSON.stringify(answer.shown) !== JSON.stringify(query.expected)) {{
        out.mismatches++;
        if (out.mismatched.length < 5) out.mismatched.push({{ label, text: query.text, shown: answer.shown, expected: query.expected }});
      }}
    }}
    cold.free();
  }}
}} catch (e) {{
  out.error = String((e && e.stack) || e);
}}
await fetch('result', {{ method: 'POST', body: JSON.stringify(out) }});
</script>
"#
    )
}

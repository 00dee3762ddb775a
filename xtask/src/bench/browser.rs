//! `cargo xtask bench --browser`: the same queries timed in headless Chromium, in WebAssembly.
//!
//! Builds the harness in `xtask/bench-wasm` (the engine's query path exported with
//! wasm-bindgen, compiled like the site: opt-level "z", LTO, `wasm-opt -Os`), serves it with a
//! synthetic corpus per language from a local server that sends the cross-origin isolation
//! headers (so `performance.now()` has 5 µs resolution instead of 100 µs), opens it in Debian's
//! Chromium, and waits for the page to post its timings back. The same harness exports the
//! sharded index's reader, which `--sharded --browser` drives (`sharded::chromium`).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use engine::facets::FACETS;
use serde_json::{json, Value};
use sitegen::vocab::Vocabularies;

use super::{direct_build, round, stats, Options};
use crate::corpus::{self, Query};
use crate::headless::{self, Files};
use crate::{sizes, tools};

/// How long the page may take for every language.
const PATIENCE: Duration = Duration::from_secs(600);

pub fn run(options: &Options, vocab: &Vocabularies) -> Result<Value> {
    let root = crate::workspace_root();
    let size = options.browser_size;
    let mut files = prepare(&root)?;
    let mut kinds = HashMap::new();
    let mut index_bytes = HashMap::new();
    for &lang in &options.langs {
        eprintln!("bench: {lang} {size} firms for the browser");
        let corpus = corpus::generate(vocab, lang, size, options.seed);
        let index = direct_build(lang, &corpus.indexed)?;
        let queries = corpus::queries(vocab, &corpus, options.queries, options.seed);
        let queries_json: Vec<Value> = queries.iter().map(query_json).collect();
        kinds.insert(lang.code(), queries.iter().map(|q| q.kind).collect::<Vec<_>>());
        index_bytes.insert(lang.code(), sizes::measure(&index));
        files.insert(format!("/{lang}/index.bin"), (index, "application/octet-stream"));
        files.insert(format!("/{lang}/docs.json"), (serde_json::to_vec(&corpus.docs)?, "application/json"));
        files.insert(format!("/{lang}/queries.json"), (serde_json::to_vec(&queries_json)?, "application/json"));
    }
    let langs: Vec<&str> = options.langs.iter().map(|l| l.code()).collect();
    files.insert("/".into(), (page(&langs, options.repeat.max(1)).into_bytes(), "text/html; charset=utf-8"));

    let started = Instant::now();
    let posted = headless::serve_until_posted(files, &root.join("target/bench-wasm/profile"), PATIENCE)?.posted;
    let result: Value = serde_json::from_str(&posted).context("the page posted no JSON")?;
    if let Some(error) = result["error"].as_str() {
        bail!("the benchmark page failed: {error}");
    }
    let mut runs = Vec::new();
    for lang in &langs {
        let entry = &result["langs"][lang];
        let latencies: Vec<f64> = entry["us"].as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
        let mut by_kind: HashMap<&str, Vec<f64>> = HashMap::new();
        for (kind, us) in kinds.get(lang).into_iter().flatten().zip(&latencies) {
            by_kind.entry(kind.name()).or_default().push(*us);
        }
        let summary = stats(&latencies);
        eprintln!("bench: browser {lang} {size} firms: p50 {:.0} µs, p95 {:.0} µs", summary["p50"], summary["p95"]);
        runs.push(json!({
            "lang": lang,
            "docs": size,
            "index_bytes": index_bytes.get(lang),
            "decode_ms": entry["decode_ms"].as_f64().map(round),
            "latency_us": summary,
            "latency_us_by_kind": by_kind.iter().map(|(k, v)| (k.to_string(), stats(v))).collect::<serde_json::Map<_, _>>(),
        }));
    }
    Ok(json!({
        "browser": result["userAgent"],
        "cross_origin_isolated": result["isolated"],
        "timer": "performance.now() around each call of the wasm query function; fastest of --repeat calls",
        "repeat": options.repeat.max(1),
        "wasm_bytes": files_wasm_size(&root),
        "page_s": round(started.elapsed().as_secs_f64()),
        "runs": runs,
    }))
}

/// A query as the harness reads it: `{"text", "facets": [[param, value], …]}`.
pub(super) fn query_json(query: &Query) -> Value {
    let facets: Vec<(&str, &String)> = FACETS
        .iter()
        .zip(&query.selection)
        .flat_map(|(facet, values)| values.iter().map(move |v| (facet.param, v)))
        .collect();
    json!({ "text": query.text, "facets": facets })
}

/// Installs what a page in Chromium needs and builds the harness; returns its files by URL path.
pub(super) fn prepare(root: &Path) -> Result<Files> {
    tools::ensure_wasm_target()?;
    tools::ensure_npm_tools(root)?;
    tools::ensure_chromium()?;
    build_harness(root)
}

/// Compiles the harness and runs wasm-bindgen and wasm-opt on it; returns its files by URL path.
fn build_harness(root: &Path) -> Result<Files> {
    let crate_dir = root.join("xtask/bench-wasm");
    let target = root.join("target/bench-wasm");
    // The harness is its own workspace; the site's lock file pins the same versions.
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
    eprintln!("bench: compiling the WebAssembly harness (xtask/bench-wasm)");
    tools::run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&crate_dir)
            .args(["build", "--release", "--target", tools::WASM_TARGET, "--target-dir"])
            .arg(&target),
    )?;
    let wasm = target.join(tools::WASM_TARGET).join("release/bench_wasm.wasm");
    let out = target.join("site");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name("bench")
        .web(true)?
        .typescript(false)
        .omit_default_module_path(false)
        .generate(&out)
        .context("wasm-bindgen failed")?;
    let wasm_file = out.join("bench_bg.wasm");
    tools::optimize_wasm(root, &wasm_file)?;
    let mut files = Files::new();
    files.insert("/bench.js".into(), (std::fs::read(out.join("bench.js"))?, "text/javascript"));
    files.insert("/bench_bg.wasm".into(), (std::fs::read(&wasm_file)?, "application/wasm"));
    Ok(files)
}

pub(super) fn files_wasm_size(root: &Path) -> Option<u64> {
    std::fs::metadata(root.join("target/bench-wasm/site/bench_bg.wasm")).ok().map(|m| m.len())
}

/// The page: per language, fetch, decode the index (timed), warm up, time every query
/// (`repeat` times, keeping the fastest, as the native benchmark does).
fn page(langs: &[&str], repeat: usize) -> String {
    let langs = serde_json::to_string(langs).unwrap_or_else(|_| "[]".into());
    format!(
        r#"<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="module">
import init, {{ Bench }} from './bench.js';
const out = {{ isolated: self.crossOriginIsolated, userAgent: navigator.userAgent, langs: {{}} }};
try {{
  await init();
  for (const lang of {langs}) {{
    const get = (file) => fetch(`${{lang}}/${{file}}`).then((r) => r.ok ? r : Promise.reject(new Error(`${{file}}: ${{r.status}}`)));
    const [index, docs, queries] = await Promise.all([
      get('index.bin').then((r) => r.arrayBuffer()), get('docs.json').then((r) => r.text()), get('queries.json').then((r) => r.text()),
    ]);
    const bench = new Bench(lang, docs, queries);
    let t = performance.now();
    bench.load_index(new Uint8Array(index));
    const decode_ms = performance.now() - t;
    const n = bench.queries();
    for (let i = 0; i < Math.min(10, n); i++) bench.run(i);
    const us = [];
    for (let i = 0; i < n; i++) {{
      let best = Infinity;
      for (let r = 0; r < {repeat}; r++) {{
        t = performance.now();
        bench.run(i);
        best = Math.min(best, performance.now() - t);
      }}
      us.push(best * 1000);
    }}
    out.langs[lang] = {{ decode_ms, us }};
    bench.free();
  }}
}} catch (e) {{
  out.error = String((e && e.stack) || e);
}}
await fetch('result', {{ method: 'POST', body: JSON.stringify(out) }});
</script>
"#
    )
}

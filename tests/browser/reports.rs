//! The size report (`cargo xtask sizes`) runs on a build of other content than the shipped
//! one (the five-language fixture): it picks its sample pages from the build, measures every
//! language the build has, and its figures hang together.

use anyhow::{ensure, Context, Result};
use site_tests::{dist, DIST_FIVE_ENV};

#[test]
fn the_size_report_measures_every_page_type_of_any_build() -> Result<()> {
    let build = dist(DIST_FIVE_ENV)?;
    let content = xtask::workspace_root().join(xtask::test::FIVE_LANGUAGES);
    let report = xtask::sizes::report(&build, &content)?;
    let number = |value: &serde_json::Value| value.as_u64().unwrap_or(0);
    let wasm = &report["wasm"];
    ensure!(number(&wasm["brotli"]) > 0 && number(&wasm["brotli"]) < number(&wasm["raw"]), "wasm: {wasm}");
    let languages = ["ja", "en", "de", "th", "zh"];
    for lang in languages {
        ensure!(number(&report["index"][lang]["brotli"]) > 0, "{lang}: no index measured");
        ensure!(number(&report["page_data"][lang]["brotli"]) > 0, "{lang}: no page data measured");
    }
    let first_load = report["first_load"].as_object().context("first_load")?;
    for kind in ["home", "firm", "strategy", "landing", "map", "about", "search", "shortlist"] {
        for lang in languages {
            let page = &first_load.get(kind).with_context(|| format!("no {kind} pages"))?[lang];
            let path = page["page"].as_str().with_context(|| format!("{kind} {lang}: no page"))?;
            ensure!(build.join(path).join("index.html").is_file(), "{kind} {lang}: {path} is not in the build");
            ensure!(number(&page["requests"]) >= 2 && number(&page["brotli_bytes"]) > 0, "{kind} {lang}: {page}");
        }
    }
    // The search page's first result needs less than the whole page with its app.
    for lang in languages {
        let search = &first_load["search"][lang];
        let first = &search["to_first_result"];
        ensure!(number(&first["requests"]) < number(&search["requests"]), "{lang}: {search}");
        ensure!(number(&first["brotli_bytes"]) < number(&search["brotli_bytes"]), "{lang}: {search}");
    }
    let files = walk(&build)?;
    ensure!(number(&report["dist"]["files"]) == files as u64, "dist files: {} vs {files}", report["dist"]);
    Ok(())
}

fn walk(dir: &std::path::Path) -> Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        count += if path.is_dir() { walk(&path)? } else { 1 };
    }
    Ok(count)
}

//! `cargo xtask sizes`: byte sizes (raw, gzip -9, brotli -q 11) of what a visitor downloads,
//! next to the elasticlunr-rs JSON index for the same documents, as JSON on stdout.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{json, Value};

/// Raw, gzip and brotli sizes of some bytes.
pub fn measure(bytes: &[u8]) -> Value {
    json!({ "raw": bytes.len(), "gzip": gzip(bytes), "brotli": brotli(bytes) })
}

pub fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len()).unwrap_or(0)
}

pub fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => 0,
    }
}

/// Sizes of a built `dist/` and of the indexes compiled from `content`.
pub fn report(dist: &Path, content: &Path) -> Result<Value> {
    let site = sitegen::load(content).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut wasm = Vec::new();
    let mut js = Vec::new();
    let mut css = Vec::new();
    let mut total = Vec::new();
    collect(dist, &mut |path, bytes| {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("app-") && name.ends_with(".wasm") {
            wasm = bytes.to_vec();
        } else if name.starts_with("app-") && name.ends_with(".js") {
            js.extend_from_slice(bytes);
        } else if name.ends_with(".css") {
            css = bytes.to_vec();
        }
        total.push(bytes.len());
    })?;
    let mut indexes = serde_json::Map::new();
    let mut docs = serde_json::Map::new();
    let mut elasticlunr = serde_json::Map::new();
    let mut ratios = serde_json::Map::new();
    for lang_site in &site.languages {
        let code = lang_site.lang.code().to_string();
        let index = measure(&lang_site.index.bytes);
        // A site above the elasticlunr-rs limit has no JSON to compare with: measured as empty.
        let reference = measure(lang_site.index.elasticlunr_json.as_deref().unwrap_or_default().as_bytes());
        let ratio = |key: &str| index[key].as_f64().unwrap_or(0.0) / reference[key].as_f64().unwrap_or(1.0).max(1.0);
        ratios.insert(code.clone(), json!({ "raw": ratio("raw"), "gzip": ratio("gzip"), "brotli": ratio("brotli") }));
        indexes.insert(code.clone(), index);
        elasticlunr.insert(code.clone(), reference);
        docs.insert(code, measure(&lang_site.data.to_bytes().map_err(anyhow::Error::msg)?));
    }
    let app = [wasm.as_slice(), js.as_slice()].concat();
    Ok(json!({
        "wasm": measure(&wasm),
        "js": measure(&js),
        "wasm_plus_js": measure(&app),
        "css": measure(&css),
        "index": indexes,
        "elasticlunr_json_index": elasticlunr,
        "index_to_elasticlunr_ratio": ratios,
        "page_data": docs,
        "dist": { "files": total.len(), "raw_bytes": total.iter().sum::<usize>() },
        "first_load": first_load(dist)?,
    }))
}

/// Which page of a type is measured.
enum Sample {
    /// This path below the language.
    At(&'static str),
    /// The first page of this section, alphabetically (as `firstload` picks it).
    FirstIn(&'static str),
    /// The largest page of this section: for landing pages, the one listing the most firms.
    LargestIn(&'static str),
}

/// One page of each type, in every language: what a first visit downloads (brotli), in how
/// many requests. The pages are picked from the build, so any content folder can be measured.
const PAGE_TYPES: [(&str, Sample); 8] = [
    ("home", Sample::At("")),
    ("firm", Sample::FirstIn("firms")),
    ("strategy", Sample::FirstIn("strategies")),
    ("landing", Sample::LargestIn("processes")),
    ("map", Sample::At("map/")),
    ("about", Sample::At("about/")),
    ("search", Sample::At("search/")),
    ("shortlist", Sample::At("shortlist/")),
];

/// The path below `lang` of `sample` in `dist`, if the build has such a page.
fn sample_path(dist: &Path, lang: &str, sample: &Sample) -> Result<Option<String>> {
    Ok(match sample {
        Sample::At(path) => dist.join(lang).join(path).join("index.html").is_file().then(|| path.to_string()),
        Sample::FirstIn(section) => crate::firstload::first_page(dist, lang, section)?,
        Sample::LargestIn(section) => {
            let Ok(entries) = fs::read_dir(dist.join(lang).join(section)) else { return Ok(None) };
            let mut largest: Option<(u64, String)> = None;
            for entry in entries {
                let entry = entry?;
                let Ok(page) = fs::metadata(entry.path().join("index.html")) else { continue };
                let id = entry.file_name().to_string_lossy().to_string();
                // The largest; among equals the first by name (the folder's order is the system's).
                let larger = |(size, known): &(u64, String)| {
                    (page.len(), std::cmp::Reverse(&id)) > (*size, std::cmp::Reverse(known))
                };
                if largest.as_ref().is_none_or(larger) {
                    largest = Some((page.len(), id));
                }
            }
            largest.map(|(_, id)| format!("{section}/{id}/"))
        }
    })
}

/// Per page type and language: the page's HTML and every file it asks for as it loads
/// (stylesheet, icon, code, WebAssembly, data), brotli-compressed as a CDN would serve them.
/// A type the build lacks in a language (no landing pages) is left out. Each file is compressed
/// once, however many pages ask for it.
fn first_load(dist: &Path) -> Result<Value> {
    let mut compressed: HashMap<String, usize> = HashMap::new();
    let mut brotli_of = |file: &String| -> usize {
        *compressed.entry(file.clone()).or_insert_with(|| fs::read(dist.join(file)).map(|b| brotli(&b)).unwrap_or(0))
    };
    let mut pages = serde_json::Map::new();
    for (kind, sample) in &PAGE_TYPES {
        let mut languages = serde_json::Map::new();
        for lang in crate::dist::built_languages(dist) {
            let Some(suffix) = sample_path(dist, lang.code(), sample)? else { continue };
            let html = fs::read_to_string(dist.join(lang.code()).join(&suffix).join("index.html"))
                .with_context(|| format!("no page {lang}/{suffix} in {}", dist.display()))?;
            let files = requested_files(&html);
            let html_bytes = brotli(html.as_bytes());
            let mut bytes_of = |files: &[String]| -> usize { files.iter().map(&mut brotli_of).sum() };
            let mut figures = json!({
                "page": format!("{lang}/{suffix}"),
                "brotli_bytes": html_bytes + bytes_of(&files),
                "requests": 1 + files.len(),
            });
            if let Some(first) = files_before_first_answer(&html) {
                figures["to_first_result"] =
                    json!({ "brotli_bytes": html_bytes + bytes_of(&first), "requests": 1 + first.len() });
            }
            languages.insert(lang.code().into(), figures);
        }
        pages.insert((*kind).into(), Value::Object(languages));
    }
    Ok(Value::Object(pages))
}

/// The files the search page asks for before its first answer is shown, or `None` on other
/// pages: all it requests except what its app script asks for after waiting for that answer,
/// and the service worker (registered once the page's code runs).
fn files_before_first_answer(html: &str) -> Option<Vec<String>> {
    let wait = html.find(crate::shell::APP_WAITS_FOR_FIRST_ANSWER)?;
    let rest = &html[wait..];
    let script_end = rest.find("</script>").unwrap_or(rest.len());
    let app_script = &rest[..script_end];
    let mut later = requested_files(&format!("<script>\n{app_script}"));
    if app_script.contains("dataset.pages") {
        later.extend(html_data_file(html, "data-pages"));
    }
    later.extend(requested_files(&format!("<script>{}</script>", crate::service_worker::REGISTRATION)));
    Some(requested_files(html).into_iter().filter(|file| !later.contains(file)).collect())
}

/// A data file an app page names in its `<html>` element for its scripts to fetch.
fn html_data_file(html: &str, attribute: &str) -> Option<String> {
    let element = &html[html.find("<html")?..];
    let element = &element[..element.find('>')?];
    let value = element.split(&format!(" {attribute}=\"")).nth(1)?;
    Some(value[..value.find('"')?].to_string())
}

/// The site's own files a page requests while loading, in order: `<link>` targets other than
/// page addresses, the files its scripts name (`fetch("…")`, `import`), and the page data
/// its `<html data-pages>` names for the app's script.
pub fn requested_files(html: &str) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    let mut in_script = false;
    if html.contains("dataset.pages") {
        files.extend(html_data_file(html, "data-pages"));
    }
    for line in html.lines() {
        let is_resource_link =
            line.starts_with("<link") && !line.contains("rel=\"alternate\"") && !line.contains("rel=\"canonical\"");
        let is_script = in_script || line.starts_with("<script");
        in_script = is_script && !line.contains("</script>");
        if !(is_resource_link || is_script) {
            continue;
        }
        let parts: Vec<&str> = line.split('"').collect();
        for (position, quoted) in parts.iter().enumerate().skip(1).step_by(2) {
            // In a script, only what it fetches or imports is requested (a name used as a
            // key, such as the inlined index's, is not).
            let before = parts[position - 1];
            let requested = !is_script
                || line.starts_with("<script src=")
                || ["fetch(", "from ", "import(", "register("].iter().any(|call| before.ends_with(call));
            if !requested {
                continue;
            }
            let local = !quoted.contains(':') && !quoted.starts_with('/') && !quoted.is_empty();
            let file = quoted.trim_start_matches("./");
            let named = file.ends_with(".css")
                || file.ends_with(".js")
                || file.ends_with(".wasm")
                || file.ends_with(".svg")
                || file.starts_with("data/");
            if local && named && !files.iter().any(|f| f == file) {
                files.push(file.to_string());
            }
        }
    }
    files
}

fn collect(dir: &Path, visit: &mut dyn FnMut(&Path, &[u8])) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}; build it first", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, visit)?;
        } else {
            visit(&path, &fs::read(&path)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_page_requests() {
        let html = "<html lang=\"en\" data-pages=\"data/en.1.pages\" data-index=\"data/en.1.idx\">\n\
            <link rel=\"alternate\" hreflang=\"en\" href=\"https://x.example/en/\">\n\
            <link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">\n\
            <link rel=\"stylesheet\" href=\"style-1.css\">\n\
            <link rel=\"modulepreload\" href=\"app-1.js\">\n\
            <script>self.moduleWasm = fetch(\"app-1_bg.wasm\");</script>\n\
            <script type=\"module\">import init from \"./app-1.js\"; init({ module_or_path: self.moduleWasm });</script>\n\
            <script>self.prefetched = { [document.documentElement.dataset.index]: Promise.resolve(inline) };\n\
            { const pages = document.documentElement.dataset.pages; self.prefetched[pages] = fetch(pages); }</script>\n\
            <p><a href=\"en/firms/x/\">x</a></p>";
        assert_eq!(
            requested_files(html),
            ["data/en.1.pages", "favicon.svg", "style-1.css", "app-1.js", "app-1_bg.wasm"]
        );
    }

    #[test]
    fn the_first_result_needs_everything_but_what_the_app_fetches_after_it() {
        let html = format!(
            "<html lang=\"en\" data-pages=\"data/en.1.pages\">\n\
             <script>self.answerWasm = fetch(\"answer-1_bg.wasm\");</script>\n\
             <script type=\"module\">\nimport startApp from \"./app-1.js\";\n{}\n\
             const pages = document.documentElement.dataset.pages; fetch(pages); \
             startApp({{ module_or_path: fetch(\"app-1_bg.wasm\") }});\n</script>\n\
             <link rel=\"stylesheet\" href=\"style-1.css\">\n<script>{}</script>",
            crate::shell::APP_WAITS_FOR_FIRST_ANSWER,
            crate::service_worker::REGISTRATION
        );
        assert_eq!(files_before_first_answer(&html).unwrap(), ["answer-1_bg.wasm", "app-1.js", "style-1.css"]);
        assert!(files_before_first_answer("<p>a document</p>").is_none());
    }
}

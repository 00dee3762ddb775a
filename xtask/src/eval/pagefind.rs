//! Pagefind on the same documents and judged queries, for `cargo xtask eval --pagefind`.
//!
//! Each document becomes one static HTML page (`<html lang>` of its site, the title as `<h1>`,
//! then summary, vocabulary labels and body, exactly the text the site indexes), Pagefind
//! (pinned in package.json, its "extended" binary, which segments Japanese and Thai) indexes
//! them, and its own JavaScript API answers the queries in headless Chromium, language by
//! language. The server logs every request, so the report also says what a first-time visitor
//! downloads for those answers: Pagefind's code (JavaScript brotli-compressed as a host would
//! serve it, WebAssembly as shipped), its index files and the result fragments (both shipped
//! gzip-compressed by Pagefind).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use engine::Lang;
use serde_json::{json, Value};
use sitegen::index_build::IndexedDoc;

use super::TOP;
use crate::headless::{self, Files};
use crate::{sizes, tools};

/// What the comparison is called in the report.
pub const NAME: &str = "Pagefind 1.6.0 (extended: Japanese and Thai segmented at index time), default options";

/// Where a language's requests start in the server log.
const MARK: &str = "/mark/";

pub struct Pagefind {
    /// Document references of the first hits, per query, in the order asked.
    pub tops: Vec<Vec<String>>,
    /// Per language: bytes and requests of a first-time visitor who asks all its queries.
    pub downloads: BTreeMap<Lang, Value>,
}

/// Indexes `sites` with Pagefind and asks it `queries` (language, text).
pub fn run(root: &Path, sites: &[(Lang, &[IndexedDoc])], queries: &[(Lang, &str)]) -> Result<Pagefind> {
    tools::ensure_npm_tools(root)?;
    tools::ensure_chromium()?;
    let work = root.join("target/eval-pagefind");
    let site = work.join("site");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("cannot clear {}", work.display()))?;
    }
    let mut references = BTreeMap::new();
    for (lang, docs) in sites {
        for (number, doc) in docs.iter().enumerate() {
            let url = format!("/{lang}/{number}/");
            let dir = site.join(format!("{lang}/{number}"));
            fs::create_dir_all(&dir)?;
            fs::write(dir.join("index.html"), page_html(*lang, doc, &[]))?;
            references.insert(url, doc.reference.clone());
        }
    }
    eprintln!("eval: indexing {} pages with Pagefind", references.len());
    tools::run(Command::new(root.join("node_modules/.bin/pagefind")).arg("--site").arg(&site).args([
        "--output-subdir",
        "pagefind",
        "--silent",
    ]))?;

    let mut files = Files::new();
    collect(&site.join("pagefind"), "/pagefind", &mut files)?;
    let mut plan: Vec<(Lang, Vec<&str>)> = Vec::new();
    for (lang, text) in queries {
        match plan.iter_mut().find(|(l, _)| l == lang) {
            Some((_, texts)) => texts.push(text),
            None => plan.push((*lang, vec![text])),
        }
    }
    let plan_json: Vec<Value> = plan.iter().map(|(lang, texts)| json!([lang.code(), texts])).collect();
    files.insert("/queries.json".into(), (serde_json::to_vec(&plan_json)?, "application/json"));
    files.insert("/".into(), (RUNNER.replace("{TOP}", &TOP.to_string()).into_bytes(), "text/html; charset=utf-8"));

    eprintln!("eval: asking Pagefind {} queries in headless Chromium", queries.len());
    let served = headless::serve_until_posted(files.clone(), &work.join("profile"), Duration::from_secs(600))?;
    let posted: Value = serde_json::from_str(&served.posted).context("the Pagefind page posted no JSON")?;
    if let Some(error) = posted["error"].as_str() {
        bail!("the Pagefind page failed: {error}");
    }
    let mut answers: BTreeMap<Lang, std::vec::IntoIter<Value>> = BTreeMap::new();
    for (lang, _) in &plan {
        let tops = posted["langs"][lang.code()].as_array().cloned().unwrap_or_default();
        answers.insert(*lang, tops.into_iter());
    }
    let mut tops = Vec::new();
    for (lang, text) in queries {
        let urls = answers.get_mut(lang).and_then(Iterator::next).with_context(|| format!("no answer for {text:?}"))?;
        let refs = urls
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|url| references.get(url).cloned().unwrap_or_else(|| url.to_string()))
            .collect();
        tops.push(refs);
    }
    let counts: BTreeMap<Lang, usize> = plan.iter().map(|(lang, texts)| (*lang, texts.len())).collect();
    Ok(Pagefind { tops, downloads: downloads(&served.requests, &files, &counts) })
}

/// The page that asks the queries; `{TOP}` is replaced by how many hits count.
const RUNNER: &str = r#"<!doctype html><html lang="en"><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
import { createInstance } from '/pagefind/pagefind.js';
const out = { langs: {} };
try {
  const plan = await (await fetch('/queries.json')).json();
  for (const [lang, queries] of plan) {
    await fetch(`/mark/${lang}`);
    document.documentElement.lang = lang;
    const pagefind = createInstance({ basePath: '/pagefind/' });
    const tops = [];
    for (const query of queries) {
      const found = await pagefind.search(query);
      const hits = (found && found.results ? found.results : []).slice(0, {TOP});
      tops.push(await Promise.all(hits.map((hit) => hit.data().then((data) => data.url))));
    }
    out.langs[lang] = tops;
    await pagefind.destroy();
  }
} catch (e) {
  out.error = String((e && e.stack) || e);
}
await fetch('/result', { method: 'POST', body: JSON.stringify(out) });
</script>
"#;

/// One document as a page Pagefind indexes: the same text the site's index gets, and its facet
/// values as Pagefind filters (`(filter, value)`; empty elements, so they add no text).
pub(crate) fn page_html(lang: Lang, doc: &IndexedDoc, filters: &[(&str, &str)]) -> String {
    let text = |s: &str| html_escape::encode_text(s).into_owned();
    let [title, tags, summary, body, place] = &doc.fields;
    let filters: String = filters
        .iter()
        .map(|(filter, value)| {
            format!(
                "<span data-pagefind-filter=\"{}\"></span>",
                html_escape::encode_double_quoted_attribute(&format!("{filter}:{value}"))
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><main data-pagefind-body><h1>{title}</h1><p>{summary}</p><p>{place}</p><p>{tags}</p><div>{body}</div>{filters}</main></body></html>\n",
        title = text(title),
        summary = text(summary),
        place = text(place),
        tags = text(tags),
        body = text(body),
    )
}

/// Pagefind's output folder as files to serve under `prefix`.
pub(crate) fn collect(dir: &Path, prefix: &str, files: &mut Files) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let url = format!("{prefix}/{name}");
        if path.is_dir() {
            collect(&path, &url, files)?;
        } else {
            let mime = match path.extension().and_then(|e| e.to_str()) {
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                Some("css") => "text/css",
                _ => "application/octet-stream",
            };
            files.insert(url, (fs::read(&path)?, mime));
        }
    }
    Ok(())
}

/// What each language's visitor fetched from Pagefind: the requests logged between its mark and
/// the next, plus what every language shares (the module and worker scripts, the entry file).
fn downloads(requests: &[String], files: &Files, queries: &BTreeMap<Lang, usize>) -> BTreeMap<Lang, Value> {
    let mut shared = BTreeSet::new();
    let mut by_lang: BTreeMap<Lang, Vec<String>> = BTreeMap::new();
    let mut current: Option<Lang> = None;
    for request in requests {
        let path = request.split('?').next().unwrap_or_default().to_string();
        if let Some(code) = path.strip_prefix(MARK) {
            current = Lang::ALL.into_iter().find(|l| l.code() == code);
            continue;
        }
        if !path.starts_with("/pagefind/") {
            continue;
        }
        if current.is_none() || path.ends_with(".js") || path.ends_with("pagefind-entry.json") {
            shared.insert(path.clone());
        }
        if let Some(lang) = current {
            by_lang.entry(lang).or_default().push(path);
        }
    }
    let mut out = BTreeMap::new();
    for (lang, fetched) in by_lang {
        let distinct: BTreeSet<&String> = fetched.iter().chain(&shared).collect();
        let (mut code, mut index, mut fragments) = (0, 0, 0);
        for path in &distinct {
            let Some((bytes, mime)) = files.get(path.as_str()) else { continue };
            let size = if mime.starts_with("text/") || *mime == "application/json" {
                sizes::brotli(bytes)
            } else {
                bytes.len()
            };
            if path.ends_with(".js") || path.contains("/wasm.") {
                code += size;
            } else if path.ends_with(".pf_fragment") {
                fragments += size;
            } else {
                index += size;
            }
        }
        let asked = queries.get(&lang).copied().unwrap_or(0).max(1);
        let own = |path: &str, suffix: &str| {
            let name = path.rsplit('/').next().unwrap_or_default();
            let name = name.strip_prefix("pagefind.").unwrap_or(name);
            name.starts_with(&format!("{lang}_")) && name.ends_with(suffix)
        };
        let total = |suffixes: &[&str]| -> usize {
            files
                .iter()
                .filter(|(path, _)| suffixes.iter().any(|s| own(path, s)))
                .map(|(_, (bytes, _))| bytes.len())
                .sum()
        };
        out.insert(
            lang,
            json!({
                "code_bytes": code,
                "index_bytes": index,
                "fragment_bytes": fragments,
                "total_bytes": code + index + fragments,
                "whole_index_bytes": total(&[".pf_meta", ".pf_index"]),
                "all_fragment_bytes": total(&[".pf_fragment"]),
                "requests": fetched.len(),
                "requests_per_query": super::round(fetched.len() as f64 / asked as f64),
            }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8], mime: &'static str) -> (Vec<u8>, &'static str) {
        (bytes.to_vec(), mime)
    }

    #[test]
    fn pages_escape_the_documents_text() {
        let doc = IndexedDoc {
            reference: "firms/x".into(),
            fields: ["<b>A&B</b>".into(), "titan".into(), "s".into(), "<script>x</script>".into(), "Iwaki".into()],
        };
        let html = page_html(Lang::Ja, &doc, &[("process", "edm\"><b>")]);
        assert!(html.contains("<html lang=\"ja\">"));
        assert!(html.contains("<span data-pagefind-filter=\"process:edm&quot;&gt;&lt;b&gt;\"></span>"), "{html}");
        assert!(html.contains("<h1>&lt;b&gt;A&amp;B&lt;/b&gt;</h1>"), "{html}");
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn downloads_split_the_log_by_language_and_share_the_scripts() {
        let mut files = Files::new();
        files.insert("/pagefind/pagefind.js".into(), file(&[b'a'; 4000], "text/javascript"));
        files.insert("/pagefind/wasm.en.pagefind".into(), file(&[1; 300], "application/octet-stream"));
        files.insert("/pagefind/index/en_1.pf_index".into(), file(&[2; 50], "application/octet-stream"));
        files.insert("/pagefind/fragment/en_1.pf_fragment".into(), file(&[3; 7], "application/octet-stream"));
        files.insert("/pagefind/index/ja_1.pf_index".into(), file(&[4; 20], "application/octet-stream"));
        let log: Vec<String> = [
            "/",
            "/pagefind/pagefind.js",
            "/mark/en",
            "/pagefind/wasm.en.pagefind",
            "/pagefind/index/en_1.pf_index",
            "/pagefind/index/en_1.pf_index?x",
            "/pagefind/fragment/en_1.pf_fragment",
            "/mark/ja",
            "/pagefind/index/ja_1.pf_index",
        ]
        .map(String::from)
        .to_vec();
        let queries = BTreeMap::from([(Lang::En, 2), (Lang::Ja, 1)]);
        let report = downloads(&log, &files, &queries);
        let script = sizes::brotli(&[b'a'; 4000]);
        assert_eq!(report[&Lang::En]["code_bytes"], script + 300);
        assert_eq!(report[&Lang::En]["index_bytes"], 50);
        assert_eq!(report[&Lang::En]["fragment_bytes"], 7);
        assert_eq!(report[&Lang::En]["requests"], 4);
        assert_eq!(report[&Lang::En]["requests_per_query"], 2.0);
        assert_eq!(report[&Lang::Ja]["total_bytes"], script + 20);
        assert_eq!(report[&Lang::Ja]["requests"], 1);
        assert_eq!(report[&Lang::En]["whole_index_bytes"], 50);
        assert_eq!(report[&Lang::Ja]["whole_index_bytes"], 20);
        assert_eq!(report[&Lang::En]["all_fragment_bytes"], 7);
    }
}

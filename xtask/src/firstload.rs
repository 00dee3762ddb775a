//! `cargo xtask firstload`: a cold first visit per page type and language in headless Chromium
//! on Chrome DevTools' "Slow 4G" profile, with the site served brotli-compressed as a CDN
//! would. Per visit: time to first contentful paint, for search the time until the first
//! result is in the page, requests and bytes transferred; the median of `--runs` visits.
//!
//! Chromium runs under Debian's chromedriver (one WebDriver session per visit, so every visit
//! has a fresh profile: empty HTTP cache, no service worker), and the profile is applied
//! through the DevTools protocol (`goog/cdp/execute`): `Network.emulateNetworkConditions`,
//! the cache disabled and service workers bypassed. A script added with
//! `Page.addScriptToEvaluateOnNewDocument` runs before the page and records, with a
//! MutationObserver, when the first result appears and when the page's code marks
//! `<html data-live>`.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use engine::Lang;
use fantoccini::Client;
use serde_json::{json, Value};

use crate::server::StaticServer;
use crate::tools;
use crate::webdriver::{cdp, Driver};

/// Chrome DevTools' "Slow 4G" preset.
pub const LATENCY_MS: f64 = 562.5;
pub const DOWNLOAD_BYTES_PER_S: f64 = 180_000.0; // 1.44 Mbit/s
pub const UPLOAD_BYTES_PER_S: f64 = 84_375.0; // 675 kbit/s

/// What a search visit waits for: the first result item of the result list.
/// (The search page is pre-rendered listing every firm; while a query in the address waits
/// for its answer, `<html data-answer-pending>` hides that list.)
pub const RESULT_SELECTOR: &str = "html:not([data-answer-pending]) ol.results li";

/// Titanium in each language's words, by language code: a word with results, for `search/?q=`.
const SEARCH_WORDS: [(&str, &str); 4] = [("ja", "チタン"), ("en", "titanium"), ("de", "Titan"), ("th", "ไทเทเนียม")];

/// A word with results in `lang` (titanium; the English word for a language not listed).
pub fn search_word(lang: Lang) -> &'static str {
    SEARCH_WORDS.iter().find(|(code, _)| *code == lang.code()).map_or("titanium", |(_, word)| word)
}

/// `search/?q=…` with [`search_word`], percent-encoded.
pub fn search_path(lang: Lang) -> String {
    let query = percent_encoding::utf8_percent_encode(search_word(lang), percent_encoding::NON_ALPHANUMERIC);
    format!("search/?q={query}")
}

/// One page to visit: its type, language and path below the site's base.
#[derive(Clone, Debug)]
pub struct Visit {
    pub kind: &'static str,
    pub lang: Lang,
    pub path: String,
}

/// The pages measured in `dist`: home, a firm, a strategy, search with a query and (where the
/// build has them) a process landing page, in each of `langs`; plus notes on what was skipped.
pub fn pages(dist: &Path, langs: &[Lang]) -> Result<(Vec<Visit>, Vec<String>)> {
    let mut visits = Vec::new();
    let mut notes = Vec::new();
    for &lang in langs {
        let code = lang.code();
        let mut add = |kind: &'static str, path: String| visits.push(Visit { kind, lang, path });
        add("home", format!("{code}/"));
        add("firm", format!("{code}/{}", first_page(dist, code, "firms")?.context("no firm page")?));
        add("strategy", format!("{code}/{}", first_page(dist, code, "strategies")?.context("no strategy page")?));
        add("search", format!("{code}/{}", search_path(lang)));
        match first_page(dist, code, "processes")? {
            Some(path) => add("landing", format!("{code}/{path}")),
            None => notes.push(format!("{code}: no landing pages in this build ({code}/processes/<id>/): skipped")),
        }
    }
    visits.sort_by_key(|v| (kind_order(v.kind), v.lang));
    Ok((visits, notes))
}

fn kind_order(kind: &str) -> usize {
    ["home", "firm", "strategy", "search", "landing"].iter().position(|k| *k == kind).unwrap_or(usize::MAX)
}

/// `section/<first id>/` (alphabetically) of a language's section, if the build has one.
pub fn first_page(dist: &Path, lang: &str, section: &str) -> Result<Option<String>> {
    let dir = dist.join(lang).join(section);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(None) };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry?;
        if entry.path().join("index.html").is_file() {
            ids.push(entry.file_name().to_string_lossy().to_string());
        }
    }
    ids.sort();
    Ok(ids.first().map(|id| format!("{section}/{id}/")))
}

/// Measures `runs` cold visits of each page of `dist` (built for `base`) and returns the report;
/// `only`, if given, keeps the page types named there (`search`, `firm`, …).
pub fn run(dist: &Path, base: &str, runs: usize, only: &[String]) -> Result<Value> {
    tools::ensure_chromium()?;
    let (mut visits, notes) = pages(dist, &crate::dist::built_languages(dist))?;
    if !only.is_empty() {
        visits.retain(|visit| only.iter().any(|kind| kind == visit.kind));
    }
    let server = StaticServer::start_brotli(dist, base, 0)?;
    let visited: Vec<String> =
        visits.iter().map(|visit| visit.path.split('?').next().unwrap_or_default().to_string()).collect();
    server.precompress_for(&visited)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let measured = runtime.block_on(measure_all(&server, base, &visits, runs.max(1)))?;
    print_table(&measured);
    let mut pages = serde_json::Map::new();
    for (visit, summary) in &measured {
        let entry = pages.entry(visit.kind.to_string()).or_insert_with(|| json!({}));
        entry[visit.lang.code()] = summary.clone();
    }
    Ok(json!({
        "profile": {
            "name": "Chrome DevTools Slow 4G",
            "latency_ms": LATENCY_MS,
            "download_bytes_per_s": DOWNLOAD_BYTES_PER_S,
            "upload_bytes_per_s": UPLOAD_BYTES_PER_S,
            "cache": "disabled, fresh profile per visit, service workers bypassed",
            "served": "brotli (quality 11) for every compressible file, as a CDN would",
        },
        "runs": runs.max(1),
        "metrics": {
            "fcp_ms": "first contentful paint, from the start of navigation",
            "first_result_ms": format!("search: first `{RESULT_SELECTOR}` in the document, from the start of navigation"),
            "live_ms": "the page's code marked <html data-live> (app pages: the app replaced the pre-rendered page; search: after the reader's first input, which the visit gives once the page has settled)",
            "input_to_live_ms": "search: from the reader's first input (a key press, once the first result is shown and the network quiet) until the app is live; the app's files are downloaded by then, so this is its start on the page",
            "requests": "the document and every resource it loaded (Resource Timing)",
            "transfer_bytes": "bytes over the wire: headers and compressed bodies (Resource Timing transferSize)",
            "decoded_bytes": "the same bodies uncompressed",
        },
        "pages": pages,
        "notes": notes,
    }))
}

async fn measure_all(server: &StaticServer, base: &str, visits: &[Visit], runs: usize) -> Result<Vec<(Visit, Value)>> {
    let mut measured = Vec::new();
    for visit in visits {
        // A chromedriver of its own per page: after a few visits to documents, the next
        // search page's renderer stopped answering a long-lived chromedriver (300 s timeout).
        let mut driver = Driver::start()?;
        let url = server.url(&format!("{base}{}", visit.path));
        let mut samples = Vec::new();
        for _ in 0..runs {
            // Now and then a visit's page never finishes loading here (a request stays
            // pending; see `tests/support`): it is visited again, with a new chromedriver,
            // and the retry is counted in the report.
            let mut retried = 0;
            let mut sample = loop {
                match visit_once(&driver, &url, visit.kind == "search").await {
                    Ok(sample) => break sample,
                    Err(error) if retried < VISIT_RETRIES => {
                        retried += 1;
                        eprintln!("firstload: warning: visiting {url} failed ({error:#}); visiting it again");
                        driver = Driver::start()?;
                    }
                    Err(error) => return Err(error.context(format!("visiting {url} ({retried} retries)"))),
                }
            };
            sample["retried"] = json!(retried);
            samples.push(sample);
        }
        eprintln!("firstload: {} {} {}", visit.kind, visit.lang.code(), url);
        measured.push((visit.clone(), summarize(&url, &samples)));
    }
    Ok(measured)
}

/// The median of each figure over the samples, and the samples themselves.
fn summarize(url: &str, samples: &[Value]) -> Value {
    let mut summary = json!({ "url": url });
    for key in
        ["fcp_ms", "first_result_ms", "live_ms", "input_to_live_ms", "requests", "transfer_bytes", "decoded_bytes"]
    {
        let values: Vec<f64> = samples.iter().filter_map(|s| s[key].as_f64()).collect();
        if let Some(m) = median(values) {
            summary[key] =
                if key.ends_with("_ms") { json!((m * 10.0).round() / 10.0) } else { json!(m.round() as u64) };
        }
    }
    summary["samples"] = json!(samples
        .iter()
        .map(|s| json!({ "fcp_ms": s["fcp_ms"], "first_result_ms": s["first_result_ms"], "requests": s["requests"], "transfer_bytes": s["transfer_bytes"], "retried": s["retried"] }))
        .collect::<Vec<_>>());
    summary["files"] = samples.first().map(|s| s["files"].clone()).unwrap_or_default();
    summary
}

pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

/// Installed before any of the page's own code: records when the first result is in the
/// document and when the page marks itself live.
const OBSERVER: &str = r#"
(() => {
  const seen = () => {
    if (self.__firstResult === undefined && document.querySelector(SELECTOR)) self.__firstResult = performance.now();
    if (self.__live === undefined && document.documentElement && document.documentElement.hasAttribute('data-live'))
      self.__live = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', seen);
})();
"#;

/// What a visit reports once it is over.
const READ: &str = r#"
const nav = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource');
const fcp = performance.getEntriesByName('first-contentful-paint')[0];
const all = [nav, ...resources];
const sum = key => all.reduce((total, e) => total + (e[key] || 0), 0);
return {
  ready: document.readyState,
  fcp_ms: fcp ? fcp.startTime : null,
  first_result_ms: self.__firstResult === undefined ? null : self.__firstResult,
  live_ms: self.__live === undefined ? null : self.__live,
  requests: all.length,
  transfer_bytes: sum('transferSize'),
  decoded_bytes: sum('decodedBodySize'),
  files: all.map(e => [new URL(e.name).pathname, e.transferSize, Math.round(e.startTime), Math.round(e.responseEnd)]),
};
"#;

/// How often a failed visit is tried again before the measurement fails.
const VISIT_RETRIES: usize = 2;

/// A page that has not loaded in this long is a stalled visit, not a slow one (the slowest
/// page here loads in under 10 s on Slow 4G); chromedriver's own limit is 300 s.
const PAGE_LOAD_LIMIT: Duration = Duration::from_secs(60);

async fn visit_once(driver: &Driver, url: &str, search: bool) -> Result<Value> {
    let client = driver.session().await?;
    let outcome = async {
        client.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(None, Some(PAGE_LOAD_LIMIT), None)).await?;
        cdp(&client, "Network.enable", json!({})).await?;
        cdp(&client, "Network.setCacheDisabled", json!({ "cacheDisabled": true })).await?;
        cdp(&client, "Network.setBypassServiceWorker", json!({ "bypass": true })).await?;
        cdp(
            &client,
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": LATENCY_MS,
                "downloadThroughput": DOWNLOAD_BYTES_PER_S,
                "uploadThroughput": UPLOAD_BYTES_PER_S,
                "connectionType": "cellular4g",
            }),
        )
        .await?;
        let observer = OBSERVER.replace("SELECTOR", &serde_json::to_string(RESULT_SELECTOR)?);
        cdp(&client, "Page.addScriptToEvaluateOnNewDocument", json!({ "source": observer })).await?;
        client.goto(url).await?;
        let mut state = settle(&client, search).await?;
        if search && state["live_ms"].is_null() {
            state["input_to_live_ms"] = json!(input_to_live(&client).await?);
            state["live_ms"] = client.execute("return self.__live === undefined ? null : self.__live", vec![]).await?;
        }
        Ok(state)
    }
    .await;
    let _ = client.close().await;
    outcome
}

/// Waits until the visit is over: painted, loaded, the first result shown (search) and no new
/// request for two seconds (several round trips on this profile); then reads the figures.
async fn settle(client: &Client, search: bool) -> Result<Value> {
    let started = Instant::now();
    let mut last_count = 0;
    let mut quiet_since = Instant::now();
    loop {
        let state = client.execute(READ, vec![]).await?;
        let count = state["requests"].as_u64().unwrap_or(0);
        if count != last_count {
            last_count = count;
            quiet_since = Instant::now();
        }
        let done = state["ready"] == "complete"
            && !state["fcp_ms"].is_null()
            && (!search || !state["first_result_ms"].is_null())
            && quiet_since.elapsed() >= Duration::from_secs(2);
        if done {
            return Ok(state);
        }
        if started.elapsed() > Duration::from_secs(90) {
            bail!(
                "the visit did not finish within 90 s (search result shown: {})",
                !state["first_result_ms"].is_null()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The search page starts its app on the reader's first input: presses Shift (a trusted key
/// event, as a reader's) and returns how long until the app is live.
async fn input_to_live(client: &Client) -> Result<f64> {
    let now = || async { client.execute("return performance.now()", vec![]).await.map(|v| v.as_f64().unwrap_or(0.0)) };
    let pressed_at = now().await?;
    crate::webdriver::press_shift(client).await?;
    let started = Instant::now();
    loop {
        let live = client.execute("return self.__live === undefined ? null : self.__live", vec![]).await?;
        if let Some(live) = live.as_f64() {
            return Ok(live - pressed_at);
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!("the search app did not start within 60 s of the first input");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A short table on stderr: one line per page type and language.
fn print_table(measured: &[(Visit, Value)]) {
    eprintln!(
        "{:<9} {:<4} {:>9} {:>14} {:>9} {:>10}",
        "page", "lang", "FCP ms", "1st result ms", "requests", "KB (wire)"
    );
    for (visit, summary) in measured {
        let ms = |key: &str| summary[key].as_f64().map(|v| format!("{v:.0}")).unwrap_or_else(|| "-".into());
        let kb = summary["transfer_bytes"].as_f64().map(|b| format!("{:.1}", b / 1000.0)).unwrap_or_default();
        eprintln!(
            "{:<9} {:<4} {:>9} {:>14} {:>9} {:>10}",
            visit.kind,
            visit.lang.code(),
            ms("fcp_ms"),
            ms("first_result_ms"),
            summary["requests"],
            kb
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn lists_every_page_type_and_notes_a_missing_landing_page() {
        let dir = tempfile::tempdir().expect("tempdir");
        let langs = [Lang::Ja, Lang::En, Lang::De, Lang::Th];
        for lang in langs {
            for page in ["firms/b-firm", "firms/a-firm", "strategies/s"] {
                let path = dir.path().join(lang.code()).join(page);
                std::fs::create_dir_all(&path).expect("dir");
                std::fs::write(path.join("index.html"), "x").expect("write");
            }
        }
        let landing = dir.path().join("de/processes/milling");
        std::fs::create_dir_all(&landing).expect("dir");
        std::fs::write(landing.join("index.html"), "x").expect("write");
        let (visits, notes) = pages(dir.path(), &langs).expect("pages");
        let paths: Vec<&str> = visits.iter().map(|v| v.path.as_str()).collect();
        assert!(paths.contains(&"en/firms/a-firm/"), "{paths:?}");
        assert!(paths.contains(&"de/processes/milling/"), "{paths:?}");
        assert!(paths.contains(
            &"th/search/?q=%E0%B9%84%E0%B8%97%E0%B9%80%E0%B8%97%E0%B9%80%E0%B8%99%E0%B8%B5%E0%B8%A2%E0%B8%A1"
        ));
        assert_eq!(visits.len(), 4 * 4 + 1);
        assert_eq!(notes.len(), 3, "{notes:?}");
    }
}

//! `cargo xtask lighthouse`: Lighthouse (npm, pinned in `package.json`) with its default mobile
//! preset — simulated throttling (150 ms RTT, 1.6 Mbit/s, 4× slower CPU), a phone's screen — on
//! Debian's Chromium, against the site served brotli-compressed as a CDN would. Scores for
//! performance, accessibility, best practices and SEO per page type and language, as JSON.
//!
//! Offline: Chromium resolves no host but 127.0.0.1 (`--host-resolver-rules`) and runs none of
//! its background services, so nothing leaves the machine.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use crate::firstload::pages;
use crate::server::StaticServer;
use crate::tools;

pub const CATEGORIES: [&str; 4] = ["performance", "accessibility", "best-practices", "seo"];

/// The pinned Lighthouse CLI.
pub fn cli(root: &Path) -> std::path::PathBuf {
    root.join("node_modules/lighthouse/cli/index.js")
}

/// Scores (0–100) by category, and the audits of the non-performance categories that did not
/// pass, as `category: audit-id — title`.
#[derive(Debug, Clone)]
pub struct Audit {
    pub scores: Vec<(String, Option<u32>)>,
    pub failing: Vec<String>,
    /// The performance metrics behind the score, as Lighthouse shows them (`1.2 s`).
    pub metrics: Vec<(String, String)>,
}

/// The metrics the performance score is made of.
const METRICS: [&str; 5] = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
];

impl Audit {
    pub fn score(&self, category: &str) -> Option<u32> {
        self.scores.iter().find(|(c, _)| c == category).and_then(|(_, s)| *s)
    }

    pub fn metric(&self, id: &str) -> Option<&str> {
        self.metrics.iter().find(|(m, _)| m == id).map(|(_, shown)| shown.as_str())
    }

    pub fn to_json(&self, url: &str) -> Value {
        let mut value = json!({ "url": url });
        for (category, score) in &self.scores {
            value[category] = json!(score);
        }
        value["failing_audits"] = json!(self.failing);
        value["metrics"] = self.metrics.iter().map(|(id, shown)| (id.clone(), json!(shown))).collect();
        value
    }
}

/// Runs Lighthouse on `url` with Debian's Chromium; `scratch` holds its report.
pub fn audit(root: &Path, url: &str, scratch: &Path) -> Result<Audit> {
    std::fs::create_dir_all(scratch)?;
    let report = scratch.join("report.json");
    let mut chrome_flags = crate::webdriver::CHROMIUM_ARGS.to_vec();
    chrome_flags.extend([
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]);
    let chrome_flags = chrome_flags.join(" ");
    let output = Command::new("node")
        .arg(cli(root))
        .arg(url)
        .arg(format!("--only-categories={}", CATEGORIES.join(",")))
        .args(["--output=json", "--quiet", "--max-wait-for-load=60000"])
        .arg(format!("--output-path={}", report.display()))
        .arg(format!("--chrome-flags={chrome_flags}"))
        .env("CHROME_PATH", tools::CHROMIUM)
        .current_dir(scratch)
        .output()
        .context("cannot start node for Lighthouse")?;
    if !output.status.success() {
        bail!("Lighthouse failed on {url} ({}): {}", output.status, String::from_utf8_lossy(&output.stderr));
    }
    let text = std::fs::read_to_string(&report).with_context(|| format!("no report at {}", report.display()))?;
    let report: Value = serde_json::from_str(&text).context("Lighthouse's report is not JSON")?;
    parse(&report)
}

/// Reads scores and failing audits out of a Lighthouse JSON report.
pub fn parse(report: &Value) -> Result<Audit> {
    if let Some(error) = report["runtimeError"]["message"].as_str() {
        bail!("Lighthouse could not load the page: {error}");
    }
    let mut scores = Vec::new();
    let mut failing = Vec::new();
    for category in CATEGORIES {
        let entry = &report["categories"][category];
        if entry.is_null() {
            bail!("the report has no {category} category");
        }
        scores.push((category.to_string(), entry["score"].as_f64().map(|s| (s * 100.0).round() as u32)));
        if category == "performance" {
            continue;
        }
        for reference in entry["auditRefs"].as_array().into_iter().flatten() {
            let id = reference["id"].as_str().unwrap_or_default();
            let audit = &report["audits"][id];
            let scored = matches!(audit["scoreDisplayMode"].as_str(), Some("binary" | "numeric" | "metricSavings"));
            let passed = audit["score"].as_f64().is_some_and(|s| s >= 1.0);
            if scored && !passed && reference["weight"].as_f64().unwrap_or(0.0) > 0.0 {
                failing.push(format!("{category}: {id} — {}", audit["title"].as_str().unwrap_or_default()));
            }
        }
    }
    let metrics = METRICS
        .iter()
        .filter_map(|id| report["audits"][id]["displayValue"].as_str().map(|shown| (id.to_string(), shown.to_string())))
        .collect();
    Ok(Audit { scores, failing, metrics })
}

/// Audits every page of `dist` (built for `base`) in every language and returns the report;
/// `only`, if given, keeps the page types named there (`search`, `firm`, …).
pub fn run(root: &Path, dist: &Path, base: &str, only: &[String]) -> Result<Value> {
    tools::ensure_npm_tools(root)?;
    tools::ensure_chromium()?;
    let (mut pages, notes) = pages(dist, &crate::dist::built_languages(dist))?;
    if !only.is_empty() {
        pages.retain(|visit| only.iter().any(|kind| kind == visit.kind));
    }
    let server = StaticServer::start_brotli(dist, base, 0)?;
    server.precompress()?;
    let scratch = root.join("target/lighthouse");
    let mut report = serde_json::Map::new();
    eprintln!(
        "{:<9} {:<4} {:>5} {:>5} {:>5} {:>5}  {:>8} {:>8} {:>8}",
        "page", "lang", "perf", "a11y", "bp", "seo", "FCP", "LCP", "TBT"
    );
    for visit in pages {
        let (kind, lang) = (visit.kind, visit.lang);
        let url = server.url(&format!("{base}{}", visit.path));
        let audit = audit(root, &url, &scratch)?;
        let show = |c: &str| audit.score(c).map(|s| s.to_string()).unwrap_or_else(|| "-".into());
        let metric = |id: &str| audit.metric(id).unwrap_or("-").to_string();
        eprintln!(
            "{kind:<9} {:<4} {:>5} {:>5} {:>5} {:>5}  {:>8} {:>8} {:>8}",
            lang.code(),
            show("performance"),
            show("accessibility"),
            show("best-practices"),
            show("seo"),
            metric("first-contentful-paint"),
            metric("largest-contentful-paint"),
            metric("total-blocking-time"),
        );
        let entry = report.entry(kind.to_string()).or_insert_with(|| json!({}));
        entry[lang.code()] = audit.to_json(&url);
    }
    Ok(json!({
        "lighthouse": lighthouse_version(root),
        "preset": "mobile (Lighthouse's default: simulated 150 ms RTT, 1.6 Mbit/s, 4x CPU slowdown)",
        "browser": tools::CHROMIUM,
        "served": "brotli (quality 11), as a CDN would",
        "pages": report,
        "notes": notes,
    }))
}

fn lighthouse_version(root: &Path) -> Value {
    std::fs::read_to_string(root.join("node_modules/lighthouse/package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .map(|package| package["version"].clone())
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scores_and_failing_audits() {
        let report = json!({
            "categories": {
                "performance": { "score": 0.79, "auditRefs": [{ "id": "lcp", "weight": 25 }] },
                "accessibility": { "score": 0.98, "auditRefs": [
                    { "id": "heading-order", "weight": 3 },
                    { "id": "color-contrast", "weight": 7 },
                    { "id": "manual", "weight": 0 }
                ] },
                "best-practices": { "score": 1.0, "auditRefs": [] },
                "seo": { "score": null, "auditRefs": [{ "id": "hreflang", "weight": 1 }] }
            },
            "audits": {
                "lcp": { "score": 0.2, "scoreDisplayMode": "numeric", "title": "LCP" },
                "largest-contentful-paint": { "score": 0.2, "displayValue": "4.1 s" },
                "heading-order": { "score": 0, "scoreDisplayMode": "binary", "title": "Headings in order" },
                "color-contrast": { "score": 1, "scoreDisplayMode": "binary", "title": "Contrast" },
                "manual": { "score": null, "scoreDisplayMode": "manual", "title": "Manual" },
                "hreflang": { "score": null, "scoreDisplayMode": "notApplicable", "title": "hreflang" }
            }
        });
        let audit = parse(&report).expect("parse");
        assert_eq!(audit.score("performance"), Some(79));
        assert_eq!(audit.score("accessibility"), Some(98));
        assert_eq!(audit.score("best-practices"), Some(100));
        assert_eq!(audit.score("seo"), None);
        assert_eq!(audit.failing, ["accessibility: heading-order — Headings in order"]);
        assert_eq!(audit.metrics, [("largest-contentful-paint".to_string(), "4.1 s".to_string())]);
    }

    #[test]
    fn a_runtime_error_is_an_error() {
        let report = json!({ "runtimeError": { "code": "NO_FCP", "message": "no paint" } });
        assert!(parse(&report).is_err());
    }
}

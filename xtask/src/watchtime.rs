//! `cargo xtask watchtime`: how long an editor waits, from saving a file to seeing the change
//! in the browser. On a copy of the content (under `target/watchtime/`; `content/` itself is
//! never touched) it starts the watching server (`serve::Session`), opens a firm's page in
//! headless Chromium, appends a sentence to that firm's Markdown, and times save → the
//! reloaded page showing the sentence; several edits, the median, and each rebuild's stages.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::dist;
use crate::webdriver::Driver;

#[derive(clap::Args, Clone, Debug)]
pub struct Options {
    /// Edits to time; the report gives the median.
    #[arg(long, default_value_t = 5)]
    pub edits: usize,
    /// The firm whose English page is edited (`content/firms/SLUG.en.md`).
    #[arg(long, default_value = "mirafune")]
    pub firm: String,
}

/// Where the copy and its build go.
fn scratch(root: &Path) -> PathBuf {
    root.join("target").join("watchtime")
}

pub fn run(options: &Options) -> Result<Value> {
    crate::tools::ensure_chromium()?;
    let root = crate::workspace_root();
    let scratch = scratch(&root);
    let content = scratch.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    dist::copy_dir(&root.join("content"), &content)?;
    let page = content.join("firms").join(format!("{}.en.md", options.firm));
    if !page.is_file() {
        bail!("{} does not exist; choose a firm with --firm", page.display());
    }
    let build =
        dist::Options { out: scratch.join("site"), base: "/".into(), content: content.clone(), production: false };
    let session = crate::serve::watch_in_background(&build)?;
    let url = session.server.url(&format!("/en/firms/{}/", options.firm));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let waits = runtime.block_on(time_edits(&url, &page, options.edits))?;
    let timings = session.timings.lock().map(|t| t.clone()).unwrap_or_default();
    let stage = |pick: fn(&dist::Timings) -> u64| median(timings.iter().map(pick).collect());
    Ok(json!({
        "page": url,
        "edited": page.strip_prefix(&scratch).unwrap_or(&page).display().to_string(),
        "edits": waits.len(),
        "save_to_reload_ms": waits,
        "median_ms": median(waits.clone()),
        "target_ms": 3000,
        "rebuild_median_ms": {
            "sitegen_load_and_index": stage(|t| t.sitegen_ms),
            "data_files": stage(|t| t.write_ms),
            "prerender": stage(|t| t.prerender_ms),
            "waiting_for_the_previous_cleanup": stage(|t| t.cleanup_wait_ms),
            "assembly": stage(|t| t.assemble_ms),
            "total": stage(|t| t.total_ms),
        },
        "rebuilds": timings,
    }))
}

/// Opens `url`, then per edit appends a sentence to `page` and waits for the page to show it.
async fn time_edits(url: &str, page: &Path, edits: usize) -> Result<Vec<u64>> {
    let driver = Driver::start()?;
    let client = driver.session().await?;
    client.goto(url).await.with_context(|| format!("cannot open {url}"))?;
    let mut waits = Vec::new();
    for edit in 1..=edits {
        let sentence = format!("Watchtime sentence number {edit} for the measurement.");
        let text = std::fs::read_to_string(page)?;
        std::fs::write(page, format!("{}\n\n{sentence}\n", text.trim_end()))?;
        let saved = Instant::now();
        loop {
            let shown = client
                .execute(
                    "return document.body ? document.body.innerText.includes(arguments[0]) : false",
                    vec![json!(sentence)],
                )
                .await
                .unwrap_or(Value::Bool(false));
            if shown == Value::Bool(true) {
                break;
            }
            if saved.elapsed() > Duration::from_secs(60) {
                bail!("edit {edit}: the page never showed the new sentence");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        waits.push(saved.elapsed().as_millis() as u64);
        eprintln!("edit {edit}: saved → shown in {} ms", waits[waits.len() - 1]);
        // The service worker's own reload after a new build settles before the next edit.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let _ = client.find(Locator::Css("body")).await;
    }
    let _ = client.close().await;
    Ok(waits)
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

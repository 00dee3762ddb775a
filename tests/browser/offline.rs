//! The service worker: the site works without network after one visit, and a new build
//! replaces the cache as a whole.

use std::fs;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use site_tests::{dist, Browser, DIST_ENV};

/// A private copy of the built site, so a test can change it.
fn site_copy() -> Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    xtask::dist::copy_dir(&dist(DIST_ENV)?, dir.path())?;
    Ok(dir)
}

/// Waits until a service worker controls the page, then returns the cache names.
pub(crate) async fn controlled_caches(browser: &Browser) -> Result<Vec<String>> {
    let started = Instant::now();
    loop {
        let value = browser
            .run_async("navigator.serviceWorker.ready.then(() => caches.keys()).then(keys => done({ controlled: !!navigator.serviceWorker.controller, keys }))")
            .await?;
        if value["controlled"].as_bool() == Some(true) {
            let keys = value["keys"].as_array().cloned().unwrap_or_default();
            return Ok(keys.iter().filter_map(|k| k.as_str().map(String::from)).collect());
        }
        if started.elapsed() > Duration::from_secs(20) {
            bail!("no service worker took control: {value}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn the_site_works_offline_after_one_visit() -> Result<()> {
    let site = site_copy()?;
    let browser = Browser::start(site.path(), "/").await?;
    browser.open("en/search/?q=titanium").await?;
    browser.wait_for_result("hoshizora-micro").await?;
    controlled_caches(&browser).await?;
    // What the visitor sees once the worker is in charge is kept: the search page with the
    // app and this language's data, and a firm profile with the document module.
    browser.reload().await?;
    browser.wait_for_result("hoshizora-micro").await?;
    browser.open("en/firms/hoshizora-micro/").await?;
    browser.texts("article.firm-profile h1").await?;

    browser.go_offline()?;
    browser.reload().await?;
    let heading = browser.texts("article.firm-profile h1").await?;
    assert!(heading[0].contains("Hoshizora"), "profile shown offline: {heading:?}");
    browser.open("en/search/?q=titanium").await?;
    browser.wait_for_result("hoshizora-micro").await?;
    browser.close().await
}

#[tokio::test]
async fn a_new_build_replaces_the_old_cache() -> Result<()> {
    let site = site_copy()?;
    let browser = Browser::start(site.path(), "/").await?;
    browser.open("en/").await?;
    browser.texts(".hero h1").await?;
    let before = controlled_caches(&browser).await?;
    assert_eq!(before.len(), 1, "one versioned cache: {before:?}");
    let old = before[0].clone();

    // What a redeploy changes: a new worker version (every build hashes its files into it)
    // and new pages.
    let worker = fs::read_to_string(site.path().join("sw.js"))?;
    let new = format!("{old}-next");
    fs::write(site.path().join("sw.js"), worker.replace(&format!("\"{old}\""), &format!("\"{new}\"")))?;
    let page = fs::read_to_string(site.path().join("en/index.html"))?;
    fs::write(site.path().join("en/index.html"), page.replace("<title>", "<title>Rebuilt "))?;

    browser.reload().await?;
    let started = Instant::now();
    loop {
        let keys = controlled_caches(&browser).await?;
        if keys == vec![new.clone()] {
            break;
        }
        if started.elapsed() > Duration::from_secs(20) {
            bail!("the old cache was not replaced: {keys:?}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let fresh =
        browser.run_async("fetch('en/').then(r => r.text()).then(t => done(t.includes('<title>Rebuilt')))").await?;
    assert_eq!(fresh, serde_json::json!(true), "the new build's page is served");
    browser.close().await
}

/// What a page gets for 64 bytes from offset 100 of its page-data file, next to the whole file.
const READ_A_RANGE: &str = r#"
    const file = document.documentElement.dataset.pages;
    Promise.all([
      fetch(file).then((r) => r.arrayBuffer()),
      fetch(file, { headers: { Range: "bytes=100-163" } })
        .then(async (r) => [r.status, r.headers.get("content-range"), new Uint8Array(await r.arrayBuffer())]),
    ]).then(([whole, [status, range, part]]) => {
      const bytes = new Uint8Array(whole);
      done({ status, range, length: whole.byteLength,
             same: part.length === 64 && part.every((b, i) => b === bytes[100 + i]) });
    }).catch((e) => done({ error: String(e) }));"#;

/// A file read in parts (the way a large site's index is read): the worker answers a byte
/// range with those bytes, from the network and, once the file is kept, offline.
#[tokio::test]
async fn a_byte_range_is_answered_online_and_offline() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/search/?q=titanium").await?;
    controlled_caches(&browser).await?;
    browser.reload().await?;
    for state in ["online", "offline"] {
        if state == "offline" {
            browser.go_offline()?;
        }
        let read = browser.run_async(READ_A_RANGE).await?;
        let length = read["length"].as_u64().unwrap_or(0);
        if read["status"] != 206
            || read["same"] != true
            || read["range"].as_str() != Some(&format!("bytes 100-163/{length}")[..])
        {
            bail!("{state}: {read}");
        }
    }
    browser.close().await
}

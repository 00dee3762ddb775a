//! When data loads: page data at once, the search index once per language (on focus, on the
//! search page or when idle, never per keystroke), and background loads that leave the page
//! alone.

use std::time::Duration;

use anyhow::{ensure, Result};
use fantoccini::Locator;
use serde_json::json;
use site_tests::Browser;

const TITANIUM_FIRM: &str = "hoshizora-micro";
const MOULDING_FIRM: &str = "shirakaba-mold";

/// Makes the page's `fetch` hold every search-index response back for `ms` and note the
/// index addresses it was asked for in `window.indexRequests`. (The app's fetches go through
/// `window.fetch`, looked up at each call.)
const SLOW_INDEX: &str = "
    const ms = arguments[0];
    window.indexRequests = [];
    const original = window.fetch;
    window.fetch = function (input, init) {
        const url = typeof input === 'string' ? input : input.url;
        if (url.split('?')[0].endsWith('.idx')) {
            window.indexRequests.push(url);
            return new Promise((resolve) => setTimeout(resolve, ms)).then(() => original.call(window, input, init));
        }
        return original.call(window, input, init);
    };";

async fn type_slowly(browser: &Browser, css: &str, text: &str) -> Result<()> {
    let input = browser.client.find(Locator::Css(css)).await?;
    for c in text.chars() {
        input.send_keys(&c.to_string()).await?;
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    Ok(())
}

#[tokio::test]
async fn typing_before_the_index_arrives_waits_for_it_and_fetches_it_once() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/search/").await?;
    browser.texts("#result-status").await?;
    browser.client.execute(SLOW_INDEX, vec![json!(4000)]).await?;

    // The switcher keeps the page: the German search page, whose index is now slow.
    browser.client.find(Locator::Css(".language-switcher a[hreflang=de]")).await?.click().await?;
    browser
        .wait_until(".search-page .loading", "the note that search is being prepared", |t| {
            t.iter().any(|s| s == "Suche wird vorbereitet …")
        })
        .await?;
    type_slowly(&browser, "#search-input", "Spritzguss").await?;
    let typed = browser.client.find(Locator::Css("#search-input")).await?.prop("value").await?;
    ensure!(typed.as_deref() == Some("Spritzguss"), "the box keeps what was typed: {typed:?}");

    browser.wait_for_result(MOULDING_FIRM).await?;
    let path = browser.current_path().await?;
    ensure!(path == "/de/search/?q=Spritzguss", "the query answered is the one typed: {path}");
    let asked = browser.client.execute("return window.indexRequests", vec![]).await?;
    ensure!(asked.as_array().map(Vec::len) == Some(1), "one request for the German index: {asked}");
    let german = browser.fetched("/data/de.", ".idx").await?;
    ensure!(german.len() == 1, "one German index fetched: {german:?}");
    let english = browser.fetched("/data/en.", ".idx").await?;
    ensure!(english.is_empty(), "the English index came with the first page: {english:?}");
    browser.close().await
}

#[tokio::test]
async fn a_document_page_loads_neither_the_search_app_nor_any_data() -> Result<()> {
    let browser = Browser::at_root().await?;
    for page in ["ja/strategies/", "en/firms/hoshizora-micro/", "de/", "th/map/", "th/processes/cleanroom-assembly/"] {
        browser.open(page).await?;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    ensure!(browser.fetched("/data/", "").await?.is_empty(), "no page data and no index on documents");
    ensure!(browser.fetched("/app-", "").await?.is_empty(), "no search app on documents");
    ensure!(!browser.fetched("/reader-", ".wasm").await?.is_empty(), "the document module");
    browser.close().await
}

#[tokio::test]
async fn the_search_page_brings_its_index_and_fetches_its_data_once() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("ja/search/?q=%E3%83%81%E3%82%BF%E3%83%B3").await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let indexes = browser.fetched("/data/", ".idx").await?;
    ensure!(indexes.is_empty(), "the index is inlined in the page, and the app reads it from there: {indexes:?}");
    // Requested by the page's start script and then read by the app: one request.
    let pages = browser.fetched("/data/", ".pages").await?;
    ensure!(pages.len() == 1 && pages[0].contains("/data/ja."), "the Japanese page data, once: {pages:?}");
    browser.close().await
}

#[tokio::test]
async fn a_failed_index_keeps_the_query_and_retry_answers_it() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.server().fail_paths_containing(".idx");
    // The search page brings its own index: the app fetches one when it opens search in place.
    browser.open("en/shortlist/").await?;
    browser.client.find(Locator::Css("header a[href$='en/search/']")).await?.click().await?;
    let alert = browser.texts(".search-page .load-error").await?;
    ensure!(alert[0].contains("could not be loaded"), "the error with its retry button: {alert:?}");
    type_slowly(&browser, "#search-input", "titanium").await?;
    browser.texts(".search-page .load-error button.retry").await?;
    ensure!(browser.current_path().await? == "/en/search/?q=titanium", "the query is kept in the URL");

    browser.server().heal();
    browser.client.find(Locator::Css(".load-error button.retry")).await?.click().await?;
    let ids = browser.wait_for_result(TITANIUM_FIRM).await?;
    ensure!(ids.len() < 40, "the typed query is answered, not the full list: {ids:?}");
    browser.close().await
}

#[tokio::test]
async fn another_language_loading_leaves_the_page_alone() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.client.set_window_size(1280, 500).await?;
    browser.open("en/search/?q=titanium").await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    // A mark on the rendered page that a re-render would lose, and a scroll position.
    let scrolled = browser
        .client
        .execute(
            "document.querySelector('section.search-page').keptByTest = true;
             window.scrollTo(0, 250);
             return window.scrollY;",
            vec![],
        )
        .await?;
    // Focusing the Japanese link loads the Japanese page data in the background.
    browser
        .client
        .execute("document.querySelector('.language-switcher a[hreflang=ja]').focus({ preventScroll: true })", vec![])
        .await?;
    browser.wait_for_fetch("/data/ja.", ".pages").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let after = browser
        .client
        .execute(
            "const page = document.querySelector('section.search-page');
             return { kept: !!(page && page.keptByTest), scrolled: window.scrollY };",
            vec![],
        )
        .await?;
    ensure!(after["kept"] == json!(true), "the English page was not rendered again: {after}");
    ensure!(after["scrolled"] == scrolled, "the scroll position stays: {after} vs {scrolled}");

    // And the prefetched language opens as usual, with the same query.
    browser.client.find(Locator::Css(".language-switcher a[hreflang=ja]")).await?.click().await?;
    browser
        .wait_until(".search-page h1", "the Japanese search page", |t| {
            t.first().is_some_and(|h| h.contains("技術を探す"))
        })
        .await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    browser.close().await
}

#[tokio::test]
async fn an_index_from_another_build_offers_a_reload_not_a_retry() -> Result<()> {
    // A deploy caught half-way: the English index of some other build, with other documents.
    let (site, english_index) = site_copy_with_english(".idx")?;
    let other_build = engine::Index { doc_refs: vec!["firms/elsewhere".into()], fields: Vec::new() }.to_bytes();
    ensure!(engine::Index::from_bytes(&other_build).is_ok(), "a valid index, only not this build's");
    std::fs::write(&english_index, other_build)?;

    let browser = Browser::start(site.path(), "/").await?;
    // The search page brings its own index: the app fetches one when it opens search in place.
    browser.open("en/shortlist/").await?;
    browser.client.find(Locator::Css("header a[href$='en/search/']")).await?.click().await?;
    let alert = browser.texts(".search-page .load-error").await?;
    ensure!(alert[0].contains("different versions"), "says what is wrong: {alert:?}");
    let retries = browser.client.find_all(Locator::Css(".search-page .load-error button.retry")).await?;
    ensure!(retries.is_empty(), "no retry: fetching the same files again cannot help");

    // The button reloads the page (a new document), which would name the current build's files.
    browser.client.execute("window.keptByTest = true", vec![]).await?;
    browser.client.find(Locator::Css(".search-page .load-error button.reload")).await?.click().await?;
    let started = std::time::Instant::now();
    loop {
        let kept = browser.client.execute("return window.keptByTest === true", vec![]).await?;
        if kept == json!(false) {
            break;
        }
        ensure!(started.elapsed() < Duration::from_secs(10), "the page was not reloaded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The reloaded search page brings this build's index with it, so it searches again (its
    // app once the reader does something there).
    browser.first_input().await?;
    browser.wait_until("html[data-live] #result-status", "the reloaded search page", |t| !t.is_empty()).await?;
    ensure!(browser.client.find_all(Locator::Css(".load-error")).await?.is_empty(), "no error after the reload");
    browser.close().await
}

#[tokio::test]
async fn corrupt_page_data_shows_an_error_and_retry_loads_the_repaired_file() -> Result<()> {
    let (site, english_pages) = site_copy_with_english(".pages")?;
    let good = std::fs::read(&english_pages)?;
    // What an older build shipped under this name would look like: JSON, not the binary format.
    std::fs::write(&english_pages, br#"{"docs": [], "vocab": []}"#)?;

    let browser = Browser::start(site.path(), "/").await?;
    browser.open("en/shortlist/").await?;
    let alert = browser.texts(".load-error").await?;
    ensure!(alert[0].contains("page data is corrupt"), "says what is wrong, the app still runs: {alert:?}");

    std::fs::write(&english_pages, good)?;
    browser.client.find(Locator::Css(".load-error button.retry")).await?.click().await?;
    browser.texts(".shortlist-page h1").await?;
    ensure!(browser.client.find_all(Locator::Css(".load-error")).await?.is_empty(), "the page after the retry");
    browser.close().await
}

/// A copy of the built site to tamper with, and its English data file ending in `suffix`.
fn site_copy_with_english(suffix: &str) -> Result<(tempfile::TempDir, std::path::PathBuf)> {
    let site = tempfile::tempdir()?;
    xtask::dist::copy_dir(&site_tests::dist(site_tests::DIST_ENV)?, site.path())?;
    let data = site.path().join("data");
    let file = std::fs::read_dir(&data)?.filter_map(|entry| entry.ok().map(|e| e.path())).find(|path| {
        path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("en.") && n.ends_with(suffix))
    });
    let Some(file) = file else { anyhow::bail!("no English {suffix} file in {}", data.display()) };
    Ok((site, file))
}

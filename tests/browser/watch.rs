//! `cargo xtask serve`'s watching server, on a copy of the content: an edit reloads the open
//! page with the change; a content error is shown over the page (file, line, fix, as text)
//! while the last good build is still served; the fix removes it and reloads the page.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use serde_json::json;
use site_tests::Browser;

const FIRM: &str = "mirafune";

#[tokio::test]
async fn an_edit_reloads_the_page_and_an_error_shows_over_the_last_good_build() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let content = dir.path().join("content");
    xtask::dist::copy_dir(&xtask::workspace_root().join("content"), &content)?;
    let options = xtask::dist::Options {
        out: dir.path().join("site"),
        base: "/".into(),
        content: content.clone(),
        production: false,
    };
    let session = tokio::task::spawn_blocking(move || xtask::serve::watch_in_background(&options)).await??;
    let browser = Browser::for_server_on(session.server.port, "/").await?;
    let page = content.join("firms").join(format!("{FIRM}.en.md"));
    browser.open(&format!("en/firms/{FIRM}/")).await?;

    // An edit: the open page reloads and shows it.
    let sentence = "A sentence the watching server put in while the page was open.";
    let good = format!("{}\n\n{sentence}\n", std::fs::read_to_string(&page)?.trim_end());
    mark_page(&browser).await?;
    std::fs::write(&page, &good)?;
    browser.wait_until("main", "the edited text", |t| t.iter().any(|t| t.contains(sentence))).await?;
    ensure!(!page_is_marked(&browser).await?, "the page was reloaded");

    // A broken file: the error over the page, naming file and line; the last good page stays.
    let broken = good.replacen("title = \"Mirafune Corporation\"", "title = \"<b>Mirafune</b> Corporation", 1);
    ensure!(broken != good, "the firm's title line is where the test expects it");
    mark_page(&browser).await?;
    std::fs::write(&page, &broken)?;
    let error = browser.wait_until("#serve-error pre", "the content error", |t| !t.is_empty()).await?;
    let location = format!("{FIRM}.en.md:2:");
    ensure!(error[0].contains(&location) && error[0].contains("invalid TOML"), "file, line and what: {error:?}");
    ensure!(error[0].contains(" — "), "and how to fix it: {error:?}");
    let markup = browser.client.execute("return document.querySelectorAll('#serve-error b').length", vec![]).await?;
    ensure!(markup == json!(0), "the error is text, never markup");
    ensure!(page_is_marked(&browser).await?, "the page stays as it was");
    browser.open(&format!("en/firms/{FIRM}/")).await?;
    let main = browser.texts("main").await?;
    ensure!(main[0].contains(sentence) && main[0].contains("Mirafune Corporation"), "the last good build is served");
    browser.wait_until("#serve-error pre", "the error on a page opened since", |t| !t.is_empty()).await?;

    // The fix: the error goes and the page reloads.
    mark_page(&browser).await?;
    let fixed = good.replace(sentence, "The fixed text.");
    std::fs::write(&page, &fixed)?;
    browser.wait_until("main", "the fixed text", |t| t.iter().any(|t| t.contains("The fixed text."))).await?;
    ensure!(!page_is_marked(&browser).await?, "the page was reloaded");
    let started = Instant::now();
    while !browser.client.find_all(fantoccini::Locator::Css("#serve-error")).await?.is_empty() {
        ensure!(started.elapsed() < Duration::from_secs(10), "the error is gone after the fix");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let served = std::fs::read_to_string(dir.path().join("site/en/firms").join(FIRM).join("index.html"))
        .context("the rebuilt page")?;
    ensure!(!served.contains("__serve/"), "the built files carry no reload script; only the server adds it");
    browser.close().await
}

/// A mark in the page's window that a reload removes.
async fn mark_page(browser: &Browser) -> Result<()> {
    browser.client.execute("window.keptByTest = true", vec![]).await?;
    Ok(())
}

async fn page_is_marked(browser: &Browser) -> Result<bool> {
    Ok(browser.client.execute("return window.keptByTest === true", vec![]).await? == json!(true))
}

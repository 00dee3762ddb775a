//! A development build says on every page, in the page's language, that it is a preview; the
//! notice stays when the app takes over an app page. (`dist --production` leaves it out, and
//! refuses unfinished content: see the content tests.)

use std::fs;
use std::path::Path;

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use site_tests::{dist, Browser, DIST_ENV};

fn html_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            html_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    Ok(())
}

#[test]
fn every_page_of_a_development_build_carries_the_preview_notice_in_its_language() -> Result<()> {
    let dir = dist(DIST_ENV)?;
    let mut pages = Vec::new();
    html_files(&dir, &mut pages)?;
    ensure!(pages.len() > 100, "pages found: {}", pages.len());
    for page in &pages {
        let html = fs::read_to_string(page)?;
        let lang = html.split("<html lang=\"").nth(1).and_then(|r| r.split('"').next()).context("html lang")?;
        let notice = format!("<body>\n<aside class=\"{}\" lang=\"{lang}\"", xtask::preview::NOTICE_CLASS);
        ensure!(html.contains(&notice), "{} lacks the preview notice in {lang}", page.display());
    }
    Ok(())
}

#[tokio::test]
async fn the_preview_notice_is_visible_and_survives_the_app() -> Result<()> {
    let site = sitegen::load(&xtask::workspace_root().join("content")).map_err(|e| anyhow::anyhow!("{e}"))?;
    let browser = Browser::at_root().await?;
    for lang in site.langs() {
        let expected = site.ui.texts[lang.slot()].get("preview_notice").context("preview_notice")?;
        for page in ["", "search/"] {
            // `open` waits until the page's code runs (on the search page: the app has swapped in).
            browser.open(&format!("{lang}/{page}")).await?;
            let notice = browser.client.find(Locator::Css(".preview-notice")).await?;
            ensure!(notice.is_displayed().await?, "{lang}/{page}: the notice is visible");
            ensure!(&notice.text().await? == expected, "{lang}/{page}: the notice is in its language");
        }
    }
    browser.close().await
}

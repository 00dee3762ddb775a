//! Every page is complete HTML from the build: it reads the same without JavaScript (crawlers,
//! link previews, readers with scripts off), and its code, once running, leaves its text as
//! the build wrote it. Expected texts come from the shipped content, not from the page.

use anyhow::{ensure, Result};
use engine::model::{DocKind, SiteData};
use fantoccini::Locator;
use site_tests::Browser;

fn shipped() -> Result<sitegen::Site> {
    sitegen::load(&xtask::workspace_root().join("content")).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Text with every run of whitespace as one space, as `innerText` comparisons need.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where two texts part, with some words either side, for a failure message.
fn first_difference(written: &str, running: &str) -> String {
    let at = written.chars().zip(running.chars()).take_while(|(a, b)| a == b).count();
    let around = |text: &str| -> String { text.chars().skip(at.saturating_sub(80)).take(240).collect() };
    format!("at character {at}; built: «{}» running: «{}»", around(written), around(running))
}

async fn main_text(browser: &Browser) -> Result<String> {
    let text = browser.client.find(Locator::Css("main")).await?.text().await?;
    Ok(squeeze(&text))
}

/// The documents whose pages are checked: every kind, a few of each, in every language.
fn sample_docs(data: &SiteData) -> Vec<&engine::model::Doc> {
    DocKind::ALL.iter().flat_map(|&kind| data.docs.iter().filter(move |d| d.kind == kind).take(3)).collect()
}

#[tokio::test]
async fn every_page_type_reads_complete_without_javascript() -> Result<()> {
    let site = shipped()?;
    let browser = Browser::without_javascript().await?;
    for lang_site in &site.languages {
        let lang = lang_site.lang.code();
        let data = &lang_site.data;
        for doc in sample_docs(data) {
            let path = sitegen::output::doc_path(doc.kind, &doc.id);
            browser.open_html(&format!("{lang}/{path}")).await?;
            let text = main_text(&browser).await?;
            for expected in [&doc.title, &doc.summary] {
                ensure!(text.contains(&squeeze(expected)), "{lang}/{path} lacks {expected:?}");
            }
            let opening: String = squeeze(&doc.body_text).chars().take(60).collect();
            ensure!(text.contains(&opening), "{lang}/{path} lacks its body: {opening:?}");
        }
        // The home page's key figures, each with its date.
        browser.open_html(&format!("{lang}/")).await?;
        let home = main_text(&browser).await?;
        for figure in &data.figures {
            ensure!(home.contains(&squeeze(&figure.display)), "{lang}/ lacks the figure {}", figure.id);
            ensure!(home.contains(&squeeze(&figure.as_of_text)), "{lang}/ lacks the date of {}", figure.id);
        }
        // Lists name every entry; the map is drawn, with a link per place.
        browser.open_html(&format!("{lang}/strategies/")).await?;
        let list = main_text(&browser).await?;
        for strategy in data.docs.iter().filter(|d| d.kind == DocKind::Strategy) {
            ensure!(list.contains(&squeeze(&strategy.title)), "{lang}/strategies/ lacks {}", strategy.id);
        }
        browser.open_html(&format!("{lang}/map/")).await?;
        let places = browser.client.find_all(Locator::Css("main svg a.place[href]")).await?;
        ensure!(places.len() >= 20, "{lang}/map/ draws its places as links: {}", places.len());
        // The app's pages are there too, as their shells.
        for page in ["search/", "shortlist/", "compare/"] {
            browser.open_html(&format!("{lang}/{page}")).await?;
            ensure!(!browser.texts("main h1").await?.is_empty(), "{lang}/{page} has its heading");
        }
    }
    ensure!(browser.fetched("/data/", "").await?.is_empty(), "no data was fetched without scripts");
    browser.close().await
}

#[tokio::test]
async fn a_page_reads_the_same_before_and_after_its_code_runs() -> Result<()> {
    let pages = [
        "en/",
        "ja/firms/hoshizora-micro/",
        "de/strategies/branding/",
        "th/programs/compamed/",
        "ja/materials/titanium/",
        "en/map/",
        "en/about/",
        "de/shortlist/",
        "ja/compare/",
    ];
    let without = Browser::without_javascript().await?;
    let with = Browser::at_root().await?;
    for page in pages {
        without.open_html(page).await?;
        let written = without.client.find(Locator::Css("#app")).await?.text().await?;
        with.open(page).await?;
        let running = with.client.find(Locator::Css("#app")).await?.text().await?;
        let (written, running) = (squeeze(&written), squeeze(&running));
        ensure!(written == running, "{page} changed when its code ran: {}", first_difference(&written, &running));
    }
    without.close().await?;
    with.close().await
}

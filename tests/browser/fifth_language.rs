//! A fifth language is content plus one catalogue entry: the five-language fixture
//! (`tests/fixtures/five-languages`, ja/en/de/th + Simplified Chinese), built by `cargo xtask
//! test` as `SITE_TEST_DIST_FIVE`, works in the browser in Chinese as the shipped languages do.

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use site_tests::{dist, Browser, DIST_FIVE_ENV};

/// The fixture's fictional injection-moulding firm in Koriyama.
const MOULDING_FIRM: &str = "hoshigarasu-moulding";
/// Its electronics firm in Iwaki.
const ELECTRONICS_FIRM: &str = "isohiyodori-electronics";
/// The fixture's address (`site.toml` `public_url`).
const PUBLIC_URL: &str = "https://example.org";

async fn five_languages() -> Result<Browser> {
    Browser::start(&dist(DIST_FIVE_ENV)?, "/").await
}

fn encoded(query: &str) -> String {
    query
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

async fn html_lang(browser: &Browser) -> Result<String> {
    let lang = browser.client.execute("return document.documentElement.lang", vec![]).await?;
    Ok(lang.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn the_chinese_search_answers_filters_and_switches_language() -> Result<()> {
    let browser = five_languages().await?;
    // 注塑: injection moulding. The first answer (before the app) lists the moulding firm first.
    browser.open_html(&format!("zh/search/?q={}", encoded("注塑"))).await?;
    let ids = browser.wait_for_result(MOULDING_FIRM).await?;
    ensure!(ids.first().map(String::as_str) == Some(MOULDING_FIRM), "the moulding firm first: {ids:?}");
    ensure!(html_lang(&browser).await? == "zh-Hans", "<html lang> is the Chinese tag");

    // The app takes over after an input, and a facet click filters.
    browser.first_input().await?;
    browser.client.wait().for_element(Locator::Css("html[data-live]")).await?;
    let input = browser.client.find(Locator::Css("#search-input")).await?;
    input.clear().await?;
    input.send_keys("ISO 13485").await?;
    let ids = browser.wait_for_result(ELECTRONICS_FIRM).await?;
    let firms = [MOULDING_FIRM, ELECTRONICS_FIRM, "hanashinobu-precision"];
    ensure!(firms.iter().all(|firm| ids.iter().any(|id| id == firm)), "every fixture firm holds ISO 13485: {ids:?}");
    browser.client.find(Locator::Css("label[for=facet-municipality-koriyama]")).await?.click().await?;
    let started = std::time::Instant::now();
    loop {
        let ids = browser.result_ids().await?;
        if ids == [MOULDING_FIRM] {
            break;
        }
        ensure!(started.elapsed() < site_tests::PATIENCE, "the Koriyama filter leaves the moulding firm: {ids:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    ensure!(browser.current_path().await?.contains("municipality=koriyama"), "the address holds the filter");

    // The switcher lists the site's five languages, in its order, each in its own name.
    let mut codes = Vec::new();
    for link in browser.client.find_all(Locator::Css(".language-switcher a")).await? {
        codes.push(link.attr("hreflang").await?.unwrap_or_default());
    }
    ensure!(codes == ["ja", "en", "de", "th", "zh"], "the switcher lists the site's languages: {codes:?}");
    let names = browser.texts(".language-switcher a[hreflang=zh]").await?;
    ensure!(names == ["中文 (简体)"], "{names:?}");
    browser.client.find(Locator::Css(".language-switcher a[hreflang=de]")).await?.click().await?;
    let started = std::time::Instant::now();
    while !browser.current_path().await?.starts_with("/de/search/") {
        ensure!(started.elapsed() < site_tests::PATIENCE, "the switcher leads to the German search page");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let started = std::time::Instant::now();
    while html_lang(&browser).await? != "de" {
        ensure!(started.elapsed() < site_tests::PATIENCE, "the German page says so in <html lang>");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.close().await
}

#[tokio::test]
async fn the_chinese_firm_page_names_every_language_version() -> Result<()> {
    let browser = five_languages().await?;
    browser.open(&format!("zh/firms/{MOULDING_FIRM}/")).await?;
    ensure!(html_lang(&browser).await? == "zh-Hans", "<html lang> is the Chinese tag");
    let title = browser.texts("article.firm-profile h1").await?;
    ensure!(title.first().is_some_and(|t| t.contains("星鸦")), "the Chinese name: {title:?}");
    let links = browser
        .client
        .execute(
            "return [...document.querySelectorAll('link[rel=alternate][hreflang]')]
                .map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]);",
            vec![],
        )
        .await?;
    let links: Vec<(String, String)> = serde_json::from_value(links)?;
    let codes: Vec<&str> = links.iter().map(|(code, _)| code.as_str()).collect();
    ensure!(codes == ["ja", "en", "de", "th", "zh", "x-default"], "five alternates and x-default: {codes:?}");
    for (code, href) in &links {
        let lang = if code == "x-default" { "en" } else { code };
        ensure!(href == &format!("{PUBLIC_URL}/{lang}/firms/{MOULDING_FIRM}/"), "{code}: absolute, {href}");
    }
    browser.close().await
}

#[tokio::test]
async fn the_sitemap_lists_the_chinese_pages() -> Result<()> {
    let sitemap = std::fs::read_to_string(dist(DIST_FIVE_ENV)?.join("sitemap.xml")).context("sitemap.xml")?;
    for path in ["zh/", "zh/search/", &format!("zh/firms/{MOULDING_FIRM}/")] {
        ensure!(sitemap.contains(&format!("<loc>{PUBLIC_URL}/{path}</loc>")), "the sitemap lists /{path}");
    }
    ensure!(sitemap.contains("hreflang=\"zh\""), "the Chinese alternates are in the sitemap");
    Ok(())
}

//! Deep links, the language switcher, the language chooser and hosting under a sub-path.

use anyhow::Result;
use fantoccini::Locator;
use site_tests::Browser;

async fn html_lang(browser: &Browser) -> Result<String> {
    let value = browser.client.execute("return document.documentElement.lang", vec![]).await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn a_cold_deep_link_renders_the_firm_profile() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/firms/hoshizora-micro/").await?;
    let title = browser.texts("article.firm-profile h1").await?;
    assert!(title[0].contains("Sample"), "the sample badge is in the heading: {title:?}");
    let facts = browser.texts(".facts").await?;
    assert!(facts[0].contains("Titanium"), "the facts list the materials: {}", facts[0]);
    assert_eq!(html_lang(&browser).await?, "en");
    browser.close().await
}

#[tokio::test]
async fn the_language_switcher_keeps_the_page() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/firms/hoshizora-micro/").await?;
    let english = browser.texts("article.firm-profile h1").await?;
    browser.wait_for_title("Hoshizora Micro Works Co., Ltd. | Connected in Fukushima").await?;
    browser.client.find(Locator::Css(".language-switcher a[hreflang=de]")).await?.click().await?;
    browser
        .wait_until("article.firm-profile .facts h2", "German headings", |t| t.iter().any(|h| h == "Fähigkeiten"))
        .await?;
    assert_eq!(browser.current_path().await?, "/de/firms/hoshizora-micro/");
    assert_eq!(html_lang(&browser).await?, "de");
    browser.client.find(Locator::Css(".language-switcher a[hreflang=ja]")).await?.click().await?;
    let japanese = browser
        .wait_until("article.firm-profile h1", "the Japanese name", |t| {
            t.first().is_some_and(|h| h.contains("サンプル"))
        })
        .await?;
    assert_ne!(english, japanese);
    assert_eq!(browser.current_path().await?, "/ja/firms/hoshizora-micro/");
    browser.wait_for_title("株式会社ほしぞらマイクロ工房 | Connected in Fukushima").await?;
    browser.client.find(Locator::Css(".language-switcher a[hreflang=th]")).await?.click().await?;
    browser.wait_for_title("Hoshizora Micro Works Co., Ltd. (โฮชิโซระ ไมโครเวิร์กส์) | Connected in Fukushima").await?;
    browser.close().await
}

#[tokio::test]
async fn the_root_chooses_a_language() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("").await?;
    browser.wait_until("h1", "the English home page", |t| t.iter().any(|h| h.contains("Look to Fukushima"))).await?;
    assert_eq!(browser.current_path().await?, "/en/");
    browser.close().await
}

#[tokio::test]
async fn the_site_works_under_a_sub_path() -> Result<()> {
    let browser = Browser::under_sub_path().await?;
    browser
        .open("th/search/?q=%E0%B9%84%E0%B8%97%E0%B9%80%E0%B8%97%E0%B9%80%E0%B8%99%E0%B8%B5%E0%B8%A2%E0%B8%A1")
        .await?;
    browser.wait_for_result("hoshizora-micro").await?;
    browser.client.find(Locator::Css("li.result[data-id=hoshizora-micro] h2 a")).await?.click().await?;
    browser.texts("article.firm-profile h1").await?;
    assert_eq!(browser.current_path().await?, "/fukushima/th/firms/hoshizora-micro/");
    browser.open("en/strategies/branding/").await?;
    let heading = browser.texts("article.doc-page h1").await?;
    browser.wait_for_title(&format!("{} | Connected in Fukushima", heading[0])).await?;
    browser.reload().await?;
    browser.texts("article.doc-page h1").await?;
    browser.close().await
}

#[tokio::test]
async fn unknown_pages_say_so() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/firms/no-such-firm/").await?;
    let heading = browser.texts("section.not-found h1").await?;
    assert_eq!(heading, vec!["Page not found".to_string()]);
    browser.wait_for_title("Page not found | Connected in Fukushima").await?;
    browser.close().await
}

#[tokio::test]
async fn the_map_names_firms_and_filters_by_municipality() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/map/").await?;
    browser.texts(".place-list li").await?;
    let places = browser.client.find_all(Locator::Css("svg a.place")).await?;
    assert!(places.len() >= 20, "firm places drawn on the map: {}", places.len());
    // The prefecture drawn from its municipal boundaries, shaded by region, each named.
    let mut municipalities = Vec::new();
    for title in browser.client.find_all(Locator::Css("svg .municipalities path > title")).await? {
        municipalities.push(title.prop("textContent").await?.unwrap_or_default());
    }
    assert_eq!(municipalities.len(), 59, "every municipality has its boundary");
    assert!(municipalities.iter().any(|m| m == "Koriyama"), "{municipalities:?}");
    let outlines = browser.client.find_all(Locator::Css("svg .regions path")).await?;
    assert_eq!(outlines.len(), 3, "the three regions are outlined");
    let koriyama = browser.client.find(Locator::Css("svg a.place[data-municipality=koriyama]")).await?;
    let name = koriyama.attr("aria-label").await?.unwrap_or_default();
    assert!(name.contains("Koriyama") && name.contains("Hoshizora"), "the place names its firms: {name}");
    koriyama.click().await?;
    browser.wait_for_result("hoshizora-micro").await?;
    assert_eq!(browser.current_path().await?, "/en/search/?municipality=koriyama");
    let ids = browser.result_ids().await?;
    assert!(ids.iter().all(|id| id == "hoshizora-micro"), "only Koriyama's firms: {ids:?}");
    let checked = browser
        .client
        .find(Locator::Css("input[data-facet=municipality][data-value=koriyama]"))
        .await?
        .prop("checked")
        .await?;
    assert_eq!(checked.as_deref(), Some("true"));
    browser.close().await
}

/// Whether the page is still the document loaded at the start (a full load would lose the mark).
async fn same_document(browser: &Browser) -> Result<bool> {
    let kept = browser.client.execute("return window.keptByTest === true", vec![]).await?;
    Ok(kept.as_bool() == Some(true))
}

async fn wait_for_path(browser: &Browser, expected: &str) -> Result<()> {
    for _ in 0..50 {
        if browser.current_path().await? == expected {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("the path stayed {} instead of {expected}", browser.current_path().await?)
}

#[tokio::test]
async fn app_pages_navigate_in_place_documents_load_and_the_skip_link_stays_put() -> Result<()> {
    let browser = Browser::under_sub_path().await?;
    browser.open("en/search/").await?;
    browser.texts("#result-status").await?;
    browser.client.execute("window.keptByTest = true; window.scrollTo(0, 400);", vec![]).await?;

    // Between the app's own pages the app stays loaded.
    browser.client.find(Locator::Css(".site-nav a[href='en/shortlist/']")).await?.click().await?;
    wait_for_path(&browser, "/fukushima/en/shortlist/").await?;
    browser.texts(".shortlist-page h1").await?;
    let scrolled = browser.client.execute("return window.scrollY", vec![]).await?;
    assert_eq!(scrolled.as_f64(), Some(0.0), "a new page starts at its top");
    assert!(same_document(&browser).await?, "following a link between app pages does not reload the app");
    browser.client.back().await?;
    wait_for_path(&browser, "/fukushima/en/search/").await?;
    browser.texts("#result-status").await?;
    assert!(same_document(&browser).await?, "back does not reload the app");

    // A document is the complete page the build wrote.
    browser.client.find(Locator::Css(".site-nav a[href='en/strategies/']")).await?.click().await?;
    wait_for_path(&browser, "/fukushima/en/strategies/").await?;
    browser.texts(".list-page h1").await?;
    assert!(!same_document(&browser).await?, "a document is loaded as a page");
    let switcher = browser.client.find(Locator::Css(".language-switcher a[hreflang=de]")).await?;
    assert_eq!(
        switcher.attr("href").await?.as_deref(),
        Some("de/strategies/"),
        "the language switcher names the same page below the sub-path"
    );

    // The skip link targets `#main` of this page, not of the base URL.
    // From the keyboard, as it is meant to be used: focus it, press Enter.
    browser.client.execute("window.keptByTest = true", vec![]).await?;
    let skip = browser.client.find(Locator::Css(".skip-link")).await?;
    browser.client.execute("document.querySelector('.skip-link').focus()", vec![]).await?;
    skip.send_keys("\u{E007}").await?;
    assert_eq!(browser.current_path().await?, "/fukushima/en/strategies/");
    let focused = browser.client.execute("return document.activeElement.id", vec![]).await?;
    assert_eq!(focused.as_str(), Some("main"), "the skip link moves focus to the main content");
    assert!(same_document(&browser).await?);
    browser.close().await
}

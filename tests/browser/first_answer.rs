//! The search page's first answer: a query in the address is answered by the small
//! first-answer module over the index inlined in the page, before the search app has loaded,
//! and the app then takes over the same page without changing what it shows.

use anyhow::{ensure, Result};
use fantoccini::Locator;
use site_tests::Browser;

const TITANIUM_FIRM: &str = "hoshizora-micro";
const MOULDING_FIRM: &str = "shirakaba-mold";

/// Queries a buyer might arrive with from a shared link or the home page's search form (the
/// sentences with a word no firm has, so the status names it).
const ARRIVALS: [(&str, &str); 10] = [
    ("en", "titanium"),
    ("en", "micro machining ISO 13485"),
    ("ja", "チタン"),
    ("ja", "射出成形 クリーンルーム"),
    ("de", "Titan"),
    ("de", "Spritzguss Reinraum"),
    ("th", "ไทเทเนียม"),
    ("th", "ฉีดขึ้นรูป"),
    ("en", "who can machine titanium for our sprockets"),
    ("ja", "チタンの歯車を加工できる会社"),
];

fn search_path(lang: &str, query: &str) -> String {
    let encoded: String = query
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    format!("{lang}/search/?q={encoded}")
}

/// What an answered search page shows: the status line, every listed card's text and the
/// facet values with their counts.
type Answer = (String, Vec<String>, Vec<String>);

/// The page's [`Answer`], once the address's query is answered (read in one script, so a list
/// being replaced meanwhile cannot mix two states).
async fn answered_page(browser: &Browser) -> Result<Answer> {
    browser.client.wait().for_element(Locator::Css("html:not([data-answer-pending]) ol.results")).await?;
    let read = browser
        .client
        .execute(
            "const shown = (e) => !e.closest('[hidden]');
             return [document.getElementById('result-status').innerText,
                     [...document.querySelectorAll('ol.results > li.result')].map((card) => card.textContent.replace(/\\s+/g, ' ').trim()),
                     [...document.querySelectorAll('#facet-panel li')].filter(shown).map((value) => value.textContent.replace(/\\s+/g, ' ').trim())];",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(read)?)
}

#[tokio::test]
async fn a_query_in_the_address_is_answered_before_the_app_loads() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.server().fail_paths_containing("/app-");
    browser.open_html(&search_path("en", "titanum")).await?;
    let (status, _, facets) = answered_page(&browser).await?;
    ensure!(facets.iter().any(|f| f.starts_with("Titanium")), "the answer's facets: {facets:?}");
    ensure!(facets.iter().all(|f| !f.ends_with("(0)")), "values no result carries are hidden: {facets:?}");
    let ids = browser.result_ids().await?;
    ensure!(ids.iter().any(|id| id == TITANIUM_FIRM), "the typo still finds the titanium firm: {ids:?}");
    ensure!(ids.len() < 40 && status.contains(&ids.len().to_string()), "the status counts the answer: {status}");
    let marked = browser.texts("li.result[data-id=hoshizora-micro] p.summary mark").await?;
    ensure!(marked.iter().any(|m| m.to_lowercase().starts_with("titan")), "the matched word is marked: {marked:?}");
    let value = browser.client.find(Locator::Css("#search-input")).await?.prop("value").await?;
    ensure!(value.as_deref() == Some("titanum"), "the box shows the query: {value:?}");

    // Typing is answered too, and the address follows.
    let input = browser.client.find(Locator::Css("#search-input")).await?;
    input.clear().await?;
    input.send_keys("injection moulding cleanroom").await?;
    let ids = browser.wait_for_result(MOULDING_FIRM).await?;
    ensure!(!ids.iter().any(|id| id == TITANIUM_FIRM), "the list follows the new query: {ids:?}");
    let path = browser.current_path().await?;
    ensure!(path == "/en/search/?q=injection%20moulding%20cleanroom", "the address holds the query: {path}");

    let live = browser.client.find_all(Locator::Css("html[data-live]")).await?;
    ensure!(live.is_empty(), "all of this without the app");
    browser.close().await
}

/// A search that finds nothing is not a dead end before the app runs either: the first
/// answer shows the way to every firm, and hides it again once something is found.
#[tokio::test]
async fn a_search_that_finds_nothing_leads_on_before_the_app_loads() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.server().fail_paths_containing("/app-");
    browser.open_html(&search_path("de", "qqxxzzqq")).await?;
    let (status, cards, _) = answered_page(&browser).await?;
    ensure!(cards.is_empty(), "nothing found: {status} {cards:?}");
    let way_on = browser.texts(".no-results[data-first-answer]:not([hidden]) a.browse-all").await?;
    let site = sitegen::load(&xtask::workspace_root().join("content")).map_err(|e| anyhow::anyhow!("{e}"))?;
    let expected = site.ui.texts[engine::Lang::De.slot()].get("browse_all").cloned().unwrap_or_default();
    ensure!(way_on == [expected], "the way on: {way_on:?}");
    let input = browser.client.find(Locator::Css("#search-input")).await?;
    input.clear().await?;
    input.send_keys("Titan").await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    let hidden = browser.client.find_all(Locator::Css(".no-results[data-first-answer][hidden]")).await?;
    ensure!(hidden.len() == 1, "hidden again once firms are found");
    let live = browser.client.find_all(Locator::Css("html[data-live]")).await?;
    ensure!(live.is_empty(), "all of this without the app");
    browser.close().await
}

#[tokio::test]
async fn the_app_takes_over_the_first_answer_unchanged() -> Result<()> {
    let browser = Browser::at_root().await?;
    for (lang, query) in ARRIVALS {
        let path = search_path(lang, query);
        browser.server().fail_paths_containing("/app-");
        browser.open_html(&path).await?;
        let first = answered_page(&browser).await?;
        ensure!(!first.1.is_empty(), "{lang} `{query}`: the first answer lists results");

        browser.server().heal();
        browser.open(&path).await?;
        let by_app = answered_page(&browser).await?;
        ensure!(
            first == by_app,
            "{lang} `{query}`: the app shows what the first answer showed\n{first:#?}\n{by_app:#?}"
        );
    }
    browser.close().await
}

#[tokio::test]
async fn the_app_starts_on_the_first_input_and_a_tap_before_it_is_not_lost() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open_html(&search_path("en", "titanium")).await?;
    answered_page(&browser).await?;
    // The app's files arrive after the first answer, and there it waits.
    let downloaded = "return performance.getEntriesByType('resource')
        .some((e) => /app-[^/]*_bg\\.wasm$/.test(e.name) && e.responseEnd > 0)";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while browser.client.execute(downloaded, vec![]).await? != serde_json::json!(true) {
        ensure!(std::time::Instant::now() < deadline, "the app's WebAssembly was not downloaded");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let live = browser.client.find_all(Locator::Css("html[data-live]")).await?;
    ensure!(live.is_empty(), "no input yet: the first answer serves the page, the app has not started");

    // The first tap (a star on a result card) starts the app, which then does what was tapped.
    let star = format!("li.result[data-id={TITANIUM_FIRM}] button.star");
    browser.client.find(Locator::Css(&star)).await?.click().await?;
    browser.client.wait().for_element(Locator::Css("html[data-live]")).await?;
    let pressed = format!("{star}[aria-pressed=true]");
    browser.client.wait().for_element(Locator::Css(&pressed)).await?;
    let shortlist = browser.run_async("done(localStorage.length)").await?;
    ensure!(shortlist != serde_json::json!(0), "the shortlist is stored");
    browser.close().await
}

#[tokio::test]
async fn filters_in_the_address_are_left_to_the_app() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/search/?q=machining").await?;
    let unfiltered = browser.wait_for_result(TITANIUM_FIRM).await?;
    // No input: filters in the address start the app at once.
    browser.open_html("en/search/?q=machining&material=titanium").await?;
    browser.client.wait().for_element(Locator::Css("html[data-live]")).await?;
    let filtered = browser.wait_for_result(TITANIUM_FIRM).await?;
    let checked = browser.client.find(Locator::Css("input[data-facet=material][data-value=titanium]")).await?;
    ensure!(checked.prop("checked").await?.as_deref() == Some("true"), "the filter is applied");
    ensure!(filtered.len() < unfiltered.len(), "fewer firms with the filter: {filtered:?} of {unfiltered:?}");
    browser.close().await
}

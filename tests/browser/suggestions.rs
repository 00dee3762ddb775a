//! Suggestions under the search box: vocabulary terms as a buyer types, in any language's
//! words, chosen by keyboard as a facet filter; and a search that finds nothing still leads on.

use anyhow::{ensure, Context, Result};
use fantoccini::key::Key;
use fantoccini::Locator;
use site_tests::Browser;

/// Per site: what is typed, and the facet filter one of its suggestions applies (`Spritz` is
/// German for the English site; hiragana on the Japanese one).
const TYPED: [(&str, &str, &str); 4] = [
    ("en", "Spritz", "process=injection_moulding"),
    ("de", "Titan", "material=titanium"),
    ("ja", "しりこ", "material=silicone"),
    ("th", "ซิลิ", "material=silicone"),
];

const OPTIONS: &str = "#search-suggestions li[role=option]";

async fn live_search_page(browser: &Browser, lang: &str) -> Result<fantoccini::elements::Element> {
    browser.open(&format!("{lang}/search/")).await?;
    browser.client.wait().for_element(Locator::Css("html[data-live] #result-status")).await?;
    Ok(browser.client.find(Locator::Css("#search-input")).await?)
}

async fn attr(browser: &Browser, css: &str, name: &str) -> Result<Option<String>> {
    Ok(browser.client.find(Locator::Css(css)).await?.attr(name).await?)
}

#[tokio::test]
async fn suggestions_are_chosen_by_keyboard_in_every_language() -> Result<()> {
    let browser = Browser::at_root().await?;
    for (lang, typed, filter) in TYPED {
        let input = live_search_page(&browser, lang).await?;
        input.send_keys(typed).await?;
        let options = browser.wait_until(OPTIONS, "suggestions", |t| !t.is_empty()).await?;
        ensure!(options.len() <= 8, "{lang}: at most eight suggestions: {options:?}");
        ensure!(options[0].chars().any(|c| c.is_ascii_digit()), "{lang}: with a firm count: {options:?}");
        ensure!(attr(&browser, "#search-input", "aria-expanded").await?.as_deref() == Some("true"));

        let mut values = Vec::new();
        for option in browser.client.find_all(Locator::Css(OPTIONS)).await? {
            values.push(option.attr("data-value").await?.unwrap_or_default());
        }
        let wanted = values.iter().position(|v| filter.ends_with(&format!("={v}")));
        let wanted = wanted.with_context(|| format!("{lang} `{typed}` suggests {filter}: {values:?}"))?;
        for _ in 0..=wanted {
            input.send_keys(&Key::Down.to_string()).await?;
        }
        let active = attr(&browser, "#search-input", "aria-activedescendant").await?.context("an active option")?;
        ensure!(active == format!("search-suggestion-{wanted}"), "{lang}: ArrowDown moves through the list: {active}");
        let selected = format!("#{active}");
        ensure!(attr(&browser, &selected, "aria-selected").await?.as_deref() == Some("true"));

        input.send_keys(&Key::Enter.to_string()).await?;
        let path = browser.current_path().await?;
        ensure!(path.contains(filter), "{lang} `{typed}`: Enter applies {filter}: {path}");
        let checked = browser.client.find(Locator::Css("#facet-panel input:checked")).await?;
        ensure!(checked.attr("data-value").await?.is_some_and(|v| filter.ends_with(&v)), "{lang}: the box is ticked");
        let hidden = attr(&browser, "#search-suggestions", "hidden").await?;
        ensure!(hidden.is_some(), "{lang}: the list closes after the choice");
    }
    browser.close().await
}

#[tokio::test]
async fn escape_closes_the_suggestions_and_arrows_wrap() -> Result<()> {
    let browser = Browser::at_root().await?;
    let input = live_search_page(&browser, "en").await?;
    input.send_keys("mould").await?;
    let options = browser.wait_until(OPTIONS, "suggestions", |t| t.len() > 1).await?;
    input.send_keys(&Key::Up.to_string()).await?;
    let last = format!("search-suggestion-{}", options.len() - 1);
    let active = attr(&browser, "#search-input", "aria-activedescendant").await?;
    ensure!(active.as_deref() == Some(last.as_str()), "ArrowUp from the box goes to the last: {active:?}");
    input.send_keys(&Key::Escape.to_string()).await?;
    ensure!(attr(&browser, "#search-suggestions", "hidden").await?.is_some(), "Escape closes the list");
    ensure!(attr(&browser, "#search-input", "aria-expanded").await?.as_deref() == Some("false"));
    let value = input.prop("value").await?;
    ensure!(value.as_deref() == Some("mould"), "what was typed stays: {value:?}");
    browser.close().await
}

#[tokio::test]
async fn a_search_that_finds_nothing_leads_to_every_firm() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/search/?q=qqxxzzqq").await?;
    browser.client.wait().for_element(Locator::Css("html[data-live] .no-results a.browse-all")).await?;
    browser.client.find(Locator::Css(".no-results a.browse-all")).await?.click().await?;
    let status =
        browser.wait_until("#result-status", "every firm", |t| t.iter().any(|s| s.contains("all firms"))).await?;
    ensure!(browser.result_ids().await?.len() >= 20, "every firm is listed: {status:?}");
    browser.close().await
}

/// A word misspelt beyond what the search forgives finds nothing; the page offers the query
/// with the word as the firms' texts spell it, and that link finds them (under the sub-path
/// too, where a link must stay below the base).
#[tokio::test]
async fn a_misspelt_search_offers_the_words_the_firms_use() -> Result<()> {
    for (browser, lang, typed, corrected) in [
        (Browser::at_root().await?, "en", "ttnium", "titanium"),
        (Browser::under_sub_path().await?, "de", "Renrum", "Reinraum"),
    ] {
        browser.open(&format!("{lang}/search/?q={typed}")).await?;
        let offered = browser.texts("html[data-live] .no-results a.did-you-mean-query").await?;
        ensure!(offered == [corrected], "{lang}: {typed} offers {offered:?}");
        browser.client.find(Locator::Css(".no-results a.did-you-mean-query")).await?.click().await?;
        browser.wait_until("#result-status", "results for the correction", |t| !t.is_empty()).await?;
        let url = browser.client.current_url().await?;
        ensure!(url.query() == Some(&format!("q={corrected}")[..]), "{lang}: the address holds the correction: {url}");
        ensure!(!browser.result_ids().await?.is_empty(), "{lang}: {corrected} finds firms");
        browser.close().await?;
    }
    Ok(())
}

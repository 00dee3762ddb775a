//! Searching in four languages, search-as-you-type and the index failure path.

use anyhow::Result;
use fantoccini::Locator;
use site_tests::Browser;

const TITANIUM_FIRM: &str = "hoshizora-micro";
const MOULDING_FIRM: &str = "shirakaba-mold";

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn every_language_finds_the_titanium_firm() -> Result<()> {
    let browser = Browser::at_root().await?;
    for (lang, query) in [("en", "titanium"), ("ja", "チタン"), ("de", "Titan"), ("th", "ไทเทเนียม")]
    {
        browser.open(&format!("{lang}/search/?q={}", encode(query))).await?;
        let ids = browser.wait_for_result(TITANIUM_FIRM).await?;
        assert!(ids.len() < 40, "{lang} `{query}` should narrow the list, got {} results", ids.len());
        let value = browser.client.find(Locator::Css("#search-input")).await?.prop("value").await?;
        assert_eq!(value.as_deref(), Some(query), "the box shows the query from the URL");
    }
    browser.close().await
}

#[tokio::test]
async fn typing_updates_results_and_the_url() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("de/search/").await?;
    browser.texts("#result-status").await?;
    let input = browser.client.find(Locator::Css("#search-input")).await?;
    input.send_keys("Spritzguss Reinraum").await?;
    let ids = browser.wait_for_result(MOULDING_FIRM).await?;
    assert!(!ids.contains(&TITANIUM_FIRM.to_string()), "the titanium shop does no cleanroom moulding: {ids:?}");
    let path = browser.current_path().await?;
    assert!(path.starts_with("/de/search/?q=Spritzguss"), "query kept in the URL: {path}");

    input.clear().await?;
    input.send_keys("射出成形 クリーンルーム").await?;
    browser.wait_for_result(MOULDING_FIRM).await?;
    browser.close().await
}

#[tokio::test]
async fn an_unreachable_index_shows_a_message_and_retry_recovers() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.server().fail_paths_containing("/data/en.");
    browser.open("en/search/?q=titanium").await?;
    let alert = browser.texts(".load-error").await?;
    assert!(alert[0].contains("could not be loaded"), "message shown: {alert:?}");
    browser.server().heal();
    browser.client.find(Locator::Css(".load-error button.retry")).await?.click().await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    browser.close().await
}

#[tokio::test]
async fn results_mark_the_matched_words_as_text() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/search/?q=titanum%20%3Cb%3Ex%3C%2Fb%3E").await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    let marked = browser.texts("li.result[data-id=hoshizora-micro] mark").await?;
    assert!(
        marked.iter().any(|m| m.to_lowercase().starts_with("titan")),
        "the typo's correction is highlighted: {marked:?}"
    );
    let injected = browser.client.find_all(Locator::Css("ol.results b")).await?;
    assert!(injected.is_empty(), "query text is never rendered as HTML");
    browser.close().await
}

#[tokio::test]
async fn on_a_narrow_screen_the_filters_open_as_a_drawer() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.client.set_window_size(420, 860).await?;
    browser.open("en/search/?q=titanium").await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    let panel = browser.client.find(Locator::Css("#facet-panel")).await?;
    assert!(!panel.is_displayed().await?, "the panel starts closed");
    let toggle = browser.client.find(Locator::Css("button.facet-toggle")).await?;
    assert_eq!(toggle.attr("aria-expanded").await?.as_deref(), Some("false"));
    toggle.click().await?;
    assert!(panel.is_displayed().await?, "the toggle opens the drawer");
    assert_eq!(toggle.attr("aria-expanded").await?.as_deref(), Some("true"));
    browser.client.find(Locator::Css("label[for=facet-material-titanium]")).await?.click().await?;
    browser.wait_until("#result-status", "filtered results", |t| !t.is_empty()).await?;
    assert!(browser.current_path().await?.contains("material=titanium"));
    browser.client.find(Locator::Css("#facet-panel button.facet-close")).await?.click().await?;
    assert!(!panel.is_displayed().await?, "closed again");
    browser.close().await
}

/// Sentences as buyers type them, each with one word no profile has: the firms matching the
/// meaningful words are listed, and the status names the word that matched nothing (quoted
/// as the page's language quotes it). (A Thai word typed without spaces is a run of cluster
/// bigrams that each occur somewhere, so the Thai sentence's unknown word is an English one.)
const SENTENCES: [(&str, &str, &str); 4] = [
    ("en", "who can machine titanium for our sprockets", "“sprockets”"),
    ("de", "Wer kann Titan für Kettenräder fräsen?", "„Kettenräder“"),
    ("ja", "チタンの歯車を加工できる会社", "「歯車」"),
    ("th", "ใครผลิตชิ้นส่วนไทเทเนียม sprocket", "“sprocket”"),
];

#[tokio::test]
async fn a_sentence_finds_the_firms_of_its_meaningful_words_and_names_the_rest() -> Result<()> {
    let browser = Browser::at_root().await?;
    for (lang, query, unmatched) in SENTENCES {
        browser.open(&format!("{lang}/search/?q={}", encode(query))).await?;
        let ids = browser.wait_for_result(TITANIUM_FIRM).await?;
        assert!(ids.len() > 1 && ids.len() < 40, "{lang} `{query}`: the titanium firms, not one or all: {ids:?}");
        let status = browser
            .wait_until("#result-status", "the unmatched word", |t| t.iter().any(|s| s.contains(unmatched)))
            .await?;
        assert!(status[0].starts_with(&ids.len().to_string()), "{lang}: the status counts the list: {status:?}");
    }
    browser.close().await
}

#[tokio::test]
async fn hiragana_finds_the_katakana_word() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("ja/search/").await?;
    browser.texts("#result-status").await?;
    let input = browser.client.find(Locator::Css("#search-input")).await?;
    input.send_keys("ちたん").await?;
    let ids = browser.wait_for_result(TITANIUM_FIRM).await?;
    assert!(ids.len() < 40, "hiragana narrows the list as チタン does: {ids:?}");
    let marked = browser.texts("li.result[data-id=hoshizora-micro] mark").await?;
    assert!(marked.iter().any(|m| m.contains("チタ")), "the katakana word is marked: {marked:?}");
    let status = browser.texts("#result-status").await?;
    assert!(!status[0].contains('「'), "every word matched: {status:?}");
    browser.close().await
}

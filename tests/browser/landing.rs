//! Landing pages per vocabulary term (`/{lang}/processes/cleanroom-assembly/`): complete without
//! JavaScript, listing exactly the firms that carry the term, reached from a firm's tags, and
//! leading into the search with the term as its filter. Expected texts come from the shipped
//! content, not from the page.

use std::fs;

use anyhow::{ensure, Context, Result};
use engine::landing::{self, Landing};
use engine::model::SiteData;
use engine::Lang;
use fantoccini::Locator;
use site_tests::{dist, Browser, DIST_ENV};

/// The page measured by `cargo xtask sizes`: the term with the most firms.
const CLEANROOM: &str = "processes/cleanroom-assembly/";
const TITANIUM_FIRM: &str = "hoshizora-micro";

fn shipped() -> Result<sitegen::Site> {
    sitegen::load(&xtask::workspace_root().join("content")).map_err(|e| anyhow::anyhow!("{e}"))
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's one sentence as the content's UI strings say it.
fn expected_lead(site: &sitegen::Site, lang: Lang, page: &Landing) -> String {
    let slot = lang.slot();
    let text = |key: &String| site.ui.texts[slot].get(key).cloned().unwrap_or_default();
    let [one, other] = page.lead_keys().map(|key| text(&key));
    landing::lead(&one, &other, page.firms.len(), &page.term.label)
}

/// The ids of the firms a page's HTML lists: the `data-id` of each `<li … class="result">`.
fn listed_firms(html: &str) -> Vec<String> {
    html.split("<li ")
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(attributes, _)| attributes))
        .filter(|attributes| attributes.contains("class=\"result\""))
        .filter_map(|attributes| attributes.split("data-id=\"").nth(1)?.split('"').next())
        .map(String::from)
        .collect()
}

fn firm_ids(data: &SiteData, page: &Landing) -> Vec<String> {
    page.firms.iter().filter_map(|&n| data.docs.get(n)).map(|doc| doc.id.clone()).collect()
}

/// Every landing page the build wrote, in every language, lists exactly the firms whose
/// content carries the term, and is in the sitemap with its four languages.
#[test]
fn every_landing_page_lists_exactly_the_firms_carrying_its_term() -> Result<()> {
    let site = shipped()?;
    let dir = dist(DIST_ENV)?;
    let sitemap = fs::read_to_string(dir.join("sitemap.xml"))?;
    let mut pages = 0;
    for lang_site in &site.languages {
        let lang = lang_site.lang;
        for page in landing::all(&lang_site.data) {
            let path = format!("{lang}/{}", page.path());
            let html =
                fs::read_to_string(dir.join(&path).join("index.html")).with_context(|| format!("no page {path}"))?;
            ensure!(listed_firms(&html) == firm_ids(&lang_site.data, &page), "{path} lists other firms");
            let canonical = html.lines().find(|line| line.starts_with("<link rel=\"canonical\""));
            ensure!(
                canonical.is_some_and(|line| line.starts_with("<link rel=\"canonical\" href=\"http")
                    && line.ends_with(&format!("/{path}\">"))),
                "{path} has its absolute canonical link: {canonical:?}"
            );
            let entry = sitemap
                .split("<url>")
                .find(|entry| entry.contains(&format!("/{path}</loc>")))
                .with_context(|| format!("{path} is not in sitemap.xml"))?;
            ensure!(entry.matches("hreflang=").count() == 5, "{path}: four languages and x-default in the sitemap");
            pages += 1;
        }
    }
    let in_sitemap = sitemap
        .split("<loc>")
        .skip(1)
        .filter(|loc| landing::facets().any(|(_, segment)| loc.contains(&format!("/{segment}/"))))
        .count();
    ensure!(pages > 0 && in_sitemap == pages, "the sitemap has {in_sitemap} landing pages, the content {pages}");
    Ok(())
}

#[tokio::test]
async fn a_landing_page_reads_complete_without_javascript_in_every_language() -> Result<()> {
    let site = shipped()?;
    let browser = Browser::without_javascript().await?;
    for lang_site in &site.languages {
        let lang = lang_site.lang;
        let data = &lang_site.data;
        // The first page of each group: processes, materials, certifications, …
        let all = landing::all(data);
        let samples = landing::facets().filter_map(|(_, segment)| all.iter().find(|page| page.segment == segment));
        for page in samples {
            let path = format!("{lang}/{}", page.path());
            browser.open_html(&path).await?;
            let heading = browser.texts("main h1").await?;
            ensure!(heading == [page.term.label.clone()], "{path}: the term is the heading: {heading:?}");
            let text = squeeze(&browser.client.find(Locator::Css("main")).await?.text().await?);
            ensure!(text.contains(&squeeze(&expected_lead(&site, lang, page))), "{path} lacks its description");
            for doc in page.firms.iter().filter_map(|&n| data.docs.get(n)) {
                for expected in [&doc.title, &doc.summary] {
                    ensure!(text.contains(&squeeze(expected)), "{path} lacks {expected:?}");
                }
            }
            let levels = heading_levels(&browser).await?;
            ensure!(levels.first() == Some(&1), "{path} starts with its h1: {levels:?}");
            ensure!(levels.windows(2).all(|pair| pair[1] <= pair[0] + 1), "{path} skips a heading level: {levels:?}");
            let related = browser.client.find_all(Locator::Css(".related a[href]")).await?;
            ensure!(!related.is_empty(), "{path} links to related terms");
        }
    }
    ensure!(browser.fetched("/data/", "").await?.is_empty(), "no data was fetched without scripts");
    browser.close().await
}

/// The levels of the headings in `main`, in document order.
async fn heading_levels(browser: &Browser) -> Result<Vec<u8>> {
    let mut levels = Vec::new();
    for heading in browser.client.find_all(Locator::Css("main :is(h1, h2, h3, h4, h5, h6)")).await? {
        let name = heading.tag_name().await?;
        levels.push(name.trim_start_matches(['h', 'H']).parse()?);
    }
    Ok(levels)
}

#[tokio::test]
async fn a_firms_tag_leads_to_its_landing_page_which_lists_the_firm() -> Result<()> {
    // Under a sub-path: the tag's address is relative to the page's base.
    let browser = Browser::under_sub_path().await?;
    browser.open(&format!("de/firms/{TITANIUM_FIRM}/")).await?;
    let tag = browser.client.find(Locator::Css(".facts a[href*='/materials/titanium/']")).await?;
    let label = tag.text().await?;
    tag.click().await?;
    browser.wait_until("article.landing-page h1", "the landing page", |t| t == [label.clone()]).await?;
    let path = browser.current_path().await?;
    ensure!(path == "/fukushima/de/materials/titanium/", "the tag leads to its landing page: {path}");
    let listed = browser.client.find_all(Locator::Css(&format!("li.result[data-id='{TITANIUM_FIRM}']"))).await?;
    ensure!(listed.len() == 1, "the landing page lists the firm");
    browser.close().await
}

#[tokio::test]
async fn the_search_link_opens_the_search_with_the_filter_applied() -> Result<()> {
    let site = shipped()?;
    let english = site.languages.iter().find(|l| l.lang == Lang::En).context("English")?;
    let segment = CLEANROOM.split('/').next().unwrap_or_default();
    let slug = CLEANROOM.split('/').nth(1).unwrap_or_default();
    let page = landing::find(&english.data, segment, slug).context("the cleanroom page")?;
    let mut expected = firm_ids(&english.data, &page);

    let browser = Browser::at_root().await?;
    browser.open(&format!("en/{CLEANROOM}")).await?;
    browser.client.find(Locator::Css("a.search-link")).await?.click().await?;
    // A new page: the pre-rendered search (every firm) until the app has applied the filter.
    let started = std::time::Instant::now();
    while !browser.current_path().await?.starts_with("/en/search/") {
        ensure!(started.elapsed() < std::time::Duration::from_secs(20), "the search page did not open");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.client.wait().for_element(Locator::Css("html[data-live] #result-status")).await?;
    let path = browser.current_path().await?;
    ensure!(path == "/en/search/?process=cleanroom_assembly", "the search with the filter: {path}");
    let ticked = browser.client.find(Locator::Css("input[data-facet=process][data-value=cleanroom_assembly]")).await?;
    ensure!(ticked.prop("checked").await?.as_deref() == Some("true"), "the filter is ticked");
    let first = expected.first().cloned().unwrap_or_default();
    let mut found = browser.wait_for_result(&first).await?;
    found.sort();
    expected.sort();
    ensure!(found == expected, "the search lists the landing page's firms: {found:?} vs {expected:?}");
    browser.close().await
}

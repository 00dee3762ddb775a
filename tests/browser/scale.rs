//! A directory too large for one index in the page: `cargo xtask test` builds the shipped
//! content plus generated firms (`SITE_TEST_DIST_SCALE`, under `/fukushima/`), in which
//! Japanese and Thai are searched from shards. Their search page answers queries and filters
//! by fetching byte ranges of the sharded index, and must rank, list and count exactly as the
//! engine does natively over the one-file index of the same build.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{ensure, Context, Result};
use engine::facets::{FacetTable, Selection, FACETS};
use engine::model::{Doc, SiteData};
use engine::shard::{Answer, Request, ShardReader};
use engine::{finder, Index, Lang};
use fantoccini::Locator;
use site_first_answer::sharded::RESULTS_PER_PAGE as PAGE;
use site_tests::{dist, Browser, DIST_LARGE_ENV, DIST_SCALE_ENV, PATIENCE, SUB_PATH};

/// What the build holds for one language, read natively.
struct Native {
    index: Index,
    /// The page data's documents in the index's order (as the facet table counts them).
    docs: Vec<Doc>,
}

impl Native {
    fn load(build: &Path, lang: Lang) -> Result<Native> {
        let (index_file, pages_file) = (data_file(build, lang, ".idx")?, data_file(build, lang, ".pages")?);
        let index = Index::from_bytes(&std::fs::read(build.join(&index_file))?)?;
        let site = SiteData::from_bytes(&std::fs::read(build.join(&pages_file))?).map_err(anyhow::Error::msg)?;
        let docs = index
            .doc_refs
            .iter()
            .map(|reference| site.docs.iter().find(|doc| sitegen::sharding::reference(doc) == *reference).cloned())
            .collect::<Option<Vec<Doc>>>()
            .context("the page data holds every indexed document")?;
        Ok(Native { index, docs })
    }

    /// The slugs of the first `count` results of `query` with `selection`, and the facet
    /// counts over all its results (as the app and the first answer show them).
    fn expect(&self, lang: Lang, query: &str, selection: &Selection, count: usize) -> (Vec<String>, Counts) {
        let found = finder::find(&self.index, lang, query);
        let candidates: Vec<u32> = if found.tokens.is_empty() {
            (0..self.docs.len() as u32).collect()
        } else {
            found.hits.iter().map(|hit| hit.doc).collect()
        };
        let table = FacetTable::new(&self.docs);
        let shown = table.filter(&candidates, selection);
        let slugs = shown.iter().take(count).map(|&doc| self.docs[doc as usize].id.clone()).collect();
        let mut counts = Counts::new();
        for (slot, values) in table.counts(&candidates, selection).into_iter().enumerate() {
            for (value, n) in values.into_iter().filter(|(_, n)| *n > 0) {
                counts.insert((FACETS[slot].param.to_string(), value), n);
            }
        }
        (slugs, counts)
    }
}

/// Facet value (parameter, id) → count.
type Counts = BTreeMap<(String, String), usize>;

/// `data/{lang}.{hash}{extension}` of the build.
fn data_file(build: &Path, lang: Lang, extension: &str) -> Result<String> {
    let prefix = format!("{}.", lang.code());
    std::fs::read_dir(build.join("data"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with(&prefix) && name.ends_with(extension))
        .map(|name| format!("data/{name}"))
        .with_context(|| format!("no {lang} {extension} file in the build"))
}

/// The counts the page shows on its visible facet values.
async fn shown_counts(browser: &Browser) -> Result<Counts> {
    let listed = browser
        .client
        .execute(
            "return [...document.querySelectorAll('fieldset.facet li:not([hidden]) input')].map(i =>
               [i.dataset.facet, i.dataset.value, i.closest('li').querySelector('.count').textContent])",
            vec![],
        )
        .await?;
    let mut counts = Counts::new();
    for entry in listed.as_array().cloned().unwrap_or_default() {
        let text = entry[2].as_str().unwrap_or_default();
        let n: usize =
            text.trim_matches(|c: char| !c.is_ascii_digit()).parse().with_context(|| format!("count {text:?}"))?;
        counts.insert((entry[0].as_str().unwrap_or_default().into(), entry[1].as_str().unwrap_or_default().into()), n);
    }
    Ok(counts)
}

/// Waits until the page lists exactly `expected` (the first results).
async fn wait_for_list(browser: &Browser, expected: &[String], what: &str) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        // The list may be replaced while it is read: a failed read is tried again, and named
        // if it is the last.
        let (ids, read_error) = match browser.result_ids().await {
            Ok(ids) => (ids, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        if ids == expected {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            let status = browser.texts("#result-status").await.unwrap_or_default();
            anyhow::bail!(
                "{what}: the page lists {ids:?}, the engine ranks {expected:?} (status {status:?}; last read error: {read_error:?})"
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Waits until the page's counts are `expected` and no longer marked as being worked out: the
/// results are listed before the counts arrive.
async fn wait_for_counts(browser: &Browser, expected: &Counts, what: &str) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        let counts = shown_counts(browser).await.unwrap_or_default();
        let busy = browser.client.execute("return document.querySelector('#facet-panel[aria-busy]') !== null", vec![]);
        if &counts == expected && busy.await? == false {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            anyhow::bail!("{what}: the page counts {counts:?}, the engine {expected:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_sharded_search_ranks_lists_and_counts_as_the_engine_does() -> Result<()> {
    let build = dist(DIST_SCALE_ENV)?;
    let browser = Browser::start(&build, SUB_PATH).await?;
    for (lang, query, second) in [(Lang::Th, "ฉีดขึ้นรูป", "ไทเทเนียม"), (Lang::Ja, "射出成形", "チタン 切削")]
    {
        let native = Native::load(&build, lang)?;
        let html = std::fs::read_to_string(build.join(lang.code()).join("search/index.html"))?;
        ensure!(html.contains("data-shards=") && !html.contains("data-index="), "{lang} is searched from shards");
        // Not every firm's card in the page: the first firms listed, and one card as a shape.
        let firm_cards = html.matches("data-kind=\"firms\"").count();
        ensure!(firm_cards <= engine::landing::MAX_LISTED + 1, "{lang}: {firm_cards} firm cards in the page");
        ensure!(!html.contains("result-bodies"), "{lang}: no body texts in the page");

        let none = Selection::default();
        let (expected, counts) = native.expect(lang, query, &none, PAGE);
        ensure!(expected.len() >= 5, "{lang} {query}: a query with results ({expected:?})");
        browser.open_html(&format!("{}/search/?q={}", lang.code(), urlencoding(query))).await?;
        wait_for_list(&browser, &expected, &format!("{lang} {query}")).await?;
        wait_for_counts(&browser, &counts, &format!("{lang} {query}")).await?;
        // More results: the next cards of the same ranking.
        let (longer, _) = native.expect(lang, query, &none, 2 * PAGE);
        ensure!(longer.len() > PAGE, "{lang} {query}: more than a page of results");
        browser.client.find(Locator::Css("button.more-results")).await?.click().await?;
        wait_for_list(&browser, &longer, &format!("{lang} {query}, more")).await?;

        // Only parts of the index, never the whole index or every page's data.
        let parts = browser.fetched("/data/", ".bin").await?;
        ensure!(!parts.is_empty(), "{lang}: the page fetched index parts");
        for whole in [".idx", ".pages"] {
            let fetched = browser.fetched("/data/", whole).await?;
            ensure!(fetched.is_empty(), "{lang}: a sharded search page fetched {fetched:?}");
        }

        // A tick filters, by range too, and the address keeps it.
        let (slot, value) = counts.keys().next().cloned().context("a facet value")?;
        let mut ticked = none.clone();
        let slot_index = FACETS.iter().position(|f| f.param == slot).context("a facet")?;
        ticked[slot_index].insert(value.clone());
        let (filtered, filtered_counts) = native.expect(lang, query, &ticked, PAGE);
        browser.client.find(Locator::Css(&format!("label[for=facet-{slot}-{value}]"))).await?.click().await?;
        wait_for_list(&browser, &filtered, &format!("{lang} {query} + {slot}={value}")).await?;
        wait_for_counts(&browser, &filtered_counts, &format!("{lang}: counts with {slot}={value}")).await?;
        ensure!(browser.current_path().await?.contains(&format!("{slot}={value}")), "the address holds the filter");

        // Another query on the same page, filter kept.
        let input = browser.client.find(Locator::Css("#search-input")).await?;
        input.clear().await?;
        input.send_keys(second).await?;
        let (again, _) = native.expect(lang, second, &ticked, PAGE);
        wait_for_list(&browser, &again, &format!("{lang} {second} + {slot}={value}")).await?;

        // Nothing typed, the filter alone: the firms carrying the value, in document order.
        // (Select all, then delete, as a reader does: WebDriver's clear sends no input event.)
        input.send_keys("\u{E009}a\u{E009}\u{E003}").await?;
        let (browsed, _) = native.expect(lang, "", &ticked, PAGE);
        ensure!(!browsed.is_empty(), "firms carry {slot}={value}");
        wait_for_list(&browser, &browsed, &format!("{lang} browsing {slot}={value}")).await?;

        // Clear: nothing ticked, and the list the build wrote (its first firms) is back.
        let built: Vec<String> = native
            .docs
            .iter()
            .filter(|doc| doc.kind == engine::model::DocKind::Firm)
            .take(engine::landing::MAX_LISTED)
            .map(|doc| doc.id.clone())
            .collect();
        browser.client.find(Locator::Css("button.clear-filters")).await?.click().await?;
        wait_for_list(&browser, &built, &format!("{lang} cleared")).await?;
        ensure!(!browser.current_path().await?.contains('?'), "{lang}: the address holds no filter once cleared");
        let ticked_boxes = browser.client.find_all(Locator::Css("fieldset.facet input:checked")).await?;
        ensure!(ticked_boxes.is_empty(), "{lang}: no box stays ticked");

        no_console_errors(&browser, &lang.to_string()).await?;
    }
    browser.close().await
}

/// The engine's own sharded reader over the build's files, natively: the answer the page must
/// show (estimated counts included), and the requests it made after the root, which the page
/// inlines.
fn native_sharded(build: &Path, lang: Lang, query: &str, selection: &Selection) -> Result<(Answer, usize)> {
    use std::io::{Read, Seek, SeekFrom};
    let root = data_file(build, lang, ".root.bin")?;
    let mut reader = ShardReader::new(root.trim_start_matches("data/"));
    let mut requests = 0;
    let read = |request: &Request| -> Result<Vec<u8>> {
        // The root names its parts by address; each is a file of `data/`.
        let name = request.file.rsplit('/').next().unwrap_or_default();
        let mut file = std::fs::File::open(build.join("data").join(name))
            .with_context(|| format!("{}: no such part in the build", request.file))?;
        let mut bytes = Vec::new();
        match request.range {
            Some((start, end)) => {
                file.seek(SeekFrom::Start(start))?;
                bytes.resize((end - start) as usize, 0);
                file.read_exact(&mut bytes)?;
            }
            None => {
                file.read_to_end(&mut bytes)?;
            }
        }
        Ok(bytes)
    };
    let answer = reader.search(query, selection, &finder::site_options(), PAGE, |asked: &[Request]| {
        requests += asked.len();
        asked.iter().map(read).collect::<Result<Vec<_>>>()
    })?;
    Ok((answer, requests.saturating_sub(1)))
}

/// A buyer's query per language on ten thousand firms: every language is searched from shards,
/// the page lists what the engine ranks over the one-file index, shows the counts the sharded
/// reader gives (marked `≈` when estimated), and fetches exactly the reader's requests.
#[tokio::test]
async fn ten_thousand_firms_are_searched_from_shards_as_the_engine_does() -> Result<()> {
    let build = dist(DIST_LARGE_ENV)?;
    let browser = Browser::start(&build, SUB_PATH).await?;
    let queries = [
        (Lang::Th, "ฉีดขึ้นรูป"),
        (Lang::Ja, "射出成形 クリーンルーム"),
        (Lang::En, "micro machining titanium"),
        (Lang::De, "Spritzguss Reinraum"),
    ];
    for (lang, query) in queries {
        let what = format!("{lang} {query} (10,000 firms)");
        let html = std::fs::read_to_string(build.join(lang.code()).join("search/index.html"))?;
        ensure!(html.contains("data-shards="), "{what}: searched from shards");
        let native = Native::load(&build, lang)?;
        let none = Selection::default();
        let (expected, _) = native.expect(lang, query, &none, PAGE);
        ensure!(expected.len() == PAGE, "{what}: a page of results ({expected:?})");
        let (answer, requests) = native_sharded(&build, lang, query, &none)?;
        let read: Vec<String> =
            answer.shown.iter().take(PAGE).map(|&doc| native.docs[doc as usize].id.clone()).collect();
        ensure!(read == expected, "{what}: the reader ranks {read:?}, the whole index {expected:?}");
        let mut counts = Counts::new();
        for (facet, values) in FACETS.iter().zip(&answer.counts) {
            for (value, &n) in values.iter().filter(|(_, n)| **n > 0) {
                counts.insert((facet.param.to_string(), value.clone()), n);
            }
        }

        browser.open_html(&format!("{}/search/?q={}", lang.code(), urlencoding(query))).await?;
        wait_for_list(&browser, &expected, &what).await?;
        wait_for_counts(&browser, &counts, &what).await?;
        let marks = browser.texts("fieldset.facet li:not([hidden]) .count").await?;
        ensure!(
            marks.iter().all(|text| text.contains('≈') == answer.counts_estimated),
            "{what}: counts {marks:?}, estimated: {}",
            answer.counts_estimated
        );
        let parts = browser.fetched("/data/", ".bin").await?;
        let bytes = fetched_bytes(&browser, ".bin").await?;
        eprintln!("{what}: {} requests, {bytes} bytes of index parts", parts.len());
        ensure!(parts.len() == requests, "{what}: the page made {} requests, the reader {requests}", parts.len());
        for whole in [".idx", ".pages"] {
            let fetched = browser.fetched("/data/", whole).await?;
            ensure!(fetched.is_empty(), "{what}: fetched {fetched:?}");
        }
        no_console_errors(&browser, &what).await?;
    }
    browser.close().await
}

/// On a slow link a sharded search lists its best results while the rest are on their way:
/// the ten cards of a 10,000-firm query lie far apart, a request each, and arrive one after
/// another on a link with 300 ms of latency; the cards go out best first and the list grows as
/// they come in (every state the page draws is recorded).
#[tokio::test]
async fn a_sharded_search_lists_its_best_results_while_the_rest_are_on_their_way() -> Result<()> {
    let build = dist(DIST_LARGE_ENV)?;
    let browser = Browser::start(&build, SUB_PATH).await?;
    let (lang, query) = (Lang::En, "micro machining titanium");
    let native = Native::load(&build, lang)?;
    let (expected, _) = native.expect(lang, query, &Selection::default(), PAGE);
    ensure!(expected.len() == PAGE, "a page of results ({expected:?})");
    browser.open_html(&format!("{}/search/", lang.code())).await?;
    let slow = serde_json::json!({ "offline": false, "latency": 300, "downloadThroughput": 10_000_000, "uploadThroughput": 10_000_000 });
    xtask::webdriver::cdp(&browser.client, "Network.enable", serde_json::json!({})).await?;
    // The service worker's fetches are not the page's, and would not be slowed.
    xtask::webdriver::cdp(&browser.client, "Network.setBypassServiceWorker", serde_json::json!({ "bypass": true }))
        .await?;
    xtask::webdriver::cdp(&browser.client, "Network.emulateNetworkConditions", slow).await?;
    // Every state of the list, as the page draws it (polling from here could miss one on a
    // busy machine).
    browser
        .client
        .execute(
            "window.listedStates = [];
             const ids = () => [...document.querySelectorAll('ol.results > li.result')].map(li => li.dataset.id);
             new MutationObserver(() => window.listedStates.push(ids()))
                 .observe(document.body, { childList: true, subtree: true });
             const box = document.querySelector('#search-input'); box.value = arguments[0];
             box.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::json!(query)],
        )
        .await?;
    wait_for_list(&browser, &expected, query).await?;
    let states: Vec<Vec<String>> =
        serde_json::from_value(browser.client.execute("return window.listedStates", vec![]).await?)?;
    ensure!(
        states.iter().any(|ids| !ids.is_empty() && ids.len() < expected.len() && expected.starts_with(ids)),
        "the list went from the one before to all {PAGE} results at once: {states:?}"
    );
    no_console_errors(&browser, query).await?;
    browser.close().await
}

#[tokio::test]
async fn a_small_language_of_the_same_site_keeps_its_index_in_the_page() -> Result<()> {
    let build = dist(DIST_SCALE_ENV)?;
    let html = std::fs::read_to_string(build.join("en/search/index.html"))?;
    ensure!(html.contains("data-index=") && !html.contains("data-shards="), "English stays one file");
    let browser = Browser::start(&build, SUB_PATH).await?;
    let native = Native::load(&build, Lang::En)?;
    let (expected, _) = native.expect(Lang::En, "titanium", &Selection::default(), usize::MAX);
    browser.open_html("en/search/?q=titanium").await?;
    wait_for_list(&browser, &expected, "en titanium").await?;
    browser.close().await
}

/// The `data-id`s of the elements matching `css`, once they are `expected`.
async fn wait_for_ids(browser: &Browser, css: &str, expected: &[String]) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        let mut ids = Vec::new();
        for element in browser.client.find_all(Locator::Css(css)).await.unwrap_or_default() {
            ids.push(element.attr("data-id").await.ok().flatten().unwrap_or_default());
        }
        if ids == expected {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            anyhow::bail!("`{css}` lists {ids:?}, expected {expected:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Bytes of the bodies the page fetched from addresses ending in `suffix`.
async fn fetched_bytes(browser: &Browser, suffix: &str) -> Result<u64> {
    let sizes = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
               .filter(e => e.name.endsWith(arguments[0])).map(e => e.encodedBodySize)",
            vec![serde_json::json!(suffix)],
        )
        .await?;
    Ok(sizes.as_array().map_or(0, |sizes| sizes.iter().filter_map(serde_json::Value::as_u64).sum()))
}

#[tokio::test]
async fn a_sharded_languages_shortlist_and_compare_read_only_their_firms() -> Result<()> {
    const STORAGE_KEY: &str = "connected-fukushima.shortlist.v1";
    let build = dist(DIST_SCALE_ENV)?;
    let lang = Lang::Th;
    let native = Native::load(&build, lang)?;
    let firms: Vec<&Doc> = native.docs.iter().filter(|doc| doc.kind == engine::model::DocKind::Firm).collect();
    ensure!(firms.len() > 400, "the generated directory has its firms");
    let starred: Vec<String> = [0, firms.len() / 2, firms.len() - 1].iter().map(|&n| firms[n].id.clone()).collect();
    let records_file = build.join(data_file(&build, lang, ".records")?);
    let records_size = std::fs::metadata(&records_file)?.len();

    let browser = Browser::start(&build, SUB_PATH).await?;
    browser.open_html("th/").await?;
    let mut stored = starred.clone();
    stored.push("no-such-firm".into());
    let raw = serde_json::to_string(&stored)?;
    browser
        .client
        .execute("localStorage.setItem(arguments[0], arguments[1])", vec![STORAGE_KEY.into(), raw.into()])
        .await?;
    browser.open("th/shortlist/").await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted", &stored).await?;
    // Each starred firm by its name; a firm the directory does not have, said so.
    let rows = browser.texts("ul.shortlist > li.shortlisted").await?;
    for (row, id) in rows.iter().zip(&starred) {
        let title = &firms.iter().find(|doc| &doc.id == id).context("a starred firm")?.title;
        ensure!(row.contains(title.as_str()), "the row of {id} names {title}: {row}");
    }
    let unknown = browser.client.find_all(Locator::Css("li.shortlisted.unknown")).await?;
    ensure!(unknown.len() == 1, "only the firm the directory lacks is unknown ({} are)", unknown.len());
    // The head and a few buckets of the records, never every page's data or the index.
    ensure!(browser.fetched("/data/", ".head").await?.len() == 1, "the page data's head is read");
    for whole in [".pages", ".idx"] {
        let fetched = browser.fetched("/data/", whole).await?;
        ensure!(fetched.is_empty(), "the shortlist of a sharded language fetched {fetched:?}");
    }
    let read = fetched_bytes(&browser, ".records").await?;
    ensure!(read > 0 && read * 3 < records_size, "{read} bytes of the {records_size}-byte records read for 3 firms");

    // Compare from an address, with a firm the shortlist does not hold.
    let outside = firms[firms.len() / 3].id.clone();
    let compared = vec![starred[1].clone(), outside.clone()];
    browser.open(&format!("th/compare/?ids={}", compared.join(","))).await?;
    wait_for_ids(&browser, "table.compare thead th[data-id]", &compared).await?;

    // A firm starred in another tab is read when the shortlist learns of it.
    let added = firms[firms.len() / 4].id.clone();
    let mut more = stored.clone();
    more.push(added.clone());
    browser
        .client
        .execute(
            "localStorage.setItem(arguments[0], arguments[1]);
             window.dispatchEvent(new StorageEvent('storage', { key: arguments[0] }))",
            vec![STORAGE_KEY.into(), serde_json::to_string(&more)?.into()],
        )
        .await?;
    browser.client.find(Locator::Css("li.nav-shortlist a")).await?.click().await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted", &more).await?;
    let title = &firms.iter().find(|doc| doc.id == added).context("the added firm")?.title;
    browser
        .wait_until(&format!("li.shortlisted[data-id='{added}']"), "the added firm's name", |rows| {
            rows.first().is_some_and(|row| row.contains(title.as_str()))
        })
        .await?;

    // The search page is the build's own (its first-answer module), not drawn by the app.
    browser.client.find(Locator::Css("header nav a[href$='th/search/']")).await?.click().await?;
    let started = std::time::Instant::now();
    while browser.client.execute("return document.documentElement.dataset.shards || ''", vec![]).await? == "" {
        ensure!(started.elapsed() < PATIENCE, "the search link loads the sharded search page");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    no_console_errors(&browser, "shortlist and compare").await?;
    browser.close().await
}

#[tokio::test]
async fn on_a_phone_a_sharded_search_filters_from_its_drawer() -> Result<()> {
    let build = dist(DIST_SCALE_ENV)?;
    let (lang, query) = (Lang::Ja, "射出成形");
    let native = Native::load(&build, lang)?;
    let browser = Browser::start(&build, SUB_PATH).await?;
    browser.client.set_window_size(420, 860).await?;
    let (expected, counts) = native.expect(lang, query, &Selection::default(), PAGE);
    browser.open_html(&format!("{}/search/?q={}", lang.code(), urlencoding(query))).await?;
    wait_for_list(&browser, &expected, &format!("{lang} {query} on a phone")).await?;
    let panel = browser.client.find(Locator::Css("#facet-panel")).await?;
    ensure!(!panel.is_displayed().await?, "the filters start closed");
    let toggle = browser.client.find(Locator::Css("button.facet-toggle")).await?;
    ensure!(toggle.attr("aria-expanded").await?.as_deref() == Some("false"), "the toggle says closed");
    toggle.click().await?;
    ensure!(panel.is_displayed().await?, "the toggle opens the drawer");
    ensure!(toggle.attr("aria-expanded").await?.as_deref() == Some("true"), "the toggle says open");

    let (slot, value) = counts.keys().next().cloned().context("a facet value")?;
    let mut ticked = Selection::default();
    ticked[FACETS.iter().position(|f| f.param == slot).context("a facet")?].insert(value.clone());
    let (filtered, _) = native.expect(lang, query, &ticked, PAGE);
    browser.client.find(Locator::Css(&format!("label[for=facet-{slot}-{value}]"))).await?.click().await?;
    wait_for_list(&browser, &filtered, &format!("{lang} {query} + {slot}={value} on a phone")).await?;
    ensure!(browser.current_path().await?.contains(&format!("{slot}={value}")), "the address holds the filter");
    browser.client.find(Locator::Css("#facet-panel button.facet-close")).await?.click().await?;
    ensure!(!panel.is_displayed().await?, "the close button closes the drawer");
    ensure!(toggle.attr("aria-expanded").await?.as_deref() == Some("false"), "the toggle says closed again");
    browser.close().await
}

#[tokio::test]
async fn a_sharded_search_and_shortlist_work_offline_after_one_visit() -> Result<()> {
    const STORAGE_KEY: &str = "connected-fukushima.shortlist.v1";
    let build = dist(DIST_SCALE_ENV)?;
    let (lang, query) = (Lang::Th, "ฉีดขึ้นรูป");
    let native = Native::load(&build, lang)?;
    let (expected, _) = native.expect(lang, query, &Selection::default(), PAGE);
    let firm = native.docs.iter().find(|doc| doc.kind == engine::model::DocKind::Firm).context("a firm")?;
    let search = format!("{}/search/?q={}", lang.code(), urlencoding(query));
    // A private server, as going offline fails every request of it.
    let browser = Browser::start(&build, SUB_PATH).await?;
    browser.open(&search).await?;
    wait_for_list(&browser, &expected, "online").await?;
    crate::offline::controlled_caches(&browser).await?;
    let raw = serde_json::to_string(&[&firm.id])?;
    browser
        .client
        .execute("localStorage.setItem(arguments[0], arguments[1])", vec![STORAGE_KEY.into(), raw.into()])
        .await?;
    // Once the worker is in charge, what the visitor reads is kept: the parts of this query,
    // and the head and bucket of the shortlisted firm.
    browser.reload().await?;
    wait_for_list(&browser, &expected, "under the worker").await?;
    browser.open("th/shortlist/").await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted:not(.unknown)", std::slice::from_ref(&firm.id)).await?;

    browser.go_offline()?;
    browser.open(&search).await?;
    wait_for_list(&browser, &expected, "offline").await?;
    browser.open("th/shortlist/").await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted:not(.unknown)", std::slice::from_ref(&firm.id)).await?;
    let names = browser.texts("ul.shortlist > li.shortlisted").await?;
    ensure!(names.iter().any(|row| row.contains(firm.title.as_str())), "the firm by its name offline: {names:?}");
    browser.close().await
}

/// Fails on any error the page logged.
async fn no_console_errors(browser: &Browser, what: &str) -> Result<()> {
    let errors: Vec<(String, String)> =
        browser.console_messages().await?.into_iter().filter(|(level, _)| level == "SEVERE").collect();
    ensure!(errors.is_empty(), "{what}: console errors {errors:?}");
    Ok(())
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

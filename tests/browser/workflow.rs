//! From search to contact: the shortlist (kept across reloads), compare, the CSV download and
//! the inquiry e-mail.

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::json;
use site_tests::{Browser, PATIENCE};

const TITANIUM_FIRM: &str = "hoshizora-micro";
const MOULDING_FIRM: &str = "shirakaba-mold";
const MORE_FIRMS: [&str; 3] = ["akanezora-plastics", "hakobera-works", "hisagi-press"];
/// Where the app keeps the shortlist (`app/src/shortlist.rs`).
const STORAGE_KEY: &str = "connected-fukushima.shortlist.v1";

async fn find(browser: &Browser, css: &str) -> Result<Element> {
    browser.client.wait().at_most(PATIENCE).for_element(Locator::Css(css)).await.with_context(|| format!("no `{css}`"))
}

async fn attribute(browser: &Browser, css: &str, name: &str) -> Result<String> {
    Ok(find(browser, css).await?.attr(name).await?.unwrap_or_default())
}

/// Waits until attribute `name` of `css` equals `expected`.
async fn wait_for_attribute(browser: &Browser, css: &str, name: &str, expected: &str) -> Result<()> {
    let started = Instant::now();
    loop {
        let found = match browser.client.find(Locator::Css(css)).await {
            Ok(element) => element.attr(name).await.ok().flatten(),
            Err(_) => None,
        };
        if found.as_deref() == Some(expected) {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            bail!("`{css}` never had {name}={expected:?}; last {found:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The `data-id`s of the elements matching `css`, in order.
async fn data_ids(browser: &Browser, css: &str) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for element in browser.client.find_all(Locator::Css(css)).await? {
        ids.push(element.attr("data-id").await?.unwrap_or_default());
    }
    Ok(ids)
}

async fn wait_for_ids(browser: &Browser, css: &str, expected: &[&str]) -> Result<()> {
    let started = Instant::now();
    loop {
        let ids = data_ids(browser, css).await.unwrap_or_default();
        if ids == expected {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            bail!("`{css}` lists {ids:?}, expected {expected:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_for_count(browser: &Browser, count: usize) -> Result<()> {
    let expected = format!("({count})");
    browser.wait_until(".nav-shortlist .nav-count", "the shortlist count", |t| t.first() == Some(&expected)).await?;
    Ok(())
}

/// Writes the shortlist straight into `localStorage` (the page must be on the site's origin).
async fn store_shortlist(browser: &Browser, raw: &str) -> Result<()> {
    browser
        .client
        .execute("localStorage.setItem(arguments[0], arguments[1])", vec![json!(STORAGE_KEY), json!(raw)])
        .await?;
    Ok(())
}

async fn open_with_shortlist(browser: &Browser, path: &str, ids: &[&str]) -> Result<()> {
    let (lang, _) = path.split_once('/').unwrap_or(("en", ""));
    browser.open(&format!("{lang}/")).await?;
    browser.texts(".site-name").await?;
    store_shortlist(browser, &serde_json::to_string(ids)?).await?;
    browser.open(path).await
}

/// `scheme://host:port` of the current page.
async fn origin(browser: &Browser) -> Result<String> {
    let url = browser.client.current_url().await?;
    Ok(url.origin().ascii_serialization())
}

/// The bytes of the file behind the page's CSV download link, fetched from its object URL.
async fn downloaded_csv(browser: &Browser) -> Result<(String, Vec<u8>)> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const link = document.querySelector('a.csv-download');
        if (!link || !link.href.startsWith('blob:')) { done({ error: 'no blob link: ' + (link && link.href) }); return; }
        fetch(link.href)
            .then(r => r.arrayBuffer())
            .then(b => done({ name: link.download, bytes: Array.from(new Uint8Array(b)) }))
            .catch(e => done({ error: String(e) }));
    "#;
    let answer = browser.client.execute_async(script, vec![]).await?;
    if let Some(error) = answer.get("error") {
        bail!("CSV download not available: {error}");
    }
    let name = answer["name"].as_str().unwrap_or_default().to_string();
    let bytes = answer["bytes"]
        .as_array()
        .context("no bytes")?
        .iter()
        .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()).context("not a byte"))
        .collect::<Result<Vec<u8>>>()?;
    Ok((name, bytes))
}

/// Clicks an export button and returns the parsed rows of the file it made (header first).
async fn export(browser: &Browser, what: &str) -> Result<(String, Vec<Vec<String>>)> {
    find(browser, &format!("button.export-csv[data-export='{what}']")).await?.click().await?;
    browser.wait_until(".export-status", "the export confirmation", |t| t.iter().any(|s| s.contains(".csv"))).await?;
    let (name, bytes) = downloaded_csv(browser).await?;
    ensure!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "the file starts with a UTF-8 BOM: {:?}",
        &bytes[..bytes.len().min(8)]
    );
    ensure!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record.context("the CSV parses")?.iter().map(String::from).collect::<Vec<_>>());
    }
    Ok((name, rows))
}

fn percent_decode(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).context("truncated escape")?;
            out.push(u8::from_str_radix(hex, 16)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8(out)?)
}

#[tokio::test]
async fn a_starred_firm_survives_a_reload_and_is_on_the_shortlist() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/search/?q=titanium").await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    let star = format!("li.result[data-id='{TITANIUM_FIRM}'] button.star");
    ensure!(attribute(&browser, &star, "aria-pressed").await? == "false", "not starred yet");
    let label = attribute(&browser, &star, "aria-label").await?;
    ensure!(label.starts_with("Shortlist ") && label.contains("Hoshizora"), "the label names the firm: {label}");
    wait_for_count(&browser, 0).await?;

    find(&browser, &star).await?.click().await?;
    wait_for_attribute(&browser, &star, "aria-pressed", "true").await?;
    wait_for_count(&browser, 1).await?;

    browser.reload().await?;
    browser.wait_for_result(TITANIUM_FIRM).await?;
    wait_for_attribute(&browser, &star, "aria-pressed", "true").await?;
    wait_for_count(&browser, 1).await?;

    browser.open("en/shortlist/").await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted", &[TITANIUM_FIRM]).await?;
    let names = browser.texts("ul.shortlist h2").await?;
    ensure!(names[0].contains("Hoshizora Micro"), "the firm is named: {names:?}");

    find(&browser, "ul.shortlist button.remove").await?.click().await?;
    browser.texts(".shortlist-empty").await?;
    wait_for_count(&browser, 0).await?;
    browser.reload().await?;
    browser.texts(".shortlist-empty").await?;
    wait_for_count(&browser, 0).await?;
    browser.close().await
}

#[tokio::test]
async fn the_star_on_a_profile_shortlists_the_firm_in_german() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open(&format!("de/firms/{MOULDING_FIRM}/")).await?;
    let star = ".firm-profile button.star";
    let label = attribute(&browser, star, "aria-label").await?;
    ensure!(label.ends_with(" merken"), "German label: {label}");
    find(&browser, star).await?.click().await?;
    wait_for_attribute(&browser, star, "aria-pressed", "true").await?;
    wait_for_count(&browser, 1).await?;
    find(&browser, ".nav-shortlist a").await?.click().await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted", &[MOULDING_FIRM]).await?;
    ensure!(browser.current_path().await? == "/de/shortlist/", "on the German shortlist");
    browser.close().await
}

#[tokio::test]
async fn corrupt_stored_data_is_ignored() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/").await?;
    browser.texts(".site-name").await?;
    store_shortlist(&browser, "{not json").await?;
    browser.open("en/shortlist/").await?;
    browser.texts(".shortlist-empty").await?;
    wait_for_count(&browser, 0).await?;

    store_shortlist(&browser, &format!(r#"[1, "{TITANIUM_FIRM}"]"#)).await?;
    browser.reload().await?;
    browser.texts(".shortlist-empty").await?;
    wait_for_count(&browser, 0).await?;

    store_shortlist(&browser, &format!(r#"["<img src=x>", "{TITANIUM_FIRM}", "{TITANIUM_FIRM}", "no-such-firm"]"#))
        .await?;
    browser.reload().await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted", &[TITANIUM_FIRM, "no-such-firm"]).await?;
    wait_for_count(&browser, 2).await?;
    let unknown = browser.texts("li.shortlisted.unknown").await?;
    ensure!(unknown[0].contains("no-such-firm"), "a stale id is shown so it can be removed: {unknown:?}");
    browser.close().await
}

#[tokio::test]
async fn compare_shows_the_chosen_firms_side_by_side() -> Result<()> {
    let browser = Browser::at_root().await?;
    let listed = [TITANIUM_FIRM, MOULDING_FIRM, MORE_FIRMS[0], MORE_FIRMS[1], MORE_FIRMS[2]];
    open_with_shortlist(&browser, "en/shortlist/", &listed).await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted", &listed).await?;
    let link = find(&browser, "a.compare-link").await?;
    ensure!(link.attr("href").await?.is_none(), "nothing to compare yet: no link target");
    ensure!(link.attr("aria-disabled").await?.as_deref() == Some("true"), "and marked unavailable");

    for id in &listed[..4] {
        find(&browser, &format!("input.compare-choice[data-id='{id}']")).await?.click().await?;
    }
    let fifth = find(&browser, &format!("input.compare-choice[data-id='{}']", listed[4])).await?;
    let started = Instant::now();
    while fifth.prop("disabled").await?.as_deref() != Some("true") {
        ensure!(started.elapsed() < PATIENCE, "a fifth firm cannot be chosen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for id in &listed[2..4] {
        find(&browser, &format!("input.compare-choice[data-id='{id}']")).await?.click().await?;
    }
    let wanted = format!("en/compare/?ids={TITANIUM_FIRM},{MOULDING_FIRM}");
    let started = Instant::now();
    loop {
        let href = match browser.client.find(Locator::Css("a.compare-link")).await {
            Ok(link) => link.attr("href").await?.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if href.ends_with(&wanted) {
            break;
        }
        ensure!(started.elapsed() < PATIENCE, "the compare link never pointed at {wanted}: {href:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let path = browser.current_path().await?;
    ensure!(path == format!("/en/shortlist/?compare={TITANIUM_FIRM},{MOULDING_FIRM}"), "choice in the URL: {path}");

    find(&browser, "a.compare-link").await?.click().await?;
    wait_for_ids(&browser, "table.compare thead th[data-id]", &[TITANIUM_FIRM, MOULDING_FIRM]).await?;
    let heads = browser.texts("table.compare thead th[data-id] a.compare-firm").await?;
    ensure!(heads[0].contains("Hoshizora") && heads.len() == 2, "firm names as column heads: {heads:?}");

    let mut differing = 0;
    for row in browser.client.find_all(Locator::Css("table.compare tbody tr")).await? {
        let field = row.attr("data-field").await?.unwrap_or_default();
        let marked = row.attr("class").await?.unwrap_or_default().contains("differs");
        let heading = row.find(Locator::Css("th")).await?.text().await?;
        let mut cells = Vec::new();
        for cell in row.find_all(Locator::Css("td")).await? {
            let mut lines: Vec<String> = cell.text().await?.lines().map(String::from).collect();
            lines.sort();
            cells.push(lines);
        }
        ensure!(cells.len() == 2, "{field}: one cell per firm");
        ensure!(marked == (cells[0] != cells[1]), "{field}: marked {marked} but cells {cells:?}");
        ensure!(
            marked == heading.contains("differs"),
            "{field}: the mark is spelled out, not only coloured: {heading}"
        );
        differing += usize::from(marked);
    }
    ensure!(differing > 0, "a micro-machining shop and a moulder differ somewhere");
    for field in ["processes", "materials", "certifications", "cleanroom", "lots", "lead-time", "export", "languages"] {
        find(&browser, &format!("table.compare tr[data-field='{field}']")).await?;
    }

    find(&browser, "#compare-only-differences").await?.click().await?;
    let started = Instant::now();
    loop {
        let mut shown = 0;
        for row in browser.client.find_all(Locator::Css("table.compare tbody tr")).await? {
            shown += usize::from(row.is_displayed().await?);
        }
        if shown == differing {
            break;
        }
        ensure!(started.elapsed() < PATIENCE, "only the {differing} differing rows stay, {shown} shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let three = format!("en/compare/?ids={},{MOULDING_FIRM},{TITANIUM_FIRM}", MORE_FIRMS[0]);
    browser.open(&three).await?;
    wait_for_ids(&browser, "table.compare thead th[data-id]", &[MORE_FIRMS[0], MOULDING_FIRM, TITANIUM_FIRM]).await?;
    find(&browser, &format!("th[data-id='{}'] a.compare-remove", MORE_FIRMS[0])).await?.click().await?;
    wait_for_ids(&browser, "table.compare thead th[data-id]", &[MOULDING_FIRM, TITANIUM_FIRM]).await?;
    find(&browser, &format!("th[data-id='{MOULDING_FIRM}'] a.compare-remove")).await?.click().await?;
    browser.texts(".compare-empty").await?;
    browser.close().await
}

#[tokio::test]
async fn the_result_list_downloads_as_csv_that_parses_back() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.open("en/search/?q=titanium").await?;
    let shown = browser.wait_for_result(TITANIUM_FIRM).await?;
    let (name, rows) = export(&browser, "results").await?;
    ensure!(name.starts_with("connected-fukushima-results-en") && name.ends_with(".csv"), "file name {name}");
    ensure!(rows[0][..4] == ["ID", "Name", "Type", "Profile URL"], "English header: {:?}", rows[0]);
    ensure!(rows[0].contains(&"Process".to_string()) && rows[0].contains(&"Lead time".to_string()), "{:?}", rows[0]);
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    ensure!(ids == shown, "one row per result, in order: {ids:?} vs {shown:?}");
    ensure!(rows.iter().all(|r| r.len() == rows[0].len()), "every row has every column");
    let origin = origin(&browser).await?;
    let titanium = rows.iter().find(|r| r[0] == TITANIUM_FIRM).context("the titanium firm is in the file")?;
    ensure!(titanium[1].contains("Hoshizora"), "name column: {titanium:?}");
    ensure!(titanium[3] == format!("{origin}/en/firms/{TITANIUM_FIRM}/"), "absolute profile URL: {}", titanium[3]);
    let process = rows[0].iter().position(|h| h == "Process").context("a process column")?;
    ensure!(titanium[process].contains("Micro"), "the firm's processes: {}", titanium[process]);
    browser.close().await
}

#[tokio::test]
async fn the_shortlist_downloads_in_japanese_under_a_sub_path() -> Result<()> {
    let browser = Browser::under_sub_path().await?;
    open_with_shortlist(&browser, "ja/shortlist/", &[MOULDING_FIRM, TITANIUM_FIRM]).await?;
    wait_for_ids(&browser, "ul.shortlist > li.shortlisted", &[MOULDING_FIRM, TITANIUM_FIRM]).await?;
    let names = browser.texts("ul.shortlist h2").await?;
    let (name, rows) = export(&browser, "shortlist").await?;
    ensure!(name.starts_with("connected-fukushima-shortlist-ja"), "file name {name}");
    ensure!(rows[0][..4] == ["ID", "名称", "種別", "プロフィールURL"], "Japanese header: {:?}", rows[0]);
    ensure!(rows.len() == 3, "header and two firms: {rows:?}");
    let origin = origin(&browser).await?;
    for (row, (id, shown_name)) in rows[1..].iter().zip([MOULDING_FIRM, TITANIUM_FIRM].iter().zip(&names)) {
        ensure!(row[0] == *id && row[1] == *shown_name, "row {row:?} for {id} {shown_name}");
        ensure!(row[3] == format!("{origin}/fukushima/ja/firms/{id}/"), "URL under the sub-path: {}", row[3]);
    }
    ensure!(rows[2][1] == "株式会社ほしぞらマイクロ工房", "Japanese survives the round trip: {}", rows[2][1]);
    browser.close().await
}

#[tokio::test]
async fn the_inquiry_mailto_carries_every_field_in_german() -> Result<()> {
    let browser = Browser::at_root().await?;
    open_with_shortlist(&browser, "de/shortlist/", &[TITANIUM_FIRM]).await?;
    wait_for_ids(&browser, "ul.inquiry-firms > li", &[TITANIUM_FIRM]).await?;
    for (css, text) in [
        ("#inquiry-part", "Knochenschraube"),
        ("#inquiry-material", "Titan Grade 5"),
        ("#inquiry-quantity", "5.000 Stück & mehr"),
        ("#inquiry-tolerance", "± 5 µm"),
        ("#inquiry-certification", "ISO 13485"),
        ("#inquiry-details", "Bitte Angebot\nbis Ende März?"),
    ] {
        find(&browser, css).await?.send_keys(text).await?;
    }
    browser
        .client
        .execute(
            "const d = document.querySelector('#inquiry-target-date'); d.value = '2027-03-31';
             d.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await?;
    let started = Instant::now();
    let href = loop {
        let href = attribute(&browser, "a.inquiry-mailto", "href").await?;
        if href.contains("2027-03-31") && href.contains("Knochenschraube") && href.contains("M%C3%A4rz") {
            break href;
        }
        ensure!(started.elapsed() < PATIENCE, "the mailto link never took the form's fields: {href}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let desk = browser.texts(".inquiry-to").await?.remove(0);
    ensure!(desk.contains('@'), "the coordination desk's address is shown: {desk}");
    let query =
        href.strip_prefix(&format!("mailto:{desk}?")).with_context(|| format!("addressed to {desk}: {href}"))?;
    ensure!(!query.contains([' ', '\n']), "fully encoded: {query}");
    let mut subject = String::new();
    let mut body = String::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("subject", value)) => subject = percent_decode(value)?,
            Some(("body", value)) => body = percent_decode(value)?,
            _ => bail!("unexpected parameter `{pair}` in {href}"),
        }
    }
    ensure!(subject == "Anfrage über Connected in Fukushima: Knochenschraube", "subject: {subject}");
    let origin = origin(&browser).await?;
    for line in [
        "Teil oder Komponente: Knochenschraube",
        "Werkstoff: Titan Grade 5",
        "Menge: 5.000 Stück & mehr",
        "Toleranz: ± 5 µm",
        "Erforderliche Zertifizierung: ISO 13485",
        "Zieltermin: 2027-03-31",
        "Bitte Angebot\r\nbis Ende März?",
        &format!("Hoshizora Micro Works Co., Ltd. ({TITANIUM_FIRM}) {origin}/de/firms/{TITANIUM_FIRM}/"),
    ] {
        ensure!(body.contains(line), "the body has `{line}`:\n{body}");
    }
    let preview = find(&browser, "#inquiry-preview").await?.prop("value").await?.unwrap_or_default();
    ensure!(preview.contains("Werkstoff: Titan Grade 5"), "the message is shown before sending: {preview}");

    find(&browser, "button.inquiry-copy").await?.click().await?;
    let status =
        browser.wait_until(".inquiry-copy-status", "the copy result", |t| t.iter().any(|s| !s.is_empty())).await?;
    ensure!(status[0].contains("kopiert") || status[0].contains("Strg+C"), "the copy result is reported: {status:?}");

    find(&browser, ".language-switcher a[hreflang='en']").await?.click().await?;
    browser
        .wait_until("#inquiry-heading", "the English form", |t| t.first().is_some_and(|h| h == "Send an inquiry"))
        .await?;
    let kept = find(&browser, "#inquiry-part").await?.prop("value").await?.unwrap_or_default();
    ensure!(kept == "Knochenschraube", "the entries survive a change of language: {kept:?}");
    let english = percent_decode(&attribute(&browser, "a.inquiry-mailto", "href").await?)?;
    ensure!(english.contains("Part or component: Knochenschraube"), "the message now speaks English: {english}");
    browser.close().await
}

/// axe-core (pinned in package.json) on the pages of this workflow, WCAG 2.1 A/AA rules.
async fn axe_violations(browser: &Browser) -> Result<Vec<String>> {
    let path = xtask::workspace_root().join("node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&path).with_context(|| format!("{} is missing: run `npm ci`", path.display()))?;
    browser.client.execute(&axe, vec![]).await?;
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
            .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
            .catch(e => done(['axe failed: ' + e]));";
    let found = browser.client.execute_async(script, vec![]).await?;
    Ok(found.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default())
}

#[tokio::test]
async fn shortlist_and_compare_pages_have_no_axe_violations() -> Result<()> {
    let browser = Browser::at_root().await?;
    open_with_shortlist(&browser, "th/", &[TITANIUM_FIRM, MOULDING_FIRM]).await?;
    let pages = [
        (format!("en/shortlist/?compare={TITANIUM_FIRM},{MOULDING_FIRM}"), "ul.shortlist li"),
        (format!("th/compare/?ids={TITANIUM_FIRM},{MOULDING_FIRM}"), "table.compare tbody tr"),
        ("ja/search/?q=%E3%83%81%E3%82%BF%E3%83%B3".to_string(), "button.star"),
    ];
    let mut found = Vec::new();
    for (page, ready) in &pages {
        browser.open(page).await?;
        browser.texts(ready).await?;
        found.extend(axe_violations(&browser).await?.into_iter().map(|v| format!("{page}: {v}")));
    }
    ensure!(found.is_empty(), "axe violations:\n{}", found.join("\n"));
    browser.close().await
}

#[tokio::test]
async fn the_workflow_works_from_the_keyboard() -> Result<()> {
    const ENTER: &str = "\u{E007}";
    let browser = Browser::at_root().await?;
    open_with_shortlist(&browser, "en/shortlist/", &[TITANIUM_FIRM, MOULDING_FIRM]).await?;
    for id in [TITANIUM_FIRM, MOULDING_FIRM] {
        find(&browser, &format!("input.compare-choice[data-id='{id}']")).await?.send_keys(" ").await?;
    }
    let outline = browser
        .client
        .execute(
            "return getComputedStyle(document.activeElement).outlineStyle + ' ' + document.activeElement.className",
            vec![],
        )
        .await?;
    ensure!(outline.as_str() == Some("solid compare-choice"), "the focused checkbox shows its focus: {outline}");
    find(&browser, "a.compare-link").await?.send_keys(ENTER).await?;
    wait_for_ids(&browser, "table.compare thead th[data-id]", &[TITANIUM_FIRM, MOULDING_FIRM]).await?;
    let star = format!("th[data-id='{MOULDING_FIRM}'] button.star");
    wait_for_attribute(&browser, &star, "aria-pressed", "true").await?;
    find(&browser, &star).await?.send_keys(ENTER).await?;
    wait_for_attribute(&browser, &star, "aria-pressed", "false").await?;
    wait_for_count(&browser, 1).await?;
    browser.close().await
}

#[tokio::test]
async fn on_a_phone_the_compare_view_stacks_one_card_per_firm() -> Result<()> {
    let browser = Browser::at_root().await?;
    browser.client.set_window_size(375, 812).await?;
    let firms = [TITANIUM_FIRM, MOULDING_FIRM, MORE_FIRMS[0]];
    browser.open(&format!("en/compare/?ids={}", firms.join(","))).await?;
    wait_for_ids(&browser, "table.compare thead th[data-id]", &firms).await?;
    let layout = browser
        .client
        .execute(
            "const page = document.scrollingElement;
             const region = document.querySelector('.compare-scroll');
             const top = (css) => document.querySelector(css).getBoundingClientRect().top;
             const cell = document.querySelector('table.compare tbody tr[data-field=materials] td');
             return {
                 width: window.innerWidth,
                 page: [page.scrollWidth, page.clientWidth],
                 region: [region.scrollWidth, region.clientWidth],
                 firstFirm: top('thead th[data-id=' + arguments[0] + ']'),
                 firstValue: top('tbody tr:last-child td:nth-of-type(1)'),
                 secondFirm: top('thead th[data-id=' + arguments[1] + ']'),
                 label: getComputedStyle(cell, '::before').content,
             };",
            vec![json!(firms[0]), json!(firms[1])],
        )
        .await?;
    let number = |key: &str, i: usize| layout[key][i].as_f64().unwrap_or(f64::NAN);
    ensure!(layout["width"].as_f64().is_some_and(|w| w <= 400.0), "a phone-sized window: {layout}");
    ensure!(number("page", 0) <= number("page", 1), "the page does not scroll sideways: {layout}");
    ensure!(number("region", 0) <= number("region", 1), "nor does the table region: {layout}");
    let top = |key: &str| layout[key].as_f64().unwrap_or(f64::NAN);
    ensure!(
        top("firstFirm") < top("firstValue") && top("firstValue") < top("secondFirm"),
        "the first firm's card (heading, then its values) comes before the second firm's: {layout}"
    );
    let label = layout["label"].as_str().unwrap_or_default();
    ensure!(label.starts_with("\"Material"), "each value is labelled with its field: {layout}");
    browser.close().await
}

#[tokio::test]
async fn the_inquiry_draft_survives_leaving_the_page_and_a_reload() -> Result<()> {
    let browser = Browser::at_root().await?;
    open_with_shortlist(&browser, "en/shortlist/", &[TITANIUM_FIRM]).await?;
    wait_for_ids(&browser, "ul.inquiry-firms > li", &[TITANIUM_FIRM]).await?;
    let entries = [("#inquiry-part", "Bone screw"), ("#inquiry-quantity", "5,000"), ("#inquiry-details", "Two\nlines")];
    for (css, text) in entries {
        find(&browser, css).await?.send_keys(text).await?;
    }
    let check = |when: &'static str| {
        let browser = &browser;
        async move {
            for (css, text) in entries {
                let value = find(browser, css).await?.prop("value").await?.unwrap_or_default();
                ensure!(value == text, "{when}: {css} holds {value:?}, expected {text:?}");
            }
            let href = attribute(browser, "a.inquiry-mailto", "href").await?;
            ensure!(href.contains("Bone%20screw"), "{when}: the message uses the draft: {href}");
            Ok(())
        }
    };

    find(&browser, ".site-nav a[href='en/search/']").await?.click().await?;
    browser.texts("#result-status").await?;
    find(&browser, ".nav-shortlist a").await?.click().await?;
    check("back on the page").await?;

    browser.reload().await?;
    check("after a reload").await?;
    browser.close().await
}

//! The console stays clean: every page type, in every language, with JavaScript on, logs no
//! error and no warning — from its code, the browser (failed requests, blocked resources,
//! deprecations) or the service worker's page. Read from Chromium's own console log
//! (`goog:loggingPrefs`), so nothing the page itself could miss goes unseen.

use anyhow::{ensure, Result};
use engine::Lang;
use site_tests::Browser;

/// Each route type: its path below the language, and what shows that it has finished.
pub(crate) fn pages(lang: Lang) -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("home", String::new(), "main h1"),
        ("firm", "firms/hoshizora-micro/".into(), "main h1"),
        ("strategy", "strategies/branding/".into(), "main h1"),
        ("programme", "programs/compamed/".into(), "main h1"),
        ("map", "map/".into(), "main svg a.place"),
        ("about", "about/".into(), "main h1"),
        ("search", xtask::firstload::search_path(lang), "ol.results > li.result"),
        ("shortlist", "shortlist/".into(), "main h1"),
        ("compare", "compare/".into(), "main h1"),
        ("404", "no-such-page/".into(), "main h1"),
    ]
}

#[tokio::test]
async fn no_page_logs_an_error_or_a_warning() -> Result<()> {
    let browser = Browser::at_root().await?;
    let mut problems = Vec::new();
    let mut visited = 0;
    let mut statuses_seen = 0;
    let languages = site_tests::shipped_languages();
    for &lang in &languages {
        for (kind, path, ready) in pages(lang) {
            let page = format!("{}/{path}", lang.code());
            browser.open(&page).await?;
            browser.texts(ready).await?;
            // Late messages: a request or a task that ends after the page is shown.
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            for (level, message) in browser.console_messages().await? {
                // The 404 page is served with status 404 on purpose; Chromium reports that
                // status of the document itself. Anything else on that page still counts.
                let expected_status = kind == "404"
                    && message.starts_with("network: ")
                    && message.contains("no-such-page/")
                    && message.contains("404");
                statuses_seen += usize::from(expected_status);
                let serious = matches!(level.as_str(), "SEVERE" | "WARNING");
                if serious && !expected_status {
                    problems.push(format!("{page} ({kind}): {level} {message}"));
                }
            }
            visited += 1;
        }
    }
    ensure!(visited == 40, "visited {visited} pages");
    // Proof that the log is read at all: each language's 404 page reported its own status.
    ensure!(statuses_seen == languages.len(), "the 404 status was logged {statuses_seen} times, not once per language");
    ensure!(problems.is_empty(), "console errors or warnings:\n{}", problems.join("\n"));
    browser.close().await
}

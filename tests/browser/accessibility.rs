//! Accessibility: axe-core (pinned in package.json) run inside the real page, WCAG 2 A/AA
//! rules. The target is zero violations on every kind of page, in every script.

use std::fs;

use anyhow::{Context, Result};
use site_tests::Browser;

fn axe_source() -> Result<String> {
    let path = xtask::workspace_root().join("node_modules/axe-core/axe.min.js");
    fs::read_to_string(&path)
        .with_context(|| format!("{} is missing: run `npm ci` (cargo xtask test does)", path.display()))
}

/// Runs axe on the current page and returns one line per violation.
async fn violations(browser: &Browser, axe: &str) -> Result<Vec<String>> {
    browser.client.execute(axe, vec![]).await?;
    let result = browser
        .run_async(
            "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
               .catch(e => done(['axe failed: ' + e]))",
        )
        .await?;
    Ok(result.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default())
}

#[tokio::test]
async fn pages_have_no_axe_violations() -> Result<()> {
    let axe = axe_source()?;
    let browser = Browser::at_root().await?;
    let pages = [
        ("en/", ".figures"),
        ("ja/search/?q=%E3%83%81%E3%82%BF%E3%83%B3", "ol.results li"),
        ("de/firms/shirakaba-mold/", ".facts"),
        ("th/strategies/branding/", "article.doc-page"),
        ("en/map/", ".map svg"),
        ("en/programs/", ".cards"),
        ("th/processes/cleanroom-assembly/", "article.landing-page"),
    ];
    let mut found = Vec::new();
    for (page, ready) in pages {
        browser.open(page).await?;
        browser.texts(ready).await?;
        for violation in violations(&browser, &axe).await? {
            found.push(format!("{page}: {violation}"));
        }
    }
    assert!(found.is_empty(), "axe violations:\n{}", found.join("\n"));
    browser.close().await
}

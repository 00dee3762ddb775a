//! The site runs under its own strict Content-Security-Policy: the test server sends the
//! headers of the build's `_headers` file, as Netlify or Cloudflare Pages would, and every
//! page carries the same policy in a `<meta>` element. No route type, online or offline, may
//! cause a `securitypolicyviolation`, and each still does its job.

use anyhow::{ensure, Context, Result};
use serde_json::json;
use site_tests::{dist, Browser, DIST_ENV};

/// Collects the page's violations from before its first script runs (DevTools' injected
/// scripts are not subject to the page's policy).
const RECORD_VIOLATIONS: &str = "self.violations = []; document.addEventListener('securitypolicyviolation', \
     (e) => self.violations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' ' + e.sample));";

async fn record_violations(browser: &Browser) -> Result<()> {
    xtask::webdriver::cdp(
        &browser.client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_VIOLATIONS }),
    )
    .await
    .map(|_| ())
}

async fn violations(browser: &Browser) -> Result<Vec<String>> {
    let value = browser.client.execute("return self.violations || ['the recorder did not run'];", vec![]).await?;
    Ok(value.as_array().into_iter().flatten().map(|v| v.as_str().unwrap_or_default().to_string()).collect())
}

/// The policy the server sent with the page now shown.
async fn served_policy(browser: &Browser) -> Result<String> {
    let value = browser
        .run_async("fetch(location.href).then((r) => done(r.headers.get('content-security-policy') || ''))")
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn every_route_type_runs_under_the_policy_without_a_violation() -> Result<()> {
    let headers = std::fs::read_to_string(dist(DIST_ENV)?.join("_headers")).context("the build has no _headers")?;
    let browser = Browser::at_root().await?;
    record_violations(&browser).await?;
    let mut found = Vec::new();
    for lang in site_tests::shipped_languages() {
        for (kind, path, ready) in crate::console::pages(lang) {
            let page = format!("{}/{path}", lang.code());
            browser.open(&page).await?;
            browser.texts(ready).await.with_context(|| format!("{page} ({kind}) under the policy"))?;
            found.extend(violations(&browser).await?.into_iter().map(|v| format!("{page}: {v}")));
        }
    }
    // The policy really is in force: the header is the `_headers` one, without inline
    // permission, and an inline script the build did not make is refused.
    let policy = served_policy(&browser).await?;
    ensure!(!policy.is_empty() && headers.contains(&policy), "served policy {policy:?} is not the _headers one");
    ensure!(!policy.contains("unsafe-inline") && policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
    browser
        .client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'self.injected = 1'; document.body.append(s);",
            vec![],
        )
        .await?;
    let injected = browser.client.execute("return self.injected === 1;", vec![]).await?;
    let refused = violations(&browser).await?;
    ensure!(injected == json!(false), "an injected inline script ran");
    ensure!(refused.iter().any(|v| v.starts_with("script-src")), "the refusal was not reported: {refused:?}");
    ensure!(found.is_empty(), "violations:\n{}", found.join("\n"));
    browser.close().await
}

#[tokio::test]
async fn the_site_works_offline_under_the_policy() -> Result<()> {
    let browser = Browser::at_root().await?;
    record_violations(&browser).await?;
    browser.open("de/search/?q=Titan").await?;
    browser.wait_for_result("hoshizora-micro").await?;
    // Once the worker is in charge, what the visitor opens is kept (as in `offline`).
    crate::offline::controlled_caches(&browser).await?;
    browser.reload().await?;
    browser.wait_for_result("hoshizora-micro").await?;
    browser.open("de/firms/hoshizora-micro/").await?;
    browser.texts("article.firm-profile h1").await?;
    browser.go_offline()?;
    for (page, ready) in
        [("de/firms/hoshizora-micro/", "article.firm-profile h1"), ("de/search/?q=Titan", "ol.results > li.result")]
    {
        browser.open(page).await.with_context(|| format!("{page} offline"))?;
        browser.texts(ready).await?;
        let found = violations(&browser).await?;
        ensure!(found.is_empty(), "{page} offline: {found:?}");
    }
    browser.close().await
}

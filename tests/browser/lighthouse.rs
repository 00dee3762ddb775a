//! Lighthouse (npm, pinned in package.json; mobile preset) on one page of each route type, in
//! English, against the build served brotli-compressed as a CDN would: accessibility, best
//! practices and SEO must score 100. Performance is printed, not asserted: on a shared
//! 2-core machine its absolute value is noisy (`cargo xtask lighthouse` measures every page).

use anyhow::{ensure, Result};
use engine::Lang;
use site_tests::{dist, DIST_ENV};
use xtask::firstload::pages;
use xtask::lighthouse::audit;
use xtask::server::StaticServer;

#[test]
fn accessibility_best_practices_and_seo_score_100() -> Result<()> {
    let root = xtask::workspace_root();
    let site = dist(DIST_ENV)?;
    let (pages, notes) = pages(&site, &[Lang::En])?;
    for note in notes {
        println!("lighthouse: {note}");
    }
    let server = StaticServer::start_brotli(&site, "/", 0)?;
    server.precompress()?;
    let scratch = tempfile::tempdir()?;
    let mut below = Vec::new();
    for visit in &pages {
        let (kind, path) = (visit.kind, &visit.path);
        let url = server.url(&format!("/{path}"));
        let result = audit(&root, &url, scratch.path())?;
        let show = |c: &str| result.score(c).map(|s| s.to_string()).unwrap_or_else(|| "n/a".into());
        println!(
            "lighthouse {kind:<9} performance {:>3}  accessibility {:>3}  best-practices {:>3}  seo {:>3}  {url}",
            show("performance"),
            show("accessibility"),
            show("best-practices"),
            show("seo")
        );
        for category in ["accessibility", "best-practices", "seo"] {
            if result.score(category) != Some(100) {
                below.push(format!("{kind} {path}: {category} {}", show(category)));
            }
        }
        for failing in &result.failing {
            below.push(format!("{kind} {path}: {failing}"));
        }
    }
    ensure!(pages.len() >= 4, "audited {} pages", pages.len());
    ensure!(below.is_empty(), "below 100:\n{}", below.join("\n"));
    Ok(())
}

//! Every page is a real file with its own head, so deep links return 200 on any static host.

use std::fs;

use anyhow::{Context, Result};
use site_tests::{dist, DIST_ENV, DIST_SUB_ENV};

fn read(path: &std::path::Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("{} is missing", path.display()))
}

/// The address of the `<link rel="alternate" hreflang="…">` for `lang`.
fn alternate(html: &str, lang: &str) -> Option<String> {
    let marker = format!("hreflang=\"{lang}\" href=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

#[test]
fn every_route_has_its_own_html_file() -> Result<()> {
    let root = dist(DIST_ENV)?;
    for lang in ["ja", "en", "de", "th"] {
        for page in [
            "",
            "search/",
            "about/",
            "strategies/",
            "strategies/branding/",
            "firms/hoshizora-micro/",
            "programs/compamed/",
        ] {
            let html = read(&root.join(lang).join(page).join("index.html"))?;
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}/{page}: html lang");
            for other in ["ja", "en", "de", "th"] {
                let link = alternate(&html, other).unwrap_or_default();
                assert!(
                    link.starts_with("https://") && link.ends_with(&format!("/{other}/{page}")),
                    "{lang}/{page}: hreflang {other} is absolute: {link:?}"
                );
            }
            assert!(html.contains("<meta name=\"description\" content=\""), "{lang}/{page}: description");
        }
    }
    let firm = read(&root.join("ja/firms/hoshizora-micro/index.html"))?;
    assert!(firm.contains("<title>"), "title present");
    assert!(read(&root.join("404.html"))?.contains("hreflang=\"th\""));
    Ok(())
}

#[test]
fn the_sub_path_build_points_everything_at_the_sub_path() -> Result<()> {
    let root = dist(DIST_SUB_ENV)?;
    let html = read(&root.join("de/firms/hoshizora-micro/index.html"))?;
    assert!(html.contains("<base href=\"/fukushima/\">"));
    let english = alternate(&html, "en").unwrap_or_default();
    assert!(english.starts_with("https://") && english.ends_with("/fukushima/en/firms/hoshizora-micro/"), "{english}");
    Ok(())
}

#[test]
fn the_index_is_a_hashed_file_per_language_not_part_of_the_wasm() -> Result<()> {
    let root = dist(DIST_ENV)?;
    let names: Vec<String> = fs::read_dir(root.join("data"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for lang in ["ja", "en", "de", "th"] {
        let index: Vec<_> =
            names.iter().filter(|n| n.starts_with(&format!("{lang}.")) && n.ends_with(".idx")).collect();
        assert_eq!(index.len(), 1, "one index for {lang}: {names:?}");
        let hash = index[0].split('.').nth(1).unwrap_or_default();
        assert_eq!(hash.len(), 12, "content hash in the name: {}", index[0]);
    }
    Ok(())
}

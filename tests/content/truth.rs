//! Content truth: rules that keep figures dated, sourced and readable, and the shipped content
//! held to them.

use anyhow::Result;

use super::Fixture;

#[test]
fn a_figure_source_url_must_be_an_absolute_https_address() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace(
        "figures.toml",
        "as_of = \"2020\"\n",
        "as_of = \"2020\"\nsource_url = \"http://fmddsc.jp/next-project/\"\n",
    )?;
    fixture.expect_error("figures.toml", 5, "is not an absolute https:// URL", "full https:// address");
    Ok(())
}

#[test]
fn a_figure_source_url_must_not_be_a_placeholder() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace(
        "figures.toml",
        "as_of = \"2020\"\n",
        "as_of = \"2020\"\nsource_url = \"https://figures.connected-fukushima.invalid/parts\"\n",
    )?;
    fixture.expect_error("figures.toml", 5, "is a placeholder address", "not a placeholder");
    Ok(())
}

#[test]
fn a_valid_source_url_is_accepted() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace(
        "figures.toml",
        "as_of = \"2020\"\n",
        "as_of = \"2020\"\nsource_url = \"https://fmddsc.jp/next-project/\"\n",
    )?;
    assert_eq!(fixture.errors(), Vec::<String>::new());
    Ok(())
}

/// The shipped figures: every one names the public page it comes from.
#[test]
fn every_shipped_figure_has_a_source_url() {
    let content = xtask::workspace_root().join("content");
    let mut errors = sitegen::ContentErrors::default();
    let languages = sitegen::settings::load(&content, &mut errors).languages;
    let figures = sitegen::figures::load(&content, &languages, &mut errors);
    assert!(errors.is_empty(), "{}", errors);
    assert!(!figures.is_empty());
    let missing: Vec<&str> = figures.iter().filter(|f| f.source_url().is_none()).map(|f| f.id()).collect();
    assert!(missing.is_empty(), "figures without source_url in content/figures.toml: {missing:?}");
}

/// The line of `key` in a file of the fixture.
fn line_of_key(fixture: &Fixture, file: &str, key: &str) -> Result<usize> {
    let text = std::fs::read_to_string(fixture.path(file))?;
    let index = text.lines().position(|l| l.starts_with(&format!("{key} ")));
    Ok(index.map(|i| i + 1).expect("key present"))
}

#[test]
fn the_ui_label_must_not_add_as_of_wording() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("ui/en.toml", "figure_as_of = \"{date}\"", "figure_as_of = \"as of {date}\"")?;
    let line = line_of_key(&fixture, "ui/en.toml", "figure_as_of")?;
    fixture.expect_error("ui/en.toml", line, "adds words around the date", "figure_as_of = \"{date}\"");
    Ok(())
}

#[test]
fn a_doubled_as_of_phrase_is_rejected() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("figures.toml", "en = \"2020\", de = \"2020\"", "en = \"2020\", de = \"Stand: Stand: 2020\"")?;
    fixture.expect_error("figures.toml", 7, "would read \"Stand: Stand: 2020\"", "say it once");
    Ok(())
}

#[test]
fn a_label_wrapping_wording_doubles_the_shipped_figures() -> Result<()> {
    // Putting "as of" back into the UI label doubles the shipped figures' own wording: the check
    // names each figure with its line in content/figures.toml.
    let fixture = Fixture::new()?;
    let shipped = xtask::workspace_root().join("content/figures.toml");
    fixture.write("figures.toml", &std::fs::read_to_string(shipped)?)?;
    assert_eq!(fixture.errors(), Vec::<String>::new());
    fixture.replace("ui/th.toml", "figure_as_of = \"{date}\"", "figure_as_of = \"ข้อมูล ณ {date}\"")?;
    let errors = fixture.errors();
    assert!(
        errors.iter().any(|e| e.contains("figures.toml:") && e.contains("\"ข้อมูล ณ\" twice")),
        "expected a doubled-wording error, got:\n{}",
        errors.join("\n")
    );
    Ok(())
}

/// The shipped firms: a firm tagged with the cleanroom-assembly process has a cleanroom. (The
/// converse is an editorial rule, documented in content/README.md: a firm with a cleanroom is
/// tagged only if it assembles there.)
#[test]
fn every_shipped_cleanroom_assembler_has_a_cleanroom() {
    let site = sitegen::load(&xtask::workspace_root().join("content")).expect("shipped content is valid");
    let english = site.languages.iter().find(|l| l.lang == engine::Lang::En).expect("English");
    let firms: Vec<_> = english.data.docs.iter().filter_map(|d| d.firm.as_ref().map(|f| (d.id.as_str(), f))).collect();
    assert!(firms.iter().any(|(_, f)| f.processes.iter().any(|p| p == "cleanroom_assembly")));
    let without: Vec<&str> = firms
        .iter()
        .filter(|(_, f)| f.processes.iter().any(|p| p == "cleanroom_assembly") && f.cleanroom.is_none())
        .map(|(id, _)| *id)
        .collect();
    assert!(without.is_empty(), "tagged cleanroom_assembly without a [cleanroom] table: {without:?}");
}

/// The shipped contact and imprint pages exist in every language.
#[test]
fn the_contact_and_imprint_pages_ship_in_every_language() {
    let site = sitegen::load(&xtask::workspace_root().join("content")).expect("shipped content is valid");
    for language in &site.languages {
        for slug in ["contact", "imprint"] {
            assert!(language.data.docs.iter().any(|d| d.id == slug), "{:?}: no {slug} page", language.lang);
        }
    }
}

/// Every shipped page's Markdown emphasis renders: no `**` is left over. (In Japanese,
/// `**…:**` or `**…)**` followed by a letter does not close: end the emphasis before the
/// punctuation, `**…**:`.)
#[test]
fn no_shipped_page_shows_unrendered_emphasis() {
    let site = sitegen::load(&xtask::workspace_root().join("content")).expect("shipped content is valid");
    let mut broken = Vec::new();
    for language in &site.languages {
        for doc in &language.data.docs {
            if doc.body_html.contains("**") {
                broken.push(format!("{:?} {}", language.lang, doc.id));
            }
        }
    }
    assert!(broken.is_empty(), "pages showing a literal `**`: {broken:?}");
}

/// Every link between pages in the shipped Markdown leads to a page of the site, in the same
/// language. Links are relative to the site root (`en/programs/compamed/`), as the app writes
/// its own: every page has `<base href>` at the site root, so `../../programs/compamed/` would
/// lose the language (and, under a sub-path, the site).
#[test]
fn every_shipped_link_between_pages_leads_to_a_page() {
    let site = sitegen::load(&xtask::workspace_root().join("content")).expect("shipped content is valid");
    let app_pages = ["search/", "strategies/", "programs/", "map/", "shortlist/", "compare/"];
    let mut broken = Vec::new();
    for language in &site.languages {
        let lang = language.lang.code();
        let mut routes: Vec<String> = app_pages.iter().map(|p| format!("{lang}/{p}")).collect();
        routes.push(format!("{lang}/"));
        for doc in &language.data.docs {
            routes.push(match doc.kind {
                engine::model::DocKind::Page => format!("{lang}/{}/", doc.id),
                kind => format!("{lang}/{}/{}/", kind.section(), doc.id),
            });
        }
        for doc in &language.data.docs {
            for href in doc.body_html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
                let external = href.contains("://") || href.starts_with("mailto:") || href.starts_with('#');
                let target = href.split(['#', '?']).next().unwrap_or_default();
                if !external && !routes.iter().any(|r| r == target) {
                    broken.push(format!("{lang} {}: {href}", doc.id));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead to no page of the site (write `<lang>/<section>/<slug>/`):\n{}",
        broken.join("\n")
    );
}

//! The site's languages are content: `site.toml` `languages`, checked against the catalogue of
//! languages the code knows (`engine::lang`).

use anyhow::Result;
use engine::Lang;

use super::Fixture;

#[test]
fn the_shipped_site_is_in_japanese_english_german_and_thai() -> Result<()> {
    let mut errors = sitegen::ContentErrors::default();
    let settings = sitegen::settings::load(&xtask::workspace_root().join("content"), &mut errors);
    assert!(errors.is_empty(), "{errors}");
    assert_eq!(settings.languages, [Lang::Ja, Lang::En, Lang::De, Lang::Th]);
    assert_eq!(settings.default_lang(), Lang::En);
    Ok(())
}

#[test]
fn missing_languages_are_a_content_error_with_the_fix() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("site.toml", "languages = [\"ja\", \"en\", \"de\", \"th\"]\n", "")?;
    let lines = std::fs::read_to_string(fixture.path("site.toml"))?.lines().count();
    fixture.expect_error(
        "site.toml",
        lines,
        "site.toml does not say the site's languages",
        "add the line languages = [\"ja\", \"en\", \"de\", \"th\"]",
    );
    Ok(())
}

#[test]
fn an_unknown_language_names_the_known_codes() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("site.toml", "\"de\", \"th\"]", "\"de\", \"th\", \"fr\"]")?;
    let line = std::fs::read_to_string(fixture.path("site.toml"))?
        .lines()
        .position(|l| l.starts_with("languages"))
        .map_or(0, |i| i + 1);
    let known = Lang::CODES.join(", ");
    fixture.expect_error("site.toml", line, "`fr` in languages is not a language the site knows", &known);
    Ok(())
}

#[test]
fn a_site_is_built_in_its_languages_only() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("site.toml", "[\"ja\", \"en\", \"de\", \"th\"]", "[\"de\", \"ja\", \"en\"]")?;
    // Thai files stay in the folder: a language the site does not list is not required, not
    // published and not checked.
    let site = sitegen::load(fixture.dir.path()).map_err(|e| anyhow::anyhow!("{e}"))?;
    assert_eq!(site.langs(), [Lang::De, Lang::Ja, Lang::En]);
    assert_eq!(site.default_lang(), Lang::En);
    let routes = sitegen::output::routes(&site);
    assert!(routes.iter().all(|route| !route.path.starts_with("th/")));
    let alternates: Vec<Lang> = routes[1].alternates.iter().map(|(lang, _)| *lang).collect();
    assert_eq!(alternates, [Lang::De, Lang::Ja, Lang::En], "display order");
    let table = sitegen::output::coverage_table(&site);
    assert!(table.lines().next().is_some_and(|header| header.ends_with("  de  ja  en  shipped")), "{table}");
    Ok(())
}

#[test]
fn without_english_the_first_language_is_the_default() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("site.toml", "[\"ja\", \"en\", \"de\", \"th\"]", "[\"th\", \"ja\"]")?;
    let site = sitegen::load(fixture.dir.path()).map_err(|e| anyhow::anyhow!("{e}"))?;
    assert_eq!(site.default_lang(), Lang::Th);
    assert!(sitegen::output::routes(&site).iter().all(|route| route.x_default == Lang::Th));
    Ok(())
}

/// A fifth language is content plus one catalogue entry: the five-language fixture builds.
#[test]
fn the_five_language_fixture_builds_in_five_languages() -> Result<()> {
    let content = xtask::workspace_root().join("tests/fixtures/five-languages");
    let site = sitegen::load(&content).map_err(|e| anyhow::anyhow!("{e}"))?;
    assert_eq!(site.langs(), [Lang::Ja, Lang::En, Lang::De, Lang::Th, Lang::Zh]);
    assert_eq!(site.default_lang(), Lang::En);
    let chinese = site.languages.iter().find(|l| l.lang == Lang::Zh).expect("zh");
    let firm = chinese.data.docs.iter().find(|d| d.id == "hoshigarasu-moulding").expect("the moulding firm");
    assert!(firm.title.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{}", firm.title);
    let routes = sitegen::output::routes(&site);
    let zh_firm = routes.iter().find(|r| r.path == "zh/firms/hoshigarasu-moulding/").expect("zh firm route");
    assert_eq!(zh_firm.alternates.len(), 5);
    // The Chinese index finds the moulding firm for 注塑 (injection moulding).
    let index = engine::Index::from_bytes(&chinese.index.bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    let found = engine::finder::find(&index, Lang::Zh, "注塑");
    let first = found.hits.first().and_then(|hit| index.doc_ref(hit.doc));
    assert_eq!(first, Some("firms/hoshigarasu-moulding"), "{found:?}");
    // Question words are never required of a result.
    let asked = engine::finder::find(&index, Lang::Zh, "哪些 注塑");
    assert!(asked.matched_all, "{asked:?}");
    Ok(())
}

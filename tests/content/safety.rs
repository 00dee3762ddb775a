//! Content safety: nothing injected, nothing impossible published, and errors that name their
//! cause once. Each rule has a failing fixture that checks the file, the line and the fix.

use anyhow::Result;

use super::Fixture;

#[test]
fn the_coordinator_address_is_one_plain_address() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("site.toml", "\"desk@example.invalid\"", "\"desk@example.invalid?bcc=spy@example.net\"")?;
    fixture.expect_error("site.toml", 1, "is not one plain e-mail address: `?` is not allowed", "desk@example.org");
    Ok(())
}

#[test]
fn a_control_character_in_a_body_names_its_line() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("pages/about.en.md", "+++\ntitle = \"About\"\nsummary = \"About.\"\n+++\n\nText\u{0} here.\n")?;
    fixture.expect_error("pages/about.en.md", 6, "invisible control character U+0000", "delete it");
    Ok(())
}

#[test]
fn a_control_character_in_the_front_matter_names_its_line() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("pages/about.de.md", "+++\ntitle = \"Über\u{1b}[31m\"\nsummary = \"Über.\"\n+++\n")?;
    fixture.expect_error("pages/about.de.md", 2, "invisible control character U+001B", "delete it");
    assert_eq!(fixture.errors().len(), 1, "{:?}", fixture.errors());
    Ok(())
}

#[test]
fn an_unclosed_direction_override_in_a_title_names_its_line() -> Result<()> {
    // U+202E would turn the rest of the page title and the tab label right to left.
    let fixture = Fixture::new()?;
    fixture.write(
        "firms/akanezora-plastics.en.md",
        "+++\ntitle = \"Akanezora \u{202E}scitsalP\"\nsummary = \"Moulder.\"\n+++\n",
    )?;
    fixture.expect_error(
        "firms/akanezora-plastics.en.md",
        2,
        "an unclosed text-direction control character",
        "delete the invisible direction marks",
    );
    Ok(())
}

#[test]
fn municipality_coordinates_lie_in_the_prefecture() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("vocab/municipalities.toml", "lat = 37.4\nlon = 140.35", "lat = 0.0\nlon = 0.0")?;
    fixture.expect_error("vocab/municipalities.toml", 18, "`koriyama` lies outside Fukushima Prefecture", "Gazetteer");
    fixture.replace("vocab/municipalities.toml", "lat = 0.0\nlon = 0.0", "lat = 95.0\nlon = 200.0")?;
    fixture.expect_error("vocab/municipalities.toml", 18, "(lat 95, lon 200)", "lat first");
    Ok(())
}

#[test]
fn updated_is_a_date_not_in_the_future() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "updated = 2026-10-01", "updated = 2999-10-01")?;
    fixture.expect_error("firms/test-firm.toml", 14, "updated = 2999-10-01 is in the future", "today or earlier");
    fixture.replace("firms/test-firm.toml", "updated = 2999-10-01", "updated = 10:30:00")?;
    fixture.expect_error("firms/test-firm.toml", 14, "updated = 10:30:00 is not a date", "updated = 2026-10-01");
    fixture.replace("firms/test-firm.toml", "updated = 10:30:00", "updated = 2026-02-30")?;
    fixture.expect_error("firms/test-firm.toml", 14, "invalid TOML", "");
    Ok(())
}

#[test]
fn a_past_certificate_expiry_is_rejected() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "expires = 2028-01-31", "expires = 1900-01-01")?;
    fixture.expect_error(
        "firms/test-firm.toml",
        18,
        "the `iso_13485` certification expired on 1900-01-01",
        "remove the certification",
    );
    Ok(())
}

#[test]
fn founded_is_a_plausible_year() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "founded = 1990", "founded = 2999")?;
    fixture.expect_error("firms/test-firm.toml", 3, "founded = 2999 is not a plausible founding year", "1600 to");
    fixture.replace("firms/test-firm.toml", "founded = 2999", "founded = 1066")?;
    fixture.expect_error("firms/test-firm.toml", 3, "founded = 1066", "1600 to");
    Ok(())
}

#[test]
fn export_countries_are_iso_codes() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "export_countries = [\"DE\"]", "export_countries = [\"DE\", \"XX\"]")?;
    fixture.expect_error("firms/test-firm.toml", 10, "`XX` is not an ISO 3166-1 country code", "\"DE\"");
    Ok(())
}

#[test]
fn a_link_to_a_page_that_does_not_exist_is_rejected() -> Result<()> {
    let fixture = Fixture::new()?;
    let front = "+++\ntitle = \"Fair\"\nsummary = \"A fair.\"\n+++\n\n";
    fixture.write("programs/fair.en.md", &format!("{front}See [the strategy](en/strategies/first/).\n"))?;
    fixture.write("programs/fair.th.md", &format!("{front}Intro.\n\nSee [x](th/strategies/second/).\n"))?;
    fixture.write("programs/fair.de.md", &format!("{front}[Firma](/de/firms/test-firm/)\n"))?;
    fixture.expect_error(
        "programs/fair.th.md",
        8,
        "leads to /th/strategies/second/, which is not a page",
        "th/programs/",
    );
    fixture.expect_error("programs/fair.de.md", 6, "starts with `/`", "from the site's root");
    assert_eq!(fixture.errors().len(), 2, "the English link works: {:?}", fixture.errors());
    Ok(())
}

#[test]
fn a_link_to_a_draft_page_is_rejected() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write(
        "pages/about.ja.md",
        "+++\ntitle = \"概要\"\nsummary = \"概要。\"\n+++\n[展示会](ja/programs/fair/)\n",
    )?;
    assert_eq!(fixture.errors(), Vec::<String>::new());
    fixture.replace("programs/fair.de.md", "+++\n", "+++\ndraft = true\n")?;
    fixture.expect_error("pages/about.ja.md", 5, "leads to /ja/programs/fair/, which is not a page", "draft");
    Ok(())
}

#[test]
fn spaces_and_tabs_after_a_fence_are_tolerated() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("pages/about.en.md", "+++  \ntitle = \"About\"\nsummary = \"About.\"\n+++\t\nBody\n")?;
    assert_eq!(fixture.errors(), Vec::<String>::new());
    Ok(())
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_not_as_missing() -> Result<()> {
    let fixture = Fixture::new()?;
    std::fs::write(fixture.path("pages/about.th.md"), b"+++\ntitle = \"x\"\nsummary = \"y\"\n+++\n\nbad \xff\n")?;
    fixture.expect_error("pages/about.th.md", 6, "this line is not valid UTF-8 text", "save the file as UTF-8");
    assert_eq!(fixture.errors().len(), 1, "{:?}", fixture.errors());
    Ok(())
}

#[test]
fn a_file_that_cannot_be_split_is_not_also_missing() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("strategies/first.th.md", "+++\ntitle = \"x\"\n")?;
    fixture.expect_error("strategies/first.th.md", 1, "the front matter is not closed", "add a line `+++`");
    assert_eq!(fixture.errors().len(), 1, "{:?}", fixture.errors());
    Ok(())
}

#[test]
fn one_duplicate_ui_key_is_one_error() -> Result<()> {
    let fixture = Fixture::new()?;
    let text = std::fs::read_to_string(fixture.path("ui/de.toml"))?;
    let first = text.lines().find(|l| l.contains(" = ")).expect("a key").to_string();
    let line = text.lines().count() + 1;
    fixture.write("ui/de.toml", &format!("{text}{first}\n"))?;
    let errors = sitegen::load(fixture.path("").as_path()).err().expect("errors");
    let shown = errors.to_string();
    let de = fixture.path("ui/de.toml");
    let first_line = shown.lines().next().unwrap_or_default();
    assert!(first_line.starts_with(&format!("{}:{line}: invalid TOML", de.display())), "{shown}");
    // The cause alone: the file's keys are not also each reported missing.
    assert_eq!(errors.0.len(), 1, "{shown}");
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_folder_link_loop_is_one_error() -> Result<()> {
    let fixture = Fixture::new()?;
    std::os::unix::fs::symlink(fixture.path("firms"), fixture.path("firms/loop"))?;
    fixture.expect_error("firms/loop", 1, "a link to a folder", "move the files");
    assert_eq!(fixture.errors().len(), 1, "{:?}", fixture.errors());
    Ok(())
}

#[test]
fn the_shipped_content_passes_every_check() {
    let content = xtask::workspace_root().join("content");
    if let Err(errors) = sitegen::load(&content) {
        panic!("{errors}");
    }
}

#[test]
fn a_ui_strings_file_that_is_not_toml_gets_one_error_not_one_per_key() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("ui/de.toml", "results_count = \"{count} Treffer\"", "results_count = = \"{count} Treffer\"")?;
    fixture.expect_error("ui/de.toml", 19, "invalid TOML", "check quotes, `=` signs and brackets on this line");
    assert_eq!(fixture.errors().len(), 1, "{:?}", fixture.errors());
    Ok(())
}

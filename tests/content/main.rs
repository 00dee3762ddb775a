//! Content validation: every rule has a failing fixture that checks the message and the line.
//! Each test copies `tests/fixtures/minimal/` (plus the real vocabularies and UI strings) to a
//! temporary folder, breaks one thing, and builds it.

use std::fs;
use std::path::PathBuf;

use anyhow::Result;

mod catalogue;
mod landing;
mod languages;
mod large;
mod release;
mod safety;
mod truth;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Result<Fixture> {
        let dir = tempfile::tempdir()?;
        let root = xtask::workspace_root();
        xtask::dist::copy_dir(&root.join("tests/fixtures/minimal"), dir.path())?;
        xtask::dist::copy_dir(&root.join("content/vocab"), &dir.path().join("vocab"))?;
        xtask::dist::copy_dir(&root.join("content/ui"), &dir.path().join("ui"))?;
        Ok(Fixture { dir })
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) -> Result<()> {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
        Ok(())
    }

    fn replace(&self, relative: &str, from: &str, to: &str) -> Result<()> {
        let text = fs::read_to_string(self.path(relative))?;
        assert!(text.contains(from), "fixture {relative} lacks {from:?}");
        self.write(relative, &text.replacen(from, to, 1))
    }

    /// Builds and returns the error lines (without the final summary line).
    fn errors(&self) -> Vec<String> {
        match sitegen::load(self.dir.path()) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
        }
    }

    /// Asserts exactly one error at `file:line` containing `message` and `fix`.
    fn expect_error(&self, file: &str, line: usize, message: &str, fix: &str) {
        let errors = self.errors();
        let location = format!("{}:{line}: ", self.path(file).display());
        let hit = errors.iter().find(|e| e.starts_with(&location) && e.contains(message) && e.contains(fix));
        assert!(hit.is_some(), "expected `{location}{message} — …{fix}…`, got:\n{}", errors.join("\n"));
    }
}

#[test]
fn the_minimal_fixture_is_valid() -> Result<()> {
    let fixture = Fixture::new()?;
    assert_eq!(fixture.errors(), Vec::<String>::new());
    let site = sitegen::load(fixture.dir.path()).map_err(|e| anyhow::anyhow!("{e}"))?;
    assert_eq!(site.languages.len(), 4);
    assert_eq!(site.languages[0].data.docs.len(), 4);
    Ok(())
}

#[test]
fn malformed_front_matter_names_the_line() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("firms/test-firm.de.md", "+++\ntitle = \"Test\"\nsummary = \"unterminated\n+++\nBody\n")?;
    fixture.expect_error("firms/test-firm.de.md", 3, "invalid TOML", "check quotes");
    Ok(())
}

#[test]
fn missing_front_matter_is_reported() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("strategies/first.th.md", "Just text, no front matter.\n")?;
    fixture.expect_error("strategies/first.th.md", 1, "missing front matter", "start the file with a line `+++`");
    Ok(())
}

#[test]
fn an_unknown_field_names_its_line() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write(
        "strategies/first.en.md",
        "+++\ntitle = \"Strategy\"\nsummary = \"A strategy.\"\nsubtitle = \"oops\"\n+++\nBody\n",
    )?;
    fixture.expect_error(
        "strategies/first.en.md",
        4,
        "unknown field `subtitle`",
        "remove the field or correct its spelling",
    );
    Ok(())
}

#[test]
fn a_missing_required_field_is_reported() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("programs/fair.ja.md", "+++\ntitle = \"展示会\"\n+++\n本文\n")?;
    fixture.expect_error("programs/fair.ja.md", 2, "missing field `summary`", "add the field");
    Ok(())
}

#[test]
fn a_missing_translation_is_reported() -> Result<()> {
    let fixture = Fixture::new()?;
    fs::remove_file(fixture.path("firms/test-firm.th.md"))?;
    fixture.expect_error("firms/test-firm.th.md", 1, "missing th translation of firms `test-firm`", "translate");
    Ok(())
}

#[test]
fn draft_pages_may_lack_translations_and_are_not_shipped() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write(
        "programs/wip.en.md",
        "+++\ntitle = \"Work in progress\"\nsummary = \"Not yet.\"\ndraft = true\n+++\nBody\n",
    )?;
    fixture.write("programs/wip.toml", "kind = \"program\"\nstrategy = \"first\"\n")?;
    let site = sitegen::load(fixture.dir.path()).map_err(|e| anyhow::anyhow!("{e}"))?;
    assert!(site.languages[0].data.docs.iter().all(|d| d.id != "wip"));
    let table = sitegen::output::coverage_table(&site);
    assert!(table.contains("programs/wip"), "{table}");
    assert!(table.contains("no (draft)"), "{table}");
    Ok(())
}

#[test]
fn a_duplicate_slug_is_reported() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("firms/aizu/test-firm.en.md", "+++\ntitle = \"Twin\"\nsummary = \"Twin.\"\n+++\n")?;
    let errors = fixture.errors();
    assert!(
        errors.iter().any(|e| e.contains("duplicate slug `test-firm`")
            && e.contains(":1: ")
            && e.contains("rename one of the two files")),
        "{errors:?}"
    );
    Ok(())
}

#[test]
fn an_unknown_vocabulary_id_names_its_line_and_suggests_a_fix() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "materials = [\"titanium\"]", "materials = [\"titanum\"]")?;
    fixture.expect_error("firms/test-firm.toml", 7, "unknown materials id `titanum`", "did you mean `titanium`?");
    Ok(())
}

#[test]
fn an_unknown_municipality_is_reported() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "\"koriyama\"", "\"atlantis\"")?;
    fixture.expect_error(
        "firms/test-firm.toml",
        2,
        "unknown municipalities id `atlantis`",
        "content/vocab/municipalities.toml",
    );
    Ok(())
}

#[test]
fn firms_must_be_marked_fictional() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "fictional = true", "fictional = false")?;
    fixture.expect_error("firms/test-firm.toml", 1, "must say so", "set fictional = true");
    Ok(())
}

#[test]
fn sample_firms_use_invalid_addresses() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("firms/test-firm.toml", "sales@test-firm.invalid", "sales@real-company.co.jp")?;
    fixture.expect_error("firms/test-firm.toml", 12, "is not a sample address", ".invalid");
    Ok(())
}

#[test]
fn cleanroom_classes_must_exist() -> Result<()> {
    let fixture = Fixture::new()?;
    let text = fs::read_to_string(fixture.path("firms/test-firm.toml"))?;
    fixture.write("firms/test-firm.toml", &format!("{text}\n[cleanroom]\niso_class = 12\n"))?;
    fixture.expect_error("firms/test-firm.toml", 21, "ISO class 12 does not exist", "1 to 9");
    Ok(())
}

#[test]
fn capacity_must_be_readable() -> Result<()> {
    let fixture = Fixture::new()?;
    let text = fs::read_to_string(fixture.path("firms/test-firm.toml"))?;
    let capacity = "\n[capacity]\ntolerance_um = nan\nlot_min = 500\nlot_max = 50\nlead_time_weeks_min = 4\n";
    fixture.write("firms/test-firm.toml", &format!("{text}{capacity}"))?;
    fixture.expect_error(
        "firms/test-firm.toml",
        21,
        "tolerance_um = NaN is not a tolerance",
        "between 0.001 and 10000",
    );
    fixture.expect_error("firms/test-firm.toml", 23, "lot_max = 50 is below lot_min = 500", "swap the two values");
    fixture.expect_error(
        "firms/test-firm.toml",
        24,
        "lead_time_weeks_min is given without lead_time_weeks_max",
        "add lead_time_weeks_max",
    );
    Ok(())
}

#[test]
fn a_figure_needs_a_real_date() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("figures.toml", "as_of = \"2020\"", "as_of = \"FY2020\"")?;
    fixture.expect_error("figures.toml", 4, "is not a date", "YYYY-MM-DD");
    Ok(())
}

#[test]
fn a_figure_needs_every_language() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("figures.toml", ", th = \"METI\" }", " }")?;
    fixture.expect_error("figures.toml", 8, "has no source in th", "write `th = \"…\"`");
    Ok(())
}

#[test]
fn a_long_summary_is_rejected() -> Result<()> {
    let fixture = Fixture::new()?;
    let long = "x".repeat(201);
    fixture.write("pages/about.en.md", &format!("+++\ntitle = \"About\"\nsummary = \"{long}\"\n+++\n"))?;
    fixture.expect_error("pages/about.en.md", 3, "the summary has 201 characters", "at most 200");
    Ok(())
}

#[test]
fn a_program_must_name_a_known_strategy() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("programs/fair.toml", "kind = \"event\"\nstrategy = \"nope\"\n")?;
    fixture.expect_error("programs/fair.toml", 2, "unknown strategy `nope`", "first");
    Ok(())
}

#[test]
fn a_scope_needs_the_certification() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture
        .write("firms/test-firm.en.md", "+++\ntitle = \"T\"\nsummary = \"S\"\nscopes = { iso_9001 = \"x\" }\n+++\n")?;
    fixture.expect_error("firms/test-firm.en.md", 4, "scope given for `iso_9001`", "[[certifications]]");
    Ok(())
}

#[test]
fn a_badly_named_file_is_reported() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("strategies/first.fr.md", "+++\ntitle = \"x\"\nsummary = \"y\"\n+++\n")?;
    fixture.expect_error("strategies/first.fr.md", 1, "unexpected file name", "lang: a code of site.toml's languages");
    Ok(())
}

#[test]
fn a_missing_ui_string_is_reported() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.replace("ui/de.toml", "retry = \"Erneut versuchen\"\n", "")?;
    fixture.expect_error("ui/de.toml", 1, "UI string `retry` is missing", "add it");
    Ok(())
}

#[test]
fn raw_html_in_markdown_is_sanitized() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("pages/about.en.md", "+++\ntitle = \"About\"\nsummary = \"About.\"\n+++\n<script>alert(1)</script>\n<a href=\"javascript:alert(1)\" onclick=\"x()\">link</a>\n")?;
    let site = sitegen::load(fixture.dir.path()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let english = site.languages.iter().find(|l| l.lang == engine::Lang::En).map(|l| &l.data).expect("english");
    let about = english.docs.iter().find(|d| d.id == "about").expect("about page");
    assert!(!about.body_html.contains("<script"), "{}", about.body_html);
    assert!(!about.body_html.contains("javascript:"), "{}", about.body_html);
    assert!(!about.body_html.contains("onclick"), "{}", about.body_html);
    Ok(())
}

#[test]
fn a_failed_build_leaves_no_output() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("strategies/first.en.md", "broken")?;
    let out = tempfile::tempdir()?;
    let dist = out.path().join("dist");
    let result = xtask::dist::build(&xtask::dist::Options {
        out: dist.clone(),
        base: "/".into(),
        content: fixture.dir.path().to_path_buf(),
        production: false,
    });
    assert!(result.is_err());
    assert!(!dist.exists(), "no dist/ after a content error");
    assert!(fs::read_dir(out.path())?.next().is_none(), "no staging folder left behind");
    Ok(())
}

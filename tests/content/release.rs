//! Launch readiness: a production build refuses placeholders, sample addresses and drafts,
//! naming each with its file and line; a firm that assembles in its cleanroom says so in its tags.

use std::fs;

use anyhow::Result;

use super::Fixture;

/// The unfinished items of a content folder, as `path:line: what — fix` lines.
fn unfinished(content: &std::path::Path) -> Vec<String> {
    sitegen::release::unfinished(content).0.iter().map(ToString::to_string).collect()
}

/// `content/<file>:<line of the first line containing needle>: `.
fn location(file: &str, needle: &str) -> String {
    let path = xtask::workspace_root().join("content").join(file);
    let text = fs::read_to_string(&path).expect("file exists");
    let line = text.lines().position(|l| l.contains(needle)).expect("needle present") + 1;
    format!("{}:{line}: ", path.display())
}

#[test]
fn the_shipped_placeholders_are_listed_with_file_line_and_fix() {
    let errors = unfinished(&xtask::workspace_root().join("content"));
    let expect = |file: &str, needle: &str, says: &str| {
        let at = location(file, needle);
        assert!(
            errors.iter().any(|e| e.starts_with(&at) && e.contains(says)),
            "expected `{at}…{says}…` among:\n{}",
            errors.join("\n")
        );
    };
    if errors.iter().any(|e| e.contains("site.toml")) {
        expect(
            "site.toml",
            "coordinator_email =",
            "set coordinator_email to the coordination desk's confirmed address",
        );
        expect("site.toml", "public_url =", "set public_url to the address the site is published at");
    }
    if fs::read_to_string(xtask::workspace_root().join("content/pages/contact.en.md"))
        .unwrap()
        .contains("by the cluster]")
    {
        expect(
            "pages/contact.en.md",
            "**Desk run by:**",
            "placeholder `[to be confirmed by the cluster]` is still in the text",
        );
        expect(
            "pages/imprint.ja.md",
            "[クラスターが確認のうえ記入]",
            "replace it with the fact the cluster has confirmed",
        );
    }
    let guide = xtask::workspace_root().join("content/README.md");
    assert!(!errors.iter().any(|e| e.starts_with(&guide.display().to_string())), "the editors' guide is not shipped");
}

#[test]
fn a_production_build_of_unfinished_content_writes_nothing() -> Result<()> {
    let fixture = Fixture::new()?;
    let out = tempfile::tempdir()?;
    let dist = out.path().join("dist");
    let result = xtask::dist::build(&xtask::dist::Options {
        out: dist.clone(),
        base: "/".into(),
        content: fixture.dir.path().to_path_buf(),
        production: true,
    });
    let message = format!("{:#}", result.expect_err("the fixture's addresses are placeholders"));
    assert!(message.contains("a production build needs finished content"), "{message}");
    assert!(!dist.exists(), "nothing written");
    // What it refused: the fixture's placeholder desk address, at its line.
    let refused = unfinished(fixture.dir.path());
    let at = format!("{}:1: `desk@example.invalid` is a placeholder address", fixture.path("site.toml").display());
    assert!(refused.iter().any(|e| e.starts_with(&at)), "{refused:#?}");
    Ok(())
}

#[test]
fn finished_settings_and_pages_pass_the_production_check() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write(
        "site.toml",
        "coordinator_email = \"desk@connected-fukushima.jp\"\npublic_url = \"https://www.connected-fukushima.jp\"\nlanguages = [\"ja\", \"en\", \"de\", \"th\"]\n",
    )?;
    let refused = unfinished(fixture.dir.path());
    assert!(refused.iter().all(|e| e.contains("/firms/")), "only the sample firm is left: {refused:#?}");
    fixture.replace("strategies/first.en.md", "+++\n", "+++\ndraft = true\n")?;
    let refused = unfinished(fixture.dir.path());
    let at = format!("{}:2: the page is a draft", fixture.path("strategies/first.en.md").display());
    assert!(refused.iter().any(|e| e.starts_with(&at)), "{refused:#?}");
    Ok(())
}

/// The converse of `every_shipped_cleanroom_assembler_has_a_cleanroom`: a firm whose English
/// text says it assembles in its cleanroom carries the cleanroom-assembly process.
#[test]
fn a_firm_that_assembles_in_its_cleanroom_is_tagged_for_it() {
    let firms = xtask::workspace_root().join("content/firms");
    let mut untagged = Vec::new();
    for entry in fs::read_dir(&firms).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let facts = fs::read_to_string(&path).unwrap();
        if !facts.contains("[cleanroom]") || facts.contains("cleanroom_assembly") {
            continue;
        }
        let english = fs::read_to_string(path.with_extension("en.md")).unwrap().to_lowercase();
        let assembles =
            english.split(['.', '\n']).any(|sentence| sentence.contains("cleanroom") && sentence.contains("assembl"));
        if assembles {
            untagged.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(untagged.is_empty(), "firms that assemble in their cleanroom without `cleanroom_assembly`: {untagged:?}");
}

//! `cargo xtask synth`: a content folder with thousands of generated firms, written as editors
//! write firms (a TOML facts file and one Markdown page per language), for building and
//! measuring the site at a scale the shipped content does not reach.
//!
//! The shipped content is copied as it is (its pages link to its firms), and `--firms`
//! fictional firms are added: facts and names from the benchmark's generator
//! ([`crate::corpus`]), the same for the same seed. The folder is replaced only if this
//! command or the build made it (see [`crate::out_dir`]).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use engine::model::FirmFacts;
use engine::Lang;
use sitegen::vocab::Vocabularies;

use crate::corpus::{plan_firm, texts_of, FirmTexts, Rng};
use crate::{dist, out_dir};

#[derive(clap::Args, Clone, Debug)]
pub struct Options {
    /// Generated firms to add to the shipped ones.
    #[arg(long, default_value_t = 10_000)]
    pub firms: usize,
    /// The content folder to copy and add to.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Where to write the new content folder (default: target/synthetic/content-FIRMS).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The date every generated profile was "last checked" (a fixed date keeps the output the
/// same for the same seed; the content check only rejects dates in the future).
const UPDATED: &str = "2026-01-15";

/// Writes the content folder and returns where.
pub fn run(options: &Options) -> Result<PathBuf> {
    let root = crate::workspace_root();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join("target").join("synthetic").join(format!("content-{}", options.firms)));
    let mut errors = sitegen::ContentErrors::default();
    let languages = sitegen::settings::load(&options.content, &mut errors).languages;
    let vocab = Vocabularies::load(&options.content, &languages, &mut errors);
    if !errors.is_empty() {
        bail!("{} has content errors; fix them first:\n{errors}", options.content.display());
    }
    out_dir::remove_if_ours(&out, &root)?;
    out_dir::create_marked(&out).with_context(|| format!("cannot create {}", out.display()))?;
    dist::copy_dir(&options.content, &out)?;
    let firms = out.join("firms");
    for n in 0..options.firms {
        let id = format!("synthetic-{n:06}");
        write_firm(&firms, &id, &vocab, &languages, options.seed ^ (n as u64).wrapping_mul(0x9E37_79B9))?;
    }
    Ok(out)
}

/// One firm's facts file and its page in every language.
fn write_firm(dir: &Path, id: &str, vocab: &Vocabularies, languages: &[Lang], seed: u64) -> Result<()> {
    let mut rng = Rng::new(seed);
    let planned = plan_firm(vocab, &mut rng);
    fs::write(dir.join(format!("{id}.toml")), facts_toml(&planned.facts, id))?;
    for &lang in languages {
        let texts = texts_of(&planned, lang, &mut rng);
        fs::write(dir.join(format!("{id}.{}.md", lang.code())), page(&texts))?;
    }
    Ok(())
}

/// A TOML string (JSON's escapes are TOML's for the characters generated text holds).
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|item| quoted(item)).collect::<Vec<_>>().join(", "))
}

/// The facts file, in the shipped files' layout.
fn facts_toml(facts: &FirmFacts, id: &str) -> String {
    let mut toml = String::new();
    let _ = writeln!(toml, "fictional = true\nmunicipality = {}", quoted(&facts.municipality));
    let _ = writeln!(toml, "employees = {}", facts.employees);
    for (key, values) in [
        ("roles", &facts.roles),
        ("processes", &facts.processes),
        ("materials", &facts.materials),
        ("applications", &facts.applications),
        ("regulatory", &facts.regulatory),
        ("events", &facts.events),
    ] {
        let _ = writeln!(toml, "{key} = {}", list(values));
    }
    let _ = writeln!(toml, "languages = [\"ja\", \"en\"]\ncontact_route = \"coordinator\"");
    let _ = writeln!(toml, "email = \"info@{id}.invalid\"\nwebsite = \"https://{id}.invalid/\"");
    let _ = writeln!(toml, "updated = {UPDATED}");
    for certification in &facts.certifications {
        let _ = writeln!(toml, "\n[[certifications]]\nid = {}", quoted(&certification.id));
    }
    if let Some(cleanroom) = &facts.cleanroom {
        let _ = writeln!(toml, "\n[cleanroom]\niso_class = {}", cleanroom.iso_class);
        if let Some(area) = cleanroom.area_m2 {
            let _ = writeln!(toml, "area_m2 = {area}");
        }
    }
    toml
}

/// One language's page: front matter and body.
fn page(texts: &FirmTexts) -> String {
    format!(
        "+++\ntitle = {}\nsummary = {}\nequipment = {}\n+++\n\n{}\n",
        quoted(&texts.title),
        quoted(&within_summary_limit(&texts.summary)),
        list(&texts.equipment),
        texts.body
    )
}

/// The summary cut to the length the content check allows.
fn within_summary_limit(summary: &str) -> String {
    let max = sitegen::pages::SUMMARY_MAX_CHARS;
    if summary.chars().count() <= max {
        return summary.to_string();
    }
    let cut: String = summary.chars().take(max - 1).collect();
    let at_word = cut.rfind(' ').filter(|&space| space > cut.len() / 2).map_or(cut.as_str(), |space| &cut[..space]);
    format!("{}…", at_word.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small generated folder passes every content check the build makes, and has the
    /// shipped firms and the generated ones in every language.
    #[test]
    fn a_generated_folder_builds_without_content_errors() {
        let root = crate::workspace_root();
        let out = root.join("target").join("synthetic").join("test-content-30");
        let options = Options { firms: 30, content: root.join("content"), out: Some(out.clone()), seed: 7 };
        run(&options).expect("writes the folder");
        let site = sitegen::load(&out).unwrap_or_else(|errors| panic!("content errors:\n{errors}"));
        for lang_site in &site.languages {
            let generated = lang_site.data.docs.iter().filter(|doc| doc.id.starts_with("synthetic-")).count();
            assert_eq!(generated, 30, "{:?}", lang_site.lang);
        }
        // The same seed writes the same folder.
        let first = fs::read_to_string(out.join("firms/synthetic-000003.de.md")).expect("written");
        run(&options).expect("writes the folder again");
        assert_eq!(fs::read_to_string(out.join("firms/synthetic-000003.de.md")).expect("written"), first);
    }

    #[test]
    fn a_long_summary_is_cut_at_a_word() {
        let long = "word ".repeat(60);
        let cut = within_summary_limit(&long);
        assert!(cut.chars().count() <= sitegen::pages::SUMMARY_MAX_CHARS);
        assert!(cut.ends_with("word…"), "{cut}");
    }

    #[test]
    fn a_folder_it_did_not_make_is_left_alone() {
        let root = crate::workspace_root();
        let foreign = std::env::temp_dir().join(format!("synth-foreign-{}", std::process::id()));
        fs::create_dir_all(&foreign).expect("temp folder");
        fs::write(foreign.join("notes.txt"), "mine").expect("a file of someone else's");
        let options = Options { firms: 1, content: root.join("content"), out: Some(foreign.clone()), seed: 1 };
        assert!(run(&options).is_err(), "a folder with files it did not write is refused");
        assert_eq!(fs::read_to_string(foreign.join("notes.txt")).ok().as_deref(), Some("mine"));
        let _ = fs::remove_dir_all(&foreign);
    }
}

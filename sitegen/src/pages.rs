//! Translated front matter and the data files of strategies, programs and institutions.

use std::collections::BTreeMap;
use std::path::Path;

use engine::model::{DocKind, InstitutionFacts, ProgramFacts};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{ContentError, ContentErrors};
use crate::source::Translation;
use crate::toml_file;
use crate::vocab::Vocabularies;

/// The most a summary may hold: it is the page description and the result-list teaser.
pub const SUMMARY_MAX_CHARS: usize = 200;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub summary: Spanned<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub equipment: Vec<String>,
    #[serde(default)]
    pub scopes: BTreeMap<String, Spanned<String>>,
}

/// Parses and checks the front matter of one translation.
pub fn front_matter(kind: DocKind, t: &Translation, errors: &mut ContentErrors) -> Option<FrontMatter> {
    let front: FrontMatter = match toml_file::parse(&t.path, &t.front, t.front_line) {
        Ok(front) => front,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let line = |span| toml_file::span_line(&t.front, t.front_line, span);
    if front.title.trim().is_empty() {
        errors.push(ContentError::new(
            &t.path,
            t.front_line,
            "the title is empty",
            "write the page title in this language",
        ));
    }
    let summary_chars = front.summary.get_ref().chars().count();
    if front.summary.get_ref().trim().is_empty() || summary_chars > SUMMARY_MAX_CHARS {
        errors.push(ContentError::new(
            &t.path,
            line(front.summary.span()),
            format!("the summary has {summary_chars} characters"),
            format!("write one or two sentences of at most {SUMMARY_MAX_CHARS} characters"),
        ));
    }
    if kind != DocKind::Firm && (!front.equipment.is_empty() || !front.scopes.is_empty()) {
        errors.push(ContentError::new(
            &t.path,
            t.front_line,
            "`equipment` and `scopes` belong to firm profiles only",
            "remove them from this page",
        ));
    }
    Some(front)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrategyFile {
    order: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgramFile {
    kind: Spanned<String>,
    strategy: Spanned<String>,
    website: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstitutionFile {
    municipality: Option<Spanned<String>>,
    website: Option<String>,
}

/// The language-neutral data of a non-firm page.
#[derive(Clone, Debug, Default)]
pub struct PageData {
    pub order: u32,
    pub program: Option<ProgramFacts>,
    pub institution: Option<InstitutionFacts>,
}

pub fn page_data(
    kind: DocKind,
    data: Option<&(std::path::PathBuf, String)>,
    strategies: &[String],
    vocab: &Vocabularies,
    errors: &mut ContentErrors,
) -> PageData {
    // A missing data file is reported by the caller, which knows the slug's files.
    let Some((path, text)) = data else { return PageData::default() };
    let path: &Path = path;
    match kind {
        DocKind::Strategy => toml_file::parse::<StrategyFile>(path, text, 1)
            .map(|f| PageData { order: f.order, ..PageData::default() })
            .unwrap_or_else(|e| {
                errors.push(e);
                PageData::default()
            }),
        DocKind::Program => match toml_file::parse::<ProgramFile>(path, text, 1) {
            Ok(f) => {
                let kinds = ["program", "event", "training"];
                if !kinds.contains(&f.kind.get_ref().as_str()) {
                    errors.push(ContentError::new(
                        path,
                        toml_file::span_line(text, 1, f.kind.span()),
                        format!("unknown kind `{}`", f.kind.get_ref()),
                        "use program, event or training",
                    ));
                }
                if !strategies.contains(f.strategy.get_ref()) {
                    errors.push(ContentError::new(
                        path,
                        toml_file::span_line(text, 1, f.strategy.span()),
                        format!("unknown strategy `{}`", f.strategy.get_ref()),
                        format!("use the slug of a strategy: {}", strategies.join(", ")),
                    ));
                }
                PageData {
                    program: Some(ProgramFacts {
                        kind: f.kind.into_inner(),
                        strategy: f.strategy.into_inner(),
                        website: f.website,
                    }),
                    ..PageData::default()
                }
            }
            Err(e) => {
                errors.push(e);
                PageData::default()
            }
        },
        DocKind::Institution => match toml_file::parse::<InstitutionFile>(path, text, 1) {
            Ok(f) => {
                if let Some(m) = &f.municipality {
                    vocab.check("municipalities", m.get_ref(), (path, text, 1, m.span()), errors);
                }
                PageData {
                    institution: Some(InstitutionFacts {
                        municipality: f.municipality.map(Spanned::into_inner),
                        website: f.website,
                    }),
                    ..PageData::default()
                }
            }
            Err(e) => {
                errors.push(e);
                PageData::default()
            }
        },
        DocKind::Firm | DocKind::Page => {
            errors.push(ContentError::new(path, 0, "this section has no data files", "remove the .toml file"));
            PageData::default()
        }
    }
}

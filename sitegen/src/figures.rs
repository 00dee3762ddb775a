//! Key figures (`content/figures.toml`): each with value, date and source in every language.

use std::fs;
use std::path::Path;

use engine::model::Figure;
use engine::Lang;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{ContentError, ContentErrors};
use crate::lang_text::LangText;
use crate::toml_file;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FiguresFile {
    figure: Vec<FigureFile>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureFile {
    id: Spanned<String>,
    value: String,
    as_of: Spanned<String>,
    label: LangText,
    display: LangText,
    as_of_text: LangText,
    source: LangText,
    note: Option<LangText>,
}

/// All figures, checked; labelled per language by [`labelled`].
pub fn load(content_dir: &Path, errors: &mut ContentErrors) -> Vec<FigureFile> {
    let path = content_dir.join("figures.toml");
    let Ok(text) = fs::read_to_string(&path) else {
        errors.push(ContentError::new(
            &path,
            0,
            "figures file is missing",
            "create content/figures.toml; content/README.md shows the format",
        ));
        return Vec::new();
    };
    let file: FiguresFile = match toml_file::parse(&path, &text, 1) {
        Ok(file) => file,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    for figure in &file.figure {
        let line = toml_file::span_line(&text, 1, figure.id.span());
        if !valid_as_of(figure.as_of.get_ref()) {
            errors.push(ContentError::new(
                &path,
                toml_file::span_line(&text, 1, figure.as_of.span()),
                format!("`as_of = \"{}\"` is not a date", figure.as_of.get_ref()),
                "write the date of the figure as \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
            ));
        }
        let texts = [
            ("label", &figure.label),
            ("display", &figure.display),
            ("as_of_text", &figure.as_of_text),
            ("source", &figure.source),
        ];
        for (name, text) in texts {
            if let Some(lang) = text.blank_language() {
                errors.push(ContentError::new(
                    &path,
                    line,
                    format!("figure `{}` has an empty {name} in {lang}", figure.id.get_ref()),
                    "every figure shows its value, date and source in all four languages",
                ));
            }
        }
        if figure.value.trim().is_empty() {
            errors.push(ContentError::new(
                &path,
                line,
                format!("figure `{}` has no value", figure.id.get_ref()),
                "write the value as given by the source",
            ));
        }
    }
    file.figure
}

pub fn labelled(figures: &[FigureFile], lang: Lang) -> Vec<Figure> {
    figures
        .iter()
        .map(|f| Figure {
            id: f.id.get_ref().clone(),
            label: f.label.get(lang).to_string(),
            display: f.display.get(lang).to_string(),
            as_of: f.as_of.get_ref().clone(),
            as_of_text: f.as_of_text.get(lang).to_string(),
            source: f.source.get(lang).to_string(),
            note: f.note.as_ref().map(|n| n.get(lang).to_string()),
        })
        .collect()
}

fn valid_as_of(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn accepts_only_iso_dates() {
        assert!(super::valid_as_of("2022-03-31"));
        assert!(super::valid_as_of("2020"));
        assert!(!super::valid_as_of("FY2020"));
        assert!(!super::valid_as_of(""));
    }
}

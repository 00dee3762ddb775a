//! Key figures (`content/figures.toml`): each with value, date and source in every language.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

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
    /// The address of the source: an absolute `https://` URL of a public page.
    source_url: Option<Spanned<String>>,
    label: Spanned<LangText>,
    display: Spanned<LangText>,
    as_of_text: Spanned<LangText>,
    source: Spanned<LangText>,
    note: Option<LangText>,
}

impl FigureFile {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// Where the figure's source can be read (checked: an absolute `https://` URL).
    pub fn source_url(&self) -> Option<&str> {
        self.source_url.as_ref().map(|url| url.get_ref().as_str())
    }
}

/// All figures, checked; labelled per language by [`labelled`].
pub fn load(content_dir: &Path, languages: &[Lang], errors: &mut ContentErrors) -> Vec<FigureFile> {
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
        for (name, lang_text) in texts {
            if let Some(lang) = lang_text.get_ref().missing_language(languages) {
                errors.push(ContentError::new(
                    &path,
                    toml_file::span_line(&text, 1, lang_text.span()),
                    format!("figure `{}` has no {name} in {lang}", figure.id.get_ref()),
                    format!("write `{lang} = \"…\"`: every figure shows its value, date and source in each of the site's languages"),
                ));
            }
        }
        if let Some(url) = &figure.source_url {
            if let Err(problem) = check_source_url(url.get_ref()) {
                errors.push(ContentError::new(
                    &path,
                    toml_file::span_line(&text, 1, url.span()),
                    format!("figure `{}`: `source_url = \"{}\"` {problem}", figure.id.get_ref(), url.get_ref()),
                    "write the full https:// address of the public page the figure comes from (not a placeholder)",
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
    check_as_of_wording(content_dir, languages, &path, &text, &file.figure, errors);
    file.figure
}

/// The UI string that frames `as_of_text` on a figure card.
const AS_OF_KEY: &str = "figure_as_of";

/// `as_of_text` owns the date wording ("as of end of March 2022", "Stand: Ende März 2022",
/// "data for 2023"): the card shows it through the UI string `figure_as_of`, which must be the
/// bare `{date}`. Rejects a UI label that adds words around the date, and any card text that
/// says the same words twice in a row ("as of as of", "Stand: Stand:", "ณ ณ").
fn check_as_of_wording(
    content_dir: &Path,
    languages: &[Lang],
    figures_path: &Path,
    figures_text: &str,
    figures: &[FigureFile],
    errors: &mut ContentErrors,
) {
    for &lang in languages {
        let label = ui_as_of_label(content_dir, lang);
        if let Some((ui_path, line, label)) = &label {
            if label.trim() != "{date}" {
                let example = figures
                    .first()
                    .map(|f| {
                        format!(
                            " (the first card would read \"{}\")",
                            label.replace("{date}", f.as_of_text.get_ref().get(lang))
                        )
                    })
                    .unwrap_or_default();
                errors.push(ContentError::new(
                    ui_path,
                    *line,
                    format!("`{AS_OF_KEY} = \"{label}\"` adds words around the date, but each figure's as_of_text already carries its own wording{example}"),
                    format!("write `{AS_OF_KEY} = \"{{date}}\"` and keep the whole date phrase in as_of_text in content/figures.toml"),
                ));
            }
        }
        for figure in figures {
            let as_of_text = figure.as_of_text.get_ref().get(lang);
            let card = match &label {
                Some((_, _, label)) => label.replace("{date}", as_of_text),
                None => as_of_text.to_string(),
            };
            if let Some(doubled) = doubled_phrase(&card) {
                errors.push(ContentError::new(
                    figures_path,
                    as_of_text_line(figures_text, figure, lang),
                    format!(
                        "figure `{}`: the {lang} card would read \"{card}\", with \"{doubled}\" twice",
                        figure.id.get_ref()
                    ),
                    format!(
                        "say it once: as_of_text owns the date wording and ui/{}.toml has `{AS_OF_KEY} = \"{{date}}\"`",
                        lang.code()
                    ),
                ));
            }
        }
    }
}

/// `figure_as_of` of `ui/<lang>.toml` with its file and line; `None` when the file or key is
/// missing or broken (the UI check reports that).
fn ui_as_of_label(content_dir: &Path, lang: Lang) -> Option<(PathBuf, usize, String)> {
    let path = content_dir.join("ui").join(format!("{}.toml", lang.code()));
    let text = fs::read_to_string(&path).ok()?;
    let table: BTreeMap<String, Spanned<String>> = toml::from_str(&text).ok()?;
    let label = table.get(AS_OF_KEY)?;
    let line = toml_file::span_line(&text, 1, label.span());
    Some((path, line, label.get_ref().clone()))
}

/// The line of a figure's `as_of_text` in `lang`, or of its id when it cannot be found.
fn as_of_text_line(text: &str, figure: &FigureFile, lang: Lang) -> usize {
    let start = figure.id.span().start;
    let quoted = format!("\"{}\"", figure.as_of_text.get_ref().get(lang));
    text.get(start..)
        .and_then(|rest| rest.find("as_of_text").map(|i| start + i))
        .and_then(|table| text[table..].find(&quoted).map(|i| table + i))
        .map_or_else(|| toml_file::span_line(text, 1, figure.id.span()), |offset| crate::error::line_of(text, offset))
}

/// The first run of one to three words that is immediately repeated ("as of as of"), compared
/// without case and trailing punctuation.
fn doubled_phrase(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let norm = |w: &str| w.trim_end_matches([':', ',', ';', '.']).to_lowercase();
    for len in 1..=3 {
        for start in 0..words.len().saturating_sub(2 * len - 1) {
            let first = &words[start..start + len];
            let second = &words[start + len..start + 2 * len];
            let same = first.iter().zip(second).all(|(a, b)| norm(a) == norm(b));
            if same && first.iter().any(|w| w.chars().any(char::is_alphabetic)) {
                return Some(first.join(" "));
            }
        }
    }
    None
}

pub fn labelled(figures: &[FigureFile], lang: Lang) -> Vec<Figure> {
    figures
        .iter()
        .map(|f| Figure {
            id: f.id.get_ref().clone(),
            label: f.label.get_ref().get(lang).to_string(),
            display: f.display.get_ref().get(lang).to_string(),
            as_of: f.as_of.get_ref().clone(),
            as_of_text: f.as_of_text.get_ref().get(lang).to_string(),
            source: f.source.get_ref().get(lang).to_string(),
            source_url: f.source_url().map(str::to_string),
            note: f.note.as_ref().map(|n| n.get(lang).to_string()),
        })
        .collect()
}

/// Why `url` is not an absolute `https://` address of a real page, if it is not one.
fn check_source_url(url: &str) -> Result<(), &'static str> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Err("is not an absolute https:// URL");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains spaces");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("").split(':').next().unwrap_or("").to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let valid_label = |l: &&str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if labels.len() < 2 || !labels.iter().all(valid_label) {
        return Err("has no valid host name");
    }
    if crate::release::is_placeholder_host(&host) {
        return Err("is a placeholder address");
    }
    Ok(())
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

    #[test]
    fn finds_doubled_date_wording() {
        use super::doubled_phrase;
        assert_eq!(doubled_phrase("as of as of end of March 2022").as_deref(), Some("as of"));
        assert_eq!(doubled_phrase("Stand: Stand: Ende April 2021").as_deref(), Some("Stand:"));
        assert_eq!(doubled_phrase("ข้อมูล ณ ณ สิ้นเดือนมีนาคม 2022").as_deref(), Some("ณ"));
        assert_eq!(doubled_phrase("as of end of March 2022"), None);
        assert_eq!(doubled_phrase("21st edition, 29–30 October 2025"), None);
        assert_eq!(doubled_phrase("2016年11月の開所時点"), None);
    }

    #[test]
    fn source_urls_are_absolute_https_addresses_of_real_hosts() {
        assert!(super::check_source_url("https://fmddsc.jp/next-project/").is_ok());
        assert!(super::check_source_url("https://www.minyu-net.com/news/detail/2025090307580940317").is_ok());
        assert!(super::check_source_url("http://fmddsc.jp/next-project/").is_err());
        assert!(super::check_source_url("fmddsc.jp/next-project/").is_err());
        assert!(super::check_source_url("https://").is_err());
        assert!(super::check_source_url("https://localhost/x").is_err());
        assert!(super::check_source_url("https://figures.example.com/").is_err());
        assert!(super::check_source_url("https://desk.connected-fukushima.invalid/").is_err());
        assert!(super::check_source_url("https://fmddsc.jp/next project/").is_err());
    }
}

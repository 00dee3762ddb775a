//! The words of the user interface (`content/ui/<lang>.toml`), read by the site at run time.
//!
//! Each file is a flat table `key = "text"`. The keys are code: `engine::ui_text::UiText` has
//! one field per key, and every file must have exactly those keys (a missing or unknown key is
//! a content error at its file and line), with the same `{placeholders}` as the English text.
//! The texts go into each language's page data (see `crate::output`), so changing a word needs
//! no compiler.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use engine::ui_text::UiText;
use engine::Lang;

use crate::error::{ContentError, ContentErrors};
use crate::toml_file;

/// UI strings: key → text per language, indexed by `Lang::slot` (empty for a language the site
/// does not have).
#[derive(Clone, Debug, Default)]
pub struct UiStrings {
    pub keys: Vec<String>,
    pub texts: Vec<BTreeMap<String, String>>,
}

/// Reads `ui/<code>.toml` of each of the site's `languages`; `reference` is the language whose
/// `{placeholders}` every other must keep.
pub fn load(content_dir: &Path, languages: &[Lang], reference: Lang, errors: &mut ContentErrors) -> UiStrings {
    let mut texts = vec![BTreeMap::new(); Lang::COUNT];
    let mut sources = Vec::new();
    for &lang in languages {
        let path = content_dir.join("ui").join(lang.profile().ui_file);
        let table = match fs::read_to_string(&path) {
            Ok(text) => match toml_file::parse::<BTreeMap<String, String>>(&path, &text, 1) {
                Ok(table) => {
                    sources.push((lang, path, text));
                    table
                }
                Err(error) => {
                    // One cause, one message: a file that cannot be read as TOML is not also
                    // reported key by key as missing (its text is left out of the checks below).
                    errors.push(error);
                    sources.push((lang, path, String::new()));
                    BTreeMap::new()
                }
            },
            Err(_) => {
                errors.push(ContentError::new(
                    &path,
                    0,
                    "UI strings are missing",
                    "copy content/ui/en.toml and translate it",
                ));
                sources.push((lang, path, String::new()));
                BTreeMap::new()
            }
        };
        texts[lang.slot()] = table;
    }
    let all_keys: BTreeSet<String> = UiText::<String>::KEYS.iter().map(|k| k.to_string()).collect();
    for (lang, path, text) in &sources {
        let table = &texts[lang.slot()];
        for key in &all_keys {
            match table.get(key) {
                None if !text.is_empty() => errors.push(ContentError::new(
                    path,
                    0,
                    format!("UI string `{key}` is missing"),
                    "add it: the site needs every key of content/ui/en.toml (the list is engine/src/ui_text.rs)",
                )),
                Some(value) if value.trim().is_empty() => errors.push(ContentError::new(
                    path,
                    line_of_key(text, key),
                    format!("UI string `{key}` is empty"),
                    "write the text",
                )),
                _ => {}
            }
        }
        for key in table.keys().filter(|key| !all_keys.contains(*key)) {
            errors.push(ContentError::new(
                path,
                line_of_key(text, key),
                format!("UI string `{key}` is not used by the site"),
                "check the key's spelling against content/ui/en.toml, or remove the line (a new key needs a \
                 programmer: the keys are listed in engine/src/ui_text.rs)",
            ));
        }
    }
    check_placeholders(&all_keys, &texts, &sources, reference, errors);
    UiStrings { keys: all_keys.into_iter().collect(), texts }
}

fn check_placeholders(
    keys: &BTreeSet<String>,
    texts: &[BTreeMap<String, String>],
    sources: &[(Lang, std::path::PathBuf, String)],
    reference: Lang,
    errors: &mut ContentErrors,
) {
    for key in keys {
        let Some(reference_text) = texts[reference.slot()].get(key) else { continue };
        let expected = placeholders(reference_text);
        for (lang, path, text) in sources {
            if let Some(value) = texts[lang.slot()].get(key) {
                if placeholders(value) != expected {
                    errors.push(ContentError::new(
                        path,
                        line_of_key(text, key),
                        format!("UI string `{key}` must contain the placeholders {expected:?}"),
                        "keep every {name} of the English text, translated text around it",
                    ));
                }
            }
        }
    }
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
        .map_or(0, |i| i + 1)
}

impl UiStrings {
    /// The texts of `lang` (empty where a key is missing: such content never builds).
    pub fn text(&self, lang: Lang) -> UiText {
        let table = self.texts.get(lang.slot());
        UiText::from_fn(|key| table.and_then(|t| t.get(key)).cloned().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders("{count} results for {query}"), BTreeSet::from(["count", "query"]));
        assert!(placeholders("none").is_empty());
    }

    #[test]
    fn takes_each_languages_texts() {
        let mut texts = vec![BTreeMap::new(); 4];
        texts[1].insert("nav_search".to_string(), "Find".to_string());
        let ui = UiStrings { keys: vec!["nav_search".into()], texts };
        assert_eq!(ui.text(Lang::ALL[1]).nav_search, "Find");
        assert_eq!(ui.text(Lang::ALL[0]).nav_search, "");
    }
}

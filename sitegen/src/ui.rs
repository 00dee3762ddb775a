//! The words of the user interface (`content/ui/<lang>.toml`), compiled into the app.
//!
//! Each file is a flat table `key = "text"`. All four files must have the same keys and the
//! same `{placeholders}`; the build generates one Rust struct whose fields are the keys, so
//! the app cannot use a key that does not exist.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use engine::Lang;

use crate::error::{ContentError, ContentErrors};
use crate::toml_file;

/// UI strings: key → text per language, in `Lang::ALL` order.
#[derive(Clone, Debug, Default)]
pub struct UiStrings {
    pub keys: Vec<String>,
    pub texts: Vec<BTreeMap<String, String>>,
}

pub fn load(content_dir: &Path, errors: &mut ContentErrors) -> UiStrings {
    let mut texts = Vec::new();
    let mut sources = Vec::new();
    for lang in Lang::ALL {
        let path = content_dir.join("ui").join(lang.profile().ui_file);
        let table = match fs::read_to_string(&path) {
            Ok(text) => {
                let table = toml_file::parse::<BTreeMap<String, String>>(&path, &text, 1).unwrap_or_else(|e| {
                    errors.push(e);
                    BTreeMap::new()
                });
                sources.push((path, text));
                table
            }
            Err(_) => {
                errors.push(ContentError::new(
                    &path,
                    0,
                    "UI strings are missing",
                    "copy content/ui/en.toml and translate it",
                ));
                sources.push((path, String::new()));
                BTreeMap::new()
            }
        };
        texts.push(table);
    }
    let all_keys: BTreeSet<String> = texts.iter().flat_map(|t| t.keys().cloned()).collect();
    for ((path, text), table) in sources.iter().zip(&texts) {
        for key in &all_keys {
            match table.get(key) {
                None if !text.is_empty() => errors.push(ContentError::new(
                    path,
                    0,
                    format!("UI string `{key}` is missing"),
                    "add it (the other languages' files have it)",
                )),
                Some(value) if value.trim().is_empty() => errors.push(ContentError::new(
                    path,
                    line_of_key(text, key),
                    format!("UI string `{key}` is empty"),
                    "write the text",
                )),
                _ => {}
            }
            if !is_identifier(key) {
                errors.push(ContentError::new(
                    path,
                    line_of_key(text, key),
                    format!("UI key `{key}` is not a valid name"),
                    "use lower-case letters, digits and `_`, starting with a letter",
                ));
            }
        }
    }
    check_placeholders(&all_keys, &texts, &sources, errors);
    UiStrings { keys: all_keys.into_iter().collect(), texts }
}

fn check_placeholders(
    keys: &BTreeSet<String>,
    texts: &[BTreeMap<String, String>],
    sources: &[(std::path::PathBuf, String)],
    errors: &mut ContentErrors,
) {
    let english = Lang::DEFAULT.slot();
    for key in keys {
        let Some(reference) = texts[english].get(key) else { continue };
        let expected = placeholders(reference);
        for ((path, text), table) in sources.iter().zip(texts) {
            if let Some(value) = table.get(key) {
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

fn is_identifier(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl UiStrings {
    /// Rust source for the app: `struct Ui` and `static UI: [Ui; Lang::COUNT]` in `Lang::ALL` order.
    pub fn to_rust(&self) -> String {
        let mut out = String::from("/// The words of the interface in one language (generated from content/ui/*.toml).\n#[derive(Debug)]\npub struct Ui {\n");
        for key in &self.keys {
            let _ = writeln!(out, "    pub {key}: &'static str,");
        }
        out.push_str("}\n\nimpl Ui {\n    /// The text of `key`, for keys that data tables name (`engine::landing::Landing::lead_keys`).\n    pub fn text(&self, key: &str) -> Option<&'static str> {\n        match key {\n");
        for key in &self.keys {
            let _ = writeln!(out, "            {key:?} => Some(self.{key}),");
        }
        out.push_str("            _ => None,\n        }\n    }\n}\n");
        out.push_str(
            "\n/// One [`Ui`] per language, in `Lang::ALL` order.\npub static UI: [Ui; engine::Lang::COUNT] = [\n",
        );
        for table in &self.texts {
            out.push_str("    Ui {\n");
            for key in &self.keys {
                let text = table.get(key).map_or("", String::as_str);
                let _ = writeln!(out, "        {key}: {text:?},");
            }
            out.push_str("    },\n");
        }
        out.push_str("];\n");
        out
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
    fn generates_escaped_literals() {
        let ui = UiStrings {
            keys: vec!["a".into()],
            texts: vec![BTreeMap::from([("a".to_string(), "say \"hi\"\\".to_string())]); 4],
        };
        assert!(ui.to_rust().contains(r#"a: "say \"hi\"\\","#));
        assert!(ui.to_rust().contains(r#""a" => Some(self.a),"#), "looked up by key");
    }
}

//! A text given in every language of the site.
//!
//! Parsing accepts a key for each language the code knows ([`Lang::CODES`]) and rejects any
//! other; which languages are required is the site's list (`site.toml` `languages`), checked
//! after parsing with [`LangText::missing_language`].

use std::fmt;

use engine::lang::PerLang;
use engine::Lang;
use serde::de::{Error, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `{ ja = "…", en = "…", de = "…", th = "…" }`: one key per language, each at most once; a
/// key that is not a language code is an unknown field. A language without a key reads as "".
#[derive(Clone, Debug)]
pub struct LangText(PerLang<String>);

impl LangText {
    pub fn get(&self, lang: Lang) -> &str {
        &self.0[lang.slot()]
    }

    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The first of `languages` (the site's) whose text is missing or blank, if any.
    pub fn missing_language(&self, languages: &[Lang]) -> Option<Lang> {
        languages.iter().copied().find(|&lang| self.get(lang).trim().is_empty())
    }

    /// The texts, in [`Lang::ALL`] order ("" for a language without a key).
    pub fn into_texts(self) -> PerLang<String> {
        self.0
    }
}

impl<'de> Deserialize<'de> for LangText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LangText, D::Error> {
        deserializer.deserialize_map(LangTextVisitor)
    }
}

struct LangTextVisitor;

impl<'de> Visitor<'de> for LangTextVisitor {
    type Value = LangText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a text in every language of the site")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LangText, A::Error> {
        let mut texts: PerLang<Option<String>> = std::array::from_fn(|_| None);
        while let Some(key) = map.next_key::<String>()? {
            let Some(lang) = Lang::ALL.into_iter().find(|lang| lang.code() == key) else {
                return Err(A::Error::unknown_field(&key, &Lang::CODES));
            };
            if texts[lang.slot()].is_some() {
                return Err(A::Error::duplicate_field(lang.code()));
            }
            texts[lang.slot()] = Some(map.next_value()?);
        }
        Ok(LangText(texts.map(Option::unwrap_or_default)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<LangText, toml::de::Error> {
        #[derive(Deserialize)]
        struct File {
            #[allow(dead_code)]
            label: LangText,
        }
        toml::from_str::<File>(text).map(|file| file.label)
    }

    #[test]
    fn the_site_languages_are_required_and_no_unknown_code() {
        let four = [Lang::Ja, Lang::En, Lang::De, Lang::Th];
        let text = parse("label = { ja = \"日\", en = \"e\", de = \"d\", th = \"t\" }").unwrap();
        assert_eq!(text.get(Lang::De), "d");
        assert_eq!(text.missing_language(&four), None);
        let missing = parse("label = { ja = \"日\", en = \"e\", de = \"d\" }").unwrap();
        assert_eq!(missing.missing_language(&four), Some(Lang::Th));
        assert_eq!(missing.missing_language(&four[..3]), None);
        let unknown =
            parse("label = { ja = \"日\", en = \"e\", de = \"d\", th = \"t\", fr = \"f\" }").unwrap_err().to_string();
        let expected = Lang::CODES.map(|code| format!("`{code}`")).join(", ");
        assert!(unknown.contains(&format!("unknown field `fr`, expected one of {expected}")), "{unknown}");
    }
}

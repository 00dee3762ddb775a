//! A text given in every language of the site.

use std::fmt;

use engine::lang::PerLang;
use engine::Lang;
use serde::de::{Error, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `{ ja = "…", en = "…", de = "…", th = "…" }`: one key per language of the site
/// ([`Lang::CODES`]), each required; any other key is an unknown field.
#[derive(Clone, Debug)]
pub struct LangText(PerLang<String>);

impl LangText {
    pub fn get(&self, lang: Lang) -> &str {
        &self.0[lang.slot()]
    }

    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The first language whose text is blank, if any.
    pub fn blank_language(&self) -> Option<Lang> {
        Lang::ALL.into_iter().find(|&lang| self.get(lang).trim().is_empty())
    }

    /// The texts, in [`Lang::ALL`] order.
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
        // Reported in `Lang::ALL` order, as a derived struct reports its fields.
        if let Some(lang) = Lang::ALL.into_iter().find(|lang| texts[lang.slot()].is_none()) {
            return Err(A::Error::missing_field(lang.code()));
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
    fn every_language_is_required_and_no_other() {
        let text = parse("label = { ja = \"日\", en = \"e\", de = \"d\", th = \"t\" }").unwrap();
        assert_eq!(text.get(Lang::De), "d");
        assert_eq!(text.all().collect::<Vec<_>>(), ["日", "e", "d", "t"]);
        let missing = parse("label = { ja = \"日\", en = \"e\", de = \"d\" }").unwrap_err().to_string();
        assert!(missing.contains("missing field `th`"), "{missing}");
        let unknown =
            parse("label = { ja = \"日\", en = \"e\", de = \"d\", th = \"t\", fr = \"f\" }").unwrap_err().to_string();
        assert!(unknown.contains("unknown field `fr`, expected one of `ja`, `en`, `de`, `th`"), "{unknown}");
    }
}

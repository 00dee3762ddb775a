//! A text given in every language of the site.

use engine::Lang;
use serde::Deserialize;

/// `{ ja = "…", en = "…", de = "…", th = "…" }`: all four are required by the type.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangText {
    pub ja: String,
    pub en: String,
    pub de: String,
    pub th: String,
}

impl LangText {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
            Lang::De => &self.de,
            Lang::Th => &self.th,
        }
    }

    pub fn all(&self) -> impl Iterator<Item = &str> {
        [&self.ja, &self.en, &self.de, &self.th].into_iter().map(String::as_str)
    }

    /// The first language whose text is blank, if any.
    pub fn blank_language(&self) -> Option<Lang> {
        Lang::ALL.into_iter().find(|&lang| self.get(lang).trim().is_empty())
    }
}

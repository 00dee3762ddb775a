//! The four languages of the site. Everything language-specific elsewhere is keyed by this enum.

use serde::{Deserialize, Serialize};

/// A language of the site, written as its ISO 639-1 code in URLs, file names and data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
    De,
    Th,
}

impl Lang {
    /// All languages, in the order the site lists them.
    pub const ALL: [Lang; 4] = [Lang::Ja, Lang::En, Lang::De, Lang::Th];

    /// The ISO 639-1 code (`ja`, `en`, `de`, `th`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
            Lang::De => "de",
            Lang::Th => "th",
        }
    }

    /// The language's own name for itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Th => "ไทย",
        }
    }

    /// Parses a code; accepts region-tagged forms such as `de-AT` or `th_TH`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        Lang::ALL.into_iter().find(|lang| lang.code().eq_ignore_ascii_case(primary))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("de-AT"), Some(Lang::De));
        assert_eq!(Lang::from_code("TH_th"), Some(Lang::Th));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }
}

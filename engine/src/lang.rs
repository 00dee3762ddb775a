//! The languages the code knows and everything that differs between them: one [`Profile`] per
//! language in [`PROFILES`]. Code elsewhere reads a language's profile and never asks which
//! language it is; adding a language is a variant of [`Lang`], a row of [`PROFILES`] (with its
//! word lists in `lang/`), its UI text file and its content translations.
//!
//! Which of them a site is built in, and in which order they are listed, is content:
//! `site.toml` `languages` (read by `sitegen`, carried to the browser by the pages).

mod chinese;
mod english;
mod german;
mod japanese;
mod thai;

use serde::{Deserialize, Serialize};

/// The Snowball stemmers the catalogue uses. Only these: a stemmer chosen from all of
/// `rust_stemmers::Algorithm` by a value in a table links every one of its 18 languages into
/// each WebAssembly module (+136 KB raw in the first answer's, measured); a new language whose
/// stemmer is not here adds a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stemmer {
    English,
    German,
}

impl Stemmer {
    /// A stemmer of this algorithm (each arm names its algorithm as a constant, so the others
    /// are not linked).
    pub fn create(self) -> rust_stemmers::Stemmer {
        match self {
            Stemmer::English => rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            Stemmer::German => rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::German),
        }
    }
}

/// A language of the site, written as its ISO 639-1 code in URLs, file names and data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
    De,
    Th,
    Zh,
}

/// One value per language, in [`Lang::ALL`] order (index it with [`Lang::slot`]).
pub type PerLang<T> = [T; Lang::COUNT];

/// The writing system of a language's own words (Latin words and codes occur in every language).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Words separated by spaces.
    Latin,
    /// Han characters (with kana in Japanese), written without spaces: cut into bigrams by the
    /// analyzer whatever the language.
    Cjk,
    /// Thai, written without spaces between words.
    Thai,
}

impl Script {
    /// Whether words run together without spaces, so that a typed name may start inside a word.
    pub fn unspaced(self) -> bool {
        !matches!(self, Script::Latin)
    }
}

/// Everything language-specific: names, the analyzer's pipeline, the finder's word knowledge,
/// and where the interface's words live.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    pub lang: Lang,
    /// ISO 639-1 code (`ja`): URLs, file names, data.
    pub code: &'static str,
    /// The language's own name for itself, for the language switcher.
    pub native_name: &'static str,
    /// Its English name (elasticlunr-rs's language name in the build's index).
    pub english_name: &'static str,
    /// Open Graph locale (`ja_JP`).
    pub locale: &'static str,
    /// The BCP 47 tag of `<html lang>` (usually the code; `zh-Hans` for Simplified Chinese).
    pub html_lang: &'static str,
    /// The script of its own words (CJK bigrams and Thai clusters are cut by script, whatever
    /// the language; this decides how typed names are matched and how bench text is written).
    pub script: Script,
    /// The Snowball stemmer applied to Latin words without digits; `None`: words stay as typed.
    pub stemmer: Option<Stemmer>,
    /// Latin stop words, folded and sorted (binary search); dropped at index and query time.
    pub stop_words: &'static [&'static str],
    /// Fold `ä ö ü ß` to `a o u ss` when normalising (German).
    pub fold_umlauts: bool,
    /// Split words typed as compounds into indexed words, and match words inside compounds.
    pub compounds: bool,
    /// Endings a word being typed may still get before its indexed stem.
    pub typed_endings: &'static [&'static str],
    /// Question and request words ("who can make"): never required of a result.
    pub question_words: &'static [&'static str],
    /// The interface's words: `content/ui/{ui_file}`.
    pub ui_file: &'static str,
}

/// The profiles, in [`Lang::ALL`] order.
pub const PROFILES: PerLang<Profile> = [
    Profile {
        lang: Lang::Ja,
        code: "ja",
        html_lang: "ja",
        native_name: "日本語",
        english_name: "Japanese",
        locale: "ja_JP",
        script: Script::Cjk,
        // Latin words on Japanese pages are mostly English terms and names: English stems and
        // endings, but no stop words (not worth dropping there).
        stemmer: Some(Stemmer::English),
        stop_words: &[],
        fold_umlauts: false,
        compounds: false,
        typed_endings: english::TYPED_ENDINGS,
        question_words: japanese::QUESTION_WORDS,
        ui_file: "ja.toml",
    },
    Profile {
        lang: Lang::En,
        code: "en",
        html_lang: "en",
        native_name: "English",
        english_name: "English",
        locale: "en_GB",
        script: Script::Latin,
        stemmer: Some(Stemmer::English),
        stop_words: english::STOP_WORDS,
        fold_umlauts: false,
        compounds: false,
        typed_endings: english::TYPED_ENDINGS,
        question_words: english::QUESTION_WORDS,
        ui_file: "en.toml",
    },
    Profile {
        lang: Lang::De,
        code: "de",
        html_lang: "de",
        native_name: "Deutsch",
        english_name: "German",
        locale: "de_DE",
        script: Script::Latin,
        stemmer: Some(Stemmer::German),
        stop_words: german::STOP_WORDS,
        fold_umlauts: true,
        compounds: true,
        typed_endings: german::TYPED_ENDINGS,
        question_words: german::QUESTION_WORDS,
        ui_file: "de.toml",
    },
    Profile {
        lang: Lang::Th,
        code: "th",
        html_lang: "th",
        native_name: "ไทย",
        english_name: "Thai",
        locale: "th_TH",
        script: Script::Thai,
        // As on Japanese pages: Latin words are mostly English.
        stemmer: Some(Stemmer::English),
        stop_words: &[],
        fold_umlauts: false,
        compounds: false,
        typed_endings: english::TYPED_ENDINGS,
        question_words: thai::QUESTION_WORDS,
        ui_file: "th.toml",
    },
    Profile {
        lang: Lang::Zh,
        code: "zh",
        html_lang: "zh-Hans",
        native_name: "中文 (简体)",
        english_name: "Chinese",
        locale: "zh_CN",
        // Han text is cut into bigrams like Japanese kanji (no kana to fold); Latin words are
        // mostly English, as on Japanese pages.
        script: Script::Cjk,
        stemmer: Some(Stemmer::English),
        stop_words: &[],
        fold_umlauts: false,
        compounds: false,
        typed_endings: english::TYPED_ENDINGS,
        question_words: chinese::QUESTION_WORDS,
        ui_file: "zh.toml",
    },
];

impl Lang {
    /// Every language the code knows, in catalogue order (the order of every per-language
    /// table). A site's own languages and their display order are its `site.toml` `languages`.
    pub const ALL: [Lang; 5] = [Lang::Ja, Lang::En, Lang::De, Lang::Th, Lang::Zh];

    /// How many languages the code knows: the size of every per-language table.
    pub const COUNT: usize = Lang::ALL.len();

    /// The codes, in [`Lang::ALL`] order (the keys of a text given in every language).
    pub const CODES: PerLang<&'static str> = codes();

    /// The language of text outside any language (the root page's fallback, hreflang
    /// `x-default`, the reference wording of the interface's placeholders) when the site has it;
    /// see [`Lang::site_default`].
    pub const DEFAULT: Lang = Lang::En;

    /// The default language of a site built in `languages`: [`Lang::DEFAULT`] when it is one
    /// of them (or the list is empty), else the first.
    pub fn site_default(languages: &[Lang]) -> Lang {
        match languages.first() {
            Some(&first) if !languages.contains(&Lang::DEFAULT) => first,
            _ => Lang::DEFAULT,
        }
    }

    /// The tag of `<html lang>` (see [`Profile::html_lang`]).
    pub fn html_lang(self) -> &'static str {
        self.profile().html_lang
    }

    /// Position of the language in [`Lang::ALL`] and in every [`PerLang`] table.
    pub const fn slot(self) -> usize {
        self as usize
    }

    /// Everything language-specific about this language.
    pub fn profile(self) -> &'static Profile {
        &PROFILES[self.slot()]
    }

    /// The ISO 639-1 code (`ja`, `en`, `de`, `th`, `zh`).
    pub fn code(self) -> &'static str {
        self.profile().code
    }

    /// The language's own name for itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        self.profile().native_name
    }

    /// Parses a code; accepts region-tagged forms such as `de-AT` or `th_TH`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        Lang::ALL.into_iter().find(|lang| lang.code().eq_ignore_ascii_case(primary))
    }
}

const fn codes() -> PerLang<&'static str> {
    let mut codes = [""; Lang::COUNT];
    let mut at = 0;
    while at < Lang::COUNT {
        codes[at] = PROFILES[at].code;
        at += 1;
    }
    codes
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

    #[test]
    fn the_site_default_is_english_when_the_site_has_it() {
        assert_eq!(Lang::site_default(&[Lang::Ja, Lang::En]), Lang::En);
        assert_eq!(Lang::site_default(&[Lang::Ja, Lang::De]), Lang::Ja);
        assert_eq!(Lang::site_default(&[]), Lang::DEFAULT);
    }

    #[test]
    fn slots_and_profiles_follow_the_order_of_all() {
        for (slot, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(lang.slot(), slot);
            assert_eq!(lang.profile().lang, lang);
            assert_eq!(lang.profile().ui_file, format!("{}.toml", lang.code()));
        }
    }

    #[test]
    fn word_lists_are_sorted_where_searched_and_folded() {
        for profile in PROFILES {
            let stop = profile.stop_words;
            assert!(stop.windows(2).all(|pair| pair[0] < pair[1]), "{}: {stop:?}", profile.code);
            if profile.fold_umlauts {
                assert!(stop.iter().all(|w| w.is_ascii()), "{}: stop words are folded", profile.code);
            }
        }
    }
}

//! The per-language pipeline for Latin words without digits: stop words, then stemming.

use rust_stemmers::{Algorithm, Stemmer};

use super::{Role, Sink, MAX_TOKEN_BYTES};
use crate::Lang;

/// English stop words, sorted. Kept small on purpose: words such as "it", "us", "can" or "no"
/// are also abbreviations buyers search for (IT, US, CAN bus).
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "in", "into", "is",
    "its", "of", "on", "or", "our", "s", "such", "than", "that", "the", "their", "these", "this", "those", "to", "was",
    "we", "were", "which", "with",
];

/// German stop words in folded form (ä→a, ö→o, ü→u, ß→ss), sorted. "über" is not one: "uber"
/// must still find it.
const GERMAN_STOP_WORDS: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den", "der", "des", "die", "durch",
    "ein", "eine", "einem", "einen", "einer", "eines", "es", "fur", "im", "in", "ist", "mit", "nach", "oder", "sich",
    "sind", "und", "unser", "unsere", "vom", "von", "wie", "wir", "zu", "zum", "zur",
];

/// Enough passes for every word seen in practice; a safety bound, not a tuning knob.
const MAX_STEM_PASSES: usize = 8;

/// Stop words and stemmer of one language.
pub(super) struct WordPipeline {
    stop_words: &'static [&'static str],
    stemmer: Stemmer,
}

impl WordPipeline {
    pub(super) fn new(lang: Lang) -> Self {
        match lang {
            Lang::En => Self { stop_words: ENGLISH_STOP_WORDS, stemmer: Stemmer::create(Algorithm::English) },
            Lang::De => Self { stop_words: GERMAN_STOP_WORDS, stemmer: Stemmer::create(Algorithm::German) },
            // Latin words on Japanese and Thai pages are mostly English terms and names; stop
            // words are not worth dropping there.
            Lang::Ja | Lang::Th => Self { stop_words: &[], stemmer: Stemmer::create(Algorithm::English) },
        }
    }

    /// Emits the stem of `word` in `role` unless it is a stop word; returns whether it did.
    pub(super) fn push_word(&self, word: &str, role: Role, sink: &mut Sink<'_>) -> bool {
        if word.len() > MAX_TOKEN_BYTES || self.stop_words.binary_search(&word).is_ok() {
            return false;
        }
        sink.push_from(&self.stem(word), word, role)
    }

    /// Stems until the word stops changing, so that analysing analyzer output changes nothing.
    fn stem(&self, word: &str) -> String {
        let mut current = word.to_owned();
        for _ in 0..MAX_STEM_PASSES {
            let next = self.stemmer.stem(&current);
            if next == current.as_str() {
                break;
            }
            current = next.into_owned();
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_word_lists_are_sorted_for_binary_search() {
        for list in [ENGLISH_STOP_WORDS, GERMAN_STOP_WORDS] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }

    #[test]
    fn stemming_reaches_a_fixed_point() {
        let english = WordPipeline::new(Lang::En);
        assert_eq!(english.stem("agreed"), english.stem("agre"));
        assert_eq!(english.stem("machining"), "machin");
    }
}

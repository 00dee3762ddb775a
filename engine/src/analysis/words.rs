//! The per-language pipeline for Latin words without digits: stop words, then stemming.

use rust_stemmers::Stemmer;

use super::{Role, Sink, MAX_TOKEN_BYTES};
use crate::Lang;

/// Enough passes for every word seen in practice; a safety bound, not a tuning knob.
const MAX_STEM_PASSES: usize = 8;

/// Stop words and stemmer of one language (its [`crate::lang::Profile`]).
pub(super) struct WordPipeline {
    stop_words: &'static [&'static str],
    /// `None`: the language's words are not stemmed.
    stemmer: Option<Stemmer>,
}

impl WordPipeline {
    pub(super) fn new(lang: Lang) -> Self {
        let profile = lang.profile();
        Self { stop_words: profile.stop_words, stemmer: profile.stemmer.map(crate::lang::Stemmer::create) }
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
        let Some(stemmer) = &self.stemmer else { return current };
        for _ in 0..MAX_STEM_PASSES {
            let next = stemmer.stem(&current);
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
    fn stemming_reaches_a_fixed_point() {
        let english = WordPipeline::new(Lang::En);
        assert_eq!(english.stem("agreed"), english.stem("agre"));
        assert_eq!(english.stem("machining"), "machin");
    }
}

//! The indexed words nearest to a word that matched nothing, for "did you mean": the same
//! typo search the finder uses ([`super::typo`]), with one edit more than the finder allows,
//! since a word within the finder's own budget would already have found something.

use crate::index::{Index, Vocabulary};

/// An indexed term near a query word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearTerm {
    pub term: String,
    pub distance: u8,
    /// Documents that carry the term in any field (counted once per field).
    pub postings: usize,
}

/// Most terms considered per word before ranking them.
const MAX_CANDIDATES: usize = 32;

/// Terms of `index` within one edit more than the finder's typo budget of `word` (an analysed
/// Latin token), nearest first, then the most frequent. Empty for a word the index holds.
pub fn nearest_terms(index: &Index, word: &str, limit: usize) -> Vec<NearTerm> {
    if index.fields.iter().any(|field| field.term_index(word).is_some()) {
        return Vec::new();
    }
    let vocabulary = Vocabulary::of(index);
    let max_edits = super::typo::budget(word.chars().count()) + 1;
    let postings_of = |term: &str| -> usize {
        index
            .fields
            .iter()
            .filter_map(|field| field.term_index(term).and_then(|at| field.postings.get(at)))
            .map(Vec::len)
            .sum()
    };
    // Sorted as the finder sorts (one key type for every sort keeps the WebAssembly small):
    // distance, then most postings first, then vocabulary order.
    let mut ordered: Vec<(u64, u32)> = super::typo::search(&*vocabulary, word, max_edits, false, MAX_CANDIDATES, &[])
        .into_iter()
        .map(|near| {
            let postings = postings_of(vocabulary.get(near.term)).min(u32::MAX as usize) as u64;
            ((u64::from(near.distance) << 32) | (u64::from(u32::MAX) - postings), near.term as u32)
        })
        .collect();
    ordered.sort_unstable();
    ordered
        .into_iter()
        .take(limit)
        .map(|(key, term)| {
            let term = vocabulary.get(term as usize).to_string();
            NearTerm { postings: postings_of(&term), term, distance: (key >> 32) as u8 }
        })
        .collect()
}

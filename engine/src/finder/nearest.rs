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
    let mut near: Vec<NearTerm> = super::typo::search(&*vocabulary, word, max_edits, false, MAX_CANDIDATES, &[])
        .into_iter()
        .map(|near| {
            let term = vocabulary.get(near.term).to_string();
            let postings = index
                .fields
                .iter()
                .filter_map(|field| field.term_index(&term).and_then(|at| field.postings.get(at)))
                .map(Vec::len)
                .sum();
            NearTerm { term, distance: near.distance, postings }
        })
        .collect();
    near.sort_by(|a, b| a.distance.cmp(&b.distance).then(b.postings.cmp(&a.postings)).then(a.term.cmp(&b.term)));
    near.truncate(limit);
    near
}

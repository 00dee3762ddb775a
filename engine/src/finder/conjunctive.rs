//! The fast path of [`super::rank::rank`] for queries of two or more requirements that are each
//! one token (no code with parts). Only documents meeting every requirement can be results when
//! any exists, so they are found first — the rarest requirement's documents, narrowed by each
//! other requirement's posting lists with galloping search, no arithmetic — and only they are
//! scored. A long Thai phrase is a dozen cluster bigrams, several of them in most documents:
//! the full pass scored every posting of each (tens of milliseconds at 100k firms) and then
//! dropped nearly all of those documents for missing another bigram.
//!
//! Scores are summed in the same order as the full pass, so the ranking is bit-identical; a
//! property test holds the two to that. When no document meets every requirement this returns
//! `None` and the full pass ranks the partial matches.

use super::matching::TermMatch;
use super::query::Query;
use super::rank::{bm25_with, hits, idf, length_term, requirements, sort_key, FieldWeights, Ranked};
use crate::index::{Index, Posting};

/// Token positions recorded in the 64-bit tier mask (2 bits each), as in the full pass.
const TIER_SLOTS: usize = 32;

pub(super) fn rank(
    index: &Index,
    fields: &[FieldWeights],
    query: &Query,
    matches: &[Vec<TermMatch>],
) -> Option<Ranked> {
    let groups = &query.groups;
    if groups.len() < 2 || groups.iter().any(|group| !group.parts.is_empty() || group.whole >= TIER_SLOTS) {
        return None;
    }
    let doc_count = index.doc_refs.len();
    let mut required: Vec<Vec<&[Posting]>> =
        groups.iter().map(|group| posting_lists(index, fields, matches.get(group.whole))).collect();
    required.sort_by_key(|lists| lists.iter().map(|postings| postings.len()).sum::<usize>());
    let (rarest, others) = required.split_first()?;
    let mut candidates =
        Candidates::new(rarest.iter().flat_map(|postings| postings.iter().map(|p| p.doc)).collect(), doc_count);
    for lists in others {
        let mut present = vec![false; candidates.docs.len()];
        for postings in lists {
            candidates.for_each_in(postings, |slot, _| {
                if let Some(flag) = present.get_mut(slot) {
                    *flag = true;
                }
            });
        }
        candidates.retain(&present);
    }
    if candidates.docs.is_empty() {
        return None;
    }

    let scored = Scored::new(index, fields, matches, &candidates);
    let no_fallback = vec![false; groups.len()];
    let mut keyed: Vec<(u64, u32)> = candidates
        .docs
        .iter()
        .zip(scored.tiers.iter().zip(&scored.scores))
        .map(|(&doc, (&doc_tiers, &score))| {
            let (met, tier_sum) = requirements(groups, &no_fallback, doc_tiers);
            (!sort_key(met, tier_sum, score), doc)
        })
        .collect();
    keyed.sort_unstable();
    Some(Ranked { hits: hits(keyed), matched_all: true })
}

/// The posting lists of one token's matches, in searched-field order.
fn posting_lists<'a>(
    index: &'a Index,
    fields: &[FieldWeights],
    token_matches: Option<&Vec<TermMatch>>,
) -> Vec<&'a [Posting]> {
    let token_matches = token_matches.map(Vec::as_slice).unwrap_or_default();
    fields
        .iter()
        .flat_map(|weights| token_matches.iter().filter(move |m| m.field == weights.field))
        .filter_map(|m| index.fields.get(m.field)?.postings.get(m.term).map(Vec::as_slice))
        .collect()
}

/// Marker of a document that is not a candidate in [`Candidates::slot_of`].
const NOT_A_CANDIDATE: u32 = u32::MAX;

/// A posting list this many times longer than the candidates is searched from the candidates
/// (galloping) instead of walked.
const GALLOP_RATIO: usize = 16;

/// The documents still in the running, ascending, and where each one sits.
struct Candidates {
    docs: Vec<u32>,
    /// `slot_of[doc]` = position of `doc` in `docs`, or [`NOT_A_CANDIDATE`].
    slot_of: Vec<u32>,
}

impl Candidates {
    fn new(mut docs: Vec<u32>, doc_count: usize) -> Candidates {
        docs.sort_unstable();
        docs.dedup();
        docs.retain(|&doc| (doc as usize) < doc_count);
        let mut slot_of = vec![NOT_A_CANDIDATE; doc_count];
        for (slot, &doc) in docs.iter().enumerate() {
            if let Some(entry) = slot_of.get_mut(doc as usize) {
                *entry = slot as u32;
            }
        }
        Candidates { docs, slot_of }
    }

    /// Keeps the documents whose flag in `keep` (one per document, in order) is set.
    fn retain(&mut self, keep: &[bool]) {
        let before = std::mem::take(&mut self.docs);
        for (&doc, &kept) in before.iter().zip(keep) {
            let Some(entry) = self.slot_of.get_mut(doc as usize) else { continue };
            if kept {
                *entry = self.docs.len() as u32;
                self.docs.push(doc);
            } else {
                *entry = NOT_A_CANDIDATE;
            }
        }
    }

    /// Calls `visit(slot, posting)` for every candidate that `postings` (ascending) holds: a
    /// walk over the postings with a table look-up each, or, for a list far longer than the
    /// candidates, a galloping search from each candidate.
    fn for_each_in(&self, postings: &[Posting], mut visit: impl FnMut(usize, &Posting)) {
        if postings.len() > GALLOP_RATIO.saturating_mul(self.docs.len()) {
            let mut at = 0;
            for (slot, &doc) in self.docs.iter().enumerate() {
                at = seek(postings, at, doc, |posting| posting.doc);
                match postings.get(at) {
                    None => break,
                    Some(posting) if posting.doc == doc => visit(slot, posting),
                    Some(_) => {}
                }
            }
        } else {
            for posting in postings {
                match self.slot_of.get(posting.doc as usize) {
                    Some(&slot) if slot != NOT_A_CANDIDATE => visit(slot as usize, posting),
                    _ => {}
                }
            }
        }
    }
}

/// The position of the first item at or after `from` whose document is ≥ `doc` (`items`
/// ascending by document): doubling steps, then a binary search, so both near and far
/// targets are cheap.
fn seek<T>(items: &[T], from: usize, doc: u32, doc_of: impl Fn(&T) -> u32) -> usize {
    let rest = items.get(from..).unwrap_or_default();
    let below = |step: usize| rest.get(step - 1).is_some_and(|item| doc_of(item) < doc);
    // Everything before `low` is below `doc`.
    let mut low = 0;
    let mut step = 1;
    while step <= rest.len() && below(step) {
        low = step;
        step *= 2;
    }
    let high = step.min(rest.len());
    from + low + rest.get(low..high).unwrap_or_default().partition_point(|item| doc_of(item) < doc)
}

/// Per candidate: the tier mask and the score, accumulated exactly like the full pass does
/// (per token: each field's best match times its boost; then the token's sum).
struct Scored {
    tiers: Vec<u64>,
    scores: Vec<f32>,
}

impl Scored {
    fn new(index: &Index, fields: &[FieldWeights], matches: &[Vec<TermMatch>], candidates: &Candidates) -> Scored {
        let count = candidates.docs.len();
        let doc_count = index.doc_refs.len();
        let mut tiers = vec![0u64; count];
        let mut scores = vec![0f32; count];
        let mut token_tier = vec![0u8; count];
        let mut token_score = vec![0f32; count];
        let mut field_best = vec![0f32; count];
        // Per searched field, each candidate's length term: computed once, not per posting.
        let length_terms: Vec<Vec<f32>> = fields
            .iter()
            .map(|weights| match index.fields.get(weights.field) {
                Some(field) => candidates.docs.iter().map(|&doc| length_term(field, weights, doc as usize)).collect(),
                None => Vec::new(),
            })
            .collect();
        for (token, token_matches) in matches.iter().enumerate().take(TIER_SLOTS) {
            for (weights, lengths) in fields.iter().zip(&length_terms) {
                let Some(field) = index.fields.get(weights.field) else { continue };
                for term_match in token_matches.iter().filter(|m| m.field == weights.field) {
                    let Some(postings) = field.postings.get(term_match.term) else { continue };
                    let weight_idf = term_match.weight * idf(doc_count, postings.len());
                    let tier = term_match.kind.tier();
                    candidates.for_each_in(postings, |slot, posting| {
                        if let (Some(best), Some(token_tier), Some(&length)) =
                            (field_best.get_mut(slot), token_tier.get_mut(slot), lengths.get(slot))
                        {
                            *best = best.max(bm25_with(weight_idf, posting.count, length));
                            *token_tier = (*token_tier).max(tier);
                        }
                    });
                }
                for (best, score) in field_best.iter_mut().zip(token_score.iter_mut()) {
                    if *best != 0.0 {
                        *score += weights.boost * *best;
                        *best = 0.0;
                    }
                }
            }
            for (((tier, score), all_tiers), total) in
                token_tier.iter_mut().zip(token_score.iter_mut()).zip(tiers.iter_mut()).zip(scores.iter_mut())
            {
                if *tier > 0 {
                    *all_tiers |= u64::from(*tier & 3) << (2 * token);
                    *total += *score;
                }
                *tier = 0;
                *score = 0.0;
            }
        }
        Scored { tiers, scores }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings(docs: &[u32]) -> Vec<Posting> {
        docs.iter().map(|&doc| Posting { doc, count: 1 }).collect()
    }

    #[test]
    fn seek_finds_the_first_posting_at_or_after_a_document() {
        let list = postings(&[2, 3, 5, 8, 13, 21, 34, 55, 89]);
        for from in 0..=list.len() {
            for doc in 0..100 {
                let expected = from + list[from..].iter().position(|p| p.doc >= doc).unwrap_or(list.len() - from);
                assert_eq!(seek(&list, from, doc, |p| p.doc), expected, "from {from}, doc {doc}");
            }
        }
        assert_eq!(seek(&[], 0, 7, |p: &Posting| p.doc), 0);
        assert_eq!(seek(&list, 99, 7, |p| p.doc), 99, "past the end stays put");
    }

    #[test]
    fn visits_exactly_the_candidates_in_a_list_by_walking_or_galloping() {
        let candidates = Candidates::new(vec![90, 1, 3, 5, 8, 40, 89, 3, 500], 100);
        assert_eq!(candidates.docs, [1, 3, 5, 8, 40, 89, 90], "sorted, distinct, in range");
        let visited = |list: &[u32]| {
            let mut seen = Vec::new();
            candidates.for_each_in(&postings(list), |slot, posting| seen.push((slot, posting.doc)));
            seen
        };
        assert_eq!(visited(&[2, 3, 5, 8, 13, 21, 34, 55, 89]), [(1, 3), (2, 5), (3, 8), (5, 89)]);
        let long: Vec<u32> = (0..100).filter(|doc| doc % 2 == 1).collect();
        assert!(long.len() > GALLOP_RATIO * 3, "long enough to gallop from a few candidates");
        let few = Candidates::new(vec![3, 40, 89], 100);
        let mut seen = Vec::new();
        few.for_each_in(&postings(&long), |slot, posting| seen.push((slot, posting.doc)));
        assert_eq!(seen, [(0, 3), (2, 89)]);
    }

    #[test]
    fn retaining_renumbers_the_slots() {
        let mut candidates = Candidates::new(vec![4, 7, 9], 10);
        candidates.retain(&[true, false, true]);
        assert_eq!(candidates.docs, [4, 9]);
        assert_eq!((candidates.slot_of[4], candidates.slot_of[7], candidates.slot_of[9]), (0, NOT_A_CANDIDATE, 1));
    }
}

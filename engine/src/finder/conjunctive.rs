//! The fast path of [`super::rank::rank`] for queries of two or more requirements that are each
//! one token (no code with parts). Only documents meeting every requirement can be results when
//! any exists, so the candidates are the rarest requirement's documents, and each requirement's
//! posting lists are then walked once — rarest first — both scoring the candidates still in the
//! running and dropping those the lists do not reach. A long Thai phrase is a dozen cluster
//! bigrams, several of them in most documents: the full pass scored every posting of each (tens
//! of milliseconds at 100k firms) and then dropped nearly all of those documents for missing
//! another bigram.
//!
//! Each token's scores are kept per candidate and summed in token order at the end, as the full
//! pass sums them, so the ranking is bit-identical; a property test holds the two to that. When
//! no document meets every requirement this returns `None` and the full pass ranks the partial
//! matches.

use super::matching::TermMatch;
use super::query::Query;
use super::rank::{bm25_with, hits, idf, length_term, requirements, sort_key, FieldWeights, Ranked};
use crate::doc_order::ascending_with_counts;
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
    let tokens: Vec<TokenLists> = matches
        .iter()
        .take(TIER_SLOTS)
        .map(|token_matches| TokenLists::new(index, fields, token_matches, doc_count))
        .collect();
    let mut required: Vec<usize> = groups.iter().map(|group| group.whole).collect();
    required.sort_by_key(|&token| tokens.get(token).map_or(0, TokenLists::postings));
    required.dedup();
    let rarest = tokens.get(*required.first()?)?;
    let rarest_docs: Vec<u32> = rarest.docs().collect();
    let mut candidates = Candidates::new(&rarest_docs, doc_count);
    let lengths = length_terms(index, fields, &candidates);

    // Each requirement's lists are walked once: scoring the candidates still in the running
    // and, by what they do not reach, dropping the rest (rarest first, so later walks skip more).
    let mut scored: Vec<Option<TokenScores>> = (0..tokens.len()).map(|_| None).collect();
    let mut field_best = vec![0f32; candidates.docs.len()];
    for &token in &required {
        let lists = tokens.get(token)?;
        let token_scores = TokenScores::new(lists, fields, &lengths, &candidates, &mut field_best);
        candidates.keep(|slot| token_scores.tiers.get(slot).is_some_and(|&tier| tier > 0));
        if candidates.alive.is_empty() {
            return None;
        }
        *scored.get_mut(token)? = Some(token_scores);
    }
    // Tokens that rank but do not filter (particles, nested codes), over the survivors only.
    for (token, lists) in tokens.iter().enumerate().filter(|(_, lists)| !lists.lists.is_empty()) {
        if let Some(slot @ None) = scored.get_mut(token) {
            *slot = Some(TokenScores::new(lists, fields, &lengths, &candidates, &mut field_best));
        }
    }

    let no_fallback = vec![false; groups.len()];
    let mut keyed: Vec<(u64, u32)> = candidates
        .alive
        .iter()
        .filter_map(|&slot| {
            let slot = slot as usize;
            let doc = *candidates.docs.get(slot)?;
            // Summed in token order, as the full pass does, for bit-identical scores.
            let (mut tiers, mut score) = (0u64, 0f32);
            for (token, token_scores) in scored.iter().enumerate() {
                let Some(token_scores) = token_scores else { continue };
                let tier = token_scores.tiers.get(slot).copied().unwrap_or(0);
                if tier > 0 {
                    tiers |= u64::from(tier & 3) << (2 * token);
                    score += token_scores.scores.get(slot).copied().unwrap_or(0.0);
                }
            }
            let (met, rarity, tier_sum) = requirements(groups, &no_fallback, tiers);
            Some((!sort_key(met, rarity, tier_sum, score), doc))
        })
        .collect();
    keyed.sort_unstable();
    Some(Ranked { hits: hits(keyed), matched_all: true })
}

/// One matched term's postings in one searched field, with what scoring them needs.
struct List<'a> {
    /// Position in the searched fields (`fields`), not in `index.fields`.
    field: usize,
    postings: &'a [Posting],
    weight_idf: f32,
    tier: u8,
}

/// The posting lists of one query token's matches, in searched-field order.
struct TokenLists<'a> {
    lists: Vec<List<'a>>,
}

impl<'a> TokenLists<'a> {
    fn new(index: &'a Index, fields: &[FieldWeights], token_matches: &[TermMatch], doc_count: usize) -> Self {
        let mut lists = Vec::new();
        for (position, weights) in fields.iter().enumerate() {
            for term_match in token_matches.iter().filter(|m| m.field == weights.field) {
                let Some(postings) = index.fields.get(weights.field).and_then(|f| f.postings.get(term_match.term))
                else {
                    continue;
                };
                let weight_idf = term_match.weight * idf(doc_count, postings.len());
                lists.push(List { field: position, postings, weight_idf, tier: term_match.kind.tier() });
            }
        }
        TokenLists { lists }
    }

    fn postings(&self) -> usize {
        self.lists.iter().map(|list| list.postings.len()).sum()
    }

    fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        self.lists.iter().flat_map(|list| list.postings.iter().map(|posting| posting.doc))
    }
}

/// Per searched field, each candidate's BM25 length term: computed once, not per posting.
fn length_terms(index: &Index, fields: &[FieldWeights], candidates: &Candidates) -> Vec<Vec<f32>> {
    fields
        .iter()
        .map(|weights| match index.fields.get(weights.field) {
            Some(field) => candidates.docs.iter().map(|&doc| length_term(field, weights, doc as usize)).collect(),
            None => Vec::new(),
        })
        .collect()
}

/// Marker of a document that is not (or no longer) a candidate in [`Candidates::slot_of`].
const NOT_A_CANDIDATE: u32 = u32::MAX;

/// A posting list this many times longer than the candidates is searched from the candidates
/// (galloping) instead of walked.
const GALLOP_RATIO: usize = 16;

/// The documents that met the rarest requirement, each with a fixed slot, and which of them
/// are still in the running.
struct Candidates {
    /// Ascending; a document's position here is its slot.
    docs: Vec<u32>,
    /// The slots still in the running, ascending.
    alive: Vec<u32>,
    /// `slot_of[doc]` = the slot of `doc` while it is alive, else [`NOT_A_CANDIDATE`].
    slot_of: Vec<u32>,
}

impl Candidates {
    /// From documents in any order, repeats and unknown documents allowed.
    fn new(docs: &[u32], doc_count: usize) -> Candidates {
        let docs: Vec<u32> = ascending_with_counts(docs, doc_count).into_iter().map(|(doc, _)| doc).collect();
        let mut slot_of = vec![NOT_A_CANDIDATE; doc_count];
        for (slot, &doc) in docs.iter().enumerate() {
            if let Some(entry) = slot_of.get_mut(doc as usize) {
                *entry = slot as u32;
            }
        }
        let alive = (0..docs.len() as u32).collect();
        Candidates { docs, alive, slot_of }
    }

    /// Keeps the alive slots for which `kept` holds.
    fn keep(&mut self, kept: impl Fn(usize) -> bool) {
        let (docs, slot_of) = (&self.docs, &mut self.slot_of);
        self.alive.retain(|&slot| {
            let keep = kept(slot as usize);
            if !keep {
                if let Some(entry) = docs.get(slot as usize).and_then(|&doc| slot_of.get_mut(doc as usize)) {
                    *entry = NOT_A_CANDIDATE;
                }
            }
            keep
        });
    }

    /// Calls `visit(slot, posting)` for every alive candidate that `postings` (ascending)
    /// holds: a walk over the postings with a table look-up each, or, for a list far longer
    /// than the candidates, a galloping search from each candidate.
    fn for_each_in(&self, postings: &[Posting], mut visit: impl FnMut(usize, &Posting)) {
        if postings.len() > GALLOP_RATIO.saturating_mul(self.alive.len()) {
            let mut at = 0;
            for &slot in &self.alive {
                let Some(&doc) = self.docs.get(slot as usize) else { continue };
                at = seek(postings, at, doc, |posting| posting.doc);
                match postings.get(at) {
                    None => break,
                    Some(posting) if posting.doc == doc => visit(slot as usize, posting),
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

/// One token's best tier and score per candidate slot (alive ones only; 0 elsewhere),
/// accumulated exactly like the full pass does: per field, the best match times its boost.
struct TokenScores {
    tiers: Vec<u8>,
    scores: Vec<f32>,
}

impl TokenScores {
    /// `field_best` is scratch, one zero per slot, and left zeroed.
    fn new(
        token: &TokenLists,
        fields: &[FieldWeights],
        lengths: &[Vec<f32>],
        candidates: &Candidates,
        field_best: &mut [f32],
    ) -> TokenScores {
        let count = candidates.docs.len();
        let mut tiers = vec![0u8; count];
        let mut scores = vec![0f32; count];
        for (position, (weights, lengths)) in fields.iter().zip(lengths).enumerate() {
            let mut touched = false;
            for list in token.lists.iter().filter(|list| list.field == position) {
                touched = true;
                candidates.for_each_in(list.postings, |slot, posting| {
                    if let (Some(best), Some(tier), Some(&length)) =
                        (field_best.get_mut(slot), tiers.get_mut(slot), lengths.get(slot))
                    {
                        *best = best.max(bm25_with(list.weight_idf, posting.count, length));
                        *tier = (*tier).max(list.tier);
                    }
                });
            }
            if !touched {
                continue;
            }
            for &slot in &candidates.alive {
                if let (Some(best), Some(score)) = (field_best.get_mut(slot as usize), scores.get_mut(slot as usize)) {
                    if *best != 0.0 {
                        *score += weights.boost * *best;
                        *best = 0.0;
                    }
                }
            }
        }
        TokenScores { tiers, scores }
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
        let candidates = Candidates::new(&[90, 1, 3, 5, 8, 40, 89, 3, 500], 100);
        assert_eq!(candidates.docs, [1, 3, 5, 8, 40, 89, 90], "sorted, distinct, in range");
        let many = Candidates::new(&[9, 2, 2, 50, 0], 10);
        assert_eq!(many.docs, [0, 2, 9]);
        assert_eq!((many.slot_of[0], many.slot_of[1], many.slot_of[2], many.slot_of[9]), (0, NOT_A_CANDIDATE, 1, 2));
        let visited = |list: &[u32]| {
            let mut seen = Vec::new();
            candidates.for_each_in(&postings(list), |slot, posting| seen.push((slot, posting.doc)));
            seen
        };
        assert_eq!(visited(&[2, 3, 5, 8, 13, 21, 34, 55, 89]), [(1, 3), (2, 5), (3, 8), (5, 89)]);
        let long: Vec<u32> = (0..100).filter(|doc| doc % 2 == 1).collect();
        assert!(long.len() > GALLOP_RATIO * 3, "long enough to gallop from a few candidates");
        let few = Candidates::new(&[3, 40, 89], 100);
        let mut seen = Vec::new();
        few.for_each_in(&postings(&long), |slot, posting| seen.push((slot, posting.doc)));
        assert_eq!(seen, [(0, 3), (2, 89)]);
    }

    #[test]
    fn dropped_candidates_keep_their_slots_and_are_no_longer_visited() {
        let mut candidates = Candidates::new(&[4, 7, 9], 10);
        candidates.keep(|slot| slot != 1);
        assert_eq!((candidates.docs.as_slice(), candidates.alive.as_slice()), (&[4, 7, 9][..], &[0, 2][..]));
        assert_eq!((candidates.slot_of[4], candidates.slot_of[7], candidates.slot_of[9]), (0, NOT_A_CANDIDATE, 2));
        for list in [postings(&[4, 7, 9]), postings(&(0..10).collect::<Vec<_>>())] {
            let mut seen = Vec::new();
            candidates.for_each_in(&list, |slot, posting| seen.push((slot, posting.doc)));
            assert_eq!(seen, [(0, 4), (2, 9)]);
        }
        let mut galloping = Vec::new();
        let long = postings(&(0..10).collect::<Vec<_>>());
        let one = {
            let mut c = Candidates::new(&[7], 10);
            c.keep(|_| true);
            c
        };
        one.for_each_in(&long, |slot, posting| galloping.push((slot, posting.doc)));
        assert_eq!(galloping, [(0, 7)]);
    }
}

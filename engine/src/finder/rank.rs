//! Scoring and ordering. Per document and query token: the best match tier (exact >
//! prefix/compound > typo) and a BM25 score summed over fields, each field's best matching
//! term weighted by the field boost. Documents are ordered by how many requirements they
//! meet, then by the sum of their tiers, then by score, then by document number — so a typo
//! can add recall but never pushes an exact match down.

use super::conjunctive;
use super::length::scored_length;
use super::matching::TermMatch;
use super::query::{Group, Query};
use crate::elasticlunr_compat::Hit;
use crate::fields::length_normalisation;
use crate::index::{Field, Index};

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;

/// Per searched field: position in `index.fields`, boost, BM25 length normalisation and the
/// average document length.
pub(super) struct FieldWeights {
    pub(super) field: usize,
    pub(super) boost: f32,
    b: f32,
    average_length: f32,
}

/// The BM25 value of one posting (`count` occurrences in `doc`) of a matched term with
/// within-tier `weight` and inverse document frequency `idf`.
#[inline]
pub(super) fn bm25(field: &Field, weights: &FieldWeights, weight: f32, idf: f32, doc: usize, count: u32) -> f32 {
    bm25_with(weight * idf, count, length_term(field, weights, doc))
}

/// The document-length part of BM25's denominator, `k1 · (1 − b + b · length / average)`.
#[inline]
pub(super) fn length_term(field: &Field, weights: &FieldWeights, doc: usize) -> f32 {
    // A hand-built index may lack lengths or counts; assume average ones. The average is of
    // the exact lengths; each document's is read in its bucket (see [`super::length`]).
    let length = field.doc_lengths.get(doc).map_or(weights.average_length, |&l| scored_length(l) as f32);
    K1 * (1.0 - weights.b + weights.b * length / weights.average_length)
}

/// [`bm25`] from its parts: `weight · idf` and [`length_term`] (the same operations in the
/// same order, so callers that precompute the parts get the same bits).
#[inline]
pub(super) fn bm25_with(weight_idf: f32, count: u32, length_term: f32) -> f32 {
    let tf = count.max(1) as f32;
    weight_idf * tf * (K1 + 1.0) / (tf + length_term)
}

/// Largest value of the rarity part of [`sort_key`] (18 bits).
pub(super) const RARITY_MAX: u32 = (1 << 18) - 1;

/// Met requirements, their rarity (the share of the query's summed idf they carry, in
/// 0..=[`RARITY_MAX`]), tier sum and score as one integer, larger is better (positive f32
/// bits order like the floats). Documents meeting every requirement share the first two, so
/// among them the order is tier sum, then score, as before rarity was added.
pub(super) fn sort_key(met: usize, rarity: u32, tier_sum: u32, score: f32) -> u64 {
    (met.min(63) as u64) << 58
        | u64::from(rarity.min(RARITY_MAX)) << 40
        | u64::from(tier_sum.min(255)) << 32
        | u64::from(score.max(0.0).to_bits())
}

/// Hits from `(inverted key, doc)` pairs sorted ascending (best first, ties by document).
pub(super) fn hits(keyed: Vec<(u64, u32)>) -> Vec<Hit> {
    keyed
        .into_iter()
        .map(|(key, doc)| Hit { doc, score: f64::from(f32::from_bits((!key & 0xFFFF_FFFF) as u32)) })
        .collect()
}

impl FieldWeights {
    pub(super) fn new(index: &Index, field: usize, boost: f32) -> Self {
        let (name, lengths) = index.fields.get(field).map_or(("", &[][..]), |f| (f.name.as_str(), &f.doc_lengths[..]));
        let total: u64 = lengths.iter().map(|&length| u64::from(length)).sum();
        let average_length = if lengths.is_empty() { 1.0 } else { (total as f32 / lengths.len() as f32).max(1.0) };
        Self { field, boost, b: length_normalisation(name), average_length }
    }
}

/// The ranked documents and whether they meet every requirement.
pub(super) struct Ranked {
    pub(super) hits: Vec<Hit>,
    pub(super) matched_all: bool,
}

/// Scores `matches[t]` (the term matches of query token `t`) and ranks the documents: by
/// intersecting posting lists first when that applies ([`conjunctive`]), else over every
/// document that matches any token.
pub(super) fn rank(index: &Index, fields: &[FieldWeights], query: &Query, matches: &[Vec<TermMatch>]) -> Ranked {
    conjunctive::rank(index, fields, query, matches).unwrap_or_else(|| rank_every_match(index, fields, query, matches))
}

/// The full pass: scores every posting of every matched term.
pub(super) fn rank_every_match(
    index: &Index,
    fields: &[FieldWeights],
    query: &Query,
    matches: &[Vec<TermMatch>],
) -> Ranked {
    let doc_count = index.doc_refs.len();
    let mut tiers = vec![0u64; doc_count];
    let mut scores = vec![0f32; doc_count];
    let mut token_tier = vec![0u8; doc_count];
    let mut token_score = vec![0f32; doc_count];
    let mut field_best = vec![0f32; doc_count];
    let mut token_docs: Vec<u32> = Vec::new();
    let mut field_docs: Vec<u32> = Vec::new();

    for (token, token_matches) in matches.iter().enumerate().take(32) {
        for weights in fields {
            let Some(field) = index.fields.get(weights.field) else { continue };
            for term_match in token_matches.iter().filter(|m| m.field == weights.field) {
                let (Some(postings), tier) = (field.postings.get(term_match.term), term_match.kind.tier()) else {
                    continue;
                };
                let idf = idf(doc_count, postings.len());
                for posting in postings {
                    let doc = posting.doc as usize;
                    let Some(best) = field_best.get_mut(doc) else { continue };
                    let value = bm25(field, weights, term_match.weight, idf, doc, posting.count);
                    if *best == 0.0 {
                        field_docs.push(posting.doc);
                    }
                    *best = best.max(value);
                    if let Some(slot) = token_tier.get_mut(doc) {
                        if *slot == 0 {
                            token_docs.push(posting.doc);
                        }
                        *slot = (*slot).max(tier);
                    }
                }
            }
            for &doc in &field_docs {
                let doc = doc as usize;
                if let (Some(best), Some(score)) = (field_best.get_mut(doc), token_score.get_mut(doc)) {
                    *score += weights.boost * *best;
                    *best = 0.0;
                }
            }
            field_docs.clear();
        }
        for &doc in &token_docs {
            let doc = doc as usize;
            if let (Some(tier), Some(score), Some(all_tiers), Some(total)) =
                (token_tier.get_mut(doc), token_score.get_mut(doc), tiers.get_mut(doc), scores.get_mut(doc))
            {
                *all_tiers |= u64::from(*tier & 3) << (2 * token);
                *total += *score;
                *tier = 0;
                *score = 0.0;
            }
        }
        token_docs.clear();
    }

    // A code whose parts do not spell it stands in for it only if it occurs nowhere.
    let fallback: Vec<bool> = query
        .groups
        .iter()
        .map(|group| group.parts_cover || matches.get(group.whole).is_none_or(Vec::is_empty))
        .collect();
    let degraded = query
        .groups
        .iter()
        .zip(&fallback)
        .any(|(group, &fallback)| fallback && !group.parts_cover && !group.parts.is_empty());

    let mut keyed: Vec<(u64, u32)> = Vec::new();
    let mut complete = 0usize;
    for (doc, (&doc_tiers, &score)) in tiers.iter().zip(&scores).enumerate() {
        if doc_tiers == 0 {
            continue;
        }
        let (met, rarity, tier_sum) = requirements(&query.groups, &fallback, doc_tiers);
        // Documents that match only optional tokens (particles) are not results.
        if met == 0 {
            continue;
        }
        if met == query.groups.len() {
            complete += 1;
        }
        let key = sort_key(met, rarity, tier_sum, score);
        // Inverted so that one ascending sort puts the best first, ties by document number.
        keyed.push((!key, doc as u32));
    }
    let matched_all = complete > 0;
    if matched_all {
        let full = query.groups.len().min(63) as u64;
        keyed.retain(|&(key, _)| !key >> 58 == full);
    }
    keyed.sort_unstable();
    Ranked { hits: hits(keyed), matched_all: matched_all && !degraded }
}

/// How many groups the document meets, their rarity (see [`sort_key`]) and the sum of their
/// tiers. A group met through the pieces of a split compound counts as a compound match
/// (tier 2) at best.
pub(super) fn requirements(groups: &[Group], fallback: &[bool], doc_tiers: u64) -> (usize, u32, u32) {
    let tier = |token: usize| if token < 32 { ((doc_tiers >> (2 * token)) & 3) as u8 } else { 0 };
    let mut met = 0;
    let mut tier_sum = 0u32;
    let mut rarity = 0f32;
    let mut total_rarity = 0f32;
    for (group, &fallback) in groups.iter().zip(fallback) {
        total_rarity += group.rarity;
        let whole = tier(group.whole);
        let parts = if fallback && !group.parts.is_empty() {
            let parts = group.parts.iter().map(|&part| tier(part)).min().unwrap_or(0);
            if group.split {
                parts.min(2)
            } else {
                parts
            }
        } else {
            0
        };
        let best = whole.max(parts);
        if best > 0 {
            met += 1;
            tier_sum += u32::from(best);
            rarity += group.rarity;
        }
    }
    let rarity = if total_rarity > 0.0 { (rarity / total_rarity * RARITY_MAX as f32) as u32 } else { 0 };
    (met, rarity, tier_sum)
}

/// BM25 inverse document frequency, always positive.
pub(super) fn idf(doc_count: usize, df: usize) -> f32 {
    let (n, df) = (doc_count as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

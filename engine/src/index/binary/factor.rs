//! Factorised postings: a field whose postings are sums of a few recurring document sets.
//!
//! The site's `tags` field is built from vocabulary terms: each firm's tags are the labels
//! and synonyms, in every language, of the terms it is tagged with. Every token of a label
//! therefore occurs in exactly the firms tagged with that term (once per occurrence in the
//! label), and a token shared by several labels occurs in the sum of their firm sets. So the
//! field's postings are small non-negative integer combinations of a few hundred *basis*
//! document sets — far less information than thousands of explicit posting lists.
//!
//! The encoder finds this structure without knowing about vocabularies: the basis is the set
//! of distinct document sets of terms whose count is the same in every document, and each
//! term's count vector is decomposed greedily (the largest basis set inside what is left,
//! taken as often as it fits). A decomposition is exact by construction; where none exists
//! or it would be longer, the term keeps its explicit list. The field is stored factorised
//! only if that is smaller overall.

use std::collections::HashMap;

use super::super::{Field, Posting};

/// Most basis references per term; the decoder rejects more.
pub(super) const MAX_REFS_PER_TERM: usize = 64;
/// Work limit of the greedy search (terms × basis sets × bitset words): beyond it, the field
/// is not factorised (large corpora, where the structure rarely pays anyway).
const MAX_WORK: u64 = 300_000_000;

/// A field's postings as basis document sets plus, per term, either references
/// (basis, multiplicity) or `None` for an explicit list.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Factored {
    pub(super) basis: Vec<Vec<u32>>,
    pub(super) terms: Vec<Option<Vec<(u32, u32)>>>,
}

/// A document set as a bitset.
type Bits = Vec<u64>;

fn bits_of(postings: &[Posting], words: usize) -> Bits {
    let mut bits = vec![0u64; words];
    for posting in postings {
        if let Some(word) = bits.get_mut(posting.doc as usize / 64) {
            *word |= 1 << (posting.doc % 64);
        }
    }
    bits
}

fn is_subset(small: &[u64], large: &[u64]) -> bool {
    small.iter().zip(large).all(|(s, l)| s & !l == 0)
}

/// The factorisation of `field`'s postings, if one is worth storing. `explicit_size(list)`
/// is the encoded size of an explicit posting list, `refs_size(refs)` of references.
pub(super) fn factor(
    field: &Field,
    doc_count: usize,
    explicit_size: impl Fn(&[Posting]) -> usize,
    refs_size: impl Fn(&[(u32, u32)]) -> usize,
    basis_size: impl Fn(&[u32]) -> usize,
) -> Option<Factored> {
    let words = doc_count.div_ceil(64).max(1);
    // Candidate basis: distinct sets of ≥ 2 documents of terms with uniform counts.
    let uniform = |postings: &&Vec<Posting>| {
        postings.len() >= 2
            && postings.windows(2).all(|pair| pair.first().map(|p| p.count) == pair.last().map(|p| p.count))
    };
    // Bound the work (and the bitsets' memory) before building anything.
    let candidates_upper = field.postings.iter().filter(uniform).count() as u64;
    let work = (field.terms.len() as u64).saturating_mul(candidates_upper).saturating_mul(words as u64);
    if candidates_upper == 0 || work > MAX_WORK {
        return None;
    }
    let mut seen: HashMap<Bits, u32> = HashMap::new();
    for postings in field.postings.iter().filter(uniform) {
        seen.entry(bits_of(postings, words)).or_insert(postings.len() as u32);
    }
    // Largest first; ties in bit order, so the output does not depend on hashing.
    let mut candidates: Vec<(u32, Bits)> = seen.into_iter().map(|(bits, size)| (size, bits)).collect();
    candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));

    let mut used: HashMap<usize, u32> = HashMap::new();
    let mut order: Vec<usize> = Vec::new();
    let mut terms: Vec<Option<Vec<(usize, u32)>>> = Vec::with_capacity(field.postings.len());
    for postings in &field.postings {
        terms.push(decompose(postings, &candidates, words));
    }
    // Keep a decomposition only where it is shorter than the explicit list.
    let mut result_terms = Vec::with_capacity(terms.len());
    let mut total_explicit = 0usize;
    let mut total_factored = 0usize;
    for (postings, refs) in field.postings.iter().zip(&terms) {
        let explicit = explicit_size(postings);
        total_explicit += explicit;
        let chosen = refs.as_ref().filter(|refs| {
            // Estimate with the candidate ranks; renumbering only shrinks the gaps.
            let estimate: Vec<(u32, u32)> = refs.iter().map(|&(c, m)| (c as u32, m)).collect();
            refs_size(&estimate) < explicit
        });
        match chosen {
            Some(refs) => {
                let mut numbered: Vec<(u32, u32)> = refs
                    .iter()
                    .map(|&(candidate, multiplicity)| {
                        let next = order.len() as u32;
                        let id = *used.entry(candidate).or_insert_with(|| {
                            order.push(candidate);
                            next
                        });
                        (id, multiplicity)
                    })
                    .collect();
                numbered.sort_unstable();
                total_factored += refs_size(&numbered);
                result_terms.push(Some(numbered));
            }
            None => {
                total_factored += explicit + 1;
                result_terms.push(None);
            }
        }
    }
    let basis: Vec<Vec<u32>> = order
        .iter()
        .filter_map(|&candidate| candidates.get(candidate))
        .map(|(_, bits)| {
            (0..doc_count as u32)
                .filter(|&doc| bits.get(doc as usize / 64).is_some_and(|w| w >> (doc % 64) & 1 == 1))
                .collect()
        })
        .collect();
    total_factored += basis.iter().map(|set| basis_size(set)).sum::<usize>();
    (total_factored < total_explicit).then_some(Factored { basis, terms: result_terms })
}

/// Greedy exact decomposition of one posting list into (candidate, multiplicity) pairs.
fn decompose(postings: &[Posting], candidates: &[(u32, Bits)], words: usize) -> Option<Vec<(usize, u32)>> {
    let mut left: Vec<(u32, u32)> = postings.iter().map(|p| (p.doc, p.count)).collect();
    let mut refs: Vec<(usize, u32)> = Vec::new();
    while !left.is_empty() {
        if refs.len() >= MAX_REFS_PER_TERM {
            return None;
        }
        let support_bits = {
            let mut bits = vec![0u64; words];
            for &(doc, _) in &left {
                if let Some(word) = bits.get_mut(doc as usize / 64) {
                    *word |= 1 << (doc % 64);
                }
            }
            bits
        };
        let (position, (_, bits)) = candidates
            .iter()
            .enumerate()
            .find(|(_, (size, bits))| *size as usize <= left.len() && is_subset(bits, &support_bits))?;
        let inside = |doc: u32| bits.get(doc as usize / 64).is_some_and(|w| w >> (doc % 64) & 1 == 1);
        let multiplicity = left.iter().filter(|(doc, _)| inside(*doc)).map(|&(_, count)| count).min()?;
        for entry in &mut left {
            if inside(entry.0) {
                entry.1 -= multiplicity;
            }
        }
        left.retain(|&(_, count)| count > 0);
        match refs.iter_mut().find(|(candidate, _)| *candidate == position) {
            Some(existing) => existing.1 += multiplicity,
            None => refs.push((position, multiplicity)),
        }
    }
    Some(refs)
}

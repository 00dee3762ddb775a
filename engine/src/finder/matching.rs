//! Which indexed terms a query token matches, and how well: exactly, as a prefix, as a part
//! of a German compound, or with typos. Every kind of expansion is capped, so a one-letter
//! query or a pathological vocabulary cannot blow up the work.

use std::rc::Rc;

use super::query::QueryToken;
use super::typo;
use crate::index::{Field, Index, Vocabulary};
use crate::Lang;

/// Prefix expansions kept per token and field (the most frequent terms win).
pub(super) const MAX_PREFIX_TERMS: usize = 48;
/// Compound-part matches kept per token and field.
pub(super) const MAX_COMPOUND_TERMS: usize = 32;
/// Typo corrections kept per token (each looked up in every field).
pub(super) const MAX_TYPO_TERMS: usize = 32;
/// Compound candidates looked up in the fields per token (the best by weight).
pub(super) const MAX_COMPOUND_CANDIDATES: usize = 256;
/// Postings one token may touch over all fields, expansions included; exact matches are
/// always kept, expansions stop when the budget is spent.
pub(super) const MAX_POSTINGS_PER_TOKEN: usize = 1 << 20;
/// Shortest token matched inside compounds.
pub(crate) const MIN_COMPOUND_PART: usize = 4;

/// How a term matches a token. The tier orders documents before any score does: a document
/// matching a token exactly always ranks above one matching it only as a prefix or compound
/// part, which ranks above one matching it only through a typo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Typo,
    Prefix,
    Compound,
    Exact,
}

impl Kind {
    /// 1 (typo) ..= 3 (exact); prefix and compound share a tier.
    pub(super) fn tier(self) -> u8 {
        match self {
            Kind::Typo => 1,
            Kind::Prefix | Kind::Compound => 2,
            Kind::Exact => 3,
        }
    }
}

/// A matching term of one field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct TermMatch {
    /// Position in `index.fields`.
    pub(super) field: usize,
    /// Position in the field's `terms`.
    pub(super) term: usize,
    pub(super) kind: Kind,
    /// Within-tier weight in (0, 1].
    pub(super) weight: f32,
}

/// All matches of `token` in the searched `fields` (positions in `index.fields`).
/// `vocabulary` is the index's union vocabulary, fetched on first need.
pub(super) fn matches(
    index: &Index,
    fields: &[usize],
    lang: Lang,
    token: &QueryToken,
    vocabulary: &mut Option<Rc<Vocabulary>>,
) -> Vec<TermMatch> {
    let mut found = matches_as_typed(index, fields, lang, token, vocabulary);
    // Typos only for words found nowhere as typed: a real word is never "corrected", so
    // result counts are not inflated by look-alikes.
    if found.is_empty() && corrects(token) {
        let text = token.text.as_str();
        let mut budget = MAX_POSTINGS_PER_TOKEN;
        let vocabulary = vocabulary.get_or_insert_with(|| Vocabulary::of(index));
        let endings = lang.profile().typed_endings;
        let max_edits = typo::budget(text.chars().count());
        typos(index, fields, vocabulary, text, max_edits, token.typing, endings, &mut budget, &mut found);
    }
    found
}

/// Whether `token` is looked up with typos when it matches nothing as typed.
fn corrects(token: &QueryToken) -> bool {
    let text = token.text.as_str();
    !token.exact_only && token.latin && is_word(text) && typo::budget(text.chars().count()) > 0
}

/// The matches of `token` exactly, as a prefix, through a stem it outgrew and inside compounds:
/// every kind but typos.
fn matches_as_typed(
    index: &Index,
    fields: &[usize],
    lang: Lang,
    token: &QueryToken,
    vocabulary: &mut Option<Rc<Vocabulary>>,
) -> Vec<TermMatch> {
    let text = token.text.as_str();
    let mut found = Vec::new();
    let mut budget = MAX_POSTINGS_PER_TOKEN;
    for &position in fields {
        let Some(field) = index.fields.get(position) else { continue };
        if token.exact_only {
            exact(field, position, text, &mut found);
        } else {
            exact_and_prefix(field, position, text, &mut budget, &mut found);
        }
    }
    if token.exact_only {
        return found;
    }
    let profile = lang.profile();
    let endings = profile.typed_endings;
    if found.is_empty() && token.typing && token.latin && is_word(text) {
        for &position in fields {
            let Some(field) = index.fields.get(position) else { continue };
            stems_of_typed_word(field, position, text, endings, &mut budget, &mut found);
        }
    }
    let compound_candidate = profile.compounds && token.latin && is_word(text) && text.len() >= MIN_COMPOUND_PART;
    if compound_candidate {
        let vocabulary = vocabulary.get_or_insert_with(|| Vocabulary::of(index));
        compounds(index, fields, vocabulary, text, &mut budget, &mut found);
    }
    found
}

/// Letters only: numbers and codes are matched exactly or as prefixes, never "corrected"
/// (13485 is not 13458) nor found inside other terms.
fn is_word(text: &str) -> bool {
    !text.bytes().any(|b| b.is_ascii_digit())
}

fn exact(field: &Field, position: usize, token: &str, found: &mut Vec<TermMatch>) {
    if let Some(term) = field.term_index(token) {
        if field.postings.get(term).is_some_and(|postings| !postings.is_empty()) {
            found.push(TermMatch { field: position, term, kind: Kind::Exact, weight: 1.0 });
        }
    }
}

fn exact_and_prefix(field: &Field, position: usize, token: &str, budget: &mut usize, found: &mut Vec<TermMatch>) {
    let start = field.terms.partition_point(|term| term.as_str() < token);
    let rest = field.terms.get(start..).unwrap_or_default();
    let end = start + rest.partition_point(|term| term.starts_with(token));
    let mut expansions: Vec<(usize, usize)> = Vec::new();
    for term in start..end {
        let df = field.postings.get(term).map_or(0, Vec::len);
        if df == 0 {
            continue;
        }
        if field.terms.get(term).is_some_and(|t| t == token) {
            *budget = budget.saturating_sub(df);
            found.push(TermMatch { field: position, term, kind: Kind::Exact, weight: 1.0 });
        } else {
            expansions.push((term, df));
        }
    }
    let token_chars = token.chars().count() as f32;
    for (term, _) in most_frequent(expansions, MAX_PREFIX_TERMS, budget) {
        let term_chars = field.terms.get(term).map_or(1, |t| t.chars().count()).max(1) as f32;
        // Closer completions weigh more: "tita" → "titan" before "titanium".
        let weight = 0.5 + 0.4 * token_chars / term_chars;
        found.push(TermMatch { field: position, term, kind: Kind::Prefix, weight });
    }
}

/// The word being typed may already be longer than its stem: "harn" on the way to
/// "harness" (stem `har`), "machini" to "machining" (`machin`). When nothing starts with the
/// token, a term that the token starts with counts as a prefix match if it is at least
/// [`MIN_STEM`] long and the rest of the token (at most [`MAX_STEM_TAIL`] characters) is the
/// start of an ending the stemmer removes ("n" of "ness", "i" of "ing") — so "titanum" is
/// not read as `titan` + "um" but left to typo matching.
fn stems_of_typed_word(
    field: &Field,
    position: usize,
    token: &str,
    endings: &[&str],
    budget: &mut usize,
    found: &mut Vec<TermMatch>,
) {
    let shortest = token.len().saturating_sub(MAX_STEM_TAIL).max(MIN_STEM);
    for cut in (shortest..token.len()).rev() {
        let (Some(stem), Some(tail)) = (token.get(..cut), token.get(cut..)) else { continue };
        if !endings.iter().any(|ending| ending.starts_with(tail)) {
            continue;
        }
        let Some(term) = field.term_index(stem) else { continue };
        let df = field.postings.get(term).map_or(0, Vec::len);
        if df == 0 || df > *budget {
            continue;
        }
        *budget -= df;
        let weight = 0.45 * cut as f32 / token.len() as f32;
        found.push(TermMatch { field: position, term, kind: Kind::Prefix, weight });
        return;
    }
}

/// See [`stems_of_typed_word`].
const MAX_STEM_TAIL: usize = 4;
const MIN_STEM: usize = 3;

/// German compounds: "technik" is a part of "medizintechnik", "guss" of "spritzguss". A term
/// matches when it contains the token after its first character, or ends with the token's
/// start cut by at most three characters (the stemmer trims long compounds harder:
/// "medizintechnik" → "medizintechn"). Ending with the token (the head of the compound)
/// weighs more than containing it. One scan of the union vocabulary; each candidate is then
/// looked up in every field.
fn compounds(
    index: &Index,
    fields: &[usize],
    vocabulary: &Vocabulary,
    token: &str,
    budget: &mut usize,
    found: &mut Vec<TermMatch>,
) {
    let needle = token.as_bytes();
    let shortest_head = (needle.len().saturating_sub(3)).max(MIN_COMPOUND_PART);
    // Best fit first (see `compound_fit`), then the shortest compounds (closest to the part
    // itself), then vocabulary order.
    let mut candidates: Vec<(u64, u32)> = vocabulary
        .iter_bytes()
        .filter_map(|(position, term)| {
            let fit = compound_fit(term, needle, shortest_head)?;
            Some((u64::from(fit) << 32 | term.len() as u64, position as u32))
        })
        .collect();
    candidates.sort_unstable();
    candidates.truncate(MAX_COMPOUND_CANDIDATES);
    for &position in fields {
        let Some(field) = index.fields.get(position) else { continue };
        // Best fit, then the most frequent, then term order.
        let mut in_field: Vec<(u64, u32)> = candidates
            .iter()
            .filter_map(|&(key, term)| {
                let at = field.term_index(vocabulary.get(term as usize))?;
                let df = field.postings.get(at).map_or(0, Vec::len);
                (df > 0).then(|| (key >> 32 << 32 | u64::from(u32::MAX - df.min(u32::MAX as usize) as u32), at as u32))
            })
            .collect();
        in_field.sort_unstable();
        for (key, term) in in_field.into_iter().take(MAX_COMPOUND_TERMS) {
            let df = (u32::MAX - (key & 0xFFFF_FFFF) as u32) as usize;
            if df > *budget {
                break;
            }
            *budget -= df;
            let weight = COMPOUND_WEIGHTS.get((key >> 32) as usize).copied().unwrap_or(0.4);
            found.push(TermMatch { field: position, term: term as usize, kind: Kind::Compound, weight });
        }
    }
}

/// Weights of the compound fits: 0 = ends with the token (the head of the compound), 1 =
/// ends with the token cut by the stemmer, 2 = contains it.
const COMPOUND_WEIGHTS: [f32; 3] = [0.7, 0.6, 0.4];

/// How `term` contains `needle` as a compound part (an index into [`COMPOUND_WEIGHTS`]);
/// `None` if not at all. Written as plain byte loops: this runs over whole vocabularies.
fn compound_fit(term: &[u8], needle: &[u8], shortest_head: usize) -> Option<u8> {
    let (&first, &second) = (needle.first()?, needle.get(1)?);
    if term.len() <= needle.len() || (term.first() == Some(&first) && term.starts_with(needle)) {
        return None;
    }
    let &last = term.last()?;
    if needle.last() == Some(&last) && bytes_eq(term.get(term.len() - needle.len()..)?, needle) {
        return Some(0);
    }
    // Infix: the needle after the first character.
    let last_start = term.len() - needle.len();
    let mut at = 1;
    while at <= last_start {
        if term.get(at) == Some(&first)
            && term.get(at + 1) == Some(&second)
            && term.get(at..at + needle.len()).is_some_and(|window| bytes_eq(window, needle))
        {
            return Some(2);
        }
        at += 1;
    }
    // Head cut by the stemmer: the term ends with the needle's first `cut` bytes.
    for cut in shortest_head..needle.len() {
        if needle.get(cut - 1) == Some(&last) && bytes_eq(term.get(term.len() - cut..)?, needle.get(..cut)?) {
            return Some(1);
        }
    }
    None
}

/// Terms near `token` in the union vocabulary (fewest edits first, whole words before
/// prefixes), looked up in every field.
#[allow(clippy::too_many_arguments)]
fn typos(
    index: &Index,
    fields: &[usize],
    vocabulary: &Vocabulary,
    token: &str,
    max_edits: u8,
    typing: bool,
    endings: &[&str],
    budget: &mut usize,
    found: &mut Vec<TermMatch>,
) {
    // Closest first: with a budget of two edits, the one-edit neighbours are collected
    // before the search stops at its limit.
    let limit = MAX_TYPO_TERMS * 4;
    let mut near = typo::search(vocabulary, token, 1, typing, limit, endings);
    if max_edits > 1 && near.len() < limit {
        for wider in typo::search(vocabulary, token, max_edits, typing, limit, endings) {
            if !near.iter().any(|seen| seen.term == wider.term) {
                near.push(wider);
            }
        }
    }
    let mut ordered: Vec<(u64, u32)> = near
        .iter()
        .enumerate()
        .map(|(at, near)| {
            ((u64::from(near.distance) << 33) | (u64::from(near.prefix) << 32) | near.term as u64, at as u32)
        })
        .collect();
    ordered.sort_unstable();
    for near in ordered.iter().filter_map(|&(_, at)| near.get(at as usize)).take(MAX_TYPO_TERMS) {
        let term = vocabulary.get(near.term);
        let weight = if near.prefix { 0.3 } else { 0.5 } / f32::from(near.distance.max(1));
        for &position in fields {
            let Some(field) = index.fields.get(position) else { continue };
            let Some(at) = field.term_index(term) else { continue };
            let df = field.postings.get(at).map_or(0, Vec::len);
            if df == 0 || df > *budget {
                continue;
            }
            *budget -= df;
            found.push(TermMatch { field: position, term: at, kind: Kind::Typo, weight });
        }
    }
}

/// Up to `limit` of `candidates` (term, df), most frequent first, within the postings budget.
fn most_frequent(candidates: Vec<(usize, usize)>, limit: usize, budget: &mut usize) -> Vec<(usize, usize)> {
    // One sort of (inverted df, term) pairs: every sort in the finder sorts this one type,
    // which keeps the WebAssembly small.
    let mut ordered: Vec<(u64, u32)> =
        candidates.into_iter().map(|(term, df)| (!(df as u64), term.min(u32::MAX as usize) as u32)).collect();
    ordered.sort_unstable();
    let mut kept = Vec::with_capacity(limit.min(ordered.len()));
    for (key, term) in ordered {
        if kept.len() >= limit {
            break;
        }
        let df = !key as usize;
        if df > *budget {
            continue;
        }
        *budget -= df;
        kept.push((term as usize, df));
    }
    kept
}

/// Byte equality as a plain loop: cheaper than a `memcmp` call for the short strings of a
/// vocabulary.
pub(super) fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

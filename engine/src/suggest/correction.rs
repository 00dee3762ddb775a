//! "Did you mean …?" for a search that found nothing: the query written again with each word
//! the index does not hold replaced by the nearest indexed word ([`finder::nearest_terms`]),
//! spelt as the site's own texts spell it (the index holds stems: `machin`, not "machining").
//!
//! Only Latin words are corrected. Japanese and Thai are indexed as pairs of characters, which
//! have no spelling to correct; for them, as for any word, the closest vocabulary terms
//! ([`super::Suggester::closest`]) are offered beside.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::analysis::{analyze, analyze_detailed, is_latin_token, Role};
use crate::finder::{self, NearTerm};
use crate::{Index, Lang};

/// Indexed words considered per misspelt word; the first with a spelling in the texts wins.
const CANDIDATES_PER_WORD: usize = 4;

/// A word of the query that the index does not hold, and the indexed terms near it.
struct Misspelt {
    source: Range<usize>,
    candidates: Vec<NearTerm>,
}

/// `query` with its misspelt Latin words corrected, or `None` when there is nothing to
/// correct or no correction is spelt anywhere in `texts` (the titles, summaries and bodies the
/// index was built from).
pub fn did_you_mean<'a>(
    index: &Index,
    lang: Lang,
    query: &str,
    texts: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let misspelt = misspelt_words(index, lang, query);
    if misspelt.is_empty() {
        return None;
    }
    let wanted: BTreeSet<&str> =
        misspelt.iter().flat_map(|word| word.candidates.iter().map(|near| near.term.as_str())).collect();
    let spellings = spellings_of(lang, &wanted, texts);
    let mut corrected = query.to_string();
    let mut changed = false;
    // From the end, so that earlier ranges stay valid.
    for word in misspelt.iter().rev() {
        let typed = &query[word.source.clone()];
        let Some(spelling) =
            word.candidates.iter().find_map(|near| closest_spelling(typed, spellings.get(near.term.as_str())?))
        else {
            continue;
        };
        corrected.replace_range(word.source.clone(), &in_case_of(typed, &spelling));
        changed = true;
    }
    changed.then_some(corrected)
}

/// The query's Latin words (whole words, not parts of codes) that the index does not hold but
/// has near neighbours of.
fn misspelt_words(index: &Index, lang: Lang, query: &str) -> Vec<Misspelt> {
    let mut misspelt: Vec<Misspelt> = Vec::new();
    for token in analyze_detailed(lang, query) {
        let letters_only = token.text.chars().all(char::is_alphabetic);
        if token.role == Role::Part || !letters_only || !is_latin_token(&token.text) {
            continue;
        }
        if misspelt.iter().any(|word| word.source == token.source) || query.get(token.source.clone()).is_none() {
            continue;
        }
        let candidates = finder::nearest_terms(index, &token.text, CANDIDATES_PER_WORD);
        if !candidates.is_empty() {
            misspelt.push(Misspelt { source: token.source, candidates });
        }
    }
    misspelt
}

/// For each of `wanted` (analysed terms), the words of `texts` that analyse to it, with how
/// often each is written.
fn spellings_of<'a>(
    lang: Lang,
    wanted: &BTreeSet<&str>,
    texts: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<String, BTreeMap<String, usize>> {
    // A stem starts with the first letter of its words (case folded): a cheap filter before
    // analysing a word.
    let first_letters: BTreeSet<char> = wanted.iter().filter_map(|term| term.chars().next()).collect();
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut tokens = Vec::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphabetic()).filter(|word| !word.is_empty()) {
            let first = word.chars().next().and_then(|c| c.to_lowercase().next());
            if !first.is_some_and(|c| first_letters.contains(&c)) {
                continue;
            }
            tokens.clear();
            tokens.extend(analyze(lang, word));
            if let [token] = tokens.as_slice() {
                if wanted.contains(token.as_str()) {
                    *spellings.entry(token.clone()).or_default().entry(word.to_lowercase()).or_default() += 1;
                }
            }
        }
    }
    spellings
}

/// Of a term's spellings, the one nearest to what was typed; among equals the most written.
fn closest_spelling(typed: &str, spellings: &BTreeMap<String, usize>) -> Option<String> {
    let typed = typed.to_lowercase();
    let limit = typed.chars().count();
    spellings
        .iter()
        .min_by_key(|(spelling, &count)| (super::edit_distance(&typed, spelling, limit), std::cmp::Reverse(count)))
        .map(|(spelling, _)| spelling.clone())
}

/// `spelling` (lower case) with a capital first letter when `typed` has one.
fn in_case_of(typed: &str, spelling: &str) -> String {
    let capital = typed.chars().next().is_some_and(char::is_uppercase);
    let mut chars = spelling.chars();
    match (capital, chars.next()) {
        (true, Some(first)) => first.to_uppercase().chain(chars).collect(),
        _ => spelling.to_string(),
    }
}

#[cfg(test)]
mod tests;

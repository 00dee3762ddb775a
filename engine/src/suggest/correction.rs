//! "Did you mean …?" for a search that found nothing: the query written again with each word
//! the index does not hold replaced by the nearest indexed word ([`finder::nearest_terms`]),
//! spelt as the site's own texts spell it (the index holds stems: `machin`, not "machining").
//!
//! Only Latin words are corrected. Japanese and Thai are indexed as pairs of characters, which
//! have no spelling to correct; for them, as for any word, the closest vocabulary terms
//! ([`super::Suggester::closest`]) are offered beside.

use std::ops::Range;

use crate::analysis::{analyze_detailed, is_latin_token, Role};
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
    let mut wanted: Vec<&str> = Vec::new();
    for near in misspelt.iter().flat_map(|word| &word.candidates) {
        if !wanted.contains(&near.term.as_str()) {
            wanted.push(&near.term);
        }
    }
    let spellings = spellings_of(lang, &wanted, texts);
    let mut corrected = query.to_string();
    let mut changed = false;
    // From the end, so that earlier ranges stay valid.
    for word in misspelt.iter().rev() {
        let typed = &query[word.source.clone()];
        let Some(spelling) = word.candidates.iter().find_map(|near| {
            let term = wanted.iter().position(|wanted| *wanted == near.term)?;
            closest_spelling(typed, spellings.iter().filter(|s| s.term == term))
        }) else {
            continue;
        };
        corrected.replace_range(word.source.clone(), &spelling);
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

/// A word of the texts, as written, that analyses to a wanted term.
struct Spelling<'t> {
    /// Position of the term in the wanted list.
    term: usize,
    written: &'t str,
    count: usize,
}

/// The words of `texts` that analyse to one of `wanted` (analysed terms), each written form
/// once with how often it is written. (Plain vectors searched linearly, no sorting and no case
/// table beyond the analyzer's: this runs in the browser, where each sort or map instantiation
/// costs kilobytes of WebAssembly, and the lists are a few words long.)
fn spellings_of<'t>(lang: Lang, wanted: &[&str], texts: impl IntoIterator<Item = &'t str>) -> Vec<Spelling<'t>> {
    // A stem starts with the first letter of its words (case folded): a cheap filter before
    // analysing a word.
    let first_letters: Vec<char> = wanted.iter().filter_map(|term| term.chars().next()).collect();
    let mut spellings: Vec<Spelling> = Vec::new();
    let mut tokens = Vec::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphabetic()).filter(|word| !word.is_empty()) {
            let first = word.chars().next().and_then(|c| c.to_lowercase().next());
            if first.is_none_or(|c| !first_letters.contains(&c)) {
                continue;
            }
            tokens.clear();
            crate::analysis::analyze_into(lang, word, &mut tokens);
            let [token] = tokens.as_slice() else { continue };
            let Some(term) = wanted.iter().position(|wanted| wanted == token) else { continue };
            match spellings.iter_mut().find(|known| known.term == term && known.written == word) {
                Some(known) => known.count += 1,
                None => spellings.push(Spelling { term, written: word, count: 1 }),
            }
        }
    }
    spellings
}

/// Of a term's spellings, the one nearest to what was typed (case aside), among equals the
/// most written; written with a capital where the typed word has one and the texts have that
/// form, else in small letters.
fn closest_spelling<'s, 't: 's>(typed: &str, spellings: impl Iterator<Item = &'s Spelling<'t>>) -> Option<String> {
    // The same word in small and capital letters counts as one: (small letters, count, a
    // capitalised form the texts have).
    let mut words: Vec<(String, usize, Option<&str>)> = Vec::new();
    for spelling in spellings {
        let small = spelling.written.to_lowercase();
        let capitalised = spelling.written.chars().next().is_some_and(is_capital).then_some(spelling.written);
        match words.iter_mut().find(|(known, _, _)| *known == small) {
            Some((_, count, form)) => {
                *count += spelling.count;
                *form = form.or(capitalised);
            }
            None => words.push((small, spelling.count, capitalised)),
        }
    }
    let lower = typed.to_lowercase();
    let limit = lower.chars().count();
    let (small, _, capitalised) = words.into_iter().min_by(|(a, a_count, _), (b, b_count, _)| {
        let (a_distance, b_distance) = (super::edit_distance(&lower, a, limit), super::edit_distance(&lower, b, limit));
        a_distance.cmp(&b_distance).then(b_count.cmp(a_count)).then(a.cmp(b))
    })?;
    let capital = typed.chars().next().is_some_and(is_capital);
    Some(match capitalised {
        Some(form) if capital => form.to_string(),
        _ => small,
    })
}

/// A letter that small letters write differently (through the analyzer's own case table).
fn is_capital(c: char) -> bool {
    c.to_lowercase().next() != Some(c)
}

#[cfg(test)]
mod tests;

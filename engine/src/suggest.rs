//! Suggestions as a buyer types, and the way on when a search finds nothing: vocabulary terms
//! (processes, materials, certifications, …) whose name in any language, or a synonym, fits
//! what was typed, with the number of firms carrying each. All of it runs over the page data
//! already in memory: no request per keystroke.
//!
//! A term fits when one of its names, folded as the analyzer folds text
//! ([`fold_for_matching`]: case, width, kana, ー), starts with what was typed, or has a word
//! that does; on the Japanese and Thai sites, whose words are not separated by spaces, a name
//! that merely contains it fits too. Suggestions start after [`MIN_LATIN_CHARS`] Latin
//! characters or one kana, kanji or Thai character. Terms whose label (in the page's language)
//! fits come first, then other names, then word starts, then containment; among equals the
//! term most firms carry.

use std::collections::BTreeMap;

use crate::analysis::fold_for_matching;
use crate::facets::FACETS;
use crate::model::{Doc, VocabGroup};
use crate::Lang;

mod correction;

pub use correction::did_you_mean;

/// Most suggestions shown at once.
pub const MAX_SUGGESTIONS: usize = 8;
/// Latin letters or digits typed before anything is suggested.
pub const MIN_LATIN_CHARS: usize = 2;
/// Most "did you mean" terms for a search that found nothing.
pub const MAX_CLOSEST: usize = 3;

/// One suggested vocabulary term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The facet it filters by (position in [`FACETS`]).
    pub slot: usize,
    pub id: String,
    /// The label in the page's language.
    pub label: String,
    /// Firms carrying the term.
    pub firms: usize,
}

struct Entry {
    suggestion: Suggestion,
    /// The folded label, then the folded other names.
    keys: Vec<String>,
    /// The words of the keys after their first (the first word is the key's start).
    inner_words: Vec<String>,
}

/// The page's vocabulary, ready to be matched against each keystroke.
pub struct Suggester {
    lang: Lang,
    entries: Vec<Entry>,
}

/// How well a term fits what was typed; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    Label,
    Name,
    WordStart,
    Contains,
}

impl Suggester {
    /// The terms of every facet (from the page data's `vocab`) that at least one firm of
    /// `docs` carries.
    pub fn new(lang: Lang, vocab: &[VocabGroup], docs: &[Doc]) -> Suggester {
        let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for firm in docs.iter().filter_map(|doc| doc.firm.as_ref()) {
            for facet in &FACETS {
                for value in facet.values(firm) {
                    *counts.entry((facet.group, value)).or_default() += 1;
                }
            }
        }
        let mut entries = Vec::new();
        for (slot, facet) in FACETS.iter().enumerate() {
            let Some(group) = vocab.iter().find(|group| group.id == facet.group) else { continue };
            for term in &group.terms {
                let firms = counts.get(&(facet.group, term.id.as_str())).copied().unwrap_or(0);
                if firms == 0 {
                    continue;
                }
                let mut keys = vec![fold_for_matching(lang, &term.label)];
                for name in &term.names {
                    let key = fold_for_matching(lang, name);
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                let inner_words = keys
                    .iter()
                    .flat_map(|key| key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).skip(1))
                    .map(str::to_string)
                    .collect();
                let suggestion = Suggestion { slot, id: term.id.clone(), label: term.label.clone(), firms };
                entries.push(Entry { suggestion, keys, inner_words });
            }
        }
        Suggester { lang, entries }
    }

    /// Up to [`MAX_SUGGESTIONS`] terms for `typed` (nothing until enough has been typed).
    pub fn suggest(&self, typed: &str) -> Vec<Suggestion> {
        let typed = fold_for_matching(self.lang, typed.trim());
        if !long_enough(&typed) {
            return Vec::new();
        }
        let contains = self.lang.profile().script.unspaced();
        let mut fitting: Vec<(Fit, &Entry)> =
            self.entries.iter().filter_map(|entry| fit(entry, &typed, contains).map(|fit| (fit, entry))).collect();
        fitting.sort_by(|(a_fit, a), (b_fit, b)| {
            a_fit
                .cmp(b_fit)
                .then(b.suggestion.firms.cmp(&a.suggestion.firms))
                .then(a.suggestion.label.cmp(&b.suggestion.label))
        });
        fitting.into_iter().take(MAX_SUGGESTIONS).map(|(_, entry)| entry.suggestion.clone()).collect()
    }

    /// For a search that found nothing: up to [`MAX_CLOSEST`] terms with a name closest to a
    /// word of `query` (at most a third of the word's characters apart, one edit at least).
    pub fn closest(&self, query: &str) -> Vec<Suggestion> {
        let query = fold_for_matching(self.lang, query);
        let mut best: Vec<(usize, &Entry)> = Vec::new();
        for word in query.split_whitespace() {
            let length = word.chars().count();
            if !long_enough(word) {
                continue;
            }
            let limit = (length / 3).max(1);
            for entry in &self.entries {
                let distance = entry
                    .keys
                    .iter()
                    .flat_map(|key| std::iter::once(key.as_str()).chain(key.split_whitespace()))
                    .map(|name| edit_distance(word, name, limit))
                    .min()
                    .unwrap_or(usize::MAX);
                if distance <= limit && !best.iter().any(|(_, e)| std::ptr::eq(*e, entry)) {
                    best.push((distance, entry));
                }
            }
        }
        best.sort_by(|(a_distance, a), (b_distance, b)| {
            a_distance.cmp(b_distance).then(b.suggestion.firms.cmp(&a.suggestion.firms))
        });
        best.into_iter().take(MAX_CLOSEST).map(|(_, entry)| entry.suggestion.clone()).collect()
    }
}

/// Enough typed to suggest: [`MIN_LATIN_CHARS`] Latin characters, or any other letter.
fn long_enough(typed: &str) -> bool {
    let mut chars = typed.chars().filter(|c| c.is_alphanumeric());
    let latin = typed.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    latin >= MIN_LATIN_CHARS || chars.any(|c| !c.is_ascii())
}

/// How `typed` fits the entry's keys (the first is the label), if it does.
fn fit(entry: &Entry, typed: &str, contains: bool) -> Option<Fit> {
    let mut keys = entry.keys.iter();
    if keys.next().is_some_and(|label| label.starts_with(typed)) {
        Some(Fit::Label)
    } else if keys.any(|key| key.starts_with(typed)) {
        Some(Fit::Name)
    } else if entry.inner_words.iter().any(|word| word.starts_with(typed)) {
        Some(Fit::WordStart)
    } else if contains && entry.keys.iter().any(|key| key.contains(typed)) {
        Some(Fit::Contains)
    } else {
        None
    }
}

/// Optimal-string-alignment distance between `a` and `b` (an adjacent swap is one edit), or
/// `limit + 1` once it is certain to exceed `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (done, current) = rows.split_at_mut(2);
        let (before, previous) = done.split_at_mut(1);
        let (before, previous, current) = (&before[0], &previous[0], &mut current[0]);
        current[0] = i;
        let mut row_min = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return limit + 1;
        }
        rows.rotate_left(1);
    }
    rows[1][b.len()]
}

#[cfg(test)]
mod tests;

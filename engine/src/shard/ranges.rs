//! Which parts of the dictionaries a query token needs: the terms it may match as typed, as a
//! prefix or through a stem; for typo matching of Latin words, the terms sharing its first
//! characters; and in a language with compounds, what compound matching and splitting read.
//!
//! # Why the compound ranges are exact
//!
//! On the whole index, compound matching (`finder::matching::compounds`) scans the whole
//! vocabulary for the terms `t` that a letter-only token `w` (at least [`MIN_COMPOUND_PART`]
//! bytes) fits: `t` ends with `w`, contains `w` after its first byte, or ends with the first
//! `cut` bytes of `w`, `cut` ≥ max(len − 3, [`MIN_COMPOUND_PART`]). In each case a suffix of
//! `t` from byte 1 on, at least [`MIN_COMPOUND_PART`] bytes long, starts with
//! `w[..MIN_COMPOUND_PART]`: letters, the first a Latin one, so it starts on a char boundary and
//! is in the suffix dictionary ([`may_start_compound_part`]), whose range
//! `Prefix(w[..MIN_COMPOUND_PART])` therefore holds every term `w` fits.
//!
//! Compound splitting (`finder::plan::compound_pieces`) asks, for a word [`splittable`], whether
//! `w[s..e]` is a term, for starts `s` and `e − s` ≥ [`MIN_PIECE`]: each such term is in the
//! term dictionary's `Prefix(w[s..s + MIN_PIECE])`. A piece found becomes a token of its own,
//! matched exactly, as a prefix (terms starting with the piece: the same range) and inside
//! compounds (the suffix dictionary's `Prefix(w[s..s + MIN_COMPOUND_PART])`, as above). Typo
//! and typed-stem matching never run for a piece: both wait for a token that matches nothing,
//! and a piece is a term itself.
//!
//! So the assembled index holds every term the whole-index scans can return, and since its
//! vocabulary is a sorted subset of the whole one, relative order is kept: the compound
//! candidates, sorted by (fit, length, vocabulary position) and cut at
//! `MAX_COMPOUND_CANDIDATES`, are the same terms in the same order, and so are those of each
//! field, sorted by (fit, df, term position) — the dfs are the true ones. A cut would differ
//! only if a fitting term were missing, and none is. Typo candidates remain the exception:
//! they are looked for among the terms sharing the token's first one to three characters
//! ([`typo_range`]).

use crate::analysis::is_latin_token;
use crate::finder::{splittable, MIN_COMPOUND_PART, MIN_PIECE};

pub(super) use super::format::Dictionary;

/// A contiguous run of the sorted vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum TermRange {
    /// Every term starting with the text.
    Prefix(String),
    /// Every term from the first to the second, both included.
    Between(String, String),
}

impl TermRange {
    pub(super) fn contains(&self, term: &str) -> bool {
        match self {
            TermRange::Prefix(prefix) => term.starts_with(prefix.as_str()),
            TermRange::Between(low, high) => low.as_str() <= term && term <= high.as_str(),
        }
    }

    /// The blocks (by position among `firsts`, ascending first terms) that may hold terms of
    /// the range.
    pub(super) fn blocks<'a>(&self, firsts: impl Fn(usize) -> &'a str, count: usize) -> std::ops::Range<usize> {
        let partition = |below: &dyn Fn(&str) -> bool| {
            let (mut low, mut high) = (0, count);
            while low < high {
                let middle = low + (high - low) / 2;
                if below(firsts(middle)) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            low
        };
        let (start, end) = match self {
            TermRange::Prefix(prefix) => (
                partition(&|first| first <= prefix.as_str()),
                partition(&|first| first <= prefix.as_str() || first.starts_with(prefix.as_str())),
            ),
            TermRange::Between(low, high) => {
                (partition(&|first| first <= low.as_str()), partition(&|first| first <= high.as_str()))
            }
        };
        start.saturating_sub(1).min(end)..end
    }
}

/// A range of one of the dictionaries (of its keys: terms, or suffixes).
pub(super) type Lookup = (Dictionary, TermRange);

/// Letters only, Latin: what the finder may correct or find inside compounds.
pub(super) fn is_latin_word(token: &str) -> bool {
    is_latin_token(token) && !token.bytes().any(|b| b.is_ascii_digit())
}

/// Whether a suffix (of a term, from its second character on) may be where a compound part the
/// finder looks for starts: a part is a letter-only Latin word of [`MIN_COMPOUND_PART`]+ bytes.
pub(super) fn may_start_compound_part(suffix: &str) -> bool {
    suffix.len() >= MIN_COMPOUND_PART
        && is_latin_token(suffix)
        && !suffix.bytes().take(MIN_COMPOUND_PART).any(|b| b.is_ascii_digit())
}

/// Shortest Latin word the finder corrects (one edit from four characters).
pub(super) const MIN_TYPO_CHARS: usize = 4;

/// Most dictionary blocks a token's typo candidates may take (see [`typo_range`]), unless even
/// the terms sharing its first [`TYPO_PREFIX_MAX_CHARS`] characters take more.
pub(super) const TYPO_BLOCKS_MAX: usize = 2;

/// Most first characters typo candidates must share with the token.
pub(super) const TYPO_PREFIX_MAX_CHARS: usize = 3;

/// The ranges a token needs before any is loaded.
pub(super) fn first_ranges(token: &str, compounds: bool) -> Vec<Lookup> {
    let mut ranges = vec![(Dictionary::Terms, TermRange::Prefix(token.to_string()))];
    if is_latin_word(token) {
        // Stems the word being typed may have outgrown ("harn" → `har`): at most four bytes
        // shorter, at least three long.
        let floor = char_floor(token, token.len().saturating_sub(4).max(3));
        let low = token.get(..floor).unwrap_or_default().to_string();
        ranges.push((Dictionary::Terms, TermRange::Between(low, token.to_string())));
        if compounds {
            ranges.extend(compound_ranges(token));
        }
    }
    ranges
}

/// What compound matching and splitting of the letter-only `token` read (see the module
/// documentation): the terms `token` fits and, if it may be split, its possible pieces and the
/// terms they fit.
fn compound_ranges(token: &str) -> Vec<Lookup> {
    let suffixes = |start: usize| (Dictionary::Suffixes, key(token, start, MIN_COMPOUND_PART));
    if token.len() < MIN_COMPOUND_PART {
        return Vec::new();
    }
    if !splittable(token) {
        return vec![suffixes(0)];
    }
    (0..=token.len() - MIN_PIECE)
        .flat_map(|start| [(Dictionary::Terms, key(token, start, MIN_PIECE)), suffixes(start)])
        .collect()
}

/// Every key starting with the `len` bytes of `token` from `start` (fewer, to end on a char
/// boundary).
fn key(token: &str, start: usize, len: usize) -> TermRange {
    let end = char_floor(token, start + len);
    TermRange::Prefix(token.get(start..end).unwrap_or_default().to_string())
}

/// The char boundary at or before `at`, at most the length.
fn char_floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the finder looks for typo candidates of `token`, if it may correct it: every term
/// sharing the token's first character, or its first two or three when fewer would take more
/// than [`TYPO_BLOCKS_MAX`] dictionary blocks (`blocks` counts a range's). Fetched with the
/// token's own blocks, whether or not it turns out to need them: the alternative, fetching
/// them once the finder has seen the token match nothing, costs a round trip of its own, and
/// at 100,000 firms the terms sharing a common first letter are over 20 blocks.
pub(super) fn typo_range(token: &str, blocks: impl Fn(&TermRange) -> usize) -> Option<TermRange> {
    if !is_latin_word(token) || token.chars().count() < MIN_TYPO_CHARS {
        return None;
    }
    let sharing = |chars: usize| TermRange::Prefix(token.chars().take(chars).collect());
    let fitting = (1..TYPO_PREFIX_MAX_CHARS).map(sharing).find(|range| blocks(range) <= TYPO_BLOCKS_MAX);
    Some(fitting.unwrap_or_else(|| sharing(TYPO_PREFIX_MAX_CHARS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_the_blocks_a_range_may_touch() {
        let firsts = ["a", "cab", "cat", "dog", "x"];
        let blocks = |range: TermRange| range.blocks(|i| firsts[i], firsts.len());
        assert_eq!(blocks(TermRange::Prefix("ca".into())), 0..3);
        assert_eq!(blocks(TermRange::Prefix("cat".into())), 2..3);
        assert_eq!(blocks(TermRange::Prefix("d".into())), 2..4);
        assert_eq!(blocks(TermRange::Prefix("zz".into())), 4..5);
        assert_eq!(blocks(TermRange::Between("b".into(), "cax".into())), 0..3);
        let none: [&str; 0] = [];
        assert_eq!(TermRange::Prefix("a".into()).blocks(|i| none[i], 0), 0..0);
    }

    fn prefix(dictionary: Dictionary, text: &str) -> Lookup {
        (dictionary, TermRange::Prefix(text.into()))
    }

    #[test]
    fn latin_words_also_need_their_stems() {
        assert_eq!(first_ranges("射出", true), [prefix(Dictionary::Terms, "射出")]);
        let ranges = first_ranges("harness", false);
        assert_eq!(ranges[1], (Dictionary::Terms, TermRange::Between("har".into(), "harness".into())));
        assert_eq!(ranges.len(), 2);
        assert_eq!(first_ranges("13485", true).len(), 1);
    }

    #[test]
    fn compound_words_need_the_suffixes_and_pieces_they_may_meet() {
        // Too short to split: the suffixes starting like it.
        assert_eq!(&first_ranges("guss", true)[2..], [prefix(Dictionary::Suffixes, "guss")]);
        assert_eq!(&first_ranges("dreß", true)[2..], [prefix(Dictionary::Suffixes, "dre")], "a char boundary");
        assert_eq!(first_ranges("gus", true).len(), 2);
        // Every start of a piece, in both dictionaries.
        let ranges = first_ranges("drehteil", true);
        let pieces: Vec<&Lookup> = ranges.iter().skip(2).collect();
        assert_eq!(pieces.len(), 2 * 5);
        assert_eq!(pieces[0], &prefix(Dictionary::Terms, "dreh"));
        assert_eq!(pieces[1], &prefix(Dictionary::Suffixes, "dreh"));
        assert_eq!(pieces[9], &prefix(Dictionary::Suffixes, "teil"));
    }

    #[test]
    fn typo_candidates_share_the_fewest_first_characters_that_fit_the_block_budget() {
        let firsts = ["a", "ma", "mac", "mach", "mad", "mb", "n", "sa", "sb", "sc", "sca", "scb"];
        let blocks = |range: &TermRange| range.blocks(|i| firsts[i], firsts.len()).len();
        let range = |token: &str| typo_range(token, blocks);
        assert_eq!(range("nickel"), Some(TermRange::Prefix("n".into())), "one letter fits");
        assert_eq!(range("machine"), Some(TermRange::Prefix("mac".into())), "m and ma take more");
        assert_eq!(range("mbore"), Some(TermRange::Prefix("mb".into())));
        assert_eq!(range("scale"), Some(TermRange::Prefix("sca".into())), "at most three, however many");
        assert_eq!(range("mac"), None, "too short to correct");
        assert_eq!(range("13485"), None, "numbers are never corrected");
        assert_eq!(range("ti-6al"), None);
        assert_eq!(range("射出成形"), None);
    }

    #[test]
    fn a_suffix_may_start_a_part_where_a_letter_word_could() {
        assert!(may_start_compound_part("guss"));
        assert!(may_start_compound_part("guss13"));
        assert!(!may_start_compound_part("gus"));
        assert!(!may_start_compound_part("gu5s"));
        assert!(!may_start_compound_part("-guss"));
        assert!(!may_start_compound_part("射出成形"));
    }
}

//! Which words of a query must match, decided from the index before ranking: the step that
//! lets a sentence ("who can machine titanium bone screws") or a word with a generic head
//! ("Endoskopteile", 内視鏡部品) find the firms that have what it is about, instead of the one
//! firm (or none) that happens to contain every word.
//!
//! - **German compounds typed as one word** are split into indexed words ([`split_compounds`]):
//!   "Endoskopteile" (`endoskopteil`) is met by the word itself or by `endoskop` and `teil`.
//! - **Words that match nothing** in the index are not required (no firm could meet them) and
//!   are reported in [`super::Found::unmatched`].
//! - **Words that carry no meaning for this corpus** are scored but not required (question
//!   words and particles are not scored either, see `drop_unranked`): a small
//!   per-language list of question and request words (who, can, suche, 探…), hiragana in a
//!   query that also has kanji, katakana or Latin words (particles and inflections: ができる,
//!   はありますか), single-character CJK pieces (の, 探 of 探しています), and — decided from the
//!   index itself — words found in at least [`GENERIC_SHARE`] of the documents (parts,
//!   supplier, 部品, 会社, ผู้ผลิต on this site) when the index has at least
//!   [`MIN_DOCS_FOR_STATISTICS`] documents. For CJK and Thai, whose words are runs of bigrams,
//!   a bigram much rarer than both its neighbours is read as a word boundary (鏡部 in
//!   内視鏡部品) and not required, a stretch between boundaries is generic when all its
//!   bigrams are. (Spelling variants with and without the long-vowel mark, ワイヤーカット /
//!   ワイヤカット, are one word already: the analyzer drops the mark after kana.)
//! - If that would leave nothing required, the generic words are required after all ("parts
//!   supplier" alone still means what it says).
//!
//! Each remaining requirement gets its idf as rarity, so that firms meeting only some of them
//! rank by how much of the query (weighted by rarity) they cover.

use std::ops::Range;
use std::sync::OnceLock;

use super::matching::TermMatch;
use super::query::{Group, Query, QueryToken};
use super::rank::idf;
use crate::analysis::{analyze, is_cjk_token, is_latin_token};
use crate::index::Index;
use crate::lang::PerLang;
use crate::Lang;

/// A word found in at least this share of the documents (in some field) carries no meaning
/// for the corpus: it neither excludes a document nor is reported as unmatched.
pub(super) const GENERIC_SHARE: f32 = 0.4;

/// Below this many documents, document frequencies say nothing (a test index with three
/// documents has no generic words).
pub(super) const MIN_DOCS_FOR_STATISTICS: usize = 20;

/// An interior bigram in fewer than this share of the documents of its rarer neighbour is a
/// word boundary (鏡部 between 視鏡 and 部品).
const BOUNDARY_RATIO: f32 = 0.5;

pub(super) fn is_question_word(lang: Lang, token: &str) -> bool {
    analyzed_question_words(lang).iter().any(|word| word == token)
}

/// The question words of `lang` after analysis, analyzed once: the plan asks for every token
/// of every query, and analyzing the list each time was 40 % of the time of a short query.
fn analyzed_question_words(lang: Lang) -> &'static [String] {
    static ANALYZED: OnceLock<PerLang<Vec<String>>> = OnceLock::new();
    let all = ANALYZED.get_or_init(|| {
        Lang::ALL.map(|lang| lang.profile().question_words.iter().flat_map(|word| analyze(lang, word)).collect())
    });
    all.get(lang.slot()).map_or(&[], Vec::as_slice)
}

/// What the plan decided, beyond the changes it made to the query.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// Query text of required words that no document matches, in query order.
    pub(super) unmatched: Vec<String>,
}

/// Splits German words into indexed words where they are compounds: adds the pieces as
/// tokens and makes them an alternative to the whole word. Done before matching.
pub(super) fn split_compounds(index: &Index, lang: Lang, query: &mut Query) {
    if !lang.profile().compounds {
        return;
    }
    for group_at in 0..query.groups.len() {
        let Some(group) = query.groups.get(group_at) else { continue };
        if !group.parts.is_empty() {
            continue;
        }
        let whole = group.whole;
        let Some(token) = query.tokens.get(whole).cloned() else { continue };
        if !splittable(&token.text) {
            continue;
        }
        let Some(pieces) = compound_pieces(index, &token.text) else { continue };
        let count = pieces.len();
        let mut parts = Vec::new();
        for (n, piece) in pieces.into_iter().enumerate() {
            let typing = token.typing && n + 1 == count;
            if let Some(part) = query.token_index(&piece, typing, false, token.source.clone()) {
                if part != whole && !parts.contains(&part) {
                    parts.push(part);
                }
            }
        }
        if parts.len() >= 2 {
            if let Some(group) = query.groups.get_mut(group_at) {
                group.parts = parts;
                group.parts_cover = true;
                group.split = true;
            }
        }
    }
}

/// Whether [`split_compounds`] tries to split a word: ASCII letters, long enough for two pieces.
pub(crate) fn splittable(text: &str) -> bool {
    text.len() >= 2 * MIN_PIECE && text.bytes().all(|b| b.is_ascii_lowercase())
}

/// Shortest piece of a split compound.
pub(crate) const MIN_PIECE: usize = 4;
/// Letters a piece may carry after its indexed word: a linking `s`, or an ending the stemmer
/// removed from the word itself (`er` of Katheter, indexed as `kathet`).
const MAX_FILLER: usize = 2;

/// The fewest indexed words (each [`MIN_PIECE`]+ letters, optionally followed by up to
/// [`MAX_FILLER`] letters) that spell `word`, if there are two or more.
fn compound_pieces(index: &Index, word: &str) -> Option<Vec<String>> {
    let indexed = |piece: &str| index.fields.iter().any(|field| field.term_index(piece).is_some());
    let bytes = word.len();
    // best[i] = (pieces, previous cut, term end) of the best split of word[..i].
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; bytes + 1];
    best[0] = Some((0, 0, 0));
    for start in 0..bytes {
        let Some((pieces, _, _)) = best[start] else { continue };
        for term_end in start + MIN_PIECE..=bytes {
            let Some(piece) = word.get(start..term_end) else { continue };
            if !indexed(piece) {
                continue;
            }
            for end in term_end..=(term_end + MAX_FILLER).min(bytes) {
                // The word itself is not a split of itself.
                if start == 0 && end == bytes {
                    continue;
                }
                if let Some(slot) = best.get_mut(end) {
                    if slot.is_none_or(|(count, _, _)| pieces + 1 < count) {
                        *slot = Some((pieces + 1, start, term_end));
                    }
                }
            }
        }
    }
    let (count, _, _) = best[bytes]?;
    if count < 2 {
        return None;
    }
    let mut pieces = Vec::with_capacity(count);
    let mut end = bytes;
    while end > 0 {
        let (_, start, term_end) = best[end]?;
        pieces.push(word.get(start..term_end)?.to_string());
        end = start;
    }
    pieces.reverse();
    Some(pieces)
}

/// How many documents a token reaches at least: its largest posting list among its matches.
fn reach(index: &Index, matches: &[TermMatch]) -> usize {
    matches
        .iter()
        .filter_map(|m| index.fields.get(m.field).and_then(|field| field.postings.get(m.term)))
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

/// Decides which groups are required (see the module documentation), updating `query`.
pub(super) fn plan(index: &Index, lang: Lang, query: &mut Query, matches: &[Vec<TermMatch>]) -> Plan {
    let doc_count = index.doc_refs.len();
    let reaches: Vec<usize> = (0..query.tokens.len()).map(|t| matches.get(t).map_or(0, |m| reach(index, m))).collect();
    let statistics = doc_count >= MIN_DOCS_FOR_STATISTICS;
    let common = |reach: usize| statistics && reach as f32 >= GENERIC_SHARE * doc_count as f32;
    let has_content = query.tokens.iter().any(|token| !is_hiragana(&query.text, token));
    let bigram_runs = bigram_runs(query);

    let mut generic = vec![false; query.tokens.len()];
    for (at, token) in query.tokens.iter().enumerate() {
        let glue = has_content && is_hiragana(&query.text, token);
        let single = query.tokens.len() > 1 && is_cjk_token(&token.text) && token.text.chars().count() == 1;
        let bigram = bigram_runs.iter().any(|run| run.contains(&at));
        let by_statistics = !bigram && common(reaches.get(at).copied().unwrap_or(0));
        generic[at] = glue || single || by_statistics || is_question_word(lang, &token.text);
    }
    for run in &bigram_runs {
        mark_run(run, &reaches, &common, &mut generic);
    }
    // Pieces of split compounds that are generic ("teil") are left out of their group.
    for group in &mut query.groups {
        if group.split {
            let meaningful: Vec<usize> =
                group.parts.iter().copied().filter(|&p| !generic.get(p).copied().unwrap_or(false)).collect();
            if !meaningful.is_empty() {
                group.parts = meaningful;
            }
        }
    }

    let group_reach = |group: &Group| {
        let whole = reaches.get(group.whole).copied().unwrap_or(0);
        let parts = group.parts.iter().map(|&p| reaches.get(p).copied().unwrap_or(0)).min().unwrap_or(0);
        whole.max(parts)
    };
    let mut plan = Plan::default();
    let mut unmatched_ranges: Vec<Range<usize>> = Vec::new();
    let mut kept = Vec::new();
    let mut generic_groups = Vec::new();
    for mut group in std::mem::take(&mut query.groups) {
        let reach = group_reach(&group);
        let is_generic = generic.get(group.whole).copied().unwrap_or(false);
        if reach == 0 {
            if !is_generic {
                if let Some(token) = query.tokens.get(group.whole) {
                    unmatched_ranges.push(token.source.clone());
                }
            }
            continue;
        }
        group.rarity = idf(doc_count, reach);
        if is_generic {
            generic_groups.push(group);
        } else {
            kept.push(group);
        }
    }
    if kept.is_empty() {
        kept = generic_groups;
    } else {
        for group in &generic_groups {
            if let Some(token) = query.tokens.get_mut(group.whole) {
                token.optional = true;
            }
        }
    }
    query.groups = kept;
    // A range is reported only for the characters no matched token covers (a bigram that
    // crosses into a matched word is not a word of its own).
    let matched: Vec<Range<usize>> = query
        .tokens
        .iter()
        .enumerate()
        .filter(|(at, _)| reaches.get(*at).copied().unwrap_or(0) > 0)
        .map(|(_, token)| token.source.clone())
        .collect();
    plan.unmatched = uncovered(&query.text, &unmatched_ranges, &matched);
    plan
}

/// Whether the token was typed in hiragana (with ー) only.
fn is_hiragana(text: &str, token: &QueryToken) -> bool {
    let source = text.get(token.source.clone()).unwrap_or_default();
    !source.is_empty() && source.chars().all(|c| matches!(c, '\u{3041}'..='\u{309F}' | '\u{30FC}'))
}

/// Runs of CJK or Thai bigram tokens (positions in `query.tokens`, in query order) whose
/// sources overlap one another in turn: the bigrams of one unbroken piece of text.
fn bigram_runs(query: &Query) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut previous: Option<Range<usize>> = None;
    for group in &query.groups {
        let Some(token) = query.tokens.get(group.whole) else { continue };
        let bigram = !is_latin_token(&token.text) && token.text.chars().count() >= 2 && group.parts.is_empty();
        if !bigram {
            previous = None;
            continue;
        }
        let continues = previous.as_ref().is_some_and(|p| token.source.start < p.end && p.start < token.source.start);
        match runs.last_mut() {
            Some(run) if continues => run.push(group.whole),
            _ => runs.push(vec![group.whole]),
        }
        previous = Some(token.source.clone());
    }
    runs
}

/// Marks boundary bigrams and all-generic stretches of one run as generic.
fn mark_run(run: &[usize], reaches: &[usize], common: &dyn Fn(usize) -> bool, generic: &mut [bool]) {
    let reach = |at: usize| run.get(at).and_then(|&t| reaches.get(t)).copied().unwrap_or(0);
    // Interior bigrams only: the first and last have one neighbour.
    let boundary = |at: usize| {
        at > 0 && at + 1 < run.len() && {
            let neighbours = reach(at - 1).min(reach(at + 1));
            (reach(at) as f32) < BOUNDARY_RATIO * neighbours as f32
        }
    };
    let mut stretch: Vec<usize> = Vec::new();
    let close = |stretch: &mut Vec<usize>, generic: &mut [bool]| {
        let all_common = !stretch.is_empty() && stretch.iter().all(|&at| common(reach(at)));
        for &at in stretch.iter() {
            if let Some(slot) = run.get(at).and_then(|&t| generic.get_mut(t)) {
                *slot |= all_common;
            }
        }
        stretch.clear();
    };
    for at in 0..run.len() {
        if boundary(at) {
            close(&mut stretch, generic);
            if let Some(slot) = run.get(at).and_then(|&t| generic.get_mut(t)) {
                *slot = true;
            }
        } else {
            stretch.push(at);
        }
    }
    close(&mut stretch, generic);
}

/// The pieces of `text` inside `ranges` that no `covered` range covers, merged, in order.
fn uncovered(text: &str, ranges: &[Range<usize>], covered: &[Range<usize>]) -> Vec<String> {
    let mut marked = vec![false; text.len()];
    for range in ranges {
        for byte in range.clone() {
            if let Some(slot) = marked.get_mut(byte) {
                *slot = true;
            }
        }
    }
    for range in covered {
        for byte in range.clone() {
            if let Some(slot) = marked.get_mut(byte) {
                *slot = false;
            }
        }
    }
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for (at, c) in text.char_indices() {
        if marked.get(at).copied().unwrap_or(false) {
            current.push(c);
        } else if !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces.dedup();
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_pieces_are_merged_and_exclude_matched_characters() {
        assert_eq!(
            uncovered("titanium screws", &[Range { start: 9, end: 15 }], &[Range { start: 0, end: 8 }]),
            ["screws"]
        );
        // 鏡部 is unmatched but both its characters belong to matched bigrams.
        assert_eq!(uncovered("内視鏡部品", &[Range { start: 6, end: 12 }], &[0..6, 3..9, 9..15]), Vec::<String>::new());
        assert_eq!(uncovered("ネジ穴", &[0..6, 3..9], &[]), ["ネジ穴"]);
    }

    #[test]
    fn question_words_are_compared_after_analysis() {
        assert!(is_question_word(Lang::En, "look"), "looking is stemmed");
        assert!(is_question_word(Lang::De, "konn"), "können is folded and stemmed");
        assert!(!is_question_word(Lang::En, "titanium"));
        // The list analyzed once per language is the list each word analyzes to.
        for lang in Lang::ALL {
            for word in lang.profile().question_words {
                for token in analyze(lang, word) {
                    assert!(is_question_word(lang, &token), "{lang:?}: {word} → {token}");
                }
            }
        }
        assert!(!is_question_word(Lang::De, "look"), "each language has its own list");
    }
}

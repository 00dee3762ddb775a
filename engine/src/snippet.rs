//! Result snippets: a window of a document's text around its best match, as text segments
//! with the matched words marked. Never HTML: the app renders highlighted segments in
//! `<mark>` elements itself, so document text can never inject markup.
//!
//! The text is analysed with the same analyzer as the index, so a match is found exactly
//! where search found it: "machining" is highlighted for the token `machin`, "Straße" for
//! `strasse`, 射出成形 for its bigrams, a Thai word for its cluster bigrams. A text token
//! matches a given token when it equals it or starts with it (the word being typed), and on
//! the German site when it contains it (a compound part of 4+ letters). Latin matches mark
//! the whole word; a one-character CJK or one-cluster Thai token marks just that character
//! or cluster.

use crate::analysis::{analyze_detailed, continues_cluster, is_latin_token};
use crate::Lang;

/// A piece of snippet text, highlighted or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub highlighted: bool,
}

/// How much of a long text is examined for matches (bytes, cut at a char boundary).
pub const MAX_SNIPPET_SOURCE_BYTES: usize = 100_000;
/// Tokens considered (the rest are ignored).
const MAX_TOKENS: usize = 64;
/// Matches considered when choosing the window.
const MAX_MATCHES: usize = 512;
/// The ellipsis marking text cut off before or after the window.
pub const ELLIPSIS: &str = "…";
/// The longest summary a result card shows, with matches marked.
pub const SUMMARY_CHARS: usize = 400;
/// The longest passage of a body a result card shows when its summary has no match.
pub const PASSAGE_CHARS: usize = 180;

/// A window of at most `max_chars` characters of `text` (plus an ellipsis at each cut end)
/// around the stretch that matches the most distinct `tokens` (analyzer tokens, e.g.
/// [`Found::terms`](crate::finder::Found::terms)), with matches highlighted. Runs of
/// whitespace and control characters become one space. Without a match, the start of the
/// text. Empty for an empty text or `max_chars` 0.
pub fn snippet(text: &str, lang: Lang, tokens: &[String], max_chars: usize) -> Vec<Segment> {
    if max_chars == 0 || text.is_empty() {
        return Vec::new();
    }
    let text = cut(text, MAX_SNIPPET_SOURCE_BYTES);
    let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let char_at = |byte: usize| starts.partition_point(|&start| start < byte);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).filter(|t| !t.is_empty()).take(MAX_TOKENS).collect();

    // Matches as char ranges with the token they matched.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for detail in analyze_detailed(lang, text) {
        let Some((token, partial)) = match_token(lang, &detail.text, &tokens) else { continue };
        let start = char_at(detail.source.start);
        let mut end = char_at(detail.source.end).max(start + 1);
        if let Some(chars) = partial {
            end = extend_cluster(text, &starts, (start + chars).min(end));
        }
        found.push((start, end, token));
        if found.len() >= MAX_MATCHES {
            break;
        }
    }
    // Sorted by start, then end (one sort of (u64, u32) pairs, the type every sort in the
    // engine's search path uses).
    let mut keyed: Vec<(u64, u32)> =
        found.iter().map(|&(start, end, token)| ((start as u64) << 32 | end as u64, token as u32)).collect();
    keyed.sort_unstable();
    let mut found: Vec<(usize, usize, usize)> = keyed
        .into_iter()
        .map(|(key, token)| ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize, token as usize))
        .collect();
    drop_stray_bigrams(&mut found, &tokens);

    let total = starts.len();
    let (start, end) = window(text, &starts, &found, max_chars);
    let mut segments: Vec<Segment> = Vec::new();
    let byte = |char_index: usize| starts.get(char_index).copied().unwrap_or(text.len());
    let mut at = start;
    for (range_start, range_end) in merged(&found) {
        let (range_start, range_end) = (range_start.max(at), range_end.min(end));
        if range_start >= range_end {
            continue;
        }
        push(&mut segments, text.get(byte(at)..byte(range_start)).unwrap_or_default(), false);
        push(&mut segments, text.get(byte(range_start)..byte(range_end)).unwrap_or_default(), true);
        at = range_end;
    }
    push(&mut segments, text.get(byte(at)..byte(end)).unwrap_or_default(), false);
    trim_ends(&mut segments);
    if start > 0 {
        segments.insert(0, Segment { text: ELLIPSIS.to_string(), highlighted: false });
    }
    if end < total {
        segments.push(Segment { text: ELLIPSIS.to_string(), highlighted: false });
    }
    join_plain(segments)
}

/// Which token `term` (a text token) matches, and for a partial CJK/Thai match how many
/// characters of the source to mark.
fn match_token(lang: Lang, term: &str, tokens: &[&str]) -> Option<(usize, Option<usize>)> {
    let mut best: Option<(usize, Option<usize>)> = None;
    for (position, token) in tokens.iter().enumerate() {
        if term == *token {
            return Some((position, None));
        }
        if best.is_some() {
            continue;
        }
        if term.starts_with(token) {
            // Latin words are marked whole; a CJK or Thai unit only as far as typed.
            let partial = (!is_latin_token(token)).then(|| token.chars().count());
            best = Some((position, partial));
        } else if lang.profile().compounds
            && is_latin_token(token)
            && token.len() >= 4
            && term.get(1..).is_some_and(|rest| rest.contains(token))
        {
            best = Some((position, None));
        }
    }
    best
}

/// A CJK or Thai word of three or more units is queried as a chain of overlapping bigrams
/// (射出成形 → 射出 出成 成形). A bigram of such a chain matched on its own elsewhere in the
/// text (成形 in 真空成形) is noise, not a match of the word: drop matches of chain tokens that
/// do not touch another match.
fn drop_stray_bigrams(found: &mut Vec<(usize, usize, usize)>, tokens: &[&str]) {
    let units = |token: &str| token.chars().filter(|&c| !continues_cluster(c)).count();
    let last_unit = |token: &str| {
        let start = token.char_indices().rev().find(|&(_, c)| !continues_cluster(c)).map_or(0, |(at, _)| at);
        token.get(start..).unwrap_or_default().to_string()
    };
    // Token i is in a chain if it overlaps the token before or after it.
    let links: Vec<bool> = tokens
        .windows(2)
        .map(|pair| {
            let (a, b) = (pair.first().copied().unwrap_or(""), pair.get(1).copied().unwrap_or(""));
            !is_latin_token(a) && !is_latin_token(b) && units(a) == 2 && units(b) == 2 && b.starts_with(&last_unit(a))
        })
        .collect();
    let in_chain = |token: usize| {
        token.checked_sub(1).and_then(|before| links.get(before)).copied().unwrap_or(false)
            || links.get(token).copied().unwrap_or(false)
    };
    if !(0..tokens.len()).any(in_chain) {
        return;
    }
    let touches = |i: usize, (start, end, _): (usize, usize, usize)| {
        found.iter().enumerate().any(|(j, &(s, e, _))| j != i && s <= end && start <= e)
    };
    let keep: Vec<bool> = found.iter().enumerate().map(|(i, &m)| !in_chain(m.2) || touches(i, m)).collect();
    let mut flags = keep.into_iter();
    found.retain(|_| flags.next().unwrap_or(true));
}

/// Moves a char index forward past combining marks, so a cluster is never split.
fn extend_cluster(text: &str, starts: &[usize], mut at: usize) -> usize {
    while let Some(&byte) = starts.get(at) {
        if !text.get(byte..).and_then(|rest| rest.chars().next()).is_some_and(continues_cluster) {
            break;
        }
        at += 1;
    }
    at
}

/// Overlapping or touching match ranges joined (bigrams of one word become one mark).
fn merged(found: &[(usize, usize, usize)]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &(start, end, _) in found {
        match ranges.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => ranges.push((start, end)),
        }
    }
    ranges
}

/// The char range to show: at most `max_chars` long, starting a little before the run of
/// matches with the most distinct tokens (ties: the most matches, then the earliest), with
/// its ends moved to word or cluster boundaries.
fn window(text: &str, starts: &[usize], found: &[(usize, usize, usize)], max_chars: usize) -> (usize, usize) {
    let total = starts.len();
    if total <= max_chars {
        return (0, total);
    }
    let char_at = |index: usize| starts.get(index).and_then(|&byte| text.get(byte..)).and_then(|r| r.chars().next());
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, count, first match start)
    for (first, &(anchor, _, _)) in found.iter().enumerate() {
        let limit = anchor + max_chars;
        let mut distinct: Vec<usize> = Vec::new();
        let mut count = 0;
        for &(start, end, token) in found.get(first..).unwrap_or_default() {
            if start >= limit || end > limit {
                break;
            }
            count += 1;
            if !distinct.contains(&token) {
                distinct.push(token);
            }
        }
        let candidate = (distinct.len(), count, anchor);
        let better = match best {
            None => true,
            Some((d, c, _)) => (candidate.0, candidate.1) > (d, c),
        };
        if better {
            best = Some(candidate);
        }
    }
    let mut start = match best {
        // Some context before the first match, at most a fifth of the window.
        Some((_, _, anchor)) => anchor.saturating_sub(max_chars / 5),
        None => 0,
    };
    let mut end = (start + max_chars).min(total);
    start = end.saturating_sub(max_chars).min(start);
    // Latin text: start after a space if one is near, end before one.
    let slack = (max_chars / 8).min(16);
    if start > 0 {
        if let Some(space) = (start..(start + slack).min(end)).find(|&i| char_at(i).is_some_and(char::is_whitespace)) {
            let first_match = best.map_or(usize::MAX, |(_, _, anchor)| anchor);
            if space < first_match {
                start = space + 1;
            }
        }
    }
    if end < total {
        if let Some(space) =
            (end.saturating_sub(slack)..end).rev().find(|&i| char_at(i).is_some_and(char::is_whitespace))
        {
            if space > start {
                end = space;
            }
        }
    }
    // Never start or end inside a cluster (a Thai vowel or tone mark, a combining accent).
    while start < end && char_at(start).is_some_and(continues_cluster) {
        start += 1;
    }
    while end > start && end < total && char_at(end).is_some_and(continues_cluster) {
        end -= 1;
    }
    (start, end)
}

/// Appends `text` with whitespace and control runs collapsed to one space.
fn push(segments: &mut Vec<Segment>, text: &str, highlighted: bool) {
    if text.is_empty() {
        return;
    }
    let mut clean = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        if space && !(clean.is_empty() && segments.last().is_none_or(|last| last.text.ends_with(' '))) {
            clean.push(' ');
        }
        space = false;
        clean.push(c);
    }
    if space {
        clean.push(' ');
    }
    if !clean.is_empty() {
        segments.push(Segment { text: clean, highlighted });
    }
}

fn trim_ends(segments: &mut Vec<Segment>) {
    if let Some(first) = segments.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = segments.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    segments.retain(|segment| !segment.text.is_empty());
}

/// Joins neighbouring segments of the same kind.
fn join_plain(segments: Vec<Segment>) -> Vec<Segment> {
    let mut joined: Vec<Segment> = Vec::with_capacity(segments.len());
    for segment in segments {
        match joined.last_mut() {
            Some(last) if last.highlighted == segment.highlighted => last.text.push_str(&segment.text),
            _ => joined.push(segment),
        }
    }
    joined
}

/// The longest prefix of `text` of at most `max` bytes ending on a char boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests;

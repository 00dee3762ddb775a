//! Typo matching against a sorted term list: bounded Damerau–Levenshtein distance (the
//! "optimal string alignment" variant: insertions, deletions, substitutions and swaps of two
//! adjacent characters each cost one edit; counted in Unicode scalar values).
//!
//! A sorted list is a trie in disguise: consecutive terms share prefixes, and the dynamic
//! programming row of a prefix is computed once for all terms below it. As soon as a prefix
//! is further than the budget from every prefix of the query, the whole block of terms
//! starting with it is skipped with one binary search. The work is proportional to the trie
//! nodes within reach of the query, not to the vocabulary.

/// Longest query handled (in chars); analyzer tokens are at most 64 bytes.
const MAX_CHARS: usize = 64;

/// A sorted list of distinct terms.
pub(super) trait SortedTerms {
    fn count(&self) -> usize;
    /// Term `position` (`""` beyond the end).
    fn term(&self, position: usize) -> &str;
}

impl SortedTerms for [String] {
    fn count(&self) -> usize {
        self.len()
    }
    fn term(&self, position: usize) -> &str {
        self.get(position).map_or("", String::as_str)
    }
}

impl SortedTerms for crate::index::Vocabulary {
    fn count(&self) -> usize {
        self.len()
    }
    fn term(&self, position: usize) -> &str {
        self.get(position)
    }
}

/// A term within the edit budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Near {
    pub(super) term: usize,
    pub(super) distance: u8,
    /// Matched as a prefix with typos (the query is near the start of the term).
    pub(super) prefix: bool,
    /// Matched only by reading the end of the query as an inflection.
    pub(super) via_ending: bool,
}

/// The edit budget for a Latin token of `chars` characters: 1 from 4, 2 from 8.
pub(super) fn budget(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Longest query ending that may be read as an inflection the stemmer failed to remove.
const MAX_ENDING_CHARS: usize = 6;
/// Shortest term (a stem) that an inflected query may reach through an ending.
const MIN_STEM_CHARS: usize = 4;

/// Terms of `terms` (sorted ascending) within `max` edits of `query`; with `prefix`, also
/// terms whose start is within `max` edits of the whole query (for the word being typed).
/// Stops after `limit` terms.
///
/// Indexed words are stems, and a misspelt word often escapes the stemmer ("mouldnig" stays
/// whole while "moulding" became `mould`; "cathter" keeps its "er" while "catheter" became
/// `cathet`). So a term of 4+ characters also matches when a start of the query is near it
/// and the rest of the query is near one of `endings` (inflections the stemmer removes),
/// the edits of both counted: `mould` + "nig" ≈ "ing" is one edit, `cathet` ≈ "catht" + "er"
/// one. Such matches are flagged ([`Near::via_ending`]) so that callers can prefer plain ones.
pub(super) fn search<T: SortedTerms + ?Sized>(
    terms: &T,
    query: &str,
    max: u8,
    prefix: bool,
    limit: usize,
    endings: &[&str],
) -> Vec<Near> {
    let query: Vec<char> = query.chars().collect();
    let mut found = Vec::new();
    if query.is_empty() || query.len() > MAX_CHARS || max == 0 {
        return found;
    }
    let ending_cost = ending_costs(&query, endings, max);
    let width = query.len() + 1;
    // rows[d] is the row of the current path's prefix of length d.
    let mut rows = vec![0u8; width * (MAX_CHARS + 1)];
    for (cell, value) in rows.iter_mut().zip(0u8..).take(width) {
        *cell = value;
    }
    let mut path: Vec<char> = Vec::with_capacity(MAX_CHARS);
    let mut index = 0;
    'terms: while index < terms.count() && found.len() < limit {
        let term = terms.term(index);
        let common = path.iter().zip(term.chars()).take_while(|(a, b)| *a == b).count();
        path.truncate(common);
        let mut prefix_bytes: usize = path.iter().map(|c| c.len_utf8()).sum();
        for c in term.chars().skip(common) {
            let depth = path.len() + 1;
            if depth > MAX_CHARS || depth > query.len() + usize::from(max) {
                // Too long to be within reach (its last cell is at least depth − query
                // length): skip every term sharing this prefix.
                index = skip_block(terms, index, term.get(..prefix_bytes + c.len_utf8()));
                continue 'terms;
            }
            let (row_min, last) = next_row(&mut rows, width, &query, &path, c);
            path.push(c);
            prefix_bytes += c.len_utf8();
            let block = term.get(..prefix_bytes);
            if prefix && last <= max {
                // Every term starting here begins within reach of the whole query.
                let end = skip_block(terms, index, block);
                for term in index..end {
                    if found.len() >= limit {
                        break;
                    }
                    found.push(Near { term, distance: last, prefix: true, via_ending: false });
                }
                index = end;
                continue 'terms;
            }
            let previous_min = row_at(&rows, width, depth - 1).iter().min().copied().unwrap_or(0);
            // Later rows never drop below this row's minimum, except by a swap, which costs
            // one edit on top of the row before.
            if row_min > max && previous_min >= max {
                index = skip_block(terms, index, block);
                continue 'terms;
            }
        }
        let row = row_at(&rows, width, path.len());
        let plain = row.last().copied().unwrap_or(u8::MAX);
        let mut with_ending = u8::MAX;
        if path.len() >= MIN_STEM_CHARS {
            for (cell, cost) in row.iter().zip(&ending_cost) {
                with_ending = with_ending.min(cell.saturating_add(*cost));
            }
        }
        if plain <= max {
            found.push(Near { term: index, distance: plain, prefix: false, via_ending: false });
        } else if with_ending <= max {
            found.push(Near { term: index, distance: with_ending, prefix: false, via_ending: true });
        }
        index += 1;
    }
    found
}

/// For each split point `i` of the query, the edits that turn `query[i..]` into one of
/// `endings` (u8::MAX where none is within `max` or the rest is too long).
fn ending_costs(query: &[char], endings: &[&str], max: u8) -> Vec<u8> {
    let mut costs = vec![u8::MAX; query.len() + 1];
    let endings: Vec<Vec<char>> = endings.iter().map(|ending| ending.chars().collect()).collect();
    for (split, cost) in costs.iter_mut().enumerate() {
        let rest = query.get(split..).unwrap_or_default();
        if rest.is_empty() || rest.len() > MAX_ENDING_CHARS {
            continue;
        }
        // The distance is at least the difference in length: most endings need no table.
        for ending in endings.iter().filter(|ending| ending.len().abs_diff(rest.len()) <= usize::from(max)) {
            let distance = osa(rest, ending);
            if distance <= usize::from(max) {
                *cost = (*cost).min(distance as u8);
            }
        }
    }
    costs
}

/// Optimal-string-alignment distance of two short strings.
fn osa(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let value = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a.get(i - 1) != b.get(j - 1));
                let mut value = (d.get(at(i - 1, j)).copied().unwrap_or(usize::MAX) + 1)
                    .min(d.get(at(i, j - 1)).copied().unwrap_or(usize::MAX) + 1)
                    .min(d.get(at(i - 1, j - 1)).copied().unwrap_or(usize::MAX) + cost);
                if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                    value = value.min(d.get(at(i - 2, j - 2)).copied().unwrap_or(usize::MAX) + 1);
                }
                value
            };
            if let Some(cell) = d.get_mut(at(i, j)) {
                *cell = value;
            }
        }
    }
    d.last().copied().unwrap_or(usize::MAX)
}

/// The first index after `index` whose term does not start with `block` (terms starting
/// with it are contiguous from `index` on).
fn skip_block<T: SortedTerms + ?Sized>(terms: &T, index: usize, block: Option<&str>) -> usize {
    let Some(block) = block else { return index + 1 };
    let block = block.as_bytes();
    let starts = |position: usize| {
        terms.term(position).as_bytes().get(..block.len()).is_some_and(|start| super::matching::bytes_eq(start, block))
    };
    // Binary search for the first term in (index, count) that does not start with `block`.
    let (mut low, mut high) = (index + 1, terms.count().max(index + 1));
    while low < high {
        let middle = low + (high - low) / 2;
        if starts(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

fn row_at(rows: &[u8], width: usize, depth: usize) -> &[u8] {
    rows.get(depth * width..(depth + 1) * width).unwrap_or_default()
}

/// Computes the row for `path` + `c` (at depth `path.len() + 1`) from the rows before it;
/// returns its minimum and its last cell.
fn next_row(rows: &mut [u8], width: usize, query: &[char], path: &[char], c: char) -> (u8, u8) {
    let depth = path.len() + 1;
    let (before, current) = rows.split_at_mut(depth * width);
    let Some(current) = current.get_mut(..width) else { return (u8::MAX, u8::MAX) };
    let previous = before.get((depth - 1) * width..depth * width).unwrap_or_default();
    let two_back = depth.checked_sub(2).and_then(|d| before.get(d * width..(d + 1) * width));
    let previous_char = path.last().copied();
    let first = depth.min(usize::from(u8::MAX)) as u8;
    if let Some(cell) = current.first_mut() {
        *cell = first;
    }
    let mut row_min = first;
    for column in 1..width {
        let q = query.get(column - 1).copied();
        let cost = u8::from(q != Some(c));
        let up = previous.get(column).copied().unwrap_or(u8::MAX);
        let diagonal = previous.get(column - 1).copied().unwrap_or(u8::MAX);
        let left = current.get(column - 1).copied().unwrap_or(u8::MAX);
        let mut value = up.saturating_add(1).min(left.saturating_add(1)).min(diagonal.saturating_add(cost));
        if column >= 2 && previous_char.is_some() && query.get(column - 2) == Some(&c) && q == previous_char {
            if let Some(swap) = two_back.and_then(|row| row.get(column - 2)) {
                value = value.min(swap.saturating_add(1));
            }
        }
        if let Some(cell) = current.get_mut(column) {
            *cell = value;
        }
        row_min = row_min.min(value);
    }
    (row_min, current.last().copied().unwrap_or(u8::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reference OSA distance, straight from the definition.
    fn osa_ref(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut terms: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        terms.sort();
        terms.dedup();
        terms
    }

    fn near(terms: &[String], query: &str, max: u8, prefix: bool) -> Vec<(String, u8, bool)> {
        search(terms, query, max, prefix, usize::MAX, &[])
            .into_iter()
            .map(|near| (terms[near.term].clone(), near.distance, near.prefix))
            .collect()
    }

    #[test]
    fn budget_grows_with_length() {
        assert_eq!((budget(3), budget(4), budget(7), budget(8), budget(20)), (0, 1, 1, 2, 2));
    }

    #[test]
    fn finds_substitutions_insertions_deletions_and_swaps() {
        let terms = sorted(&["titanium", "titan", "machin", "steel", "steal", "stele", "tube"]);
        assert_eq!(near(&terms, "titanum", 1, false), [("titanium".into(), 1, false)]);
        assert_eq!(near(&terms, "macihn", 1, false), [("machin".into(), 1, false)]);
        assert_eq!(
            near(&terms, "stel", 1, false),
            [("steal".into(), 1, false), ("steel".into(), 1, false), ("stele".into(), 1, false)]
        );
        assert!(near(&terms, "tbue", 0, false).is_empty());
        assert_eq!(near(&terms, "tbue", 1, false), [("tube".into(), 1, false)]);
    }

    #[test]
    fn prefix_mode_matches_the_start_of_longer_terms() {
        let terms = sorted(&["titanium", "titanal", "tungsten"]);
        let found = near(&terms, "titnai", 1, true);
        // "titani" is one swap away; "titana" two.
        assert_eq!(found, [("titanium".into(), 1, true)]);
        assert!(near(&terms, "titnai", 1, false).is_empty());
    }

    #[test]
    fn respects_the_limit_and_odd_input() {
        let terms = sorted(&["aaaa", "aaab", "aaac", "aaad"]);
        assert_eq!(search(terms.as_slice(), "aaaa", 1, false, 2, &[]).len(), 2);
        assert!(search(terms.as_slice(), "", 1, false, 9, &[]).is_empty());
        let none: [String; 0] = [];
        assert!(search(none.as_slice(), "aaaa", 1, false, 9, &[]).is_empty());
        let long = "a".repeat(100);
        assert!(search(terms.as_slice(), &long, 2, true, 9, &[]).is_empty());
    }

    #[test]
    fn inflected_misspellings_reach_their_stem() {
        let terms = sorted(&["mould", "machin", "cast"]);
        let endings = ["ing", "ed", "s"];
        let found = |query: &str, max: u8| -> Vec<(String, u8)> {
            search(terms.as_slice(), query, max, false, 9, &endings)
                .into_iter()
                .map(|n| (terms[n.term].clone(), n.distance))
                .collect()
        };
        assert_eq!(found("mouldnig", 2), [("mould".to_string(), 1)]);
        let terms = sorted(&["cathet"]);
        let near = search(terms.as_slice(), "cathter", 1, false, 9, &["er"]);
        assert_eq!(near, [Near { term: 0, distance: 1, prefix: false, via_ending: true }]);
        assert_eq!(found("machinnig", 2), [("machin".to_string(), 1)]);
        assert!(found("mouldnig", 0).is_empty());
        // Without a known ending, the rest costs its full length.
        assert!(found("mouldxyz", 2).is_empty());
    }

    proptest! {
        /// Endings too long or too short to be within `max` are skipped without changing a cost.
        #[test]
        fn ending_costs_agree_with_the_definition(
            query in "[eidngsr]{1,9}",
            endings in prop::collection::vec("[eidngsr]{1,7}", 0..12),
            max in 1u8..3,
        ) {
            let query: Vec<char> = query.chars().collect();
            let endings: Vec<&str> = endings.iter().map(String::as_str).collect();
            let expected: Vec<u8> = (0..=query.len())
                .map(|split| {
                    let rest: String = query[split..].iter().collect();
                    endings
                        .iter()
                        .map(|ending| osa_ref(&rest, ending))
                        .filter(|&d| !rest.is_empty() && rest.chars().count() <= MAX_ENDING_CHARS && d <= usize::from(max))
                        .min()
                        .map_or(u8::MAX, |d| d as u8)
                })
                .collect();
            prop_assert_eq!(ending_costs(&query, &endings, max), expected);
        }

        /// The trie walk finds exactly the terms the definition says, at their distance.
        #[test]
        fn agrees_with_the_definition(
            words in prop::collection::vec("[abcé]{0,7}", 0..40),
            query in "[abcé]{1,7}",
            max in 1u8..3,
        ) {
            let terms: Vec<String> = {
                let mut t: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
                t.sort();
                t.dedup();
                t
            };
            let expected: Vec<(String, u8, bool)> = terms
                .iter()
                .filter_map(|t| {
                    let d = osa_ref(&query, t);
                    (d <= usize::from(max)).then(|| (t.clone(), d as u8, false))
                })
                .collect();
            prop_assert_eq!(near(&terms, &query, max, false), expected);
            // Prefix mode: each term either matches fully or has a prefix within reach.
            for (term, distance, is_prefix) in near(&terms, &query, max, true) {
                if is_prefix {
                    let reach = (0..=term.chars().count())
                        .map(|n| osa_ref(&query, &term.chars().take(n).collect::<String>()))
                        .min()
                        .unwrap_or(usize::MAX);
                    prop_assert!(reach <= usize::from(max), "{} {}", term, distance);
                } else {
                    prop_assert_eq!(osa_ref(&query, &term), usize::from(distance));
                }
            }
        }
    }
}

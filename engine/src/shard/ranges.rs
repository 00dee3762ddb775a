//! Which parts of the dictionary a query token needs: the terms it may match as typed, as a
//! prefix or through a stem, and — for typo and compound matching of Latin words — the terms
//! sharing its first character.

use crate::analysis::is_latin_token;

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

/// Letters only, Latin: what the finder may correct or find inside compounds.
pub(super) fn is_latin_word(token: &str) -> bool {
    is_latin_token(token) && !token.bytes().any(|b| b.is_ascii_digit())
}

/// Shortest Latin word the finder corrects (one edit from four characters).
pub(super) const MIN_TYPO_CHARS: usize = 4;

/// The ranges a token needs before any is loaded.
pub(super) fn first_ranges(token: &str, compounds: bool) -> Vec<TermRange> {
    let mut ranges = vec![TermRange::Prefix(token.to_string())];
    if is_latin_word(token) {
        // Stems the word being typed may have outgrown ("harn" → `har`): at most four bytes
        // shorter, at least three long.
        let mut floor = token.len().saturating_sub(4).max(3).min(token.len());
        while !token.is_char_boundary(floor) {
            floor -= 1;
        }
        ranges.push(TermRange::Between(token.get(..floor).unwrap_or_default().to_string(), token.to_string()));
        if compounds && token.chars().count() >= MIN_TYPO_CHARS {
            ranges.push(first_char_range(token));
        }
    }
    ranges
}

/// Every term sharing the token's first character: where typo and compound candidates are
/// looked for.
pub(super) fn first_char_range(token: &str) -> TermRange {
    TermRange::Prefix(token.chars().next().map(String::from).unwrap_or_default())
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

    #[test]
    fn latin_words_also_need_their_stems_and_first_letter() {
        assert_eq!(first_ranges("射出", true), [TermRange::Prefix("射出".into())]);
        let ranges = first_ranges("harness", true);
        assert_eq!(ranges[1], TermRange::Between("har".into(), "harness".into()));
        assert_eq!(ranges[2], TermRange::Prefix("h".into()));
        assert_eq!(first_ranges("harness", false).len(), 2);
        assert_eq!(first_ranges("13485", true).len(), 1);
    }
}

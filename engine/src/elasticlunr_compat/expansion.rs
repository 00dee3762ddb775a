//! Which indexed terms a query token matches, in the order elasticlunr.js visits them.

use std::cmp::Ordering;

use crate::index::Field;

/// The positions in `field.terms` of the keys of `token`: the token itself if indexed, or with
/// `expand` every term starting with it, in elasticlunr.js's trie DFS order (which decides the
/// floating-point summation order).
pub(super) fn keys_for(field: &Field, token: &str, expand: bool) -> Vec<usize> {
    // elasticlunr.js finds no node for the empty token.
    if token.is_empty() {
        return Vec::new();
    }
    if !expand {
        return field.term_index(token).into_iter().collect();
    }
    let terms = &field.terms;
    let start = terms.partition_point(|term| term.as_str() < token);
    let len = terms.get(start..).unwrap_or_default().partition_point(|term| term.starts_with(token));
    let mut keys: Vec<usize> = (start..start + len).collect();
    if needs_js_order(terms.get(start..start + len).unwrap_or_default(), token.len()) {
        keys.sort_by(|&a, &b| js_trie_order(terms.get(a), terms.get(b)));
    }
    keys
}

/// Terms are stored in `char` order, but a JS object iterates array-index keys first: at every
/// trie node the children "0"…"9" come before all other characters, so `v10` is visited
/// before `v1.2`. The orders differ only where a character below '0' follows the prefix.
fn needs_js_order(terms: &[String], prefix_len: usize) -> bool {
    terms.iter().any(|term| term.as_bytes().get(prefix_len..).unwrap_or_default().iter().any(|&b| b < b'0'))
}

/// Lexicographic order with ASCII digits before every other character.
fn js_trie_order(a: Option<&String>, b: Option<&String>) -> Ordering {
    let rank = |c: char| {
        if c.is_ascii_digit() {
            u32::from(c) - u32::from('0')
        } else {
            u32::from(c) + 10
        }
    };
    let a = a.map_or("", String::as_str).chars().map(rank);
    let b = b.map_or("", String::as_str).chars().map(rank);
    a.cmp(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Posting;

    fn field(terms: &[&str]) -> Field {
        Field {
            name: "f".into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            postings: terms.iter().map(|_| vec![Posting { doc: 0, count: 1 }]).collect(),
            doc_lengths: vec![1],
        }
    }

    fn expanded<'a>(field: &'a Field, token: &str) -> Vec<&'a str> {
        keys_for(field, token, true).into_iter().map(|key| field.terms[key].as_str()).collect()
    }

    #[test]
    fn expands_to_the_prefix_range() {
        let f = field(&["ma", "mach", "machine", "machining", "made", "mb"]);
        assert_eq!(expanded(&f, "mach"), ["mach", "machine", "machining"]);
        assert_eq!(expanded(&f, "mac"), ["mach", "machine", "machining"]);
        assert_eq!(expanded(&f, "m"), ["ma", "mach", "machine", "machining", "made", "mb"]);
        assert!(expanded(&f, "x").is_empty());
        assert!(expanded(&f, "").is_empty());
        assert_eq!(keys_for(&f, "mac", false), Vec::<usize>::new());
        assert_eq!(keys_for(&f, "mach", false), [1]);
    }

    #[test]
    fn visits_digit_children_first_like_javascript() {
        let f = field(&["v1", "v1-a", "v1.2", "v10", "v1a", "v2"]);
        assert_eq!(expanded(&f, "v1"), ["v1", "v10", "v1-a", "v1.2", "v1a"]);
        assert_eq!(expanded(&f, "v"), ["v1", "v10", "v1-a", "v1.2", "v1a", "v2"]);
    }
}

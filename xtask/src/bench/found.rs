//! found@5 of the generated queries, judged against what each was generated from
//! ([`crate::corpus::About`]): the same judge for the sharded index and for Pagefind.

use engine::model::Doc;
use serde_json::{json, Value};

use crate::corpus::{Query, QueryKind};

/// Hits judged.
const TOP: usize = crate::eval::TOP;

/// Whether any of the first [`TOP`] results (document numbers, best first) is what the query
/// asks for.
pub(super) fn in_top(query: &Query, docs: &[Doc], top: &[usize]) -> bool {
    top.iter().take(TOP).filter_map(|&n| docs.get(n)).any(|doc| query.about.is_relevant(doc, &query.selection))
}

/// The share of queries found (`found` in query order), to three decimals: one decimal hides
/// the difference over a hundred queries.
pub(super) fn at_5(found: &[bool]) -> f64 {
    let hits = found.iter().filter(|&&f| f).count();
    (hits as f64 / found.len().max(1) as f64 * 1000.0).round() / 1000.0
}

/// [`at_5`] per kind of query.
pub(super) fn by_kind(queries: &[Query], found: &[bool]) -> Value {
    let kinds: serde_json::Map<String, Value> = QueryKind::ALL
        .iter()
        .map(|&kind| {
            let of_kind: Vec<bool> =
                queries.iter().zip(found).filter(|(query, _)| query.kind == kind).map(|(_, &f)| f).collect();
            (kind.name().to_string(), json!(at_5(&of_kind)))
        })
        .collect();
    Value::Object(kinds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_to_three_decimals_and_per_kind() {
        assert_eq!(at_5(&[true, false, false]), 0.333);
        assert_eq!(at_5(&[]), 0.0);
        let query = |kind| Query {
            kind,
            text: String::new(),
            selection: Default::default(),
            about: crate::corpus::About::Name(String::new()),
        };
        let queries = [query(QueryKind::Typo), query(QueryKind::Exact), query(QueryKind::Typo)];
        let kinds = by_kind(&queries, &[false, true, true]);
        assert_eq!((kinds["typo"].as_f64(), kinds["exact"].as_f64()), (Some(0.5), Some(1.0)));
        assert_eq!(kinds["prefix"].as_f64(), Some(0.0), "a kind without queries");
    }
}

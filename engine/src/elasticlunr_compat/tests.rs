//! Hand-checked scores: each expected value is written out from elasticlunr.js's formulas.

use std::collections::BTreeMap;

use super::*;
use crate::index::{Field, Posting};

/// Builds an index from already-analyzed tokens: `fields[f].1[doc]` are the tokens of field
/// `f` in document `doc`.
fn build(fields: &[(&str, &[&[&str]])]) -> Index {
    let doc_count = fields.first().map_or(0, |(_, docs)| docs.len());
    let fields = fields
        .iter()
        .map(|(name, docs)| {
            let mut table: BTreeMap<&str, Vec<Posting>> = BTreeMap::new();
            for (doc, tokens) in docs.iter().enumerate() {
                for token in tokens.iter() {
                    let postings = table.entry(token).or_default();
                    match postings.last_mut() {
                        Some(last) if last.doc == doc as u32 => last.count += 1,
                        _ => postings.push(Posting { doc: doc as u32, count: 1 }),
                    }
                }
            }
            Field {
                name: name.to_string(),
                terms: table.keys().map(|t| t.to_string()).collect(),
                postings: table.into_values().collect(),
                doc_lengths: docs.iter().map(|tokens| tokens.len() as u32).collect(),
            }
        })
        .collect();
    let index = Index { doc_refs: (0..doc_count).map(|d| d.to_string()).collect(), fields };
    index.validate().expect("test index is valid");
    index
}

fn catalog() -> Index {
    build(&[
        ("title", &[&["steel", "pipe"], &["steel", "steel", "tube"], &["stainless", "tube"], &[]]),
        ("body", &[&["pipe"], &[], &["steel"], &["pipes", "steel"]]),
    ])
}

fn tokens(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn options(fields: &[(&str, f64, bool, Option<BoolMode>)], bool_mode: BoolMode) -> SearchOptions {
    SearchOptions {
        fields: fields
            .iter()
            .map(|&(name, boost, expand, mode)| (name.to_string(), FieldOptions { boost, expand, bool_mode: mode }))
            .collect(),
        bool_mode,
    }
}

fn title(expand: bool, bool_mode: BoolMode) -> SearchOptions {
    options(&[("title", 1.0, expand, None)], bool_mode)
}

fn assert_hits(actual: &[Hit], expected: &[(u32, f64)]) {
    let docs: Vec<u32> = actual.iter().map(|hit| hit.doc).collect();
    let expected_docs: Vec<u32> = expected.iter().map(|&(doc, _)| doc).collect();
    assert_eq!(docs, expected_docs, "{actual:?}");
    for (hit, &(_, score)) in actual.iter().zip(expected) {
        let relative = (hit.score - score).abs() / score.abs();
        assert!(relative < 1e-12, "doc {}: {} vs expected {score}", hit.doc, hit.score);
    }
}

/// idf with N = 4 documents.
fn idf(df: f64) -> f64 {
    1.0 + (4.0 / (df + 1.0)).ln()
}

#[test]
fn single_token_uses_tf_idf_and_length_norm() {
    let hits = catalog().search_tokens(&tokens(&["steel"]), &title(false, BoolMode::Or));
    let i = idf(2.0);
    assert_hits(&hits, &[(1, 2f64.sqrt() * i / 3f64.sqrt()), (0, i / 2f64.sqrt())]);
}

#[test]
fn or_scales_by_the_share_of_tokens_found() {
    let hits = catalog().search_tokens(&tokens(&["steel", "tube"]), &title(false, BoolMode::Or));
    let i = idf(2.0);
    assert_hits(
        &hits,
        &[(1, 2f64.sqrt() * i / 3f64.sqrt() + i / 3f64.sqrt()), (0, i / 2f64.sqrt() / 2.0), (2, i / 2f64.sqrt() / 2.0)],
    );
}

#[test]
fn and_keeps_documents_with_every_token() {
    let hits = catalog().search_tokens(&tokens(&["steel", "tube"]), &title(false, BoolMode::And));
    let i = idf(2.0);
    assert_hits(&hits, &[(1, 2f64.sqrt() * i / 3f64.sqrt() + i / 3f64.sqrt())]);
    // A first token without matches empties AND for good.
    let none = catalog().search_tokens(&tokens(&["zinc", "steel"]), &title(false, BoolMode::And));
    assert!(none.is_empty());
}

#[test]
fn expansion_penalises_longer_terms_and_skips_coord_for_expanded_only_hits() {
    // "st" is no term: stainless (df 1) and steel (df 2) are expansions.
    let hits = catalog().search_tokens(&tokens(&["st", "pipe"]), &title(true, BoolMode::Or));
    let steel = (1.0 - 3.0 / 5.0) * 0.15 * idf(2.0);
    let stainless = (1.0 - 7.0 / 9.0) * 0.15 * idf(1.0);
    let pipe = idf(1.0);
    assert_hits(
        &hits,
        &[
            // doc 0 contains "pipe" exactly: its whole score is scaled by 1/2.
            (0, (steel / 2f64.sqrt() + pipe / 2f64.sqrt()) / 2.0),
            // docs 1 and 2 match only through expansions: not scaled.
            (1, 2f64.sqrt() * steel / 3f64.sqrt()),
            (2, stainless / 2f64.sqrt()),
        ],
    );
}

#[test]
fn expansion_includes_the_exact_term() {
    let hits = catalog().search_tokens(&tokens(&["pipe"]), &options(&[("body", 1.0, true, None)], BoolMode::Or));
    let pipe = idf(1.0);
    let pipes = (1.0 - 1.0 / 5.0) * 0.15 * idf(1.0);
    assert_hits(&hits, &[(0, pipe), (3, pipes / 2f64.sqrt())]);
}

#[test]
fn repeated_tokens_count_twice() {
    let i = idf(2.0);
    let twice = catalog().search_tokens(&tokens(&["steel", "steel", "tube"]), &title(false, BoolMode::Or));
    assert_hits(
        &twice,
        &[
            (1, 2.0 * 2f64.sqrt() * i / 3f64.sqrt() + i / 3f64.sqrt()),
            (0, 2.0 * i / 2f64.sqrt() * 2.0 / 3.0),
            (2, i / 2f64.sqrt() / 3.0),
        ],
    );
}

#[test]
fn boosts_multiply_and_fields_sum() {
    let opts = options(&[("title", 2.0, false, None), ("body", 1.0, false, None)], BoolMode::Or);
    let hits = catalog().search_tokens(&tokens(&["steel"]), &opts);
    let title_idf = idf(2.0);
    let body_idf = idf(2.0);
    assert_hits(
        &hits,
        &[
            (1, 2.0 * 2f64.sqrt() * title_idf / 3f64.sqrt()),
            (0, 2.0 * title_idf / 2f64.sqrt()),
            (2, body_idf),
            (3, body_idf / 2f64.sqrt()),
        ],
    );
}

#[test]
fn zero_boost_skips_a_field_and_unknown_fields_are_ignored() {
    let opts =
        options(&[("title", 0.0, false, None), ("nope", 5.0, false, None), ("body", 1.0, false, None)], BoolMode::Or);
    let hits = catalog().search_tokens(&tokens(&["steel"]), &opts);
    assert_hits(&hits, &[(2, idf(2.0)), (3, idf(2.0) / 2f64.sqrt())]);
}

#[test]
fn field_bool_mode_overrides_the_global_one() {
    let opts = options(&[("title", 1.0, false, Some(BoolMode::Or))], BoolMode::And);
    let or = catalog().search_tokens(&tokens(&["steel", "tube"]), &opts);
    assert_eq!(or.len(), 3);
    let opts = options(&[("title", 1.0, false, Some(BoolMode::And))], BoolMode::Or);
    let and = catalog().search_tokens(&tokens(&["steel", "tube"]), &opts);
    assert_eq!(and.len(), 1);
}

#[test]
fn a_field_listed_twice_keeps_its_first_position_and_last_options() {
    let opts =
        options(&[("title", 1.0, false, None), ("body", 1.0, false, None), ("title", 3.0, false, None)], BoolMode::Or);
    let hits = catalog().search_tokens(&tokens(&["tube"]), &opts);
    let i = idf(2.0);
    assert_hits(&hits, &[(2, 3.0 * i / 2f64.sqrt()), (1, 3.0 * i / 3f64.sqrt())]);
}

#[test]
fn ties_break_by_document_number() {
    let index = build(&[("t", &[&["b"], &["a"], &["a"], &["a"]])]);
    let hits = index.search_tokens(&tokens(&["a"]), &options(&[("t", 1.0, false, None)], BoolMode::Or));
    assert_eq!(hits.iter().map(|hit| hit.doc).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(hits.iter().all(|hit| hit.score == hits[0].score));
}

#[test]
fn empty_field_length_uses_norm_one() {
    let index = build(&[("t", &[&["a"], &[]])]);
    // Corrupt-but-valid: a posting in a document whose recorded length is 0.
    let mut index = index;
    index.fields[0].doc_lengths[0] = 0;
    let hits = index.search_tokens(&tokens(&["a"]), &options(&[("t", 1.0, false, None)], BoolMode::Or));
    assert_hits(&hits, &[(0, 1.0 + (2f64 / 2.0).ln())]);
}

#[test]
fn penalty_counts_utf16_code_units() {
    let index = build(&[("t", &[&["𠮷a"], &["x"]])]);
    let hits = index.search_tokens(&tokens(&["𠮷"]), &options(&[("t", 1.0, true, None)], BoolMode::Or));
    // len("𠮷") = 2, len("𠮷a") = 3 in UTF-16.
    let expected = (1.0 - 1.0 / 3.0) * 0.15 * (1.0 + (2f64 / 2.0).ln());
    assert_hits(&hits, &[(0, expected)]);
}

#[test]
fn nothing_to_search_finds_nothing() {
    let index = catalog();
    assert!(index.search_tokens(&[], &title(true, BoolMode::Or)).is_empty());
    assert!(index.search_tokens(&tokens(&[""]), &title(true, BoolMode::Or)).is_empty());
    assert!(index.search_tokens(&tokens(&["steel"]), &options(&[], BoolMode::Or)).is_empty());
    assert!(Index::default().search_tokens(&tokens(&["steel"]), &title(true, BoolMode::Or)).is_empty());
}

#[test]
fn nan_boosts_do_not_break_sorting() {
    let opts = options(&[("title", f64::NAN, false, None), ("body", 1.0, false, None)], BoolMode::Or);
    let hits = catalog().search_tokens(&tokens(&["steel"]), &opts);
    assert_eq!(hits.len(), 4);
    assert!(hits.last().is_some_and(|hit| hit.score.is_nan()));
}

#[test]
fn search_analyzes_the_query() {
    let index = build(&[("t", &[&["machin"], &["チタ", "タン"]])]);
    let opts = options(&[("t", 1.0, true, None)], BoolMode::Or);
    assert_eq!(index.search(Lang::En, "Machining", &opts).first().map(|h| h.doc), Some(0));
    assert_eq!(index.search(Lang::Ja, "チタン", &opts).first().map(|h| h.doc), Some(1));
    assert_eq!(index.search(Lang::Ja, "チ", &opts).first().map(|h| h.doc), Some(1));
}

use proptest::prelude::*;

use super::*;

fn posting(doc: u32, count: u32) -> Posting {
    Posting { doc, count }
}

fn sample() -> Index {
    Index {
        doc_refs: vec!["0".into(), "1".into(), "firm-射出".into()],
        fields: vec![
            Field {
                name: "title".into(),
                terms: vec!["60601-1".into(), "ไท".into(), "射出".into(), "射撃".into()],
                postings: vec![
                    vec![posting(0, 1), posting(2, 3)],
                    vec![posting(0, 2), posting(1, 1), posting(2, 1)],
                    vec![posting(1, 1)],
                    vec![posting(2, u32::MAX)],
                ],
                doc_lengths: vec![3, 2, 0],
            },
            Field { name: "body".into(), terms: vec![], postings: vec![], doc_lengths: vec![0, 0, 0] },
        ],
    }
}

#[test]
fn round_trips_a_sample() {
    let index = sample();
    assert_eq!(Index::from_bytes(&index.to_bytes()), Ok(index));
    assert_eq!(Index::from_bytes(&Index::default().to_bytes()), Ok(Index::default()));
}

#[test]
fn common_postings_take_one_byte() {
    let mut index = sample();
    let before = index.to_bytes().len();
    if let Some(postings) = index.fields.get_mut(1) {
        postings.terms.push("x".into());
        postings.postings.push(vec![posting(0, 1), posting(1, 1), posting(2, 1)]);
        // Lengths that equal the counts' sums are not stored, before or after.
        postings.doc_lengths = vec![1, 1, 1];
    }
    // Vocabulary: shared 0, length 1, "x". Field: its position gap, then the postings count
    // and one byte per posting.
    assert_eq!(index.to_bytes().len(), before + 3 + 1 + 1 + 3);
}

#[test]
fn rejects_foreign_and_future_files() {
    assert_eq!(Index::from_bytes(b""), Err(IndexError::NotAnIndex));
    assert_eq!(Index::from_bytes(b"{\"fields\":[]}"), Err(IndexError::NotAnIndex));
    let mut bytes = sample().to_bytes();
    if let Some(version) = bytes.get_mut(4) {
        *version = 9;
    }
    assert_eq!(Index::from_bytes(&bytes), Err(IndexError::UnsupportedVersion { found: 9, supported: 2 }));
    let mut bytes = sample().to_bytes();
    bytes.push(0);
    assert!(matches!(Index::from_bytes(&bytes), Err(IndexError::TrailingBytes { count: 1, .. })));
}

/// Breaks one invariant of the sample index.
type Breakage = fn(&mut Index);

#[test]
fn rejects_broken_invariants_with_a_message() {
    let cases: Vec<(Breakage, &str)> = vec![
        (|i| i.doc_refs.push("0".into()), "occurs twice"),
        (|i| i.fields[0].terms.swap(1, 2), "out of order"),
        (|i| i.fields[0].postings[0][1].doc = 7, "document 7 of 3"),
        (|i| i.fields[0].postings[1].reverse(), "not strictly ascending"),
        (|i| i.fields[0].postings[2][0].count = 0, "zero times"),
        (|i| i.fields[0].postings[2].clear(), "no postings"),
        (|i| i.fields[0].doc_lengths.pop().map(drop).unwrap_or(()), "2 document lengths for 3"),
        (|i| i.fields[1].name = "title".into(), "field \"title\" occurs twice"),
        (|i| i.fields[0].terms[0].clear(), "empty term"),
    ];
    for (break_it, message) in cases {
        let mut index = sample();
        break_it(&mut index);
        let error = index.validate().expect_err(message);
        assert!(error.to_string().contains(message), "{error} should mention {message:?}");
        // The encoder writes what it is given; the decoder refuses it (sometimes already while
        // decoding, e.g. descending postings wrap their gaps past 32 bits).
        assert!(Index::from_bytes(&index.to_bytes()).is_err(), "{message}");
    }
}

fn arb_postings(doc_count: u32) -> impl Strategy<Value = Vec<Posting>> {
    let count = prop_oneof![4 => Just(1u32), 2 => 2u32..10, 1 => Just(u32::MAX)];
    prop::collection::btree_map(0..doc_count, count, 1..=doc_count as usize)
        .prop_map(|docs| docs.into_iter().map(|(doc, count)| posting(doc, count)).collect())
}

fn arb_field(name: String, doc_count: usize) -> impl Strategy<Value = Field> {
    let max_terms = if doc_count > 0 { 12 } else { 1 };
    let terms = prop::collection::btree_set("\\PC{1,6}", 0..max_terms);
    let lengths = prop::collection::vec(any::<u32>(), doc_count);
    (terms, lengths).prop_flat_map(move |(terms, doc_lengths)| {
        // With no documents there are no terms, and the postings strategy is never sampled.
        let postings = prop::collection::vec(arb_postings(doc_count.max(1) as u32), terms.len());
        (Just(terms), Just(doc_lengths), postings).prop_map({
            let name = name.clone();
            move |(terms, doc_lengths, postings)| Field {
                name: name.clone(),
                terms: terms.into_iter().collect(),
                postings,
                doc_lengths,
            }
        })
    })
}

fn arb_index() -> impl Strategy<Value = Index> {
    let refs = prop::collection::hash_set("\\PC{0,6}", 0..8);
    let names = prop::collection::btree_set("[a-z]{1,8}", 0..4);
    (refs, names)
        .prop_flat_map(|(refs, names)| {
            let doc_count = refs.len();
            let fields: Vec<_> = names.into_iter().map(|name| arb_field(name, doc_count)).collect();
            (Just(refs.into_iter().collect::<Vec<_>>()), fields)
        })
        .prop_map(|(doc_refs, fields)| Index { doc_refs, fields })
}

/// A field built like the site's tags: each document holds the token bags of the concepts it
/// is tagged with, so its postings are sums of the concepts' document sets.
fn tagged_index(seed: u64, docs: u32, concepts: usize) -> Index {
    let mut state = seed | 1;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n.max(1)
    };
    let tokens = ["ti", "titan", "titanium", "チタ", "タン", "ไท", "mold", "guss", "press", "iso", "13485", "steel"];
    let bags: Vec<Vec<&str>> =
        (0..concepts).map(|_| (0..2 + next(5)).map(|_| tokens[next(tokens.len() as u64) as usize]).collect()).collect();
    let mut builder = crate::index::IndexBuilder::new(crate::Lang::En, &["tags", "body"]);
    for doc in 0..docs {
        let mut text = String::new();
        for bag in &bags {
            if next(3) == 0 {
                for token in bag {
                    text.push_str(token);
                    text.push(' ');
                }
            }
        }
        builder.add_doc(&format!("d{doc}"), &[&text, if next(2) == 0 { "steel tube" } else { "" }]);
    }
    builder.build()
}

#[test]
fn tag_like_fields_are_factorised_and_round_trip() {
    for seed in 1..20 {
        let index = tagged_index(seed, 60, 40);
        let bytes = index.to_bytes();
        let plain = super::encode(&index, false);
        assert!(bytes.len() < plain.len(), "seed {seed}: factorised {} ≥ plain {}", bytes.len(), plain.len());
        assert_eq!(Index::from_bytes(&bytes), Ok(index.clone()), "seed {seed}");
        assert_eq!(Index::from_bytes(&plain), Ok(index), "seed {seed}");
    }
}

#[test]
fn field_lengths_equal_to_the_counts_are_derived() {
    let index = tagged_index(7, 30, 10);
    let mut stored = index.clone();
    if let Some(field) = stored.fields.get_mut(1) {
        if let Some(length) = field.doc_lengths.get_mut(0) {
            *length += 1;
        }
    }
    assert!(index.to_bytes().len() < stored.to_bytes().len());
    assert_eq!(Index::from_bytes(&stored.to_bytes()), Ok(stored));
}

proptest! {
    #[test]
    fn factorised_indexes_survive_corruption(
        seed in 1u64..1000,
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
        cut in any::<prop::sample::Index>(),
    ) {
        let index = tagged_index(seed, 40, 20);
        let bytes = index.to_bytes();
        prop_assert_eq!(Index::from_bytes(&bytes), Ok(index));
        let mut flipped = bytes.clone();
        let position = position.index(flipped.len());
        if let Some(byte) = flipped.get_mut(position) {
            *byte ^= 1 << bit;
        }
        if let Ok(decoded) = Index::from_bytes(&flipped) {
            prop_assert_eq!(decoded.validate(), Ok(()));
        }
        let cut = cut.index(bytes.len());
        prop_assert!(Index::from_bytes(bytes.get(..cut).unwrap_or_default()).is_err());
    }

    #[test]
    fn arbitrary_indexes_round_trip(index in arb_index()) {
        prop_assert_eq!(index.validate(), Ok(()));
        prop_assert_eq!(Index::from_bytes(&index.to_bytes()), Ok(index));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(index) = Index::from_bytes(&bytes) {
            prop_assert_eq!(index.validate(), Ok(()));
        }
        let mut with_header = b"FKIX\x02".to_vec();
        with_header.extend_from_slice(&bytes);
        if let Ok(index) = Index::from_bytes(&with_header) {
            prop_assert_eq!(index.validate(), Ok(()));
        }
    }

    #[test]
    fn truncations_are_rejected(index in arb_index(), cut in any::<prop::sample::Index>()) {
        let bytes = index.to_bytes();
        let cut = cut.index(bytes.len());
        prop_assert!(Index::from_bytes(bytes.get(..cut).unwrap_or_default()).is_err());
    }

    #[test]
    fn bit_flips_yield_an_error_or_a_valid_index(
        index in arb_index(),
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let mut bytes = index.to_bytes();
        let position = position.index(bytes.len());
        if let Some(byte) = bytes.get_mut(position) {
            *byte ^= 1 << bit;
        }
        if let Ok(decoded) = Index::from_bytes(&bytes) {
            prop_assert_eq!(decoded.validate(), Ok(()));
        }
    }
}

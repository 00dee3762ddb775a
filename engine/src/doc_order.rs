//! Document numbers listed in any order (rank order, several posting lists) put back in
//! document order, for passes that read per-document tables front to back.

/// The distinct documents below `doc_count` among `docs`, ascending, each with how often it
/// is listed. A few are sorted (cheaper than a pass over every document); many are counted in
/// a table over all documents and read back in order (cheaper than sorting).
pub(crate) fn ascending_with_counts(docs: &[u32], doc_count: usize) -> Vec<(u32, usize)> {
    if docs.len().saturating_mul(8) < doc_count {
        let mut sorted: Vec<u32> = docs.iter().copied().filter(|&doc| (doc as usize) < doc_count).collect();
        sorted.sort_unstable();
        return sorted.chunk_by(|a, b| a == b).filter_map(|run| Some((*run.first()?, run.len()))).collect();
    }
    let mut listed = vec![0usize; doc_count];
    for &doc in docs {
        if let Some(times) = listed.get_mut(doc as usize) {
            *times += 1;
        }
    }
    listed.iter().enumerate().filter(|(_, &times)| times > 0).map(|(doc, &times)| (doc as u32, times)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Both ways (few documents among many, many among few) agree with the plain definition.
        #[test]
        fn documents_come_back_in_order_with_their_counts(
            docs in proptest::collection::vec(0u32..60, 0..40),
            doc_count in 0usize..50,
        ) {
            let mut expected: std::collections::BTreeMap<u32, usize> = Default::default();
            for &doc in docs.iter().filter(|&&doc| (doc as usize) < doc_count) {
                *expected.entry(doc).or_default() += 1;
            }
            prop_assert_eq!(ascending_with_counts(&docs, doc_count), expected.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn takes_both_ways() {
        // 2 · 8 < 100: sorted; 5 · 8 ≥ 10: the table. Repeats and out-of-range documents in both.
        assert_eq!(ascending_with_counts(&[70, 3], 100), [(3, 1), (70, 1)]);
        assert_eq!(ascending_with_counts(&[9, 2, 2, 50, 0], 10), [(0, 1), (2, 2), (9, 1)]);
        assert_eq!(ascending_with_counts(&[5, 5, 1200], 1000), [(5, 2)]);
    }
}

use proptest::prelude::*;

use super::*;

/// Words of every script the site indexes, with codes, particles and punctuation: what makes
/// tokens, parts, bigrams and empty tokens.
const WORDS: [&str; 16] = [
    "titanium",
    "Spritzguss",
    "moulding",
    "ISO 13485",
    "Ti-6Al-4V",
    "SUS316L",
    "射出成形",
    "チタン",
    "の",
    "クリーンルーム",
    "ฉีดขึ้นรูป",
    "ไทเทเนียม",
    "and",
    "der",
    "—",
    "µm",
];

fn doc(reference: String, fields: [Vec<usize>; 5]) -> IndexedDoc {
    let text = |picks: &Vec<usize>| picks.iter().map(|&i| WORDS[i % WORDS.len()]).collect::<Vec<_>>().join(" ");
    IndexedDoc { reference, fields: fields.each_ref().map(text) }
}

fn docs() -> impl Strategy<Value = Vec<IndexedDoc>> {
    let field = || prop::collection::vec(0usize..WORDS.len(), 0..12);
    prop::collection::vec([field(), field(), field(), field(), field()], 1..12).prop_map(|fields| {
        // References in another order than the documents, as sections and slugs come.
        fields.into_iter().enumerate().map(|(n, fields)| doc(format!("firms/{:03}", 97 * n % 1000), fields)).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The direct build writes the bytes elasticlunr-rs's build converts to, in every language.
    #[test]
    fn the_direct_build_is_byte_identical_to_elasticlunr(docs in docs(), pick in 0usize..4) {
        let lang = [Lang::Ja, Lang::En, Lang::De, Lang::Th][pick];
        let reference = build_with_elasticlunr(lang, &docs).expect("builds");
        let direct = direct::build(lang, &docs).expect("builds").to_bytes();
        prop_assert_eq!(direct, reference.bytes);
    }
}

#[test]
fn a_large_site_is_built_directly_and_a_small_one_with_elasticlunr() {
    let many: Vec<IndexedDoc> = (0..=ELASTICLUNR_MAX_DOCS)
        .map(|n| doc(format!("firms/{n:05}"), [vec![n], vec![], vec![n + 1], vec![], vec![]]))
        .collect();
    let large = build(Lang::En, &many).expect("builds");
    assert!(large.elasticlunr_json.is_none());
    let small = build(Lang::En, &many[..10]).expect("builds");
    assert!(small.elasticlunr_json.is_some());
    assert_eq!(large.bytes, build_with_elasticlunr(Lang::En, &many).expect("builds").bytes);
}

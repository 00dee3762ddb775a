use super::*;
use crate::model::{Doc, DocKind, FirmFacts, SiteData, Term, VocabGroup};

fn term(id: &str, label: &str, names: &[&str]) -> Term {
    Term { id: id.into(), label: label.into(), names: names.iter().map(|n| n.to_string()).collect(), ..Term::default() }
}

fn firm(processes: &[&str], materials: &[&str], municipality: &str) -> Doc {
    let facts = FirmFacts {
        processes: processes.iter().map(|p| p.to_string()).collect(),
        materials: materials.iter().map(|m| m.to_string()).collect(),
        municipality: municipality.into(),
        ..FirmFacts::default()
    };
    Doc::test_firm("firm", facts)
}

/// A site with English (or Japanese) labels; names in every language.
fn site(ja: bool) -> SiteData {
    let pick = |en: &'static str, ja_label: &'static str| if ja { ja_label } else { en };
    let processes = VocabGroup {
        id: "processes".into(),
        terms: vec![
            term(
                "injection_moulding",
                pick("Injection moulding", "射出成形"),
                &["Injection moulding", "射出成形", "Spritzguss", "ฉีดขึ้นรูป", "injection molding"],
            ),
            term(
                "micro_moulding",
                pick("Micro moulding", "マイクロ成形"),
                &["Micro moulding", "マイクロ成形", "Mikrospritzguss"],
            ),
            term(
                "cnc_milling",
                pick("CNC milling", "CNCフライス加工"),
                &["CNC milling", "CNCフライス加工", "CNC-Fräsen"],
            ),
            term("edm", pick("EDM", "放電加工"), &["EDM", "放電加工", "wire EDM", "ワイヤーカット"]),
        ],
    };
    let materials = VocabGroup {
        id: "materials".into(),
        terms: vec![
            term("silicone", pick("Silicone", "シリコーン"), &["Silicone", "シリコーン", "Silikon", "ซิลิโคน"]),
            term("titanium", pick("Titanium", "チタン"), &["Titanium", "チタン", "Titan"]),
            term("peek", "PEEK", &["PEEK"]),
        ],
    };
    let municipalities = VocabGroup {
        id: "municipalities".into(),
        terms: vec![term("iwaki", pick("Iwaki", "いわき市"), &["Iwaki", "いわき市", "อิวากิ"])],
    };
    let mut docs = vec![
        firm(&["injection_moulding"], &["silicone"], "iwaki"),
        firm(&["injection_moulding", "micro_moulding"], &["peek"], "iwaki"),
        firm(&["cnc_milling", "edm"], &["titanium"], "iwaki"),
    ];
    docs.push(Doc { kind: DocKind::Program, firm: None, ..firm(&["edm"], &[], "iwaki") });
    SiteData { vocab: vec![processes, materials, municipalities], docs, ..SiteData::default() }
}

fn suggester(lang: Lang, site: &SiteData) -> Suggester {
    Suggester::new(lang, &site.vocab, &site.docs)
}

fn ids(suggestions: &[Suggestion]) -> Vec<&str> {
    suggestions.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn label_prefixes_come_first_with_firm_counts() {
    let suggester = suggester(Lang::En, &site(false));
    let found = suggester.suggest("in");
    assert_eq!(ids(&found), ["injection_moulding"]);
    assert_eq!(found[0].firms, 2);
    assert_eq!(found[0].label, "Injection moulding");
    assert_eq!(FACETS[found[0].slot].param, "process");
    // A word inside a name: "mould" starts "moulding"; the term on more firms first.
    assert_eq!(ids(&suggester.suggest("mould")), ["injection_moulding", "micro_moulding"]);
    assert!(suggester.suggest("i").is_empty(), "one Latin letter is not enough");
    assert!(suggester.suggest("  ").is_empty());
}

#[test]
fn names_in_other_languages_suggest_the_term() {
    let suggester = suggester(Lang::En, &site(false));
    assert_eq!(ids(&suggester.suggest("Spritz")), ["injection_moulding"]);
    assert_eq!(ids(&suggester.suggest("チタ")), ["titanium"]);
    assert_eq!(ids(&suggester.suggest("อิวา")), ["iwaki"]);
}

#[test]
fn japanese_matches_inside_names_and_folds_kana() {
    let suggester = suggester(Lang::Ja, &site(true));
    assert_eq!(ids(&suggester.suggest("成形")), ["injection_moulding", "micro_moulding"]);
    assert_eq!(ids(&suggester.suggest("しりこ")), ["silicone"], "hiragana finds katakana");
    assert_eq!(ids(&suggester.suggest("ｼﾘｺﾝ")), ["silicone"], "half-width, without ー");
    assert_eq!(ids(&suggester.suggest("わいやかっと")), ["edm"]);
    assert_eq!(ids(&suggester.suggest("射")), ["injection_moulding"], "one kanji is enough");
    assert_eq!(suggester.suggest("射")[0].label, "射出成形");
}

#[test]
fn at_most_eight_and_only_terms_firms_carry() {
    let mut data = site(false);
    if let Some(group) = data.vocab.get_mut(1) {
        for n in 0..20 {
            group.terms.push(term(&format!("steel_{n}"), &format!("Steel {n}"), &[]));
        }
    }
    for n in 0..20 {
        data.docs.push(firm(&[], &[&format!("steel_{n}")], "iwaki"));
    }
    data.vocab[1].terms.push(term("unused", "Steely", &[]));
    let suggester = suggester(Lang::En, &data);
    let found = suggester.suggest("ste");
    assert_eq!(found.len(), MAX_SUGGESTIONS);
    assert!(!ids(&found).contains(&"unused"), "no firm carries it");
}

#[test]
fn closest_terms_for_a_search_that_found_nothing() {
    let suggester = suggester(Lang::En, &site(false));
    assert_eq!(ids(&suggester.closest("titanum")), ["titanium"]);
    assert_eq!(ids(&suggester.closest("silcone tubes")), ["silicone"]);
    assert!(suggester.closest("zzzzzz").is_empty());
}

#[test]
fn edit_distance_counts_swaps_as_one() {
    assert_eq!(edit_distance("titanium", "titanium", 2), 0);
    assert_eq!(edit_distance("titnaium", "titanium", 2), 1);
    assert_eq!(edit_distance("titan", "titanium", 2), 3);
    assert_eq!(edit_distance("", "ab", 2), 2);
    assert_eq!(edit_distance("abc", "xyz", 1), 2, "stops past the limit");
}

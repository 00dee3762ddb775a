use proptest::prelude::*;

use super::*;
use crate::index::{Field, IndexBuilder, Posting};

const FIELDS: [&str; 4] = ["title", "tags", "summary", "body"];

/// (reference, [title, tags, summary, body])
type Doc = (&'static str, [&'static str; 4]);

fn build(lang: Lang, docs: &[Doc]) -> Index {
    let mut builder = IndexBuilder::new(lang, &FIELDS);
    for (reference, fields) in docs {
        builder.add_doc(reference, fields);
    }
    let index = builder.build();
    index.validate().expect("valid test index");
    index
}

fn refs<'a>(index: &'a Index, found: &Found) -> Vec<&'a str> {
    found.hits.iter().map(|hit| index.doc_ref(hit.doc).unwrap_or("?")).collect()
}

fn found_refs(index: &Index, lang: Lang, query: &str) -> Vec<String> {
    let found = find(index, lang, query);
    refs(index, &found).into_iter().map(str::to_string).collect()
}

fn assert_top(index: &Index, lang: Lang, query: &str, expected: &str) {
    let found = find(index, lang, query);
    let refs = refs(index, &found);
    assert_eq!(refs.first().copied(), Some(expected), "{query:?} → {refs:?} (tokens {:?})", found.tokens);
}

fn assert_finds(index: &Index, lang: Lang, query: &str, expected: &str) {
    let found = find(index, lang, query);
    let refs = refs(index, &found);
    assert!(refs.contains(&expected), "{query:?} should find {expected}: {refs:?} (tokens {:?})", found.tokens);
    assert!(found.matched_all, "{query:?} should match all: {refs:?}");
}

fn english() -> Index {
    build(
        Lang::En,
        &[
            (
                "titanium-works",
                ["Titanium Works", "titanium CNC machining", "Implants in titanium.", "We machine titanium implants."],
            ),
            ("titan-lab", ["Titan Lab", "inspection", "A lab.", "Our lab tests titan alloys and titanium."]),
            ("body-only", ["Tube Co", "tubes", "Tubes.", "Tubing for catheters; some titanium too."]),
            ("iso-spaced", ["Spaced", "", "", "Certified to ISO 13485:2016 and IEC 60601-1."]),
            ("iso-joined", ["Joined", "", "", "Certified ISO13485 shop; SUS316L tubes; Ti-6Al-4V bars."]),
            ("steel", ["Steel", "", "", "Stainless steel 1.4404 and 316L, Ti 6Al 4V too."]),
            ("moulding", ["Moulders", "injection moulding", "", "Injection moulding of polycarbonate."]),
        ],
    )
}

#[test]
fn exact_beats_prefix_beats_typo() {
    let index = build(
        Lang::En,
        &[
            ("typo", ["Steal", "", "", "steal steal"]),
            ("prefix", ["", "", "", "steelwork"]),
            ("exact", ["", "", "", "a long text that mentions steel once among many other words here"]),
        ],
    );
    // "steel" exists: typos are not even considered.
    assert_eq!(found_refs(&index, Lang::En, "steel"), ["exact", "prefix"]);
    // A word found nowhere is corrected: "steek" → steel (exact body) and steal (title).
    let found = find(&index, Lang::En, "steek");
    assert!(found.matched_all);
    assert_eq!(refs(&index, &found).len(), 2);
    // Exact in the body outranks a prefix in the title.
    let index = build(Lang::En, &[("title-prefix", ["Steelworks", "", "", ""]), ("body-exact", ["", "", "", "steel"])]);
    assert_eq!(found_refs(&index, Lang::En, "steel"), ["body-exact", "title-prefix"]);
}

#[test]
fn a_typo_never_outranks_an_exact_match_in_multi_word_queries() {
    let index = build(
        Lang::En,
        &[
            ("exact", ["", "", "", "titanium tube, titanium forever"]),
            ("typo-in-title", ["Titanum Tube", "titanum", "titanum", "titanum tube"]),
        ],
    );
    // Both words exist exactly, so the misspelt variant is never a candidate match.
    assert_eq!(found_refs(&index, Lang::En, "titanium tube"), ["exact"]);
    // "titaniun" exists nowhere: both spellings are typo matches, exact tube decides nothing.
    let found = find(&index, Lang::En, "titaniun tube");
    assert_eq!(refs(&index, &found).len(), 2);
}

#[test]
fn typos_are_tolerated_by_length() {
    let index = english();
    assert_finds(&index, Lang::En, "titanum", "titanium-works");
    assert_finds(&index, Lang::En, "tiatnium", "titanium-works");
    assert_finds(&index, Lang::En, "machnining", "titanium-works");
    assert_finds(&index, Lang::En, "mouldnig", "moulding");
    assert_finds(&index, Lang::En, "polycarbonat", "moulding");
    // Two edits need eight letters.
    assert!(find(&index, Lang::En, "titnum").hits.is_empty());
    // Three letters tolerate nothing.
    assert!(find(&index, Lang::En, "tbu").hits.is_empty());
    // The word being typed may be a misspelt prefix.
    assert_finds(&index, Lang::En, "polycra", "moulding");
    // Numbers are never corrected.
    assert!(find(&index, Lang::En, "13458").hits.is_empty());
}

#[test]
fn prefixes_find_words_being_typed() {
    let index = english();
    assert_top(&index, Lang::En, "titan", "titan-lab");
    assert_finds(&index, Lang::En, "tita", "titanium-works");
    assert_finds(&index, Lang::En, "polyc", "moulding");
}

#[test]
fn a_typed_prefix_longer_than_the_stem_still_matches() {
    // "harness" is stemmed to `har`: "harn" typed so far starts with it.
    let index = build(Lang::En, &[("wire", ["", "", "", "cable harnesses"]), ("hard", ["", "", "", "hard anodising"])]);
    assert_eq!(found_refs(&index, Lang::En, "harn"), ["wire"]);
    assert_eq!(found_refs(&index, Lang::En, "harnes"), ["wire"]);
    // Only while typing: a complete unknown word is left to typo matching (har and hard are
    // both one edit away).
    let mut complete = found_refs(&index, Lang::En, "harn ");
    complete.sort();
    assert_eq!(complete, ["hard", "wire"]);
    // A tail that starts no ending is a typo, not a stem: "titanum" is not `titan` + "um".
    let index = build(Lang::En, &[("titan", ["", "", "", "titan"]), ("titanium", ["", "", "", "titanium"])]);
    assert_eq!(found_refs(&index, Lang::En, "titanum"), ["titanium"]);
}

#[test]
fn title_matches_rank_above_body_matches() {
    let index = english();
    let found = find(&index, Lang::En, "titanium");
    assert_eq!(refs(&index, &found).first(), Some(&"titanium-works"));
    let position = |r: &str| refs(&index, &found).iter().position(|x| *x == r);
    assert!(position("titan-lab") > position("titanium-works"));
    assert!(position("body-only") > position("titanium-works"));
    let index =
        build(Lang::En, &[("body", ["Other", "", "", "polymer polymer"]), ("title", ["Polymer", "", "", "other"])]);
    assert_eq!(found_refs(&index, Lang::En, "polymer"), ["title", "body"]);
}

#[test]
fn codes_are_found_whole_and_by_parts_in_every_spelling() {
    let index = english();
    for query in ["13485", "ISO 13485", "ISO-13485", "ISO13485", "iso13485"] {
        let mut found = found_refs(&index, Lang::En, query);
        found.sort();
        assert_eq!(found, ["iso-joined", "iso-spaced"], "{query}");
    }
    assert_eq!(found_refs(&index, Lang::En, "60601-1"), ["iso-spaced"]);
    assert_eq!(found_refs(&index, Lang::En, "IEC 60601-1"), ["iso-spaced"]);
    assert_eq!(found_refs(&index, Lang::En, "1.4404"), ["steel"]);
    let mut found = found_refs(&index, Lang::En, "316L");
    found.sort();
    assert_eq!(found, ["iso-joined", "steel"]);
    let found = found_refs(&index, Lang::En, "Ti-6Al-4V");
    assert_eq!(found.first().map(String::as_str), Some("iso-joined"), "the exact spelling first");
    assert!(found.contains(&"steel".to_string()), "Ti 6Al 4V written apart: {found:?}");
    // A code found nowhere falls back to its parts, flagged as partial.
    let found = find(&index, Lang::En, "60601-2");
    assert_eq!(refs(&index, &found), ["iso-spaced"]);
    assert!(!found.matched_all);
}

#[test]
fn and_across_fields_with_or_fallback() {
    let index = english();
    // "cnc" only in tags, "implants" only in body of the same firm: AND across fields.
    let found = find(&index, Lang::En, "cnc implants");
    assert!(found.matched_all);
    assert_eq!(refs(&index, &found), ["titanium-works"]);
    // Nothing has both: OR fallback, flagged, best partial match first.
    let found = find(&index, Lang::En, "catheters polycarbonate");
    assert!(!found.matched_all);
    assert_eq!(refs(&index, &found).len(), 2);
    let found = find(&index, Lang::En, "unobtainium");
    assert!(found.hits.is_empty());
    assert!(found.matched_all);
}

#[test]
fn german_compounds_umlauts_and_eszett() {
    let index = build(
        Lang::De,
        &[
            ("medtech", ["Medizintechnik Nord", "", "", "Wir fertigen für die Medizintechnik."]),
            ("guss", ["Gießerei", "", "", "Spritzguss und Druckguss in Serie, Spritzgussteile."]),
            ("strasse", ["Anfahrt", "", "", "Über die Hauptstraße erreichbar."]),
            ("technik", ["Technik AG", "", "", "Technik allgemein."]),
        ],
    );
    assert_finds(&index, Lang::De, "Technik", "medtech");
    assert_top(&index, Lang::De, "Technik", "technik");
    assert_finds(&index, Lang::De, "Guss", "guss");
    assert_finds(&index, Lang::De, "guss", "guss");
    assert_finds(&index, Lang::De, "uber", "strasse");
    assert_finds(&index, Lang::De, "Strasse", "strasse");
    assert_finds(&index, Lang::De, "Hauptstrasse", "strasse");
    assert_finds(&index, Lang::De, "Spritzgußteile", "guss");
    // Compound parts are not looked for on other sites.
    let english = build(Lang::En, &[("a", ["", "", "", "medizintechnik"])]);
    assert!(find(&english, Lang::En, "technik").hits.is_empty());
}

#[test]
fn japanese_compounds_parts_and_latin_inside() {
    let index = build(
        Lang::Ja,
        &[
            ("molding", ["射出成形の会社", "", "", "クリーンルームで射出成形を行います。OEM製造。"]),
            ("micro", ["微細加工", "", "", "微細加工とISO 13485認証。SUS316Lの切削、2024年に設立。"]),
            ("press", ["プレス", "", "", "金型の設計と成形品の検査。"]),
            ("new", ["新千歳", "", "", "新しい工場"]),
        ],
    );
    assert_top(&index, Lang::Ja, "射出成形", "molding");
    assert_eq!(found_refs(&index, Lang::Ja, "射出成形"), ["molding"]);
    let mut forming = found_refs(&index, Lang::Ja, "成形");
    forming.sort();
    assert_eq!(forming, ["molding", "press"]);
    assert_eq!(found_refs(&index, Lang::Ja, "微細加工"), ["micro"]);
    assert_eq!(found_refs(&index, Lang::Ja, "クリーンルーム"), ["molding"]);
    assert_eq!(found_refs(&index, Lang::Ja, "クリーン"), ["molding"]);
    assert_eq!(found_refs(&index, Lang::Ja, "ｸﾘｰﾝﾙｰﾑ"), ["molding"]);
    for query in ["OEM", "oem", "ISO 13485", "ISO13485", "13485", "SUS316L", "316L", "2024"] {
        let found = found_refs(&index, Lang::Ja, query);
        assert!(!found.is_empty(), "{query}");
        assert!(
            found.iter().all(|r| r == "micro" || (query.eq_ignore_ascii_case("oem") && r == "molding")),
            "{query}: {found:?}"
        );
    }
    // A multi-character query never degrades to one generic kanji: 新幹線 finds nothing here
    // rather than everything with 新.
    let found = find(&index, Lang::Ja, "新幹線");
    assert!(found.tokens.iter().all(|t| t.chars().count() == 2), "{:?}", found.tokens);
    assert!(found.hits.is_empty(), "{:?}", refs(&index, &found));
    // A one-character query is a prefix.
    assert_eq!(found_refs(&index, Lang::Ja, "新"), ["new"]);
    // A particle in the query does not have to be in the text.
    assert_eq!(found_refs(&index, Lang::Ja, "微細の加工"), ["micro"]);
}

#[test]
fn thai_words_typed_without_spaces() {
    let index = build(
        Lang::Th,
        &[
            ("titanium", ["ท่อไทเทเนียม", "", "", "ท่อไทเทเนียมเกรด 2 สำหรับการแพทย์"]),
            ("molding", ["บริษัทฉีดขึ้นรูป", "", "", "บริการฉีดขึ้นรูปพลาสติกในห้องสะอาด ISO 13485"]),
            ("other", ["อื่น", "", "", "งานกลึงและ machining ชิ้นส่วน"]),
        ],
    );
    assert_eq!(found_refs(&index, Lang::Th, "ไทเทเนียม"), ["titanium"]);
    assert_eq!(found_refs(&index, Lang::Th, "ฉีดขึ้นรูป"), ["molding"]);
    assert_eq!(found_refs(&index, Lang::Th, "ห้องสะอาด"), ["molding"]);
    assert_eq!(found_refs(&index, Lang::Th, "13485"), ["molding"]);
    assert_eq!(found_refs(&index, Lang::Th, "machining"), ["other"]);
    assert_eq!(found_refs(&index, Lang::Th, "machnining"), ["other"]);
}

#[test]
fn highlight_terms_include_completions_and_corrections() {
    let index = english();
    let found = find(&index, Lang::En, "titanum");
    assert_eq!(found.tokens, ["titanum"]);
    assert!(found.terms.contains(&"titanium".to_string()), "{:?}", found.terms);
    let found = find(&index, Lang::En, "polyc");
    assert!(found.terms.contains(&"polycarbon".to_string()), "{:?}", found.terms);
}

#[test]
fn parts_of_complete_codes_match_exactly() {
    let index =
        build(Lang::En, &[("code", ["", "", "", "Bars in Ti-6Al-4V."]), ("tiny", ["", "", "", "A tiny tip, 6Al."])]);
    let found = find(&index, Lang::En, "Ti-6Al-4V");
    assert_eq!(refs(&index, &found), ["code"]);
    assert!(found.terms.iter().all(|t| !t.starts_with("tin") && t != "tip"), "{:?}", found.terms);
    // The part being typed is still a prefix.
    let found = find(&index, Lang::En, "ISO-1348");
    assert!(found.hits.is_empty());
    let index = build(Lang::En, &[("iso", ["", "", "", "ISO 13485"])]);
    assert_eq!(found_refs(&index, Lang::En, "ISO-1348"), ["iso"]);
    assert_eq!(found_refs(&index, Lang::En, "ISO13"), ["iso"]);
}

#[test]
fn a_stop_word_being_typed_finds_its_completions() {
    let index = build(
        Lang::En,
        &[
            ("forge", ["", "", "", "Closed-die forging"]),
            ("anod", ["", "", "", "titanium anodizing"]),
            ("ti", ["", "", "", "titanium"]),
        ],
    );
    assert_eq!(found_refs(&index, Lang::En, "for"), ["forge"]);
    assert_eq!(found_refs(&index, Lang::En, "titanium an"), ["anod", "ti"]);
}

#[test]
fn japanese_particles_are_not_highlighted() {
    let index = build(Lang::Ja, &[("mold", ["", "", "", "金型の設計"])]);
    let found = find(&index, Lang::Ja, "金型の設計");
    assert_eq!(found.tokens, ["金型", "ノ", "設計"]);
    assert_eq!(found.terms, ["金型", "設計"]);
}

#[test]
fn survives_absurd_queries() {
    let index = english();
    let long: String = "titanium ISO-13485 射出成形 ไทเทเนียม <b>x</b> (a|b)*$ \u{0}\u{301}".repeat(300);
    for query in [
        "",
        " ",
        "\u{0}\u{1}\u{7f}",
        "\u{301}\u{E49}\u{3099}",
        "<script>alert(1)</script>",
        "(.*)+[a-z]{1,99}\\",
        "%00%ZZ%E0%A4%A",
        "\u{FFFD}\u{FEFF}\u{200B}",
        long.as_str(),
        "a",
        "1",
        "-",
        "a-1-b-2-c-3-d-4-e-5-f-6-g-7",
    ] {
        for lang in Lang::ALL {
            let found = find(&index, lang, query);
            assert!(found.tokens.len() <= MAX_QUERY_TOKENS);
            assert!(found.hits.iter().all(|hit| (hit.doc as usize) < index.doc_refs.len()));
        }
    }
}

#[test]
fn survives_inconsistent_hand_built_indexes() {
    // More terms than postings lists, lengths missing, postings beyond the documents.
    let index = Index {
        doc_refs: vec!["a".into(), "b".into()],
        fields: vec![
            Field {
                name: "title".into(),
                terms: vec!["steel".into(), "stone".into(), "tube".into()],
                postings: vec![vec![Posting { doc: 0, count: 1 }, Posting { doc: 7, count: 2 }]],
                doc_lengths: vec![],
            },
            Field {
                name: "body".into(),
                terms: vec!["zeta".into(), "alpha".into()],
                postings: vec![vec![], vec![Posting { doc: 1, count: 0 }], vec![Posting { doc: 1, count: 1 }]],
                doc_lengths: vec![u32::MAX, 0, 5],
            },
        ],
    };
    for query in ["steel", "stone", "tube", "zeta", "alpha", "ste", "stoen", "tubes", "a"] {
        let found = find(&index, Lang::En, query);
        assert!(found.hits.iter().all(|hit| (hit.doc as usize) < index.doc_refs.len()), "{query}");
    }
    assert_eq!(found_refs(&index, Lang::En, "steel"), ["a"]);
    let empty = Index::default();
    assert!(find(&empty, Lang::En, "steel").hits.is_empty());
}

fn any_lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(Lang::ALL.to_vec())
}

fn query_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "titanium",
        "titanum",
        "tit",
        "ISO",
        "13485",
        "ISO13485",
        "-",
        ".",
        " ",
        "60601-1",
        "射出",
        "成形",
        "の",
        "ไทเท",
        "นียม",
        "Straße",
        "guss",
        "\u{301}",
        "\u{0}",
        "<",
        "*",
        "ｶﾞ",
        "é",
        "316L",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat()),
        prop::collection::vec(any::<char>(), 0..40).prop_map(|c| c.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any query: no panic, valid and distinct document numbers, ordered by rank.
    #[test]
    fn finder_returns_valid_distinct_hits(lang in any_lang(), query in query_text()) {
        let index = english();
        let found = find(&index, lang, &query);
        let mut docs: Vec<u32> = found.hits.iter().map(|hit| hit.doc).collect();
        prop_assert!(docs.iter().all(|&doc| (doc as usize) < index.doc_refs.len()));
        docs.sort_unstable();
        docs.dedup();
        prop_assert_eq!(docs.len(), found.hits.len());
        prop_assert!(found.tokens.len() <= MAX_QUERY_TOKENS);
        prop_assert!(found.terms.len() <= MAX_HIGHLIGHT_TERMS);
        prop_assert_eq!(found.tokens.is_empty(), crate::analysis::analyze(lang, &query).is_empty());
    }

    /// A full match of a query is a match of each of its (required) tokens on its own.
    #[test]
    fn every_full_match_contains_every_token(query in query_text()) {
        let index = english();
        let found = find(&index, Lang::En, &query);
        if found.matched_all && !found.hits.is_empty() {
            // Particles, single CJK characters and question words are not required.
            let single_cjk = |t: &str| crate::analysis::is_cjk_token(t) && t.chars().count() == 1;
            let required = |t: &&String| !single_cjk(t) && !plan::is_question_word(Lang::En, t);
            for token in found.tokens.iter().filter(required) {
                let reached = find(&index, Lang::En, token);
                // A token that on its own requires nothing (a run of particles, e.g. `のの`)
                // is fully matched by no document: the planner drops it from the query.
                if reached.matched_all && reached.hits.is_empty() {
                    continue;
                }
                for hit in &found.hits {
                    prop_assert!(
                        reached.hits.iter().any(|other| other.doc == hit.doc) || !reached.matched_all,
                        "doc {} for {:?} but not for token {:?}", hit.doc, query, token
                    );
                }
            }
        }
    }
}

/// Ranks `text` with the conjunctive fast path (`None` where it does not apply) and with the
/// full pass.
fn ranked_both(index: &Index, lang: Lang, text: &str) -> (Option<rank::Ranked>, rank::Ranked) {
    let mut query = query::Query::parse(lang, text);
    plan::split_compounds(index, lang, &mut query);
    let fields = searched_fields(index, &site_options());
    let positions: Vec<usize> = fields.iter().map(|weights| weights.field).collect();
    let mut vocabulary = None;
    let matches: Vec<Vec<matching::TermMatch>> =
        query.tokens.iter().map(|token| matching::matches(index, &positions, lang, token, &mut vocabulary)).collect();
    plan::plan(index, lang, &mut query, &matches);
    (conjunctive::rank(index, &fields, &query, &matches), rank::rank_every_match(index, &fields, &query, &matches))
}

/// Words the random documents and queries are made of: Thai phrases (many shared bigrams),
/// English and German words, codes, Japanese.
const WORDS: [&str; 16] = [
    "ไทเทเนียม",
    "ฉีดขึ้นรูป",
    "ห้องสะอาด",
    "การฉีดขึ้นรูปพลาสติก",
    "titanium",
    "tube",
    "tubes",
    "moulding",
    "Spritzguss",
    "Reinraum",
    "ISO 13485",
    "316L",
    "射出成形",
    "成形",
    "の",
    "cathter",
];

fn random_docs() -> impl Strategy<Value = Vec<[String; 4]>> {
    let text = prop::collection::vec(prop::sample::select(WORDS.to_vec()), 0..8).prop_map(|words| words.join(" "));
    prop::collection::vec([text.clone(), text.clone(), text.clone(), text], 1..30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Intersecting before scoring changes nothing: same documents, order, scores (to the
    /// bit) and `matched_all` as scoring every match.
    #[test]
    fn the_conjunctive_path_ranks_like_the_full_pass(
        lang in any_lang(),
        docs in random_docs(),
        words in prop::collection::vec(prop::sample::select(WORDS.to_vec()), 1..5),
        spaced in any::<bool>(),
    ) {
        let mut builder = IndexBuilder::new(lang, &FIELDS);
        for (n, fields) in docs.iter().enumerate() {
            let values: Vec<&str> = fields.iter().map(String::as_str).collect();
            builder.add_doc(&format!("d{n}"), &values);
        }
        let index = builder.build();
        let text = words.join(if spaced { " " } else { "" });
        let (fast, full) = ranked_both(&index, lang, &text);
        if let Some(fast) = fast {
            prop_assert!(fast.matched_all && full.matched_all);
            prop_assert_eq!(&fast.hits, &full.hits, "query {:?}", text);
        }
    }
}

#[test]
fn a_thai_phrase_takes_the_conjunctive_path_and_ranks_the_same() {
    let index = build(
        Lang::Th,
        &[
            ("both", ["งานฉีดขึ้นรูป", "ไทเทเนียม", "", "ฉีดขึ้นรูปพลาสติกในห้องสะอาด"]),
            ("one", ["งานเจียระไน", "", "", "ฉีดขึ้นรูป"]),
            ("other", ["ห้องสะอาด", "", "", "พลาสติก"]),
        ],
    );
    let (fast, full) = ranked_both(&index, Lang::Th, "ฉีดขึ้นรูปพลาสติก");
    let fast = fast.expect("every requirement is one bigram, and one document has them all");
    assert_eq!(fast.hits, full.hits);
    assert_eq!(fast.hits.len(), 1);
    assert_eq!(index.doc_ref(fast.hits[0].doc), Some("both"));
    assert!(fast.matched_all);
}

/// Enough documents for corpus statistics: every firm is a "parts supplier", few do titanium
/// or PEEK, one writes "titanium screws".
fn suppliers(lang: Lang) -> Index {
    let mut docs: Vec<(String, [String; 4])> = Vec::new();
    for n in 0..24 {
        let body = match n {
            0 => "We machine titanium screws and PEEK parts.".to_string(),
            1..=4 => "Machining of titanium implants.".to_string(),
            5 | 6 => "PEEK machining for spinal cages.".to_string(),
            7 => "Titanium anodising.".to_string(),
            _ => format!("Sheet metal number {n}."),
        };
        docs.push((format!("firm-{n}"), [format!("Firm {n}"), "parts supplier".into(), String::new(), body]));
    }
    let mut builder = IndexBuilder::new(lang, &FIELDS);
    for (reference, fields) in &docs {
        let values: Vec<&str> = fields.iter().map(String::as_str).collect();
        builder.add_doc(reference, &values);
    }
    builder.build()
}

#[test]
fn generic_and_question_words_neither_exclude_nor_dominate() {
    let index = suppliers(Lang::En);
    // "parts" and "supplier" are in every document; "who" and "can" are question words: the
    // machining firms with titanium all match, not only the one that also says "parts".
    let found = find(&index, Lang::En, "who can machine titanium parts");
    let refs = refs(&index, &found);
    let mut top: Vec<&str> = refs.iter().copied().take(5).collect();
    top.sort_unstable();
    assert_eq!(top, ["firm-0", "firm-1", "firm-2", "firm-3", "firm-4"], "{refs:?}");
    assert!(!refs.contains(&"firm-7"), "anodising is not machining: {refs:?}");
    assert!(found.matched_all);
    assert!(found.unmatched.is_empty());
    // Generic words alone are still required.
    assert_eq!(find(&index, Lang::En, "parts supplier").hits.len(), 24);
    // Question words do not rank: the hits and scores are those of the words that matter.
    assert_eq!(
        find(&index, Lang::En, "who can machine titanium").hits,
        find(&index, Lang::En, "machine titanium").hits
    );
}

#[test]
fn particles_do_not_rank() {
    let index = build(
        Lang::Ja,
        &[("a", ["", "", "", "金型の設計のの"]), ("b", ["", "", "", "金型設計"]), ("c", ["", "", "", "金型と設計"])],
    );
    assert_eq!(find(&index, Lang::Ja, "金型の設計").hits, find(&index, Lang::Ja, "金型 設計").hits);
}

#[test]
fn words_no_document_has_are_reported_and_the_rest_still_ranks() {
    let index = suppliers(Lang::En);
    let found = find(&index, Lang::En, "titanium widgets");
    assert!(!found.matched_all);
    assert_eq!(found.unmatched, ["widgets"]);
    assert_eq!(found.hits.len(), 6, "every titanium firm");
    // Nothing unmatched when all matches.
    let found = find(&index, Lang::En, "titanium screws");
    assert!(found.unmatched.is_empty() && found.matched_all);
    assert_eq!(refs(&index, &found), ["firm-0"]);
    // No hit at all: nothing to report against.
    let found = find(&index, Lang::En, "widgets");
    assert!(found.hits.is_empty() && found.unmatched.is_empty() && found.matched_all);
}

#[test]
fn partial_matches_rank_by_coverage_then_rarity() {
    let index = suppliers(Lang::En);
    // No firm has anodising and PEEK and spinal; the ones with two of the three come first,
    // then among one-word matches the rarer word (anodising, 1 firm) before PEEK (3 firms).
    let found = find(&index, Lang::En, "anodising peek spinal");
    assert!(!found.matched_all);
    let refs = refs(&index, &found);
    assert_eq!(&refs[..2], ["firm-5", "firm-6"], "{refs:?}");
    assert_eq!(refs[2], "firm-7", "{refs:?}");
}

#[test]
fn german_compounds_typed_as_one_word_are_split() {
    let mut docs: Vec<(String, String)> = vec![
        ("endoskop".into(), "Komponenten für das Endoskop.".into()),
        ("endoskope".into(), "Wir fertigen Endoskope.".into()),
        ("exact".into(), "Endoskopteile aus Edelstahl, Teile für alles.".into()),
    ];
    // Enough documents for statistics, nearly all with "Teile".
    docs.extend((0..20).map(|n| (format!("teile-{n}"), "Teile aus Stahl.".to_string())));
    let mut builder = IndexBuilder::new(Lang::De, &FIELDS);
    for (reference, body) in &docs {
        builder.add_doc(reference, &["", "", "", body.as_str()]);
    }
    let index = builder.build();
    let found = find(&index, Lang::De, "Endoskopteile");
    let refs = refs(&index, &found);
    assert_eq!(refs.first(), Some(&"exact"), "the word itself first: {refs:?}");
    let mut rest: Vec<&str> = refs.iter().copied().skip(1).collect();
    rest.sort_unstable();
    assert_eq!(rest, ["endoskop", "endoskope"], "Teile is generic, Endoskop decides");
    assert!(found.matched_all);
}

#[test]
fn japanese_hiragana_and_generic_heads() {
    let mut docs: Vec<(String, [String; 4])> = Vec::new();
    for n in 0..24 {
        let body = match n {
            0 => "内視鏡部品の製造。",
            1..=3 => "内視鏡の処置具を製造する部品メーカー。",
            4 => "シリコーンゴムの成形。",
            _ => "板金の部品を製造。",
        };
        docs.push((format!("firm-{n}"), [format!("会社{n}"), String::new(), String::new(), body.to_string()]));
    }
    let mut builder = IndexBuilder::new(Lang::Ja, &FIELDS);
    for (reference, fields) in &docs {
        let values: Vec<&str> = fields.iter().map(String::as_str).collect();
        builder.add_doc(reference, &values);
    }
    let index = builder.build();
    let found = find(&index, Lang::Ja, "内視鏡部品");
    let mut got = refs(&index, &found);
    assert_eq!(got.first(), Some(&"firm-0"));
    got.sort_unstable();
    assert_eq!(got, ["firm-0", "firm-1", "firm-2", "firm-3"]);
    assert!(found.unmatched.is_empty());
    assert_eq!(found_refs(&index, Lang::Ja, "しりこーん"), ["firm-4"]);
    assert_eq!(found_refs(&index, Lang::Ja, "ｼﾘｺｰﾝ"), ["firm-4"]);
    // Hiragana glue of a sentence is not required.
    assert_eq!(found_refs(&index, Lang::Ja, "シリコーンの成形ができる会社"), ["firm-4"]);
}

#[test]
fn a_place_name_finds_the_firm_located_there_before_mentions() {
    let mut builder = IndexBuilder::new(Lang::En, &["title", "tags", "summary", "body", "place"]);
    builder.add_doc("institution", &["Iwaki Technology Centre", "", "Testing in Iwaki.", "Iwaki, Iwaki, Iwaki.", ""]);
    builder.add_doc("mentions", &["Kogera", "", "Near the Iwaki port.", "Ships via Iwaki.", "Koriyama Nakadori"]);
    builder.add_doc("located", &["Hoshizora", "", "Micro parts.", "Turning.", "Iwaki Iwaki-shi Hamadori"]);
    let index = builder.build();
    assert_top(&index, Lang::En, "Iwaki", "located");
    assert_top(&index, Lang::En, "firms in Iwaki", "located");
    assert_top(&index, Lang::En, "Koriyama", "mentions");
}

#[test]
fn a_run_of_particles_requires_nothing() {
    // Found by `every_full_match_contains_every_token`: `のの` folds to `ノノ`, which the
    // planner does not require; the query matches as `titanium` alone.
    let index = english();
    let with_particles = find(&index, Lang::En, "titaniumのの");
    let alone = find(&index, Lang::En, "titanium");
    assert!(with_particles.matched_all);
    let docs = |found: &Found| found.hits.iter().map(|hit| hit.doc).collect::<Vec<_>>();
    assert_eq!(docs(&with_particles), docs(&alone));
}

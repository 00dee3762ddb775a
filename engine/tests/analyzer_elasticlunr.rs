//! How the site builder must wire the analyzer into elasticlunr-rs, checked: with
//! `analyze(lang, …)` as tokenizer and an empty pipeline, the index holds exactly the
//! analyzer's tokens, so queries analyzed in the browser meet the same terms.

use std::collections::BTreeMap;

use elasticlunr::{IndexBuilder, Language, Pipeline};
use engine::analysis::analyze;
use engine::elasticlunr_compat::{BoolMode, FieldOptions, SearchOptions};
use engine::index::Posting;
use engine::{Index, Lang};

const FIELDS: [&str; 2] = ["title", "body"];

/// The builder's language: this crate's analyzer, no elasticlunr pipeline.
struct EngineLanguage(Lang);

impl Language for EngineLanguage {
    fn name(&self) -> String {
        "Engine".into()
    }
    fn code(&self) -> String {
        self.0.code().into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        analyze(self.0, text)
    }
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: vec![] }
    }
}

fn sample_docs(lang: Lang) -> Vec<[&'static str; 2]> {
    match lang {
        Lang::Ja => vec![
            ["チタン合金の精密加工", "医療機器向けにチタンとSUS316Lを切削加工します。ISO 13485認証取得。"],
            ["射出成形", "クリーンルームで射出成形を行います。ｶﾃｰﾃﾙ部品、OEM製造。"],
            ["金型", "金型の設計と製作、金属の表面処理。"],
        ],
        Lang::En => vec![
            ["Precision Machining", "We machine titanium Ti-6Al-4V and SUS316L parts; machined to ISO-13485."],
            ["Medical Electrical Equipment", "Testing to IEC 60601-1 and the machining of housings."],
            ["Stainless Steel 1.4404", "Tubes in 1.4404 and 316L for the food and medical industries."],
        ],
        Lang::De => vec![
            ["Spritzguss", "Spritzgussteile für die Medizintechnik, gefertigt über Nacht."],
            ["Anfahrt", "Unsere Straße liegt an der Autobahn; Werkstoff 1.4404."],
            ["Qualität", "Qualitätsmanagement nach ISO 13485 und Prüfungen nach IEC 60601-1."],
        ],
        Lang::Th => vec![
            ["ไทเทเนียม", "ท่อไทเทเนียมเกรด 2 สำหรับการแพทย์ และ SUS316L"],
            ["ฉีดขึ้นรูป", "บริการฉีดขึ้นรูปพลาสติกในห้องสะอาด ISO 13485"],
            ["Machining", "งานกลึงและ machining ชิ้นส่วน"],
        ],
        Lang::Zh => vec![
            ["钛合金精密加工", "为医疗器械加工钛和SUS316L零件。通过ISO 13485认证。"],
            ["注塑成型", "在洁净室内进行注塑成型，OEM制造。"],
            ["模具", "模具的设计与制造，金属表面处理。"],
        ],
    }
}

fn build(lang: Lang, per_field_tokenizers: bool) -> elasticlunr::Index {
    let mut builder = IndexBuilder::with_language(Box::new(EngineLanguage(lang))).save_docs(false);
    for field in FIELDS {
        builder = if per_field_tokenizers {
            builder.add_field_with_tokenizer(field, Box::new(move |text: &str| analyze(lang, text)))
        } else {
            builder.add_field(field)
        };
    }
    let mut index = builder.build();
    for (number, doc) in sample_docs(lang).into_iter().enumerate() {
        index.add_doc(&number.to_string(), doc);
    }
    index
}

#[test]
fn index_terms_are_exactly_the_analyzer_output() {
    for lang in Lang::ALL {
        let json = build(lang, false).to_json();
        assert_eq!(json, build(lang, true).to_json(), "both wirings build the same index ({lang})");
        let index = Index::from_elasticlunr_json(&json).expect("converts");
        let docs = sample_docs(lang);
        for (position, name) in FIELDS.iter().enumerate() {
            let mut expected: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
            let mut lengths = Vec::new();
            for (doc, texts) in docs.iter().enumerate() {
                let tokens = analyze(lang, texts[position]);
                lengths.push(tokens.len() as u32);
                for token in tokens {
                    let postings = expected.entry(token).or_default();
                    match postings.last_mut() {
                        Some(last) if last.doc == doc as u32 => last.count += 1,
                        _ => postings.push(Posting { doc: doc as u32, count: 1 }),
                    }
                }
            }
            let field = index.field(name).expect("field");
            assert_eq!(field.terms, expected.keys().cloned().collect::<Vec<_>>(), "{lang} {name}");
            assert_eq!(field.postings, expected.into_values().collect::<Vec<_>>(), "{lang} {name}");
            assert_eq!(field.doc_lengths, lengths, "{lang} {name}");
        }
    }
}

/// The pitfall the module docs warn about: elasticlunr-rs's default English pipeline trims
/// non-ASCII token edges, so Japanese tokens vanish from the index.
#[test]
fn the_default_english_pipeline_would_mangle_the_tokens() {
    let mut index = IndexBuilder::new()
        .save_docs(false)
        .add_field_with_tokenizer("body", Box::new(|text: &str| analyze(Lang::Ja, text)))
        .build();
    index.add_doc("0", ["チタン合金"]);
    let index = Index::from_elasticlunr_json(&index.to_json()).expect("converts");
    assert!(index.field("body").expect("body").terms.is_empty());
}

#[test]
fn analyzed_queries_find_their_documents() {
    let cases: &[(Lang, &str, &str)] = &[
        (Lang::Ja, "チタン", "0"),
        (Lang::Ja, "ﾁﾀﾝ", "0"),
        (Lang::Ja, "射出成形", "1"),
        (Lang::Ja, "クリーンルーム", "1"),
        (Lang::Ja, "カテーテル", "1"),
        (Lang::Ja, "金", "2"),
        (Lang::Ja, "316L", "0"),
        (Lang::Ja, "ISO13485", "0"),
        (Lang::En, "13485", "0"),
        (Lang::En, "60601-1", "1"),
        (Lang::En, "316L", "2"),
        (Lang::En, "machined", "0"),
        (Lang::En, "Ti-6Al-4V", "0"),
        (Lang::En, "1.4404", "2"),
        (Lang::De, "uber", "0"),
        (Lang::De, "Strasse", "1"),
        (Lang::De, "Spritzguss", "0"),
        (Lang::De, "qualitat", "2"),
        (Lang::Th, "ไทเทเนียม", "0"),
        (Lang::Th, "ฉีดขึ้นรูป", "1"),
        (Lang::Th, "machined", "2"),
    ];
    let field = |name: &str, boost: f64| (name.to_string(), FieldOptions { boost, expand: true, bool_mode: None });
    // OR, as elasticlunr's default: under AND, "ISO13485" would miss a text that writes
    // "ISO 13485", which lacks the whole-code token `iso13485` (it shares `iso` and `13485`).
    let options = SearchOptions { fields: vec![field("title", 2.0), field("body", 1.0)], bool_mode: BoolMode::Or };
    for &(lang, query, expected) in cases {
        let index = Index::from_elasticlunr_json(&build(lang, false).to_json()).expect("converts");
        let hits = index.search(lang, query, &options);
        let top = hits.first().and_then(|hit| index.doc_ref(hit.doc));
        assert_eq!(top, Some(expected), "{lang} {query:?}: {hits:?}");
    }
}

use proptest::prelude::*;

use super::*;
use crate::index::IndexBuilder;

/// Titles and bodies of a few firms, as the site's texts read.
const ENGLISH: [(&str, &str); 3] = [
    ("Titanium machining", "Micro machining of titanium and stainless steel implants, ISO 13485."),
    ("Catheter moulding", "Injection moulding of catheters and tubing in a cleanroom."),
    ("Harness assembly", "Cables and harnesses for diagnostic equipment, machined housings."),
];
const GERMAN: [(&str, &str); 2] = [
    ("Spritzguss im Reinraum", "Spritzguss von Kathetern im Reinraum der Klasse 7."),
    ("Titanbearbeitung", "Mikrobearbeitung von Titan und Edelstahl für Implantate."),
];
const JAPANESE: [(&str, &str); 2] = [
    ("チタン切削加工", "チタンとステンレスの精密切削加工。titanium implants."),
    ("クリーンルーム射出成形", "カテーテルのシリコーン成形。"),
];

fn index(lang: Lang, docs: &[(&str, &str)]) -> Index {
    let mut builder = IndexBuilder::new(lang, &["title", "body"]);
    for (n, (title, body)) in docs.iter().enumerate() {
        builder.add_doc(&format!("firm/{n}"), &[title, body]);
    }
    builder.build()
}

fn texts<'a>(docs: &'a [(&'a str, &'a str)]) -> impl Iterator<Item = &'a str> + 'a {
    docs.iter().flat_map(|(title, body)| [*title, *body])
}

fn suggest(lang: Lang, docs: &[(&str, &str)], query: &str) -> Option<String> {
    did_you_mean(&index(lang, docs), lang, query, texts(docs))
}

#[test]
fn a_word_misspelt_beyond_the_finders_tolerance_is_corrected() {
    let index = index(Lang::En, &ENGLISH);
    assert!(finder::find(&index, Lang::En, "titnum").hits.is_empty(), "the finder alone finds nothing");
    assert_eq!(suggest(Lang::En, &ENGLISH, "titnum").as_deref(), Some("titanium"));
}

#[test]
fn every_misspelt_word_is_corrected_in_place_and_in_the_case_typed() {
    assert_eq!(suggest(Lang::En, &ENGLISH, "Titnum  machning?").as_deref(), Some("Titanium  machining?"));
}

#[test]
fn the_spelling_shown_is_a_word_of_the_texts_nearest_to_what_was_typed() {
    // `cathet` is the indexed stem; "catheters" and "catheter" are what the texts write.
    assert_eq!(suggest(Lang::En, &ENGLISH, "cathtr").as_deref(), Some("catheter"));
    assert_eq!(suggest(Lang::De, &GERMAN, "Renrum").as_deref(), Some("Reinraum"));
}

#[test]
fn words_the_index_holds_and_words_with_no_neighbour_are_left_alone() {
    assert_eq!(suggest(Lang::En, &ENGLISH, "titanium"), None);
    assert_eq!(suggest(Lang::En, &ENGLISH, "graphene"), None);
    assert_eq!(suggest(Lang::En, &ENGLISH, ""), None);
}

#[test]
fn on_the_japanese_site_latin_words_are_corrected_and_japanese_left_as_typed() {
    assert_eq!(suggest(Lang::Ja, &JAPANESE, "しりこ"), None);
    assert_eq!(suggest(Lang::Ja, &JAPANESE, "titnum 加工").as_deref(), Some("titanium 加工"));
}

/// `word` with the edits `edits` picks (position, kind, letter), each applied if it can be.
fn misspell(word: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    for &(at, kind, letter) in edits {
        let at = at % (chars.len() + 1);
        match kind % 3 {
            0 if at < chars.len() => chars[at] = letter,
            1 if at < chars.len() && chars.len() > 1 => {
                chars.remove(at);
            }
            _ => chars.insert(at, letter),
        }
    }
    chars.into_iter().collect()
}

proptest! {
    /// A correction is only offered when it finds something: a misspelt word of the corpus
    /// that the finder misses leads, through "did you mean", to results.
    #[test]
    fn a_correction_always_finds_something(
        word in prop::sample::select(vec!["titanium", "machining", "catheters", "cleanroom", "harnesses", "stainless", "implants"]),
        edits in prop::collection::vec((0usize..12, 0u8..3, prop::char::range('a', 'z')), 1..4),
    ) {
        let index = index(Lang::En, &ENGLISH);
        let typed = misspell(word, &edits);
        if let Some(corrected) = did_you_mean(&index, Lang::En, &typed, texts(&ENGLISH)) {
            prop_assert!(!finder::find(&index, Lang::En, &corrected).hits.is_empty(), "{typed} → {corrected} finds nothing");
        }
    }

    /// Any text in any language: an answer or none, never a panic, and never the query itself.
    #[test]
    fn any_query_gets_an_answer_or_none(query in "\\PC{0,40}", pick in 0usize..4) {
        let (lang, docs): (Lang, &[(&str, &str)]) = match pick {
            0 => (Lang::En, &ENGLISH),
            1 => (Lang::De, &GERMAN),
            _ => (Lang::Ja, &JAPANESE),
        };
        if let Some(corrected) = suggest(lang, docs, &query) {
            prop_assert_ne!(corrected, query);
        }
    }
}

use proptest::prelude::*;

use super::*;

fn tokens(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// The snippet written with [brackets] around highlights.
fn marked(text: &str, lang: Lang, words: &[&str], max_chars: usize) -> String {
    snippet(text, lang, &tokens(words), max_chars)
        .into_iter()
        .map(|s| if s.highlighted { format!("[{}]", s.text) } else { s.text })
        .collect()
}

#[test]
fn highlights_stemmed_words_whole() {
    assert_eq!(
        marked("We offer CNC machining and machined parts.", Lang::En, &["machin"], 100),
        "We offer CNC [machining] and [machined] parts."
    );
    assert_eq!(marked("Precision Machining", Lang::En, &["mach"], 100), "Precision [Machining]");
    assert_eq!(marked("Über die Hauptstraße", Lang::De, &["uber", "hauptstrass"], 100), "[Über] die [Hauptstraße]");
    // German compound parts.
    assert_eq!(marked("Wir liefern Spritzgussteile.", Lang::De, &["guss"], 100), "Wir liefern [Spritzgussteile].");
    assert_eq!(marked("Spritzgussteile", Lang::En, &["guss"], 100), "Spritzgussteile");
}

#[test]
fn highlights_codes_and_their_parts() {
    assert_eq!(
        marked("Certified to ISO 13485:2016.", Lang::En, &["iso13485", "iso", "13485"], 100),
        "Certified to [ISO] [13485]:2016."
    );
    assert_eq!(marked("Tested to IEC 60601-1.", Lang::En, &["60601-1"], 100), "Tested to IEC [60601-1].");
    assert_eq!(marked("Bars in Ti-6Al-4V.", Lang::En, &["ti-6al-4v"], 100), "Bars in [Ti-6Al-4V].");
}

#[test]
fn highlights_cjk_and_thai_without_spaces() {
    let tokens_of = |lang: Lang, query: &str| crate::analysis::analyze(lang, query);
    let ja = "当社はクリーンルームで射出成形を行います。";
    let query = tokens_of(Lang::Ja, "射出成形");
    let words: Vec<&str> = query.iter().map(String::as_str).collect();
    assert_eq!(marked(ja, Lang::Ja, &words, 100), "当社はクリーンルームで[射出成形]を行います。");
    assert_eq!(marked(ja, Lang::Ja, &["ク"], 100), "当社は[ク]リーンルームで射出成形を行います。");
    // A bigram of the query word found alone elsewhere is not marked; a one-bigram word is.
    let text = "真空成形と射出成形、金型";
    assert_eq!(marked(text, Lang::Ja, &words, 100), "真空成形と[射出成形]、金型");
    let mut with_mold = words.clone();
    with_mold.push("金型");
    assert_eq!(marked(text, Lang::Ja, &with_mold, 100), "真空成形と[射出成形]、[金型]");
    let th = "บริการฉีดขึ้นรูปพลาสติกในห้องสะอาด";
    let query = tokens_of(Lang::Th, "ฉีดขึ้นรูป");
    let words: Vec<&str> = query.iter().map(String::as_str).collect();
    assert_eq!(marked(th, Lang::Th, &words, 100), "บริการ[ฉีดขึ้นรูป]พลาสติกในห้องสะอาด");
    // A one-cluster token marks its whole cluster, tone mark included.
    assert_eq!(marked("น้ำ", Lang::Th, &["น้"], 100), "[น้]ำ");
    // Halfwidth katakana with a separate voicing mark map back to their source characters.
    assert_eq!(marked("ｶﾞｲﾄﾞ", Lang::Ja, &["ガイ", "イド"], 100), "[ｶﾞｲﾄﾞ]");
}

#[test]
fn windows_the_best_match_in_long_text() {
    let filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(10);
    let text = format!("{filler}We machine titanium implants for clinics. {filler}");
    let segments = snippet(&text, Lang::En, &tokens(&["titanium", "implant"]), 80);
    let plain: String = segments.iter().map(|s| s.text.as_str()).collect();
    assert!(plain.starts_with(ELLIPSIS) && plain.ends_with(ELLIPSIS), "{plain}");
    assert!(plain.chars().count() <= 80 + 2, "{plain}");
    let highlighted: Vec<&str> = segments.iter().filter(|s| s.highlighted).map(|s| s.text.as_str()).collect();
    assert_eq!(highlighted, ["titanium", "implants"]);
    // The window prefers the stretch with the most distinct tokens.
    let text = format!("titanium {filler} titanium implants {filler}");
    let highlighted: Vec<String> = snippet(&text, Lang::En, &tokens(&["titanium", "implant"]), 60)
        .into_iter()
        .filter(|s| s.highlighted)
        .map(|s| s.text)
        .collect();
    assert_eq!(highlighted, ["titanium", "implants"]);
}

#[test]
fn without_a_match_shows_the_start() {
    assert_eq!(marked("Hello   world,\n\tagain", Lang::En, &["zzz"], 100), "Hello world, again");
    assert_eq!(marked("Hello world again and again", Lang::En, &[], 12), "Hello world…");
    assert!(snippet("", Lang::En, &tokens(&["a"]), 10).is_empty());
    assert!(snippet("text", Lang::En, &tokens(&["text"]), 0).is_empty());
}

#[test]
fn never_cuts_a_thai_cluster() {
    let text = "น้ำ".repeat(50);
    for max in 1..12 {
        for segment in snippet(&text, Lang::Th, &[], max) {
            let first = segment.text.trim_start_matches(ELLIPSIS).chars().next();
            assert!(!first.is_some_and(crate::analysis::continues_cluster), "{max}: {segment:?}");
        }
    }
}

proptest! {
    #[test]
    fn never_panics_and_stays_within_bounds(
        text in prop::collection::vec(any::<char>(), 0..300).prop_map(|c| c.into_iter().collect::<String>()),
        words in prop::collection::vec("\\PC{0,4}", 0..5),
        max in 0usize..120,
        lang in prop::sample::select(Lang::ALL.to_vec()),
    ) {
        let segments = snippet(&text, lang, &words, max);
        let chars: usize = segments.iter().map(|s| s.text.trim_matches('…').chars().count()).sum();
        prop_assert!(chars <= max + 2);
        prop_assert!(segments.iter().all(|s| !s.text.is_empty()));
        // Neighbours differ in highlighting (joined otherwise).
        prop_assert!(segments.windows(2).all(|w| w[0].highlighted != w[1].highlighted));
    }

    #[test]
    fn highlights_come_from_the_text(
        words in prop::collection::vec(prop::sample::select(vec!["steel", "Tube", "射出", "成形", "ไทเท", "13485", "ISO-13485", " ", ", "]), 0..30),
        lang in prop::sample::select(Lang::ALL.to_vec()),
    ) {
        let text = words.concat();
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let query = crate::analysis::analyze(lang, "steel 射出成形 ISO13485");
        for segment in snippet(&text, lang, &query, 1000) {
            prop_assert!(collapsed.contains(segment.text.trim()), "{:?} not in {:?}", segment.text, text);
        }
    }
}

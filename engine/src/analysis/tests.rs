use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;

fn tokens(lang: Lang, text: &str) -> Vec<String> {
    analyze(lang, text)
}

fn assert_tokens(lang: Lang, text: &str, expected: &[&str]) {
    assert_eq!(tokens(lang, text), expected, "analyze({lang}, {text:?})");
}

fn token_set(lang: Lang, text: &str) -> BTreeSet<String> {
    analyze(lang, text).into_iter().collect()
}

/// Every token of `query` occurs among the tokens of `text`.
fn assert_query_tokens_indexed(lang: Lang, query: &str, text: &str) {
    let indexed = token_set(lang, text);
    for token in analyze(lang, query) {
        assert!(indexed.contains(&token), "{token:?} of {query:?} not in {indexed:?}");
    }
}

#[test]
fn japanese_katakana_and_kanji_become_bigrams() {
    assert_tokens(Lang::Ja, "チタン", &["チタ", "タン"]);
    assert_tokens(Lang::Ja, "射出成形", &["射出", "出成", "成形"]);
    assert_tokens(Lang::Ja, "クリーンルーム", &["クリ", "リン", "ンル", "ルム"]);
}

#[test]
fn japanese_runs_split_between_kanji_and_hiragana() {
    // Hiragana is folded to katakana, but runs still split where the script changed.
    assert_tokens(Lang::Ja, "射出成形を行います", &["射出", "出成", "成形", "ヲ", "行", "イマ", "マス"]);
    assert_query_tokens_indexed(Lang::Ja, "チタン", "チタン合金の切削加工");
    assert_query_tokens_indexed(Lang::Ja, "ｸﾘｰﾝﾙｰﾑ", "クリーンルームで組立");
}

#[test]
fn japanese_script_variants_give_the_same_tokens() {
    for (variant, word) in [
        ("しりこーん", "シリコーン"),
        ("すてんれす", "ステンレス"),
        ("ｼﾘｺｰﾝ", "シリコーン"),
        ("シリコ-ン", "シリコーン"),
        ("シリコ－ン", "シリコーン"),
        ("ワイヤ", "ワイヤー"),
        ("ワイヤ放電加工", "ワイヤー放電加工"),
        ("ワイヤカット", "ワイヤーカット"),
        ("しりこん", "シリコーン"),
        ("ﾜｲﾔｰﾊｰﾈｽ", "ワイヤーハーネス"),
        ("バイオリン", "ヴァイオリン"),
        ("レーザ加工", "レーザー加工"),
    ] {
        assert_eq!(tokens(Lang::Ja, variant), tokens(Lang::Ja, word), "{variant} / {word}");
    }
    // A kanji word with okurigana keeps its boundaries: 行う still finds 行います via 行.
    assert_query_tokens_indexed(Lang::Ja, "行", "射出成形を行います");
    assert_query_tokens_indexed(Lang::Ja, "しりこーん", "シリコーンゴムの成形");
}

#[test]
fn latin_words_inside_japanese_text_are_english_stemmed() {
    assert_tokens(
        Lang::Ja,
        "OEM製造。ISO13485認証、Machining",
        &["oem", "製造", "iso13485", "iso", "13485", "認証", "machin"],
    );
}

#[test]
fn thai_becomes_cluster_bigrams() {
    assert_tokens(Lang::Th, "ไทเทเนียม", &["ไท", "ทเ", "เท", "ทเ", "เนี", "นีย", "ยม"]);
    assert_tokens(Lang::Th, "ฉีดขึ้นรูป", &["ฉีด", "ดขึ้", "ขึ้น", "นรู", "รูป"]);
    assert_tokens(Lang::Th, "นี", &["นี"]);
    assert_query_tokens_indexed(Lang::Th, "ไทเทเนียม", "ท่อไทเทเนียมเกรด 2 สำหรับการแพทย์");
    assert_query_tokens_indexed(Lang::Th, "ฉีดขึ้นรูป", "บริการฉีดขึ้นรูปพลาสติก");
}

#[test]
fn german_folds_umlauts_before_stemming() {
    assert_eq!(tokens(Lang::De, "über"), tokens(Lang::De, "uber"));
    assert_eq!(tokens(Lang::De, "Straße"), tokens(Lang::De, "Strasse"));
    assert_eq!(tokens(Lang::De, "Straßen"), tokens(Lang::De, "Strasse"));
    assert_tokens(Lang::De, "Spritzguss", &["spritzguss"]);
    let parts = tokens(Lang::De, "Spritzgussteile");
    assert!(parts.iter().all(|t| t.starts_with("spritzguss")), "{parts:?}");
    assert_tokens(Lang::De, "die Qualität und das Prüfverfahren", &["qualitat", "prufverfahr"]);
}

#[test]
fn english_stems_and_drops_stop_words() {
    assert_eq!(tokens(Lang::En, "machining"), ["machin"]);
    assert_eq!(tokens(Lang::En, "machined"), ["machin"]);
    assert_tokens(Lang::En, "The quality of the parts", &["qualiti", "part"]);
    assert_tokens(Lang::En, "IT services", &["it", "servic"]);
}

#[test]
fn standards_and_codes_stay_whole_and_yield_their_parts() {
    assert_tokens(Lang::En, "ISO 13485", &["iso", "13485"]);
    assert_tokens(Lang::En, "ISO-13485", &["iso-13485", "iso", "13485"]);
    assert_tokens(Lang::En, "ISO13485", &["iso13485", "iso", "13485"]);
    assert_tokens(Lang::En, "IEC 60601-1", &["iec", "60601-1", "60601"]);
    assert_tokens(Lang::En, "Ti-6Al-4V", &["ti-6al-4v", "ti", "6al", "4v"]);
    assert_tokens(Lang::De, "Werkstoff 1.4404.", &["werkstoff", "1.4404", "4404"]);
    assert_tokens(Lang::Ja, "SUS316L", &["sus316l", "sus", "316l"]);
    assert_tokens(Lang::En, "316L", &["316l"]);
    assert_tokens(Lang::En, "ＳＵＳ３１６Ｌ", &["sus316l", "sus", "316l"]);
    // A query for the part or the whole code finds the text.
    assert_query_tokens_indexed(Lang::En, "13485", "certified to ISO-13485:2016");
    assert_query_tokens_indexed(Lang::En, "60601-1", "tested to IEC 60601-1");
    assert_query_tokens_indexed(Lang::En, "316L", "tubes in SUS316L");
    assert_query_tokens_indexed(Lang::Th, "316L", "ท่อ SUS316L");
}

#[test]
fn words_joined_without_digits_split_into_words() {
    // "s" and "and"/"or" are stop words.
    assert_tokens(Lang::En, "e-mail U.S. and/or", &["e", "mail", "u"]);
}

#[test]
fn digits_are_never_dropped() {
    assert_tokens(Lang::En, "a 1 of 2", &["1", "2"]);
    assert_tokens(Lang::De, "in 3 Tagen", &["3", "tag"]);
    assert_tokens(Lang::Th, "๒๐๒๔", &["2024"]);
}

#[test]
fn overlong_tokens_are_dropped() {
    let long = "a".repeat(MAX_TOKEN_BYTES + 1);
    assert_eq!(tokens(Lang::En, &long), Vec::<String>::new());
    let code = format!("{}-1 ok", "9".repeat(MAX_TOKEN_BYTES + 1));
    assert_eq!(tokens(Lang::En, &code), ["ok"]);
}

#[test]
fn survives_ten_thousand_characters_of_everything() {
    let pattern = "ISO-13485 射出成形を ไทเทเนียม Ｓｔｒａßｅ \u{0}\u{0E49}\u{0301}\u{3099}ｶﾞ-./ ";
    let text: String = pattern.chars().cycle().take(10_000).collect();
    for lang in Lang::ALL {
        let out = analyze(lang, &text);
        assert!(!out.is_empty());
    }
}

#[test]
fn detailed_analysis_points_back_into_the_text() {
    let text = "Über ISO-13485 und ｶﾞｲﾄﾞ 射出成形, Straße";
    let details = analyze_detailed(Lang::De, text);
    let shown: Vec<(&str, &str)> =
        details.iter().map(|d| (d.text.as_str(), text.get(d.source.clone()).unwrap_or("?"))).collect();
    assert_eq!(
        shown,
        [
            ("uber", "Über"),
            ("iso-13485", "ISO-13485"),
            ("iso", "ISO"),
            ("13485", "13485"),
            ("ガイ", "ｶﾞｲ"),
            ("イド", "ｲﾄﾞ"),
            ("射出", "射出"),
            ("出成", "出成"),
            ("成形", "成形"),
            ("strass", "Straße"),
        ]
    );
    let roles: Vec<Role> = details.iter().map(|d| d.role).collect();
    assert_eq!(&roles[1..4], [Role::Whole, Role::Part, Role::Part]);
    assert!(details[1].parts_cover);
    assert_eq!(details[1].chunk, details[3].chunk);
    assert_ne!(details[0].chunk, details[1].chunk);
}

#[test]
fn detailed_roles_of_codes() {
    let roles = |text: &str| -> Vec<(String, Role, bool)> {
        analyze_detailed(Lang::En, text).into_iter().map(|d| (d.text, d.role, d.parts_cover)).collect()
    };
    let s = |t: &str| t.to_string();
    assert_eq!(roles("316L"), [(s("316l"), Role::Plain, false)]);
    assert_eq!(
        roles("SUS316L"),
        [(s("sus316l"), Role::Whole, true), (s("sus"), Role::Part, false), (s("316l"), Role::Part, false)]
    );
    assert_eq!(roles("60601-1"), [(s("60601-1"), Role::Whole, false), (s("60601"), Role::Part, false)]);
    assert_eq!(roles("M8"), [(s("m8"), Role::Plain, false)]);
    assert_eq!(roles("e-mail"), [(s("e"), Role::Plain, false), (s("mail"), Role::Plain, false)]);
}

/// Characters from every class the analyzer distinguishes, plus noise.
fn interesting_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        'a', 'e', 'i', 's', 'z', 'Q', 'ü', 'Ä', 'ß', 'é', 'İ', '0', '1', '9', '-', '.', '/', ' ', '\'', ',',
        '\u{0301}', '\u{0308}', '射', '出', '金', '型', 'チ', 'タ', 'ン', 'ー', 'の', 'を', 'か', '\u{3099}',
        '\u{309B}', 'ｶ', 'ﾞ', 'Ａ', '１', '\u{3000}', 'ก', 'เ', 'น', 'ี', '้', 'ั', 'ๆ', '๒', '\u{0}', '\n', '\u{200B}',
        '𠮷', '‑',
    ])
}

fn interesting_text() -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..60).prop_map(|chars| chars.into_iter().collect())
}

fn any_lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(Lang::ALL.to_vec())
}

fn han_katakana_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!['射', '出', '成', '形', 'チ', 'タ', 'ン', 'ー']), 2..30)
        .prop_map(|chars| chars.into_iter().collect())
}

/// Thai text as clusters: a base followed by up to two marks.
fn thai_clusters() -> impl Strategy<Value = Vec<String>> {
    let base = prop::sample::select(vec!['ก', 'ท', 'น', 'ย', 'ม', 'เ', 'ไ', 'า']);
    let mark = prop::sample::select(vec!['ี', '่', '้', 'ั', 'ึ', 'ุ']);
    let cluster = (base, prop::collection::vec(mark, 0..3)).prop_map(|(base, marks)| {
        let mut cluster = String::from(base);
        cluster.extend(marks);
        cluster
    });
    prop::collection::vec(cluster, 2..20)
}

proptest! {
    /// Any scalar values, control characters and lone combining marks included.
    #[test]
    fn never_panics_on_arbitrary_strings(
        lang in any_lang(),
        chars in prop::collection::vec(any::<char>(), 0..200),
    ) {
        let text: String = chars.into_iter().collect();
        let out = analyze(lang, &text);
        prop_assert!(out.iter().all(|t| !t.is_empty() && t.len() <= MAX_TOKEN_BYTES));
    }

    /// The detailed analysis yields exactly the tokens of `analyze`, with char-boundary
    /// source ranges inside the text.
    #[test]
    fn detailed_analysis_matches_analyze(
        lang in any_lang(),
        text in prop_oneof![interesting_text(), prop::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect())],
    ) {
        let details = analyze_detailed(lang, &text);
        let texts: Vec<String> = details.iter().map(|d| d.text.clone()).collect();
        prop_assert_eq!(texts, analyze(lang, &text));
        for detail in &details {
            prop_assert!(detail.source.start <= detail.source.end && detail.source.end <= text.len());
            prop_assert!(text.get(detail.source.clone()).is_some(), "{:?} in {:?}", detail, text);
        }
        prop_assert!(details.windows(2).all(|w| w[0].chunk <= w[1].chunk));
    }

    /// Build time and query time see the same tokens: analysing a document's text in pieces
    /// split at spaces gives the same tokens as analysing it whole (the browser analyses the
    /// query alone; the builder the whole field).
    #[test]
    fn pieces_split_at_spaces_analyse_like_the_whole(lang in any_lang(), text in interesting_text()) {
        let whole = analyze(lang, &text);
        let pieces: Vec<String> = text.split(' ').flat_map(|piece| analyze(lang, piece)).collect();
        prop_assert_eq!(whole, pieces);
    }

    #[test]
    fn is_deterministic(lang in any_lang(), text in interesting_text()) {
        prop_assert_eq!(analyze(lang, &text), analyze(lang, &text));
    }

    /// Analysing analyzer output yields nothing new, in every script: Latin tokens are stemmed
    /// to a fixed point and codes re-split into the same parts; CJK and Thai tokens are
    /// complete bigrams or single units, which re-analyse to themselves.
    #[test]
    fn reanalysing_output_yields_only_original_tokens(lang in any_lang(), text in interesting_text()) {
        let original = token_set(lang, &text);
        let joined = analyze(lang, &text).join(" ");
        for token in analyze(lang, &joined) {
            prop_assert!(original.contains(&token), "{:?} from {:?} not in {:?}", token, joined, original);
        }
    }

    /// Any stretch of two or more characters of a kanji/katakana run that does not start in
    /// the middle of a katakana word, typed as a query, yields only tokens of the indexed text.
    /// (A stretch starting mid-word may start with a ー that the whole word drops: ーン of
    /// チタンーン.) Stretches that fold to one character are prefix queries, not checked here.
    #[test]
    fn cjk_substring_queries_hit_indexed_bigrams(
        text in han_katakana_text(),
        start in any::<prop::sample::Index>(),
        len in any::<prop::sample::Index>(),
    ) {
        let chars: Vec<char> = text.chars().collect();
        let (mut start, end) = stretch(chars.len(), start, len);
        let katakana = |c: char| matches!(c, 'チ' | 'タ' | 'ン' | 'ー');
        while start > 0 && chars.get(start - 1).copied().is_some_and(katakana) {
            start -= 1;
        }
        let query: String = chars.get(start..end).unwrap_or_default().iter().collect();
        // A mark after kana is dropped, so チー is one character, a prefix query.
        prop_assume!(query.chars().filter(|&c| c != 'ー').count() >= 2);
        let indexed = token_set(Lang::Ja, &text);
        for token in analyze(Lang::Ja, &query) {
            prop_assert!(indexed.contains(&token), "{:?} of {:?} not in {:?}", token, query, indexed);
        }
    }

    /// The same for Thai, for queries made of two or more whole clusters.
    #[test]
    fn thai_substring_queries_hit_indexed_bigrams(
        clusters in thai_clusters(),
        start in any::<prop::sample::Index>(),
        len in any::<prop::sample::Index>(),
    ) {
        let (start, end) = stretch(clusters.len(), start, len);
        let text = clusters.concat();
        let query = clusters.get(start..end).unwrap_or_default().concat();
        let indexed = token_set(Lang::Th, &text);
        for token in analyze(Lang::Th, &query) {
            prop_assert!(indexed.contains(&token), "{:?} of {:?} not in {:?}", token, query, indexed);
        }
    }
}

/// Katakana words (with ー, small kana and ヴ) as generated text.
fn katakana_word() -> impl Strategy<Value = String> {
    let kana = prop::sample::select(vec![
        'シ', 'リ', 'コ', 'ン', 'ス', 'テ', 'レ', 'カ', 'ー', 'ワ', 'イ', 'ヤ', 'ヴ', 'ァ', 'ッ', 'ガ', 'パ', 'ヰ',
        'ヱ', 'ヲ',
    ]);
    prop::collection::vec(kana, 1..12).prop_map(|chars| chars.into_iter().collect())
}

/// The hiragana spelling of a katakana word (the marks ー and the katakana-only ヷ–ヺ stay).
fn hiragana_of(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{30A1}'..='\u{30F6}' => char::from_u32(u32::from(c) - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

proptest! {
    /// A katakana word and its hiragana form give the same tokens, alone and between other
    /// words. (Glued to kanji or other hiragana they do not: a run is cut where the typed
    /// script changes, so 材料しりこーん is 材料 | しりこーん, while 材料シリコーン is one run.)
    #[test]
    fn hiragana_and_katakana_spellings_give_the_same_tokens(word in katakana_word()) {
        let hiragana = hiragana_of(&word);
        prop_assert_eq!(analyze(Lang::Ja, &word), analyze(Lang::Ja, &hiragana), "{} / {}", word, hiragana);
        let in_text = |w: &str| analyze(Lang::Ja, &format!("材料 {w}、加工"));
        prop_assert_eq!(in_text(&word), in_text(&hiragana));
        // Half-width katakana too, where it exists.
        let half: String = word.chars().filter_map(half_width).collect();
        if half.chars().count() == word.chars().count() {
            prop_assert_eq!(analyze(Lang::Ja, &half), analyze(Lang::Ja, &word), "{}", half);
        }
    }
}

/// Half-width form of some katakana (enough for the generator above).
fn half_width(c: char) -> Option<char> {
    Some(match c {
        'シ' => 'ｼ',
        'リ' => 'ﾘ',
        'コ' => 'ｺ',
        'ン' => 'ﾝ',
        'ス' => 'ｽ',
        'テ' => 'ﾃ',
        'レ' => 'ﾚ',
        'カ' => 'ｶ',
        'ー' => 'ｰ',
        'ワ' => 'ﾜ',
        'イ' => 'ｲ',
        'ヤ' => 'ﾔ',
        'ァ' => 'ｧ',
        'ッ' => 'ｯ',
        'ヲ' => 'ｦ',
        _ => return None,
    })
}

/// A range of at least two of `count` (≥ 2) items.
fn stretch(count: usize, start: prop::sample::Index, len: prop::sample::Index) -> (usize, usize) {
    let start = start.index(count - 1);
    (start, start + 2 + len.index(count - start - 1))
}

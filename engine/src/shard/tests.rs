use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::finder::{self, site_options};
use crate::index::{Index, IndexBuilder};
use crate::Lang;

const FIELDS: [&str; 4] = ["title", "tags", "summary", "body"];

/// Serves a built index from memory, counting requests and round trips.
struct Host {
    files: HashMap<String, Vec<u8>>,
    round_trips: usize,
    requests: usize,
}

impl Host {
    fn new(files: &ShardFiles) -> Host {
        Host { files: files.files.iter().cloned().collect(), round_trips: 0, requests: 0 }
    }

    fn fetch(&mut self, requests: &[Request]) -> Result<Vec<Vec<u8>>, ShardError> {
        self.round_trips += 1;
        self.requests += requests.len();
        Ok(requests
            .iter()
            .map(|request| {
                let file = self.files.get(&request.file).cloned().unwrap_or_default();
                match request.range {
                    None => file,
                    Some((start, end)) => file.get(start as usize..end as usize).unwrap_or_default().to_vec(),
                }
            })
            .collect())
    }
}

fn corpus(lang: Lang, docs: &[Vec<String>]) -> (Index, Vec<Card>) {
    let mut builder = IndexBuilder::new(lang, &FIELDS);
    let mut cards = Vec::new();
    for (n, fields) in docs.iter().enumerate() {
        let values: Vec<&str> = fields.iter().map(String::as_str).collect();
        builder.add_doc(&format!("d{n}"), &values);
        cards.push(Card { reference: format!("d{n}"), title: fields[0].clone(), summary: fields[2].clone() });
    }
    (builder.build(), cards)
}

/// Tiny blocks, segments and chunks, so that even small corpora are read in many parts.
fn many_parts(lang: Lang) -> ShardOptions {
    ShardOptions {
        block_bytes: 48,
        segment_bytes: 2048,
        cards_per_chunk: 2,
        single_file_max: 0,
        lang: lang.code().into(),
        ..ShardOptions::default()
    }
}

fn answer(reader: &mut ShardReader, host: &mut Host, query: &str) -> Answer {
    reader.search(query, &site_options(), 10, |requests: &[Request]| host.fetch(requests)).expect("answers")
}

fn assert_same(index: &Index, lang: Lang, answer: &Answer, query: &str) {
    let expected = finder::find(index, lang, query);
    assert_eq!(answer.found, expected, "query {query:?}");
    let refs: Vec<String> = expected.hits.iter().take(10).map(|hit| index.doc_refs[hit.doc as usize].clone()).collect();
    let shown: Vec<String> = answer.cards.iter().map(|card| card.reference.clone()).collect();
    assert_eq!(shown, refs, "cards of {query:?}");
}

const EN_WORDS: &[&str] = &[
    "titanium",
    "titan",
    "tube",
    "tubes",
    "moulding",
    "mould",
    "injection",
    "inject",
    "steel",
    "stainless",
    "catheter",
    "cathode",
    "machining",
    "machine",
    "precision",
    "press",
    "pressing",
    "iso",
    "13485",
    "cleanroom",
    "clean",
    "coating",
    "coat",
    "harness",
    "wire",
    "wiring",
    "laser",
    "welding",
    "weld",
    "ti-6al-4v",
    "forging",
];
const JA_WORDS: &[&str] =
    &["射出成形", "射出", "金型", "金属", "精密", "精密加工", "カテーテル", "チタン", "溶接", "の", "設計", "医療機器"];
const TH_WORDS: &[&str] = &["ไทเทเนียม", "การฉีด", "แม่พิมพ์", "ท่อ", "เหล็ก", "ความแม่นยำ", "การเชื่อม"];

fn words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Ja => JA_WORDS,
        Lang::Th => TH_WORDS,
        _ => EN_WORDS,
    }
}

fn text(lang: Lang, picks: &[usize]) -> String {
    let pool = words(lang);
    let separator = if lang == Lang::Ja { "" } else { " " };
    picks.iter().map(|&i| pool[i % pool.len()]).collect::<Vec<_>>().join(separator)
}

fn arbitrary_lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(vec![Lang::En, Lang::Ja, Lang::Th, Lang::De])
}

/// A query: one to three words of the pool, the last possibly cut short (being typed).
fn query_text(lang: Lang, picks: &[usize], cut: usize) -> String {
    let mut query = text(lang, picks);
    let keep = query.chars().count().saturating_sub(cut % 4).max(1);
    query = query.chars().take(keep).collect();
    query
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Read in many small parts, the index ranks every query exactly as the whole index does:
    /// same hits, same scores, same cards.
    #[test]
    fn ranks_exactly_like_the_whole_index(
        lang in arbitrary_lang(),
        docs in proptest::collection::vec(proptest::collection::vec(proptest::collection::vec(0usize..40, 0..6), 4), 1..40),
        queries in proptest::collection::vec((proptest::collection::vec(0usize..40, 1..4), 0usize..8), 1..6),
    ) {
        let docs: Vec<Vec<String>> = docs.iter().map(|fields| fields.iter().map(|picks| text(lang, picks)).collect()).collect();
        let (index, cards) = corpus(lang, &docs);
        let files = build(&index, &cards, &many_parts(lang));
        let mut host = Host::new(&files);
        let mut reader = ShardReader::new(files.root_name());
        for (picks, cut) in &queries {
            let query = query_text(lang, picks, *cut);
            let answer = answer(&mut reader, &mut host, &query);
            let expected = finder::find(&index, lang, &query);
            prop_assert_eq!(&answer.found, &expected, "query {:?}", query);
            let refs: Vec<&str> = expected.hits.iter().take(10).map(|hit| index.doc_refs[hit.doc as usize].as_str()).collect();
            let shown: Vec<&str> = answer.cards.iter().map(|card| card.reference.as_str()).collect();
            prop_assert_eq!(shown, refs);
        }
    }

    /// Any byte flipped or cut anywhere gives answers or errors, never a panic.
    #[test]
    fn corrupt_parts_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in any::<usize>()) {
        let docs: Vec<Vec<String>> = (0..12).map(|n| vec![text(Lang::En, &[n, n + 3]), text(Lang::En, &[n + 7]), String::new(), text(Lang::En, &[n, 2 * n])]).collect();
        let (index, cards) = corpus(Lang::En, &docs);
        let files = build(&index, &cards, &many_parts(Lang::En));
        let mut host = Host::new(&files);
        let names: Vec<String> = host.files.keys().cloned().collect();
        for (at, byte) in flips {
            let name = &names[at % names.len()];
            let file = host.files.get_mut(name).expect("file");
            if !file.is_empty() {
                let len = file.len();
                file[at % len] ^= byte | 1;
            }
        }
        let name = &names[cut % names.len()];
        let file = host.files.get_mut(name).expect("file");
        file.truncate(cut % (file.len() + 1));
        let mut reader = ShardReader::new(files.root_name());
        for query in ["titanium tube", "mou", "catheter"] {
            let _ = reader.search(query, &site_options(), 10, |requests: &[Request]| host.fetch(requests));
        }
    }
}

fn sample_docs() -> Vec<Vec<String>> {
    (0..120)
        .map(|n| {
            vec![
                text(Lang::En, &[n, n + 1]),
                text(Lang::En, &[n + 5, n + 9, n + 13]),
                text(Lang::En, &[n * 3 + 1]),
                text(Lang::En, &[n, n * 2, n * 7, 4]),
            ]
        })
        .collect()
}

#[test]
fn a_small_index_is_one_file_and_one_request() {
    let (index, cards) = corpus(Lang::En, &sample_docs());
    let files = build(&index, &cards, &ShardOptions { lang: "en".into(), ..ShardOptions::default() });
    assert_eq!(files.files.len(), 1);
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    for query in ["titanium", "mou", "cathetr", "iso 13485", ""] {
        assert_same(&index, Lang::En, &answer(&mut reader, &mut host, query), query);
    }
    assert_eq!((host.round_trips, host.requests), (1, 1));
}

#[test]
fn a_large_index_takes_three_round_trips_and_reuses_what_it_fetched() {
    let (index, cards) = corpus(Lang::En, &sample_docs());
    let files = build(&index, &cards, &many_parts(Lang::En));
    assert!(files.files.len() > 3, "{} files", files.files.len());
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    assert_same(&index, Lang::En, &answer(&mut reader, &mut host, "titanium tube"), "titanium tube");
    assert_eq!(host.round_trips, 4, "root, blocks, postings, cards");
    let before = host.round_trips;
    assert_same(&index, Lang::En, &answer(&mut reader, &mut host, "titanium tube"), "titanium tube");
    assert_eq!(host.round_trips, before, "the same query again needs nothing");
    // A typo needs the terms sharing its first letter: one more round trip for them.
    let before = host.round_trips;
    assert_same(&index, Lang::En, &answer(&mut reader, &mut host, "machinng"), "machinng");
    assert!(host.round_trips - before <= 4);
    assert!(!finder::find(&index, Lang::En, "machinng").hits.is_empty());
}

#[test]
fn bad_input_is_an_error() {
    let (index, cards) = corpus(Lang::En, &sample_docs());
    let files = build(&index, &cards, &many_parts(Lang::En));
    let root = files.files[0].1.clone();
    for cut in 0..root.len() {
        let mut reader = ShardReader::new("r");
        let request = match reader.step("x", &site_options(), 10) {
            Ok(Step::Fetch(requests)) => requests[0].clone(),
            other => panic!("{other:?}"),
        };
        assert!(reader.supply(&request, &root[..cut]).is_err(), "root cut at {cut}");
    }
    let mut reader = ShardReader::new("r");
    let Ok(Step::Fetch(requests)) = reader.step("x", &site_options(), 10) else { panic!() };
    assert_eq!(reader.supply(&requests[0], b"FKIX\x02"), Err(ShardError::NotARoot));
    reader.supply(&requests[0], &root).expect("root");
    let Ok(Step::Fetch(requests)) = reader.step("titanium", &site_options(), 10) else { panic!() };
    let error = reader.supply(&requests[0], &[1, 2, 3]).expect_err("short body");
    assert!(error.to_string().contains("expected"), "{error}");
}

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::facets::{FacetTable, Selection, FACETS};
use crate::finder::{self, site_options};
use crate::index::{Index, IndexBuilder};
use crate::model::{Doc, DocKind, FirmFacts};
use crate::Lang;

const FIELDS: [&str; 4] = ["title", "tags", "summary", "body"];

/// Serves a built index from memory, counting requests and round trips.
struct Host {
    files: HashMap<String, Vec<u8>>,
    round_trips: usize,
    requests: usize,
    /// Per round trip, the kinds of its requests.
    kinds: Vec<Vec<&'static str>>,
}

impl Host {
    fn new(files: &ShardFiles) -> Host {
        Host { files: files.files.iter().cloned().collect(), round_trips: 0, requests: 0, kinds: Vec::new() }
    }

    fn fetch(&mut self, requests: &[Request]) -> Result<Vec<Vec<u8>>, ShardError> {
        self.round_trips += 1;
        self.requests += requests.len();
        self.kinds.push(requests.iter().map(Request::kind).collect());
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

struct Corpus {
    index: Index,
    cards: Vec<Card>,
    docs: Vec<Doc>,
}

/// Facet values of document `n`: every fifth is not a firm, the rest have processes and a
/// region that vary with `n`.
fn facet_doc(n: usize) -> Doc {
    let processes = ["moulding", "machining", "welding", "coating"];
    let firm = (n % 5 != 4).then(|| FirmFacts {
        processes: vec![processes[n % 4].into(), processes[n / 3 % 4].into()],
        region: ["aizu", "hamadori", "nakadori"][n % 3].into(),
        employee_band: ["small", "large"][n / 7 % 2].into(),
        ..FirmFacts::default()
    });
    let kind = if firm.is_some() { DocKind::Firm } else { DocKind::Page };
    Doc::bare(&format!("d{n}"), kind, firm)
}

fn corpus(lang: Lang, texts: &[Vec<String>]) -> Corpus {
    let mut builder = IndexBuilder::new(lang, &FIELDS);
    let mut cards = Vec::new();
    for (n, fields) in texts.iter().enumerate() {
        let values: Vec<&str> = fields.iter().map(String::as_str).collect();
        builder.add_doc(&format!("d{n}"), &values);
        cards.push(Card { reference: format!("d{n}"), title: fields[0].clone(), summary: fields[2].clone() });
    }
    Corpus { index: builder.build(), cards, docs: (0..texts.len()).map(facet_doc).collect() }
}

impl Corpus {
    fn build(&self, options: &ShardOptions) -> ShardFiles {
        build(&self.index, &self.cards, &self.docs, options)
    }

    /// Checks an answer against the whole index and the facet table of every document.
    fn check(&self, lang: Lang, answer: &Answer, query: &str, selection: &Selection) {
        let expected = finder::find(&self.index, lang, query);
        assert_eq!(answer.found, expected, "query {query:?}");
        let browsing = expected.tokens.is_empty() && selection.iter().any(|ticked| !ticked.is_empty());
        let hits: Vec<u32> = if browsing {
            (0..self.index.doc_refs.len() as u32).collect()
        } else {
            expected.hits.iter().map(|hit| hit.doc).collect()
        };
        let table = FacetTable::new(&self.docs);
        assert_eq!(answer.shown, table.filter(&hits, selection), "shown for {query:?}");
        let refs: Vec<&str> =
            answer.shown.iter().take(10).map(|&doc| self.index.doc_refs[doc as usize].as_str()).collect();
        let shown: Vec<&str> = answer.cards.iter().map(|card| card.reference.as_str()).collect();
        assert_eq!(shown, refs, "cards of {query:?}");
        if !answer.counts_estimated {
            assert_eq!(answer.counts, table.counts(&hits, selection), "counts for {query:?}");
        }
    }
}

fn select(pairs: &[(usize, &str)]) -> Selection {
    let mut selection = Selection::default();
    for &(slot, value) in pairs {
        selection[slot].insert(value.to_string());
    }
    selection
}

fn slot(param: &str) -> usize {
    FACETS.iter().position(|facet| facet.param == param).expect("facet")
}

/// Tiny blocks, segments and chunks, so that even small corpora are read in many parts.
fn many_parts(lang: Lang) -> ShardOptions {
    ShardOptions {
        block_bytes: 48,
        segment_bytes: 2048,
        facet_rows_per_chunk: 16,
        single_file_max: 0,
        lang: lang.code().into(),
        ..ShardOptions::default()
    }
}

fn answer(reader: &mut ShardReader, host: &mut Host, query: &str, selection: &Selection) -> Answer {
    reader.search(query, selection, &site_options(), 10, |requests: &[Request]| host.fetch(requests)).expect("answers")
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
/// German words that end up compounded with one another (see [`word`]). No two words, nor
/// compounds, lie within two edits of each other with different first letters: typo
/// candidates are looked for among the terms sharing the word's first letters only.
const DE_WORDS: &[&str] = &[
    "spritz", "guss", "dreh", "teil", "kugel", "lager", "motor", "welle", "feder", "rohr", "endoskop", "medizin",
    "technik", "schraube", "gehäuse",
];

fn words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Ja => JA_WORDS,
        Lang::Th => TH_WORDS,
        Lang::De => DE_WORDS,
        _ => EN_WORDS,
    }
}

/// Word `i` of `lang`'s pool; in German, beyond the pool, a compound of two of its words.
fn word(lang: Lang, i: usize) -> String {
    let pool = words(lang);
    let n = pool.len();
    if lang != Lang::De || i < n {
        return pool[i % n].to_string();
    }
    let (head, tail) = (i % n, (i * 7 + 3) % n);
    if head == tail {
        pool[head].to_string()
    } else {
        format!("{}{}", pool[head], pool[tail])
    }
}

fn text(lang: Lang, picks: &[usize]) -> String {
    let separator = if lang == Lang::Ja { "" } else { " " };
    picks.iter().map(|&i| word(lang, i)).collect::<Vec<_>>().join(separator)
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

    /// Read in many small parts, the index ranks every query exactly as the whole index does
    /// (same hits, same scores, same cards) and filters and counts facets as the facet table
    /// of every document does.
    #[test]
    fn ranks_exactly_like_the_whole_index(
        lang in arbitrary_lang(),
        texts in proptest::collection::vec(proptest::collection::vec(proptest::collection::vec(0usize..40, 0..6), 4), 1..40),
        queries in proptest::collection::vec((proptest::collection::vec(0usize..40, 1..4), 0usize..8, 0usize..6), 1..6),
    ) {
        ranks_like_the_whole_index(lang, &texts, &queries);
    }

    /// The same for German alone, whose compounds' parts start with other letters than they do.
    #[test]
    fn german_compounds_rank_exactly_like_the_whole_index(
        texts in proptest::collection::vec(proptest::collection::vec(proptest::collection::vec(0usize..60, 0..6), 4), 1..40),
        queries in proptest::collection::vec((proptest::collection::vec(0usize..60, 1..3), 0usize..8, 0usize..6), 1..8),
    ) {
        ranks_like_the_whole_index(Lang::De, &texts, &queries);
    }

    /// Any byte flipped or cut anywhere gives answers or errors, never a panic.
    #[test]
    fn corrupt_parts_never_panic(
        lang in prop::sample::select(vec![Lang::En, Lang::De]),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        cut in any::<usize>(),
    ) {
        let texts: Vec<Vec<String>> = (0..12).map(|n| vec![text(lang, &[n, n + 3]), text(lang, &[n + 7, n + 20]), String::new(), text(lang, &[n, 2 * n])]).collect();
        let files = corpus(lang, &texts).build(&many_parts(lang));
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
        for query in ["titanium tube", "mou", "catheter", "guss", "drehteil"] {
            let selection = select(&[(slot("process"), "welding")]);
            let _ = reader.search(query, &selection, &site_options(), 10, |requests: &[Request]| host.fetch(requests));
        }
    }
}

/// Checks `queries` (pool picks, cut, selection) on the index of `texts` read in many parts.
fn ranks_like_the_whole_index(lang: Lang, texts: &[Vec<Vec<usize>>], queries: &[(Vec<usize>, usize, usize)]) {
    let texts: Vec<Vec<String>> =
        texts.iter().map(|fields| fields.iter().map(|picks| text(lang, picks)).collect()).collect();
    let corpus = corpus(lang, &texts);
    let files = corpus.build(&many_parts(lang));
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let selections = [
        Selection::default(),
        select(&[(slot("process"), "welding")]),
        select(&[(slot("process"), "moulding"), (slot("process"), "coating"), (slot("region"), "aizu")]),
        select(&[(slot("region"), "nowhere")]),
        select(&[(slot("size"), "large"), (slot("region"), "hamadori")]),
        Selection::default(),
    ];
    for (picks, cut, selection) in queries {
        let query = query_text(lang, picks, *cut);
        let selection = &selections[*selection];
        let answer = answer(&mut reader, &mut host, &query, selection);
        corpus.check(lang, &answer, &query, selection);
        assert!(!answer.counts_estimated, "40 documents fit the sample");
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

/// The sample corpus in many parts, a host serving them and a reader that has fetched nothing.
fn sample_in_parts() -> (Corpus, ShardFiles, Host, ShardReader) {
    in_parts(&sample_docs())
}

/// English `texts` built in many small parts, with a host serving them and a reader.
fn in_parts(texts: &[Vec<String>]) -> (Corpus, ShardFiles, Host, ShardReader) {
    let corpus = corpus(Lang::En, texts);
    let files = corpus.build(&many_parts(Lang::En));
    let host = Host::new(&files);
    let reader = ShardReader::new(files.root_name());
    (corpus, files, host, reader)
}

#[test]
fn a_small_index_is_one_file_and_one_request() {
    let corpus = corpus(Lang::En, &sample_docs());
    let files = corpus.build(&ShardOptions { lang: "en".into(), ..ShardOptions::default() });
    assert_eq!(files.files.len(), 1);
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let welding = select(&[(slot("process"), "welding")]);
    for (query, selection) in [
        ("titanium", &welding),
        ("mou", &Selection::default()),
        ("cathetr", &welding),
        ("iso 13485", &welding),
        // A typo in the first letter: found as on the whole index, all of which is at hand.
        ("tteel", &Selection::default()),
        ("", &Selection::default()),
    ] {
        corpus.check(Lang::En, &answer(&mut reader, &mut host, query, selection), query, selection);
    }
    assert_eq!((host.round_trips, host.requests), (1, 1));
    assert!(!finder::find(&corpus.index, Lang::En, "tteel").hits.is_empty());
}

#[test]
fn a_large_index_takes_three_round_trips_and_reuses_what_it_fetched() {
    let corpus = corpus(Lang::En, &sample_docs());
    let files = corpus.build(&many_parts(Lang::En));
    assert!(files.files.len() > 3, "{} files", files.files.len());
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let none = Selection::default();
    let welding = select(&[(slot("process"), "welding"), (slot("region"), "aizu")]);
    corpus.check(Lang::En, &answer(&mut reader, &mut host, "titanium tube", &welding), "titanium tube", &welding);
    assert_eq!(host.round_trips, 4, "root, blocks, postings, cards");
    let before = host.round_trips;
    corpus.check(Lang::En, &answer(&mut reader, &mut host, "titanium tube", &welding), "titanium tube", &welding);
    assert_eq!(host.round_trips, before, "the same query again needs nothing");
    // A typo past the first letters is corrected from blocks fetched with the word's own.
    let before = host.round_trips;
    corpus.check(Lang::En, &answer(&mut reader, &mut host, "machinng", &none), "machinng", &none);
    assert!(host.round_trips - before <= 3);
    assert!(!finder::find(&corpus.index, Lang::En, "machinng").hits.is_empty());
}

/// The round trips of `query` (cold) that fetched dictionary blocks, its answer checked
/// against the whole index.
fn dictionary_rounds(corpus: &Corpus, lang: Lang, query: &str) -> usize {
    let files = corpus.build(&many_parts(lang));
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let none = Selection::default();
    let answer = answer(&mut reader, &mut host, query, &none);
    corpus.check(lang, &answer, query, &none);
    let dictionary = |kind: &&str| *kind == "dictionary" || *kind == "suffixes";
    host.kinds.iter().filter(|kinds| kinds.iter().any(dictionary)).count()
}

#[test]
fn a_misspelt_word_costs_no_round_trip_of_its_own() {
    let corpus = corpus(Lang::En, &sample_docs());
    // A typo past the first letters: corrected from the terms sharing them, fetched with the
    // word's own blocks, as on the whole index.
    assert!(!finder::find(&corpus.index, Lang::En, "machinng").hits.is_empty());
    assert_eq!(dictionary_rounds(&corpus, Lang::En, "machinng"), 1);
    // Nothing starts with "machini", but it is being typed past the stem `machin`.
    assert!(!finder::find(&corpus.index, Lang::En, "machini").hits.is_empty());
    assert_eq!(dictionary_rounds(&corpus, Lang::En, "machini"), 1);
    // A word the corpus lacks.
    assert!(finder::find(&corpus.index, Lang::En, "sprockets").hits.is_empty());
    assert_eq!(dictionary_rounds(&corpus, Lang::En, "sprockets"), 1);
    // German words found inside compounds, or misspelt.
    let german = german_corpus();
    assert_eq!(dictionary_rounds(&german, Lang::De, "guss"), 1);
    assert!(!finder::find(&german.index, Lang::De, "kugellagr").hits.is_empty());
    assert_eq!(dictionary_rounds(&german, Lang::De, "kugellagr"), 1);
}

#[test]
fn a_typo_among_the_first_letters_is_corrected_only_where_its_neighbours_are_few() {
    let corpus = corpus(Lang::En, &sample_docs());
    let whole = finder::find(&corpus.index, Lang::En, "mcahining");
    assert!(!whole.hits.is_empty(), "the whole index corrects the swap");
    // In blocks of 256 bytes the terms starting with "m" take more than two: only those
    // starting with "mca" are typo candidates, and none is near.
    let files = corpus.build(&many_parts(Lang::En));
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let sharded = answer(&mut reader, &mut host, "mcahining", &Selection::default());
    assert!(sharded.found.hits.is_empty(), "{:?}", sharded.found);
    // In blocks of 64 KB they fit, and the answer is the whole index's.
    let files = corpus.build(&ShardOptions { block_bytes: 64 * 1024, ..many_parts(Lang::En) });
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let sharded = answer(&mut reader, &mut host, "mcahining", &Selection::default());
    assert_eq!(sharded.found, whole);
}

/// Steps `query` to its answer, calling `each` after every body is supplied with the round's
/// number (from 0), the request and the reader.
fn step_through(
    reader: &mut ShardReader,
    host: &mut Host,
    (query, selection, results): (&str, &Selection, usize),
    mut each: impl FnMut(usize, &Request, &ShardReader),
) -> Answer {
    for round in 0.. {
        match reader.step(query, selection, &site_options(), results).unwrap() {
            Step::Done(answer) => return answer,
            Step::Fetch(requests) => {
                for (request, body) in requests.iter().zip(host.fetch(&requests).unwrap()) {
                    reader.supply(request, &body).unwrap();
                    each(round, request, reader);
                }
            }
        }
    }
    unreachable!("a query ends")
}

#[test]
fn a_querys_cards_lying_close_together_are_one_request() {
    let (_corpus, _files, mut host, mut reader) = sample_in_parts();
    let mut card_requests: Vec<(String, (u64, u64))> = Vec::new();
    let none = Selection::default();
    let answer = step_through(&mut reader, &mut host, ("titanium tube", &none, 10), |_, request, _| {
        if let Some(range) = request.range.filter(|_| request.kind() == "cards") {
            card_requests.push((request.file.clone(), range));
        }
    });
    let cards = answer.cards.len();
    assert!(cards >= 4, "{cards} cards");
    // 120 small cards: a query's are one or two requests, not one each.
    assert!(card_requests.len() <= 2, "{} requests for {cards} cards", card_requests.len());
    card_requests.sort();
    for pair in card_requests.windows(2) {
        let ((file_a, (_, end)), (file_b, (start, _))) = (&pair[0], &pair[1]);
        assert!(file_a != file_b || *start > end + 8 * 1024, "two card requests lie close: {pair:?}");
    }
}

/// A reader keeps a query's plan while its postings are fetched; another query asked in the
/// meantime is planned afresh, and the first one is answered right when asked again.
#[test]
fn a_query_asked_while_anothers_postings_are_fetched_is_planned_afresh() {
    let (corpus, _files, mut host, mut reader) = sample_in_parts();
    let none = Selection::default();
    let first = "titanium tube";
    // Step the first query until it asks for postings, and leave them unfetched.
    loop {
        let Step::Fetch(requests) = reader.step(first, &none, &site_options(), 10).unwrap() else {
            panic!("{first:?} was answered before its postings were asked for")
        };
        if requests.iter().any(|request| request.kind() == "postings") {
            break;
        }
        for (request, body) in requests.iter().zip(host.fetch(&requests).unwrap()) {
            reader.supply(request, &body).unwrap();
        }
    }
    for query in ["moulding", first] {
        let answer = answer(&mut reader, &mut host, query, &none);
        corpus.check(Lang::En, &answer, query, &none);
    }
}

/// Ten hits 40 documents apart, each card a full slot: more than 8 KB between any two cards,
/// so each is a request of its own. The later a document, the more often it names the word,
/// so the best hits lie last in the card store.
fn hits_far_apart() -> Vec<Vec<String>> {
    let summary = "precision parts for medical devices made to drawing ".repeat(8);
    (0..400)
        .map(|n| {
            let body = if n % 40 == 0 { "sprocket ".repeat(n / 40 + 1) } else { "bracket".to_string() };
            vec![format!("firm {n}"), String::new(), summary.clone(), body]
        })
        .collect()
}

#[test]
fn cards_are_asked_best_first_and_listed_as_they_arrive() {
    let (_corpus, files, mut host, mut reader) = in_parts(&hits_far_apart());
    let none = Selection::default();
    let mut listed: Vec<Option<(usize, bool)>> = Vec::new();
    let answer = step_through(&mut reader, &mut host, ("sprocket", &none, 10), |_, request, reader| {
        if request.kind() == "cards" {
            let listing = reader.listing("sprocket", &none, 10);
            listed.push(listing.map(|listing| (listing.cards.len(), listing.lists_every_card(10))));
        }
    });
    let best_first: Vec<&str> = answer.cards.iter().map(|card| card.reference.as_str()).collect();
    assert_eq!(best_first, ["d360", "d320", "d280", "d240", "d200", "d160", "d120", "d80", "d40", "d0"]);
    // A request per card, best first: the listing grows by one card with each, and is whole
    // with the tenth.
    assert_eq!(listed, (1..=10).map(|cards| Some((cards, cards == 10))).collect::<Vec<_>>());
    assert_eq!(reader.listing("sprocket", &none, 10).expect("a listing").cards, answer.cards);
    // With the best hit's card missing there is nothing to list yet.
    let mut fresh = ShardReader::new(files.root_name());
    let mut first_card_seen = false;
    step_through(&mut fresh, &mut host, ("sprocket", &none, 10), |_, request, reader| {
        if request.kind() == "cards" && !first_card_seen {
            first_card_seen = true;
            assert_eq!(reader.listing("sprocket", &none, 10).map(|l| l.cards.len()), Some(1));
        } else if !first_card_seen {
            assert!(reader.listing("sprocket", &none, 10).is_none(), "a listing before any card");
        }
    });
}

#[test]
fn a_range_is_the_whole_206_or_cut_from_a_whole_file() {
    use super::part_of_response;
    let file: Vec<u8> = (0..10).collect();
    assert_eq!(part_of_response(Some((2, 5)), 206, vec![2, 3, 4]), [2, 3, 4]);
    assert_eq!(part_of_response(Some((2, 5)), 200, file.clone()), [2, 3, 4], "a host that ignores ranges");
    // Too short to hold the range: left whole, for the reader to reject by its length.
    assert_eq!(part_of_response(Some((2, 50)), 200, file.clone()), file);
    assert_eq!(part_of_response(None, 200, file.clone()), file);
}

#[test]
fn the_listing_comes_with_the_cards_and_is_the_answers_without_counts() {
    let (_corpus, _files, mut host, mut reader) = sample_in_parts();
    let welding = select(&[(slot("process"), "welding")]);
    for (query, selection) in [("titanium tube", &welding), ("moulding", &Selection::default()), ("", &welding)] {
        let (mut listed, mut first_listed_round, mut rounds) = (None, None, 0);
        let answer = step_through(&mut reader, &mut host, (query, selection, 3), |round, _, reader| {
            rounds = round + 1;
            if listed.is_none() {
                listed = reader.listing(query, selection, 3);
                first_listed_round = listed.as_ref().map(|_| round);
            }
        });
        // The cards come in the last round, and with them the listing.
        if let Some(round) = first_listed_round {
            assert_eq!(round + 1, rounds, "{query}: a listing before the last round");
        }
        let listed = listed.or_else(|| reader.listing(query, selection, 3)).expect("a listing");
        assert_eq!((&listed.found, &listed.shown, &listed.cards), (&answer.found, &answer.shown, &answer.cards));
        assert!(listed.counts.is_empty() && !answer.cards.is_empty(), "{query}");
    }
}

#[test]
fn a_query_without_words_browses_the_ticked_values() {
    let corpus = corpus(Lang::En, &sample_docs());
    let files = corpus.build(&many_parts(Lang::En));
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let welding = select(&[(slot("process"), "welding")]);
    let browsed = answer(&mut reader, &mut host, "", &welding);
    corpus.check(Lang::En, &browsed, "", &welding);
    let carrying: Vec<u32> = (0..corpus.docs.len() as u32)
        .filter(|&doc| FacetTable::new(&corpus.docs).filter(&[doc], &welding) == [doc])
        .collect();
    assert!(!carrying.is_empty());
    assert_eq!(browsed.shown, carrying, "every document with the value, in document order");
    // Nothing ticked: nothing to browse, and no words to rank by.
    assert!(answer(&mut reader, &mut host, "", &Selection::default()).shown.is_empty());
}

#[test]
fn counts_over_many_row_chunks_are_estimated_and_flagged() {
    let corpus = corpus(Lang::En, &sample_docs());
    let files = corpus.build(&ShardOptions { facet_rows_per_chunk: 4, ..many_parts(Lang::En) });
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let none = Selection::default();
    let answer = answer(&mut reader, &mut host, "steel", &none);
    corpus.check(Lang::En, &answer, "steel", &none);
    assert!(answer.counts_estimated);
    let hits: Vec<u32> = answer.found.hits.iter().map(|hit| hit.doc).collect();
    let exact = FacetTable::new(&corpus.docs).counts(&hits, &none);
    let region = slot("region");
    for (value, &count) in &exact[region] {
        let estimate = answer.counts[region].get(value).copied().unwrap_or(0);
        assert!(estimate.abs_diff(count) * 2 <= count, "{value}: {estimate} for {count}");
    }
}

#[test]
fn bad_input_is_an_error() {
    let files = corpus(Lang::En, &sample_docs()).build(&many_parts(Lang::En));
    let root = files.files[0].1.clone();
    let none = Selection::default();
    for cut in 0..root.len() {
        let mut reader = ShardReader::new("r");
        let request = match reader.step("x", &none, &site_options(), 10) {
            Ok(Step::Fetch(requests)) => requests[0].clone(),
            other => panic!("{other:?}"),
        };
        assert!(reader.supply(&request, &root[..cut]).is_err(), "root cut at {cut}");
    }
    let mut reader = ShardReader::new("r");
    let Ok(Step::Fetch(requests)) = reader.step("x", &none, &site_options(), 10) else { panic!() };
    assert_eq!(reader.supply(&requests[0], b"FKIX\x02"), Err(ShardError::NotARoot));
    // An index written in another version of the format is named as such, not misread.
    let mut older = root.clone();
    older[4] = 6;
    assert_eq!(reader.supply(&requests[0], &older), Err(ShardError::UnsupportedVersion { found: 6, supported: 7 }));
    reader.supply(&requests[0], &root).expect("root");
    let Ok(Step::Fetch(requests)) = reader.step("titanium", &none, &site_options(), 10) else { panic!() };
    let error = reader.supply(&requests[0], &[1, 2, 3]).expect_err("short body");
    assert!(error.to_string().contains("expected"), "{error}");
}

#[test]
fn a_long_card_loses_the_end_of_its_summary_to_fit_its_slot() {
    use super::format::{decode_card, encode_card};
    let card = Card { reference: "firms/a".into(), title: "精密加工".into(), summary: "射出成形".repeat(40) };
    let slot = encode_card(&card, 64);
    assert_eq!(slot.len(), 64);
    let back = decode_card(&slot).expect("decodes");
    assert_eq!((back.reference.as_str(), back.title.as_str()), ("firms/a", "精密加工"));
    assert!(card.summary.starts_with(&back.summary) && back.summary.len() > 20, "{}", back.summary);
    let mut corrupt = slot.clone();
    corrupt[63] = 1;
    assert!(decode_card(&corrupt).is_err(), "non-zero padding");
}

/// German firms whose compounds start with other letters than their parts, among enough
/// others (English words: no German term starts with `guss` or `teil`) to spread the
/// dictionaries over many blocks.
fn german_corpus() -> Corpus {
    let mut texts: Vec<Vec<String>> = [
        ["Spritzguss", "Kunststoff", "Spritzguss für die Medizintechnik", "Wir fertigen Spritzgussteile."],
        ["Endoskop", "Optik", "Komponenten für das Endoskop", "Endoskope und Zubehör."],
        ["Drehteile", "Zerspanung", "Teile aus Stahl", "Präzisionsteile in Serie."],
        ["Kugellager", "Lager", "Wälzlager und Kugellager", "Lagerung von Wellen."],
    ]
    .iter()
    .map(|fields| fields.iter().map(|field| field.to_string()).collect())
    .collect();
    texts.extend((0..60).map(|n| {
        vec![text(Lang::En, &[n, n + 17]), text(Lang::En, &[n + 5]), String::new(), text(Lang::En, &[n, n + 2])]
    }));
    corpus(Lang::De, &texts)
}

/// Answers `query` on the German corpus in many parts, checks it against the whole index and
/// returns it with the round trips that fetched dictionary blocks.
fn german_answer(query: &str) -> (Answer, usize) {
    let corpus = german_corpus();
    let files = corpus.build(&many_parts(Lang::De));
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let none = Selection::default();
    let answer = answer(&mut reader, &mut host, query, &none);
    corpus.check(Lang::De, &answer, query, &none);
    let dictionary = |kind: &&str| *kind == "dictionary" || *kind == "suffixes";
    assert!(host.kinds.iter().flatten().any(|kind| *kind == "suffixes"), "{:?}", host.kinds);
    (answer, host.kinds.iter().filter(|kinds| kinds.iter().any(dictionary)).count())
}

#[test]
fn a_german_part_finds_compounds_starting_with_another_letter() {
    // No term starts with `guss`: only the suffix dictionary leads to `spritzguss`.
    let (answer, dictionary_rounds) = german_answer("guss");
    assert!(answer.found.terms.iter().any(|term| term == "spritzguss"), "{:?}", answer.found.terms);
    assert!(!answer.found.hits.is_empty());
    assert_eq!(dictionary_rounds, 1, "both dictionaries in one round");
}

#[test]
fn a_german_compound_splits_into_pieces_read_in_parts() {
    // `endoskopteil` is no term; its pieces `endoskop` and `teil` are, in other blocks.
    let (answer, dictionary_rounds) = german_answer("Endoskopteile");
    for piece in ["endoskop", "teil"] {
        assert!(answer.found.terms.iter().any(|term| term == piece), "{piece}: {:?}", answer.found.terms);
    }
    assert!(!answer.found.hits.is_empty());
    assert_eq!(dictionary_rounds, 1, "the pieces need no second dictionary round");
}

#[test]
fn only_a_sharded_index_in_a_language_with_compounds_has_suffix_blocks() {
    use super::format::decode_root;
    let root_of = |files: &ShardFiles| decode_root(&files.files[0].1).expect("root").0;
    let german = german_corpus();
    let sharded = root_of(&german.build(&many_parts(Lang::De)));
    assert!(sharded.suffix_blocks.len() > 10, "{} suffix blocks", sharded.suffix_blocks.len());
    let whole = german.build(&ShardOptions { lang: "de".into(), ..ShardOptions::default() });
    assert_eq!(whole.files.len(), 1);
    assert!(root_of(&whole).suffix_blocks.is_empty(), "one file is read whole");
    for lang in [Lang::En, Lang::Ja, Lang::Th] {
        let texts: Vec<Vec<String>> = (0..40)
            .map(|n| vec![text(lang, &[n, n + 1]), text(lang, &[n * 3]), String::new(), text(lang, &[n + 2, n * 5])])
            .collect();
        let files = corpus(lang, &texts).build(&many_parts(lang));
        assert!(root_of(&files).suffix_blocks.is_empty());
    }
}

#[test]
fn lengths_read_in_buckets_rank_as_the_exact_ones_when_a_query_names_every_document() {
    // Every body holds "titanium" and 16 to 19 other words: lengths whose buckets start below
    // them, and a query whose postings name every document, so the reader must make up the
    // corpus total from the room left in the buckets.
    let texts: Vec<Vec<String>> = (0..30)
        .map(|n| {
            let filler: Vec<String> = (0..16 + n % 4).map(|i| format!("qx{}{}", letter(n + i), letter(i))).collect();
            vec![format!("Firm {}", letter(n)), String::new(), String::new(), format!("titanium {}", filler.join(" "))]
        })
        .collect();
    let corpus = corpus(Lang::En, &texts);
    let body = corpus.index.fields.iter().find(|field| field.name == "body").expect("body");
    assert!(body.doc_lengths.iter().any(|&length| crate::finder::length::scored_length(length) < length));
    let files = corpus.build(&many_parts(Lang::En));
    let mut host = Host::new(&files);
    let mut reader = ShardReader::new(files.root_name());
    let none = Selection::default();
    let answer = answer(&mut reader, &mut host, "titanium", &none);
    assert_eq!(answer.found.hits.len(), 30);
    corpus.check(Lang::En, &answer, "titanium", &none);
}

fn letter(n: usize) -> char {
    (b'a' + (n % 26) as u8) as char
}

#[test]
fn a_field_whose_lists_are_dense_gives_their_lengths_from_its_table() {
    // Every body holds word 4 of the pool: its body list names every document, so the body's
    // lengths come from the table, and the list without them.
    let (corpus, files, mut host, mut reader) = sample_in_parts();
    let none = Selection::default();
    let everywhere = text(Lang::En, &[4]);
    let body = corpus.index.fields.iter().position(|field| field.name == "body").expect("body");
    let term = corpus.index.fields[body]
        .terms
        .iter()
        .position(|term| finder::query_tokens(Lang::En, &everywhere).contains(term));
    assert_eq!(corpus.index.fields[body].postings[term.expect("indexed")].len(), 120, "in every body");
    let dense = answer(&mut reader, &mut host, &everywhere, &none);
    corpus.check(Lang::En, &dense, &everywhere, &none);
    assert!(host.kinds.iter().flatten().any(|kind| *kind == "lengths"), "{:?}", host.kinds);
    // A rare word's lists carry their own lengths; and a table once fetched serves later
    // queries in its field without being fetched again.
    for query in ["catheter", "titanium tube", &everywhere] {
        let before = host.kinds.len();
        let sparse = answer(&mut reader, &mut host, query, &none);
        corpus.check(Lang::En, &sparse, query, &none);
        assert!(!host.kinds[before..].iter().flatten().any(|kind| *kind == "lengths"), "{query}: {:?}", host.kinds);
    }
    let mut fresh = ShardReader::new(files.root_name());
    let before = host.kinds.len();
    corpus.check(Lang::En, &answer(&mut fresh, &mut host, "catheter", &none), "catheter", &none);
    assert!(!host.kinds[before..].iter().flatten().any(|kind| *kind == "lengths"), "{:?}", host.kinds);
}

//! Answering queries from a sharded index, fetching only the parts a query needs.
//!
//! The reader does no I/O: [`ShardReader::step`] either answers or names the byte ranges it
//! lacks ([`Request`]s, all independent: one round trip), and [`ShardReader::supply`] hands
//! them over. A synchronous caller loops ([`ShardReader::search`]); a browser can await its
//! fetches between steps. Everything fetched stays decoded for the next query.
//!
//! Ranking is the finder's own ([`crate::finder::find_in`]) over a small [`Index`] assembled
//! per query: every term of the dictionary ranges the query needs, each with its true document
//! frequency, the matched terms with their real postings, each field's lengths of the
//! documents those postings name, and the other documents' lengths filled in so that each
//! field's total — and so its average length — is the corpus's. Matching sees the same terms
//! and frequencies as on the whole index, scoring the same postings, lengths and averages, so
//! hits and scores are bit-identical. German compound parts are found through the suffix
//! dictionary, whatever letter their compound starts with (see [`super::ranges`] for why
//! exactly the same ones). One limit: typo candidates come from the terms sharing the token's
//! first character, or its first two or three where those sharing fewer would take more than
//! two dictionary blocks ([`super::ranges::typo_range`]), fetched with the token's own blocks
//! in the first round. So a typo that close to the start of a word is corrected only on a
//! one-file index, whose whole vocabulary is at hand; in return a misspelt word, or one the
//! corpus lacks, costs neither a round trip of its own nor the terms sharing its first letter
//! (at 100,000 firms, tens of KB).

use std::collections::{BTreeMap, HashMap};

use super::facets::{self, Names, SAMPLE_CHUNKS};
use std::rc::Rc;

use super::format::{
    decode_block, decode_card, decode_length_table, decode_postings, decode_root, decode_spans, BlockRef, Card, Entry,
    PostingList, Postings, Root, Span,
};
use super::ranges::{first_ranges, typo_range, Dictionary, Lookup, TermRange};
use super::ShardError;
use crate::elasticlunr_compat::SearchOptions;
use crate::facets::{FacetTable, Selection};
use crate::finder::length::{code_max_length, length_code};
use crate::finder::{self, Found};
use crate::index::{Field, Index, Posting, Vocabulary};
use crate::Lang;

/// Bytes to fetch: the whole file (`range` = `None`) or `start..end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub file: String,
    pub range: Option<(u64, u64)>,
    parts: Vec<(Object, Span)>,
}

impl Request {
    /// What the request fetches, for reports: `root`, `dictionary`, `suffixes`, `postings`,
    /// `cards` or `facets` (a request holds parts of one kind, neighbours in one segment).
    pub fn kind(&self) -> &'static str {
        match self.parts.first().map(|(object, _)| object) {
            Some(Object::Root) | None => "root",
            Some(Object::Block(Dictionary::Terms, _)) => "dictionary",
            Some(Object::Block(Dictionary::Suffixes, _)) => "suffixes",
            Some(Object::Postings { .. }) => "postings",
            Some(Object::Lengths(_)) => "lengths",
            Some(Object::Card(_)) => "cards",
            Some(_) => "facets",
        }
    }

    /// The document frequency of each posting list the request fetches, for reports.
    pub fn posting_dfs(&self) -> impl Iterator<Item = u32> + '_ {
        self.parts.iter().filter_map(|(object, _)| match object {
            Object::Postings { df, .. } => Some(*df),
            _ => None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Object {
    Root,
    Block(Dictionary, usize),
    /// A posting list, with its lengths or without them (its field's table has them).
    Postings {
        df: u32,
        lengths: bool,
    },
    /// A field's length table.
    Lengths(usize),
    Card(u32),
    FacetNames,
    FacetDirectory,
    FacetDocs {
        df: u32,
    },
    FacetRows(usize),
}

/// The bytes `range` names of a response: all of a `206`, or the range cut from the whole file
/// a host that ignores ranges sends with `200`. Shared by every reader of ranges (the sharded
/// search page, the app's firm records).
pub fn part_of_response(range: Option<(u64, u64)>, status: u16, body: Vec<u8>) -> Vec<u8> {
    match range {
        Some((start, end)) if status == 200 && body.len() as u64 >= end => body[start as usize..end as usize].to_vec(),
        _ => body,
    }
}

/// What a query needs next.
#[derive(Clone, Debug)]
pub enum Step {
    /// Fetch these (in parallel), [`ShardReader::supply`] each, then step again.
    Fetch(Vec<Request>),
    Done(Answer),
}

/// A query's ranking, what the facet selection leaves of it, the cards of the first results
/// and the facet counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The ranking, every hit.
    pub found: Found,
    /// The hits that pass the selection, in rank order (exact).
    pub shown: Vec<u32>,
    /// The cards of the first shown hits.
    pub cards: Vec<Card>,
    /// As [`crate::facets::FacetTable::counts`] over `found`'s hits.
    pub counts: Vec<BTreeMap<String, usize>>,
    /// The counts are estimated from the hits in the first [`SAMPLE_CHUNKS`] chunks of facet
    /// rows (the hits fall in more), scaled to all hits.
    pub counts_estimated: bool,
}

/// The documents a query's filters choose from: its hits in rank order, or, for a query
/// without words and with values ticked, every document in document order (browsing by facet,
/// as the app's search page does; documents without facet values are filtered out).
fn candidates(found: &Found, root: &Root, selection: &Selection) -> Vec<u32> {
    if found.tokens.is_empty() && selection.iter().any(|ticked| !ticked.is_empty()) {
        return (0..root.doc_count).collect();
    }
    found.hits.iter().map(|hit| hit.doc).collect()
}

impl Answer {
    /// Whether `cards` holds the cards of the first `results` shown hits (a
    /// [`ShardReader::listing`] may hold fewer while the rest are on their way).
    pub fn lists_every_card(&self, results: usize) -> bool {
        self.cards.len() == self.shown.len().min(results)
    }
}

/// Ranges closer than this are fetched as one request.
const COALESCE_GAP: u64 = 512;

/// Result cards closer than this are fetched as one request. A query's cards are small (a few
/// hundred bytes each) and many at once, and each request beyond the six connections a
/// browser opens to a host over HTTP/1.1 waits a round trip (562 ms on Slow 4G, in which
/// 8 KB more take about 45 ms).
const CARD_COALESCE_GAP: u64 = 8 * 1024;

/// How far a range may lie from the request before it to join it: further for a card after
/// cards.
fn gap(card: bool, before: &[(Object, Span)]) -> u64 {
    if card && before.iter().all(|(object, _)| matches!(object, Object::Card(_))) {
        CARD_COALESCE_GAP
    } else {
        COALESCE_GAP
    }
}

/// A sharded index as far as it has been fetched.
#[derive(Debug, Default)]
pub struct ShardReader {
    root_file: String,
    root: Option<Rc<Root>>,
    lang: Option<Lang>,
    embedded: Option<Vec<u8>>,
    blocks: HashMap<(Dictionary, usize), Rc<Vec<Entry>>>,
    postings: HashMap<Span, Rc<PostingList>>,
    /// Per field, its length table, once a query needed it.
    length_tables: HashMap<usize, Rc<Vec<u32>>>,
    cards: HashMap<u32, Card>,
    facet_names: Option<Rc<Names>>,
    facet_directory: Option<Rc<Vec<Span>>>,
    facet_docs: HashMap<Span, Rc<Vec<u32>>>,
    /// Per chunk of facet rows, its facet table.
    facet_rows: HashMap<usize, Rc<FacetTable>>,
    /// The last query's ranking, so that fetching its cards does not rank it again.
    last: Option<(String, Found)>,
    /// The query whose postings are being fetched, as planned before: not planned again when
    /// they arrive (building its index takes as long as ranking it).
    planned: Option<Planned>,
}

/// A query's index of the terms it may match, and the terms it does, between the round that
/// asks for their postings and the one that ranks them.
struct Planned {
    query: String,
    options: SearchOptions,
    assembled: Assembled,
    vocabulary: Rc<Vocabulary>,
    matched: Vec<(usize, usize)>,
}

impl std::fmt::Debug for Planned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planned").field("query", &self.query).finish_non_exhaustive()
    }
}

impl Clone for ShardReader {
    fn clone(&self) -> Self {
        Self {
            root_file: self.root_file.clone(),
            root: self.root.clone(),
            lang: self.lang,
            embedded: self.embedded.clone(),
            blocks: self.blocks.clone(),
            postings: self.postings.clone(),
            length_tables: self.length_tables.clone(),
            cards: self.cards.clone(),
            facet_names: self.facet_names.clone(),
            facet_directory: self.facet_directory.clone(),
            facet_docs: self.facet_docs.clone(),
            facet_rows: self.facet_rows.clone(),
            last: self.last.clone(),
            // A clone plans its queries afresh.
            planned: None,
        }
    }
}

impl ShardReader {
    /// A reader of the index whose root file is `root_file`.
    pub fn new(root_file: &str) -> Self {
        Self { root_file: root_file.to_string(), ..Self::default() }
    }

    /// A reader whose root is at hand already (a search page inlines it).
    pub fn with_root(root_file: &str, root: &[u8]) -> Result<Self, ShardError> {
        let mut reader = Self::new(root_file);
        reader.take_root(root)?;
        Ok(reader)
    }

    /// The root, once fetched.
    pub fn root(&self) -> Option<&Root> {
        self.root.as_deref()
    }

    /// Runs `query` to the end, calling `fetch` once per round trip with every request of it;
    /// `fetch` returns the bodies in request order.
    pub fn search<E: From<ShardError>>(
        &mut self,
        query: &str,
        selection: &Selection,
        options: &SearchOptions,
        results: usize,
        mut fetch: impl FnMut(&[Request]) -> Result<Vec<Vec<u8>>, E>,
    ) -> Result<Answer, E> {
        loop {
            match self.step(query, selection, options, results)? {
                Step::Done(answer) => return Ok(answer),
                Step::Fetch(requests) => {
                    let bodies = fetch(&requests)?;
                    if bodies.len() != requests.len() {
                        return Err(ShardError::corrupt("fetch", "fewer responses than requests").into());
                    }
                    for (request, body) in requests.iter().zip(bodies) {
                        self.supply(request, &body)?;
                    }
                }
            }
        }
    }

    /// Answers `query` (ranked with `options`, filtered by `selection`, cards of the first
    /// `results` shown hits) or names what to fetch first.
    pub fn step(
        &mut self,
        query: &str,
        selection: &Selection,
        options: &SearchOptions,
        results: usize,
    ) -> Result<Step, ShardError> {
        let (Some(root), Some(lang)) = (self.root.clone(), self.lang) else {
            let request = Request { file: self.root_file.clone(), range: None, parts: vec![(Object::Root, ROOT_SPAN)] };
            return Ok(Step::Fetch(vec![request]));
        };
        let found = match self.last.as_ref().filter(|(last, _)| last == query) {
            Some((_, found)) => found.clone(),
            None => match self.rank(&root, lang, query, selection, options)? {
                Ranking::Done(found) => {
                    self.last = Some((query.to_string(), found.clone()));
                    found
                }
                Ranking::Fetch(wanted) => return Ok(Step::Fetch(self.requests(&root, wanted))),
            },
        };
        let mut wanted = Vec::new();
        let (Some(names), Some(rows_directory)) = (self.facet_names.clone(), self.facet_directory.clone()) else {
            self.obtain_directories(&root, &mut wanted)?;
            return Ok(Step::Fetch(self.requests(&root, wanted)));
        };
        let lists = self.obtain_value_docs(&names, selection, &mut wanted)?;
        if !wanted.is_empty() {
            return Ok(Step::Fetch(self.requests(&root, wanted)));
        }
        let hits = candidates(&found, &root, selection);
        let shown = {
            let lists: Vec<Vec<&[u32]>> =
                lists.iter().map(|slot| slot.iter().map(|l| l.as_slice()).collect()).collect();
            facets::filter(&hits, &lists, selection)
        };
        for &doc in shown.iter().take(results) {
            let offset = root.cards.offset + u64::from(doc) * u64::from(root.card_slot);
            let span = Span { segment: root.cards.segment, offset, len: root.card_slot };
            self.obtain(Object::Card(doc), span, &mut wanted)?;
        }
        let rows_per_chunk = root.facet_rows_per_chunk.max(1);
        let mut row_chunks: Vec<usize> = hits.iter().map(|&doc| (doc / rows_per_chunk) as usize).collect();
        row_chunks.sort_unstable();
        row_chunks.dedup();
        let estimated = row_chunks.len() > SAMPLE_CHUNKS;
        row_chunks.truncate(SAMPLE_CHUNKS);
        for &chunk in &row_chunks {
            let span = rows_directory
                .get(chunk)
                .copied()
                .ok_or_else(|| ShardError::corrupt("facet rows", "directory too short"))?;
            self.obtain(Object::FacetRows(chunk), span, &mut wanted)?;
        }
        if !wanted.is_empty() {
            return Ok(Step::Fetch(self.requests(&root, wanted)));
        }
        let cards = shown.iter().take(results).map(|doc| self.cards.get(doc).cloned().unwrap_or_default()).collect();
        let sample: Vec<(usize, &FacetTable)> =
            row_chunks.iter().filter_map(|&chunk| Some((chunk, self.facet_rows.get(&chunk)?.as_ref()))).collect();
        let mut counts = facets::counts(&sample, rows_per_chunk, &hits, selection);
        if estimated {
            let in_sample = hits
                .iter()
                .filter(|&&doc| row_chunks.binary_search(&((doc / rows_per_chunk) as usize)).is_ok())
                .count();
            let scale = hits.len() as f64 / in_sample.max(1) as f64;
            for count in counts.iter_mut().flat_map(|slot| slot.values_mut()) {
                *count = (*count as f64 * scale).round() as usize;
            }
        }
        Ok(Step::Done(Answer { found, shown, cards, counts, counts_estimated: estimated }))
    }

    /// The answer to `query` without its facet counts, as far as its cards are in: once its
    /// ranking and the ticked values' lists are at hand, with the cards of the leading shown
    /// hits supplied so far (`None` before, and while the best hit's card is missing). The last
    /// round trip fetches the cards, best first, with the facet rows: a page may list the
    /// results as their cards arrive while the rows, which are larger, are still on their way.
    /// `counts` is empty; [`Answer::lists_every_card`] says when no card is missing.
    pub fn listing(&self, query: &str, selection: &Selection, results: usize) -> Option<Answer> {
        let root = self.root.as_deref()?;
        let found = self.last.as_ref().filter(|(last, _)| last == query)?.1.clone();
        let names = self.facet_names.as_deref()?;
        let mut lists: Vec<Vec<&[u32]>> = Vec::with_capacity(selection.len());
        for (ticked, values) in selection.iter().zip(names) {
            let mut slot = Vec::new();
            for value in values.iter().filter(|value| ticked.contains(&value.name)) {
                slot.push(self.facet_docs.get(&value.docs)?.as_slice());
            }
            lists.push(slot);
        }
        let shown = facets::filter(&candidates(&found, root, selection), &lists, selection);
        let cards: Vec<Card> = shown.iter().take(results).map_while(|doc| self.cards.get(doc).cloned()).collect();
        if cards.is_empty() && !shown.is_empty() {
            return None;
        }
        Some(Answer { found, shown, cards, counts: Vec::new(), counts_estimated: false })
    }

    fn obtain_directories(&mut self, root: &Root, wanted: &mut Vec<(Object, Span)>) -> Result<(), ShardError> {
        self.obtain(Object::FacetNames, root.facet_names, wanted)?;
        self.obtain(Object::FacetDirectory, root.facet_directory, wanted)
    }

    /// Per facet slot, the document lists of its ticked values (those loaded; the others are
    /// added to `wanted`). Names the facet does not have select nothing.
    fn obtain_value_docs(
        &mut self,
        names: &Names,
        selection: &Selection,
        wanted: &mut Vec<(Object, Span)>,
    ) -> Result<Vec<Vec<Rc<Vec<u32>>>>, ShardError> {
        let mut lists = Vec::with_capacity(selection.len());
        for (ticked, values) in selection.iter().zip(names) {
            let mut slot = Vec::new();
            for value in values.iter().filter(|value| ticked.contains(&value.name)) {
                self.obtain(Object::FacetDocs { df: value.df }, value.docs, wanted)?;
                if let Some(list) = self.facet_docs.get(&value.docs) {
                    slot.push(Rc::clone(list));
                }
            }
            lists.push(slot);
        }
        Ok(lists)
    }

    /// Stores the body of one of this reader's requests.
    pub fn supply(&mut self, request: &Request, body: &[u8]) -> Result<(), ShardError> {
        let start = request.range.map_or(0, |(start, _)| start);
        if let Some((start, end)) = request.range {
            if body.len() as u64 != end - start {
                return Err(ShardError::Response {
                    file: request.file.clone(),
                    expected: end - start,
                    got: body.len(),
                });
            }
        }
        for &(object, span) in &request.parts {
            if object == Object::Root {
                return self.take_root(body);
            }
            let from = (span.offset - start) as usize;
            let bytes = body.get(from..from + span.len as usize).ok_or_else(|| ShardError::Response {
                file: request.file.clone(),
                expected: span.end() - start,
                got: body.len(),
            })?;
            self.decode(object, span, bytes)?;
        }
        Ok(())
    }

    fn take_root(&mut self, body: &[u8]) -> Result<(), ShardError> {
        let (root, embedded) = decode_root(body)?;
        let lang = Lang::from_code(&root.lang).ok_or_else(|| ShardError::corrupt("root", "unknown language"))?;
        self.lang = Some(lang);
        self.embedded = embedded;
        self.root = Some(Rc::new(root));
        Ok(())
    }

    fn decode(&mut self, object: Object, span: Span, bytes: &[u8]) -> Result<(), ShardError> {
        let root = self.root.clone().ok_or_else(|| ShardError::corrupt("reader", "a part arrived before the root"))?;
        match object {
            Object::Root => {}
            Object::Block(dictionary, block) => {
                let entries = decode_block(bytes, dictionary, root.fields.len(), root.doc_count)?;
                self.blocks.insert((dictionary, block), Rc::new(entries));
            }
            Object::Postings { df, lengths } => {
                self.postings.insert(span, Rc::new(decode_postings(bytes, df, root.doc_count, lengths)?));
            }
            Object::Lengths(field) => {
                self.length_tables.insert(field, Rc::new(decode_length_table(bytes, root.doc_count)?));
            }
            Object::Card(doc) => {
                self.cards.insert(doc, decode_card(bytes)?);
            }
            Object::FacetNames => {
                let segments = root.segments.len().max(usize::from(root.embedded));
                self.facet_names = Some(Rc::new(facets::decode_names(bytes, segments)?));
            }
            Object::FacetDirectory => {
                let segments = root.segments.len().max(usize::from(root.embedded));
                self.facet_directory = Some(Rc::new(decode_spans(bytes, segments)?));
            }
            Object::FacetDocs { df } => {
                self.facet_docs.insert(span, Rc::new(facets::decode_docs(bytes, df, root.doc_count)?));
            }
            Object::FacetRows(chunk) => {
                let names =
                    self.facet_names.clone().ok_or_else(|| ShardError::corrupt("reader", "facet rows before names"))?;
                let rows = facets::decode_rows(bytes, &names)?;
                self.facet_rows.insert(chunk, Rc::new(facets::table(&names, &rows)));
            }
        }
        Ok(())
    }

    fn has(&self, object: Object, span: Span) -> bool {
        match object {
            Object::Root => self.root.is_some(),
            Object::Block(dictionary, block) => self.blocks.contains_key(&(dictionary, block)),
            Object::Postings { .. } => self.postings.contains_key(&span),
            Object::Lengths(field) => self.length_tables.contains_key(&field),
            Object::Card(doc) => self.cards.contains_key(&doc),
            Object::FacetNames => self.facet_names.is_some(),
            Object::FacetDirectory => self.facet_directory.is_some(),
            Object::FacetDocs { .. } => self.facet_docs.contains_key(&span),
            Object::FacetRows(chunk) => self.facet_rows.contains_key(&chunk),
        }
    }

    /// Makes `object` available: already there, decoded from the embedded segment, or added
    /// to `wanted`.
    fn obtain(&mut self, object: Object, span: Span, wanted: &mut Vec<(Object, Span)>) -> Result<(), ShardError> {
        if self.has(object, span) {
            return Ok(());
        }
        if span.segment == 0 {
            if let Some(segment) = &self.embedded {
                let bytes = usize::try_from(span.offset)
                    .ok()
                    .and_then(|offset| segment.get(offset..offset + span.len as usize))
                    .ok_or_else(|| ShardError::corrupt("root", "a span lies beyond the embedded segment"))?
                    .to_vec();
                return self.decode(object, span, &bytes);
            }
        }
        if !wanted.contains(&(object, span)) {
            wanted.push((object, span));
        }
        Ok(())
    }

    /// Groups wanted parts by segment, merging neighbours into one range. The requests keep the
    /// order in which their parts were first wanted: the cards best first, so that over HTTP/1.1
    /// (six connections a host) the top results' cards are not the ones left waiting.
    fn requests(&self, root: &Root, wanted: Vec<(Object, Span)>) -> Vec<Request> {
        let mut wanted: Vec<(usize, (Object, Span))> = wanted.into_iter().enumerate().collect();
        wanted.sort_by_key(|(_, (_, span))| (span.segment, span.offset));
        // Each request with the earliest position among its parts.
        let mut requests: Vec<(usize, Request)> = Vec::new();
        for (position, (object, span)) in wanted {
            let file = root.segments.get(span.segment as usize).cloned().unwrap_or_default();
            let cards = matches!(object, Object::Card(_));
            match requests.last_mut() {
                Some((first, last))
                    if last.file == file
                        && last.range.is_some_and(|(_, end)| span.offset <= end + gap(cards, &last.parts)) =>
                {
                    if let Some((start, end)) = last.range {
                        last.range = Some((start, end.max(span.end())));
                    }
                    last.parts.push((object, span));
                    *first = (*first).min(position);
                }
                _ => requests.push((
                    position,
                    Request { file, range: Some((span.offset, span.end())), parts: vec![(object, span)] },
                )),
            }
        }
        requests.sort_by_key(|(first, _)| *first);
        requests.into_iter().map(|(_, request)| request).collect()
    }

    fn rank(
        &mut self,
        root: &Root,
        lang: Lang,
        query: &str,
        selection: &Selection,
        options: &SearchOptions,
    ) -> Result<Ranking, ShardError> {
        let tokens = finder::query_tokens(lang, query);
        let compounds = lang.profile().compounds;
        let mut ranges: Vec<Lookup> = Vec::new();
        if root.embedded {
            // Everything is at hand: the whole vocabulary, so typos and compounds are found
            // exactly as on the single-file index.
            ranges.push((Dictionary::Terms, TermRange::Prefix(String::new())));
        } else {
            let terms = directory(root, Dictionary::Terms);
            let blocks = |range: &TermRange| blocks_of(terms, range).len();
            for token in &tokens {
                let typos = typo_range(token, blocks).map(|range| (Dictionary::Terms, range));
                for range in first_ranges(token, compounds).into_iter().chain(typos) {
                    if !ranges.contains(&range) {
                        ranges.push(range);
                    }
                }
            }
        }
        let mut wanted = Vec::new();
        self.obtain_blocks(root, &ranges, &mut wanted)?;
        // The directories and the ticked values' lists ride along with the dictionary.
        self.obtain_directories(root, &mut wanted)?;
        if self.blocks_missing(&wanted) {
            return Ok(Ranking::Fetch(wanted));
        }
        let (mut assembled, vocabulary, matched) = match self.planned.take() {
            Some(planned) if planned.query == query && planned.options == *options => {
                (planned.assembled, planned.vocabulary, planned.matched)
            }
            _ => {
                let assembled = self.assemble(root, &ranges);
                let vocabulary = Rc::new(Vocabulary::build(&assembled.index));
                let matched = finder::matched_terms(&assembled.index, lang, query, options, Rc::clone(&vocabulary));
                (assembled, vocabulary, matched)
            }
        };
        if let Some(names) = self.facet_names.clone() {
            self.obtain_value_docs(&names, selection, &mut wanted)?;
        }
        // A field whose matched lists name together at least as many postings as there are
        // documents reads their lengths from its table, a byte per document, instead of with
        // every list, a byte per posting (a Thai query's bigrams share most of their documents).
        let mut listed = vec![0u64; root.fields.len()];
        for &(field, term) in &matched {
            if let (Some(slot), Some((_, df))) = (listed.get_mut(field), assembled.out_of_line(field, term)) {
                *slot += df as u64;
            }
        }
        for &(field, term) in &matched {
            let Some((span, df)) = assembled.out_of_line(field, term) else { continue };
            let dense = listed.get(field).is_some_and(|&n| n >= u64::from(root.doc_count));
            let table = root.fields.get(field).map(|stats| stats.lengths);
            match table
                .filter(|_| !self.postings.contains_key(&span) && (dense || self.length_tables.contains_key(&field)))
            {
                Some(table) => {
                    self.obtain(Object::Lengths(field), table, &mut wanted)?;
                    let short = without_lengths(span, df)?;
                    self.obtain(Object::Postings { df: df as u32, lengths: false }, short, &mut wanted)?;
                }
                None => self.obtain(Object::Postings { df: df as u32, lengths: true }, span, &mut wanted)?,
            }
        }
        if !wanted.is_empty() {
            let planned =
                Planned { query: query.to_string(), options: options.clone(), assembled, vocabulary, matched };
            self.planned = Some(planned);
            return Ok(Ranking::Fetch(wanted));
        }
        assembled.fill(&matched, &self.postings, &self.length_tables);
        assembled.balance_lengths(root)?;
        Ok(Ranking::Done(finder::find_in(&assembled.index, lang, query, options, Some(vocabulary))))
    }

    fn blocks_missing(&self, wanted: &[(Object, Span)]) -> bool {
        wanted.iter().any(|(object, _)| matches!(object, Object::Block(..)))
    }

    fn obtain_blocks(
        &mut self,
        root: &Root,
        ranges: &[Lookup],
        wanted: &mut Vec<(Object, Span)>,
    ) -> Result<(), ShardError> {
        for (dictionary, range) in ranges {
            let directory = directory(root, *dictionary);
            for block in blocks_of(directory, range) {
                if let Some(reference) = directory.get(block) {
                    self.obtain(Object::Block(*dictionary, block), reference.span, wanted)?;
                }
            }
        }
        Ok(())
    }

    /// The loaded entries of `range`'s blocks whose key is in the range.
    fn entries<'a>(&'a self, root: &Root, (dictionary, range): &'a Lookup) -> impl Iterator<Item = &'a Entry> + 'a {
        let directory = directory(root, *dictionary);
        blocks_of(directory, range)
            .filter_map(move |block| self.blocks.get(&(*dictionary, block)))
            .flat_map(|entries| entries.iter())
            .filter(move |entry| range.contains(entry.key()))
    }

    /// The index of the terms in `ranges` (see the module documentation); a term found in
    /// both dictionaries is one term.
    fn assemble(&self, root: &Root, ranges: &[Lookup]) -> Assembled {
        let mut per_field: Vec<BTreeMap<&str, (u32, &Postings)>> =
            root.fields.iter().map(|_| BTreeMap::new()).collect();
        for entry in ranges.iter().flat_map(|range| self.entries(root, range)) {
            for field_entry in &entry.fields {
                if let Some(terms) = per_field.get_mut(field_entry.field as usize) {
                    terms.insert(entry.term.as_str(), (field_entry.df, &field_entry.postings));
                }
            }
        }
        let doc_count = root.doc_count as usize;
        let mut sources = Vec::with_capacity(per_field.len());
        let fields = root
            .fields
            .iter()
            .zip(per_field)
            .map(|(stats, terms)| {
                let mut field = Field { name: stats.name.clone(), ..Field::default() };
                let mut field_sources = Vec::with_capacity(terms.len());
                for (term, (df, postings)) in terms {
                    field.terms.push(term.to_string());
                    field.postings.push(match postings {
                        Postings::Inline(list) => list.postings.clone(),
                        // Matching reads only the length (the document frequency) of a list
                        // whose postings are not needed.
                        Postings::At(_) => vec![PLACEHOLDER; df as usize],
                    });
                    field_sources.push(postings.clone());
                }
                field.doc_lengths = vec![0; doc_count];
                sources.push(field_sources);
                field
            })
            .collect();
        let index = Index { doc_refs: vec![String::new(); doc_count], fields };
        Assembled { index, sources }
    }
}

/// The block directory of `dictionary`.
fn directory(root: &Root, dictionary: Dictionary) -> &[BlockRef] {
    match dictionary {
        Dictionary::Terms => &root.blocks,
        Dictionary::Suffixes => &root.suffix_blocks,
    }
}

/// The range of a posting list stored at `span` without its lengths (its last `df` bytes).
fn without_lengths(span: Span, df: usize) -> Result<Span, ShardError> {
    let len = u32::try_from(df).ok().and_then(|df| span.len.checked_sub(df));
    let len = len.ok_or_else(|| ShardError::corrupt("dictionary", "a posting list shorter than its lengths"))?;
    Ok(Span { len, ..span })
}

/// The blocks of `directory` that may hold keys of `range`.
fn blocks_of(directory: &[BlockRef], range: &TermRange) -> std::ops::Range<usize> {
    range.blocks(|i| directory.get(i).map_or("", |block| block.first.as_str()), directory.len())
}

/// Where the root is read from (the whole file).
const ROOT_SPAN: Span = Span { segment: 0, offset: 0, len: 0 };

/// A posting that stands only for the length of its list; never scored (beyond every document).
const PLACEHOLDER: Posting = Posting { doc: u32::MAX, count: 1 };

enum Ranking {
    Done(Found),
    Fetch(Vec<(Object, Span)>),
}

/// The per-query index and, per field and term, where its postings are.
struct Assembled {
    index: Index,
    sources: Vec<Vec<Postings>>,
}

impl Assembled {
    /// Where the postings of `term` in `field` lie, with their document frequency, if not inline.
    fn out_of_line(&self, field: usize, term: usize) -> Option<(Span, usize)> {
        let Some(Postings::At(span)) = self.sources.get(field).and_then(|s| s.get(term)) else { return None };
        let df = self.index.fields.get(field).and_then(|f| f.postings.get(term)).map_or(0, Vec::len);
        Some((*span, df))
    }

    /// Puts the real postings of the matched terms in place and records the lengths they carry,
    /// or their field's table has.
    fn fill(
        &mut self,
        matched: &[(usize, usize)],
        postings: &HashMap<Span, Rc<PostingList>>,
        tables: &HashMap<usize, Rc<Vec<u32>>>,
    ) {
        for &(field, term) in matched {
            let list = match (self.sources.get(field).and_then(|s| s.get(term)), self.out_of_line(field, term)) {
                (Some(Postings::Inline(list)), _) => Rc::clone(list),
                (_, Some((span, df))) => {
                    let short = without_lengths(span, df).ok();
                    match postings.get(&span).or_else(|| short.and_then(|short| postings.get(&short))) {
                        Some(list) => Rc::clone(list),
                        None => continue,
                    }
                }
                _ => continue,
            };
            let table = tables.get(&field);
            let Some(target) = self.index.fields.get_mut(field) else { continue };
            if let Some(slot) = target.postings.get_mut(term) {
                slot.clone_from(&list.postings);
            }
            for (at, posting) in list.postings.iter().enumerate() {
                let doc = posting.doc as usize;
                let length = list.lengths.get(at).or_else(|| table.and_then(|table| table.get(doc)));
                if let (Some(slot), Some(&length)) = (target.doc_lengths.get_mut(doc), length) {
                    *slot = length;
                }
            }
        }
    }

    /// Fills in lengths so that each field's lengths add up to the corpus total, which makes
    /// the finder's average length exact: first the lengths of documents no loaded posting
    /// names (never scored), then, if every document is named, the rest up to the end of each
    /// loaded length's bucket. A loaded length is its bucket's least, and the exact one lies
    /// in the same bucket, so that room always suffices, and the lengths scoring reads are
    /// unchanged.
    fn balance_lengths(&mut self, root: &Root) -> Result<(), ShardError> {
        for (field, stats) in self.index.fields.iter_mut().zip(&root.fields) {
            let known: u64 = field.doc_lengths.iter().map(|&l| u64::from(l)).sum();
            let mut rest = stats
                .total_length
                .checked_sub(known)
                .ok_or_else(|| ShardError::corrupt("postings", "field lengths exceed the corpus total"))?;
            for length in field.doc_lengths.iter_mut().filter(|l| **l == 0) {
                if rest == 0 {
                    break;
                }
                let part = rest.min(u64::from(u32::MAX));
                *length = part as u32;
                rest -= part;
            }
            for length in field.doc_lengths.iter_mut() {
                if rest == 0 {
                    break;
                }
                let most = code_max_length(length_code(*length)).unwrap_or(*length);
                let part = rest.min(u64::from(most - *length));
                *length += part as u32;
                rest -= part;
            }
            if rest > 0 {
                return Err(ShardError::corrupt("postings", "field lengths fall short of the corpus total"));
            }
        }
        Ok(())
    }
}

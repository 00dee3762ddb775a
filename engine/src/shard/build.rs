//! Writing a sharded index from an [`Index`] and the documents' cards.

use std::rc::Rc;

use super::facets::{encode_docs, encode_names, encode_rows, rows_of, value_docs, Row, Value};
use super::format::{
    card_size, encode_card, encode_entry, encode_postings, encode_root, encode_spans, suffix_key, BlockRef, Card,
    Entry, FieldEntry, FieldStats, PostingList, Postings, Root, Span, INLINE_MAX_BYTES, SUFFIX_END,
};
use super::ranges::may_start_compound_part;
use crate::finder::length::length_code;
use crate::index::varint::put_varint;
use crate::index::Index;
use crate::model::Doc;
use crate::Lang;

/// Sizes of the parts; the defaults suit 1 k – 100 k documents.
#[derive(Clone, Debug)]
pub struct ShardOptions {
    /// File names start with this (`{prefix}root.bin`, `{prefix}{n}.bin`).
    pub name_prefix: String,
    /// A dictionary block closes once it holds this many bytes.
    pub block_bytes: usize,
    /// A segment file closes once it holds this many bytes.
    pub segment_bytes: usize,
    /// Largest card slot: longer cards lose the end of their summary (then title).
    pub card_slot_max: usize,
    pub facet_rows_per_chunk: u32,
    /// An index whose parts total at most this many bytes is written as one file.
    pub single_file_max: usize,
    /// The language code stored in the root; a language with compounds gets a suffix
    /// dictionary (unless the index is one file).
    pub lang: String,
}

impl Default for ShardOptions {
    fn default() -> Self {
        Self {
            name_prefix: String::new(),
            block_bytes: 8 * 1024,
            segment_bytes: 32 * 1024 * 1024,
            card_slot_max: 384,
            facet_rows_per_chunk: 512,
            single_file_max: 512 * 1024,
            lang: String::new(),
        }
    }
}

/// The files of a sharded index, root first.
#[derive(Clone, Debug, Default)]
pub struct ShardFiles {
    pub files: Vec<(String, Vec<u8>)>,
}

impl ShardFiles {
    pub fn root_name(&self) -> &str {
        self.files.first().map_or("", |(name, _)| name.as_str())
    }

    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|(_, bytes)| bytes.len()).sum()
    }
}

/// Writes `index` sharded. `cards[doc]` is document `doc`'s card and `docs[doc]` holds its
/// facet values (missing ones: an empty card, no values). Small indexes come out as one file;
/// larger ones as a root and segment files read by range.
pub fn build(index: &Index, cards: &[Card], docs: &[Doc], options: &ShardOptions) -> ShardFiles {
    let single = write(index, cards, docs, options, true);
    if single.total_bytes() <= options.single_file_max {
        return single;
    }
    write(index, cards, docs, options, false)
}

/// The parts of the index appended to segments; `shared` puts every stream into segment 0.
struct Segments {
    files: Vec<Vec<u8>>,
    /// Per stream (dictionary, postings, cards): its open segment.
    open: [Option<usize>; 3],
    max: usize,
    shared: bool,
}

const DICTIONARY: usize = 0;
const POSTINGS: usize = 1;
const CARDS: usize = 2;

impl Segments {
    fn place(&mut self, stream: usize, bytes: &[u8]) -> Span {
        let segment = match self.open.get(stream).copied().flatten() {
            Some(open) if self.shared || self.files.get(open).is_some_and(|f| f.len() + bytes.len() <= self.max) => {
                open
            }
            _ => {
                let fresh = if self.shared && !self.files.is_empty() { 0 } else { self.files.len() };
                if fresh == self.files.len() {
                    self.files.push(Vec::new());
                }
                if let Some(slot) = self.open.get_mut(stream) {
                    *slot = Some(fresh);
                }
                fresh
            }
        };
        let file = &mut self.files[segment];
        let span = Span { segment: segment as u32, offset: file.len() as u64, len: bytes.len() as u32 };
        file.extend_from_slice(bytes);
        span
    }
}

fn write(index: &Index, cards: &[Card], docs: &[Doc], options: &ShardOptions, single: bool) -> ShardFiles {
    let mut segments =
        Segments { files: Vec::new(), open: [None; 3], max: options.segment_bytes.max(1), shared: single };
    let block_bytes = options.block_bytes.max(1);
    // One file is read whole: its reader scans the whole vocabulary and needs no suffixes.
    let suffixes = !single && Lang::from_code(&options.lang).is_some_and(|lang| lang.profile().compounds);
    let (blocks, entries) = write_dictionary(index, block_bytes, &mut segments, suffixes);
    let suffix_blocks = write_suffixes(&entries, block_bytes, &mut segments);
    drop(entries);
    let doc_count = index.doc_refs.len();
    let empty = Card::default();
    let card_of = |doc: usize| cards.get(doc).unwrap_or(&empty);
    let reference_only = |card: &Card| card_size(&Card { reference: card.reference.clone(), ..Card::default() });
    let needed = (0..doc_count).map(|doc| reference_only(card_of(doc))).max().unwrap_or(1);
    let longest = (0..doc_count).map(|doc| card_size(card_of(doc))).max().unwrap_or(1);
    let slot = longest.min(options.card_slot_max).max(needed);
    let mut card_bytes = Vec::with_capacity(slot * doc_count);
    for doc in 0..doc_count {
        card_bytes.extend_from_slice(&encode_card(card_of(doc), slot));
    }
    let cards_span = segments.place(CARDS, &card_bytes);
    drop(card_bytes);
    // Each field's length table: a byte per document.
    let length_tables: Vec<Span> = index
        .fields
        .iter()
        .map(|field| {
            let length = |doc: usize| field.doc_lengths.get(doc).copied().unwrap_or(0);
            let codes: Vec<u8> = (0..doc_count).map(|doc| length_code(length(doc)) as u8).collect();
            segments.place(POSTINGS, &codes)
        })
        .collect();
    let rows_per_chunk = options.facet_rows_per_chunk.max(1) as usize;
    let (facet_names, facet_directory) = write_facets(docs, doc_count, rows_per_chunk, &mut segments);
    let root_name = format!("{}root.bin", options.name_prefix);
    let segment_names: Vec<String> = if single {
        vec![root_name.clone()]
    } else {
        (0..segments.files.len()).map(|n| format!("{}{n}.bin", options.name_prefix)).collect()
    };
    let root = Root {
        lang: options.lang.clone(),
        doc_count: doc_count as u32,
        fields: index
            .fields
            .iter()
            .zip(length_tables)
            .map(|(field, lengths)| FieldStats {
                name: field.name.clone(),
                total_length: field.doc_lengths.iter().map(|&l| u64::from(l)).sum(),
                lengths,
            })
            .collect(),
        segments: segment_names.clone(),
        embedded: single,
        blocks,
        suffix_blocks,
        card_slot: slot as u32,
        cards: cards_span,
        facet_names,
        facet_rows_per_chunk: rows_per_chunk as u32,
        facet_directory,
    };
    let mut root_bytes = encode_root(&root);
    let mut files = Vec::new();
    if single {
        for segment in &segments.files {
            root_bytes.extend_from_slice(segment);
        }
        files.push((root_name, root_bytes));
    } else {
        files.push((root_name, root_bytes));
        files.extend(segment_names.into_iter().zip(segments.files));
    }
    ShardFiles { files }
}

/// Walks the union vocabulary in order, writing out-of-line postings as it goes and closing a
/// dictionary block every `block_bytes`. Returns the blocks and, if `keep` (for the suffix
/// dictionary), every entry.
fn write_dictionary(
    index: &Index,
    block_bytes: usize,
    segments: &mut Segments,
    keep: bool,
) -> (Vec<BlockRef>, Vec<Entry>) {
    let mut heads = vec![0usize; index.fields.len()];
    let mut blocks = BlockWriter::new(block_bytes);
    let mut kept = Vec::new();
    let mut scratch = Vec::new();
    loop {
        let next = index.fields.iter().zip(&heads).filter_map(|(field, &head)| field.terms.get(head)).min().cloned();
        let Some(term) = next else { break };
        let mut entry = Entry { term: term.clone(), key_start: 0, fields: Vec::new() };
        for (number, (field, head)) in index.fields.iter().zip(heads.iter_mut()).enumerate() {
            if field.terms.get(*head) != Some(&term) {
                continue;
            }
            let postings = field.postings.get(*head).cloned().unwrap_or_default();
            let lengths =
                postings.iter().map(|p| field.doc_lengths.get(p.doc as usize).copied().unwrap_or(0)).collect();
            let postings = PostingList { postings, lengths };
            *head += 1;
            if postings.postings.is_empty() {
                continue;
            }
            scratch.clear();
            encode_postings(&mut scratch, &postings);
            let df = postings.postings.len() as u32;
            let postings = if scratch.len() <= INLINE_MAX_BYTES {
                Postings::Inline(Rc::new(postings))
            } else {
                Postings::At(segments.place(POSTINGS, &scratch))
            };
            entry.fields.push(FieldEntry { field: number as u32, df, postings });
        }
        if entry.fields.is_empty() {
            continue;
        }
        blocks.push(&entry.term, &entry.fields, segments);
        if keep {
            kept.push(entry);
        }
    }
    (blocks.finish(segments), kept)
}

/// The suffix dictionary of `entries` (see [`super::format::Dictionary::Suffixes`]): each
/// suffix that may start a compound part, with everything its term's entry holds, so that a
/// query needs no other dictionary round. Inline postings are repeated, not referenced: most
/// are one or two postings, a few bytes, about what a reference to them would take.
fn write_suffixes(entries: &[Entry], block_bytes: usize, segments: &mut Segments) -> Vec<BlockRef> {
    let mut keys: Vec<(String, &Entry)> = entries
        .iter()
        // A term holding the separator could not be told from its key; no analyzed term does.
        .filter(|entry| !entry.term.contains(SUFFIX_END))
        .flat_map(|entry| {
            let term = entry.term.as_str();
            let starts = term.char_indices().skip(1).map(|(start, _)| start);
            starts
                .filter(|&start| term.get(start..).is_some_and(may_start_compound_part))
                .map(move |start| (suffix_key(term, start), entry))
        })
        .collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut blocks = BlockWriter::new(block_bytes);
    for (key, entry) in &keys {
        blocks.push(key, &entry.fields, segments);
    }
    blocks.finish(segments)
}

/// Encodes entries into dictionary blocks, closing one every `block_bytes`.
struct BlockWriter {
    block_bytes: usize,
    /// The open block's keys, and the rest of its entries.
    keys: Vec<u8>,
    block: Vec<u8>,
    entries: u64,
    first: String,
    previous: String,
    blocks: Vec<BlockRef>,
}

impl BlockWriter {
    fn new(block_bytes: usize) -> Self {
        Self {
            block_bytes,
            keys: Vec::new(),
            block: Vec::new(),
            entries: 0,
            first: String::new(),
            previous: String::new(),
            blocks: Vec::new(),
        }
    }

    /// Adds an entry; keys must come in ascending order.
    fn push(&mut self, key: &str, fields: &[FieldEntry], segments: &mut Segments) {
        if self.entries == 0 {
            self.first = key.to_string();
            self.previous.clear();
        }
        encode_entry(&mut self.keys, &mut self.block, &self.previous, key, fields);
        self.entries += 1;
        self.previous = key.to_string();
        if self.keys.len() + self.block.len() >= self.block_bytes {
            self.close(segments);
        }
    }

    fn close(&mut self, segments: &mut Segments) {
        let mut bytes = Vec::with_capacity(self.keys.len() + self.block.len() + 5);
        put_varint(&mut bytes, self.entries);
        bytes.append(&mut self.keys);
        bytes.append(&mut self.block);
        self.entries = 0;
        self.blocks.push(BlockRef { first: self.first.clone(), span: segments.place(DICTIONARY, &bytes) });
    }

    fn finish(mut self, segments: &mut Segments) -> Vec<BlockRef> {
        if self.entries > 0 {
            self.close(segments);
        }
        self.blocks
    }
}

/// Each facet value's documents (postings stream), the value names (dictionary stream) and the
/// rows in chunks (cards stream); returns the spans of the names and of the rows' directory.
fn write_facets(docs: &[Doc], doc_count: usize, rows_per_chunk: usize, segments: &mut Segments) -> (Span, Span) {
    let (names, mut rows) = rows_of(docs.get(..doc_count.min(docs.len())).unwrap_or_default());
    rows.resize(doc_count, Row::default());
    let lists = value_docs(&names, &rows);
    let values = names
        .iter()
        .zip(&lists)
        .map(|(names, lists)| {
            names
                .iter()
                .zip(lists)
                .map(|(name, docs)| Value {
                    name: name.clone(),
                    df: docs.len() as u32,
                    docs: segments.place(POSTINGS, &encode_docs(docs)),
                })
                .collect()
        })
        .collect();
    let names_span = segments.place(DICTIONARY, &encode_names(&values));
    let chunks: Vec<Span> =
        rows.chunks(rows_per_chunk).map(|chunk| segments.place(CARDS, &encode_rows(chunk))).collect();
    (names_span, segments.place(DICTIONARY, &encode_spans(&chunks)))
}

//! The byte layout of a sharded index's objects (see the module documentation of
//! [`crate::shard`]): the root, dictionary blocks, posting lists, the card directory and card
//! chunks. Encoding never fails; decoding bounds every count by the bytes left, so a truncated
//! or corrupt object gives an error, never a panic or a huge allocation.

use std::rc::Rc;

use super::ShardError;
use crate::finder::length::{code_length, code_max_length, length_code};
use crate::index::varint::{put_bytes, put_front_coded, put_varint, shared_prefix_len, Reader};
use crate::index::Posting;

pub(super) const ROOT_MAGIC: &[u8; 4] = b"FKSR";
/// The format: version 2 added the suffix dictionary, version 3 stores postings and facet
/// rows column by column, version 4 a dictionary block's keys before the rest of its
/// entries, version 5 a posting's field length as its bucket's code
/// ([`crate::finder::length`]), version 6 those codes last in a list, a byte each, and a
/// length table per field, version 7 a bit per posting for a count other than 1. A site's pages and its index are built together, so a reader reads its own
/// version only and names any other.
pub(super) const VERSION: u8 = 7;

/// Where an object lies: `len` bytes at `offset` of segment `segment`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub segment: u32,
    pub offset: u64,
    pub len: u32,
}

impl Span {
    pub fn end(&self) -> u64 {
        self.offset + u64::from(self.len)
    }
}

/// Corpus statistics of one field: what scoring needs beyond the postings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldStats {
    pub name: String,
    /// The sum of the field's lengths over all documents.
    pub total_length: u64,
    /// The field's length table: each document's length code ([`crate::finder::length`]), a
    /// byte each, in document order. A query whose lists in the field are dense reads their
    /// lengths here once instead of with every list.
    pub lengths: Span,
}

/// A dictionary block: the first key it holds and where it lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockRef {
    pub first: String,
    pub span: Span,
}

/// The two dictionaries of a sharded index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dictionary {
    /// Every term, keyed by itself.
    Terms,
    /// For languages with compounds: every suffix a compound part may start, keyed by the
    /// suffix, a zero byte and the rest of the term before it (so that keys are distinct and
    /// sort by suffix).
    Suffixes,
}

/// The small file every query starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    pub lang: String,
    pub doc_count: u32,
    pub fields: Vec<FieldStats>,
    /// File names of the segments, by number.
    pub segments: Vec<String>,
    /// Segment 0 is the rest of the root file (a small index: one request answers everything).
    pub embedded: bool,
    /// Ascending by first term; block `i` holds the terms from its first up to block `i + 1`'s.
    pub blocks: Vec<BlockRef>,
    /// The suffix dictionary's blocks, ascending by first key (empty without one).
    pub suffix_blocks: Vec<BlockRef>,
    /// Every card takes this many bytes (zero-padded): card `d` lies at `cards.offset + d · card_slot`.
    pub card_slot: u32,
    /// Where the cards lie, all in one segment.
    pub cards: Span,
    pub facet_names: Span,
    pub facet_rows_per_chunk: u32,
    pub facet_directory: Span,
}

/// A posting list without positions, with what BM25 reads besides the counts: `lengths[i]` is
/// the field's length in document `postings[i].doc` (as stored: the least of its bucket, what
/// scoring reads, see [`crate::finder::length`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostingList {
    pub postings: Vec<Posting>,
    pub lengths: Vec<u32>,
}

/// A term's postings in one field: inline in the dictionary block (rare terms) or elsewhere.
#[derive(Clone, Debug, PartialEq)]
pub enum Postings {
    Inline(Rc<PostingList>),
    At(Span),
}

/// A term of a dictionary block in one field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldEntry {
    pub field: u32,
    pub df: u32,
    pub postings: Postings,
}

/// A term of a dictionary block.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub term: String,
    /// Where the entry's sort key starts in `term`: 0 in the term dictionary, the suffix's
    /// first byte in the suffix dictionary.
    pub key_start: usize,
    pub fields: Vec<FieldEntry>,
}

impl Entry {
    /// What the entry is sorted and looked up by: the term, or its suffix.
    pub fn key(&self) -> &str {
        self.term.get(self.key_start..).unwrap_or_default()
    }
}

/// Separates the suffix from the rest of its term in a suffix dictionary key.
pub(super) const SUFFIX_END: char = '\0';

/// The suffix dictionary key of `term`'s suffix from byte `start` (a char boundary).
pub(super) fn suffix_key(term: &str, start: usize) -> String {
    let (head, suffix) = term.split_at(start);
    format!("{suffix}{SUFFIX_END}{head}")
}

/// What a result shows before its page is opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    pub reference: String,
    pub title: String,
    pub summary: String,
}

fn put_span(out: &mut Vec<u8>, span: Span) {
    put_varint(out, u64::from(span.segment));
    put_varint(out, span.offset);
    put_varint(out, u64::from(span.len));
}

fn read_span(reader: &mut Reader<'_>) -> Result<Span, ShardError> {
    let segment = reader.u32("segment")?;
    let offset = reader.varint("offset")?;
    let len = reader.u32("length")?;
    Ok(Span { segment, offset, len })
}

pub(super) fn encode_root(root: &Root) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(ROOT_MAGIC);
    out.push(VERSION);
    put_bytes(&mut out, root.lang.as_bytes());
    put_varint(&mut out, u64::from(root.doc_count));
    put_varint(&mut out, root.fields.len() as u64);
    for field in &root.fields {
        put_bytes(&mut out, field.name.as_bytes());
        put_varint(&mut out, field.total_length);
        put_span(&mut out, field.lengths);
    }
    put_varint(&mut out, root.segments.len() as u64);
    for name in &root.segments {
        put_bytes(&mut out, name.as_bytes());
    }
    out.push(u8::from(root.embedded));
    put_directory(&mut out, &root.blocks);
    put_directory(&mut out, &root.suffix_blocks);
    put_varint(&mut out, u64::from(root.card_slot));
    put_span(&mut out, root.cards);
    put_span(&mut out, root.facet_names);
    put_varint(&mut out, u64::from(root.facet_rows_per_chunk));
    put_span(&mut out, root.facet_directory);
    out
}

/// The root and, for an embedded index, segment 0 (the rest of the file).
pub(super) fn decode_root(bytes: &[u8]) -> Result<(Root, Option<Vec<u8>>), ShardError> {
    let mut reader = Reader::new(bytes);
    if reader.take(ROOT_MAGIC.len(), "magic").ok() != Some(ROOT_MAGIC.as_slice()) {
        return Err(ShardError::NotARoot);
    }
    let version = reader.take(1, "version")?.first().copied().unwrap_or(0);
    if version != VERSION {
        return Err(ShardError::UnsupportedVersion { found: version, supported: VERSION });
    }
    let lang = reader.string("language")?;
    let doc_count = reader.u32("document count")?;
    let field_count = reader.count("field count", 2)?;
    let mut fields = Vec::with_capacity(field_count);
    for _ in 0..field_count {
        let name = reader.string("field name")?;
        let total_length = reader.varint("field length total")?;
        let lengths = read_span(&mut reader)?;
        if u64::from(lengths.len) != u64::from(doc_count) {
            return Err(ShardError::corrupt("root", "a length table does not hold a byte per document"));
        }
        fields.push(FieldStats { name, total_length, lengths });
    }
    let segment_count = reader.count("segment count", 1)?;
    let mut segments = Vec::with_capacity(segment_count);
    for _ in 0..segment_count {
        segments.push(reader.string("segment name")?);
    }
    let embedded = match reader.take(1, "embedded flag")?.first() {
        Some(0) => false,
        Some(1) => true,
        _ => return Err(ShardError::corrupt("root", "embedded flag is neither 0 nor 1")),
    };
    let blocks = read_directory(&mut reader)?;
    let suffix_blocks = read_directory(&mut reader)?;
    let card_slot = reader.u32("card slot")?;
    let cards = read_span(&mut reader)?;
    if card_slot == 0 || u64::from(cards.len) != u64::from(card_slot) * u64::from(doc_count) {
        return Err(ShardError::corrupt("root", "the cards do not fill a slot per document"));
    }
    let facet_names = read_span(&mut reader)?;
    let facet_rows_per_chunk = reader.u32("facet rows per chunk")?;
    if facet_rows_per_chunk == 0 {
        return Err(ShardError::corrupt("root", "zero facet rows per chunk"));
    }
    let facet_directory = read_span(&mut reader)?;
    let root = Root {
        lang,
        doc_count,
        fields,
        segments,
        embedded,
        blocks,
        suffix_blocks,
        card_slot,
        cards,
        facet_names,
        facet_rows_per_chunk,
        facet_directory,
    };
    let known = |span: &Span| (span.segment as usize) < root.segments.len().max(usize::from(root.embedded));
    let directories = [root.cards, root.facet_names, root.facet_directory];
    let blocks = root.blocks.iter().chain(&root.suffix_blocks);
    let tables = root.fields.iter().map(|field| &field.lengths);
    if !blocks.map(|block| &block.span).chain(tables).all(known) || !directories.iter().all(known) {
        return Err(ShardError::corrupt("root", "a span names an unknown segment"));
    }
    let rest = bytes.get(reader.offset()..).unwrap_or_default();
    let segment = if root.embedded { Some(rest.to_vec()) } else { None };
    if !root.embedded && !rest.is_empty() {
        return Err(ShardError::corrupt("root", "trailing bytes after the root"));
    }
    Ok((root, segment))
}

/// A block directory: the blocks' first keys (front-coded), then their spans.
fn put_directory(out: &mut Vec<u8>, blocks: &[BlockRef]) {
    put_varint(out, blocks.len() as u64);
    put_front_coded(out, blocks.iter().map(|block| block.first.as_str()));
    for block in blocks {
        put_span(out, block.span);
    }
}

fn read_directory(reader: &mut Reader<'_>) -> Result<Vec<BlockRef>, ShardError> {
    let block_count = reader.count("block count", 5)?;
    let firsts = reader.front_coded(block_count, "block first term")?;
    let mut blocks = Vec::with_capacity(block_count);
    for first in firsts {
        blocks.push(BlockRef { first, span: read_span(reader)? });
    }
    if blocks.windows(2).any(|pair| pair.first().map(|b| &b.first) >= pair.last().map(|b| &b.first)) {
        return Err(ShardError::corrupt("root", "block first terms are not ascending"));
    }
    Ok(blocks)
}

/// Postings no longer than this (encoded) stay inline in their dictionary entry.
pub(super) const INLINE_MAX_BYTES: usize = 24;

/// Column by column — every document gap, then every packed length, then the counts other
/// than 1 — rather than posting by posting: each column's numbers are alike, which brotli's
/// context modelling exploits (the same bytes interleaved compress worse).
pub(super) fn encode_postings(out: &mut Vec<u8>, list: &PostingList) {
    let mut next_doc = 0u32;
    for posting in &list.postings {
        put_varint(out, u64::from(posting.doc.wrapping_sub(next_doc)));
        next_doc = posting.doc.wrapping_add(1);
    }
    // Which counts are not 1, a bit each, then those counts.
    let mut flags = vec![0u8; list.postings.len().div_ceil(8)];
    for (at, posting) in list.postings.iter().enumerate() {
        if posting.count != 1 {
            if let Some(byte) = flags.get_mut(at / 8) {
                *byte |= 1 << (at % 8);
            }
        }
    }
    out.extend_from_slice(&flags);
    for posting in list.postings.iter().filter(|posting| posting.count != 1) {
        put_varint(out, u64::from(posting.count.wrapping_sub(2)));
    }
    // Last, a byte per posting, so that a reader holding the field's length table can leave
    // them out of its range.
    out.extend(list.lengths.iter().map(|&length| length_code(length) as u8));
}

/// Reads `df` postings; their lengths too if `with_lengths` (else `lengths` stays empty: the
/// bytes were left out, see [`encode_postings`]).
fn read_postings(
    reader: &mut Reader<'_>,
    df: usize,
    doc_count: u32,
    with_lengths: bool,
) -> Result<PostingList, ShardError> {
    let mut list = PostingList { postings: Vec::with_capacity(df), lengths: Vec::new() };
    let mut next_doc = 0u64;
    for _ in 0..df {
        let doc = next_doc.saturating_add(reader.varint("posting document")?);
        let doc = u32::try_from(doc).ok().filter(|&doc| doc < doc_count);
        let doc = doc.ok_or_else(|| ShardError::corrupt("postings", "document number beyond the corpus"))?;
        list.postings.push(Posting { doc, count: 1 });
        next_doc = u64::from(doc) + 1;
    }
    let flags = reader.take(df.div_ceil(8), "posting count flags")?;
    for (at, posting) in list.postings.iter_mut().enumerate() {
        if flags.get(at / 8).is_some_and(|byte| byte & (1 << (at % 8)) != 0) {
            posting.count = reader
                .u32("posting count")?
                .checked_add(2)
                .ok_or_else(|| ShardError::corrupt("postings", "count overflows"))?;
        }
    }
    if with_lengths {
        let codes = reader.take(df, "posting lengths")?;
        list.lengths = decode_lengths(codes)?;
        for (posting, &length) in list.postings.iter().zip(&list.lengths) {
            // The length read is its bucket's least; the field may be longer, up to the bucket's end.
            if code_max_length(length_code(length)).is_none_or(|most| posting.count > most) {
                return Err(ShardError::corrupt("postings", "a term occurs more often than the field has tokens"));
            }
        }
    }
    Ok(list)
}

/// Length codes, a byte each, as the lengths scoring reads.
fn decode_lengths(codes: &[u8]) -> Result<Vec<u32>, ShardError> {
    codes
        .iter()
        .map(|&code| {
            code_length(u32::from(code)).ok_or_else(|| ShardError::corrupt("lengths", "length code out of range"))
        })
        .collect()
}

/// A field's length table ([`FieldStats::lengths`]).
pub(super) fn decode_length_table(bytes: &[u8], doc_count: u32) -> Result<Vec<u32>, ShardError> {
    if bytes.len() as u64 != u64::from(doc_count) {
        return Err(ShardError::corrupt("lengths", "the table does not hold a byte per document"));
    }
    decode_lengths(bytes)
}

/// A posting list stored on its own (its `df` comes from the dictionary), with its lengths or,
/// if not `with_lengths`, the range without them (the last `df` bytes).
pub(super) fn decode_postings(
    bytes: &[u8],
    df: u32,
    doc_count: u32,
    with_lengths: bool,
) -> Result<PostingList, ShardError> {
    let mut reader = Reader::new(bytes);
    // Each posting takes at least a byte and a bit, two bytes and a bit with its length.
    let least = if with_lengths { 2 } else { 1 };
    let flags = (df as usize).div_ceil(8);
    if (df as usize).saturating_mul(least).saturating_add(flags) > bytes.len() {
        return Err(ShardError::corrupt("postings", "fewer bytes than the document frequency needs"));
    }
    let postings = read_postings(&mut reader, df as usize, doc_count, with_lengths)?;
    if reader.remaining() > 0 {
        return Err(ShardError::corrupt("postings", "trailing bytes"));
    }
    Ok(postings)
}

/// Encodes a dictionary entry under `key`: the key, front-coded after the block's `previous`
/// key, into `keys`, and the rest into `fields` (a block holds all its keys, then all the rest:
/// text beside text and numbers beside numbers compress better). Out-of-line postings are
/// already placed at their span.
pub(super) fn encode_entry(keys: &mut Vec<u8>, fields: &mut Vec<u8>, previous: &str, key: &str, entry: &[FieldEntry]) {
    put_front_coded_pair(keys, previous, key);
    encode_fields(fields, entry);
}

fn encode_fields(out: &mut Vec<u8>, fields: &[FieldEntry]) {
    put_varint(out, fields.len() as u64);
    for field in fields {
        put_varint(out, u64::from(field.field));
        put_varint(out, u64::from(field.df));
        match &field.postings {
            Postings::Inline(postings) => {
                out.push(0);
                encode_postings(out, postings);
            }
            Postings::At(span) => {
                out.push(1);
                put_span(out, *span);
            }
        }
    }
}

fn put_front_coded_pair(out: &mut Vec<u8>, previous: &str, term: &str) {
    let shared = shared_prefix_len(previous, term);
    put_varint(out, shared as u64);
    put_bytes(out, term.as_bytes().get(shared..).unwrap_or_default());
}

pub(super) fn decode_block(
    bytes: &[u8],
    dictionary: Dictionary,
    field_count: usize,
    doc_count: u32,
) -> Result<Vec<Entry>, ShardError> {
    let mut reader = Reader::new(bytes);
    let count = reader.count("block entry count", 4)?;
    let mut keys: Vec<String> = Vec::with_capacity(count);
    for _ in 0..count {
        let previous = keys.last().map_or("", String::as_str);
        let key = front_coded_after(&mut reader, previous)?;
        if !keys.is_empty() && key.as_str() <= previous {
            return Err(ShardError::corrupt("dictionary block", "keys are not ascending"));
        }
        keys.push(key);
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(count);
    for key in keys {
        let (term, key_start) = match dictionary {
            Dictionary::Terms => (key, 0),
            Dictionary::Suffixes => term_of_suffix_key(&key)?,
        };
        let fields = read_fields(&mut reader, field_count, doc_count)?;
        entries.push(Entry { term, key_start, fields });
    }
    if reader.remaining() > 0 {
        return Err(ShardError::corrupt("dictionary block", "trailing bytes"));
    }
    Ok(entries)
}

/// The term a suffix key stands for, and where its suffix starts.
fn term_of_suffix_key(key: &str) -> Result<(String, usize), ShardError> {
    match key.split_once(SUFFIX_END) {
        Some((suffix, head)) if !head.is_empty() && !suffix.is_empty() => Ok((format!("{head}{suffix}"), head.len())),
        _ => Err(ShardError::corrupt("suffix block", "a key is not a suffix and the rest of its term")),
    }
}

fn read_fields(reader: &mut Reader<'_>, field_count: usize, doc_count: u32) -> Result<Vec<FieldEntry>, ShardError> {
    let fields_in_entry = reader.count("entry field count", 3)?;
    let mut fields: Vec<FieldEntry> = Vec::with_capacity(fields_in_entry);
    for _ in 0..fields_in_entry {
        let field = reader.u32("entry field")?;
        if field as usize >= field_count || fields.last().is_some_and(|last| last.field >= field) {
            return Err(ShardError::corrupt("dictionary block", "field number out of range or order"));
        }
        let df = reader.u32("document frequency")?;
        if df == 0 || df > doc_count {
            return Err(ShardError::corrupt("dictionary block", "document frequency out of range"));
        }
        let postings = match reader.take(1, "postings kind")?.first() {
            Some(0) => {
                if (df as usize).saturating_mul(2) > reader.remaining() {
                    return Err(ShardError::corrupt("dictionary block", "inline postings cut short"));
                }
                Postings::Inline(Rc::new(read_postings(reader, df as usize, doc_count, true)?))
            }
            Some(1) => Postings::At(read_span(reader)?),
            _ => return Err(ShardError::corrupt("dictionary block", "unknown postings kind")),
        };
        fields.push(FieldEntry { field, df, postings });
    }
    Ok(fields)
}

fn front_coded_after(reader: &mut Reader<'_>, previous: &str) -> Result<String, ShardError> {
    let shared = reader.varint("term prefix")?;
    let prefix = usize::try_from(shared)
        .ok()
        .filter(|&shared| previous.is_char_boundary(shared))
        .and_then(|shared| previous.get(..shared))
        .ok_or_else(|| ShardError::corrupt("dictionary block", "shared prefix is not a char boundary"))?;
    let suffix = reader.string("term suffix")?;
    Ok(format!("{prefix}{suffix}"))
}

fn put_card(out: &mut Vec<u8>, card: &Card) {
    put_bytes(out, card.reference.as_bytes());
    put_bytes(out, card.title.as_bytes());
    put_bytes(out, card.summary.as_bytes());
}

/// The card's size, encoded.
pub(super) fn card_size(card: &Card) -> usize {
    let mut out = Vec::new();
    put_card(&mut out, card);
    out.len()
}

/// `card` in a slot of `slot` bytes: its summary, then its title, cut (at a char boundary)
/// until it fits, then zero bytes. `slot` must hold the reference.
pub(super) fn encode_card(card: &Card, slot: usize) -> Vec<u8> {
    let mut card = card.clone();
    for _ in 0..4 {
        let excess = card_size(&card).saturating_sub(slot);
        if excess == 0 {
            break;
        }
        let text = if card.summary.is_empty() { &mut card.title } else { &mut card.summary };
        let mut end = text.len().saturating_sub(excess);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    let mut out = Vec::with_capacity(slot);
    put_card(&mut out, &card);
    out.resize(slot, 0);
    out
}

/// A card read from its slot; the bytes after it must be zero.
pub(super) fn decode_card(bytes: &[u8]) -> Result<Card, ShardError> {
    let mut reader = Reader::new(bytes);
    let reference = reader.string("card reference")?;
    let title = reader.string("card title")?;
    let summary = reader.string("card summary")?;
    if bytes.get(reader.offset()..).unwrap_or_default().iter().any(|&b| b != 0) {
        return Err(ShardError::corrupt("card", "bytes after the card are not padding"));
    }
    Ok(Card { reference, title, summary })
}

pub(super) fn encode_spans(spans: &[Span]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, spans.len() as u64);
    for &span in spans {
        put_span(&mut out, span);
    }
    out
}

pub(super) fn decode_spans(bytes: &[u8], segments: usize) -> Result<Vec<Span>, ShardError> {
    let mut reader = Reader::new(bytes);
    let count = reader.count("span count", 3)?;
    let mut spans = Vec::with_capacity(count);
    for _ in 0..count {
        let span = read_span(&mut reader)?;
        if span.segment as usize >= segments {
            return Err(ShardError::corrupt("card directory", "a span names an unknown segment"));
        }
        spans.push(span);
    }
    if reader.remaining() > 0 {
        return Err(ShardError::corrupt("card directory", "trailing bytes"));
    }
    Ok(spans)
}

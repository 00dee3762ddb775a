//! Facet data of a sharded index: per facet value the documents that have it (filters are
//! exact: a selection reads the lists of its ticked values), and per document its values in
//! chunks by document number (counts read the chunks their hits fall in; past
//! [`SAMPLE_CHUNKS`] chunks they are estimated from the first ones, and say so).
//!
//! ```text
//! names  = slot_count · (value_count · (name · df · span){value_count}){slot_count}
//! docs   = doc gap{df}
//! rows   = doc_count · is_firm bits, 8 per byte
//!          · ((value_count · value gap{value_count}){doc_count}){slot_count}
//! ```

use std::collections::BTreeMap;

use super::format::Span;
use super::ShardError;
use crate::facets::{FacetTable, Selection, FACETS};
use crate::index::varint::{put_bytes, put_varint, Reader};
use crate::model::Doc;

/// Chunks of rows read for counts; a query whose hits fall in more has its counts estimated.
pub const SAMPLE_CHUNKS: usize = 4;

/// A facet value: its name, how many firms have it, where their list is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Value {
    pub(super) name: String,
    pub(super) df: u32,
    pub(super) docs: Span,
}

/// Per facet slot (in [`FACETS`] order) its values; a value's id is its position.
pub(super) type Names = Vec<Vec<Value>>;

/// One document's facet values as (slot, value id) pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Row {
    pub(super) firm: bool,
    pub(super) values: Vec<(u8, u32)>,
}

/// Per slot, the value names in first-seen order, and each document's row.
pub(super) fn rows_of(docs: &[Doc]) -> (Vec<Vec<String>>, Vec<Row>) {
    let mut names: Vec<Vec<String>> = FACETS.iter().map(|_| Vec::new()).collect();
    let mut lookup: Vec<BTreeMap<String, u32>> = FACETS.iter().map(|_| BTreeMap::new()).collect();
    let rows = docs
        .iter()
        .map(|doc| {
            let mut row = Row { firm: doc.firm.is_some(), values: Vec::new() };
            let Some(firm) = &doc.firm else { return row };
            for (slot, facet) in FACETS.iter().enumerate() {
                let (Some(names), Some(lookup)) = (names.get_mut(slot), lookup.get_mut(slot)) else { continue };
                for value in facet.values(firm) {
                    let id = *lookup.entry(value.to_string()).or_insert_with(|| {
                        names.push(value.to_string());
                        names.len() as u32 - 1
                    });
                    if !row.values.contains(&(slot as u8, id)) {
                        row.values.push((slot as u8, id));
                    }
                }
            }
            // The order rows are stored in (see `encode_rows`).
            row.values.sort_unstable();
            row
        })
        .collect();
    (names, rows)
}

/// Each value's documents, ascending: `lists[slot][id]`.
pub(super) fn value_docs(names: &[Vec<String>], rows: &[Row]) -> Vec<Vec<Vec<u32>>> {
    let mut lists: Vec<Vec<Vec<u32>>> = names.iter().map(|values| vec![Vec::new(); values.len()]).collect();
    for (doc, row) in rows.iter().enumerate() {
        for &(slot, id) in &row.values {
            if let Some(list) = lists.get_mut(usize::from(slot)).and_then(|l| l.get_mut(id as usize)) {
                list.push(doc as u32);
            }
        }
    }
    lists
}

pub(super) fn encode_docs(docs: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut next = 0u32;
    for &doc in docs {
        put_varint(&mut out, u64::from(doc.wrapping_sub(next)));
        next = doc.wrapping_add(1);
    }
    out
}

pub(super) fn decode_docs(bytes: &[u8], df: u32, doc_count: u32) -> Result<Vec<u32>, ShardError> {
    if df as usize > bytes.len() {
        return Err(ShardError::corrupt("facet value documents", "fewer bytes than documents"));
    }
    let mut reader = Reader::new(bytes);
    let mut docs = Vec::with_capacity(df as usize);
    let mut next = 0u64;
    for _ in 0..df {
        let doc = next.saturating_add(reader.varint("facet document")?);
        let doc = u32::try_from(doc).ok().filter(|&doc| doc < doc_count);
        let doc = doc.ok_or_else(|| ShardError::corrupt("facet value documents", "document beyond the corpus"))?;
        docs.push(doc);
        next = u64::from(doc) + 1;
    }
    if reader.remaining() > 0 {
        return Err(ShardError::corrupt("facet value documents", "trailing bytes"));
    }
    Ok(docs)
}

pub(super) fn encode_names(names: &Names) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, names.len() as u64);
    for values in names {
        put_varint(&mut out, values.len() as u64);
        for value in values {
            put_bytes(&mut out, value.name.as_bytes());
            put_varint(&mut out, u64::from(value.df));
            put_varint(&mut out, u64::from(value.docs.segment));
            put_varint(&mut out, value.docs.offset);
            put_varint(&mut out, u64::from(value.docs.len));
        }
    }
    out
}

pub(super) fn decode_names(bytes: &[u8], segments: usize) -> Result<Names, ShardError> {
    let mut reader = Reader::new(bytes);
    let slots = reader.count("facet slot count", 1)?;
    if slots != FACETS.len() {
        return Err(ShardError::corrupt("facet names", "another number of facets than this reader knows"));
    }
    let mut names = Vec::with_capacity(slots);
    for _ in 0..slots {
        let count = reader.count("facet value count", 5)?;
        let mut values = Vec::with_capacity(count);
        for _ in 0..count {
            let name = reader.string("facet value")?;
            let df = reader.u32("facet value frequency")?;
            let segment = reader.u32("segment")?;
            let offset = reader.varint("offset")?;
            let len = reader.u32("length")?;
            if segment as usize >= segments {
                return Err(ShardError::corrupt("facet names", "a span names an unknown segment"));
            }
            values.push(Value { name, df, docs: Span { segment, offset, len } });
        }
        names.push(values);
    }
    if reader.remaining() > 0 {
        return Err(ShardError::corrupt("facet names", "trailing bytes"));
    }
    Ok(names)
}

/// Facet by facet rather than document by document, each document's ids ascending and
/// delta-coded: one facet's counts and ids are alike (most firms have one region), which
/// brotli exploits.
pub(super) fn encode_rows(rows: &[Row]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, rows.len() as u64);
    for flags in rows.chunks(8) {
        out.push(flags.iter().enumerate().fold(0u8, |byte, (bit, row)| byte | u8::from(row.firm) << bit));
    }
    for slot in 0..FACETS.len() {
        for row in rows {
            let mut ids: Vec<u32> =
                row.values.iter().filter(|&&(s, _)| usize::from(s) == slot).map(|&(_, id)| id).collect();
            ids.sort_unstable();
            put_varint(&mut out, ids.len() as u64);
            let mut next = 0u32;
            for id in ids {
                put_varint(&mut out, u64::from(id.wrapping_sub(next)));
                next = id.wrapping_add(1);
            }
        }
    }
    out
}

pub(super) fn decode_rows(bytes: &[u8], names: &Names) -> Result<Vec<Row>, ShardError> {
    let mut reader = Reader::new(bytes);
    // Each document takes at least one byte per facet.
    let count = reader.count("facet row count", FACETS.len())?;
    let flags = reader.take(count.div_ceil(8), "facet row flags")?;
    let mut rows: Vec<Row> = (0..count)
        .map(|doc| Row { firm: flags.get(doc / 8).is_some_and(|byte| byte >> (doc % 8) & 1 == 1), values: Vec::new() })
        .collect();
    for (slot, values) in names.iter().enumerate().take(FACETS.len()) {
        for row in rows.iter_mut() {
            let value_count = reader.count("facet row values", 1)?;
            let mut next = 0u64;
            for _ in 0..value_count {
                let id = next.saturating_add(reader.varint("facet value")?);
                if id >= values.len() as u64 {
                    return Err(ShardError::corrupt("facet rows", "unknown facet value"));
                }
                row.values.push((slot as u8, id as u32));
                next = id + 1;
            }
        }
    }
    if reader.remaining() > 0 {
        return Err(ShardError::corrupt("facet rows", "trailing bytes"));
    }
    Ok(rows)
}

/// Whether any value of `selection` is ticked.
pub(super) fn active(selection: &Selection) -> bool {
    selection.iter().any(|values| !values.is_empty())
}

/// The hits that pass `selection`, in rank order: per ticked facet, a document must be in the
/// list of one of its ticked values (`lists[slot]`, ascending; unknown names have none).
pub(super) fn filter(hits: &[u32], lists: &[Vec<&[u32]>], selection: &Selection) -> Vec<u32> {
    if !active(selection) {
        return hits.to_vec();
    }
    hits.iter()
        .copied()
        .filter(|&doc| {
            selection
                .iter()
                .zip(lists)
                .all(|(ticked, lists)| ticked.is_empty() || lists.iter().any(|list| list.binary_search(&doc).is_ok()))
        })
        .collect()
}

/// The facet table of one chunk of rows (documents numbered from the chunk's first).
pub(super) fn table(names: &Names, rows: &[Row]) -> FacetTable {
    let names: Vec<Vec<String>> =
        names.iter().map(|values| values.iter().map(|value| value.name.clone()).collect()).collect();
    let rows: Vec<(bool, Vec<(u8, u16)>)> = rows
        .iter()
        .map(|row| {
            let ids = row.values.iter().filter_map(|&(slot, id)| Some((slot, u16::try_from(id).ok()?))).collect();
            (row.firm, ids)
        })
        .collect();
    FacetTable::from_ids(names, rows.iter().map(|(firm, ids)| (*firm, ids.as_slice())))
}

/// Facet counts as [`FacetTable::counts`] gives them over the documents of the chunks
/// `tables` (chunk number, table; `rows_per_chunk` documents each); `hits` elsewhere are not
/// counted. Counts add up over disjoint documents, so each chunk is counted on its own.
pub(super) fn counts(
    tables: &[(usize, &FacetTable)],
    rows_per_chunk: u32,
    hits: &[u32],
    selection: &Selection,
) -> Vec<BTreeMap<String, usize>> {
    let mut total: Vec<BTreeMap<String, usize>> = FACETS.iter().map(|_| BTreeMap::new()).collect();
    for &(chunk, table) in tables {
        let first = chunk as u32 * rows_per_chunk;
        let local: Vec<u32> =
            hits.iter().filter(|&&doc| doc / rows_per_chunk == chunk as u32).map(|&doc| doc - first).collect();
        for (sum, counts) in total.iter_mut().zip(table.counts(&local, selection)) {
            for (value, count) in counts {
                *sum.entry(value).or_default() += count;
            }
        }
    }
    total
}

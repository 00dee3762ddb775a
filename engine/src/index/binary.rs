//! The compact binary form of an [`Index`], fetched and decoded by the browser.
//!
//! ```text
//! index    = magic "FKIX" · version u8
//!            · doc_count · doc_ref{doc_count}        (front-coded, in document order)
//!            · vocab_count · vocab_term{vocab_count}  (front-coded, strictly ascending)
//!            · field_count · field{field_count}
//! field    = name · length_count · doc_length{length_count}
//!            · term_count · term_gap{term_count} · postings{term_count}
//! postings = posting_count · posting{posting_count}
//! posting  = (doc_gap << 1 | count ≠ 1) · [count − 2 if count ≠ 1]
//! front-coded string = shared-prefix length in bytes · string of the remaining bytes
//! string   = byte length · UTF-8 bytes
//! ```
//!
//! All integers are unsigned LEB128 varints. The vocabulary is the union of the fields'
//! terms, stored once: titles and tags mostly repeat body words, and the vocabulary is the
//! bulk of a small index. A field names its terms by vocabulary position, each as the gap to
//! the previous position plus one (so they ascend strictly by construction), and so do
//! postings with document numbers; the low bit of a posting flags the rare counts other than
//! one. Decoding bounds every count by the bytes left, then [`Index::validate`] checks the
//! rest.

use super::validate::validate;
use super::varint::{put_bytes, put_front_coded, put_varint, Reader};
use super::{Field, Index, IndexError, Posting};

const MAGIC: &[u8; 4] = b"FKIX";
const VERSION: u8 = 1;

impl Index {
    /// Encodes the index. A valid index (see [`Index::validate`]) round-trips exactly through
    /// [`Index::from_bytes`]; one that breaks the invariants is not meant to be encoded and may
    /// come back rejected or changed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let vocabulary = vocabulary(self);
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        put_varint(&mut out, self.doc_refs.len() as u64);
        put_front_coded(&mut out, self.doc_refs.iter().map(String::as_str));
        put_varint(&mut out, vocabulary.len() as u64);
        put_front_coded(&mut out, vocabulary.iter().copied());
        put_varint(&mut out, self.fields.len() as u64);
        for field in &self.fields {
            put_field(&mut out, field, &vocabulary);
        }
        out
    }

    /// Decodes and validates an index. Never panics; every length is bounded by the input.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, IndexError> {
        let mut reader = Reader::new(bytes);
        if reader.take(MAGIC.len(), "magic").ok() != Some(MAGIC.as_slice()) {
            return Err(IndexError::NotAnIndex);
        }
        let version = reader.take(1, "version")?.first().copied().unwrap_or(0);
        if version != VERSION {
            return Err(IndexError::UnsupportedVersion { found: version, supported: VERSION });
        }
        // A front-coded string takes at least two bytes (prefix length, suffix length).
        let doc_count = reader.count("document count", 2)?;
        let doc_refs = reader.front_coded(doc_count, "document reference")?;
        let vocabulary_count = reader.count("vocabulary size", 2)?;
        let vocabulary = reader.front_coded(vocabulary_count, "vocabulary term")?;
        let field_count = reader.count("field count", 3)?;
        let mut fields = Vec::with_capacity(field_count);
        for _ in 0..field_count {
            fields.push(read_field(&mut reader, &vocabulary)?);
        }
        if reader.remaining() > 0 {
            return Err(IndexError::TrailingBytes { offset: reader.offset(), count: reader.remaining() });
        }
        let index = Index { doc_refs, fields };
        validate(&index)?;
        Ok(index)
    }
}

/// Every term of every field, sorted and deduplicated.
fn vocabulary(index: &Index) -> Vec<&str> {
    let mut terms: Vec<&str> = index.fields.iter().flat_map(|field| field.terms.iter().map(String::as_str)).collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

fn put_field(out: &mut Vec<u8>, field: &Field, vocabulary: &[&str]) {
    put_bytes(out, field.name.as_bytes());
    put_varint(out, field.doc_lengths.len() as u64);
    for &length in &field.doc_lengths {
        put_varint(out, u64::from(length));
    }
    put_varint(out, field.terms.len() as u64);
    let mut next_position: u64 = 0;
    for term in &field.terms {
        // Every term is in the vocabulary; `unwrap_or` only keeps this total.
        let position = vocabulary.binary_search(&term.as_str()).unwrap_or(0) as u64;
        // Wrapping keeps invalid input panic-free; the decoder rejects what it produces.
        put_varint(out, position.wrapping_sub(next_position));
        next_position = position + 1;
    }
    for term in 0..field.terms.len() {
        put_postings(out, field.postings.get(term).map_or(&[], Vec::as_slice));
    }
}

fn put_postings(out: &mut Vec<u8>, postings: &[Posting]) {
    put_varint(out, postings.len() as u64);
    let mut next_doc: u32 = 0;
    for posting in postings {
        let gap = u64::from(posting.doc.wrapping_sub(next_doc));
        let rare_count = posting.count != 1;
        put_varint(out, gap << 1 | u64::from(rare_count));
        if rare_count {
            put_varint(out, u64::from(posting.count.wrapping_sub(2)));
        }
        next_doc = posting.doc.wrapping_add(1);
    }
}

fn read_field(reader: &mut Reader<'_>, vocabulary: &[String]) -> Result<Field, IndexError> {
    let name = reader.string("field name")?;
    let length_count = reader.count("document length count", 1)?;
    let mut doc_lengths = Vec::with_capacity(length_count);
    for _ in 0..length_count {
        doc_lengths.push(reader.u32("document length")?);
    }
    // Each term takes a byte for its position and at least one for its postings count.
    let term_count = reader.count("term count", 2)?;
    let mut terms = Vec::with_capacity(term_count);
    let mut next_position: u64 = 0;
    for _ in 0..term_count {
        let start = reader.offset();
        let position = next_position.saturating_add(reader.varint("term position")?);
        let term = usize::try_from(position).ok().and_then(|position| vocabulary.get(position));
        let term = term.ok_or_else(|| reader.malformed("term position", start, "beyond the vocabulary"))?;
        reader.spend_string_bytes(term.len(), "term position")?;
        terms.push(term.clone());
        next_position = position + 1;
    }
    let mut postings = Vec::with_capacity(term_count);
    for _ in 0..term_count {
        postings.push(read_postings(reader)?);
    }
    Ok(Field { name, terms, postings, doc_lengths })
}

fn read_postings(reader: &mut Reader<'_>) -> Result<Vec<Posting>, IndexError> {
    let count = reader.count("posting count", 1)?;
    let mut postings = Vec::with_capacity(count);
    let mut next_doc: u64 = 0;
    for _ in 0..count {
        let start = reader.offset();
        let packed = reader.varint("posting")?;
        let doc = u32::try_from(next_doc + (packed >> 1))
            .map_err(|_| reader.malformed("posting", start, "document number exceeds 32 bits"))?;
        let count = if packed & 1 == 0 {
            1
        } else {
            let rare = reader.u32("term count in document")?;
            rare.checked_add(2)
                .ok_or_else(|| reader.malformed("term count in document", start, "count exceeds 32 bits"))?
        };
        postings.push(Posting { doc, count });
        next_doc = u64::from(doc) + 1;
    }
    Ok(postings)
}

#[cfg(test)]
mod tests;

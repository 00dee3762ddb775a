//! The compact binary form of an [`Index`], fetched and decoded by the browser.
//!
//! ```text
//! index    = magic "FKIX" · version u8 (2)
//!            · doc_count · doc_ref{doc_count}        (front-coded, in document order)
//!            · vocab_count · vocab_term{vocab_count}  (front-coded, strictly ascending)
//!            · field_count · field{field_count}
//! field    = name · flags · [length_count · doc_length{length_count}]   (if flags & 1)
//!            · term_count · term_gap{term_count}
//!            · [basis_count · basis{basis_count}]                       (if flags & 2)
//!            · term_postings{term_count}
//! term_postings = postings                                 (flags & 2 = 0)
//!               | ref_count · (postings if ref_count = 0 else ref{ref_count})   (flags & 2)
//! postings = posting_count · posting{posting_count}
//! posting  = (doc_gap << 1 | count ≠ 1) · [count − 2 if count ≠ 1]
//! basis    = doc_count_in_set · doc_gap{doc_count_in_set}
//! ref      = basis_gap · (multiplicity − 1)
//! front-coded string = shared-prefix length in bytes · string of the remaining bytes
//! string   = byte length · UTF-8 bytes
//! ```
//!
//! All integers are unsigned LEB128 varints. The vocabulary is the union of the fields'
//! terms, stored once: titles and tags mostly repeat body words, and the vocabulary is the
//! bulk of a small index. A field names its terms by vocabulary position, each as the gap to
//! the previous position plus one (so they ascend strictly by construction), and so do
//! postings with document numbers; the low bit of a posting flags the rare counts other than
//! one.
//!
//! Field lengths are left out when they equal the sums of the field's counts per document
//! (always, for an index built from analyzer tokens): the decoder sums them back. A field
//! whose postings are sums of recurring document sets (the site's `tags`: every label token
//! occurs in the firms tagged with its term) is stored *factorised*: the sets once, and each
//! term as references to them with multiplicities, where that is shorter (see
//! `binary/factor.rs`). On the site's content this takes 5–9 % off each language's index
//! under brotli; plainer encodings (bitmaps for dense lists, per-term uniform counts, code
//! point deltas for CJK vocabularies) were measured and came out larger under brotli.
//!
//! Decoding bounds every count by the bytes left and every expansion (front-coded strings,
//! factorised postings) by a budget proportional to the input, then [`Index::validate`]
//! checks the rest.

mod factor;

use super::validate::validate;
use super::varint::{put_bytes, put_front_coded, put_varint, Reader};
use super::{Field, Index, IndexError, Posting};

const MAGIC: &[u8; 4] = b"FKIX";
const VERSION: u8 = 2;

/// Field flag: document lengths are stored (else they are the sums of the counts).
const LENGTHS_STORED: u64 = 1;
/// Field flag: postings are factorised.
const FACTORED: u64 = 2;

impl Index {
    /// Encodes the index. A valid index (see [`Index::validate`]) round-trips exactly through
    /// [`Index::from_bytes`]; one that breaks the invariants is not meant to be encoded and may
    /// come back rejected or changed.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(self, true)
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
            fields.push(read_field(&mut reader, &vocabulary, doc_count)?);
        }
        if reader.remaining() > 0 {
            return Err(IndexError::TrailingBytes { offset: reader.offset(), count: reader.remaining() });
        }
        let index = Index { doc_refs, fields };
        validate(&index)?;
        Ok(index)
    }
}

/// Encodes `index`; `factoring` allows factorised fields (tests turn it off to compare).
fn encode(index: &Index, factoring: bool) -> Vec<u8> {
    let vocabulary = vocabulary(index);
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    put_varint(&mut out, index.doc_refs.len() as u64);
    put_front_coded(&mut out, index.doc_refs.iter().map(String::as_str));
    put_varint(&mut out, vocabulary.len() as u64);
    put_front_coded(&mut out, vocabulary.iter().copied());
    put_varint(&mut out, index.fields.len() as u64);
    for field in &index.fields {
        put_field(&mut out, field, &vocabulary, index.doc_refs.len(), factoring);
    }
    out
}

/// Every term of every field, sorted and deduplicated.
fn vocabulary(index: &Index) -> Vec<&str> {
    let mut terms: Vec<&str> = index.fields.iter().flat_map(|field| field.terms.iter().map(String::as_str)).collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

fn put_field(out: &mut Vec<u8>, field: &Field, vocabulary: &[&str], doc_count: usize, factoring: bool) {
    put_bytes(out, field.name.as_bytes());
    let derived = field.doc_lengths.len() == doc_count
        && summed_lengths(field, doc_count).as_deref() == Some(&field.doc_lengths[..]);
    let factored = factoring.then(|| factor::factor(field, doc_count, postings_size, refs_size, basis_size)).flatten();
    let flags = if derived { 0 } else { LENGTHS_STORED } | if factored.is_some() { FACTORED } else { 0 };
    put_varint(out, flags);
    if !derived {
        put_varint(out, field.doc_lengths.len() as u64);
        for &length in &field.doc_lengths {
            put_varint(out, u64::from(length));
        }
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
    match factored {
        Some(factored) => {
            put_varint(out, factored.basis.len() as u64);
            for set in &factored.basis {
                put_basis(out, set);
            }
            for term in 0..field.terms.len() {
                match factored.terms.get(term).and_then(Option::as_ref) {
                    Some(refs) => put_refs(out, refs),
                    None => {
                        put_varint(out, 0);
                        put_postings(out, field.postings.get(term).map_or(&[], Vec::as_slice));
                    }
                }
            }
        }
        None => {
            for term in 0..field.terms.len() {
                put_postings(out, field.postings.get(term).map_or(&[], Vec::as_slice));
            }
        }
    }
}

/// Per document, the sum of the field's counts (`None` on overflow or a document number out
/// of range, which the encoder then stores explicitly).
fn summed_lengths(field: &Field, doc_count: usize) -> Option<Vec<u32>> {
    let mut lengths = vec![0u32; doc_count];
    for posting in field.postings.iter().flatten() {
        let length = lengths.get_mut(posting.doc as usize)?;
        *length = length.checked_add(posting.count)?;
    }
    Some(lengths)
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

fn put_basis(out: &mut Vec<u8>, docs: &[u32]) {
    put_varint(out, docs.len() as u64);
    let mut next_doc: u32 = 0;
    for &doc in docs {
        put_varint(out, u64::from(doc.wrapping_sub(next_doc)));
        next_doc = doc.wrapping_add(1);
    }
}

/// References sorted by basis number.
fn put_refs(out: &mut Vec<u8>, refs: &[(u32, u32)]) {
    put_varint(out, refs.len() as u64);
    let mut next: u32 = 0;
    for &(basis, multiplicity) in refs {
        put_varint(out, u64::from(basis.wrapping_sub(next)));
        put_varint(out, u64::from(multiplicity.saturating_sub(1)));
        next = basis.wrapping_add(1);
    }
}

fn sized(write: impl FnOnce(&mut Vec<u8>)) -> usize {
    let mut out = Vec::new();
    write(&mut out);
    out.len()
}

fn postings_size(postings: &[Posting]) -> usize {
    sized(|out| put_postings(out, postings))
}

fn refs_size(refs: &[(u32, u32)]) -> usize {
    sized(|out| put_refs(out, refs))
}

fn basis_size(docs: &[u32]) -> usize {
    sized(|out| put_basis(out, docs))
}

fn read_field(reader: &mut Reader<'_>, vocabulary: &[String], doc_count: usize) -> Result<Field, IndexError> {
    let name = reader.string("field name")?;
    let flags_start = reader.offset();
    let flags = reader.varint("field flags")?;
    if flags & !(LENGTHS_STORED | FACTORED) != 0 {
        return Err(reader.malformed("field flags", flags_start, "unknown flag"));
    }
    let mut doc_lengths = Vec::new();
    if flags & LENGTHS_STORED != 0 {
        let length_count = reader.count("document length count", 1)?;
        doc_lengths.reserve(length_count);
        for _ in 0..length_count {
            doc_lengths.push(reader.u32("document length")?);
        }
    }
    // Each term takes a byte for its position and at least one for its postings.
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
    let basis = if flags & FACTORED != 0 { read_basis(reader)? } else { Vec::new() };
    let mut postings = Vec::with_capacity(term_count);
    for _ in 0..term_count {
        if flags & FACTORED == 0 {
            postings.push(read_postings(reader)?);
            continue;
        }
        let start = reader.offset();
        let ref_count = reader.count("basis reference count", 2)?;
        if ref_count == 0 {
            postings.push(read_postings(reader)?);
        } else if ref_count > factor::MAX_REFS_PER_TERM {
            return Err(reader.malformed("basis reference count", start, "too many references"));
        } else {
            postings.push(read_refs(reader, ref_count, &basis)?);
        }
    }
    if flags & LENGTHS_STORED == 0 {
        let mut field = Field { name, terms, postings, doc_lengths: Vec::new() };
        field.doc_lengths = summed_lengths(&field, doc_count).ok_or_else(|| {
            reader.malformed("field lengths", flags_start, "counts overflow or name unknown documents")
        })?;
        return Ok(field);
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

fn read_basis(reader: &mut Reader<'_>) -> Result<Vec<Vec<u32>>, IndexError> {
    let basis_count = reader.count("basis count", 1)?;
    let mut basis = Vec::with_capacity(basis_count);
    for _ in 0..basis_count {
        let count = reader.count("basis size", 1)?;
        let mut docs = Vec::with_capacity(count);
        let mut next_doc: u64 = 0;
        for _ in 0..count {
            let start = reader.offset();
            let doc = next_doc.saturating_add(reader.varint("basis document")?);
            let doc = u32::try_from(doc).map_err(|_| reader.malformed("basis document", start, "exceeds 32 bits"))?;
            docs.push(doc);
            next_doc = u64::from(doc) + 1;
        }
        basis.push(docs);
    }
    Ok(basis)
}

/// Sums `ref_count` references to basis sets into one posting list.
fn read_refs(reader: &mut Reader<'_>, ref_count: usize, basis: &[Vec<u32>]) -> Result<Vec<Posting>, IndexError> {
    let mut sum: Vec<Posting> = Vec::new();
    let mut next: u64 = 0;
    for _ in 0..ref_count {
        let start = reader.offset();
        let position = next.saturating_add(reader.varint("basis reference")?);
        let set = usize::try_from(position).ok().and_then(|position| basis.get(position));
        let set = set.ok_or_else(|| reader.malformed("basis reference", start, "beyond the basis"))?;
        let multiplicity = reader
            .u32("basis multiplicity")?
            .checked_add(1)
            .ok_or_else(|| reader.malformed("basis multiplicity", start, "exceeds 32 bits"))?;
        reader.spend_postings(set.len(), "basis reference")?;
        sum = merge(&sum, set, multiplicity)
            .ok_or_else(|| reader.malformed("basis multiplicity", start, "count exceeds 32 bits"))?;
        next = position + 1;
    }
    Ok(sum)
}

/// `postings` plus `multiplicity` times each document of the ascending `docs`.
fn merge(postings: &[Posting], docs: &[u32], multiplicity: u32) -> Option<Vec<Posting>> {
    let mut merged = Vec::with_capacity(postings.len() + docs.len());
    let (mut left, mut right) = (postings.iter().peekable(), docs.iter().peekable());
    loop {
        match (left.peek(), right.peek()) {
            (Some(posting), Some(&&doc)) if posting.doc == doc => {
                merged.push(Posting { doc, count: posting.count.checked_add(multiplicity)? });
                left.next();
                right.next();
            }
            (Some(posting), Some(&&doc)) if posting.doc < doc => {
                merged.push(**posting);
                left.next();
            }
            (_, Some(&&doc)) => {
                merged.push(Posting { doc, count: multiplicity });
                right.next();
            }
            (Some(posting), None) => {
                merged.push(**posting);
                left.next();
            }
            (None, None) => return Some(merged),
        }
    }
}

#[cfg(test)]
mod tests;

//! A sharded form of the index for large corpora on a static host: a query reads only the
//! parts it needs, by HTTP range, and a second query reuses what the first fetched.
//!
//! ```text
//! root file    = magic "FKSR" · version · language · doc_count
//!                · field_count · (name · total length · length table span){field_count}
//!                · segment file names · embedded flag
//!                · directory of the term blocks
//!                · directory of the suffix blocks (empty but for German)
//!                · card slot · cards span
//!                · [segment 0, if embedded]
//! directory    = block_count · first key of each block (front-coded) · block span{block_count}
//! block        = entry_count · key{entry_count} (front-coded within the block)
//!                · (field_count · (field · df · (0 · postings | 1 · span)){field_count}){entry_count}
//! key          = term (term block) | suffix · 0x00 · the term's start before it (suffix block)
//! postings     = doc gap{df} · count ≠ 1 bit{df} (padded to bytes) · (count − 2){counts ≠ 1}
//!                · length code byte{df}
//!                · facet names span · facet rows per chunk · facet row directory span
//! length table = length code byte{doc_count}, in document order
//! card         = reference · title · summary · zero bytes up to the card slot
//! span         = segment · offset · length
//! ```
//!
//! Integers are LEB128 varints, strings length-prefixed UTF-8 (as in [`crate::index`]).
//! Dictionary blocks hold the union vocabulary of all fields in order, split every few KB, each
//! term with its document frequency per field; a rare term's postings sit inline, the others in
//! postings segments. For a language with compounds (German) a second, suffix dictionary lists
//! every term under each suffix from its second character on that may start a compound part
//! (Latin, no digit in its first four bytes, four bytes or more), sorted by suffix, with the same
//! fields as the term's own entry: "guss" finds the blocks of `spritzguss` under `guss…` in one
//! lookup, whatever letter the compound starts with (a one-file index, read whole, has none).
//! Postings carry no positions, only what BM25 reads: the count and the field's length in the
//! document, as the bucket scoring reads (`finder::length`: exact below 16 tokens, an eighth of
//! an octave above) in one byte, last in the list. A query whose lists in a field name together
//! as many postings as there are documents (a Thai query's bigrams share most of their
//! documents) fetches the field's length table, a byte per document, once, and its lists
//! without their last `df` bytes; any other list brings its own lengths. Result cards
//! take a fixed slot each (a long summary is cut), so a result's card is one range computed
//! from its document number, with no directory to fetch. The three kinds of part go to separate segment files (so
//! neighbouring blocks, and the postings of neighbouring terms, are one range request), and
//! the root lists the blocks' first terms: a query fetches the root once, then the blocks its
//! tokens select, then the postings of the terms it matched, then the cards of its first
//! results — three round trips after the root.
//!
//! An index whose parts total at most [`ShardOptions::single_file_max`] is written as one file
//! (the root followed by its only segment): one request answers every query.
//!
//! Facet data (see [`facets`]): each value's documents, for exact filters, and each
//! document's values in chunks, for counts.
//!
//! Ranking is the finder's; see [`reader`] for how it stays identical.

mod build;
mod facets;
mod format;
mod ranges;
pub mod reader;

use std::fmt;

pub use build::{build, ShardFiles, ShardOptions};
pub use facets::SAMPLE_CHUNKS;
pub use format::{Card, Root, Span};
pub use reader::{part_of_response, Answer, Request, ShardReader, Step};

use crate::index::IndexError;

/// Why a part of a sharded index could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShardError {
    /// The root file does not start with the root magic.
    NotARoot,
    UnsupportedVersion {
        found: u8,
        supported: u8,
    },
    /// A part is cut short or malformed at the byte level.
    Bytes(IndexError),
    /// A part is well-formed bytes with impossible content.
    Corrupt {
        what: &'static str,
        problem: &'static str,
    },
    /// A response has another length than the range asked for.
    Response {
        file: String,
        expected: u64,
        got: usize,
    },
}

impl ShardError {
    pub(crate) fn corrupt(what: &'static str, problem: &'static str) -> Self {
        ShardError::Corrupt { what, problem }
    }
}

impl From<IndexError> for ShardError {
    fn from(error: IndexError) -> Self {
        ShardError::Bytes(error)
    }
}

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShardError::NotARoot => f.write_str("not the root of a sharded search index (wrong magic bytes)"),
            ShardError::UnsupportedVersion { found, supported } => {
                write!(f, "sharded index format version {found} is not supported (expected {supported})")
            }
            ShardError::Bytes(error) => write!(f, "sharded index part unreadable: {error}"),
            ShardError::Corrupt { what, problem } => write!(f, "sharded index corrupt: {what}: {problem}"),
            ShardError::Response { file, expected, got } => {
                write!(f, "fetching {file}: expected {expected} bytes, got {got}")
            }
        }
    }
}

impl std::error::Error for ShardError {}

#[cfg(test)]
mod tests;

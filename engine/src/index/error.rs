//! Why an index could not be read.

use std::fmt;

/// Why bytes or JSON could not be turned into an [`Index`](super::Index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// The bytes do not start with the index magic: not an index file at all.
    NotAnIndex,
    /// The file was written by a different format version.
    UnsupportedVersion { found: u8, supported: u8 },
    /// The input ends in the middle of `what`.
    Truncated { what: &'static str, offset: usize },
    /// `what` at byte `offset` is malformed; `problem` says how.
    Malformed { what: &'static str, offset: usize, problem: &'static str },
    /// Bytes follow the end of the index.
    TrailingBytes { offset: usize, count: usize },
    /// The content is well-formed but breaks an invariant of `Index`.
    Invalid(String),
    /// The elasticlunr JSON is unreadable or not shaped like an elasticlunr index.
    Json(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::NotAnIndex => f.write_str("not a search index (wrong magic bytes)"),
            IndexError::UnsupportedVersion { found, supported } => {
                write!(f, "search index format version {found} is not supported (expected {supported})")
            }
            IndexError::Truncated { what, offset } => {
                write!(f, "search index truncated at byte {offset} while reading {what}")
            }
            IndexError::Malformed { what, offset, problem } => {
                write!(f, "search index malformed at byte {offset}: {what}: {problem}")
            }
            IndexError::TrailingBytes { offset, count } => {
                write!(f, "search index has {count} unexpected trailing bytes at byte {offset}")
            }
            IndexError::Invalid(detail) => write!(f, "invalid search index: {detail}"),
            IndexError::Json(detail) => write!(f, "invalid elasticlunr index JSON: {detail}"),
        }
    }
}

impl std::error::Error for IndexError {}

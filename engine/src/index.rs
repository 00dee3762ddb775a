//! The inverted index: its in-memory form, its invariants, and its conversions (compact
//! binary for the browser, elasticlunr JSON from the site builder).

mod binary;
mod builder;
mod error;
#[cfg(feature = "json")]
mod json;
mod validate;
pub(crate) mod varint;
mod vocabulary;

pub use builder::IndexBuilder;
pub use error::IndexError;
pub use vocabulary::Vocabulary;

/// An inverted index with one postings table per field. Document number = position in
/// `doc_refs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    /// The caller's reference of each document (elasticlunr's `ref`).
    pub doc_refs: Vec<String>,
    pub fields: Vec<Field>,
}

/// The terms of one field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// Distinct terms, strictly ascending by `char` (= byte order of UTF-8 = the order of
    /// elasticlunr-rs's trie keys).
    pub terms: Vec<String>,
    /// `postings[i]` lists the documents containing `terms[i]`, strictly ascending by doc.
    pub postings: Vec<Vec<Posting>>,
    /// `doc_lengths[doc]` = number of tokens of the field in `doc` (duplicates counted).
    pub doc_lengths: Vec<u32>,
}

/// One document containing a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// How often the term occurs in the field of the document (≥ 1); tf = sqrt(count).
    pub count: u32,
}

impl Index {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// The reference of document `doc`.
    pub fn doc_ref(&self, doc: u32) -> Option<&str> {
        self.doc_refs.get(doc as usize).map(String::as_str)
    }
}

impl Field {
    /// The position of `term` in `terms`.
    pub fn term_index(&self, term: &str) -> Option<usize> {
        self.terms.binary_search_by(|probe| probe.as_str().cmp(term)).ok()
    }
}

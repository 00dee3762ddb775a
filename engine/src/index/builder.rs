//! Building an [`Index`] directly from documents, without elasticlunr-rs: for tests,
//! benchmarks and tools that want an index of synthetic documents.
//!
//! The result is what converting the elasticlunr-rs JSON of the same documents gives (same
//! terms, counts and field lengths, analysed by [`analyze`]), except that documents are
//! numbered in the order they are added rather than in elasticlunr.js's key order.

use std::collections::HashMap;

use super::{Field, Index, Posting};
use crate::analysis::analyze_into;
use crate::Lang;

/// Collects documents field by field; [`IndexBuilder::build`] sorts the terms.
#[derive(Debug)]
pub struct IndexBuilder {
    lang: Lang,
    doc_refs: Vec<String>,
    fields: Vec<FieldBuilder>,
    scratch: Vec<String>,
}

#[derive(Debug)]
struct FieldBuilder {
    name: String,
    postings: HashMap<String, Vec<Posting>>,
    doc_lengths: Vec<u32>,
}

impl IndexBuilder {
    /// A builder for documents in `lang` with the given fields (in order).
    pub fn new(lang: Lang, fields: &[&str]) -> Self {
        let fields = fields
            .iter()
            .map(|name| FieldBuilder { name: (*name).to_string(), postings: HashMap::new(), doc_lengths: Vec::new() })
            .collect();
        Self { lang, doc_refs: Vec::new(), fields, scratch: Vec::new() }
    }

    /// Adds a document; `values` are the field texts in field order (missing ones are empty,
    /// extra ones ignored). Returns the document's number.
    pub fn add_doc(&mut self, reference: &str, values: &[&str]) -> u32 {
        let doc = self.doc_refs.len() as u32;
        self.doc_refs.push(reference.to_string());
        for (position, field) in self.fields.iter_mut().enumerate() {
            self.scratch.clear();
            analyze_into(self.lang, values.get(position).copied().unwrap_or_default(), &mut self.scratch);
            field.doc_lengths.push(self.scratch.len() as u32);
            for token in self.scratch.drain(..) {
                let postings = field.postings.entry(token).or_default();
                match postings.last_mut() {
                    Some(last) if last.doc == doc => last.count = last.count.saturating_add(1),
                    _ => postings.push(Posting { doc, count: 1 }),
                }
            }
        }
        doc
    }

    /// The index of everything added.
    pub fn build(self) -> Index {
        let fields = self
            .fields
            .into_iter()
            .map(|field| {
                let mut table: Vec<(String, Vec<Posting>)> = field.postings.into_iter().collect();
                table.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                let (terms, postings) = table.into_iter().unzip();
                Field { name: field.name, terms, postings, doc_lengths: field.doc_lengths }
            })
            .collect();
        Index { doc_refs: self.doc_refs, fields }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_valid_index_with_counts_and_lengths() {
        let mut builder = IndexBuilder::new(Lang::En, &["title", "body"]);
        builder.add_doc("a", &["Steel pipes", "steel and steel"]);
        builder.add_doc("b", &["Tubes"]);
        let index = builder.build();
        assert_eq!(index.validate(), Ok(()));
        let body = index.field("body").expect("body");
        assert_eq!(body.terms, ["steel"]);
        assert_eq!(body.postings, [vec![Posting { doc: 0, count: 2 }]]);
        assert_eq!(body.doc_lengths, [2, 0]);
        let title = index.field("title").expect("title");
        assert_eq!(title.terms, ["pipe", "steel", "tube"]);
    }
}

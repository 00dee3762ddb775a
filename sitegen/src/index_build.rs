//! Compiling one language's documents into a search index with elasticlunr-rs, or, for a site
//! too large for it, directly ([`direct`]) into the same bytes.
//!
//! Every field is tokenized by the engine's own analyzer (the same function the browser runs
//! on the query) and the pipeline is empty, so index and query analysis cannot drift apart.
//! The elasticlunr-rs JSON is then converted into the engine's compact format.

pub mod direct;

use elasticlunr::pipeline::Pipeline;
use elasticlunr::{IndexBuilder, Language};
use engine::Lang;

/// The indexed fields, in order: [`engine::fields::INDEX_FIELDS`]. `place` is a firm's location
/// (its municipality and region, every language's names and synonyms), kept apart from the other
/// tags so that a place name finds the firms located there above documents that merely mention it.
pub use engine::fields::FIELD_NAMES as FIELDS;

/// The text of one document, field by field (same order as [`FIELDS`]).
#[derive(Clone, Debug)]
pub struct IndexedDoc {
    pub reference: String,
    pub fields: engine::fields::FieldTexts,
}

/// The index in both forms: the compact one shipped to browsers and the elasticlunr-rs JSON
/// (kept for size comparisons and the compatibility test; none for a directly built index).
pub struct BuiltIndex {
    pub bytes: Vec<u8>,
    pub elasticlunr_json: Option<String>,
}

/// Most documents indexed with elasticlunr-rs. Above, the direct build takes over: elasticlunr-rs
/// needed about 9 GB at 10,000 firm profiles, the direct build is linear and uses every core.
pub const ELASTICLUNR_MAX_DOCS: usize = 1_000;

/// One language's index: elasticlunr-rs up to [`ELASTICLUNR_MAX_DOCS`] documents, else direct.
pub fn build(lang: Lang, docs: &[IndexedDoc]) -> Result<BuiltIndex, engine::IndexError> {
    if docs.len() <= ELASTICLUNR_MAX_DOCS {
        build_with_elasticlunr(lang, docs)
    } else {
        Ok(BuiltIndex { bytes: direct::build(lang, docs)?.to_bytes(), elasticlunr_json: None })
    }
}

struct SiteAnalyzer(Lang);

impl Language for SiteAnalyzer {
    fn name(&self) -> String {
        self.0.profile().english_name.to_string()
    }

    fn code(&self) -> String {
        self.0.code().to_string()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        engine::analysis::analyze(self.0, text)
    }

    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}

/// The index through elasticlunr-rs, the reference the direct build is checked against.
pub fn build_with_elasticlunr(lang: Lang, docs: &[IndexedDoc]) -> Result<BuiltIndex, engine::IndexError> {
    let mut builder = IndexBuilder::with_language(Box::new(SiteAnalyzer(lang))).save_docs(false);
    for field in FIELDS {
        builder = builder.add_field(field);
    }
    let mut index = builder.build();
    for doc in docs {
        index.add_doc(&doc.reference, doc.fields.iter());
    }
    let elasticlunr_json = index.to_json();
    let compact = engine::Index::from_elasticlunr_json(&elasticlunr_json)?;
    Ok(BuiltIndex { bytes: compact.to_bytes(), elasticlunr_json: Some(elasticlunr_json) })
}

#[cfg(test)]
mod tests;

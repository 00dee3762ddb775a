//! The site's search: what a buyer expects from a search box, built on the
//! elasticlunr-compatible scorer.
//!
//! elasticlunr's AND works per field, so a firm with "titanium" in its tags and "machining"
//! in its title would not match `titanium machining` with AND. The finder scores with OR
//! (prefix expansion on, title and tags boosted) and keeps the documents that contain every
//! query token in *some* field. When no document has them all, it falls back to the OR
//! ranking and says so.

use crate::analysis::analyze;
use crate::index::Index;
use crate::search::{BoolMode, FieldOptions, Hit, SearchOptions};
use crate::Lang;

/// The outcome of a query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// False when no document matched every token and `hits` holds partial matches.
    pub matched_all: bool,
    /// The analyzed query tokens (empty for a blank query).
    pub tokens: Vec<String>,
}

/// Field weights of the site's search (title > tags > summary > body).
pub fn site_options() -> SearchOptions {
    let field = |name: &str, boost: f64| (name.to_string(), FieldOptions { boost, expand: true, bool_mode: None });
    SearchOptions {
        fields: vec![field("title", 4.0), field("tags", 3.0), field("summary", 2.0), field("body", 1.0)],
        bool_mode: BoolMode::Or,
    }
}

/// Runs `query` (as typed) against `index`.
pub fn find(index: &Index, lang: Lang, query: &str) -> Found {
    let tokens = analyze(lang, query);
    if tokens.is_empty() {
        return Found { hits: Vec::new(), matched_all: true, tokens };
    }
    let ranked = index.search_tokens(&tokens, &site_options());
    let containing: Vec<Vec<bool>> = tokens.iter().map(|t| docs_with_prefix(index, t)).collect();
    let all: Vec<Hit> = ranked
        .iter()
        .copied()
        .filter(|hit| containing.iter().all(|docs| docs.get(hit.doc as usize).copied().unwrap_or(false)))
        .collect();
    if all.is_empty() && !ranked.is_empty() {
        Found { hits: ranked, matched_all: false, tokens }
    } else {
        Found { hits: all, matched_all: true, tokens }
    }
}

/// Which documents have a term starting with `token` in any field.
fn docs_with_prefix(index: &Index, token: &str) -> Vec<bool> {
    let mut docs = vec![false; index.doc_refs.len()];
    for field in &index.fields {
        let start = field.terms.partition_point(|term| term.as_str() < token);
        for (term, postings) in field.terms[start..].iter().zip(&field.postings[start..]) {
            if !term.starts_with(token) {
                break;
            }
            for posting in postings {
                if let Some(slot) = docs.get_mut(posting.doc as usize) {
                    *slot = true;
                }
            }
        }
    }
    docs
}

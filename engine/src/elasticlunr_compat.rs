//! **Compatibility mode, not the site's search** (that is [`crate::finder`]): elasticlunr.js
//! 0.9.5 semantics, bit for bit, held to elasticlunr.js by the differential test
//! (`tests/elasticlunr_differential.rs`) and used for baseline figures; its option and hit types
//! are shared with the finder.
//!
//! Query evaluation with the exact semantics and scores of elasticlunr.js 0.9.5 `search`.
//!
//! Per field (in the order of [`SearchOptions::fields`]), for each query token t:
//! the keys K(t) are `[t]`, or with `expand` every indexed term starting with t (t itself
//! included) in elasticlunr's trie DFS order; each key k contributes, to every document d it
//! occurs in, `sqrt(count) · idf(k) · norm(d) · penalty`, with
//! `idf = 1 + ln(N / (df + 1))` (N = all documents), `norm = 1/sqrt(field length)` (1 for
//! length 0) and `penalty = (1 − (len k − len t)/len k) · 0.15` for expanded keys (lengths in
//! UTF-16 code units, like JS `string.length`), 1 for k = t. Token scores merge by OR (union,
//! sum) or AND (intersection, sum; later tokens only consider documents still in the running
//! set). Then each document that contains m exact query tokens is scaled by m / (number of
//! query tokens); documents reached only through expanded keys are left unscaled, and a
//! repeated query token counts twice — both elasticlunr quirks, reproduced on purpose. Field
//! scores are multiplied by the field boost (boost 0 skips the field) and summed.
//!
//! Floating-point operations are performed in elasticlunr.js's order so that scores agree to
//! the last bit except where `ln` itself differs between JS engines and Rust's libm.
//!
//! One deliberate difference: elasticlunr.js walks its trie by UTF-16 code unit, so it cannot
//! look up terms containing characters outside the BMP (e.g. 𠮷) that elasticlunr-rs stores
//! per `char`; this engine finds them.

mod expansion;
mod field_search;

use std::cmp::Ordering;

use crate::analysis::analyze;
use crate::index::Field;
use crate::{Index, Lang};

/// How the tokens of a query combine within a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolMode {
    /// A document matches if it contains any token.
    Or,
    /// A document matches if it contains every token (counting prefix expansions).
    And,
}

/// Search options of one field (elasticlunr's per-field config).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldOptions {
    /// Multiplies the field's scores; 0 leaves the field out.
    pub boost: f64,
    /// Also match indexed terms that start with a query token.
    pub expand: bool,
    /// `None` = use [`SearchOptions::bool_mode`].
    pub bool_mode: Option<BoolMode>,
}

impl Default for FieldOptions {
    /// elasticlunr.js's defaults: boost 1, no expansion, global bool mode.
    fn default() -> Self {
        Self { boost: 1.0, expand: false, bool_mode: None }
    }
}

/// Which fields to search, and how. Like an elasticlunr.js config with `fields`: only the
/// listed fields are searched (unknown names are ignored), scores are summed in list order,
/// and a name listed twice keeps its first position but takes the later options (as keys of
/// a JS object would).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchOptions {
    pub fields: Vec<(String, FieldOptions)>,
    pub bool_mode: BoolMode,
}

/// A matching document and its score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f64,
}

impl Index {
    /// elasticlunr.js 0.9.5 `search` semantics on already-analyzed query tokens.
    ///
    /// Hits are sorted by score, highest first; ties by document number ascending.
    pub fn search_tokens(&self, tokens: &[String], options: &SearchOptions) -> Vec<Hit> {
        let doc_count = self.doc_refs.len();
        let mut totals: Vec<Option<f64>> = vec![None; doc_count];
        for (field, field_options) in self.resolve_fields(options) {
            // elasticlunr.js: `if (boost === 0) return;`
            if field_options.boost == 0.0 {
                continue;
            }
            let bool_mode = field_options.bool_mode.unwrap_or(options.bool_mode);
            let scores = field_search::search_field(field, doc_count, tokens, field_options.expand, bool_mode);
            for (total, score) in totals.iter_mut().zip(scores) {
                if let Some(score) = score {
                    let boosted = score * field_options.boost;
                    *total = Some(total.map_or(boosted, |sum| sum + boosted));
                }
            }
        }
        let mut hits: Vec<Hit> =
            totals.into_iter().zip(0u32..).filter_map(|(score, doc)| score.map(|score| Hit { doc, score })).collect();
        hits.sort_by(|a, b| by_score_descending(a.score, b.score).then(a.doc.cmp(&b.doc)));
        hits
    }

    /// Analyzes `query` for `lang` and runs [`Index::search_tokens`].
    pub fn search(&self, lang: Lang, query: &str, options: &SearchOptions) -> Vec<Hit> {
        self.search_tokens(&analyze(lang, query), options)
    }

    /// The searched fields in order, deduplicated like JS object keys, unknown names dropped.
    fn resolve_fields<'a>(&'a self, options: &'a SearchOptions) -> Vec<(&'a Field, &'a FieldOptions)> {
        let mut resolved: Vec<(&Field, &FieldOptions)> = Vec::with_capacity(options.fields.len());
        for (name, field_options) in &options.fields {
            let Some(field) = self.field(name) else {
                continue;
            };
            match resolved.iter_mut().find(|(seen, _)| seen.name == *name) {
                Some(entry) => entry.1 = field_options,
                None => resolved.push((field, field_options)),
            }
        }
        resolved
    }
}

/// Descending by score with a total order (NaN last), so sorting never sees an inconsistent
/// comparison whatever boosts the caller passes.
fn by_score_descending(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (false, false) => b.partial_cmp(&a).unwrap_or(Ordering::Equal),
        (a_nan, b_nan) => a_nan.cmp(&b_nan),
    }
}

#[cfg(test)]
mod tests;

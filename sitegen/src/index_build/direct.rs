//! The index built directly from the analyzer's tokens, for sites too large for elasticlunr-rs
//! (its JSON alone is ~25 kB per firm profile, and it needs minutes and gigabytes at 10,000
//! documents). The result is byte-identical to the elasticlunr-rs build converted to the
//! compact format (checked by this module's tests):
//!
//! - each field is analysed with [`engine::analysis::analyze`] (what the site's elasticlunr-rs
//!   tokenizer calls); a field's length is its number of tokens, empty ones included (as
//!   elasticlunr-rs counts them), and each distinct non-empty token is one posting with its
//!   count;
//! - documents are numbered in reference order, as the JSON conversion numbers them.

use std::collections::HashMap;

use engine::analysis::analyze;
use engine::index::{Field, Posting};
use engine::{Index, IndexError, Lang};

use super::{IndexedDoc, FIELDS};

/// Documents analysed per batch: bounds the memory held by analysed text.
const BATCH: usize = 2_000;

/// The index of `docs`, analysed on every core.
pub fn build(lang: Lang, docs: &[IndexedDoc]) -> Result<Index, IndexError> {
    let mut order: Vec<&IndexedDoc> = docs.iter().collect();
    order.sort_by(|a, b| a.reference.cmp(&b.reference));
    let mut postings: Vec<HashMap<String, Vec<Posting>>> = FIELDS.iter().map(|_| HashMap::new()).collect();
    let mut lengths: Vec<Vec<u32>> = FIELDS.iter().map(|_| Vec::with_capacity(order.len())).collect();
    let mut number = 0u32;
    for batch in order.chunks(BATCH) {
        for fields in analyze_in_parallel(lang, batch) {
            for ((length, counts), (postings, lengths)) in fields.into_iter().zip(postings.iter_mut().zip(&mut lengths))
            {
                lengths.push(length);
                for (term, count) in counts {
                    postings.entry(term).or_default().push(Posting { doc: number, count });
                }
            }
            number += 1;
        }
    }
    let fields = FIELDS
        .iter()
        .zip(postings.into_iter().zip(lengths))
        .map(|(name, (postings, doc_lengths))| {
            let mut terms: Vec<(String, Vec<Posting>)> = postings.into_iter().collect();
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            let (terms, postings) = terms.into_iter().unzip();
            Field { name: name.to_string(), terms, postings, doc_lengths }
        })
        .collect();
    let index = Index { doc_refs: order.iter().map(|d| d.reference.clone()).collect(), fields };
    index.validate()?;
    Ok(index)
}

/// Per field of a document: its number of tokens, and each distinct token with its count.
type Analyzed = Vec<(u32, Vec<(String, u32)>)>;

/// Analyzes `docs` on every core, keeping their order.
fn analyze_in_parallel(lang: Lang, docs: &[&IndexedDoc]) -> Vec<Analyzed> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = docs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(per_thread)
            .map(|part| scope.spawn(move || part.iter().map(|doc| analyze_doc(lang, doc)).collect::<Vec<_>>()))
            .collect();
        // A panic in the analyzer is a bug to see, not an error to report: pass it on.
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

fn analyze_doc(lang: Lang, doc: &IndexedDoc) -> Analyzed {
    doc.fields
        .iter()
        .map(|text| {
            let tokens = analyze(lang, text);
            let length = u32::try_from(tokens.len()).unwrap_or(u32::MAX);
            let mut counts: HashMap<String, u32> = HashMap::new();
            // elasticlunr-rs counts an empty token in the length but indexes no term for it.
            for token in tokens.into_iter().filter(|t| !t.is_empty()) {
                *counts.entry(token).or_default() += 1;
            }
            (length, counts.into_iter().collect())
        })
        .collect()
}

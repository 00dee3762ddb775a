//! elasticlunr.js `fieldSearch`, `mergeScores` and `coordNorm` for one field.

use super::expansion::keys_for;
use super::BoolMode;
use crate::index::Field;

/// Scores per document (indexed by document number; `None` = no match) of one field, before
/// the field boost.
pub(super) fn search_field(
    field: &Field,
    doc_count: usize,
    tokens: &[String],
    expand: bool,
    bool_mode: BoolMode,
) -> Vec<Option<f64>> {
    let mut scores: Option<Vec<Option<f64>>> = None;
    // Per document: how many query tokens it contains exactly (elasticlunr's `docTokens`).
    let mut exact_matches = vec![0u32; doc_count];
    for token in tokens {
        let mut token_scores: Vec<Option<f64>> = vec![None; doc_count];
        // AND: later tokens only look at documents every earlier token matched.
        let filter = match bool_mode {
            BoolMode::And => scores.as_deref(),
            BoolMode::Or => None,
        };
        for key in keys_for(field, token, expand) {
            let Some((term, postings)) = field.terms.get(key).zip(field.postings.get(key)) else {
                continue;
            };
            let exact = term == token;
            let idf = idf(doc_count, postings.len());
            let penalty = if exact { 1.0 } else { expansion_penalty(term, token) };
            for posting in postings {
                let doc = posting.doc as usize;
                if filter.is_some_and(|running| running.get(doc).copied().flatten().is_none()) {
                    continue;
                }
                let (Some(slot), Some(&length)) = (token_scores.get_mut(doc), field.doc_lengths.get(doc)) else {
                    continue;
                };
                if exact {
                    if let Some(matches) = exact_matches.get_mut(doc) {
                        *matches += 1;
                    }
                }
                let tf = f64::from(posting.count).sqrt();
                let norm = if length != 0 { 1.0 / f64::from(length).sqrt() } else { 1.0 };
                let score = tf * idf * norm * penalty;
                *slot = Some(slot.map_or(score, |sum| sum + score));
            }
        }
        scores = Some(match scores {
            None => token_scores,
            Some(running) => merge(running, token_scores, bool_mode),
        });
    }
    let mut scores = scores.unwrap_or_default();
    coord_norm(&mut scores, &exact_matches, tokens.len());
    scores
}

/// `1 + ln(N / (df + 1))`, with N all documents of the index.
fn idf(doc_count: usize, df: usize) -> f64 {
    1.0 + (doc_count as f64 / (df as f64 + 1.0)).ln()
}

/// elasticlunr.js: `(1 - (key.length - token.length) / key.length) * 0.15`.
fn expansion_penalty(key: &str, token: &str) -> f64 {
    let key_len = utf16_len(key);
    let token_len = utf16_len(token);
    (1.0 - (key_len - token_len) / key_len) * 0.15
}

fn utf16_len(text: &str) -> f64 {
    text.chars().map(char::len_utf16).sum::<usize>() as f64
}

/// elasticlunr.js `mergeScores`: OR = union with sums, AND = intersection with sums.
fn merge(mut running: Vec<Option<f64>>, token_scores: Vec<Option<f64>>, bool_mode: BoolMode) -> Vec<Option<f64>> {
    for (total, score) in running.iter_mut().zip(token_scores) {
        *total = match (bool_mode, *total, score) {
            (_, Some(total), Some(score)) => Some(total + score),
            (BoolMode::Or, None, score) => score,
            (BoolMode::Or, total, None) => total,
            (BoolMode::And, _, _) => None,
        };
    }
    running
}

/// elasticlunr.js `coordNorm`: scale by the share of query tokens found exactly; documents
/// found only through expansions keep their score.
fn coord_norm(scores: &mut [Option<f64>], exact_matches: &[u32], token_count: usize) {
    for (score, &matches) in scores.iter_mut().zip(exact_matches) {
        if let Some(score) = score {
            if matches > 0 {
                *score = *score * f64::from(matches) / token_count as f64;
            }
        }
    }
}

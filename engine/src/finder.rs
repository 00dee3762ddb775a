//! The site's search: what a buyer expects from a search box.
//!
//! # Matching
//!
//! The query is analysed like the documents ([`crate::analysis`]), deduplicated and capped at
//! [`MAX_QUERY_TOKENS`] tokens ([`MAX_QUERY_BYTES`] bytes of input). Each token is matched
//! against each searched field's terms:
//!
//! - **exactly**, and **as a prefix** (the word being typed; at most 48 completions per field,
//!   the most frequent). The word being typed may already be longer than its stem ("harn" for
//!   "harness", stemmed `har`): when nothing starts with it, a stem it starts with counts as a
//!   prefix if the rest begins a known inflection ("n" of "ness"). A stop word being typed
//!   ("for" on the way to "forging") is kept as a prefix too. Parts of a complete code match
//!   only exactly (the `ti` of `Ti-6Al-4V` does not find "tiny"), and so do optional particles;
//! - on the German site, **as a part of a compound** for letter tokens of 4+ characters:
//!   "technik" finds "medizintechnik", "guss" finds "spritzguss" — one scan of the index's
//!   union vocabulary at query time ([`crate::index::Vocabulary`], built once per index and
//!   cached), so no dictionary ships and index-time analysis is unchanged;
//! - **with typos**, only when the token matches nothing as typed, and only for letter-only
//!   Latin tokens: 1 edit from 4 characters, 2 from 8, Damerau–Levenshtein (optimal string
//!   alignment: a swap of adjacent letters is one edit), by a trie walk over the union
//!   vocabulary that prunes every prefix out of reach. The word still being typed may also
//!   match the start of a term with typos ("titnai" → titanium), and a misspelt inflection
//!   may reach its stem ("mouldnig" → `mould`). Numbers and codes are never corrected.
//!
//! # Requirements: AND over the meaningful words, with a graceful fallback
//!
//! A document matches when every requirement is met in *some* field: each token is a
//! requirement, except that a code's parts stand in for the whole code (`ISO13485` also
//! matches a text that writes "ISO 13485" or "ISO-13485", `Ti-6Al-4V` matches "Ti 6Al 4V"),
//! and a one-character kana particle (の, を) in a longer Japanese query is optional. A
//! code whose parts do not spell it (`60601-1` loses the `1`) falls back to its parts only if
//! it occurs nowhere, and then `matched_all` is false.
//!
//! Before ranking, the [`plan`] decides from the index which words are meaningful: a German
//! word that is a compound of indexed words ("Endoskopteile") is also met by its pieces;
//! words that match nothing are dropped and reported in [`Found::unmatched`]; question words,
//! hiragana glue in a mixed Japanese query, and words that a large share of the documents
//! contain ("parts", "supplier", 部品) are scored but not required — unless nothing else is
//! left; question words and particles that are not required do not rank either. When no document meets every remaining requirement, all documents meeting at least
//! one are returned, most requirements first, then the largest share of the query's rarity
//! (idf) covered, with `matched_all` false.
//!
//! # Ranking
//!
//! Requirements met, then their rarity (only differs between partial matches), then match
//! quality — per requirement, 3 for exact, 2 for prefix or
//! compound part, 1 for typo, summed — then a BM25 score with field boosts (place > title > tags >
//! summary > body, see [`site_options`]; field lengths read in buckets, see [`length`]), then
//! document number. So an exact match always
//! outranks a prefix match, which always outranks a typo, and among equals a title match
//! outranks a body match.
//!
//! When every requirement is one token and there are several (a Thai phrase is a dozen cluster
//! bigrams), the documents meeting them all are found first by intersecting posting lists, and
//! only they are scored ([`conjunctive`]); the ranking is bit-identical to scoring every match.
//!
//! The elasticlunr.js-compatible scorer stays available as [`Index::search_tokens`]
//! (compatibility mode, checked against elasticlunr.js by the differential test).

mod conjunctive;
pub(crate) mod length;
mod matching;
mod nearest;
mod plan;
mod query;
mod rank;
mod typo;

use std::rc::Rc;

use crate::elasticlunr_compat::{BoolMode, FieldOptions, Hit, SearchOptions};
use crate::index::{Index, Vocabulary};
use crate::Lang;

pub use crate::snippet::{snippet, Segment};
pub(crate) use matching::MIN_COMPOUND_PART;
pub use nearest::{nearest_terms, NearTerm};
pub(crate) use plan::{splittable, MIN_PIECE};
pub use query::{MAX_QUERY_BYTES, MAX_QUERY_TOKENS};

/// The outcome of a query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// False when no document matched every token and `hits` holds partial matches (or when
    /// a code was only found through its parts).
    pub matched_all: bool,
    /// The analyzed query tokens, distinct, in query order (empty for a blank query).
    pub tokens: Vec<String>,
    /// What to highlight in snippets: the tokens plus every indexed term they matched
    /// (completions, compounds, typo corrections), at most [`MAX_HIGHLIGHT_TERMS`]. Pass it
    /// to [`snippet`].
    pub terms: Vec<String>,
    /// The words of the query that no returned document matches, as typed (substrings of the
    /// query, in query order, at most one entry per word; for Japanese and Thai the maximal
    /// stretches of characters no matched bigram covers). The hits then match the rest, so
    /// the UI can say "no firm matches 'screws'; showing firms that match the rest". Words
    /// that carry no meaning for the corpus (question words, particles, words nearly every
    /// document has) are never listed. Empty when every meaningful word matched, and for a
    /// query without hits (then nothing matched at all).
    pub unmatched: Vec<String>,
}

/// Most terms reported in [`Found::terms`].
pub const MAX_HIGHLIGHT_TERMS: usize = 64;

/// Field weights of the site's search: the boosts of [`crate::fields::INDEX_FIELDS`], highest
/// first. Only the boosts are used by [`find`]; as elasticlunr options they also work with
/// [`Index::search_tokens`].
pub fn site_options() -> SearchOptions {
    let mut fields = crate::fields::INDEX_FIELDS;
    fields.sort_by(|a, b| b.boost.total_cmp(&a.boost));
    SearchOptions {
        fields: fields
            .iter()
            .map(|field| (field.name.to_string(), FieldOptions { boost: field.boost, expand: true, bool_mode: None }))
            .collect(),
        bool_mode: BoolMode::Or,
    }
}

/// Runs `query` (as typed) against `index`.
pub fn find(index: &Index, lang: Lang, query: &str) -> Found {
    find_with(index, lang, query, &site_options())
}

/// [`find`] with other field boosts (fields with boost 0 or not in the index are skipped;
/// `expand` and `bool_mode` are ignored).
pub fn find_with(index: &Index, lang: Lang, query: &str, options: &SearchOptions) -> Found {
    find_in(index, lang, query, options, None)
}

/// The analysed query tokens [`find`] matches, distinct, in query order.
pub fn query_tokens(lang: Lang, query: &str) -> Vec<String> {
    query::Query::parse(lang, query).token_texts()
}

/// The (field position, term position) pairs of `index` that [`find_with`] scores for `query`,
/// typo and compound candidates drawn from `vocabulary`: what a reader that loads an index in
/// parts must fetch the postings of.
pub fn matched_terms(
    index: &Index,
    lang: Lang,
    query: &str,
    options: &SearchOptions,
    vocabulary: Rc<Vocabulary>,
) -> Vec<(usize, usize)> {
    let Some(planned) = Planned::new(index, lang, query, options, Some(vocabulary)) else { return Vec::new() };
    planned.matches.iter().flatten().map(|term_match| (term_match.field, term_match.term)).collect()
}

/// A query parsed, matched against the index and planned: what ranking needs.
struct Planned {
    query: query::Query,
    fields: Vec<rank::FieldWeights>,
    /// Per token, the terms it matched; none for tokens that do not rank.
    matches: Vec<Vec<matching::TermMatch>>,
    plan: plan::Plan,
}

impl Planned {
    /// `None` for a query without tokens.
    fn new(
        index: &Index,
        lang: Lang,
        query: &str,
        options: &SearchOptions,
        vocabulary: Option<Rc<Vocabulary>>,
    ) -> Option<Planned> {
        let mut query = query::Query::parse(lang, query);
        plan::split_compounds(index, lang, &mut query);
        if query.tokens.is_empty() {
            return None;
        }
        let fields = searched_fields(index, options);
        let positions: Vec<usize> = fields.iter().map(|weights| weights.field).collect();
        let mut vocabulary = vocabulary;
        let mut matches: Vec<Vec<matching::TermMatch>> = query
            .tokens
            .iter()
            .map(|token| matching::matches(index, &positions, lang, token, &mut vocabulary))
            .collect();
        let plan = plan::plan(index, lang, &mut query, &matches);
        drop_unranked(lang, &query, &mut matches);
        Some(Planned { query, fields, matches, plan })
    }
}

/// Particles (の, を) and question words ("who", "can") that do not filter do not rank either:
/// they say nothing about a firm, and their posting lists are the longest of the query (every
/// document for の). Words most documents contain ("parts") still rank: they carry a little
/// signal (the judged sets lose rank without it). A Latin word still being typed keeps
/// ranking: its completions say where the query is going ("titanium an" → anodizing).
fn drop_unranked(lang: Lang, query: &query::Query, matches: &mut [Vec<matching::TermMatch>]) {
    let required = |at: usize| query.groups.iter().any(|group| group.whole == at || group.parts.contains(&at));
    for (at, (token, token_matches)) in query.tokens.iter().zip(matches.iter_mut()).enumerate() {
        let typed_on = token.typing && token.latin;
        let says_nothing = token.exact_only || plan::is_question_word(lang, &token.text);
        if token.optional && says_nothing && !typed_on && !required(at) {
            token_matches.clear();
        }
    }
}

/// [`find_with`], typo and compound candidates drawn from `vocabulary` (`None`: the index's own
/// union vocabulary, cached per thread).
pub fn find_in(
    index: &Index,
    lang: Lang,
    query: &str,
    options: &SearchOptions,
    vocabulary: Option<Rc<Vocabulary>>,
) -> Found {
    let Some(Planned { query, fields, matches, plan }) = Planned::new(index, lang, query, options, vocabulary) else {
        return Found { matched_all: true, ..Found::default() };
    };
    let tokens = query.token_texts();
    let ranked = rank::rank(index, &fields, &query, &matches);
    let terms = highlight_terms(index, &query, &matches);
    if ranked.hits.is_empty() {
        return Found { hits: Vec::new(), matched_all: true, tokens, terms, unmatched: Vec::new() };
    }
    let matched_all = ranked.matched_all && plan.unmatched.is_empty();
    Found { hits: ranked.hits, matched_all, tokens, terms, unmatched: plan.unmatched }
}

/// The searched fields in option order, once each, boosts > 0 only.
fn searched_fields(index: &Index, options: &SearchOptions) -> Vec<rank::FieldWeights> {
    let mut fields: Vec<rank::FieldWeights> = Vec::new();
    for (name, field_options) in &options.fields {
        let Some(position) = index.fields.iter().position(|field| &field.name == name) else { continue };
        let boost = field_options.boost as f32;
        // NaN and non-positive boosts leave the field out.
        if boost.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
            || fields.iter().any(|weights| weights.field == position)
        {
            continue;
        }
        fields.push(rank::FieldWeights::new(index, position, boost));
    }
    fields
}

/// The tokens (particles aside) and the terms they matched. CJK and Thai completions are
/// left out: [`snippet`] marks just the typed part of them.
fn highlight_terms(index: &Index, query: &query::Query, matches: &[Vec<matching::TermMatch>]) -> Vec<String> {
    let mut terms: Vec<String> =
        query.tokens.iter().filter(|token| !token.optional).map(|token| token.text.clone()).collect();
    for (token, term_match) in query.tokens.iter().zip(matches).flat_map(|(token, m)| m.iter().map(move |m| (token, m)))
    {
        if terms.len() >= MAX_HIGHLIGHT_TERMS {
            break;
        }
        if token.optional || (!token.latin && term_match.kind == matching::Kind::Prefix) {
            continue;
        }
        let term = index.fields.get(term_match.field).and_then(|field| field.terms.get(term_match.term));
        if let Some(term) = term {
            if !terms.contains(term) {
                terms.push(term.clone());
            }
        }
    }
    terms.truncate(MAX_HIGHLIGHT_TERMS);
    terms
}

#[cfg(test)]
mod tests;

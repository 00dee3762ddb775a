//! Index-time and query-time text analysis: one function, [`analyze`], used on both sides, so
//! a query typed in the browser is cut into exactly the units the index was built from.
//!
//! # Pipeline
//!
//! 1. **Normalise** (`normalize`): fullwidth ASCII (U+FF01–FF5E) → ASCII, ideographic space →
//!    space, halfwidth katakana → fullwidth (with ﾞ/ﾟ composed), combining or spacing voicing
//!    marks composed onto the preceding kana (カ + ゛ → ガ), Thai digits → ASCII digits, Unicode
//!    hyphens and the minus sign → `-`, lowercase. German additionally folds `ä ö ü ß` to
//!    `a o u ss` (and drops a combining diaeresis), so "uber" finds "über" and "Strasse" finds
//!    "Straße".
//! 2. **Split by script** (`script`): Latin letters and digits; CJK (Han and Katakana incl. ー,
//!    or Hiragana); Thai. Everything else separates tokens.
//! 3. **Latin and digits** (`latin`): a chunk is a run of letters/digits in which `-`, `.` or
//!    `/` may join two alphanumerics. A chunk with a digit and a joiner is a *code* and is kept
//!    whole (`60601-1`, `ti-6al-4v`, `1.4404`); its alphanumeric parts of two or more characters
//!    are then analysed as if written separately (`ISO-13485` → `iso-13485`, `iso`, `13485`).
//!    A chunk without digits splits at its joiners into words. A word with a digit is never
//!    stemmed or dropped; if letters are followed by digits inside it, it also yields the pieces
//!    cut at each letter→digit boundary (`SUS316L` → `sus316l`, `sus`, `316l`;
//!    `ISO13485` → `iso13485`, `iso`, `13485`). Pieces shorter than two characters are not
//!    emitted (the whole code still is). Words without digits go through the language's word
//!    pipeline (`words`): English drops a small stop-word list and applies Porter2; German
//!    drops a small (folded) stop-word list and applies the German Snowball stemmer; Japanese
//!    and Thai pages apply Porter2 to Latin words (buyers type English there too) without stop
//!    words. Stemming is repeated until it no longer changes the word, which makes the analyzer
//!    idempotent on its own output (plain Porter2 is not: `agreed` → `agre` → `agr`).
//! 4. **CJK** (`cjk`): runs split where Han/Katakana and Hiragana alternate; a one-character
//!    piece is its own token, longer pieces become overlapping bigrams
//!    (射出成形 → 射出 出成 成形). No dictionary is shipped, and index and query are cut the
//!    same way by construction. Costs: more postings than word segmentation, bigrams that cross
//!    word boundaries (noise, ranked down by idf), and particles (の, を) indexed as one-character
//!    tokens. With prefix expansion a one-character query (金) finds its bigrams (金属, 金型).
//! 5. **Thai** (`thai`): runs cut into clusters (a base character plus the following
//!    combining vowels and tone marks), then overlapping cluster bigrams; a one-cluster run is
//!    its own token. A query typed without spaces yields bigrams that occur in any text
//!    containing it.
//!
//! Tokens longer than [`MAX_TOKEN_BYTES`] bytes are dropped.
//!
//! # Known tradeoffs (v1)
//!
//! - Stop words are dropped at query time too, so a half-typed word that happens to be a stop
//!   word ("for" on the way to "forging", "an" → "anodizing") yields no token until the next
//!   keystroke.
//! - A code written three ways ("ISO13485", "ISO-13485", "ISO 13485") shares the parts `iso` and
//!   `13485`, but the whole-code token differs, so requiring *every* query token (AND) misses
//!   the other spellings; OR with coordination ranks them correctly.
//! - Only German folds diacritics; "zurich" does not find "Zürich" on the other sites. Commas
//!   separate (`1,000` → `1`, `000`), and characters of other scripts (Greek µ, Cyrillic)
//!   separate tokens.
//!
//! # Wiring it into elasticlunr-rs (site builder)
//!
//! Give every field this analyzer as its tokenizer and use an **empty pipeline**, so the
//! index holds exactly the tokens [`analyze`] returns: either implement
//! `elasticlunr::Language` with `tokenize(text) = analyze(lang, text)` and
//! `make_pipeline() = Pipeline { queue: vec![] }` and build with
//! `IndexBuilder::with_language(..)`, or add each field with
//! `add_field_with_tokenizer(name, Box::new(move |text| analyze(lang, text)))` on a builder whose
//! language has an empty pipeline (the default English language would stem and trim again).
//! `tests/analyzer_elasticlunr.rs` checks both. elasticlunr-rs is a build-time dependency only.

mod cjk;
mod kana;
mod latin;
mod normalize;
mod script;
mod thai;
mod words;

use crate::Lang;
use script::Class;

/// Tokens longer than this (in UTF-8 bytes) are dropped: they are noise (hashes, URLs glued
/// together) and would bloat the index.
pub const MAX_TOKEN_BYTES: usize = 64;

/// Index-time and query-time analysis: the same function on both sides.
pub fn analyze(lang: Lang, text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    analyze_into(lang, text, &mut tokens);
    tokens
}

/// Like [`analyze`], but appends to `tokens`, so a caller analysing on every keystroke can
/// reuse one vector.
pub fn analyze_into(lang: Lang, text: &str, tokens: &mut Vec<String>) {
    let normalized = normalize::normalize(lang, text);
    let words = words::WordPipeline::new(lang);
    let mut sink = Sink { tokens };
    let mut rest = normalized.as_str();
    while let Some(first) = rest.chars().next() {
        let end = match script::classify(first) {
            Class::Alnum => {
                let end = latin::chunk_end(rest);
                latin::analyze_chunk(rest.get(..end).unwrap_or_default(), &words, &mut sink);
                end
            }
            Class::Cjk(kind) => {
                let end = cjk::run_end(rest, kind);
                cjk::bigrams(rest.get(..end).unwrap_or_default(), &mut sink);
                end
            }
            Class::ThaiBase | Class::ThaiMark => {
                let end = thai::run_end(rest);
                thai::bigrams(rest.get(..end).unwrap_or_default(), &mut sink);
                end
            }
            Class::Joiner | Class::LatinMark | Class::Separator => first.len_utf8(),
        };
        // `end` is always a char boundary > 0, so this makes progress; `get` keeps it panic-free.
        rest = rest.get(end.max(first.len_utf8())..).unwrap_or_default();
    }
}

/// Collects tokens, enforcing the length limit in one place.
struct Sink<'a> {
    tokens: &'a mut Vec<String>,
}

impl Sink<'_> {
    fn push(&mut self, token: &str) {
        if !token.is_empty() && token.len() <= MAX_TOKEN_BYTES {
            self.tokens.push(token.to_owned());
        }
    }
}

#[cfg(test)]
mod tests;

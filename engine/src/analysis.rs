//! Index-time and query-time text analysis: one function, [`analyze`], used on both sides, so
//! a query typed in the browser is cut into exactly the units the index was built from.
//!
//! # Pipeline
//!
//! 1. **Normalise** (`normalize`): fullwidth ASCII (U+FF01–FF5E) → ASCII, ideographic space →
//!    space, halfwidth katakana → fullwidth (with ﾞ/ﾟ composed), combining or spacing voicing
//!    marks composed onto the preceding kana (カ + ゛ → ガ), Thai digits → ASCII digits, Unicode
//!    hyphens and the minus sign → `-`, lowercase. A language whose profile folds umlauts
//!    (German) also folds `ä ö ü ß` to `a o u ss` (and drops a combining diaeresis), so "uber"
//!    finds "über" and "Strasse" finds "Straße".
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
//!    pipeline (`words`, from its [`crate::lang::Profile`]: stemmer and stop words): English drops a small stop-word list and applies Porter2; German
//!    drops a small (folded) stop-word list and applies the German Snowball stemmer; Japanese
//!    and Thai pages apply Porter2 to Latin words (buyers type English there too) without stop
//!    words. Stemming is repeated until it no longer changes the word, which makes the analyzer
//!    idempotent on its own output (plain Porter2 is not: `agreed` → `agre` → `agr`).
//! 4. **CJK** (`cjk`): runs split where Han/Katakana and Hiragana alternate (the prolonged
//!    sound mark ー continues either); each run is folded — hiragana → katakana, a ー after a
//!    kana dropped, ヴ-combinations → the B-row — and then a
//!    one-character piece is its own token, longer pieces become overlapping bigrams
//!    (射出成形 → 射出 出成 成形; しりこーん → シリ リコ コン, as シリコーン and シリコン). A dash typed
//!    after kana is the prolonged sound mark (シリコ-ン). No dictionary is shipped, and index and query are cut the
//!    same way by construction. Costs: more postings than word segmentation, bigrams that cross
//!    word boundaries (noise, ranked down by idf), and particles (の, を, as ノ, ヲ) indexed as
//!    one-character tokens; folded hiragana bigrams share terms with katakana ones (ます and
//!    マス), which only matters for idf, since a katakana word's other bigrams are required too. With prefix expansion a one-character query (金) finds its bigrams (金属, 金型).
//! 5. **Thai** (`thai`): runs cut into clusters (a base character plus the following
//!    combining vowels and tone marks), then overlapping cluster bigrams; a one-cluster run is
//!    its own token. A query typed without spaces yields bigrams that occur in any text
//!    containing it.
//!
//! Tokens longer than [`MAX_TOKEN_BYTES`] bytes are dropped.
//!
//! [`analyze_detailed`] returns the same tokens with where each came from (a byte range of
//! the original text, mapped back through normalisation) and how it relates to its chunk
//! (a whole code, a part of one, or neither). The finder uses the roles to let a code's parts
//! stand in for it (`ISO13485` finds "ISO 13485"); snippets use the ranges to highlight.
//! Both are side data of the one analysis: the tokens cannot differ from [`analyze`]'s.
//!
//! # Known tradeoffs (v1)
//!
//! - Stop words are dropped at query time too, so a half-typed word that happens to be a stop
//!   word ("for" on the way to "forging", "an" → "anodizing") yields no token; the finder
//!   keeps such a word at the end of the query as a prefix of its own.
//! - A code written three ways ("ISO13485", "ISO-13485", "ISO 13485") shares the parts `iso` and
//!   `13485`, but the whole-code token differs; the finder therefore accepts a code's parts in
//!   place of the whole when they spell it ([`TokenDetail::parts_cover`]). Elasticlunr's own
//!   AND (compatibility mode) still misses the other spellings.
//! - Stems differ between a compound and its parts in German ("medizintechnik" →
//!   `medizintechn`, "technik" → `technik`); the finder's compound matching allows for it.
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

use std::ops::Range;

use crate::Lang;
use normalize::SourceSpan;
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
    run(lang, &normalized, &mut Sink::new(tokens, None));
}

/// How a token relates to the other tokens of its chunk (a run of letters and digits with
/// joiners, such as `ISO-13485` or `SUS316L`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A token on its own: a word, a bigram, a code without parts.
    Plain,
    /// A whole code or digit word that is followed by its parts (`iso-13485`, `sus316l`).
    Whole,
    /// A part of the chunk's whole token (`iso`, `13485`).
    Part,
}

/// A token with where it came from, for query structure and snippets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenDetail {
    /// The token, exactly as [`analyze`] returns it.
    pub text: String,
    /// The bytes of the analysed text it was made from (a char-boundary range; for a stemmed
    /// word, the whole word; for a bigram, its two characters or clusters).
    pub source: Range<usize>,
    /// Tokens of one chunk share this number; chunks are numbered from 0 in text order.
    pub chunk: u32,
    pub role: Role,
    /// For a [`Role::Whole`] token: whether its parts spell the whole code (no part was too
    /// short or a stop word), so that a text with the parts written apart has the same code.
    pub parts_cover: bool,
}

/// Like [`analyze`], with each token's source range, chunk and role. The tokens are exactly
/// those of [`analyze`], in the same order.
pub fn analyze_detailed(lang: Lang, text: &str) -> Vec<TokenDetail> {
    let mut normalized = String::with_capacity(text.len());
    let mut map = Vec::new();
    normalize::normalize_into(lang, text, &mut normalized, Some(&mut map));
    let mut tokens = Vec::new();
    let mut details = Vec::new();
    {
        let recorder =
            Recorder { base: normalized.as_ptr() as usize, details: &mut details, next_chunk: 0, current: None };
        let mut sink = Sink::new(&mut tokens, Some(recorder));
        run(lang, &normalized, &mut sink);
    }
    for detail in &mut details {
        detail.source = source_range(&map, &detail.source, text.len());
    }
    details
}

/// Maps a byte range of the normalised text back to the analysed text.
fn source_range(map: &[SourceSpan], normalized: &Range<usize>, text_len: usize) -> Range<usize> {
    let entry_at = |byte: usize| {
        let after = map.partition_point(|span| span.normalized <= byte);
        map.get(after.saturating_sub(1))
    };
    let start = entry_at(normalized.start).map_or(0, |span| span.source_start);
    let end = entry_at(normalized.end.saturating_sub(1).max(normalized.start)).map_or(text_len, |span| span.source_end);
    start.min(text_len)..end.clamp(start.min(text_len), text_len)
}

/// Whether `token` (an analyzer token) is written in Latin letters or digits, the tokens that
/// tolerate typos and can be parts of compounds.
pub fn is_latin_token(token: &str) -> bool {
    token.chars().next().is_some_and(|c| script::classify(c) == Class::Alnum)
}

/// Whether `token` is a single kana character (a particle such as の or を when it stands
/// between kanji; folded to katakana, ノ, ヲ, by the analyzer): indexed, but too common to
/// require in a longer query.
pub fn is_single_kana_particle(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if kana::is_kana(c))
}

/// `text` folded as the analyzer folds characters (width, case, kana composition, German
/// umlauts), with hiragana as katakana and no ー after a kana, but not cut into tokens: for
/// matching what is being typed against names (しりこ finds シリコーン).
pub fn fold_for_matching(lang: Lang, text: &str) -> String {
    let normalized = normalize::normalize(lang, text);
    let mut out = String::with_capacity(normalized.len());
    let mut after_kana = false;
    for c in normalized.chars().map(cjk::to_katakana) {
        if c == cjk::CHOONPU && after_kana {
            continue;
        }
        after_kana = kana::is_kana(c);
        out.push(c);
    }
    out
}

/// Whether `token` is made of CJK characters (bigrams or a single character).
pub fn is_cjk_token(token: &str) -> bool {
    token.chars().next().is_some_and(|c| matches!(script::classify(c), Class::Cjk(_)))
}

/// The character classes of the analyzer, for callers that cut text the way it does (e.g.
/// snippets that must not split a Thai cluster or a combining sequence).
pub fn continues_cluster(c: char) -> bool {
    matches!(script::classify(c), Class::ThaiMark | Class::LatinMark) || matches!(c, '\u{3099}'..='\u{309C}')
}

/// Whether the analyzer treats `c` as part of a word (Latin letters and digits, CJK, Thai).
pub fn is_word_char(c: char) -> bool {
    !matches!(script::classify(c), Class::Separator | Class::Joiner)
}

fn run(lang: Lang, normalized: &str, sink: &mut Sink<'_>) {
    let words = words::WordPipeline::new(lang);
    let mut rest = normalized;
    while let Some(first) = rest.chars().next() {
        let end = match script::classify(first) {
            Class::Alnum => {
                let end = latin::chunk_end(rest);
                sink.begin_chunk();
                latin::analyze_chunk(rest.get(..end).unwrap_or_default(), &words, sink);
                sink.end_chunk();
                end
            }
            Class::Cjk(kind) => {
                // A run that starts with ー takes the script of what follows it.
                let kind = rest
                    .chars()
                    .find(|&c| c != cjk::CHOONPU)
                    .and_then(|c| match script::classify(c) {
                        Class::Cjk(next) => Some(next),
                        _ => None,
                    })
                    .unwrap_or(kind);
                let end = cjk::run_end(rest, kind);
                cjk::bigrams(rest.get(..end).unwrap_or_default(), sink);
                end
            }
            Class::ThaiBase | Class::ThaiMark => {
                let end = thai::run_end(rest);
                thai::bigrams(rest.get(..end).unwrap_or_default(), sink);
                end
            }
            Class::Joiner | Class::LatinMark | Class::Separator => first.len_utf8(),
        };
        // `end` is always a char boundary > 0, so this makes progress; `get` keeps it panic-free.
        rest = rest.get(end.max(first.len_utf8())..).unwrap_or_default();
    }
}

/// Records token details on the side (only for [`analyze_detailed`]).
struct Recorder<'a> {
    /// Address of the normalised text, to turn source slices into byte ranges.
    base: usize,
    details: &'a mut Vec<TokenDetail>,
    next_chunk: u32,
    /// The chunk being analysed, if any.
    current: Option<u32>,
}

/// Collects tokens, enforcing the length limit in one place.
struct Sink<'a> {
    tokens: &'a mut Vec<String>,
    recorder: Option<Recorder<'a>>,
    /// Inside a Latin chunk: the position (in `details`) of its whole token, and whether a
    /// part was dropped.
    whole: Option<usize>,
    dropped_part: bool,
}

impl<'a> Sink<'a> {
    fn new(tokens: &'a mut Vec<String>, recorder: Option<Recorder<'a>>) -> Self {
        Self { tokens, recorder, whole: None, dropped_part: false }
    }

    /// Pushes a token made from `source` (a slice of the normalised text) with no relation to
    /// its neighbours. Returns whether it was kept.
    fn push(&mut self, token: &str) -> bool {
        self.push_from(token, token, Role::Plain)
    }

    /// Pushes `token`, made from `source`, in `role`.
    fn push_from(&mut self, token: &str, source: &str, role: Role) -> bool {
        if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
            if role == Role::Part {
                self.dropped_part = true;
            }
            return false;
        }
        self.tokens.push(token.to_owned());
        if let Some(recorder) = self.recorder.as_mut() {
            let start = (source.as_ptr() as usize).saturating_sub(recorder.base);
            let chunk = recorder.current.unwrap_or_else(|| {
                recorder.next_chunk = recorder.next_chunk.wrapping_add(1);
                recorder.next_chunk.wrapping_sub(1)
            });
            recorder.details.push(TokenDetail {
                text: token.to_owned(),
                source: start..start + source.len(),
                chunk,
                role,
                parts_cover: false,
            });
            if role == Role::Whole && self.whole.is_none() {
                self.whole = Some(recorder.details.len() - 1);
            }
        }
        true
    }

    /// Notes that a part of the current chunk was not emitted (too short or a stop word).
    fn drop_part(&mut self) {
        self.dropped_part = true;
    }

    fn begin_chunk(&mut self) {
        if let Some(recorder) = self.recorder.as_mut() {
            recorder.current = Some(recorder.next_chunk);
            recorder.next_chunk = recorder.next_chunk.wrapping_add(1);
        }
        self.whole = None;
        self.dropped_part = false;
    }

    /// Closes a chunk: a whole token with parts learns whether the parts cover it; one
    /// without parts becomes plain.
    fn end_chunk(&mut self) {
        let Some(recorder) = self.recorder.as_mut() else { return };
        let Some(chunk) = recorder.current.take() else { return };
        let Some(whole) = self.whole else { return };
        let has_parts = recorder.details.iter().skip(whole + 1).any(|d| d.chunk == chunk && d.role == Role::Part);
        if let Some(detail) = recorder.details.get_mut(whole) {
            if has_parts {
                detail.parts_cover = !self.dropped_part;
            } else {
                detail.role = Role::Plain;
            }
        }
    }
}

#[cfg(test)]
mod tests;

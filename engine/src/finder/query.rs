//! A typed query, analysed and given structure: distinct tokens (at most
//! [`MAX_QUERY_TOKENS`]), and the requirements a document must meet to match them all.

use std::ops::Range;

use crate::analysis::{analyze_detailed, is_latin_token, is_single_kana_particle, Role};
use crate::Lang;

/// Distinct tokens considered per query; the rest of an absurdly long query is ignored.
pub const MAX_QUERY_TOKENS: usize = 32;

/// Queries longer than this (in bytes) are cut (at a char boundary) before analysis, so a
/// pasted page costs no more than a long query.
pub const MAX_QUERY_BYTES: usize = 1024;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct QueryToken {
    pub(super) text: String,
    /// Latin letters or digits: may be matched with typos and as a compound part.
    pub(super) latin: bool,
    /// Part of the word still being typed (the query does not end with a separator): may be
    /// matched as a prefix with typos.
    pub(super) typing: bool,
    /// A one-character hiragana particle in a longer query: scored, not required.
    pub(super) optional: bool,
    /// Only exact matches count: a part of a complete code (`ti` of `Ti-6Al-4V` is not a
    /// prefix of "tiny") or an optional particle.
    pub(super) exact_only: bool,
    /// Where the token's first occurrence came from in the query (bytes of [`Query::text`]).
    pub(super) source: Range<usize>,
}

/// One requirement: the token `whole` matches, or (for codes) all of `parts` do.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Group {
    pub(super) whole: usize,
    /// The parts of a code (`iso`, `13485` of `iso13485`); empty for a plain token.
    pub(super) parts: Vec<usize>,
    /// The parts spell the whole code, so a document with the parts written apart matches.
    /// Otherwise they stand in only when the whole code occurs nowhere.
    pub(super) parts_cover: bool,
    /// The parts are the pieces of a German compound typed as one word (`endoskop` + `teil`
    /// of "Endoskopteile"): meeting the group through them counts as a compound match.
    pub(super) split: bool,
    /// How rare the requirement is (its idf), for ranking partial matches; set by the plan.
    pub(super) rarity: f32,
}

impl Group {
    pub(super) fn new(whole: usize, parts_cover: bool) -> Group {
        Group { whole, parts: Vec::new(), parts_cover, split: false, rarity: 1.0 }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Query {
    pub(super) tokens: Vec<QueryToken>,
    pub(super) groups: Vec<Group>,
    /// The query as analysed (cut to [`MAX_QUERY_BYTES`]).
    pub(super) text: String,
}

impl Query {
    pub(super) fn parse(lang: Lang, text: &str) -> Query {
        let text = cut_at_char_boundary(text, MAX_QUERY_BYTES);
        let details = analyze_detailed(lang, text);
        let mut query = Query { text: text.to_string(), ..Query::default() };
        let mut chunk_group: Option<(u32, usize)> = None;
        for detail in &details {
            // Still being typed: nothing follows it (a separator means the word is complete).
            let typing = detail.source.end >= text.len();
            let exact_only = detail.role == Role::Part && !typing;
            let Some(token) = query.token_index(&detail.text, typing, exact_only, detail.source.clone()) else {
                continue;
            };
            match detail.role {
                Role::Whole if chunk_group.is_none_or(|(chunk, _)| chunk != detail.chunk) => {
                    chunk_group = Some((detail.chunk, query.groups.len()));
                    query.groups.push(Group::new(token, detail.parts_cover));
                }
                // A code nested in a code (`sus316l` in `sus316l-2`) is scored, not required:
                // the chunk's leaves stand for it.
                Role::Whole => {}
                Role::Part => match chunk_group {
                    Some((chunk, group)) if chunk == detail.chunk => {
                        if let Some(group) = query.groups.get_mut(group) {
                            if !group.parts.contains(&token) {
                                group.parts.push(token);
                            }
                        }
                    }
                    _ => query.require(token),
                },
                Role::Plain => query.require(token),
            }
        }
        query.add_stop_word_being_typed(text, &details);
        query.mark_optional_particles();
        query
    }

    /// A stop word yields no token, but the word being typed may only look like one: "for" on
    /// the way to "forging", "an" to "anodizing". An ASCII word at the very end of the query
    /// that produced no token is kept as a prefix: required if it is the whole query,
    /// otherwise optional (it ranks, it does not filter).
    fn add_stop_word_being_typed(&mut self, text: &str, details: &[crate::analysis::TokenDetail]) {
        let start =
            text.char_indices().rev().find(|(_, c)| !c.is_ascii_alphabetic()).map_or(0, |(at, c)| at + c.len_utf8());
        let word = text.get(start..).unwrap_or_default();
        let covered = details.last().is_some_and(|last| last.source.end > start);
        if word.is_empty() || covered || self.tokens.len() >= MAX_QUERY_TOKENS {
            return;
        }
        // Only a word standing on its own (not the tail of "ISO-13485-a" or "é-a").
        if text.get(..start).and_then(|before| before.chars().next_back()).is_some_and(|c| !c.is_whitespace()) {
            return;
        }
        let optional = !self.groups.is_empty();
        let text = word.to_ascii_lowercase();
        if self.tokens.iter().any(|token| token.text == text) {
            return;
        }
        let source = start..start + word.len();
        self.tokens.push(QueryToken { text, latin: true, typing: true, optional, exact_only: false, source });
        if !optional {
            self.groups.push(Group::new(self.tokens.len() - 1, false));
        }
    }

    /// The position of `text` among the tokens, added if new and there is room.
    pub(super) fn token_index(
        &mut self,
        text: &str,
        typing: bool,
        exact_only: bool,
        source: Range<usize>,
    ) -> Option<usize> {
        if let Some(found) = self.tokens.iter().position(|token| token.text == text) {
            if let Some(token) = self.tokens.get_mut(found) {
                token.typing |= typing;
                token.exact_only &= exact_only;
            }
            return Some(found);
        }
        if self.tokens.len() >= MAX_QUERY_TOKENS {
            return None;
        }
        let latin = is_latin_token(text);
        self.tokens.push(QueryToken { text: text.to_string(), latin, typing, optional: false, exact_only, source });
        Some(self.tokens.len() - 1)
    }

    fn require(&mut self, token: usize) {
        if !self.groups.iter().any(|group| group.whole == token && group.parts.is_empty()) {
            self.groups.push(Group::new(token, false));
        }
    }

    /// One-character hiragana (の, を, と) between kanji are indexed as tokens, but requiring
    /// them would make "金型の設計" miss "金型設計". They stay required when they are all
    /// there is.
    fn mark_optional_particles(&mut self) {
        let particle = |token: &QueryToken| is_single_kana_particle(&token.text);
        if self.tokens.iter().all(particle) {
            return;
        }
        for token in &mut self.tokens {
            if particle(token) {
                token.optional = true;
                token.exact_only = true;
            }
        }
        let tokens = &self.tokens;
        self.groups
            .retain(|group| !(group.parts.is_empty() && tokens.get(group.whole).is_some_and(|token| token.optional)));
    }

    /// The distinct tokens, in query order.
    pub(super) fn token_texts(&self) -> Vec<String> {
        self.tokens.iter().map(|token| token.text.clone()).collect()
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub(super) fn cut_at_char_boundary(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(query: &Query, indices: &[usize]) -> Vec<String> {
        indices.iter().map(|&i| query.tokens[i].text.clone()).collect()
    }

    #[test]
    fn plain_words_are_each_required() {
        let query = Query::parse(Lang::En, "titanium tubes");
        assert_eq!(query.token_texts(), ["titanium", "tube"]);
        assert_eq!(query.groups.len(), 2);
        assert!(query.groups.iter().all(|group| group.parts.is_empty()));
        assert!(!query.tokens[0].typing);
        assert!(query.tokens[1].typing);
        assert!(!Query::parse(Lang::En, "titanium tubes ").tokens[1].typing);
    }

    #[test]
    fn codes_group_their_parts() {
        let query = Query::parse(Lang::En, "ISO13485");
        assert_eq!(query.groups.len(), 1);
        let group = &query.groups[0];
        assert_eq!(query.tokens[group.whole].text, "iso13485");
        assert_eq!(texts(&query, &group.parts), ["iso", "13485"]);
        assert!(group.parts_cover);

        let query = Query::parse(Lang::En, "IEC 60601-1");
        assert_eq!(query.groups.len(), 2);
        let code = &query.groups[1];
        assert_eq!(query.tokens[code.whole].text, "60601-1");
        assert_eq!(texts(&query, &code.parts), ["60601"]);
        assert!(!code.parts_cover, "the part 1 is too short to stand alone");

        let query = Query::parse(Lang::En, "Ti-6Al-4V");
        assert_eq!(texts(&query, &query.groups[0].parts), ["ti", "6al", "4v"]);
        assert!(query.groups[0].parts_cover);

        // A code nested in a code: the leaves stand for both.
        let query = Query::parse(Lang::En, "ISO13485-2016");
        assert_eq!(query.groups.len(), 1);
        assert_eq!(texts(&query, &query.groups[0].parts), ["iso", "13485", "2016"]);
        assert!(query.groups[0].parts_cover);
    }

    #[test]
    fn kana_particles_are_optional_in_longer_queries() {
        let query = Query::parse(Lang::Ja, "金型の設計");
        let optional: Vec<&str> =
            query.tokens.iter().filter(|token| token.optional).map(|token| token.text.as_str()).collect();
        assert_eq!(optional, ["ノ"], "の, folded to katakana");
        assert_eq!(query.groups.len(), 2);
        let alone = Query::parse(Lang::Ja, "の");
        assert_eq!(alone.groups.len(), 1);
        assert!(!alone.tokens[0].optional);
    }

    #[test]
    fn a_stop_word_being_typed_is_a_prefix() {
        let alone = Query::parse(Lang::En, "for");
        assert_eq!(alone.token_texts(), ["for"]);
        assert_eq!(alone.groups.len(), 1);
        let after = Query::parse(Lang::En, "titanium an");
        assert_eq!(after.token_texts(), ["titanium", "an"]);
        assert_eq!(after.groups.len(), 1);
        assert!(after.tokens[1].optional);
        // Complete stop words are dropped as before.
        assert_eq!(Query::parse(Lang::En, "titanium an ").token_texts(), ["titanium"]);
        assert_eq!(Query::parse(Lang::En, "the titanium").token_texts(), ["titanium"]);
        assert!(Query::parse(Lang::En, "").tokens.is_empty());
    }

    #[test]
    fn caps_and_dedupes_tokens() {
        let many: String = (0..100).map(|i| format!("word{i} ")).collect();
        assert_eq!(Query::parse(Lang::En, &many).tokens.len(), MAX_QUERY_TOKENS);
        let thai = Query::parse(Lang::Th, "ไทเทเนียม");
        assert_eq!(thai.token_texts(), ["ไท", "ทเ", "เท", "เนี", "นีย", "ยม"]);
        assert_eq!(thai.groups.len(), 6);
        assert_eq!(cut_at_char_boundary("射出", 4), "射");
        assert_eq!(cut_at_char_boundary("ab", 9), "ab");
    }
}

//! Latin/digit chunks: plain words, codes (`60601-1`, `ti-6al-4v`, `1.4404`) and the pieces
//! of codes that buyers type on their own (`13485` in `ISO-13485`, `316l` in `SUS316L`).

use super::script::{classify, Class};
use super::words::WordPipeline;
use super::{Role, Sink};

fn is_joiner(c: char) -> bool {
    classify(c) == Class::Joiner
}

/// The byte length of the chunk at the start of `text` (which starts with an alphanumeric):
/// alphanumerics and combining marks, with single joiners between alphanumerics.
pub(super) fn chunk_end(text: &str) -> usize {
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let joins_next = matches!(chars.peek(), Some(&(_, next)) if classify(next) == Class::Alnum);
        match classify(c) {
            Class::Alnum | Class::LatinMark => end = at + c.len_utf8(),
            Class::Joiner if joins_next => {}
            _ => break,
        }
    }
    end
}

/// Emits the tokens of one chunk.
///
/// A chunk with a digit and a joiner is a code: it is kept whole, and each part between
/// joiners of two or more characters is analysed as a word of its own, so that "ISO 13485"
/// and "ISO-13485" share `iso` and `13485`. One-character parts (`1` in `60601-1`) would match
/// far too much on their own and are only searchable through the whole code. A chunk without
/// digits is just words joined by punctuation ("e-mail", "U.S.").
pub(super) fn analyze_chunk(chunk: &str, words: &WordPipeline, sink: &mut Sink<'_>) {
    let is_code = has_digit(chunk) && chunk.contains(is_joiner);
    if is_code {
        sink.push_from(chunk, chunk, Role::Whole);
    }
    for part in chunk.split(is_joiner) {
        if !is_code || has_two_chars(part) {
            analyze_word(part, is_code, words, sink);
        } else {
            sink.drop_part();
        }
    }
}

/// Emits the tokens of one word (alphanumerics and combining marks only).
///
/// Words without digits go through the language's stop words and stemmer. Words with digits
/// are kept as they are; where letters are followed by digits (`sus316l`, `iso13485`,
/// `m8x1`) the pieces cut at those boundaries are emitted too, because the letter prefix is
/// often a vendor or standard name typed apart from the number. Digit→letter boundaries are
/// not cut: `316l` and `4v` are units in themselves.
fn analyze_word(word: &str, in_code: bool, words: &WordPipeline, sink: &mut Sink<'_>) {
    let role = if in_code { Role::Part } else { Role::Plain };
    if !has_digit(word) {
        if !words.push_word(word, role, sink) {
            sink.drop_part();
        }
        return;
    }
    let has_pieces = word.bytes().zip(word.bytes().skip(1)).any(|(a, b)| !a.is_ascii_digit() && b.is_ascii_digit());
    sink.push_from(word, word, if has_pieces { Role::Whole } else { role });
    let mut piece_start = 0;
    let mut after_letter = false;
    for (at, c) in word.char_indices() {
        let digit = c.is_ascii_digit();
        if digit && after_letter {
            push_piece(word.get(piece_start..at).unwrap_or_default(), words, sink);
            piece_start = at;
        }
        after_letter = !digit;
    }
    if piece_start > 0 {
        push_piece(word.get(piece_start..).unwrap_or_default(), words, sink);
    }
}

/// A piece of a word cut at a letter→digit boundary: letters only (the first piece) are a
/// word, anything with digits is kept verbatim.
fn push_piece(piece: &str, words: &WordPipeline, sink: &mut Sink<'_>) {
    let pushed = has_two_chars(piece)
        && if has_digit(piece) {
            sink.push_from(piece, piece, Role::Part)
        } else {
            words.push_word(piece, Role::Part, sink)
        };
    if !pushed {
        sink.drop_part();
    }
}

fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

fn has_two_chars(text: &str) -> bool {
    text.chars().nth(1).is_some()
}

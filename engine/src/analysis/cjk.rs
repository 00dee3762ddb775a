//! CJK runs: overlapping character bigrams, or the character itself for a one-character run.
//!
//! Before the bigrams are cut, the run's characters are folded (both at index and at query
//! time, so matching stays symmetric):
//!
//! - hiragana → katakana (しりこーん → シリコーン), so katakana words typed without IME
//!   conversion find their text. Runs are still cut where the *original* script changes
//!   (see [`run_end`]), so kanji with okurigana (行います → 行 | イマ マス) keep the word
//!   boundaries they had: folding does not glue particles to the kanji before them;
//! - a prolonged sound mark (ー) after a kana is dropped (ワイヤー → ワイヤ, ワイヤーカット →
//!   ワイヤカット, しりこーん → シリコン): loan words are spelt with and without it (JIS Z 8301
//!   drops the final one; ワイヤカット / ワイヤーカット, シリコン / シリコーン). Dropping it only
//!   where a katakana stretch ends (Lucene's `JapaneseKatakanaStemFilter` rule) would cut a
//!   word differently alone and inside a compound (ワイヤー → ワイヤ, but ワイヤーカット keeps
//!   the bigram ヤー, found only in that exact spelling), so every mark after a kana goes. The
//!   cost is a few merged words (ビール / ビル), which the bigrams of the rest of a query tell
//!   apart;
//! - ヴ and its combinations fold to the B-row (ヴァ → バ, ヴィ → ビ, ヴ → ブ, ヴェ → ベ,
//!   ヴォ → ボ; ヷ ヸ ヹ ヺ likewise), the other common loan-word variant (バイオリン /
//!   ヴァイオリン).

use super::script::{classify, CjkKind, Class};
use super::{Role, Sink};

/// The prolonged sound mark.
pub(super) const CHOONPU: char = '\u{30FC}';

/// The byte length of the run of `kind` characters at the start of `text`. The prolonged
/// sound mark continues any run (しりこーん is one run, as シリコーン is).
pub(super) fn run_end(text: &str, kind: CjkKind) -> usize {
    text.char_indices().find(|&(_, c)| c != CHOONPU && classify(c) != Class::Cjk(kind)).map_or(text.len(), |(at, _)| at)
}

/// Hiragana → katakana (the iteration marks ゝ ゞ too); anything else unchanged.
pub(super) fn to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => char::from_u32(u32::from(c) + 0x60).unwrap_or(c),
        _ => c,
    }
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | CHOONPU | '\u{30FD}' | '\u{30FE}')
}

/// The B-row kana for ヴ followed by `small` (ァ ィ ェ ォ), if that is a combination.
fn vu_with(small: char) -> Option<char> {
    match small {
        'ァ' => Some('バ'),
        'ィ' => Some('ビ'),
        'ェ' => Some('ベ'),
        'ォ' => Some('ボ'),
        _ => None,
    }
}

/// A folded character and the bytes of the run it stands for.
struct Folded {
    c: char,
    start: usize,
    end: usize,
}

/// The folded characters of `run`.
fn fold(run: &str) -> Vec<Folded> {
    let mut out: Vec<Folded> = Vec::with_capacity(run.len() / 3 + 1);
    let mut chars = run.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let mut c = to_katakana(c);
        match c {
            'ヴ' => {
                let next = chars.peek().map(|&(_, next)| to_katakana(next)).and_then(vu_with);
                c = match next {
                    Some(combined) => {
                        if let Some((at, small)) = chars.next() {
                            end = at + small.len_utf8();
                        }
                        combined
                    }
                    None => 'ブ',
                };
            }
            'ヷ' => c = 'バ',
            'ヸ' => c = 'ビ',
            'ヹ' => c = 'ベ',
            'ヺ' => c = 'ボ',
            _ => {}
        }
        out.push(Folded { c, start, end });
    }
    drop_choonpu(&mut out);
    out
}

/// Drops each ー that follows a kana (a mark at the start of a run, or after a kanji, stays).
fn drop_choonpu(chars: &mut Vec<Folded>) {
    let mut at = 1;
    while at < chars.len() {
        let after_kana = chars.get(at - 1).is_some_and(|before| is_katakana(before.c) && before.c != CHOONPU);
        if chars.get(at).is_some_and(|folded| folded.c == CHOONPU) && after_kana {
            // Keep the dropped mark's bytes in the source of the character before it.
            let removed = chars.remove(at);
            if let Some(before) = chars.get_mut(at - 1) {
                before.end = before.end.max(removed.end);
            }
        } else {
            at += 1;
        }
    }
}

/// Emits the bigrams of the folded `run` (射出成形 → 射出 出成 成形), or its one character.
pub(super) fn bigrams(run: &str, sink: &mut Sink<'_>) {
    let folded = fold(run);
    let mut token = String::with_capacity(8);
    if let [only] = folded.as_slice() {
        token.push(only.c);
        sink.push_from(&token, run.get(only.start..only.end).unwrap_or_default(), Role::Plain);
        return;
    }
    for pair in folded.windows(2) {
        let [first, second] = pair else { continue };
        token.clear();
        token.push(first.c);
        token.push(second.c);
        sink.push_from(&token, run.get(first.start..second.end).unwrap_or_default(), Role::Plain);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(run: &str) -> String {
        fold(run).iter().map(|f| f.c).collect()
    }

    #[test]
    fn folds_hiragana_long_vowels_and_vu() {
        assert_eq!(folded("しりこーん"), "シリコン");
        assert_eq!(folded("ワイヤー"), "ワイヤ");
        assert_eq!(folded("ワイヤー放電"), "ワイヤ放電");
        assert_eq!(folded("ワイヤーカット"), folded("ワイヤカット"), "alone and in a compound alike");
        assert_eq!(folded("カバー"), "カバ");
        assert_eq!(folded("クリーンルーム"), "クリンルム");
        assert_eq!(folded("ーン"), "ーン", "a mark after nothing stays");
        assert_eq!(folded("ー"), "ー");
        assert_eq!(folded("ヴァイオリン"), "バイオリン");
        assert_eq!(folded("ヴェストファーレン"), "ベストファレン");
        assert_eq!(folded("ヴ"), "ブ");
        assert_eq!(folded("ゔぁ"), "バ");
        assert_eq!(folded("ゝ"), "ヽ");
    }
}

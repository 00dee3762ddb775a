//! Character normalisation: width folding, kana composition, digit and hyphen folding,
//! lowercasing and (German only) umlaut folding. One pass into one buffer.

use super::kana;
use crate::Lang;

/// Returns the normalised form of `text` for `lang`.
pub(super) fn normalize(lang: Lang, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(lang, text, &mut out, None);
    out
}

/// Where a stretch of normalised text came from: the normalised text from byte `normalized`
/// on (up to the next entry) was produced by `text[source_start..source_end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SourceSpan {
    pub(super) normalized: usize,
    pub(super) source_start: usize,
    pub(super) source_end: usize,
}

/// Normalises `text` into `out`; with `map`, also records for every normalised character the
/// source characters it came from (several output characters may share one source character,
/// as ß → ss, and one output character may stand for several, as カ + ゛ → ガ).
pub(super) fn normalize_into(lang: Lang, text: &str, out: &mut String, mut map: Option<&mut Vec<SourceSpan>>) {
    let fold_umlauts = lang.profile().fold_umlauts;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        let c = fold_width(c);
        if kana::is_voicing_mark(c) {
            let composed = attach_voicing_mark(out, c);
            if let Some(map) = map.as_deref_mut() {
                match (composed, map.last_mut()) {
                    // The composed kana replaced the last character: it now spans the mark too.
                    (true, Some(last)) => last.source_end = end,
                    _ => map.push(SourceSpan { normalized: out.len() - 1, source_start: at, source_end: end }),
                }
            }
            continue;
        }
        let before = out.len();
        if is_long_vowel_variant(c) && out.chars().next_back().is_some_and(kana::is_kana) {
            // シリコ-ン, シリコ－ン, シリコ―ン: a dash after kana is the prolonged sound mark.
            out.push('\u{30FC}');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            for lower in c.to_lowercase() {
                if fold_umlauts {
                    push_german_folded(out, lower);
                } else {
                    out.push(lower);
                }
            }
        }
        if let Some(map) = map.as_deref_mut() {
            if out.len() > before {
                map.push(SourceSpan { normalized: before, source_start: at, source_end: end });
            }
        }
    }
}

/// Folds characters that have a plain equivalent typed more often.
fn fold_width(c: char) -> char {
    match c {
        // Fullwidth ASCII variants sit at a fixed offset from ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        // Thai digits ๐–๙ behave like ASCII digits (never dropped, joinable into codes).
        '\u{0E50}'..='\u{0E59}' => char::from_u32(u32::from(c) - 0x0E50 + u32::from('0')).unwrap_or(c),
        // Hyphen, non-breaking hyphen, figure dash, en dash, minus: typeset text uses them in
        // codes such as "IEC 60601‑1" that buyers type with an ASCII hyphen.
        '\u{2010}'..='\u{2013}' | '\u{2212}' => '-',
        _ => kana::fold_halfwidth(c),
    }
}

/// Dashes typed for the prolonged sound mark ー (after width folding: the ASCII and
/// fullwidth hyphen-minus, the hyphens, en dash and minus are `-` by then).
fn is_long_vowel_variant(c: char) -> bool {
    matches!(c, '-' | '\u{2014}' | '\u{2015}' | '\u{2500}' | '\u{2501}')
}

/// Composes a voicing mark onto the kana before it (returns true); a mark with nothing to
/// compose with becomes a separator (returns false).
fn attach_voicing_mark(out: &mut String, mark: char) -> bool {
    let composed = out.chars().next_back().and_then(|last| kana::compose(last, mark));
    match composed {
        Some(voiced) => {
            out.pop();
            out.push(voiced);
            true
        }
        None => {
            out.push(' ');
            false
        }
    }
}

/// German folding, applied after lowercasing: ä→a, ö→o, ü→u, ß→ss; a combining diaeresis
/// (decomposed umlaut) is dropped for the same effect.
fn push_german_folded(out: &mut String, c: char) {
    match c {
        'ä' => out.push('a'),
        'ö' => out.push('o'),
        'ü' => out.push('u'),
        'ß' => out.push_str("ss"),
        '\u{0308}' => {}
        _ => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_space_and_case() {
        assert_eq!(normalize(Lang::Ja, "ＩＳＯ１３４８５\u{3000}Ａｂ"), "iso13485 ab");
        assert_eq!(normalize(Lang::En, "IEC 60601\u{2011}1"), "iec 60601-1");
        assert_eq!(normalize(Lang::Th, "๒๐๒๔"), "2024");
    }

    #[test]
    fn folds_german_umlauts_only_for_german() {
        assert_eq!(normalize(Lang::De, "Über Straße ẞ"), "uber strasse ss");
        assert_eq!(normalize(Lang::De, "u\u{0308}ber"), "uber");
        assert_eq!(normalize(Lang::En, "Über"), "über");
    }

    #[test]
    fn composes_kana_voicing() {
        assert_eq!(normalize(Lang::Ja, "ｶﾞｲﾄﾞﾜｲﾔｰ"), "ガイドワイヤー");
        assert_eq!(normalize(Lang::Ja, "ﾊﾟｲﾌﾟ"), "パイプ");
        assert_eq!(normalize(Lang::Ja, "か\u{3099}"), "が");
        // Nothing to compose with: the mark separates.
        assert_eq!(normalize(Lang::Ja, "a\u{3099}b"), "a b");
        assert_eq!(normalize(Lang::Ja, "\u{309B}"), " ");
    }

    #[test]
    fn dashes_after_kana_are_the_long_vowel_mark() {
        for text in ["シリコ-ン", "シリコ－ン", "シリコ―ン", "シリコ—ン", "シリコ─ン", "シリコ‐ン", "ｼﾘｺｰﾝ"]
        {
            assert_eq!(normalize(Lang::Ja, text), "シリコーン", "{text}");
        }
        assert_eq!(normalize(Lang::Ja, "こ-ん"), "こーん");
        // Elsewhere a dash stays a joiner or separator.
        assert_eq!(normalize(Lang::Ja, "ISO-13485"), "iso-13485");
        assert_eq!(normalize(Lang::Ja, "射出-成形"), "射出-成形");
    }
}

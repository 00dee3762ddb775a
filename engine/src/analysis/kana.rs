//! Kana folding: halfwidth katakana to fullwidth, and voicing marks composed onto their kana,
//! so ｶﾞｲﾄﾞ, カ゛イト゛ and ガイド are one word.

/// Fullwidth katakana for halfwidth U+FF66 (ｦ) ..= U+FF9D (ﾝ), as offsets from U+30A0.
const HALFWIDTH_KATAKANA: [u8; 56] = [
    0x52, // ｦ ヲ
    0x01, 0x03, 0x05, 0x07, 0x09, // ｧ ｨ ｩ ｪ ｫ
    0x43, 0x45, 0x47, // ｬ ｭ ｮ
    0x23, // ｯ
    0x5C, // ｰ ー
    0x02, 0x04, 0x06, 0x08, 0x0A, // ｱ ｲ ｳ ｴ ｵ
    0x0B, 0x0D, 0x0F, 0x11, 0x13, // ｶ ｷ ｸ ｹ ｺ
    0x15, 0x17, 0x19, 0x1B, 0x1D, // ｻ ｼ ｽ ｾ ｿ
    0x1F, 0x21, 0x24, 0x26, 0x28, // ﾀ ﾁ ﾂ ﾃ ﾄ
    0x2A, 0x2B, 0x2C, 0x2D, 0x2E, // ﾅ ﾆ ﾇ ﾈ ﾉ
    0x2F, 0x32, 0x35, 0x38, 0x3B, // ﾊ ﾋ ﾌ ﾍ ﾎ
    0x3E, 0x3F, 0x40, 0x41, 0x42, // ﾏ ﾐ ﾑ ﾒ ﾓ
    0x44, 0x46, 0x48, // ﾔ ﾕ ﾖ
    0x49, 0x4A, 0x4B, 0x4C, 0x4D, // ﾗ ﾘ ﾙ ﾚ ﾛ
    0x4F, // ﾜ
    0x53, // ﾝ
];

const VOICED: char = '\u{3099}';
const SEMI_VOICED: char = '\u{309A}';

/// Maps halfwidth katakana (and the halfwidth voicing marks) to their fullwidth forms.
pub(super) fn fold_halfwidth(c: char) -> char {
    match c {
        '\u{FF66}'..='\u{FF9D}' => {
            let slot = (u32::from(c) - 0xFF66) as usize;
            HALFWIDTH_KATAKANA.get(slot).and_then(|offset| char::from_u32(0x30A0 + u32::from(*offset))).unwrap_or(c)
        }
        '\u{FF9E}' => VOICED,
        '\u{FF9F}' => SEMI_VOICED,
        _ => c,
    }
}

/// Hiragana or katakana letters (not the marks).
pub(super) fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}')
}

/// Combining (U+3099/309A) and spacing (U+309B/309C) voicing marks.
pub(super) fn is_voicing_mark(c: char) -> bool {
    matches!(c, '\u{3099}'..='\u{309C}')
}

/// The kana `base` with `mark` applied, if that kana exists (か+゛→が, ハ+゜→パ, ウ+゛→ヴ).
pub(super) fn compose(base: char, mark: char) -> Option<char> {
    let semi = matches!(mark, '\u{309A}' | '\u{309C}');
    let code = u32::from(base);
    // Katakana mirror hiragana 0x60 code points higher; work on the hiragana code point.
    let (hira, shift) = match code {
        // ワ ヰ ヱ ヲ have voiced forms only in katakana (ヷ ヸ ヹ ヺ).
        0x30EF..=0x30F2 if !semi => return char::from_u32(code + 8),
        0x3041..=0x3096 => (code, 0),
        0x30A1..=0x30F6 => (code - 0x60, 0x60),
        _ => return None,
    };
    let composed = match hira {
        // は ひ ふ へ ほ: voiced +1, semi-voiced +2.
        0x306F..=0x307B if (hira - 0x306F) % 3 == 0 => hira + if semi { 2 } else { 1 },
        _ if semi => return None,
        // か … ぢ: every odd code point has its voiced form next to it.
        0x304B..=0x3061 if hira % 2 == 1 => hira + 1,
        // つ て と
        0x3064 | 0x3066 | 0x3068 => hira + 1,
        // う → ゔ
        0x3046 => 0x3094,
        _ => return None,
    };
    char::from_u32(composed + shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwidth_table_matches_unicode_names() {
        let half: String =
            "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ".chars().map(fold_halfwidth).collect();
        assert_eq!(
            half,
            "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
        );
    }

    #[test]
    fn composes_voiced_kana() {
        let cases = [
            ('か', VOICED, Some('が')),
            ('ち', VOICED, Some('ぢ')),
            ('つ', VOICED, Some('づ')),
            ('と', VOICED, Some('ど')),
            ('ほ', SEMI_VOICED, Some('ぽ')),
            ('ホ', VOICED, Some('ボ')),
            ('ウ', VOICED, Some('ヴ')),
            ('ワ', VOICED, Some('ヷ')),
            ('ヲ', VOICED, Some('ヺ')),
            ('カ', '\u{309B}', Some('ガ')),
            ('ハ', '\u{309C}', Some('パ')),
            ('か', SEMI_VOICED, None),
            ('な', VOICED, None),
            ('っ', VOICED, None),
            ('a', VOICED, None),
        ];
        for (base, mark, expected) in cases {
            assert_eq!(compose(base, mark), expected, "{base} + {mark:?}");
        }
    }
}

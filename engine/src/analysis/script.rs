//! Which kind of run a (normalised) character belongs to. Hand-written ranges instead of a
//! Unicode tables crate keep the WebAssembly small; only the scripts of the site matter.

/// The two CJK classes; runs split where they alternate (kanji/katakana words vs. kana
/// particles and inflections).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CjkKind {
    /// Han ideographs, katakana and the prolonged sound mark ー.
    HanKatakana,
    Hiragana,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// Latin letters and ASCII digits.
    Alnum,
    /// `-`, `.`, `/`: join alphanumerics into codes (`60601-1`, `1.4404`), else separate.
    Joiner,
    /// A combining diacritic: continues a Latin word, else separates.
    LatinMark,
    Cjk(CjkKind),
    /// A Thai consonant, independent vowel or leading vowel: starts a cluster.
    ThaiBase,
    /// A Thai combining vowel or tone mark: extends the current cluster.
    ThaiMark,
    Separator,
}

pub(super) fn classify(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => Class::Alnum,
        '-' | '.' | '/' => Class::Joiner,
        '\u{00C0}'..='\u{024F}' if c != '×' && c != '÷' => Class::Alnum,
        '\u{1E00}'..='\u{1EFF}' => Class::Alnum,
        '\u{0300}'..='\u{036F}' => Class::LatinMark,
        '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' => Class::ThaiMark,
        // Consonants, vowels and leading vowels; ฯ ๆ ฿ ๏ ๚ ๛ are punctuation.
        '\u{0E01}'..='\u{0E2E}' | '\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E40}'..='\u{0E45}' => Class::ThaiBase,
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' => Class::Cjk(CjkKind::Hiragana),
        // 々 〆 〇, katakana (without the middle dot ・), katakana extensions, Han blocks.
        '\u{3005}'..='\u{3007}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}' => Class::Cjk(CjkKind::HanKatakana),
        _ => Class::Separator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_scripts_of_the_site() {
        assert_eq!(classify('q'), Class::Alnum);
        assert_eq!(classify('7'), Class::Alnum);
        assert_eq!(classify('ü'), Class::Alnum);
        assert_eq!(classify('×'), Class::Separator);
        assert_eq!(classify('/'), Class::Joiner);
        assert_eq!(classify('\u{0301}'), Class::LatinMark);
        assert_eq!(classify('射'), Class::Cjk(CjkKind::HanKatakana));
        assert_eq!(classify('ー'), Class::Cjk(CjkKind::HanKatakana));
        assert_eq!(classify('々'), Class::Cjk(CjkKind::HanKatakana));
        assert_eq!(classify('𠮷'), Class::Cjk(CjkKind::HanKatakana));
        assert_eq!(classify('の'), Class::Cjk(CjkKind::Hiragana));
        assert_eq!(classify('・'), Class::Separator);
        assert_eq!(classify('。'), Class::Separator);
        assert_eq!(classify('ก'), Class::ThaiBase);
        assert_eq!(classify('เ'), Class::ThaiBase);
        assert_eq!(classify('ำ'), Class::ThaiBase);
        assert_eq!(classify('ี'), Class::ThaiMark);
        assert_eq!(classify('้'), Class::ThaiMark);
        assert_eq!(classify('ๆ'), Class::Separator);
        assert_eq!(classify('μ'), Class::Separator);
        assert_eq!(classify('\u{0}'), Class::Separator);
    }
}

//! The interface's words in the current language.

use engine::Lang;

use crate::generated::{Ui, UI};

/// The UI strings of `lang`.
pub fn ui(lang: Lang) -> &'static Ui {
    &UI[lang.slot()]
}

/// Replaces `{name}` placeholders; unknown placeholders stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill("{count} results for {q}", &[("count", "3"), ("q", "x")]), "3 results for x");
        assert_eq!(fill("{x}", &[]), "{x}");
    }

    #[test]
    fn every_language_has_its_strings() {
        for lang in Lang::ALL {
            assert!(!ui(lang).nav_search.is_empty());
        }
        assert_ne!(ui(Lang::Ja).nav_search, ui(Lang::De).nav_search);
    }
}

//! The sentence above the results, from the templates the build wrote on the status element
//! (the app's UI strings, so both say the same). The app's search page writes its sentence
//! with this same code.

/// The status templates of the page's language: `count` holds `{count}`, `none` `{query}`,
/// `unmatched` `{words}` (the words no result contains, each written with `quoted_word`'s
/// `{word}` and joined with `word_separator`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusTexts {
    pub count: String,
    pub none: String,
    pub partial: String,
    pub unmatched: String,
    pub quoted_word: String,
    pub word_separator: String,
    pub all: String,
}

/// What the result list shows.
pub struct Shown<'a> {
    pub results: usize,
    pub query: &'a str,
    /// Nothing was searched.
    pub blank: bool,
    /// Facet filters narrow the list.
    pub filtered: bool,
    pub matched_all: bool,
    /// Words of the query that no result contains ([`engine::finder::Found::unmatched`]).
    pub unmatched: &'a [String],
}

impl StatusTexts {
    /// The sentence for `shown`.
    pub fn sentence(&self, shown: &Shown) -> String {
        if shown.results == 0 && !shown.blank {
            return self.none.replace("{query}", shown.query);
        }
        let count = self.count.replace("{count}", &shown.results.to_string());
        if shown.blank && !shown.filtered {
            format!("{count} — {}", self.all)
        } else if !shown.unmatched.is_empty() {
            format!("{count} — {}", self.unmatched.replace("{words}", &self.quoted_list(shown.unmatched)))
        } else if !shown.matched_all {
            format!("{count} — {}", self.partial)
        } else {
            count
        }
    }

    fn quoted_list(&self, words: &[String]) -> String {
        let quoted: Vec<String> = words.iter().map(|word| self.quoted_word.replace("{word}", word)).collect();
        quoted.join(&self.word_separator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> StatusTexts {
        StatusTexts {
            count: "{count} results".into(),
            none: "Nothing for “{query}”".into(),
            partial: "some words not found".into(),
            unmatched: "nothing has {words}".into(),
            quoted_word: "“{word}”".into(),
            word_separator: ", ".into(),
            all: "all firms".into(),
        }
    }

    fn shown<'a>(results: usize, blank: bool, matched_all: bool, unmatched: &'a [String]) -> Shown<'a> {
        Shown { results, query: "x", blank, filtered: false, matched_all, unmatched }
    }

    #[test]
    fn says_what_the_list_holds() {
        let t = texts();
        assert_eq!(t.sentence(&shown(0, false, false, &[])), "Nothing for “x”");
        assert_eq!(t.sentence(&shown(3, false, true, &[])), "3 results");
        assert_eq!(t.sentence(&shown(3, false, false, &[])), "3 results — some words not found");
        assert_eq!(t.sentence(&shown(40, true, true, &[])), "40 results — all firms");
        let filtered = Shown { filtered: true, ..shown(4, true, true, &[]) };
        assert_eq!(t.sentence(&filtered), "4 results");
        let zero_filtered = Shown { filtered: true, ..shown(0, true, true, &[]) };
        assert_eq!(t.sentence(&zero_filtered), "0 results");
    }

    #[test]
    fn names_the_words_no_result_contains() {
        let t = texts();
        let words = ["screws".to_string(), "<b>".to_string()];
        assert_eq!(t.sentence(&shown(5, false, false, &words)), "5 results — nothing has “screws”, “<b>”");
    }
}

//! The sentence above the results, from the templates the build wrote on the status element
//! (the app's UI strings, so both say the same).

/// The status templates of the page's language: `count` holds `{count}`, `none` `{query}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusTexts {
    pub count: String,
    pub none: String,
    pub partial: String,
    pub all: String,
}

/// What the result list shows.
pub struct Shown<'a> {
    pub results: usize,
    pub query: &'a str,
    /// Nothing was searched: the list holds every firm.
    pub blank: bool,
    pub matched_all: bool,
}

impl StatusTexts {
    /// The same sentence as the app's search page writes for `shown`.
    pub fn sentence(&self, shown: &Shown) -> String {
        if shown.results == 0 && !shown.blank {
            return self.none.replace("{query}", shown.query);
        }
        let count = self.count.replace("{count}", &shown.results.to_string());
        if shown.blank {
            format!("{count} — {}", self.all)
        } else if !shown.matched_all {
            format!("{count} — {}", self.partial)
        } else {
            count
        }
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
            all: "all firms".into(),
        }
    }

    #[test]
    fn says_what_the_list_holds() {
        let t = texts();
        let shown = |results, blank, matched_all| Shown { results, query: "x", blank, matched_all };
        assert_eq!(t.sentence(&shown(0, false, false)), "Nothing for “x”");
        assert_eq!(t.sentence(&shown(3, false, true)), "3 results");
        assert_eq!(t.sentence(&shown(3, false, false)), "3 results — some words not found");
        assert_eq!(t.sentence(&shown(40, true, true)), "40 results — all firms");
    }
}

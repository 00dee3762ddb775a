//! The pages of a language that are not documents, shared by the build (which writes them) and
//! the browser app (which takes over links only to the pages it renders itself).

/// A fixed page below a language: `/{lang}/{segment}/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedPage {
    pub segment: &'static str,
    /// The UI string naming the page (its title and navigation label).
    pub title_key: &'static str,
    /// Rendered and kept live by the browser app (search, shortlist, compare); every other
    /// page is a document, complete as the build wrote it, with only small interactive parts.
    pub runs_app: bool,
}

const fn page(segment: &'static str, title_key: &'static str, runs_app: bool) -> FixedPage {
    FixedPage { segment, title_key, runs_app }
}

pub const FIXED_PAGES: [FixedPage; 6] = [
    page("search", "nav_search", true),
    page("shortlist", "nav_shortlist", true),
    page("compare", "nav_compare", true),
    page("map", "nav_map", false),
    page("strategies", "nav_strategies", false),
    page("programs", "nav_programs", false),
];

/// The fixed page at `segment`, if any.
pub fn fixed_page(segment: &str) -> Option<FixedPage> {
    FIXED_PAGES.into_iter().find(|page| page.segment == segment)
}

/// Whether the path below a language (`search/`, `firms/x/`, empty for its home) is one of
/// the browser app's pages.
pub fn runs_app(path_in_language: &str) -> bool {
    let segments: Vec<&str> = path_in_language.split('/').filter(|s| !s.is_empty()).collect();
    matches!(segments.as_slice(), [segment] if fixed_page(segment).is_some_and(|page| page.runs_app))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_search_shortlist_and_compare_run_the_app() {
        assert!(runs_app("search/"));
        assert!(runs_app("shortlist"));
        assert!(runs_app("compare/"));
        for document in ["", "map/", "strategies/", "firms/x/", "about/", "search/x/"] {
            assert!(!runs_app(document), "{document}");
        }
    }
}

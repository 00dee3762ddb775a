//! The addresses of the site, shared by the build (which writes them), the browser app (which
//! takes over links only to the pages it renders itself) and the content check (which keeps
//! page slugs off them): the fixed pages of a language ([`FIXED_PAGES`]), document paths
//! ([`doc_path`]), the landing pages' segments (the `landing` column of
//! [`crate::groups::GROUPS`]) and the slugs a stand-alone page may not take ([`is_reserved_slug`]).

use crate::model::DocKind;

/// Which fixed page a row of [`FIXED_PAGES`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixed {
    Search,
    Shortlist,
    Compare,
    Map,
    Strategies,
    Programs,
}

/// A fixed page below a language: `/{lang}/{segment}/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedPage {
    pub page: Fixed,
    pub segment: &'static str,
    /// The UI string naming the page (its title and navigation label).
    pub title_key: &'static str,
    /// The UI string describing it (meta description).
    pub description_key: &'static str,
    /// Rendered and kept live by the browser app (search, shortlist, compare); every other
    /// page is a document, complete as the build wrote it, with only small interactive parts.
    pub runs_app: bool,
}

const fn page(page: Fixed, segment: &'static str, title_key: &'static str, runs_app: bool) -> FixedPage {
    FixedPage { page, segment, title_key, description_key: "site_tagline", runs_app }
}

pub const FIXED_PAGES: [FixedPage; 6] = [
    // The search page describes itself; the others share the site's tagline.
    FixedPage { description_key: "search_intro", ..page(Fixed::Search, "search", "nav_search", true) },
    page(Fixed::Shortlist, "shortlist", "nav_shortlist", true),
    page(Fixed::Compare, "compare", "nav_compare", true),
    page(Fixed::Map, "map", "nav_map", false),
    page(Fixed::Strategies, "strategies", "nav_strategies", false),
    page(Fixed::Programs, "programs", "nav_programs", false),
];

/// The folder of the data files below the base, which no page may take.
pub const DATA_DIR: &str = "data";

/// The path of a document below its language (`firms/x/`; a stand-alone page: `about/`).
pub fn doc_path(kind: DocKind, id: &str) -> String {
    match kind {
        DocKind::Page => format!("{id}/"),
        _ => format!("{}/{id}/", kind.section()),
    }
}

/// Whether a stand-alone page (`/{lang}/{slug}/`) may not take `slug`: a fixed page, a section
/// of documents, the segment of landing pages (whose own address a page must not take
/// either), or the data folder.
pub fn is_reserved_slug(slug: &str) -> bool {
    fixed_page(slug).is_some()
        || DocKind::ALL.into_iter().any(|kind| kind != DocKind::Page && kind.section() == slug)
        || crate::landing::facet_at(slug).is_some()
        || slug == DATA_DIR
}

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

    #[test]
    fn reserved_slugs_are_the_sections_fixed_pages_landing_segments_and_data() {
        for slug in ["search", "firms", "strategies", "programs", "institutions", "shortlist", "compare", "map", "data"]
        {
            assert!(is_reserved_slug(slug), "{slug}");
        }
        assert!(is_reserved_slug("processes"));
        for slug in ["about", "pages", "contact"] {
            assert!(!is_reserved_slug(slug), "{slug}");
        }
    }

    #[test]
    fn document_paths() {
        assert_eq!(doc_path(DocKind::Firm, "x"), "firms/x/");
        assert_eq!(doc_path(DocKind::Page, "about"), "about/");
    }
}

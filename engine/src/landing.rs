//! Landing pages: one document per vocabulary term that at least one firm carries
//! (`/{lang}/processes/injection-moulding/`), so that a buyer can browse without typing and a
//! web search finds the firms by what they do. Which groups have them, and under which URL
//! segment, is data: the `landing` column of [`crate::groups::GROUPS`]. Shared by the build
//! (routes, sitemap) and the page renderer, so both list the same pages with the same firms.

use crate::facets::{Facet, FACETS};
use crate::groups::firm_values;
use crate::model::{DocKind, SiteData, Term};

/// At most this many related terms per group: enough to browse on, short enough to read.
pub const MAX_RELATED: usize = 6;

/// At most this many firms are listed on a landing page; the page links to the search, which
/// shows them all. A directory of thousands of firms would otherwise make pages of megabytes
/// (7.5 MB for a region of a 10,000-firm site).
pub const MAX_LISTED: usize = 60;

/// The landing page of one term in one language's data.
#[derive(Clone, Debug, PartialEq)]
pub struct Landing<'a> {
    pub facet: Facet,
    /// The URL segment of the facet's landing pages (`processes`).
    pub segment: &'static str,
    pub term: &'a Term,
    /// The firms carrying the term: positions in `SiteData::docs`, in document order.
    pub firms: Vec<usize>,
}

/// The facets with landing pages and their URL segments, in [`FACETS`] order.
pub fn facets() -> impl Iterator<Item = (Facet, &'static str)> {
    FACETS.iter().filter_map(|facet| facet.landing.map(|segment| (*facet, segment)))
}

/// The facet whose landing pages live under `segment`.
pub fn facet_at(segment: &str) -> Option<Facet> {
    facets().find(|(_, s)| *s == segment).map(|(facet, _)| facet)
}

/// The URL segment of the landing pages of vocabulary group `group`, if it has them.
pub fn segment_of(group: &str) -> Option<&'static str> {
    facets().find(|(facet, _)| facet.group == group).map(|(_, segment)| segment)
}

/// A term's address segment: its id with `_` written `-` (`injection_moulding` →
/// `injection-moulding`), the word separator search engines read. The build rejects two ids of
/// one group that would share a slug.
pub fn slug(id: &str) -> String {
    id.replace('_', "-")
}

/// `processes/injection-moulding/`: the page of `id` below its language.
pub fn path(segment: &str, id: &str) -> String {
    format!("{segment}/{}/", slug(id))
}

/// The firms of `site` whose facts carry `id` in `group`, in document order.
pub fn firms_carrying(site: &SiteData, group: &str, id: &str) -> Vec<usize> {
    site.docs
        .iter()
        .enumerate()
        .filter(|(_, doc)| doc.kind == DocKind::Firm)
        .filter(|(_, doc)| doc.firm.as_ref().is_some_and(|firm| firm_values(firm, group).contains(&id)))
        .map(|(position, _)| position)
        .collect()
}

/// Every landing page of `site`: each term with at least one firm, facets in table order and
/// terms in vocabulary order.
pub fn all(site: &SiteData) -> Vec<Landing<'_>> {
    facets()
        .flat_map(|(facet, segment)| {
            let terms = site.group(facet.group).map(|group| group.terms.as_slice()).unwrap_or_default();
            terms.iter().filter_map(move |term| landing(site, facet, segment, term))
        })
        .collect()
}

/// The landing page at `segment/slug`, if that term has firms.
pub fn find<'a>(site: &'a SiteData, segment: &str, term_slug: &str) -> Option<Landing<'a>> {
    let facet = facet_at(segment)?;
    let term = site.group(facet.group)?.terms.iter().find(|term| slug(&term.id) == term_slug)?;
    landing(site, facet, facet.landing?, term)
}

fn landing<'a>(site: &'a SiteData, facet: Facet, segment: &'static str, term: &'a Term) -> Option<Landing<'a>> {
    let firms = firms_carrying(site, facet.group, &term.id);
    (!firms.is_empty()).then_some(Landing { facet, segment, term, firms })
}

impl Landing<'_> {
    /// The page's path below its language.
    pub fn path(&self) -> String {
        path(self.segment, &self.term.id)
    }

    /// The firms the page lists: the first [`MAX_LISTED`] in document order.
    pub fn listed(&self) -> &[usize] {
        &self.firms[..self.firms.len().min(MAX_LISTED)]
    }

    /// How many of the term's firms the page does not list.
    pub fn unlisted(&self) -> usize {
        self.firms.len() - self.listed().len()
    }

    /// The search with this term as its only filter, below the language
    /// (`search/?process=injection_moulding`; term ids need no escaping).
    pub fn search_path(&self) -> String {
        format!("search/?{}={}", self.facet.param, self.term.id)
    }

    /// The UI strings of the page's one-sentence description (see [`lead_keys`]).
    pub fn lead_keys(&self) -> [String; 2] {
        lead_keys(self.segment)
    }

    /// Terms a buyer may look at next: per group with landing pages, the other terms these
    /// firms carry, most shared first (ties in vocabulary order), at most [`MAX_RELATED`].
    /// Each has firms, so each has its own landing page. Groups with none are left out.
    pub fn related<'s>(&self, site: &'s SiteData) -> Vec<(Facet, &'static str, Vec<&'s Term>)> {
        let firms: Vec<_> = self.firms.iter().filter_map(|&n| site.docs.get(n)?.firm.as_ref()).collect();
        facets()
            .filter_map(|(facet, segment)| {
                let terms = site.group(facet.group).map(|group| group.terms.as_slice()).unwrap_or_default();
                let mut shared: Vec<(usize, &Term)> = terms
                    .iter()
                    .filter(|term| !(facet == self.facet && term.id == self.term.id))
                    .map(|term| (firms.iter().filter(|f| facet.values(f).contains(&term.id.as_str())).count(), term))
                    .filter(|(count, _)| *count > 0)
                    .collect();
                // A stable sort keeps the vocabulary order among equal counts.
                shared.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
                let related: Vec<&Term> = shared.into_iter().take(MAX_RELATED).map(|(_, term)| term).collect();
                (!related.is_empty()).then_some((facet, segment, related))
            })
            .collect()
    }
}

/// The UI strings of the one-sentence description of the landing pages under `segment`, for
/// one firm and for more (`landing_processes_one`, `landing_processes_other`).
pub fn lead_keys(segment: &str) -> [String; 2] {
    [format!("landing_{segment}_one"), format!("landing_{segment}_other")]
}

/// The page's description: `one` for a single firm, else `other` with `{count}`; `{term}` is
/// the term's label. Plain text: the page escapes it like any other text.
pub fn lead(one: &str, other: &str, count: usize, label: &str) -> String {
    let template = if count == 1 { one } else { other };
    template.replace("{count}", &count.to_string()).replace("{term}", label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Doc, FirmFacts, VocabGroup};

    #[test]
    fn a_term_of_many_firms_lists_the_first_and_counts_them_all() {
        let mut big = site();
        let template = big.docs[0].clone();
        big.docs = (0..MAX_LISTED + 7).map(|n| Doc { id: format!("f{n}"), ..template.clone() }).collect();
        let page = find(&big, "processes", "moulding").expect("the term has firms");
        assert_eq!(page.firms.len(), MAX_LISTED + 7);
        assert_eq!(page.listed(), (0..MAX_LISTED).collect::<Vec<_>>());
        assert_eq!(page.unlisted(), 7);
        let small = site();
        let page = find(&small, "processes", "moulding").expect("the term has firms");
        assert_eq!((page.listed().len(), page.unlisted()), (2, 0));
    }

    fn term(id: &str) -> Term {
        Term { id: id.into(), label: id.to_uppercase(), ..Term::default() }
    }

    fn firm(id: &str, processes: &[&str], materials: &[&str], region: &str) -> Doc {
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        let facts = FirmFacts {
            processes: ids(processes),
            materials: ids(materials),
            region: region.into(),
            ..FirmFacts::default()
        };
        Doc::test_firm(id, facts)
    }

    fn site() -> SiteData {
        let group =
            |id: &str, terms: &[&str]| VocabGroup { id: id.into(), terms: terms.iter().map(|t| term(t)).collect() };
        let page = Doc { kind: DocKind::Page, firm: None, ..firm("about", &[], &[], "") };
        SiteData {
            docs: vec![
                firm("a", &["moulding", "cleanroom_assembly"], &["peek"], "aizu"),
                page,
                firm("b", &["moulding"], &["peek", "titanium"], "aizu"),
                firm("c", &["micro_machining", "cleanroom_assembly"], &["titanium"], "hamadori"),
            ],
            vocab: vec![
                group("processes", &["micro_machining", "moulding", "cleanroom_assembly", "unused"]),
                group("materials", &["titanium", "peek"]),
                group("regions", &["hamadori", "nakadori", "aizu"]),
                group("roles", &["maker"]),
            ],
            ..SiteData::default()
        }
    }

    #[test]
    fn a_page_per_term_with_firms_listing_exactly_them() {
        let site = site();
        let pages: Vec<(String, Vec<usize>)> = all(&site).iter().map(|l| (l.path(), l.firms.clone())).collect();
        assert_eq!(
            pages,
            vec![
                ("processes/micro-machining/".to_string(), vec![3]),
                ("processes/moulding/".into(), vec![0, 2]),
                ("processes/cleanroom-assembly/".into(), vec![0, 3]),
                ("materials/titanium/".into(), vec![2, 3]),
                ("materials/peek/".into(), vec![0, 2]),
                ("regions/hamadori/".into(), vec![3]),
                ("regions/aizu/".into(), vec![0, 2]),
            ],
            "no page for a term without firms, nor for groups without landing pages"
        );
    }

    #[test]
    fn pages_are_found_by_their_address() {
        let site = site();
        let found = find(&site, "processes", "cleanroom-assembly").map(|l| (l.term.id.clone(), l.search_path()));
        assert_eq!(found, Some(("cleanroom_assembly".into(), "search/?process=cleanroom_assembly".into())));
        assert!(find(&site, "processes", "cleanroom_assembly").is_none(), "only the slug is an address");
        assert!(find(&site, "processes", "unused").is_none());
        assert!(find(&site, "roles", "maker").is_none());
        assert!(find(&site, "firms", "a").is_none());
    }

    #[test]
    fn related_terms_are_shared_by_the_firms_most_shared_first() {
        let site = site();
        let moulding = find(&site, "processes", "moulding").expect("a page");
        let related: Vec<(&str, Vec<&str>)> = moulding
            .related(&site)
            .into_iter()
            .map(|(_, segment, terms)| (segment, terms.iter().map(|t| t.id.as_str()).collect()))
            .collect();
        assert_eq!(
            related,
            vec![
                ("processes", vec!["cleanroom_assembly"]),
                ("materials", vec!["peek", "titanium"]),
                ("regions", vec!["aizu"])
            ]
        );
    }

    #[test]
    fn the_lead_agrees_with_the_count() {
        assert_eq!(lead("One firm: {term}", "{count} firms: {term}", 1, "PEEK"), "One firm: PEEK");
        assert_eq!(lead("One firm: {term}", "{count} firms: {term}", 12, "PEEK"), "12 firms: PEEK");
    }

    #[test]
    fn every_landing_segment_is_its_own_section() {
        let segments: Vec<_> = facets().map(|(_, s)| s).collect();
        let mut unique = segments.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(segments.len(), unique.len());
        for segment in segments {
            assert!(DocKind::from_section(segment).is_none(), "{segment} is a content section");
            assert!(crate::routes::fixed_page(segment).is_none(), "{segment} is a page of the site");
        }
    }
}

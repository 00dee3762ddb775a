//! Rendering pages on the host at build time, with the components the browser runs: every
//! route becomes complete HTML that reads, links and prints without JavaScript, and that the
//! app, once started, replaces with an identical page.

use std::sync::Arc;

use engine::model::SiteData;
use engine::{Index, Lang};
use leptos::prelude::*;

use crate::router::Router;
use crate::shortlist::Shortlist;
use crate::store::{LangData, Store};
use crate::AppBody;

/// The `<div id="app">` contents of the page at `path` (below the base, `en/firms/x/`), with
/// `data` as that language's page data and `index` its search index (the search page shows
/// every firm and the facets from it). Nothing browser-only runs: effects, storage and the
/// visitor's language preferences are the browser's, after the swap.
pub fn render_page(path: &str, lang: Option<Lang>, data: Option<Arc<SiteData>>, index: Option<Arc<Index>>) -> String {
    let owner = Owner::new();
    owner.with(|| {
        let store = match (lang, data) {
            (Some(lang), Some(site)) => match index {
                Some(index) => Store::with_page(lang, LangData { site, records: None }).with_index(lang, index),
                None => Store::with_page(lang, LangData { site, records: None }),
            },
            _ => Store::new(),
        };
        provide_context(store);
        Shortlist::provide();
        Router::provide_at(&format!("/{path}"));
        view! { <AppBody/> }.to_html()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::landing;

    /// A landing page of a term that more firms carry than a page lists: the first ones as
    /// cards, then how many there are and the way to all of them in the search.
    #[test]
    fn a_landing_page_of_many_firms_lists_the_first_and_leads_to_the_rest() {
        crate::i18n::tests::load_the_content();
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let site = sitegen::load(&content).unwrap_or_else(|errors| panic!("{errors}"));
        let mut data = site.languages.iter().find(|l| l.lang == Lang::En).expect("English").data.clone();
        // Every firm once more under another id, until the busiest term has more than a page.
        let firms: Vec<_> = data.docs.iter().filter(|d| d.firm.is_some()).cloned().collect();
        for copy in 0.. {
            let busiest = landing::all(&data).into_iter().map(|page| page.firms.len()).max().unwrap_or(0);
            if busiest > landing::MAX_LISTED {
                break;
            }
            data.docs.extend(
                firms.iter().map(|firm| engine::model::Doc { id: format!("{}-{copy}", firm.id), ..firm.clone() }),
            );
        }
        let data = Arc::new(data);
        let page = landing::all(&data).into_iter().max_by_key(|page| page.firms.len()).expect("a landing page");
        let (path, total, search) = (page.path(), page.firms.len(), page.search_path());
        let html = render_page(&format!("en/{path}"), Some(Lang::En), Some(data.clone()), None);
        assert_eq!(html.matches(" class=\"result\"").count(), landing::MAX_LISTED, "{path}");
        let more = format!("The first {} of the {total} firms are listed here", landing::MAX_LISTED);
        assert!(html.contains(&more), "{path} says how many it lists: {html}");
        assert!(html.contains(&format!("href=\"en/{}\"", search.replace('&', "&amp;"))), "{path} leads to the search");
    }
}

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
                Some(index) => Store::with_page(lang, LangData { site }).with_index(lang, index),
                None => Store::with_page(lang, LangData { site }),
            },
            _ => Store::new(),
        };
        provide_context(store);
        Shortlist::provide();
        Router::provide_at(&format!("/{path}"));
        view! { <AppBody/> }.to_html()
    })
}

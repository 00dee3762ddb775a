//! The search page's first answer. A visitor who arrives on `/{lang}/search/?q=…` (from a
//! shared link or the home page's search form) should see results as soon as the page's
//! index has arrived, not after the whole search app has. This module is the shared engine
//! and a few DOM calls: it runs the query over the index that the build inlined in the page,
//! fills the result list with the cards the build pre-rendered (the app's own components, so
//! nothing is drawn twice by different code), and answers typing, until the app swaps itself
//! in over the same page. Filters in the address are left to the app.

pub mod address;
pub mod facet_panel;
pub mod page;
pub mod sharded;
pub mod status;

use std::rc::Rc;

use engine::{finder, Index};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use page::SearchPage;
use status::Shown;

/// Answers the address's query over `index_bytes`, then every edit of the search box. Does
/// nothing where it cannot answer exactly as the app would (the app then shows the page).
pub fn start(index_bytes: &[u8]) {
    let Some(page) = SearchPage::find() else { return };
    let Ok(index) = Index::from_bytes(index_bytes) else { return };
    if index.doc_refs.len() != page.card_count() {
        return;
    }
    let Some(query) = address::plain_query() else { return };
    let searcher = Rc::new(Searcher { page, index });
    if !query.is_empty() {
        searcher.page.set_typed(&query);
        searcher.show(&query);
    }
    searcher.page.reveal_results();
    follow_typing(searcher);
}

struct Searcher {
    page: SearchPage,
    index: Index,
}

impl Searcher {
    /// Shows the results for `query` as the app's search page does: ranked hits, or every
    /// firm when nothing was searched.
    fn show(&self, query: &str) {
        let lang = self.page.lang();
        let found = finder::find(&self.index, lang, query);
        let blank = found.tokens.is_empty();
        let docs: Vec<usize> =
            if blank { self.page.firm_cards() } else { found.hits.iter().map(|hit| hit.doc as usize).collect() };
        self.page.show_cards(&docs, &found.terms);
        self.page.show_no_results(!blank && docs.is_empty());
        self.page.count_facets(&docs);
        let shown = Shown {
            results: docs.len(),
            query,
            blank,
            filtered: false,
            matched_all: found.matched_all,
            unmatched: &found.unmatched,
        };
        self.page.set_status(&self.page.status_texts().sentence(&shown));
    }
}

/// Answers each edit of the search box and keeps the address in step, so the app (and a
/// copied link) start from what was typed.
fn follow_typing(searcher: Rc<Searcher>) {
    let input = searcher.page.input().clone();
    let on_input = Closure::<dyn Fn()>::new(move || {
        let query = searcher.page.input().value();
        searcher.show(&query);
        address::replace_query(&query);
    });
    let _ = input.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    // The listener lives as long as the page's search box (replaced when the app swaps in).
    on_input.forget();
}

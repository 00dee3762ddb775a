//! The frame of every language's pages (header, main, footer) and the switch to the page the
//! route names; keeps `<html lang>` and the language's data loading in step with the URL. The
//! one module that knows every page: nothing below it imports it.

use engine::Lang;
use leptos::prelude::*;

use crate::components::{footer::Footer, header::Header};
use crate::head::set_document_lang;
use crate::idle;
use crate::lang_context::CurrentLang;
use crate::pages::not_found::NotFound;
use crate::pages::{compare::ComparePage, search::SearchPage, shortlist::ShortlistPage};
use crate::router::{Page, Route, Router};
use crate::shortlist::{ids_from_param, Shortlist, MAX_COMPARED};
use crate::store::Store;

#[component]
pub fn LangLayout() -> impl IntoView {
    let router = Router::use_router();
    let params = router.params();
    let parsed = Memo::new(move |_| params.read().language());
    let lang = Memo::new(move |_| parsed.get().unwrap_or(Lang::DEFAULT));
    provide_context(CurrentLang(lang));
    let store = Store::use_store();
    Effect::new(move |_| {
        if let Some(lang) = parsed.get() {
            store.ensure(lang);
            set_document_lang(lang);
        }
    });
    // Once a page has its data, the search index follows when the browser is idle, so a
    // search later answers at once without the fetch delaying the first render.
    // A sharded language has no index the app reads: its search page is its own.
    Effect::new(move |_| {
        let ready = parsed.get().filter(|&lang| store.page_ready(lang));
        if let Some(lang) = ready.filter(|&lang| !crate::data_files::is_sharded(lang)) {
            idle::when_idle(move || store.ensure_index(lang));
        }
    });
    // A sharded language's data holds the firms shown when it loaded; one starred in another
    // tab, or compared by the address, is read when it is asked for.
    let shortlist = Shortlist::use_shortlist();
    let query = router.query();
    Effect::new(move |_| {
        if let Some(lang) = parsed.get().filter(|&lang| store.page_ready(lang)) {
            let mut ids = shortlist.ids();
            ids.extend(ids_from_param(&query.read().get("ids").unwrap_or_default(), MAX_COMPARED));
            store.ensure_firms(lang, ids);
        }
    });
    let route = router.route();
    let page = Memo::new(move |_| match route.get() {
        Route::Lang(page) => page,
        Route::LanguageRoot => None,
    });
    view! {
        <Show when=move || parsed.get().is_some() fallback=|| view! { <NotFound/> }>
            <Header/>
            <main id="main" tabindex="-1">
                {move || page_view(page.get())}
            </main>
            <Footer/>
        </Show>
    }
}

/// The page a route names; rebuilt only when the kind of page changes.
fn page_view(page: Option<Page>) -> AnyView {
    match page {
        Some(Page::Search) => view! { <SearchPage/> }.into_any(),
        Some(Page::Shortlist) => view! { <ShortlistPage/> }.into_any(),
        Some(Page::Compare) => view! { <ComparePage/> }.into_any(),
        Some(document) => document_view(document),
        None => view! { <NotFound/> }.into_any(),
    }
}

/// A document page (home, firm, lists, map, documents, landing pages): rendered by the build only, so the
/// browser app does not carry its code.
#[cfg(feature = "ssr")]
fn document_view(page: Page) -> AnyView {
    use crate::pages::lists::{ProgramList, StrategyList};
    use crate::pages::{doc_page::DocPage, firm::FirmPage, home::Home, landing::LandingPage, map::MapPage};
    match page {
        Page::Home => view! { <Home/> }.into_any(),
        Page::Firm => view! { <FirmPage/> }.into_any(),
        Page::Strategies => view! { <StrategyList/> }.into_any(),
        Page::Programs => view! { <ProgramList/> }.into_any(),
        Page::Map => view! { <MapPage/> }.into_any(),
        Page::Doc => view! { <DocPage/> }.into_any(),
        Page::Landing => view! { <LandingPage/> }.into_any(),
        Page::Search | Page::Shortlist | Page::Compare => view! { <NotFound/> }.into_any(),
    }
}

/// In the browser app a document page is never rendered (its links load the page itself);
/// should the app still arrive at one, the browser loads the document the build wrote.
#[cfg(not(feature = "ssr"))]
fn document_view(_: Page) -> AnyView {
    if let Some(window) = crate::browser::window() {
        let _ = window.location().reload();
    }
    ().into_any()
}

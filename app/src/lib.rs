//! The Connected in Fukushima site: a Leptos single-page app that searches per-language indexes
//! entirely in the browser. Nothing of the content is compiled in: the UI words arrive with each
//! language's page data (`i18n`), and the page names the data files (`data_files`).

#![recursion_limit = "256"]

pub mod boundaries;
pub mod browser;
pub mod components;
pub mod csv_export;
pub mod data_files;
pub mod firm_fields;
pub mod geo;
pub mod head;
pub mod html;
pub mod i18n;
pub mod idle;
#[cfg(test)]
mod import_cycles;
pub mod inquiry;
pub mod inquiry_draft;
pub mod labels;
pub mod lang_context;
pub mod lang_layout;
pub mod links;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod router;
pub mod shortlist;
pub mod store;
#[cfg(feature = "csr")]
mod swap;

use leptos::prelude::*;

use lang_layout::LangLayout;
use pages::root::LanguageRoot;
use router::{Route, Router};

/// Mounts the app next to the pre-rendered page and swaps it in once it can show the same
/// page (its language's data loaded), so the reader never sees a loading state in between.
/// The interface's words come with the page; a page without them has its language's data
/// (which carries them too) requested first, and the app mounted once it has settled: every
/// view is then built with its words.
#[cfg(feature = "csr")]
pub fn start() {
    let store = store::Store::new();
    let document = web_sys::window().and_then(|w| w.document());
    let lang = document
        .as_ref()
        .and_then(|d| d.document_element())
        .and_then(|root| engine::Lang::from_code(&root.get_attribute("lang")?));
    // The page carries its own language's words (see `xtask::shell`).
    let carried = document.and_then(|d| d.get_element_by_id("ui-text")).and_then(|e| e.text_content());
    if let (Some(lang), Some(text)) = (lang, carried.and_then(|lines| engine::ui_text::UiText::from_lines(&lines))) {
        i18n::register(lang, &text);
    }
    match lang {
        Some(lang) if !i18n::has(lang) => {
            // The store's requests run on Leptos' executor, which mounting would start.
            let _ = any_spawner::Executor::init_wasm_bindgen();
            store.ensure(lang);
            wasm_bindgen_futures::spawn_local(async move {
                while !store.page_settled_untracked(lang) {
                    gloo_timers::future::TimeoutFuture::new(4).await;
                }
                mount(store);
            });
        }
        _ => mount(store),
    }
}

#[cfg(feature = "csr")]
fn mount(store: store::Store) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(prerendered) = document.get_element_by_id("app") else { return };
    let Ok(staging) = document.create_element("div").map(|e| e.unchecked_into::<web_sys::HtmlElement>()) else {
        return;
    };
    let router_base = links::router_base();
    let swap_target = staging.clone();
    leptos::mount::mount_to(staging, move || {
        provide_context(store);
        shortlist::Shortlist::provide();
        Router::provide(router_base);
        reveal_when_settled(store, move || swap::replace_prerendered(&prerendered, &swap_target));
        view! { <AppBody/> }
    })
    .forget();
}

/// Calls `reveal` once the current page has what it needs to render (or has failed to get it):
/// its language's page data, and on the search page the index too, so the results the
/// first-answer module showed are never replaced by a loading note.
#[cfg(feature = "csr")]
fn reveal_when_settled(store: store::Store, reveal: impl FnOnce() + 'static) {
    let route = Router::use_router().route();
    let params = Router::use_router().params();
    let reveal = std::cell::Cell::new(Some(reveal));
    Effect::new(move |_| {
        let settled = match route.get() {
            Route::LanguageRoot => true,
            Route::Lang(page) => params.read().language().is_none_or(|lang| {
                store.page_settled(lang) && (page != Some(router::Page::Search) || store.index_settled(lang))
            }),
        };
        if settled {
            if let Some(reveal) = reveal.take() {
                // After the views that the same data change re-renders (queued as microtasks),
                // so what is swapped in is the finished page.
                gloo_timers::callback::Timeout::new(0, reveal).forget();
            }
        }
    });
}

/// The route switch, below the app-wide contexts (store, shortlist, router).
#[component]
pub fn AppBody() -> impl IntoView {
    // Only a change between the language chooser and a language's pages replaces the layout.
    let route = Router::use_router().route();
    let is_root = Memo::new(move |_| route.get() == Route::LanguageRoot);
    move || {
        if is_root.get() {
            view! { <LanguageRoot/> }.into_any()
        } else {
            view! { <LangLayout/> }.into_any()
        }
    }
}

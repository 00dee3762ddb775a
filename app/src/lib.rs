//! The Connected in Fukushima site: a Leptos single-page app that searches per-language indexes
//! entirely in the browser. Content, UI words and the hashed data-file names come from
//! `build.rs` (see `generated`).

pub mod components;
pub mod csv_export;
pub mod firm_fields;
pub mod generated;
pub mod geo;
pub mod html;
pub mod i18n;
pub mod idle;
pub mod inquiry;
pub mod inquiry_draft;
pub mod links;
pub mod pages;
pub mod query_state;
pub mod router;
pub mod shortlist;
pub mod store;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use components::layout::LangLayout;
use pages::root::LanguageRoot;
use router::{Route, Router};

/// Mounts the app in place of the prerendered fallback in `#app`.
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(host) = document.get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    host.set_inner_html("");
    let _ = host.class_list().remove_1("prerendered");
    leptos::mount::mount_to(host, App).forget();
}

#[component]
fn App() -> impl IntoView {
    provide_context(store::Store::new());
    shortlist::Shortlist::provide();
    Router::provide(links::router_base());
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

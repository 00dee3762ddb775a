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
pub mod shortlist;
pub mod store;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;

use components::layout::LangLayout;
use pages::map::MapPage;
use pages::{compare::ComparePage, shortlist::ShortlistPage};
use pages::{
    doc_page::DocPage, firm::FirmPage, home::Home, lists::ProgramList, lists::StrategyList, not_found::NotFound,
    root::LanguageRoot, search::SearchPage,
};

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
    let base = links::router_base();
    provide_context(store::Store::new());
    shortlist::Shortlist::provide();
    view! {
        <Router base=base>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=LanguageRoot/>
                <ParentRoute path=path!("/:lang") view=LangLayout>
                    <Route path=path!("") view=Home/>
                    <Route path=path!("search") view=SearchPage/>
                    <Route path=path!("firms/:id") view=FirmPage/>
                    <Route path=path!("strategies") view=StrategyList/>
                    <Route path=path!("programs") view=ProgramList/>
                    <Route path=path!("map") view=MapPage/>
                    <Route path=path!("shortlist") view=ShortlistPage/>
                    <Route path=path!("compare") view=ComparePage/>
                    <Route path=path!(":section/:id") view=DocPage/>
                    <Route path=path!(":id") view=DocPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

//! The frame of every language's pages: header, main, footer; keeps `<html lang>` and the
//! language's data loading in step with the URL.

use engine::Lang;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

use crate::components::{footer::Footer, header::Header};
use crate::idle;
use crate::pages::not_found::NotFound;
use crate::store::Store;

/// The current language, provided to every page below the layout.
#[derive(Clone, Copy)]
pub struct CurrentLang(pub Memo<Lang>);

/// Reads the current language (English outside a language layout).
pub fn use_lang() -> Memo<Lang> {
    use_context::<CurrentLang>().map_or_else(|| Memo::new(|_| Lang::En), |c| c.0)
}

#[component]
pub fn LangLayout() -> impl IntoView {
    let params = use_params_map();
    let parsed = Memo::new(move |_| {
        params.read().get("lang").and_then(|code| Lang::from_code(&code).filter(|l| l.code() == code))
    });
    let lang = Memo::new(move |_| parsed.get().unwrap_or(Lang::En));
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
    Effect::new(move |_| {
        if let Some(lang) = parsed.get().filter(|&lang| store.page_ready(lang)) {
            idle::when_idle(move || store.ensure_index(lang));
        }
    });
    view! {
        <Show when=move || parsed.get().is_some() fallback=|| view! { <NotFound/> }>
            <Header/>
            <main id="main" tabindex="-1">
                <Outlet/>
            </main>
            <Footer/>
        </Show>
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// Sets the document title (`page | site`).
pub fn set_title(title: &str, site_name: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if title.is_empty() {
            document.set_title(site_name);
        } else {
            document.set_title(&format!("{title} | {site_name}"));
        }
    }
}

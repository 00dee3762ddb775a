//! Shows a page once its language's data is loaded; a loading note before, and a message
//! with a retry button when loading failed (the app never panics on missing or bad data).

use std::sync::Arc;

use engine::Lang;
use leptos::prelude::*;

use crate::i18n::ui;
use crate::lang_context::use_lang;
use crate::store::{LangData, Load, Store};

#[component]
pub fn Loaded<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<LangData>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    let store = Store::use_store();
    // Reads only this language's state: another language loading in the background leaves
    // the page (its inputs, focus and scroll position) alone.
    move || match store.page(lang.get()) {
        Load::Ready(data) => render(data).into_any(),
        Load::Loading => loading_note(ui(lang.get()).loading).into_any(),
        Load::Failed(detail) => load_error(lang.get(), detail).into_any(),
    }
}

/// A short status line while something loads.
pub fn loading_note(text: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status">{text}</p> }
}

/// The message for data that could not be loaded, with a button that loads again whatever of
/// the language failed.
pub fn load_error(lang: Lang, detail: String) -> impl IntoView {
    let store = Store::use_store();
    let t = ui(lang);
    view! {
        <div class="load-error" role="alert">
            <p>{t.load_error}</p>
            <p class="detail">{detail}</p>
            <button type="button" class="retry" on:click=move |_| store.retry(lang)>
                {t.retry}
            </button>
        </div>
    }
}

/// For data that loaded but does not fit together: files of two different builds (a deploy
/// caught half-way, a stale cache in front of the host). Fetching the same files again cannot
/// help, so instead of a retry the button reloads the page, which names the current build's
/// files.
pub fn mismatched_data_error(lang: Lang) -> impl IntoView {
    let t = ui(lang);
    view! {
        <div class="load-error" role="alert">
            <p>{t.data_mismatch}</p>
            <button type="button" class="reload" on:click=|_| reload_page()>
                {t.reload_page}
            </button>
        </div>
    }
}

fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

//! Shows a page once its language's data is loaded; a loading note before, and a message
//! with a retry button when loading failed (the app never panics on missing or bad data).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::layout::use_lang;
use crate::i18n::ui;
use crate::store::{LangData, Load, Store};

#[component]
pub fn Loaded<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<LangData>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    let store = Store::use_store();
    move || match store.get(lang.get()) {
        Load::Ready(data) => render(data).into_any(),
        Load::Loading => view! { <p class="loading" role="status">{ui(lang.get()).loading}</p> }.into_any(),
        Load::Failed(detail) => view! {
            <div class="load-error" role="alert">
                <p>{ui(lang.get()).load_error}</p>
                <p class="detail">{detail}</p>
                <button type="button" class="retry" on:click=move |_| store.retry(lang.get_untracked())>
                    {ui(lang.get()).retry}
                </button>
            </div>
        }
        .into_any(),
    }
}

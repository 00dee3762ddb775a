//! Unknown addresses.

use leptos::prelude::*;

use crate::head::set_title;
use crate::i18n::ui;
use crate::lang_context::use_lang;
use crate::links;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    let t = move || ui(lang.get());
    Effect::new(move |_| set_title(t().not_found_title, t().site_name));
    view! {
        <section class="not-found">
            <h1>{move || t().not_found_title}</h1>
            <p>{move || t().not_found_text}</p>
            <p><a href=move || links::page(lang.get(), "")>{move || t().back_home}</a></p>
        </section>
    }
}

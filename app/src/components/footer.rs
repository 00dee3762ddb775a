//! Site footer: the fictional-sample notice and credits.

use leptos::prelude::*;

use crate::components::layout::use_lang;
use crate::i18n::ui;

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    let t = move || ui(lang.get());
    view! {
        <footer class="site-footer">
            <p class="sample-notice">{move || t().sample_notice}</p>
            <p>{move || t().footer_cluster}</p>
            <p class="credit">{move || t().footer_credit_gazetteer}</p>
        </footer>
    }
}

//! Site footer: the fictional-sample notice, links to the pages about the site (contact,
//! imprint) and credits.

use leptos::prelude::*;

use crate::i18n::ui;
use crate::lang_context::use_lang;
use crate::links;

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    let t = move || ui(lang.get());
    let pages = move || {
        let (lang, t) = (lang.get(), t());
        [("about/", t.nav_about), ("contact/", t.footer_contact), ("imprint/", t.footer_imprint)]
            .into_iter()
            .map(|(suffix, label)| view! { <li><a href=links::page(lang, suffix)>{label}</a></li> })
            .collect_view()
    };
    view! {
        <footer class="site-footer">
            <p class="sample-notice">{move || t().sample_notice}</p>
            <nav class="footer-nav" aria-label=move || t().footer_links>
                <ul>{pages}</ul>
            </nav>
            <p>{move || t().footer_cluster}</p>
            <p class="credit">{move || t().footer_credit_gazetteer} " " {move || t().map_credit_boundaries}</p>
        </footer>
    }
}

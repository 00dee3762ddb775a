//! `/`: the site's languages. A document page: the document module (`site-reader`) takes the
//! visitor on to the first of their browser's languages that the site has.

use leptos::prelude::*;

#[component]
pub fn LanguageRoot() -> impl IntoView {
    view! {
        <main id="main" class="language-root">
            <h1>"Connected in Fukushima"</h1>
            <ul class="language-list">
                {crate::data_files::languages()
                    .into_iter()
                    .map(|lang| view! {
                        <li><a href=format!("{}/", lang.code()) hreflang=lang.code() lang=lang.html_lang()>{lang.native_name()}</a></li>
                    })
                    .collect_view()}
            </ul>
        </main>
    }
}

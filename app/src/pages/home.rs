//! `/{lang}/`: the promise, a search box, key figures (each with date and source), the four
//! strategies and a way in by process.

use std::sync::Arc;

use engine::model::DocKind;
use leptos::prelude::*;

use crate::components::figures::figure_cards;
use crate::components::loaded::Loaded;
use crate::head::set_title;
use crate::i18n::ui;
use crate::lang_context::use_lang;
use crate::links;
use crate::store::LangData;

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let t = move || ui(lang.get());
    Effect::new(move |_| set_title("", ui(lang.get()).site_name));
    // A plain form: the home page is a document, and the search page reads `?q=`.
    view! {
        <section class="hero">
            <h1>{move || t().home_heading}</h1>
            <p>{move || t().site_tagline}</p>
            <form class="search-form" role="search" method="get" action=move || links::page(lang.get(), "search/")>
                <label for="home-search">{move || t().search_label}</label>
                <input id="home-search" name="q" type="search" placeholder=move || t().search_placeholder/>
                <button type="submit">{move || t().nav_search}</button>
            </form>
        </section>
        <Loaded render={move |data: Arc<LangData>| view! { <HomeSections data=data/> }}/>
    }
}

#[component]
fn HomeSections(data: Arc<LangData>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let t = ui(lang);
        let figures = figure_cards(lang, &data.site.figures);
        let strategies = data
            .site
            .docs
            .iter()
            .filter(|d| d.kind == DocKind::Strategy)
            .map(|d| {
                view! {
                    <li class="card">
                        <h3><a href=links::doc(lang, d.kind, &d.id)>{d.title.clone()}</a></h3>
                        <p>{d.summary.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        // The processes firms offer, each to its landing page.
        let used = engine::landing::all(&data.site)
            .into_iter()
            .filter(|page| page.facet.group == "processes")
            .map(|page| view! { <li><a href=links::page(lang, &page.path())>{page.term.label.clone()}</a></li> })
            .collect_view();
        view! {
            <section class="figures" aria-labelledby="figures-heading">
                <h2 id="figures-heading">{t.figures_heading}</h2>
                {figures}
            </section>
            <section aria-labelledby="strategies-heading">
                <h2 id="strategies-heading">{t.home_strategies}</h2>
                <ul class="cards">{strategies}</ul>
            </section>
            <section aria-labelledby="browse-heading">
                <h2 id="browse-heading">{t.home_browse}</h2>
                <ul class="chips browse">{used}</ul>
            </section>
        }
    }
}

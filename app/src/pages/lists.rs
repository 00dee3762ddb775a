//! Section overviews: the four strategies, and the programmes and events.

use std::sync::Arc;

use engine::model::{Doc, DocKind};
use engine::Lang;
use leptos::prelude::*;

use crate::components::loaded::Loaded;
use crate::head::set_title;
use crate::i18n::ui;
use crate::labels::kind_label;
use crate::lang_context::use_lang;
use crate::links;
use crate::store::LangData;

fn cards(lang: Lang, docs: Vec<Doc>) -> impl IntoView {
    view! {
        <ul class="cards">
            {docs
                .into_iter()
                .map(|d| view! {
                    <li class="card" data-id=d.id.clone()>
                        <p class="kind">{kind_label(lang, &d)}</p>
                        <h2><a href=links::doc(lang, d.kind, &d.id)>{d.title.clone()}</a></h2>
                        <p>{d.summary.clone()}</p>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

fn docs_of(data: &LangData, kind: DocKind) -> Vec<Doc> {
    data.site.docs.iter().filter(|d| d.kind == kind).cloned().collect()
}

#[component]
pub fn StrategyList() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(ui(lang.get()).nav_strategies, ui(lang.get()).site_name));
    view! {
        <section class="list-page">
            <h1>{move || ui(lang.get()).nav_strategies}</h1>
            <Loaded render={move |data: Arc<LangData>| cards(lang.get(), docs_of(&data, DocKind::Strategy))}/>
        </section>
    }
}

#[component]
pub fn ProgramList() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(ui(lang.get()).nav_programs, ui(lang.get()).site_name));
    view! {
        <section class="list-page">
            <h1>{move || ui(lang.get()).nav_programs}</h1>
            <Loaded render={move |data: Arc<LangData>| {
                let mut docs = docs_of(&data, DocKind::Program);
                docs.extend(docs_of(&data, DocKind::Institution));
                cards(lang.get(), docs)
            }}/>
        </section>
    }
}

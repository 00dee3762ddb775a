//! Strategy, programme, institution and stand-alone pages (`/{lang}/strategies/{id}/`,
//! `/{lang}/about/`, …): title, summary and the Markdown body rendered at build time.

use std::sync::Arc;

use engine::model::{Doc, DocKind, SiteData};
use engine::Lang;
use leptos::prelude::*;

use crate::components::figures::figure_cards;
use crate::components::loaded::Loaded;
use crate::head::set_title;
use crate::i18n::{fill, ui};
use crate::labels::kind_label;
use crate::lang_context::use_lang;
use crate::links;
use crate::pages::not_found::NotFound;
use crate::router::Router;
use crate::store::LangData;

#[component]
pub fn DocPage() -> impl IntoView {
    let params = Router::use_router().params();
    let target = Memo::new(move |_| {
        let params = params.read();
        let id = params.id.clone().unwrap_or_default();
        let kind = match &params.section {
            Some(section) => DocKind::from_section(section).filter(|k| !matches!(k, DocKind::Firm | DocKind::Page)),
            None => Some(DocKind::Page),
        };
        kind.map(|kind| (kind, id))
    });
    view! { <Loaded render={move |data: Arc<LangData>| view! { <DocView data=data target=target/> }}/> }
}

#[component]
fn DocView(data: Arc<LangData>, target: Memo<Option<(DocKind, String)>>) -> impl IntoView {
    let lang = use_lang();
    // After render, and again when the language or the document changes.
    let site = data.site.clone();
    Effect::new(move |_| {
        if let Some((_, doc)) = target.get().and_then(|(kind, id)| site.find_doc(kind, &id)) {
            set_title(&doc.title, ui(lang.get()).site_name);
        }
    });
    move || {
        let lang = lang.get();
        let found = target.get().and_then(|(kind, id)| data.site.find_doc(kind, &id).map(|(_, d)| d.clone()));
        let Some(doc) = found else { return view! { <NotFound/> }.into_any() };
        let related = related_links(&data.site, lang, &doc);
        let parent = strategy_link(&data.site, lang, &doc);
        let website = doc
            .program
            .as_ref()
            .and_then(|p| p.website.clone())
            .or_else(|| doc.institution.as_ref().and_then(|i| i.website.clone()))
            .filter(|url| url.starts_with("https://"));
        view! {
            <article class="doc-page" data-kind=doc.kind.section() data-id=doc.id.clone()>
                <p class="kind">{kind_label(lang, &doc)}</p>
                <h1>{doc.title.clone()}</h1>
                <p class="lead">{doc.summary.clone()}</p>
                {parent}
                {body_with_figures(lang, &data.site, &doc.body_html)}
                {website.map(|url| view! {
                    <p><a href=url.clone() rel="external noopener" target="_blank">{ui(lang).official_site}</a></p>
                })}
                {related}
            </article>
        }
        .into_any()
    }
}

/// The rendered Markdown; where it has the figures marker as a paragraph, the key-figure
/// cards stand in its place.
fn body_with_figures(lang: Lang, site: &SiteData, body_html: &str) -> impl IntoView {
    let marker = format!("<p>{}</p>", engine::model::FIGURES_MARKER);
    match body_html.split_once(&marker) {
        Some((before, after)) => view! {
            <div class="prose" inner_html=before.to_string()></div>
            <section class="figures" aria-label=ui(lang).figures_heading>{figure_cards(lang, &site.figures)}</section>
            <div class="prose" inner_html=after.to_string()></div>
        }
        .into_any(),
        None => view! { <div class="prose" inner_html=body_html.to_string()></div> }.into_any(),
    }
}

/// A strategy lists its programmes and events.
fn related_links(site: &SiteData, lang: Lang, doc: &Doc) -> Option<impl IntoView> {
    if doc.kind != DocKind::Strategy {
        return None;
    }
    let items: Vec<_> =
        site.docs.iter().filter(|d| d.program.as_ref().is_some_and(|p| p.strategy == doc.id)).cloned().collect();
    (!items.is_empty()).then(|| {
        view! {
            <section class="related">
                <h2>{ui(lang).related_programs}</h2>
                <ul>
                    {items
                        .into_iter()
                        .map(|d| view! { <li><a href=links::doc(lang, d.kind, &d.id)>{d.title.clone()}</a> " — " {d.summary.clone()}</li> })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// A programme names its strategy.
fn strategy_link(site: &SiteData, lang: Lang, doc: &Doc) -> Option<impl IntoView> {
    let strategy = doc.program.as_ref()?.strategy.clone();
    let (_, parent) = site.find_doc(DocKind::Strategy, &strategy)?;
    let text = fill(ui(lang).part_of_strategy, &[("strategy", &parent.title)]);
    Some(view! { <p class="parent"><a href=links::doc(lang, DocKind::Strategy, &strategy)>{text}</a></p> })
}

//! One search result: kind, title, sample badge, teaser and the firm's key terms.

use engine::model::{Doc, DocKind, SiteData};
use engine::Lang;
use leptos::prelude::*;

use crate::components::badge::SampleBadge;
use crate::i18n::ui;
use crate::links;

/// The label of a document's kind in `lang`.
pub fn kind_label(lang: Lang, doc: &Doc) -> &'static str {
    let t = ui(lang);
    match doc.kind {
        DocKind::Firm => t.kind_firm,
        DocKind::Strategy => t.kind_strategy,
        DocKind::Institution => t.kind_institution,
        DocKind::Page => t.kind_page,
        DocKind::Program => match doc.program.as_ref().map(|p| p.kind.as_str()) {
            Some("event") => t.kind_event,
            Some("training") => t.kind_training,
            _ => t.kind_program,
        },
    }
}

#[component]
pub fn ResultCard(lang: Lang, site: std::sync::Arc<SiteData>, doc: usize) -> impl IntoView {
    let Some(doc) = site.docs.get(doc) else { return ().into_any() };
    let href = links::doc(lang, doc.kind, &doc.id);
    let chips = doc.firm.as_ref().map(|firm| {
        let mut chips: Vec<String> =
            firm.processes.iter().take(4).map(|id| site.term_label("processes", id).to_string()).collect();
        chips.extend(firm.materials.iter().take(2).map(|id| site.term_label("materials", id).to_string()));
        let place = site.term_label("municipalities", &firm.municipality).to_string();
        view! {
            <ul class="chips">{chips.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            <p class="place">{place}</p>
        }
    });
    let is_firm = doc.kind == DocKind::Firm;
    view! {
        <li class="result" data-id=doc.id.clone() data-kind=doc.kind.section()>
            <p class="kind">{kind_label(lang, doc)}</p>
            <h3>
                <a href=href>{doc.title.clone()}</a>
                {is_firm.then(|| view! { <SampleBadge/> })}
            </h3>
            <p class="summary">{doc.summary.clone()}</p>
            {chips}
        </li>
    }
    .into_any()
}

//! One search result: kind, title, sample badge, teaser and the firm's key terms.

use engine::finder::snippet;
use engine::model::{Doc, DocKind, SiteData};
use engine::snippet::Segment;
use engine::snippet::{PASSAGE_CHARS, SUMMARY_CHARS};
use engine::Lang;
use leptos::prelude::*;

use crate::components::badge::SampleBadge;
use crate::components::star::StarButton;
use crate::labels::kind_label;
use crate::links;

#[component]
pub fn ResultCard(
    lang: Lang,
    site: std::sync::Arc<SiteData>,
    doc: usize,
    /// Matched terms to highlight (empty when nothing was searched).
    #[prop(optional)]
    terms: Vec<String>,
) -> impl IntoView {
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
            <h2>
                <a href=href>{doc.title.clone()}</a>
                {is_firm.then(|| view! { <SampleBadge/> })}
            </h2>
            {is_firm.then(|| view! { <StarButton lang=lang id=doc.id.clone() name=doc.title.clone()/> })}
            {teaser(lang, doc, &terms)}
            {chips}
        </li>
    }
    .into_any()
}

/// The summary with matched words marked; when the summary has none, the best passage of the
/// body is added below it. Built from text segments: nothing is injected as HTML. (The
/// first-answer module, `first-answer/src/page.rs`, writes the same markup.)
fn teaser(lang: Lang, doc: &Doc, terms: &[String]) -> impl IntoView {
    let marked = |segments: Vec<Segment>| {
        segments
            .into_iter()
            .map(|s| if s.highlighted { view! { <mark>{s.text}</mark> }.into_any() } else { s.text.into_any() })
            .collect_view()
    };
    let summary = if terms.is_empty() { Vec::new() } else { snippet(&doc.summary, lang, terms, SUMMARY_CHARS) };
    if summary.iter().any(|s| s.highlighted) {
        return view! { <p class="summary">{marked(summary)}</p> }.into_any();
    }
    let passage = if terms.is_empty() { Vec::new() } else { snippet(&doc.body_text, lang, terms, PASSAGE_CHARS) };
    // The snippet marks its own cut ends with an ellipsis.
    let passage = passage.iter().any(|s| s.highlighted).then(|| view! { <p class="snippet">{marked(passage)}</p> });
    view! {
        <p class="summary">{doc.summary.clone()}</p>
        {passage}
    }
    .into_any()
}

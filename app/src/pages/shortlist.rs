//! `/{lang}/shortlist/?compare=a,b`: the starred firms, with remove buttons, a choice of up to
//! four to compare (kept in the URL), the CSV download and the inquiry form.

use std::sync::Arc;

use engine::model::{Doc, DocKind, SiteData};
use engine::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::export_button::ExportButton;
use crate::components::inquiry_form::InquiryForm;
use crate::components::loaded::Loaded;
use crate::head::set_title;
use crate::html::Html;
use crate::i18n::{fill, ui};
use crate::inquiry::Inquiry;
use crate::inquiry_draft;
use crate::lang_context::use_lang;
use crate::links;
use crate::router::{Navigation, Router};
use crate::shortlist::{ids_from_param, Shortlist, MAX_COMPARED};
use crate::store::LangData;

#[component]
pub fn ShortlistPage() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(ui(lang.get()).shortlist_heading, ui(lang.get()).site_name));
    // The draft outlives the page: restored here, saved on every change.
    let draft = RwSignal::new(inquiry_draft::load());
    Effect::new(move |_| draft.with(inquiry_draft::save));
    let heading = move || {
        let t = ui(lang.get());
        view! {
            <h1 id="shortlist-heading" tabindex="-1">{t.shortlist_heading}</h1>
            <p class="intro">{t.shortlist_intro}</p>
        }
    };
    view! {
        <section class="shortlist-page">
            {heading}
            <Loaded render={move |data: Arc<LangData>| view! { <ShortlistView data=data draft=draft/> }}/>
        </section>
    }
}

/// Inside `Loaded`, which renders it again when the language changes.
#[component]
fn ShortlistView(data: Arc<LangData>, draft: RwSignal<Inquiry>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let t = ui(lang);
    let shortlist = Shortlist::use_shortlist();
    let router = Router::use_router();
    let query = router.query();
    let chosen = Memo::new(move |_| {
        let listed = shortlist.ids();
        let param = query.read().get("compare").unwrap_or_default();
        ids_from_param(&param, MAX_COMPARED).into_iter().filter(|id| listed.contains(id)).collect::<Vec<_>>()
    });
    let site = data.site.clone();
    let known = Memo::new(move |_| {
        shortlist.ids().iter().filter_map(|id| site.find_doc(DocKind::Firm, id).map(|(i, _)| i)).collect::<Vec<_>>()
    });
    let choose = move |id: &str| {
        let mut next = chosen.get_untracked();
        if let Some(at) = next.iter().position(|known| known == id) {
            next.remove(at);
        } else if next.len() < MAX_COMPARED {
            next.push(id.to_string());
        }
        let suffix =
            if next.is_empty() { "shortlist/".to_string() } else { format!("shortlist/?compare={}", next.join(",")) };
        router.navigate(&links::route(lang, &suffix), Navigation { replace: true, scroll_to_top: false });
    };
    let site = data.site.clone();
    let rows = move || {
        shortlist
            .ids()
            .into_iter()
            .enumerate()
            .map(|(position, id)| {
                let doc = site.find_doc(DocKind::Firm, &id).map(|(_, doc)| doc);
                let name = doc.map_or_else(|| fill(t.shortlist_unknown, &[("id", &id)]), |d| d.title.clone());
                let choice = doc.map(|_| {
                    let choice_id = format!("compare-{id}");
                    let is_chosen = {
                        let id = id.clone();
                        move || chosen.with(|c| c.contains(&id))
                    };
                    let id = id.clone();
                    view! {
                        <span class="compare-choice-wrap">
                            <input
                                type="checkbox"
                                class="compare-choice"
                                id=choice_id.clone()
                                data-id=id.clone()
                                aria-label=fill(t.compare_choice_label, &[("name", &name)])
                                aria-describedby="compare-status"
                                prop:checked=is_chosen.clone()
                                prop:disabled=move || !is_chosen() && chosen.with(|c| c.len() >= MAX_COMPARED)
                                on:change=move |_| choose(&id)
                            />
                            <label for=choice_id>{t.compare_choice}</label>
                        </span>
                    }
                });
                let remove = {
                    let id = id.clone();
                    move |_| {
                        shortlist.remove(&id);
                        request_animation_frame(move || focus_after_removal(position));
                    }
                };
                view! {
                    <li class="shortlisted" class:unknown=doc.is_none() data-id=id.clone()>
                        <div class="shortlisted-main" inner_html=entry_html(&site, lang, &id, doc, &name)></div>
                        <div class="shortlisted-controls">
                            {choice}
                            <button type="button" class="remove" on:click=remove>
                                {t.shortlist_remove}
                                <span class="visually-hidden">
                                    {format!(" — {}", fill(t.shortlist_remove_label, &[("name", &name)]))}
                                </span>
                            </button>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    let compare_href = move || {
        chosen.with(|ids| (ids.len() >= 2).then(|| links::page(lang, &format!("compare/?ids={}", ids.join(",")))))
    };
    let compare_status = move || {
        let count = chosen.with(Vec::len);
        let text = fill(t.compare_chosen, &[("count", &count.to_string())]);
        if count < 2 {
            format!("{text} {}", t.compare_hint)
        } else {
            text
        }
    };
    let empty = move || {
        shortlist.is_empty().then(|| {
            view! {
                <p class="shortlist-empty">{t.shortlist_empty}</p>
                <p>
                    <a class="button" href=links::page(lang, "search/")>
                        {t.nav_search}
                    </a>
                </p>
            }
        })
    };
    view! {
        {empty}
        <ul class="shortlist">{rows}</ul>
        <div class="shortlist-actions" hidden=move || shortlist.is_empty()>
            <p id="compare-status" class="compare-status" role="status">
                {compare_status}
            </p>
            <a class="button compare-link" href=compare_href aria-disabled=move || compare_href().is_none().then_some("true")>
                {t.compare_button}
            </a>
            <ExportButton what="shortlist" label=|t| t.export_shortlist site=data.site.clone() docs=known/>
        </div>
        <InquiryForm site=data.site.clone() firms=known form=draft/>
    }
}

/// The text of an entry: the firm's name (a link), summary and place; the name alone for an
/// id that is no longer listed.
fn entry_html(site: &SiteData, lang: Lang, id: &str, doc: Option<&Doc>, name: &str) -> String {
    let mut html = Html::new();
    html.open("h2", &[]);
    match doc {
        Some(_) => html.element("a", &[("href", &links::doc(lang, DocKind::Firm, id))], name),
        None => html.text(name),
    };
    html.close("h2");
    if let Some(doc) = doc {
        html.element("p", &[("class", "summary")], &doc.summary);
        if let Some(firm) = &doc.firm {
            html.element("p", &[("class", "place")], site.term_label("municipalities", &firm.municipality));
        }
    }
    html.finish()
}

/// After a removal the button that had focus is gone: focus the next entry's remove button,
/// the last one, or the heading when the list is empty.
fn focus_after_removal(position: usize) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let pick = |selector: &str| {
        document.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let target = pick(&format!("ul.shortlist > li:nth-child({}) button.remove", position + 1))
        .or_else(|| pick("ul.shortlist > li:last-child button.remove"))
        .or_else(|| pick("#shortlist-heading"));
    if let Some(element) = target {
        let _ = element.focus();
    }
}

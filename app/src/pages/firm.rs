//! `/{lang}/firms/{id}/`: a firm's capability profile.

use std::sync::Arc;

use engine::model::DocKind;
use leptos::prelude::*;

use crate::components::badge::SampleBadge;
use crate::components::facts::FirmFactsView;
use crate::components::loaded::Loaded;
use crate::components::star::StarButton;
use crate::head::set_title;
use crate::i18n::ui;
use crate::inquiry;
use crate::lang_context::use_lang;
use crate::links;
use crate::pages::not_found::NotFound;
use crate::router::Router;
use crate::store::LangData;

#[component]
pub fn FirmPage() -> impl IntoView {
    let params = Router::use_router().params();
    let id = Memo::new(move |_| params.read().id.clone().unwrap_or_default());
    view! { <Loaded render={move |data: Arc<LangData>| view! { <FirmProfile data=data id=id/> }}/> }
}

#[component]
fn FirmProfile(data: Arc<LangData>, id: Memo<String>) -> impl IntoView {
    let lang = use_lang();
    // After render, and again when the language or the firm changes.
    let site = data.site.clone();
    Effect::new(move |_| {
        if let Some((_, doc)) = site.find_doc(DocKind::Firm, &id.get()) {
            set_title(&doc.title, ui(lang.get()).site_name);
        }
    });
    move || {
        let lang = lang.get();
        let t = ui(lang);
        let Some((_, doc)) = data.site.find_doc(DocKind::Firm, &id.get()) else {
            return view! { <NotFound/> }.into_any();
        };
        let Some(firm) = doc.firm.clone() else { return view! { <NotFound/> }.into_any() };
        let contact_note = if firm.contact_route == "direct" { t.contact_direct } else { t.contact_via_coordinator };
        let mailto = inquiry::mailto(
            &data.site.coordinator_email,
            &inquiry::Message { subject: doc.title.clone(), body: String::new() },
        );
        let site = data.site.clone();
        view! {
            <article class="firm-profile" data-id=doc.id.clone()>
                <p class="breadcrumb"><a href=links::page(lang, "search/")>{t.back_to_results}</a></p>
                <header>
                    <h1>{doc.title.clone()} <SampleBadge/></h1>
                    <p class="lead">{doc.summary.clone()}</p>
                </header>
                <p class="actions">
                    <StarButton lang=lang id=doc.id.clone() name=doc.title.clone()/>
                    <button type="button" class="print" on:click=|_| print_page()>{t.print_sheet}</button>
                </p>
                <FirmFactsView lang=lang site=site firm=firm.clone()/>
                <section class="profile-body" inner_html=doc.body_html.clone()></section>
                <section class="contact">
                    <h2>{t.field_contact}</h2>
                    <p>{contact_note}</p>
                    <p><a class="button" href=mailto>{t.contact_button}</a></p>
                    <dl>
                        <dt>{t.field_email}</dt><dd>{firm.email.clone()}</dd>
                        <dt>{t.field_website}</dt><dd>{firm.website.clone()}</dd>
                    </dl>
                </section>
                <figure class="qr">
                    <img src=format!("qr/{}/{}.svg", lang.code(), doc.id) alt="" width="120" height="120"/>
                    <figcaption>{t.qr_caption}</figcaption>
                </figure>
            </article>
        }
        .into_any()
    }
}

fn print_page() {
    if let Some(window) = crate::browser::window() {
        let _ = window.print();
    }
}

//! The inquiry form on the shortlist page: what the buyer needs, composed into one message to
//! the coordination desk, opened as a prefilled `mailto:` or copied to the clipboard.

use std::sync::Arc;

use engine::model::SiteData;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::html::Html;
use crate::i18n::{fill, ui};
use crate::inquiry::{compose, mailto, FirmRef, Inquiry, MAX_DETAILS_CHARS, MAX_FIELD_CHARS};
use crate::lang_context::use_lang;
use crate::links;
use crate::links::absolute_url;
use crate::links::document_base_url;

/// One labelled single-line input of the form.
fn text_field(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    kind: &'static str,
    list: Option<&'static str>,
    field: fn(&mut Inquiry) -> &mut String,
    form: RwSignal<Inquiry>,
) -> impl IntoView {
    let initial = field(&mut form.get_untracked()).clone();
    view! {
        <p class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=kind
                list=list
                maxlength=MAX_FIELD_CHARS.to_string()
                placeholder=hint
                prop:value=initial
                on:input=move |ev| form.update(|f| *field(f) = event_target_value(&ev))
            />
        </p>
    }
}

/// Inside `Loaded`, which renders it again when the language changes.
#[component]
pub fn InquiryForm(
    site: Arc<SiteData>,
    #[prop(into)] firms: Signal<Vec<usize>>,
    /// The buyer's entries; kept by the page (and saved as a draft), so they survive a change
    /// of language, leaving the page and a reload.
    form: RwSignal<Inquiry>,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let t = ui(lang);
    let email = site.coordinator_email.clone();
    let firm_refs = {
        let site = site.clone();
        let base = document_base_url();
        Memo::new(move |_| {
            firms
                .get()
                .into_iter()
                .filter_map(|i| site.docs.get(i))
                .map(|doc| FirmRef {
                    name: doc.title.clone(),
                    id: doc.id.clone(),
                    url: absolute_url(&base, &links::doc(lang, doc.kind, &doc.id)),
                })
                .collect::<Vec<_>>()
        })
    };
    let message = Memo::new(move |_| firm_refs.with(|firms| form.with(|f| compose(t, f, firms))));
    let href = {
        let email = email.clone();
        move || message.with(|m| mailto(&email, m))
    };
    let preview = NodeRef::<html::Textarea>::new();
    let (copy_status, set_copy_status) = signal(String::new());
    let copied = fill(t.inquiry_copied, &[("email", &email)]);
    let copy = move |_| {
        let text = message.with_untracked(|m| m.body.clone());
        let copied = copied.clone();
        leptos::task::spawn_local(async move {
            if write_clipboard(&text).await {
                set_copy_status.set(copied);
            } else {
                if let Some(area) = preview.get_untracked() {
                    let _ = area.focus();
                    area.select();
                }
                set_copy_status.set(t.inquiry_copy_failed.to_string());
            }
        });
    };
    let options = |group: &str| -> String {
        let mut html = Html::new();
        for term in site.group(group).map(|g| g.terms.as_slice()).unwrap_or_default() {
            html.open("option", &[("value", &term.label)]).close("option");
        }
        html.finish()
    };
    let (materials, certifications) = (options("materials"), options("certifications"));
    let about = move || {
        firm_refs.with(|firms| {
            let none = firms.is_empty().then(|| view! { <p class="inquiry-firms-none">{t.inquiry_no_firms}</p> });
            let listed = (!firms.is_empty()).then(|| {
                view! {
                    <ul class="inquiry-firms">
                        {firms.iter().map(|f| view! { <li data-id=f.id.clone()>{f.name.clone()}</li> }).collect_view()}
                    </ul>
                }
            });
            (none, listed)
        })
    };
    view! {
        <section class="inquiry" aria-labelledby="inquiry-heading">
            <h2 id="inquiry-heading">{t.inquiry_heading}</h2>
            <p>{fill(t.inquiry_intro, &[("email", &email)])}</p>
            <h3>{t.inquiry_about}</h3>
            {about}
            <form class="inquiry-form" on:submit=|ev| ev.prevent_default()>
                {text_field("inquiry-part", t.inquiry_part, None, "text", None, |f| &mut f.part, form)}
                {text_field(
                    "inquiry-material",
                    t.inquiry_material,
                    None,
                    "text",
                    Some("inquiry-materials"),
                    |f| &mut f.material,
                    form,
                )}
                {text_field(
                    "inquiry-quantity",
                    t.inquiry_quantity,
                    Some(t.inquiry_quantity_hint),
                    "text",
                    None,
                    |f| &mut f.quantity,
                    form,
                )}
                {text_field(
                    "inquiry-tolerance",
                    t.inquiry_tolerance,
                    Some(t.inquiry_tolerance_hint),
                    "text",
                    None,
                    |f| &mut f.tolerance,
                    form,
                )}
                {text_field(
                    "inquiry-certification",
                    t.inquiry_certification,
                    None,
                    "text",
                    Some("inquiry-certifications"),
                    |f| &mut f.certification,
                    form,
                )}
                {text_field("inquiry-target-date", t.inquiry_target_date, None, "date", None, |f| &mut f.target_date, form)}
                <p class="field wide">
                    <label for="inquiry-details">{t.inquiry_details}</label>
                    <textarea
                        id="inquiry-details"
                        name="inquiry-details"
                        rows="5"
                        maxlength=MAX_DETAILS_CHARS.to_string()
                        prop:value=form.with_untracked(|f| f.details.clone())
                        on:input=move |ev| form.update(|f| f.details = event_target_value(&ev))
                    ></textarea>
                </p>
                <datalist id="inquiry-materials" inner_html=materials></datalist>
                <datalist id="inquiry-certifications" inner_html=certifications></datalist>
            </form>
            <dl class="inquiry-envelope">
                <dt>{t.inquiry_to}</dt>
                <dd class="inquiry-to">{email.clone()}</dd>
                <dt>{t.inquiry_subject_label}</dt>
                <dd class="inquiry-subject">{move || message.with(|m| m.subject.clone())}</dd>
            </dl>
            <p class="field">
                <label for="inquiry-preview">{t.inquiry_preview}</label>
                <textarea
                    id="inquiry-preview"
                    readonly
                    rows="14"
                    node_ref=preview
                    prop:value=move || message.with(|m| m.body.clone())
                ></textarea>
            </p>
            <p class="inquiry-actions">
                <a class="button inquiry-mailto" href=href>
                    {t.inquiry_open_mail}
                </a>
                <button type="button" class="inquiry-copy" on:click=copy>
                    {t.inquiry_copy}
                </button>
            </p>
            <p class="inquiry-copy-status" role="status">
                {copy_status}
            </p>
            <p class="inquiry-note">{fill(t.inquiry_mail_note, &[("email", &email)])}</p>
        </section>
    }
}

/// `navigator.clipboard.writeText(text)`; false when the browser has no clipboard access
/// (older browsers, pages not served over HTTPS) or refuses it.
async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&window.navigator(), &"clipboard".into()) else { return false };
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    let Some(write) =
        js_sys::Reflect::get(&clipboard, &"writeText".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()).and_then(|p| p.dyn_into::<js_sys::Promise>()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

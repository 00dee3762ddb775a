//! "Download as CSV": builds the file from the documents listed on the page and offers it as a
//! download. The link it uses (`a.csv-download`) is made on the first export — before that the
//! page holds no link without an address, which crawlers would report — and keeps pointing at
//! the last file, so the file can be fetched again until the page is left. It sits inside
//! `Loaded`, which renders it again when the language changes, so its language is fixed.

use std::sync::Arc;

use engine::model::{Doc, SiteData};
use leptos::html;
use leptos::prelude::*;

use crate::csv_export;
use crate::i18n::Ui;
use crate::i18n::{fill, ui};
use crate::lang_context::use_lang;

#[component]
pub fn ExportButton(
    /// Part of the file name: `shortlist`, `results`.
    what: &'static str,
    /// The button's text.
    label: fn(&Ui) -> &'static str,
    site: Arc<SiteData>,
    /// Positions in `site.docs` of the documents to export, in order.
    #[prop(into)]
    docs: Signal<Vec<usize>>,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let t = ui(lang);
    let container = NodeRef::<html::Div>::new();
    let (status, set_status) = signal(String::new());
    let last_url = StoredValue::new(None::<String>);
    on_cleanup(move || {
        if let Some(url) = last_url.try_get_value().flatten() {
            csv_export::revoke(&url);
        }
    });
    let export = move |_| {
        let listed: Vec<&Doc> = docs.get_untracked().into_iter().filter_map(|i| site.docs.get(i)).collect();
        let rows = csv_export::table(&site, lang, &crate::links::document_base_url(), &listed);
        let Ok(text) = csv_export::to_csv(&rows) else { return };
        let today = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        let name = csv_export::file_name(what, lang, &today);
        let Some(anchor) = container.get_untracked().and_then(|c| download_link(&c)) else { return };
        if let Some(url) = csv_export::offer_download(&anchor, &name, &text) {
            if let Some(previous) = last_url.get_value() {
                csv_export::revoke(&previous);
            }
            last_url.set_value(Some(url));
            set_status.set(fill(t.export_done, &[("file", &name)]));
        }
    };
    view! {
        <div class="export" node_ref=container>
            <button
                type="button"
                class="export-csv"
                data-export=what
                on:click=export
                disabled=move || docs.with(Vec::is_empty)
            >
                {label(t)}
            </button>
            <span class="export-status" role="status">
                {status}
            </span>
        </div>
    }
}

/// The hidden `a.csv-download` in `container`, made on first use.
fn download_link(container: &web_sys::HtmlElement) -> Option<web_sys::HtmlAnchorElement> {
    use wasm_bindgen::JsCast;
    if let Some(existing) = container.query_selector("a.csv-download").ok().flatten() {
        return existing.dyn_into().ok();
    }
    let anchor: web_sys::HtmlAnchorElement = container.owner_document()?.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_class_name("csv-download");
    anchor.set_hidden(true);
    container.append_child(&anchor).ok()?;
    Some(anchor)
}

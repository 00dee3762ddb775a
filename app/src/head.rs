//! What the app keeps in step in the document itself: its title and `<html lang>`.

use engine::Lang;

/// Sets `<html lang>`.
pub fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.html_lang());
    }
}

/// Sets the document title (`page | site`).
pub fn set_title(title: &str, site_name: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if title.is_empty() {
            document.set_title(site_name);
        } else {
            document.set_title(&format!("{title} | {site_name}"));
        }
    }
}

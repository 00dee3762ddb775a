//! Wiring the document pages' interactive parts, which the build rendered as plain HTML: each
//! part is found by its markup (`button.star[data-id]`, `.nav-count`, …), so a page has
//! exactly the behaviour of the parts it contains and nothing is rendered twice.
//!
//! Hand-written on web-sys rather than hydrated Leptos islands: the whole module is a few
//! kilobytes (see `cargo xtask sizes`), against tens for a minimal hydrating Leptos build.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::shortlist_rules::{sanitize, toggled, STORAGE_KEY};

/// Wires every interactive part of the current page, then marks `<html data-live>`.
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if choose_language(&document) {
        return;
    }
    show_shortlist(&document, &load());
    wire_stars(&document);
    wire_print_buttons(&document);
    follow_other_tabs();
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-live", "");
    }
}

/// On the language chooser, goes to the first of the visitor's languages the site has
/// (the chooser's own links say which), or English. Returns whether it is leaving the page.
fn choose_language(document: &web_sys::Document) -> bool {
    let Ok(Some(_)) = document.query_selector("main.language-root") else { return false };
    let links = elements(document, ".language-list a[hreflang]");
    let offered: Vec<(String, String)> = links
        .iter()
        .filter_map(|a| Some((a.get_attribute("hreflang")?, a.unchecked_ref::<web_sys::HtmlAnchorElement>().href())))
        .collect();
    let preferred = web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    let Some(href) = pick_language(&preferred, &offered) else { return false };
    web_sys::window().is_some_and(|w| w.location().replace(&href).is_ok())
}

/// The address of the first preferred language on offer (`de-AT` picks `de`), else English,
/// else the first on offer (the chooser lists the site's languages, `site.toml` `languages`).
pub fn pick_language(preferred: &[String], offered: &[(String, String)]) -> Option<String> {
    let primary = |code: &str| code.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    preferred
        .iter()
        .find_map(|code| offered.iter().find(|(lang, _)| *lang == primary(code)))
        .or_else(|| offered.iter().find(|(lang, _)| lang == "en"))
        .or_else(|| offered.first())
        .map(|(_, href)| href.clone())
}

fn wire_stars(document: &web_sys::Document) {
    for star in elements(document, "button.star[data-id]") {
        let Some(id) = star.get_attribute("data-id") else { continue };
        on(&star, "click", move || {
            let next = toggled(&load(), &id);
            save(&next);
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                show_shortlist(&document, &next);
            }
        });
    }
}

fn wire_print_buttons(document: &web_sys::Document) {
    for button in elements(document, "button.print") {
        on(&button, "click", || {
            if let Some(window) = web_sys::window() {
                let _ = window.print();
            }
        });
    }
}

/// A change made in another tab shows here too.
fn follow_other_tabs() {
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn Fn(web_sys::StorageEvent)>::new(|event: web_sys::StorageEvent| {
        if event.key().is_none_or(|key| key == STORAGE_KEY) {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                show_shortlist(&document, &load());
            }
        }
    });
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    // The page keeps it as long as it lives.
    listener.forget();
}

/// Stars pressed for the shortlisted firms, and the count in the navigation.
fn show_shortlist(document: &web_sys::Document, ids: &[String]) {
    for star in elements(document, "button.star[data-id]") {
        let listed = star.get_attribute("data-id").is_some_and(|id| ids.contains(&id));
        let _ = star.set_attribute("aria-pressed", if listed { "true" } else { "false" });
    }
    for count in elements(document, ".nav-count") {
        count.set_text_content(Some(&format!("({})", ids.len())));
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored shortlist; anything but a list of firm ids counts as empty.
fn load() -> Vec<String> {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else { return Vec::new() };
    let Ok(parsed) = js_sys::JSON::parse(&text) else { return Vec::new() };
    if !js_sys::Array::is_array(&parsed) {
        return Vec::new();
    }
    let items = js_sys::Array::from(&parsed);
    let strings: Option<Vec<String>> = items.iter().map(|item| item.as_string()).collect();
    strings.map(sanitize).unwrap_or_default()
}

/// Saves the list; a full or unavailable storage only means it will not survive a reload.
fn save(ids: &[String]) {
    let array: js_sys::Array = ids.iter().map(|id| JsValue::from_str(id)).collect();
    if let (Some(storage), Ok(text)) = (storage(), js_sys::JSON::stringify(&array)) {
        if let Some(text) = text.as_string() {
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
    }
}

fn elements(document: &web_sys::Document, css: &str) -> Vec<web_sys::Element> {
    let Ok(list) = document.query_selector_all(css) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()).collect()
}

fn on(element: &web_sys::Element, event: &str, handler: impl Fn() + 'static) {
    let listener = Closure::<dyn Fn()>::new(handler);
    let _ = element.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    listener.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered() -> Vec<(String, String)> {
        ["ja", "en", "de", "th"].iter().map(|l| (l.to_string(), format!("/{l}/"))).collect()
    }

    #[test]
    fn picks_the_first_preferred_language_on_offer() {
        let prefs = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(pick_language(&prefs(&["fr-FR", "de-AT", "en"]), &offered()).as_deref(), Some("/de/"));
        assert_eq!(pick_language(&prefs(&["TH"]), &offered()).as_deref(), Some("/th/"));
        assert_eq!(pick_language(&prefs(&["fr"]), &offered()).as_deref(), Some("/en/"));
        assert_eq!(pick_language(&[], &offered()).as_deref(), Some("/en/"));
        assert_eq!(pick_language(&prefs(&["ja"]), &[]), None);
        let without_english = [("th".to_string(), "/th/".to_string()), ("ja".to_string(), "/ja/".to_string())];
        assert_eq!(pick_language(&prefs(&["fr"]), &without_english).as_deref(), Some("/th/"));
    }
}

//! Putting the started app in place of the pre-rendered page. Both show the same page, so the
//! swap is invisible; only what the reader did in the meantime has to move over: text typed
//! into a field and the focus.

use wasm_bindgen::JsCast;

/// Replaces `prerendered` (`#app` as the build wrote it) with the app's own element.
pub fn replace_prerendered(prerendered: &web_sys::Element, app: &web_sys::HtmlElement) {
    let typed = typed_field(prerendered);
    app.set_id("app");
    if prerendered.replace_with_with_node_1(app).is_err() {
        return;
    }
    if let Some((id, value, focused)) = typed {
        restore_field(app, &id, &value, focused);
    }
    mark_live();
}

/// `<html data-live>`: the page's code runs (tests and measurements wait for it). The app's
/// page is complete, so a result list hidden until the first answer is shown in any case.
pub fn mark_live() {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.remove_attribute("data-answer-pending");
        let _ = root.set_attribute("data-live", "");
    }
}

/// The id, value and focus of a text field the reader typed into before the app started.
fn typed_field(prerendered: &web_sys::Element) -> Option<(String, String, bool)> {
    let document = web_sys::window()?.document()?;
    let fields = prerendered.query_selector_all("input[id]").ok()?;
    let active = document.active_element();
    (0..fields.length()).find_map(|i| {
        let input = fields.item(i)?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
        let focused = active.as_ref().is_some_and(|a| a.is_same_node(Some(&input)));
        let value = input.value();
        let typed = value != input.default_value();
        (typed || focused).then(|| (input.id(), value, focused))
    })
}

fn restore_field(app: &web_sys::HtmlElement, id: &str, value: &str, focused: bool) {
    let Some(input) = app
        .query_selector(&format!("input[id=\"{id}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    if input.value() != value {
        input.set_value(value);
        // The app's field is bound to a signal through its input event.
        if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        }) {
            let _ = input.dispatch_event(&event);
        }
    }
    if focused {
        let _ = input.focus();
    }
}

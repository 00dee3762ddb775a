//! The pre-rendered facet panel, worked by the first answer on a sharded language's search
//! page (where the app does not run): ticked values, counts from the sharded index, the
//! drawer on narrow screens and the clear button, with the same markup the app writes.

use std::collections::BTreeMap;

use engine::query_state::{SearchState, FACETS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

/// One value's checkbox, with the count the build wrote (every firm), shown again when
/// nothing is searched or ticked.
struct ValueBox {
    slot: usize,
    value: String,
    item: Element,
    input: HtmlInputElement,
    count: Option<Element>,
    built_count: String,
    built_hidden: bool,
}

pub struct FacetPanel {
    values: Vec<ValueBox>,
    clear: Option<Element>,
    panel: Option<Element>,
}

impl FacetPanel {
    pub fn find(document: &Document) -> FacetPanel {
        let mut values = Vec::new();
        for input in elements(document, "fieldset.facet input[data-facet][data-value]") {
            let facet = input.get_attribute("data-facet").unwrap_or_default();
            let Some(slot) = FACETS.iter().position(|f| f.param == facet) else { continue };
            let (Some(item), Ok(input)) = (input.closest("li").ok().flatten(), input.dyn_into::<HtmlInputElement>())
            else {
                continue;
            };
            let count = item.query_selector(".count").ok().flatten();
            values.push(ValueBox {
                slot,
                value: input.get_attribute("data-value").unwrap_or_default(),
                built_count: count.as_ref().and_then(|c| c.text_content()).unwrap_or_default(),
                built_hidden: item.has_attribute("hidden"),
                item,
                input,
                count,
            });
        }
        let clear = document.query_selector("button.clear-filters").ok().flatten();
        let panel = document.get_element_by_id("facet-panel");
        FacetPanel { values, clear, panel }
    }

    /// Marks the counts as being worked out (`aria-busy`, which the style sheet dims): the
    /// results of a query may be listed before its counts arrive.
    pub fn set_counting(&self, counting: bool) {
        if let Some(panel) = &self.panel {
            let _ =
                if counting { panel.set_attribute("aria-busy", "true") } else { panel.remove_attribute("aria-busy") };
        }
    }

    /// The ticked values, per facet.
    pub fn ticked(&self, state: &mut SearchState) {
        for selected in state.selected.iter_mut() {
            selected.clear();
        }
        for value in self.values.iter().filter(|v| v.input.checked()) {
            state.selected[value.slot].insert(value.value.clone());
        }
    }

    /// Ticks the boxes of `state`'s values (from the address) and no others.
    pub fn tick(&self, state: &SearchState) {
        for value in &self.values {
            value.input.set_checked(state.selected[value.slot].contains(&value.value));
        }
        self.enable_clear(state);
    }

    /// Shows each value's count among the results, as the app does: a value none of them
    /// carries is hidden unless ticked; an estimate reads `(≈ n)`.
    pub fn show_counts(&self, counts: &[BTreeMap<String, usize>], estimated: bool, state: &SearchState) {
        for value in &self.values {
            let count = counts.get(value.slot).and_then(|c| c.get(&value.value)).copied().unwrap_or(0);
            let ticked = state.selected[value.slot].contains(&value.value);
            if let Some(label) = &value.count {
                let text = if estimated && count > 0 { format!("(≈ {count})") } else { format!("({count})") };
                label.set_text_content(Some(&text));
            }
            let _ = value.item.toggle_attribute_with_force("hidden", count == 0 && !ticked);
        }
        self.set_counting(false);
        self.enable_clear(state);
    }

    /// The counts over every firm, as the build wrote them.
    pub fn show_built_counts(&self, state: &SearchState) {
        for value in &self.values {
            if let Some(label) = &value.count {
                label.set_text_content(Some(&value.built_count));
            }
            let _ = value.item.toggle_attribute_with_force("hidden", value.built_hidden);
        }
        self.set_counting(false);
        self.enable_clear(state);
    }

    fn enable_clear(&self, state: &SearchState) {
        if let Some(clear) = &self.clear {
            let _ = clear.toggle_attribute_with_force("disabled", !state.has_filters());
        }
    }
}

/// Calls `changed` on every tick or untick, and after the clear button has unticked all.
pub fn on_change(document: &Document, panel: &std::rc::Rc<FacetPanel>, changed: impl Fn() + 'static) {
    let changed = std::rc::Rc::new(changed);
    if let Some(aside) = document.get_element_by_id("facet-panel") {
        let changed = changed.clone();
        listen(&aside, "change", move || changed());
    }
    if let Some(clear) = &panel.clear {
        let panel = panel.clone();
        listen(clear, "click", move || {
            for value in &panel.values {
                value.input.set_checked(false);
            }
            changed();
        });
    }
}

/// The narrow-screen drawer: the toggle opens and closes it, the close button closes it.
pub fn wire_drawer(document: &Document) {
    let (Some(panel), Ok(Some(toggle))) =
        (document.get_element_by_id("facet-panel"), document.query_selector("button.facet-toggle"))
    else {
        return;
    };
    let set_open = {
        let (panel, toggle) = (panel.clone(), toggle.clone());
        move |open: bool| {
            let _ = panel.class_list().toggle_with_force("open", open);
            let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
    };
    {
        let (panel, set_open) = (panel.clone(), set_open.clone());
        listen(&toggle, "click", move || set_open(!panel.class_list().contains("open")));
    }
    if let Ok(Some(close)) = document.query_selector("button.facet-close") {
        listen(&close, "click", move || set_open(false));
    }
}

fn listen(element: &Element, event: &str, handler: impl Fn() + 'static) {
    let handler = Closure::<dyn Fn()>::new(handler);
    let _ = element.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    // Lives as long as the page.
    handler.forget();
}

fn elements(document: &Document, css: &str) -> Vec<Element> {
    let Ok(list) = document.query_selector_all(css) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|node| node.dyn_into::<Element>().ok()).collect()
}

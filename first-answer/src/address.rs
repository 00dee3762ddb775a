//! The search's state in the address bar: `?q=…` only where the app takes over (filters are
//! the app's), the query and filters on a sharded language's page (see [`crate::sharded`]).

use engine::query_state::SearchState;

/// The query in the address (empty when there is none), or `None` when the address holds
/// anything else, such as facet filters, which only the app applies.
pub fn plain_query() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let mut query = String::new();
    for entry in js_sys::try_iter(&params).ok()??.flatten() {
        let pair: js_sys::Array = entry.into();
        match pair.get(0).as_string().as_deref() {
            Some("q") => query = pair.get(1).as_string().unwrap_or_default(),
            _ => return None,
        }
    }
    Some(query)
}

/// Replaces the address's query with `query` (none when blank), without a new history entry.
pub fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else { return };
    let Ok(path) = window.location().pathname() else { return };
    let url = if query.trim().is_empty() { path } else { format!("{path}?q={}", js_sys::encode_uri_component(query)) };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The query and filters in the address.
pub fn state() -> SearchState {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return SearchState::default();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return SearchState::default() };
    let mut pairs = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&params) {
        for entry in entries.flatten() {
            let pair: js_sys::Array = entry.into();
            pairs.push((pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default()));
        }
    }
    SearchState::from_params(pairs.iter().map(|(key, value)| (key.as_str(), value.as_str())))
}

/// Replaces the address's query and filters with `state`'s, as the app writes them.
pub fn replace(state: &SearchState) {
    let Some(window) = web_sys::window() else { return };
    let Ok(path) = window.location().pathname() else { return };
    let query = state.to_query(|text| js_sys::encode_uri_component(text).into());
    let url = if query.is_empty() { path } else { format!("{path}?{query}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

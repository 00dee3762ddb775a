//! The search state that lives in the URL (`?q=…&process=…&material=…`), so that a filtered
//! result list can be shared. Parsing is lenient: anything malformed is dropped, never fatal.
//! The app and the search page's first answer read and write the address with it alike.

pub use crate::facets::{Facet, Selection, FACETS};

/// The longest query kept from a URL; longer ones are cut (at a character boundary).
pub const MAX_QUERY_CHARS: usize = 256;
const MAX_VALUES_PER_FACET: usize = 64;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchState {
    pub query: String,
    /// Selected values per facet, same order as [`FACETS`].
    pub selected: Selection,
}

impl SearchState {
    /// Reads the state from URL parameters (already percent-decoded).
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> SearchState {
        let mut state = SearchState::default();
        for (key, value) in params {
            if key == "q" {
                state.query = value.chars().filter(|c| !c.is_control()).take(MAX_QUERY_CHARS).collect();
                continue;
            }
            let Some(slot) = FACETS.iter().position(|f| f.param == key) else { continue };
            for id in value.split(',').filter(|id| is_term_id(id)) {
                if state.selected[slot].len() < MAX_VALUES_PER_FACET {
                    state.selected[slot].insert(id.to_string());
                }
            }
        }
        state
    }

    /// The query string (without `?`), parameters in a stable order; values percent-encoded
    /// with `encode` (the browser's `encodeURIComponent` in the app).
    pub fn to_query(&self, encode: impl Fn(&str) -> String) -> String {
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("q={}", encode(&self.query)));
        }
        for (facet, values) in FACETS.iter().zip(&self.selected) {
            if !values.is_empty() {
                let joined: Vec<&str> = values.iter().map(String::as_str).collect();
                parts.push(format!("{}={}", facet.param, encode(&joined.join(","))));
            }
        }
        parts.join("&")
    }

    pub fn has_filters(&self) -> bool {
        self.selected.iter().any(|s| !s.is_empty())
    }

    /// A copy with one value toggled.
    pub fn toggled(&self, slot: usize, id: &str) -> SearchState {
        let mut next = self.clone();
        if let Some(values) = next.selected.get_mut(slot) {
            if !values.remove(id) {
                values.insert(id.to_string());
            }
        }
        next
    }

    pub fn without_filters(&self) -> SearchState {
        SearchState { query: self.query.clone(), ..SearchState::default() }
    }
}

fn is_term_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.replace(',', "%2C").replace(' ', "%20")
    }

    #[test]
    fn round_trips_query_and_facets() {
        let state = SearchState::from_params([
            ("q", "titanium"),
            ("process", "micro_machining,cnc_milling"),
            ("region", "aizu"),
        ]);
        assert_eq!(state.query, "titanium");
        assert_eq!(state.selected[0].len(), 2);
        let query = state.to_query(plain);
        assert_eq!(query, "q=titanium&process=cnc_milling%2Cmicro_machining&region=aizu");
    }

    #[test]
    fn drops_malformed_values() {
        let state = SearchState::from_params([("process", "<script>,ok_id,"), ("unknown", "x"), ("q", "a\u{0}b")]);
        assert_eq!(state.selected[0].iter().collect::<Vec<_>>(), vec!["ok_id"]);
        assert_eq!(state.query, "ab");
    }

    #[test]
    fn caps_long_queries() {
        let long = "あ".repeat(10_000);
        let state = SearchState::from_params([("q", long.as_str())]);
        assert_eq!(state.query.chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn toggles_values() {
        let state = SearchState::default().toggled(1, "titanium");
        assert!(state.selected[1].contains("titanium"));
        assert!(!state.toggled(1, "titanium").has_filters());
    }
}

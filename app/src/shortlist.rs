//! The buyer's shortlist: firm ids kept in `localStorage` (via gloo-storage), shared by every
//! page through context. Whatever the storage holds is treated as untrusted: anything that is
//! not a list of firm ids is ignored, never fatal.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

pub use site_reader::shortlist_rules::{is_firm_id, sanitize, toggled, MAX_ENTRIES, STORAGE_KEY};
/// The compare view shows at most this many firms side by side.
pub const MAX_COMPARED: usize = 4;

/// Ids from a comma-separated URL parameter (`?ids=a,b`): valid, distinct, at most `max`.
pub fn ids_from_param(param: &str, max: usize) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in param.split(',').map(str::trim).filter(|id| is_firm_id(id)) {
        if ids.len() == max {
            break;
        }
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_string());
        }
    }
    ids
}

/// The shortlist, provided as context by the app.
#[derive(Clone, Copy)]
pub struct Shortlist {
    ids: RwSignal<Vec<String>>,
}

impl Shortlist {
    /// Reads the stored shortlist, provides it as context and follows changes made in other tabs.
    pub fn provide() -> Shortlist {
        let shortlist = Shortlist { ids: RwSignal::new(load()) };
        provide_context(shortlist);
        if !cfg!(feature = "ssr") {
            let ids = shortlist.ids;
            let handle = window_event_listener(leptos::ev::storage, move |event| {
                if event.key().is_none_or(|key| key == STORAGE_KEY) {
                    ids.set(load());
                }
            });
            on_cleanup(move || handle.remove());
        }
        shortlist
    }

    /// The app's shortlist (an empty, unsaved one outside the app).
    pub fn use_shortlist() -> Shortlist {
        use_context::<Shortlist>().unwrap_or_else(|| Shortlist { ids: RwSignal::new(Vec::new()) })
    }

    /// The shortlisted ids, oldest first (reactive).
    pub fn ids(&self) -> Vec<String> {
        self.ids.get()
    }

    /// How many firms are shortlisted (reactive).
    pub fn len(&self) -> usize {
        self.ids.with(Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `id` is shortlisted (reactive).
    pub fn contains(&self, id: &str) -> bool {
        self.ids.with(|ids| ids.iter().any(|known| known == id))
    }

    /// Adds `id`, or removes it when it is shortlisted, and saves.
    pub fn toggle(&self, id: &str) {
        let next = self.ids.with_untracked(|ids| toggled(ids, id));
        self.replace(next);
    }

    pub fn remove(&self, id: &str) {
        let next: Vec<String> =
            self.ids.with_untracked(|ids| ids.iter().filter(|known| *known != id).cloned().collect());
        self.replace(next);
    }

    fn replace(&self, next: Vec<String>) {
        save(&next);
        self.ids.set(next);
    }
}

/// Whether the browser lets the page use `localStorage` (it may be disabled or blocked);
/// gloo's accessors throw when it is not there, so every access asks first.
fn storage_available() -> bool {
    crate::browser::window().and_then(|w| w.local_storage().ok().flatten()).is_some()
}

/// The stored shortlist, read outside the app's context (the store reads a sharded
/// language's shortlisted firms before the app is mounted).
pub fn stored_ids() -> Vec<String> {
    load()
}

fn load() -> Vec<String> {
    if !storage_available() {
        return Vec::new();
    }
    // Anything but a list of strings fails to parse and counts as an empty shortlist. Read as
    // bytes: the app's JSON decoder for byte slices is already in the WebAssembly binary.
    let stored = LocalStorage::raw().get_item(STORAGE_KEY).ok().flatten().unwrap_or_default();
    serde_json::from_slice::<Vec<String>>(stored.as_bytes()).map(sanitize).unwrap_or_default()
}

/// Saves the list; a full or unavailable storage only means it will not survive a reload.
fn save(ids: &[String]) {
    if storage_available() {
        let _ = LocalStorage::set(STORAGE_KEY, ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_but_a_list_of_strings_is_not_a_shortlist() {
        for stored in ["{\"ids\": [\"a\"]}", "\"a,b\"", "3", "null", "[1, \"a\"]", "{not json"] {
            assert!(serde_json::from_str::<Vec<String>>(stored).is_err(), "{stored}");
        }
    }

    #[test]
    fn reads_compare_parameters() {
        assert_eq!(ids_from_param("a,b,,a, c ,<x>,d,e", MAX_COMPARED), vec!["a", "b", "c", "d"]);
        assert!(ids_from_param("", MAX_COMPARED).is_empty());
    }
}

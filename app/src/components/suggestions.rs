//! Suggestions under the search box (the ARIA 1.2 combobox pattern): vocabulary terms that fit
//! what is being typed, with their firm counts, chosen by mouse or keyboard (arrows, Enter,
//! Escape). Choosing one applies it as a facet filter. Computed from the page data in memory
//! ([`engine::suggest`]): typing makes no request.

use std::sync::Arc;

use engine::facets::FACETS;
use engine::suggest::{Suggester, Suggestion};
use leptos::prelude::*;

use crate::i18n::{fill, ui};
use crate::labels::group_label;
use crate::lang_context::use_lang;

/// The listbox's id, named by the search box's `aria-controls`.
pub const LISTBOX_ID: &str = "search-suggestions";

/// The element id of suggestion `n`, for `aria-activedescendant`.
fn option_id(n: usize) -> String {
    format!("search-suggestion-{n}")
}

/// The combobox's state, shared by the search box and the listbox.
#[derive(Clone, Copy)]
pub struct Combo {
    /// Set once the page data is there.
    pub suggester: RwSignal<Option<Arc<Suggester>>>,
    pub items: Memo<Vec<Suggestion>>,
    pub active: RwSignal<Option<usize>>,
    /// Closed by Escape, by choosing or by leaving the box, until the next keystroke.
    pub dismissed: RwSignal<bool>,
}

impl Combo {
    /// Suggestions for the text `typed` returns.
    pub fn new(typed: impl Fn() -> String + Send + Sync + 'static) -> Combo {
        let suggester: RwSignal<Option<Arc<Suggester>>> = RwSignal::new(None);
        let items = Memo::new(move |_| {
            let typed = typed();
            suggester.with(|s| s.as_ref().map(|s| s.suggest(&typed)).unwrap_or_default())
        });
        Combo { suggester, items, active: RwSignal::new(None), dismissed: RwSignal::new(true) }
    }

    pub fn open(&self) -> bool {
        !self.dismissed.get() && !self.items.with(Vec::is_empty)
    }

    /// After a keystroke in the box: show the list again, nothing highlighted.
    pub fn typed(&self) {
        self.dismissed.set(false);
        self.active.set(None);
    }

    pub fn close(&self) {
        self.dismissed.set(true);
        self.active.set(None);
    }

    /// `aria-activedescendant` of the box.
    pub fn active_id(&self) -> Option<String> {
        self.open().then(|| self.active.get().map(option_id)).flatten()
    }

    /// Handles the combobox keys; `choose` applies a suggestion. Returns whether the key was
    /// the combobox's (then its default action is prevented).
    pub fn key(&self, key: &str, choose: &dyn Fn(Suggestion)) -> bool {
        let count = self.items.with_untracked(Vec::len);
        let active = self.active.get_untracked();
        match key {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                self.dismissed.set(false);
                let next = match (key, active) {
                    ("ArrowDown", Some(at)) => (at + 1) % count,
                    ("ArrowDown", None) => 0,
                    (_, Some(at)) => (at + count - 1) % count,
                    (_, None) => count - 1,
                };
                self.active.set(Some(next));
                true
            }
            "Enter" if !self.dismissed.get_untracked() => {
                let Some(chosen) = active.and_then(|at| self.items.with_untracked(|items| items.get(at).cloned()))
                else {
                    return false;
                };
                self.close();
                choose(chosen);
                true
            }
            "Escape" if !self.dismissed.get_untracked() && count > 0 => {
                self.close();
                true
            }
            _ => false,
        }
    }
}

/// The listbox under the search box.
#[component]
pub fn SuggestionList<C>(combo: Combo, choose: C) -> impl IntoView
where
    C: Fn(Suggestion) + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    let options = move || {
        let lang = lang.get();
        combo
            .items
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, suggestion)| {
                let choose = choose.clone();
                let facet = FACETS.get(suggestion.slot).copied();
                let group = facet.map(|f| group_label(lang, f.group)).unwrap_or_default();
                let firms = fill(ui(lang).suggestion_firms, &[("count", &suggestion.firms.to_string())]);
                let label = suggestion.label.clone();
                view! {
                    <li
                        id=option_id(n)
                        role="option"
                        class="suggestion"
                        aria-selected=move || if combo.active.get() == Some(n) { "true" } else { "false" }
                        data-facet=facet.map(|f| f.param)
                        data-value=suggestion.id.clone()
                        // Before the box loses focus, so the choice is not lost to the blur.
                        on:mousedown=move |ev| {
                            ev.prevent_default();
                            combo.close();
                            choose(suggestion.clone());
                        }
                    >
                        <span class="suggestion-label">{label}</span>
                        " "
                        <span class="suggestion-group">{group}</span>
                        " "
                        <span class="count">{firms}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul
            id=LISTBOX_ID
            class="suggestions"
            role="listbox"
            aria-label=move || ui(lang.get()).suggestions_label
            hidden=move || !combo.open()
        >
            {options}
        </ul>
    }
}

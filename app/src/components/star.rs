//! The star that puts a firm on the shortlist: a toggle button (`aria-pressed`) whose
//! accessible name names the firm; the star's shape (☆/★, drawn by the stylesheet), not only
//! its colour, shows the state.

use engine::Lang;
use leptos::prelude::*;

use crate::i18n::{fill, ui};
use crate::shortlist::Shortlist;

/// `lang` is fixed: every page that shows stars renders them again when the language changes.
#[component]
pub fn StarButton(lang: Lang, id: String, name: String) -> impl IntoView {
    let t = ui(lang);
    let shortlist = Shortlist::use_shortlist();
    let pressed = {
        let id = id.clone();
        move || if shortlist.contains(&id) { "true" } else { "false" }
    };
    let label = fill(t.star_button_label, &[("name", &name)]);
    view! {
        <button
            type="button"
            class="star"
            data-id=id.clone()
            aria-pressed=pressed
            aria-label=label
            on:click=move |_| shortlist.toggle(&id)
        >
            <span class="star-icon" aria-hidden="true"></span>
            " "
            {t.star_button}
        </button>
    }
}

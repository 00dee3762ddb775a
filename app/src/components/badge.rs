//! The visible "sample" badge on every fictional firm.

use leptos::prelude::*;

use crate::i18n::ui;
use crate::lang_context::use_lang;

#[component]
pub fn SampleBadge() -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="sample-badge" title=move || ui(lang.get()).sample_badge_title>
            {move || ui(lang.get()).sample_badge}
        </span>
    }
}

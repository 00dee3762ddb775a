//! Key-figure cards (home and about page): value, label, note, the date phrase and the source,
//! which links to the public page the figure comes from.

use engine::model::Figure;
use engine::Lang;
use leptos::prelude::*;

use crate::i18n::{fill, ui};

/// Every figure of `figures` as a card, in content order.
pub fn figure_cards(lang: Lang, figures: &[Figure]) -> impl IntoView {
    let t = ui(lang);
    let cards = figures
        .iter()
        .map(|f| {
            let source = fill(t.figure_source, &[("source", &f.source)]);
            let source = match f.source_url.clone().filter(|url| url.starts_with("https://")) {
                Some(url) => view! { <a class="source" href=url rel="external noopener">{source}</a> }.into_any(),
                None => view! { <span class="source">{source}</span> }.into_any(),
            };
            view! {
                <li class="figure" data-id=f.id.clone()>
                    <p class="figure-value">{f.display.clone()}</p>
                    <p class="figure-label">{f.label.clone()}</p>
                    {f.note.clone().map(|n| view! { <p class="figure-note">{n}</p> })}
                    <p class="figure-meta">
                        <span class="as-of">{fill(t.figure_as_of, &[("date", &f.as_of_text)])}</span>
                        " · "
                        {source}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="figure-cards">{cards}</ul> }
}

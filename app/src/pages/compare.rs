//! `/{lang}/compare/?ids=a,b,c`: two to four firms side by side. Rows whose values differ are
//! marked with a sign and a word (not only a colour) and can be shown alone.

use std::sync::Arc;

use engine::model::{Doc, DocKind, FirmFacts};
use leptos::prelude::*;

use crate::components::badge::SampleBadge;
use crate::components::loaded::Loaded;
use crate::components::star::StarButton;
use crate::firm_fields::{compare_rows, Row};
use crate::head::set_title;
use crate::html::Html;
use crate::i18n::Ui;
use crate::i18n::{fill, ui};
use crate::lang_context::use_lang;
use crate::links;
use crate::router::Router;
use crate::shortlist::{ids_from_param, MAX_COMPARED};
use crate::store::LangData;

#[component]
pub fn ComparePage() -> impl IntoView {
    let lang = use_lang();
    let t = move || ui(lang.get());
    let query = Router::use_router().query();
    let ids = Memo::new(move |_| ids_from_param(&query.read().get("ids").unwrap_or_default(), MAX_COMPARED));
    Effect::new(move |_| set_title(t().compare_heading, t().site_name));
    view! {
        <section class="compare-page">
            <h1>{move || t().compare_heading}</h1>
            <Loaded render={move |data: Arc<LangData>| view! { <CompareView data=data ids=ids/> }}/>
        </section>
    }
}

/// Inside `Loaded`, which renders it again when the language changes.
#[component]
fn CompareView(data: Arc<LangData>, ids: Memo<Vec<String>>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let t = ui(lang);
    let (only_differences, set_only_differences) = signal(false);
    move || {
        let ids = ids.get();
        let firms: Vec<(&Doc, &FirmFacts)> = ids
            .iter()
            .filter_map(|id| data.site.find_doc(DocKind::Firm, id))
            .filter_map(|(_, doc)| doc.firm.as_ref().map(|firm| (doc, firm)))
            .collect();
        let shown: Vec<String> = firms.iter().map(|(doc, _)| doc.id.clone()).collect();
        let change_href = links::page(lang, &format!("shortlist/?compare={}", shown.join(",")));
        let too_few = (firms.len() < 2).then(|| view! { <p class="compare-empty">{t.compare_need_two}</p> });
        let table = (firms.len() >= 2).then(|| {
            let facts: Vec<&FirmFacts> = firms.iter().map(|(_, firm)| *firm).collect();
            let rows = compare_rows(&data.site, t, &facts);
            let headings = firms
                .iter()
                .map(|(doc, _)| {
                    let others: Vec<&str> = shown.iter().map(String::as_str).filter(|id| *id != doc.id).collect();
                    let without = links::page(lang, &format!("compare/?ids={}", others.join(",")));
                    view! {
                        <th scope="col" data-id=doc.id.clone()>
                            <a class="compare-firm" href=links::doc(lang, DocKind::Firm, &doc.id)>
                                {doc.title.clone()}
                            </a>
                            <SampleBadge/>
                            <span class="compare-firm-actions">
                                <StarButton lang=lang id=doc.id.clone() name=doc.title.clone()/>
                                <a class="compare-remove" href=without>
                                    {t.shortlist_remove}
                                    <span class="visually-hidden">
                                        {format!(" — {}", fill(t.compare_remove_label, &[("name", &doc.title)]))}
                                    </span>
                                </a>
                            </span>
                        </th>
                    }
                })
                .collect_view();
            let body = body_html(t, &rows);
            let caption = fill(t.compare_caption, &[("count", &firms.len().to_string())]);
            view! {
                <p class="compare-filter">
                    <input
                        type="checkbox"
                        id="compare-only-differences"
                        prop:checked=only_differences.get_untracked()
                        on:change=move |ev| set_only_differences.set(event_target_checked(&ev))
                    />
                    <label for="compare-only-differences">{t.compare_only_differences}</label>
                </p>
                <div class="compare-scroll" role="region" aria-labelledby="compare-caption" tabindex="0">
                    <table class="compare" class:only-differences=move || only_differences.get() data-count=firms.len()>
                        <caption id="compare-caption">{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t.compare_field}</th>
                                {headings}
                            </tr>
                        </thead>
                        <tbody inner_html=body></tbody>
                    </table>
                </div>
            }
        });
        view! {
            {too_few}
            <p class="compare-change">
                <a href=change_href>{t.compare_change}</a>
            </p>
            {table}
        }
    }
}

/// The rows of the table: one per field, marked (`class="differs"` and "≠ differs" in the
/// row heading) where the firms' values differ. Each cell repeats its row's heading in
/// `data-label`, shown on narrow screens where the table stacks into one card per firm.
fn body_html(t: &Ui, rows: &[Row]) -> String {
    let mut html = Html::new();
    for row in rows {
        let class = if row.differs { "differs" } else { "" };
        let mark = format!("≠ {}", t.compare_differs);
        let label =
            if row.differs { format!("{} — {mark}", row.field.label(t)) } else { row.field.label(t).to_string() };
        html.open("tr", &[("class", class), ("data-field", row.field.key())]);
        html.open("th", &[("scope", "row")]).text(row.field.label(t));
        if row.differs {
            html.element("span", &[("class", "diff-mark")], &mark);
        }
        html.close("th");
        for items in &row.values {
            html.open("td", &[("data-label", &label)]).open("ul", &[("class", "plain")]);
            for item in items {
                html.element("li", &[], item);
            }
            html.close("ul").close("td");
        }
        html.close("tr");
    }
    html.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firm_fields::Field;
    use engine::Lang;

    #[test]
    fn marks_differing_rows_in_words() {
        let t = ui(Lang::En);
        let rows = [
            Row { field: Field::Materials, values: vec![vec!["PEEK".into()], vec!["PEEK".into()]], differs: false },
            Row { field: Field::Cleanroom, values: vec![vec!["None".into()], vec!["<ISO 7>".into()]], differs: true },
        ];
        let html = body_html(t, &rows);
        assert!(html.starts_with("<tr data-field=\"materials\"><th scope=\"row\">Material</th>"), "{html}");
        assert!(html.contains("<tr class=\"differs\" data-field=\"cleanroom\"><th scope=\"row\">Cleanroom<span class=\"diff-mark\">≠ differs</span></th>"), "{html}");
        assert!(html.contains("<li>&lt;ISO 7&gt;</li>"), "{html}");
        assert!(html.contains("<td data-label=\"Material\">"), "{html}");
        assert!(html.contains("<td data-label=\"Cleanroom — ≠ differs\">"), "{html}");
    }
}

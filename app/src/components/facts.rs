//! The facts of a firm profile, grouped the way buyers judge a supplier. Its processes,
//! materials, applications, certifications and place link to their landing pages.

use engine::groups::firm_values;
use engine::model::{FirmFacts, SiteData};
use engine::Lang;
use leptos::prelude::*;

use crate::firm_fields;
use crate::i18n::{fill, ui};
use crate::labels::group_label;
use crate::links;

/// The labels of the firm's terms of `group` (read through `engine::groups`), joined by " · ".
fn labels(site: &SiteData, firm: &FirmFacts, group: &str) -> String {
    firm_values(firm, group).into_iter().map(|id| site.term_label(group, id)).collect::<Vec<_>>().join(" · ")
}

/// A `<dt>`/`<dd>` pair, left out when the value is empty.
fn row(label: &'static str, value: String) -> impl IntoView {
    (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
}

/// The term's label, linked to its landing page when its group has them. The firm carries the
/// term, so the page exists.
fn tag(lang: Lang, site: &SiteData, group: &str, id: &str) -> AnyView {
    let label = site.term_label(group, id).to_string();
    match links::landing(lang, group, id) {
        Some(href) => view! { <a href=href>{label}</a> }.into_any(),
        None => label.into_any(),
    }
}

/// Terms as [`tag`]s, separated by " · ".
fn tags(lang: Lang, site: &SiteData, group: &str, ids: &[&str]) -> impl IntoView {
    ids.iter()
        .enumerate()
        .map(|(i, id)| view! { {(i > 0).then_some(" · ")}{tag(lang, site, group, id)} })
        .collect_view()
}

/// A row of the firm's terms of `group`, under the group's label, linked; left out when there
/// are none.
fn tag_row(lang: Lang, site: &SiteData, firm: &FirmFacts, group: &str) -> impl IntoView {
    let ids = firm_values(firm, group);
    (!ids.is_empty()).then(|| view! { <dt>{group_label(lang, group)}</dt><dd>{tags(lang, site, group, &ids)}</dd> })
}

#[component]
pub fn FirmFactsView(lang: Lang, site: std::sync::Arc<SiteData>, firm: FirmFacts) -> impl IntoView {
    let t = ui(lang);
    let cleanroom = firm.cleanroom.as_ref().map(|c| {
        let mut text = fill(
            t.field_cleanroom_value,
            &[("class", &c.iso_class.to_string()), ("legacy", c.fed_std_209e().unwrap_or("–"))],
        );
        if let Some(area) = c.area_m2 {
            text.push_str(", ");
            text.push_str(&fill(t.field_cleanroom_area, &[("area", &area.to_string())]));
        }
        text
    });
    let capacity = &firm.capacity;
    let tolerance = firm_fields::tolerance(t, capacity);
    let lots = firm_fields::lots(t, capacity);
    let lead = firm_fields::lead_time(t, capacity);
    let certifications = firm
        .certifications
        .iter()
        .map(|c| {
            let mut details = String::new();
            if let Some(scope) = &c.scope {
                details.push_str(&format!(" — {scope}"));
            }
            if let Some(expires) = &c.expires {
                details.push_str(&format!(" ({})", fill(t.field_expires, &[("date", expires)])));
            }
            view! { <li>{tag(lang, &site, "certifications", &c.id)}{details}</li> }
        })
        .collect_view();
    let regulatory =
        if firm.regulatory.is_empty() { t.regulatory_none.to_string() } else { labels(&site, &firm, "regulatory") };
    let export =
        if firm.export_countries.is_empty() { t.field_no_export.to_string() } else { firm.export_countries.join(", ") };
    let location = view! {
        {tag(lang, &site, "municipalities", &firm.municipality)}
        " · "
        {tag(lang, &site, "regions", &firm.region)}
    };
    view! {
        <section class="facts" aria-labelledby="facts-capabilities">
            <h2 id="facts-capabilities">{t.field_capabilities}</h2>
            <dl>
                {tag_row(lang, &site, &firm, "processes")}
                {tag_row(lang, &site, &firm, "materials")}
                {tag_row(lang, &site, &firm, "applications")}
                {row(t.field_equipment, firm.equipment.join(" · "))}
                {row(t.field_tolerance, tolerance.unwrap_or_default())}
            </dl>
            <h2>{t.field_quality}</h2>
            <dl>
                <dt>{group_label(lang, "certifications")}</dt>
                <dd>
                    <ul class="plain">{certifications}</ul>
                </dd>
                {row(group_label(lang, "regulatory"), regulatory)}
                {row(t.field_cleanroom, cleanroom.unwrap_or_default())}
                {row(t.field_device_classes, firm.device_classes.join(", "))}
            </dl>
            <h2>{t.field_capacity}</h2>
            <dl>
                {row(t.field_employees, format!("{} ({})", firm.employees, site.term_label("employee-bands", &firm.employee_band)))}
                {row(t.field_founded, firm.founded.map(|y| y.to_string()).unwrap_or_default())}
                {row(t.field_lots, lots.unwrap_or_default())}
                {row(t.field_lead_time, lead.unwrap_or_default())}
                {row(group_label(lang, "roles"), labels(&site, &firm, "roles"))}
            </dl>
            <h2>{t.field_export}</h2>
            <dl>
                {row(t.field_export_countries, export)}
                {row(t.field_languages, firm.languages.join(", "))}
                {row(group_label(lang, "events"), labels(&site, &firm, "events"))}
                <dt>{t.field_location}</dt><dd>{location}</dd>
                {row(t.field_updated, firm.updated.clone())}
            </dl>
        </section>
    }
}

//! The facts of a firm profile, grouped the way buyers judge a supplier.

use engine::model::{FirmFacts, SiteData};
use engine::Lang;
use leptos::prelude::*;

use crate::firm_fields;
use crate::i18n::{fill, ui};

fn labels(site: &SiteData, group: &str, ids: &[String]) -> String {
    ids.iter().map(|id| site.term_label(group, id)).collect::<Vec<_>>().join(" · ")
}

/// A `<dt>`/`<dd>` pair, left out when the value is empty.
fn row(label: &'static str, value: String) -> impl IntoView {
    (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
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
            let mut text = site.term_label("certifications", &c.id).to_string();
            if let Some(scope) = &c.scope {
                text.push_str(&format!(" — {scope}"));
            }
            if let Some(expires) = &c.expires {
                text.push_str(&format!(" ({})", fill(t.field_expires, &[("date", expires)])));
            }
            text
        })
        .collect::<Vec<_>>();
    let regulatory = if firm.regulatory.is_empty() {
        t.regulatory_none.to_string()
    } else {
        labels(&site, "regulatory", &firm.regulatory)
    };
    let export =
        if firm.export_countries.is_empty() { t.field_no_export.to_string() } else { firm.export_countries.join(", ") };
    let location = format!(
        "{} · {}",
        site.term_label("municipalities", &firm.municipality),
        site.term_label("regions", &firm.region)
    );
    view! {
        <section class="facts" aria-labelledby="facts-capabilities">
            <h2 id="facts-capabilities">{t.field_capabilities}</h2>
            <dl>
                {row(t.facet_processes, labels(&site, "processes", &firm.processes))}
                {row(t.facet_materials, labels(&site, "materials", &firm.materials))}
                {row(t.facet_applications, labels(&site, "applications", &firm.applications))}
                {row(t.field_equipment, firm.equipment.join(" · "))}
                {row(t.field_tolerance, tolerance.unwrap_or_default())}
            </dl>
            <h2>{t.field_quality}</h2>
            <dl>
                <dt>{t.facet_certifications}</dt>
                <dd>
                    <ul class="plain">{certifications.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </dd>
                {row(t.facet_regulatory, regulatory)}
                {row(t.field_cleanroom, cleanroom.unwrap_or_default())}
                {row(t.field_device_classes, firm.device_classes.join(", "))}
            </dl>
            <h2>{t.field_capacity}</h2>
            <dl>
                {row(t.field_employees, format!("{} ({})", firm.employees, site.term_label("employee-bands", &firm.employee_band)))}
                {row(t.field_founded, firm.founded.map(|y| y.to_string()).unwrap_or_default())}
                {row(t.field_lots, lots.unwrap_or_default())}
                {row(t.field_lead_time, lead.unwrap_or_default())}
                {row(t.facet_roles, labels(&site, "roles", &firm.roles))}
            </dl>
            <h2>{t.field_export}</h2>
            <dl>
                {row(t.field_export_countries, export)}
                {row(t.field_languages, firm.languages.join(", "))}
                {row(t.facet_events, labels(&site, "events", &firm.events))}
                {row(t.field_location, location)}
                {row(t.field_updated, firm.updated.clone())}
            </dl>
        </section>
    }
}

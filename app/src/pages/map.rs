//! `/{lang}/map/`: the sample firms on a schematic SVG map of the prefecture. Each place with
//! firms is a focusable link that names its firms and filters the search by municipality;
//! a list below gives the same information without the picture. No tiles, no requests.

use std::collections::BTreeMap;
use std::sync::Arc;

use engine::model::{DocKind, SiteData};
use engine::Lang;
use leptos::prelude::*;

use crate::components::layout::{set_title, use_lang};
use crate::components::loaded::Loaded;
use crate::geo;
use crate::i18n::{fill, ui};
use crate::links;
use crate::store::LangData;

/// A municipality with firms: its name, map position and firms.
struct Place {
    label: String,
    at: (f64, f64),
    firms: Vec<String>,
}

/// Firms grouped by municipality id.
fn places(site: &SiteData) -> BTreeMap<String, Place> {
    let mut places = BTreeMap::new();
    for doc in site.docs.iter().filter(|d| d.kind == DocKind::Firm) {
        let Some(firm) = &doc.firm else { continue };
        let place = places.entry(firm.municipality.clone()).or_insert_with(|| Place {
            label: site.term_label("municipalities", &firm.municipality).to_string(),
            at: geo::project(firm.lat, firm.lon),
            firms: Vec::new(),
        });
        place.firms.push(doc.title.clone());
    }
    places
}

/// One outline per region, around its municipalities.
fn region_outlines(site: &SiteData) -> Vec<(String, String)> {
    let Some(municipalities) = site.group("municipalities") else { return Vec::new() };
    let mut by_region: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for term in &municipalities.terms {
        if let (Some(region), Some(lat), Some(lon)) = (&term.region, term.lat, term.lon) {
            by_region.entry(region.clone()).or_default().push(geo::project(lat, lon));
        }
    }
    by_region
        .into_iter()
        .map(|(region, points)| (region, geo::path_data(&geo::inflate(&geo::convex_hull(&points), 14.0))))
        .collect()
}

#[component]
pub fn MapPage() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(ui(lang.get()).nav_map, ui(lang.get()).site_name));
    view! {
        <section class="map-page">
            <h1>{move || ui(lang.get()).nav_map}</h1>
            <p>{move || ui(lang.get()).map_intro}</p>
            <Loaded render={move |data: Arc<LangData>| view! { <FirmMap data=data/> }}/>
        </section>
    }
}

#[component]
fn FirmMap(data: Arc<LangData>) -> impl IntoView {
    let lang = use_lang();
    move || map_view(lang.get(), &data.site)
}

fn map_view(lang: Lang, site: &SiteData) -> impl IntoView {
    let t = ui(lang);
    let (width, height) = geo::view_box();
    let outlines = region_outlines(site)
        .into_iter()
        .map(|(region, d)| {
            let label = site.term_label("regions", &region).to_string();
            view! { <path class=format!("region region-{region}") d=d><title>{label}</title></path> }
        })
        .collect_view();
    let towns = site
        .group("municipalities")
        .map(|g| g.terms.clone())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|t| Some(geo::project(t.lat?, t.lon?)))
        .map(|(x, y)| view! { <circle class="town" cx=geo::coordinate(x) cy=geo::coordinate(y) r="2.5"/> })
        .collect_view();
    let places = places(site);
    let markers = places
        .iter()
        .map(|(id, Place { label, at: (x, y), firms })| {
            let name = format!(
                "{} — {}",
                fill(t.map_firms_in, &[("place", label), ("count", &firms.len().to_string())]),
                firms.join(", ")
            );
            let radius = 7.0 + 2.5 * (firms.len() as f64).sqrt();
            let target = links::page(lang, &format!("search/?municipality={id}"));
            let title = name.clone();
            // An SVG link: focusable and opened by click or Enter without any script.
            view! {
                <a class="place" href=target aria-label=name data-municipality=id.clone()>
                    <title>{title}</title>
                    <circle cx=geo::coordinate(*x) cy=geo::coordinate(*y) r=geo::coordinate(radius)/>
                </a>
            }
        })
        .collect_view();
    // Counts sit in their own layer, so each link's name is its aria-label alone.
    let counts = places
        .values()
        .map(|Place { at: (x, y), firms, .. }| {
            view! { <text x=geo::coordinate(*x) y=geo::coordinate(y + 4.0) text-anchor="middle">{firms.len()}</text> }
        })
        .collect_view();
    let list = places
        .iter()
        .map(|(id, Place { label, firms, .. })| {
            view! {
                <li>
                    <a href=links::page(lang, &format!("search/?municipality={id}"))>{fill(t.map_firms_in, &[("place", label), ("count", &firms.len().to_string())])}</a>
                    ": " {firms.join(", ")}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="map">
            <svg viewBox=format!("0 0 {} {}", width.round() as i64, height.round() as i64) role="group" aria-label=t.nav_map>
                <g class="regions">{outlines}</g>
                <g class="towns" aria-hidden="true">{towns}</g>
                <g class="places">{markers}</g>
                <g class="counts" aria-hidden="true">{counts}</g>
            </svg>
            <figcaption>{t.map_schematic_note} " " {t.footer_credit_gazetteer}</figcaption>
        </figure>
        <h2>{t.map_list_heading}</h2>
        <ul class="place-list">{list}</ul>
    }
}

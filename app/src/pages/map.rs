//! `/{lang}/map/`: the sample firms on an SVG map of the prefecture, its municipalities shaded by
//! region (boundaries: `crate::boundaries`). Each place with firms is a focusable link that
//! names its firms and filters the search by municipality; a list below gives the same
//! information without the picture. No tiles, no requests.

use std::collections::BTreeMap;
use std::sync::Arc;

use engine::model::{DocKind, SiteData};
use engine::Lang;
use leptos::prelude::*;

use crate::boundaries;
use crate::components::loaded::Loaded;
use crate::geo;
use crate::head::set_title;
use crate::i18n::{fill, ui};
use crate::lang_context::use_lang;
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

/// The municipalities named on the map itself, so that a reader can place the rest: the
/// prefecture's three core cities and the main city of Aizu, each with the side of its point
/// where the name stays clear of the markers around it.
const NAMED_CITIES: [(&str, Side); 4] =
    [("fukushima", Side::Below), ("koriyama", Side::Below), ("iwaki", Side::Below), ("aizuwakamatsu", Side::Left)];

#[derive(Clone, Copy)]
enum Side {
    Below,
    Left,
}

/// A shape's rings in map coordinates.
fn projected(shape: &boundaries::Shape) -> Vec<Vec<(f64, f64)>> {
    shape.rings.iter().map(|ring| ring.iter().map(|&(lon, lat)| geo::project(lat, lon)).collect()).collect()
}

/// SVG path data of rings (holes drawn by the even-odd rule).
fn rings_path(rings: &[Vec<(f64, f64)>]) -> String {
    rings.iter().map(|ring| geo::path_data(ring)).collect()
}

/// A drawn municipality: its region (for the shading), name and path.
struct Municipality {
    region: String,
    label: String,
    d: String,
}

/// A drawn region: its id and outline.
struct Region {
    id: String,
    d: String,
}

/// Municipalities shaded by their region (from the vocabulary), and the regions' outlines.
fn boundary_layers(site: &SiteData) -> (Vec<Municipality>, Vec<Region>) {
    let region_of = |id: &str| {
        site.group("municipalities")
            .and_then(|g| g.terms.iter().find(|t| t.id == id))
            .and_then(|t| t.region.clone())
            .unwrap_or_default()
    };
    let (mut municipalities, mut regions) = (Vec::new(), Vec::new());
    for shape in boundaries::all() {
        let rings = projected(&shape);
        let d = rings_path(&rings);
        match shape.kind {
            boundaries::Kind::Municipality => municipalities.push(Municipality {
                region: region_of(&shape.id),
                label: site.term_label("municipalities", &shape.id).to_string(),
                d,
            }),
            boundaries::Kind::Region => regions.push(Region { id: shape.id.clone(), d }),
        }
    }
    (municipalities, regions)
}

/// The named cities: a point and the name beside it.
fn city_names(site: &SiteData) -> impl IntoView {
    let terms = site.group("municipalities").map(|g| g.terms.clone()).unwrap_or_default();
    let names = NAMED_CITIES
        .iter()
        .filter_map(|(id, side)| Some((terms.iter().find(|t| t.id == *id)?, *side)))
        .filter_map(|(t, side)| Some((t.label.clone(), geo::project(t.lat?, t.lon?), side)))
        .map(|(name, (x, y), side)| {
            let (tx, ty, anchor) = match side {
                Side::Below => (x, y + 24.0, "middle"),
                Side::Left => (x - 14.0, y + 4.0, "end"),
            };
            view! {
                <circle class="city" cx=geo::coordinate(x) cy=geo::coordinate(y) r="2.5"/>
                <text class="city-name" x=geo::coordinate(tx) y=geo::coordinate(ty) text-anchor=anchor>{name}</text>
            }
        })
        .collect_view();
    view! { <g class="names" aria-hidden="true">{names}</g> }
}

/// The regions' colours, named, in the vocabulary's order.
fn legend(site: &SiteData, regions: &[Region]) -> impl IntoView {
    let terms = site.group("regions").map(|g| g.terms.clone()).unwrap_or_default();
    let entries = terms
        .into_iter()
        .filter(|term| regions.iter().any(|r| r.id == term.id))
        .map(|term| view! { <li><span class=format!("swatch region-{}", term.id) aria-hidden="true"></span>{term.label}</li> })
        .collect_view();
    view! { <ul class="map-legend">{entries}</ul> }
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
    let (municipalities, regions) = boundary_layers(site);
    let municipalities = municipalities
        .into_iter()
        .map(|Municipality { region, label, d }| {
            view! { <path class=format!("municipality region-{region}") d=d><title>{label}</title></path> }
        })
        .collect_view();
    let names = city_names(site);
    let legend = legend(site, &regions);
    let outlines = regions
        .into_iter()
        .map(|Region { id, d, .. }| {
            let label = site.term_label("regions", &id).to_string();
            view! { <path class=format!("region region-{id}") d=d><title>{label}</title></path> }
        })
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
                <g class="municipalities">{municipalities}</g>
                <g class="regions">{outlines}</g>
                {names}
                <g class="places">{markers}</g>
                <g class="counts" aria-hidden="true">{counts}</g>
            </svg>
            {legend}
            <figcaption>{t.map_note} " " {t.map_credit_boundaries} " " {t.footer_credit_gazetteer}</figcaption>
        </figure>
        <h2>{t.map_list_heading}</h2>
        <ul class="place-list">{list}</ul>
    }
}

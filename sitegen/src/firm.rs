//! Firm facts (`content/firms/<slug>.toml`): parsed, checked against the vocabularies.

use std::path::Path;

use engine::model::{Capacity, Certification, Cleanroom, FirmFacts};
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::error::{ContentError, ContentErrors};
use crate::toml_file;
use crate::vocab::Vocabularies;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FirmFile {
    fictional: Spanned<bool>,
    municipality: Spanned<String>,
    founded: Option<u16>,
    employees: u32,
    roles: Vec<Spanned<String>>,
    processes: Vec<Spanned<String>>,
    materials: Vec<Spanned<String>>,
    #[serde(default)]
    applications: Vec<Spanned<String>>,
    #[serde(default)]
    regulatory: Vec<Spanned<String>>,
    #[serde(default)]
    events: Vec<Spanned<String>>,
    languages: Vec<Spanned<String>>,
    #[serde(default)]
    export_countries: Vec<Spanned<String>>,
    #[serde(default)]
    device_classes: Vec<Spanned<String>>,
    contact_route: Spanned<String>,
    email: Spanned<String>,
    website: Spanned<String>,
    updated: Datetime,
    #[serde(default)]
    certifications: Vec<CertificationFile>,
    cleanroom: Option<CleanroomFile>,
    #[serde(default)]
    capacity: CapacityFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificationFile {
    id: Spanned<String>,
    expires: Option<Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CleanroomFile {
    iso_class: Spanned<u8>,
    area_m2: Option<u32>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CapacityFile {
    tolerance_um: Option<Spanned<f64>>,
    lot_min: Option<Spanned<u32>>,
    lot_max: Option<Spanned<u32>>,
    lead_time_weeks_min: Option<Spanned<u32>>,
    lead_time_weeks_max: Option<Spanned<u32>>,
}

/// The finest and the coarsest tolerance a profile may state, in µm: finer than a nanometre
/// or coarser than a centimetre is a typing slip (a value in mm, or a missing decimal point).
const TOLERANCE_UM: std::ops::RangeInclusive<f64> = 0.001..=10_000.0;

/// Where a value sits, for error messages.
struct At<'a> {
    path: &'a Path,
    text: &'a str,
}

impl At<'_> {
    fn line<T>(&self, value: &Spanned<T>) -> usize {
        toml_file::span_line(self.text, 1, value.span())
    }

    fn error<T>(&self, value: &Spanned<T>, problem: impl Into<String>, fix: impl Into<String>) -> ContentError {
        ContentError::new(self.path, self.line(value), problem, fix)
    }
}

/// Parses and checks a firm's facts; `None` when the file cannot be used at all.
pub fn load(path: &Path, text: &str, vocab: &Vocabularies, errors: &mut ContentErrors) -> Option<FirmFacts> {
    let file: FirmFile = match toml_file::parse(path, text, 1) {
        Ok(file) => file,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let at = At { path, text };
    if !*file.fictional.get_ref() {
        errors.push(at.error(
            &file.fictional,
            "firm profiles in this folder are samples and must say so",
            "set fictional = true (real firms are not published here)",
        ));
    }
    let ids = |group: &str, values: &[Spanned<String>], errors: &mut ContentErrors| -> Vec<String> {
        values
            .iter()
            .filter(|v| vocab.check(group, v.get_ref(), (path, text, 1, v.span()), errors))
            .map(|v| v.get_ref().clone())
            .collect()
    };
    let roles = ids("roles", &file.roles, errors);
    let processes = ids("processes", &file.processes, errors);
    let materials = ids("materials", &file.materials, errors);
    let applications = ids("applications", &file.applications, errors);
    let regulatory = ids("regulatory", &file.regulatory, errors);
    let events = ids("events", &file.events, errors);
    for (field, values) in [("roles", &roles), ("processes", &processes)] {
        if values.is_empty() {
            errors.push(ContentError::new(
                path,
                1,
                format!("`{field}` is empty"),
                format!("list at least one of the ids in content/vocab/{field}.toml"),
            ));
        }
    }
    let municipality_ok =
        vocab.check("municipalities", file.municipality.get_ref(), (path, text, 1, file.municipality.span()), errors);
    let municipality = vocab.term("municipalities", file.municipality.get_ref()).filter(|_| municipality_ok);
    let band = vocab.employee_band(file.employees);
    if band.is_none() {
        errors.push(ContentError::new(
            path,
            1,
            format!("no employee band covers {} employees", file.employees),
            "check `employees` or the bands in content/vocab/employee-bands.toml",
        ));
    }
    check_email(&at, &file.email, errors);
    check_website(&at, &file.website, errors);
    check_choice(&at, &file.contact_route, &["coordinator", "direct"], "contact_route", errors);
    for lang in &file.languages {
        check_choice(&at, lang, &["ja", "en", "de", "th", "zh", "ko", "vi", "fr", "es"], "languages", errors);
    }
    for class in &file.device_classes {
        check_choice(&at, class, &["I", "II", "III", "IV"], "device_classes", errors);
    }
    for country in &file.export_countries {
        let code = country.get_ref();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(at.error(
                country,
                format!("`{code}` is not a country code"),
                "use ISO 3166-1 alpha-2 codes in capitals, e.g. \"DE\", \"TH\", \"US\"",
            ));
        }
    }
    let certifications = file
        .certifications
        .iter()
        .filter(|c| vocab.check("certifications", c.id.get_ref(), (path, text, 1, c.id.span()), errors))
        .map(|c| Certification { id: c.id.get_ref().clone(), expires: c.expires.map(|d| d.to_string()), scope: None })
        .collect();
    let cleanroom = file.cleanroom.map(|c| {
        if !(1..=9).contains(c.iso_class.get_ref()) {
            errors.push(at.error(
                &c.iso_class,
                format!("ISO class {} does not exist", c.iso_class.get_ref()),
                "ISO 14644-1 classes run from 1 to 9",
            ));
        }
        Cleanroom { iso_class: *c.iso_class.get_ref(), area_m2: c.area_m2 }
    });
    let capacity = capacity(&at, &file.capacity, errors);
    let text_list = |values: &[Spanned<String>]| values.iter().map(|v| v.get_ref().clone()).collect::<Vec<_>>();
    Some(FirmFacts {
        fictional: *file.fictional.get_ref(),
        municipality: file.municipality.get_ref().clone(),
        region: municipality.and_then(|m| m.region.clone()).unwrap_or_default(),
        founded: file.founded,
        employees: file.employees,
        employee_band: band.map(|b| b.id.clone()).unwrap_or_default(),
        roles,
        processes,
        materials,
        applications,
        certifications,
        regulatory,
        events,
        languages: text_list(&file.languages),
        export_countries: text_list(&file.export_countries),
        device_classes: text_list(&file.device_classes),
        contact_route: file.contact_route.get_ref().clone(),
        email: file.email.get_ref().clone(),
        website: file.website.get_ref().clone(),
        updated: file.updated.to_string(),
        equipment: Vec::new(),
        cleanroom,
        capacity,
        lat: municipality.and_then(|m| m.point).map_or(0.0, |p| p.0),
        lon: municipality.and_then(|m| m.point).map_or(0.0, |p| p.1),
    })
}

/// The capacity facts, checked: a tolerance buyers can read, and ranges that are whole and
/// run from low to high (the site shows a range only when both ends are given).
fn capacity(at: &At, file: &CapacityFile, errors: &mut ContentErrors) -> Capacity {
    if let Some(tolerance) = &file.tolerance_um {
        let value = *tolerance.get_ref();
        if !TOLERANCE_UM.contains(&value) {
            errors.push(at.error(
                tolerance,
                format!("tolerance_um = {value} is not a tolerance in micrometres"),
                "give ± micrometres between 0.001 and 10000, e.g. tolerance_um = 2 or 0.5",
            ));
        }
    }
    check_range(at, &file.lot_min, &file.lot_max, ("lot_min", "lot_max"), errors);
    check_range(
        at,
        &file.lead_time_weeks_min,
        &file.lead_time_weeks_max,
        ("lead_time_weeks_min", "lead_time_weeks_max"),
        errors,
    );
    let value = |field: &Option<Spanned<u32>>| field.as_ref().map(|v| *v.get_ref());
    Capacity {
        tolerance_um: file.tolerance_um.as_ref().map(|v| *v.get_ref()).filter(|v| TOLERANCE_UM.contains(v)),
        lot_min: value(&file.lot_min),
        lot_max: value(&file.lot_max),
        lead_time_weeks_min: value(&file.lead_time_weeks_min),
        lead_time_weeks_max: value(&file.lead_time_weeks_max),
    }
}

fn check_range(
    at: &At,
    min: &Option<Spanned<u32>>,
    max: &Option<Spanned<u32>>,
    (min_name, max_name): (&str, &str),
    errors: &mut ContentErrors,
) {
    match (min, max) {
        (Some(min), Some(max)) if min.get_ref() > max.get_ref() => errors.push(at.error(
            max,
            format!("{max_name} = {} is below {min_name} = {}", max.get_ref(), min.get_ref()),
            format!("swap the two values or correct {max_name}"),
        )),
        (Some(given), None) => errors.push(at.error(
            given,
            format!("{min_name} is given without {max_name}"),
            format!("add {max_name} (the same value if there is only one), or remove {min_name}"),
        )),
        (None, Some(given)) => errors.push(at.error(
            given,
            format!("{max_name} is given without {min_name}"),
            format!("add {min_name} (the same value if there is only one), or remove {max_name}"),
        )),
        _ => {}
    }
}

fn check_email(at: &At, email: &Spanned<String>, errors: &mut ContentErrors) {
    let value = email.get_ref();
    let well_formed = value.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    if !well_formed || !value.ends_with(".invalid") {
        errors.push(at.error(
            email,
            format!("`{value}` is not a sample address"),
            "sample firms use addresses ending in .invalid, e.g. \"sales@example.invalid\"",
        ));
    }
}

fn check_website(at: &At, website: &Spanned<String>, errors: &mut ContentErrors) {
    let value = website.get_ref();
    let host = value.strip_prefix("https://").unwrap_or_default().split('/').next().unwrap_or_default();
    if !host.ends_with(".invalid") {
        errors.push(at.error(
            website,
            format!("`{value}` is not a sample web address"),
            "sample firms use https:// addresses ending in .invalid",
        ));
    }
}

fn check_choice(at: &At, value: &Spanned<String>, allowed: &[&str], field: &str, errors: &mut ContentErrors) {
    if !allowed.contains(&value.get_ref().as_str()) {
        errors.push(at.error(
            value,
            format!("`{}` is not allowed in `{field}`", value.get_ref()),
            format!("use one of: {}", allowed.join(", ")),
        ));
    }
}

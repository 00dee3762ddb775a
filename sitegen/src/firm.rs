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
    founded: Option<Spanned<u16>>,
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
    updated: Spanned<Datetime>,
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
    expires: Option<Spanned<Datetime>>,
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
        if !is_country_code(code) {
            errors.push(at.error(
                country,
                format!("`{code}` is not an ISO 3166-1 country code"),
                "use the two capital letters of an assigned ISO 3166-1 alpha-2 code, e.g. \"DE\", \"TH\", \"US\"",
            ));
        }
    }
    let today = dates::today();
    check_founded(&at, file.founded.as_ref(), today.0, errors);
    let updated = check_date(&at, &file.updated, "updated", errors);
    if updated.is_some_and(|date| date > dates::add_days(today, 1)) {
        errors.push(at.error(
            &file.updated,
            format!("updated = {} is in the future", file.updated.get_ref()),
            "give the date the facts were last checked, today or earlier",
        ));
    }
    for certification in &file.certifications {
        let Some(expires) = &certification.expires else { continue };
        let id = certification.id.get_ref();
        if check_date(&at, expires, "expires", errors).is_some_and(|date| date < today) {
            errors.push(at.error(
                expires,
                format!("the `{id}` certification expired on {}", expires.get_ref()),
                "enter the renewed certificate's expiry date, or remove the certification if the firm no longer \
                 holds it (the site shows every listed certification as held)",
            ));
        }
    }
    let certifications = file
        .certifications
        .iter()
        .filter(|c| vocab.check("certifications", c.id.get_ref(), (path, text, 1, c.id.span()), errors))
        .map(|c| Certification {
            id: c.id.get_ref().clone(),
            expires: c.expires.as_ref().map(|d| d.get_ref().to_string()),
            scope: None,
        })
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
        founded: file.founded.map(Spanned::into_inner),
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
        updated: file.updated.get_ref().to_string(),
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

/// The earliest founding year a profile may give: older is a typing slip, not a firm.
const FOUNDED_MIN: u16 = 1600;

fn check_founded(at: &At, founded: Option<&Spanned<u16>>, this_year: u16, errors: &mut ContentErrors) {
    let Some(founded) = founded else { return };
    if !(FOUNDED_MIN..=this_year).contains(founded.get_ref()) {
        errors.push(at.error(
            founded,
            format!("founded = {} is not a plausible founding year", founded.get_ref()),
            format!("give the year the firm was founded, {FOUNDED_MIN} to {this_year}"),
        ));
    }
}

/// A date without a time of day, as (year, month, day); the TOML parser has already checked
/// that it exists in the calendar.
fn check_date(at: &At, value: &Spanned<Datetime>, field: &str, errors: &mut ContentErrors) -> Option<dates::Ymd> {
    let datetime = value.get_ref();
    match (datetime.date, datetime.time) {
        (Some(date), None) => Some((date.year, date.month, date.day)),
        _ => {
            errors.push(at.error(
                value,
                format!("{field} = {datetime} is not a date"),
                format!("write the date alone, without quotes or a time of day, e.g. {field} = 2026-10-01"),
            ));
            None
        }
    }
}

/// ISO 3166-1 alpha-2: the 249 officially assigned codes (from Debian's iso-codes 4.15,
/// `iso_3166-1.json`), sorted; user-assigned and reserved codes such as `XX`, `ZZ`, `EU` are
/// not countries.
const COUNTRY_CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI \
FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT \
JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ \
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS \
RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA \
UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

fn is_country_code(code: &str) -> bool {
    code.len() == 2 && COUNTRY_CODES.split(' ').any(|known| known == code)
}

/// Today's date in UTC, from the system clock, without a date library.
mod dates {
    pub type Ymd = (u16, u8, u8);

    pub fn today() -> Ymd {
        let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        civil(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// The date `days` after `date` (one day of slack covers Japan being ahead of UTC).
    pub fn add_days(date: Ymd, days: i64) -> Ymd {
        civil(days_from_civil(date) + days)
    }

    /// Days since 1970-01-01 → date (H. Hinnant's `civil_from_days`).
    fn civil(days: i64) -> Ymd {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        (u16::try_from(year).unwrap_or(u16::MAX), month as u8, day as u8)
    }

    fn days_from_civil((year, month, day): Ymd) -> i64 {
        let year = i64::from(year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let mp = (i64::from(month) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn converts_days_and_dates() {
            assert_eq!(civil(0), (1970, 1, 1));
            assert_eq!(civil(20_454), (2026, 1, 1));
            assert_eq!(add_days((2028, 2, 28), 1), (2028, 2, 29));
            assert_eq!(add_days((2026, 12, 31), 1), (2027, 1, 1));
            assert!(today() > (2025, 1, 1));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_assigned_country_codes() {
        let codes: Vec<&str> = COUNTRY_CODES.split(' ').collect();
        assert_eq!(codes.len(), 249);
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        assert!(["DE", "TH", "US", "JP", "SS", "XK"].iter().filter(|c| is_country_code(c)).count() == 5);
        assert!(!is_country_code("XX") && !is_country_code("ZZ") && !is_country_code("de") && !is_country_code("D"));
    }
}

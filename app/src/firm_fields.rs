//! The facts buyers compare, as plain text in one language: shared by the compare view and
//! the CSV export, so both say the same thing.

use engine::model::{Capacity, FirmFacts, SiteData};

use crate::i18n::fill;
use crate::i18n::Ui;

/// Shown for a fact the firm has not stated.
pub const UNKNOWN: &str = "–";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Processes,
    Materials,
    Certifications,
    Regulatory,
    Cleanroom,
    Tolerance,
    Lots,
    LeadTime,
    Export,
    Languages,
    Employees,
    Region,
    Municipality,
}

/// Every field, in the order of the compare table and the CSV columns.
pub const FIELDS: [Field; 13] = [
    Field::Processes,
    Field::Materials,
    Field::Certifications,
    Field::Regulatory,
    Field::Cleanroom,
    Field::Tolerance,
    Field::Lots,
    Field::LeadTime,
    Field::Export,
    Field::Languages,
    Field::Employees,
    Field::Region,
    Field::Municipality,
];

impl Field {
    /// A stable name (for `data-field` attributes).
    pub fn key(self) -> &'static str {
        match self {
            Field::Processes => "processes",
            Field::Materials => "materials",
            Field::Certifications => "certifications",
            Field::Regulatory => "regulatory",
            Field::Cleanroom => "cleanroom",
            Field::Tolerance => "tolerance",
            Field::Lots => "lots",
            Field::LeadTime => "lead-time",
            Field::Export => "export",
            Field::Languages => "languages",
            Field::Employees => "employees",
            Field::Region => "region",
            Field::Municipality => "municipality",
        }
    }

    pub fn label(self, t: &Ui) -> &'static str {
        match self {
            Field::Processes => t.facet_processes,
            Field::Materials => t.facet_materials,
            Field::Certifications => t.facet_certifications,
            Field::Regulatory => t.facet_regulatory,
            Field::Cleanroom => t.field_cleanroom,
            Field::Tolerance => t.field_tolerance,
            Field::Lots => t.field_lots,
            Field::LeadTime => t.field_lead_time,
            Field::Export => t.field_export_countries,
            Field::Languages => t.field_languages,
            Field::Employees => t.field_employees,
            Field::Region => t.facet_regions,
            Field::Municipality => t.facet_municipalities,
        }
    }

    /// The value as a list of items (one item for single values; never empty).
    pub fn items(self, site: &SiteData, t: &Ui, firm: &FirmFacts) -> Vec<String> {
        // A group's terms as the firm's profile carries them (`engine::groups`), labelled.
        let terms = |group: &str| -> Vec<String> {
            engine::groups::firm_values(firm, group)
                .into_iter()
                .map(|id| site.term_label(group, id).to_string())
                .collect()
        };
        let capacity = &firm.capacity;
        let items = match self {
            Field::Processes => terms("processes"),
            Field::Materials => terms("materials"),
            Field::Certifications => terms("certifications"),
            Field::Regulatory if firm.regulatory.is_empty() => vec![t.value_none.to_string()],
            Field::Regulatory => terms("regulatory"),
            Field::Cleanroom => vec![firm.cleanroom.as_ref().map_or_else(
                || t.value_none.to_string(),
                |c| {
                    fill(
                        t.field_cleanroom_value,
                        &[("class", &c.iso_class.to_string()), ("legacy", c.fed_std_209e().unwrap_or(UNKNOWN))],
                    )
                },
            )],
            Field::Tolerance => tolerance(t, capacity).into_iter().collect(),
            Field::Lots => lots(t, capacity).into_iter().collect(),
            Field::LeadTime => lead_time(t, capacity).into_iter().collect(),
            Field::Export if firm.export_countries.is_empty() => vec![t.field_no_export.to_string()],
            Field::Export => firm.export_countries.clone(),
            Field::Languages => firm.languages.clone(),
            Field::Employees => vec![firm.employees.to_string()],
            Field::Region => terms("regions"),
            Field::Municipality => terms("municipalities"),
        };
        if items.is_empty() {
            vec![UNKNOWN.to_string()]
        } else {
            items
        }
    }
}

/// "± 2 µm", if stated.
pub fn tolerance(t: &Ui, capacity: &Capacity) -> Option<String> {
    capacity.tolerance_um.map(|value| fill(t.field_tolerance_value, &[("value", &decimal(value))]))
}

/// "1 – 20,000 pcs", if both ends are stated.
pub fn lots(t: &Ui, capacity: &Capacity) -> Option<String> {
    let (min, max) = (capacity.lot_min?, capacity.lot_max?);
    Some(fill(t.field_lots_value, &[("min", &group_digits(min)), ("max", &group_digits(max))]))
}

/// "4 – 8 weeks", if both ends are stated.
pub fn lead_time(t: &Ui, capacity: &Capacity) -> Option<String> {
    let (min, max) = (capacity.lead_time_weeks_min?, capacity.lead_time_weeks_max?);
    Some(fill(t.field_lead_time_value, &[("min", &min.to_string()), ("max", &max.to_string())]))
}

/// `2.0` → `2`, `0.5` → `0.5`, `1.25` → `1.25`: at most three decimals, written from integers
/// because the float formatter would add ~11 KB of WebAssembly for this one number.
pub fn decimal(value: f64) -> String {
    if !value.is_finite() {
        return UNKNOWN.to_string();
    }
    // Saturates for absurd values; the build rejects tolerances outside 0.001–10 000 µm.
    let thousandths = (value.abs() * 1000.0).round() as u64;
    let mut text = if value < 0.0 && thousandths > 0 { "-".to_string() } else { String::new() };
    text.push_str(&(thousandths / 1000).to_string());
    let mut fraction = thousandths % 1000;
    if fraction > 0 {
        let mut digits = 3;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
        text.push('.');
        text.push_str(&format!("{fraction:0digits$}"));
    }
    text
}

/// `50000` → `50,000` (readable in every language of the site).
pub fn group_digits(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether the firms' values differ (lists compared as sets: order does not matter).
pub fn values_differ(values: &[Vec<String>]) -> bool {
    let same = |a: &[String], b: &[String]| a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x));
    values.windows(2).any(|pair| !same(&pair[0], &pair[1]))
}

/// One row of the compare table: a field, each firm's items, and whether they differ.
pub struct Row {
    pub field: Field,
    pub values: Vec<Vec<String>>,
    pub differs: bool,
}

pub fn compare_rows(site: &SiteData, t: &Ui, firms: &[&FirmFacts]) -> Vec<Row> {
    FIELDS
        .iter()
        .map(|&field| {
            let values: Vec<Vec<String>> = firms.iter().map(|firm| field.items(site, t, firm)).collect();
            let differs = values_differ(&values);
            Row { field, values, differs }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::ui;
    use engine::model::{Capacity, Cleanroom};
    use engine::Lang;

    fn firm(processes: &[&str], cleanroom: Option<u8>) -> FirmFacts {
        FirmFacts {
            processes: processes.iter().map(|s| s.to_string()).collect(),
            cleanroom: cleanroom.map(|iso_class| Cleanroom { iso_class, area_m2: None }),
            employees: 40,
            capacity: Capacity { lot_min: Some(1), lot_max: Some(20000), ..Capacity::default() },
            ..FirmFacts::default()
        }
    }

    #[test]
    fn groups_digits() {
        assert_eq!(group_digits(50000), "50,000");
        assert_eq!(group_digits(1), "1");
        assert_eq!(group_digits(1234567), "1,234,567");
    }

    #[test]
    fn decimals_are_written_like_the_float_formatter_would() {
        for thousandths in (0..20_000u32).chain([123_456, 9_999_999]) {
            let value = f64::from(thousandths) / 1000.0;
            let expected = format!("{value:.3}").trim_end_matches('0').trim_end_matches('.').to_string();
            assert_eq!(decimal(value), expected, "{value}");
            assert_eq!(decimal(-value), if thousandths == 0 { "0".into() } else { format!("-{expected}") });
        }
        assert_eq!(decimal(0.0004), "0");
        assert_eq!(decimal(2.0006), "2.001");
        assert_eq!(decimal(f64::NAN), UNKNOWN);
        assert_eq!(decimal(f64::INFINITY), UNKNOWN);
    }

    #[test]
    fn lists_differ_as_sets() {
        let same = vec![vec!["a".to_string(), "b".to_string()], vec!["b".to_string(), "a".to_string()]];
        assert!(!values_differ(&same));
        let other = vec![vec!["a".to_string()], vec!["a".to_string(), "b".to_string()]];
        assert!(values_differ(&other));
    }

    #[test]
    fn rows_mark_differences() {
        let site = SiteData::default();
        let t = ui(Lang::En);
        let (a, b) = (firm(&["milling", "turning"], Some(7)), firm(&["turning", "milling"], None));
        let rows = compare_rows(&site, t, &[&a, &b]);
        let row = |field| rows.iter().find(|r| r.field == field).expect("every field has a row");
        assert!(!row(Field::Processes).differs);
        assert!(row(Field::Cleanroom).differs);
        assert_eq!(row(Field::Cleanroom).values[1], vec![t.value_none.to_string()]);
        assert!(!row(Field::Employees).differs);
        assert_eq!(row(Field::Lots).values[0], vec!["1 – 20,000 pcs".to_string()]);
        assert_eq!(row(Field::LeadTime).values[0], vec![UNKNOWN.to_string()]);
    }
}

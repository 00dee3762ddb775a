//! The vocabulary groups (`content/vocab/{id}.toml`): one row per group in [`GROUPS`] says
//! which firm field it reads, whether and where it is a facet, how the interface names it, where
//! its landing pages live and which field of the search index its names go to. Every crate
//! reads groups from here; adding a group is a row (plus its firm field, its vocabulary file
//! and its label in every `content/ui/*.toml`).

use crate::model::FirmFacts;

/// The index field a group's term names are written to (see [`crate::fields`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indexed {
    /// The `tags` field: what a firm does and holds.
    Tags,
    /// The `place` field: where it is.
    Place,
}

/// A vocabulary group.
#[derive(Clone, Copy, Debug)]
pub struct Group {
    /// The group's id: its vocabulary file, and its id in the page data.
    pub id: &'static str,
    /// The firm's term ids in this group (the one accessor of the firm field).
    pub read: fn(&FirmFacts) -> Vec<&str>,
    /// `Some((param, position))`: a facet of the search, with its URL parameter and its position
    /// among the facets (display order, and the slot of a [`crate::facets::Selection`]).
    pub facet: Option<(&'static str, usize)>,
    /// The UI string naming the group (facet heading, profile row, landing page context).
    pub label_key: &'static str,
    /// `/{lang}/{landing}/{term}/`; `None`: the group has no landing pages.
    pub landing: Option<&'static str>,
    /// The index field that holds its terms' names in every language.
    pub indexed: Indexed,
}

impl Group {
    /// The firm's term ids in this group.
    pub fn values<'a>(&self, firm: &'a FirmFacts) -> Vec<&'a str> {
        (self.read)(firm)
    }
}

fn list(ids: &[String]) -> Vec<&str> {
    ids.iter().map(String::as_str).collect()
}

const fn row(
    id: &'static str,
    read: fn(&FirmFacts) -> Vec<&str>,
    facet: Option<(&'static str, usize)>,
    label_key: &'static str,
    landing: Option<&'static str>,
    indexed: Indexed,
) -> Group {
    Group { id, read, facet, label_key, landing, indexed }
}

fn processes(firm: &FirmFacts) -> Vec<&str> {
    list(&firm.processes)
}
fn materials(firm: &FirmFacts) -> Vec<&str> {
    list(&firm.materials)
}
fn certifications(firm: &FirmFacts) -> Vec<&str> {
    firm.certifications.iter().map(|c| c.id.as_str()).collect()
}
fn regulatory(firm: &FirmFacts) -> Vec<&str> {
    list(&firm.regulatory)
}
fn roles(firm: &FirmFacts) -> Vec<&str> {
    list(&firm.roles)
}
fn applications(firm: &FirmFacts) -> Vec<&str> {
    list(&firm.applications)
}
fn employee_band(firm: &FirmFacts) -> Vec<&str> {
    vec![firm.employee_band.as_str()]
}
fn region(firm: &FirmFacts) -> Vec<&str> {
    vec![firm.region.as_str()]
}
fn municipality(firm: &FirmFacts) -> Vec<&str> {
    vec![firm.municipality.as_str()]
}
fn events(firm: &FirmFacts) -> Vec<&str> {
    list(&firm.events)
}

use Indexed::{Place, Tags};

/// The groups, in the order of the page data's vocabulary (the order they are loaded in).
/// Columns: id, firm field, facet (URL parameter, display position), UI label key, landing
/// segment, index field.
#[rustfmt::skip]
pub const GROUPS: [Group; 10] = [
    row("processes",      processes,      Some(("process", 0)),      "facet_processes",      Some("processes"),      Tags),
    row("materials",      materials,      Some(("material", 1)),     "facet_materials",      Some("materials"),      Tags),
    row("certifications", certifications, Some(("cert", 2)),         "facet_certifications", Some("certifications"), Tags),
    row("regulatory",     regulatory,     Some(("regulatory", 3)),   "facet_regulatory",     None,                   Tags),
    row("roles",          roles,          Some(("role", 4)),         "facet_roles",          None,                   Tags),
    row("applications",   applications,   Some(("application", 5)),  "facet_applications",   Some("applications"),   Tags),
    row("employee-bands", employee_band,  Some(("size", 8)),         "facet_employee_bands", None,                   Tags),
    row("regions",        region,         Some(("region", 6)),       "facet_regions",        Some("regions"),        Place),
    row("municipalities", municipality,   Some(("municipality", 7)), "facet_municipalities", Some("municipalities"), Place),
    row("events",         events,         None,                      "facet_events",         None,                   Tags),
];

/// The group with id `id`.
pub fn group(id: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|group| group.id == id)
}

/// The values a firm has in group `id` (none for an unknown group).
pub fn firm_values<'a>(firm: &'a FirmFacts, id: &str) -> Vec<&'a str> {
    group(id).map(|group| group.values(firm)).unwrap_or_default()
}

/// How many groups are facets.
pub(crate) const fn facet_count() -> usize {
    let mut count = 0;
    let mut at = 0;
    while at < GROUPS.len() {
        if GROUPS[at].facet.is_some() {
            count += 1;
        }
        at += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Certification;

    #[test]
    fn ids_params_label_keys_and_landing_segments_are_unique() {
        let unique = |values: Vec<&str>| {
            let mut sorted = values.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), values.len(), "{values:?}");
        };
        unique(GROUPS.iter().map(|g| g.id).collect());
        unique(GROUPS.iter().filter_map(|g| g.facet.map(|(param, _)| param)).collect());
        unique(GROUPS.iter().map(|g| g.label_key).collect());
        unique(GROUPS.iter().filter_map(|g| g.landing).collect());
    }

    #[test]
    fn facet_positions_count_from_zero_without_gaps() {
        let mut positions: Vec<usize> = GROUPS.iter().filter_map(|g| g.facet.map(|(_, at)| at)).collect();
        positions.sort_unstable();
        assert_eq!(positions, (0..facet_count()).collect::<Vec<_>>());
    }

    #[test]
    fn each_group_reads_its_own_field() {
        let firm = FirmFacts {
            processes: vec!["p".into()],
            materials: vec!["m".into()],
            certifications: vec![Certification { id: "c".into(), ..Certification::default() }],
            regulatory: vec!["r".into()],
            roles: vec!["o".into()],
            applications: vec!["a".into()],
            employee_band: "b".into(),
            region: "g".into(),
            municipality: "u".into(),
            events: vec!["e".into()],
            ..FirmFacts::default()
        };
        let read: Vec<Vec<&str>> = GROUPS.iter().map(|g| g.values(&firm)).collect();
        let expected: Vec<Vec<&str>> = ["p", "m", "c", "r", "o", "a", "b", "g", "u", "e"].map(|v| vec![v]).to_vec();
        assert_eq!(read, expected);
        assert_eq!(firm_values(&firm, "roles"), ["o"]);
        assert!(firm_values(&firm, "unknown").is_empty());
    }
}

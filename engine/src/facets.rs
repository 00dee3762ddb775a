//! Facets of the firm search: AND across groups, OR within a group, and live counts that
//! ignore the group's own selection (so choosing one process still shows the others' counts).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Doc, FirmFacts};

/// A facet: its URL parameter and the vocabulary group of its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facet {
    pub param: &'static str,
    pub group: &'static str,
}

/// The facets, in display order.
pub const FACETS: [Facet; 9] = [
    Facet { param: "process", group: "processes" },
    Facet { param: "material", group: "materials" },
    Facet { param: "cert", group: "certifications" },
    Facet { param: "regulatory", group: "regulatory" },
    Facet { param: "role", group: "roles" },
    Facet { param: "application", group: "applications" },
    Facet { param: "region", group: "regions" },
    Facet { param: "municipality", group: "municipalities" },
    Facet { param: "size", group: "employee-bands" },
];

/// Selected values per facet, in [`FACETS`] order.
pub type Selection = [BTreeSet<String>; FACETS.len()];

/// The values a firm has for a facet group.
pub fn firm_values<'a>(firm: &'a FirmFacts, group: &str) -> Vec<&'a str> {
    let list = |ids: &'a [String]| ids.iter().map(String::as_str).collect();
    match group {
        "processes" => list(&firm.processes),
        "materials" => list(&firm.materials),
        "certifications" => firm.certifications.iter().map(|c| c.id.as_str()).collect(),
        "regulatory" => list(&firm.regulatory),
        "roles" => list(&firm.roles),
        "applications" => list(&firm.applications),
        "regions" => vec![firm.region.as_str()],
        "municipalities" => vec![firm.municipality.as_str()],
        "employee-bands" => vec![firm.employee_band.as_str()],
        "events" => list(&firm.events),
        _ => Vec::new(),
    }
}

/// Whether a document passes the selection, ignoring facet `except`. With any filter set,
/// only firms can pass.
pub fn passes(doc: &Doc, selected: &Selection, except: Option<usize>) -> bool {
    let active = selected.iter().enumerate().any(|(slot, values)| Some(slot) != except && !values.is_empty());
    if !active {
        return true;
    }
    let Some(firm) = &doc.firm else { return false };
    FACETS.iter().zip(selected).enumerate().all(|(slot, (facet, values))| {
        Some(slot) == except || values.is_empty() || firm_values(firm, facet.group).iter().any(|v| values.contains(*v))
    })
}

/// Candidates (doc numbers, in rank order) that pass every selected facet.
pub fn filter(docs: &[Doc], candidates: &[u32], selected: &Selection) -> Vec<u32> {
    candidates
        .iter()
        .copied()
        .filter(|&d| docs.get(d as usize).is_some_and(|doc| passes(doc, selected, None)))
        .collect()
}

/// For each facet, how many candidates each value would leave (the facet's own selection
/// ignored).
pub fn counts(docs: &[Doc], candidates: &[u32], selected: &Selection) -> Vec<BTreeMap<String, usize>> {
    FACETS
        .iter()
        .enumerate()
        .map(|(slot, facet)| {
            let mut counts = BTreeMap::new();
            for doc in candidates.iter().filter_map(|&d| docs.get(d as usize)) {
                let Some(firm) = &doc.firm else { continue };
                if !passes(doc, selected, Some(slot)) {
                    continue;
                }
                let values: BTreeSet<&str> = firm_values(firm, facet.group).into_iter().collect();
                for value in values {
                    *counts.entry(value.to_string()).or_insert(0) += 1;
                }
            }
            counts
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocKind;

    fn firm(id: &str, processes: &[&str], region: &str) -> Doc {
        Doc {
            id: id.into(),
            kind: DocKind::Firm,
            title: id.into(),
            summary: String::new(),
            body_html: String::new(),
            body_text: String::new(),
            firm: Some(FirmFacts {
                processes: processes.iter().map(|s| s.to_string()).collect(),
                region: region.into(),
                ..FirmFacts::default()
            }),
            program: None,
            institution: None,
            order: 0,
        }
    }

    fn page() -> Doc {
        Doc { firm: None, kind: DocKind::Strategy, ..firm("s", &[], "") }
    }

    fn select(pairs: &[(usize, &str)]) -> Selection {
        let mut s = Selection::default();
        for (slot, v) in pairs {
            s[*slot].insert(v.to_string());
        }
        s
    }

    #[test]
    fn or_within_and_across_groups() {
        let docs = vec![firm("a", &["x"], "aizu"), firm("b", &["y"], "aizu"), firm("c", &["x"], "hamadori"), page()];
        let all = [0, 1, 2, 3];
        assert_eq!(filter(&docs, &all, &select(&[(0, "x"), (0, "y")])), vec![0, 1, 2]);
        assert_eq!(filter(&docs, &all, &select(&[(0, "x"), (6, "aizu")])), vec![0]);
        assert_eq!(filter(&docs, &all, &Selection::default()), vec![0, 1, 2, 3]);
    }

    #[test]
    fn counts_ignore_their_own_selection() {
        let docs = vec![firm("a", &["x"], "aizu"), firm("b", &["y"], "aizu"), firm("c", &["x"], "hamadori")];
        let counts = counts(&docs, &[0, 1, 2], &select(&[(0, "x"), (6, "aizu")]));
        assert_eq!(counts[0].get("x"), Some(&1));
        assert_eq!(counts[0].get("y"), Some(&1));
        assert_eq!(counts[6].get("aizu"), Some(&1));
        assert_eq!(counts[6].get("hamadori"), Some(&1));
    }
}

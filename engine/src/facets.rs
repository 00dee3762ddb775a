//! Facets of the firm search: AND across groups, OR within a group, and live counts that
//! ignore the group's own selection (so choosing one process still shows the others' counts).

use std::collections::{BTreeMap, BTreeSet};

use crate::groups::{facet_count, firm_values, GROUPS};
use crate::model::{Doc, FirmFacts};

/// A facet: a vocabulary group (see [`crate::groups`]) that filters the search, with its URL
/// parameter.
#[derive(Clone, Copy, Debug)]
pub struct Facet {
    pub param: &'static str,
    /// The vocabulary group's id.
    pub group: &'static str,
    /// `/{lang}/{landing}/{term}/`; `None`: the group has no landing pages.
    pub landing: Option<&'static str>,
    /// The UI string naming it.
    pub label_key: &'static str,
    read: fn(&FirmFacts) -> Vec<&str>,
}

impl PartialEq for Facet {
    fn eq(&self, other: &Facet) -> bool {
        self.param == other.param
    }
}

impl Eq for Facet {}

impl Facet {
    /// The firm's values of this facet.
    pub fn values<'a>(&self, firm: &'a FirmFacts) -> Vec<&'a str> {
        (self.read)(firm)
    }
}

/// The facets (the groups of [`GROUPS`] with a URL parameter), in display order.
pub const FACETS: [Facet; facet_count()] = facets();

const fn facets() -> [Facet; facet_count()] {
    let placeholder = Facet { param: "", group: "", landing: None, label_key: "", read: |_| Vec::new() };
    let mut out = [placeholder; facet_count()];
    let mut at = 0;
    while at < GROUPS.len() {
        let group = &GROUPS[at];
        if let Some((param, position)) = group.facet {
            out[position] =
                Facet { param, group: group.id, landing: group.landing, label_key: group.label_key, read: group.read };
        }
        at += 1;
    }
    out
}

/// Selected values per facet, in [`FACETS`] order.
pub type Selection = [BTreeSet<String>; FACETS.len()];

/// The numbers of the firms in `docs` (positions, as in the index) that carry `value` in
/// facet `group`: what the search page's first answer counts its results' facets with.
pub fn firms_with(docs: &[Doc], group: &str, value: &str) -> Vec<u32> {
    (0..docs.len())
        .filter(|&doc| docs[doc].firm.as_ref().is_some_and(|firm| firm_values(firm, group).contains(&value)))
        .filter_map(|doc| u32::try_from(doc).ok())
        .collect()
}

/// The facet values of every document, interned once per document set, so that filtering
/// and counting under a query are integer work: a buyer's keystroke on 100 k firms must not
/// compare strings per firm and facet.
#[derive(Clone, Debug, Default)]
pub struct FacetTable {
    /// Value names per facet slot; a value's id is its position.
    names: Vec<Vec<String>>,
    /// Per document: its values as (slot, id) pairs, distinct, in `values[start[d]..start[d + 1]]`.
    start: Vec<u32>,
    values: Vec<(u8, u16)>,
    /// Per document: whether it is a firm (only firms pass a filter or are counted).
    firm: Vec<bool>,
}

/// A selection resolved to value ids: per slot, which ids are ticked.
struct Ticked {
    ids: Vec<Vec<bool>>,
    /// Bit per slot with at least one ticked value (known or not).
    active: u16,
}

impl FacetTable {
    /// Interns the facet values of `docs` (document numbers are positions in `docs`).
    pub fn new(docs: &[Doc]) -> FacetTable {
        let mut lookup: Vec<std::collections::HashMap<&str, u16>> = FACETS.iter().map(|_| Default::default()).collect();
        let mut table = FacetTable { names: vec![Vec::new(); FACETS.len()], ..FacetTable::default() };
        table.start.reserve(docs.len() + 1);
        table.start.push(0);
        for doc in docs {
            table.firm.push(doc.firm.is_some());
            if let Some(firm) = &doc.firm {
                let first = table.values.len();
                for (slot, (facet, ids)) in FACETS.iter().zip(lookup.iter_mut()).enumerate() {
                    let Some(names) = table.names.get_mut(slot) else { continue };
                    for value in facet.values(firm) {
                        let next = names.len();
                        // Beyond 65 536 distinct values of one facet the rest are not facetable.
                        let Ok(fresh) = u16::try_from(next) else { continue };
                        let id = *ids.entry(value).or_insert_with(|| {
                            names.push(value.to_string());
                            fresh
                        });
                        let pair = (slot as u8, id);
                        if !table.values.get(first..).is_some_and(|seen| seen.contains(&pair)) {
                            table.values.push(pair);
                        }
                    }
                }
            }
            table.start.push(u32::try_from(table.values.len()).unwrap_or(u32::MAX));
        }
        table
    }

    /// A table from values already interned: `names[slot][id]`, and per document whether it
    /// is a firm and its distinct (slot, id) pairs (pairs beyond `names` are dropped). For
    /// readers that receive facet data as ids.
    pub fn from_ids<'a>(
        names: Vec<Vec<String>>,
        docs: impl IntoIterator<Item = (bool, &'a [(u8, u16)])>,
    ) -> FacetTable {
        let mut table = FacetTable { names, ..FacetTable::default() };
        table.start.push(0);
        for (firm, values) in docs {
            table.firm.push(firm);
            let known = |&&(slot, id): &&(u8, u16)| {
                table.names.get(usize::from(slot)).is_some_and(|names| usize::from(id) < names.len())
            };
            let kept: Vec<(u8, u16)> = values.iter().filter(known).copied().collect();
            table.values.extend(kept);
            table.start.push(u32::try_from(table.values.len()).unwrap_or(u32::MAX));
        }
        table
    }

    /// The (slot, id) pairs of document `doc`.
    fn values_of(&self, doc: u32) -> &[(u8, u16)] {
        let doc = doc as usize;
        match (self.start.get(doc), self.start.get(doc + 1)) {
            (Some(&from), Some(&to)) => self.values.get(from as usize..to as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    fn tick(&self, selected: &Selection) -> Ticked {
        let mut ticked = Ticked { ids: Vec::with_capacity(FACETS.len()), active: 0 };
        for (slot, (chosen, names)) in selected.iter().zip(&self.names).enumerate() {
            if !chosen.is_empty() {
                ticked.active |= 1 << slot;
            }
            ticked.ids.push(names.iter().map(|name| chosen.contains(name)).collect());
        }
        ticked
    }

    /// The slots (as bits) whose selection document `doc` fails; `None` for a document that
    /// is not in the table, or not a firm while a filter is active.
    fn failing(&self, doc: u32, ticked: &Ticked) -> Option<u16> {
        if ticked.active == 0 {
            return self.firm.get(doc as usize).map(|_| 0);
        }
        if !self.firm.get(doc as usize).copied().unwrap_or(false) {
            return None;
        }
        let mut met = 0u16;
        for &(slot, id) in self.values_of(doc) {
            let on = ticked.ids.get(usize::from(slot)).and_then(|ids| ids.get(usize::from(id))).copied();
            if on == Some(true) {
                met |= 1 << slot;
            }
        }
        Some(ticked.active & !met)
    }

    /// Candidates (doc numbers, in rank order) that pass every selected facet. With any
    /// filter set, only firms pass.
    pub fn filter(&self, candidates: &[u32], selected: &Selection) -> Vec<u32> {
        let ticked = self.tick(selected);
        candidates.iter().copied().filter(|&doc| self.failing(doc, &ticked) == Some(0)).collect()
    }

    /// For each facet (in [`FACETS`] order), how many candidate firms each value would leave,
    /// the facet's own selection ignored: a firm counts for a facet's values if it passes
    /// every other facet. Values no candidate has are absent.
    pub fn counts(&self, candidates: &[u32], selected: &Selection) -> Vec<BTreeMap<String, usize>> {
        let ticked = self.tick(selected);
        let mut tallies: Vec<Vec<usize>> = self.names.iter().map(|names| vec![0; names.len()]).collect();
        // Counting is order-free, and reading the table front to back is faster than in rank
        // order once the candidates are a large share of it (a short query, a large corpus).
        for (doc, times) in crate::doc_order::ascending_with_counts(candidates, self.firm.len()) {
            if !self.firm.get(doc as usize).copied().unwrap_or(false) {
                continue;
            }
            let Some(failing) = self.failing(doc, &ticked) else { continue };
            // Passing all: counts everywhere. Failing one facet: counts only there (its own
            // selection is ignored). Failing two or more: counts nowhere.
            if failing & failing.wrapping_sub(1) != 0 {
                continue;
            }
            for &(slot, id) in self.values_of(doc) {
                if failing == 0 || failing == 1 << slot {
                    if let Some(tally) = tallies.get_mut(usize::from(slot)).and_then(|t| t.get_mut(usize::from(id))) {
                        *tally += times;
                    }
                }
            }
        }
        tallies
            .iter()
            .zip(&self.names)
            .map(|(tally, names)| {
                names
                    .iter()
                    .zip(tally)
                    .filter(|(_, &count)| count > 0)
                    .map(|(name, &count)| (name.clone(), count))
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocKind;
    use proptest::prelude::*;

    fn firm(id: &str, processes: &[&str], region: &str) -> Doc {
        let processes = processes.iter().map(|s| s.to_string()).collect();
        Doc::test_firm(id, FirmFacts { processes, region: region.into(), ..FirmFacts::default() })
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
    fn a_table_from_ids_counts_like_one_from_documents() {
        let docs = vec![firm("a", &["x"], "aizu"), firm("b", &["y", "x"], "aizu"), page()];
        let from_docs = FacetTable::new(&docs);
        let rows: Vec<(bool, Vec<(u8, u16)>)> = (0..docs.len() as u32)
            .map(|doc| (from_docs.firm[doc as usize], from_docs.values_of(doc).to_vec()))
            .collect();
        let from_ids = FacetTable::from_ids(from_docs.names.clone(), rows.iter().map(|(f, v)| (*f, v.as_slice())));
        let selection = select(&[(0, "x")]);
        assert_eq!(from_ids.counts(&[0, 1, 2], &selection), from_docs.counts(&[0, 1, 2], &selection));
        assert_eq!(from_ids.filter(&[0, 1, 2], &selection), from_docs.filter(&[0, 1, 2], &selection));
        let stray = FacetTable::from_ids(vec![vec!["x".into()]], [(true, &[(0u8, 0u16), (0, 9), (7, 0)][..])]);
        assert_eq!(stray.values, [(0, 0)], "unknown slots and ids dropped");
    }

    #[test]
    fn or_within_and_across_groups() {
        let docs = vec![firm("a", &["x"], "aizu"), firm("b", &["y"], "aizu"), firm("c", &["x"], "hamadori"), page()];
        let table = FacetTable::new(&docs);
        let all = [0, 1, 2, 3];
        assert_eq!(table.filter(&all, &select(&[(0, "x"), (0, "y")])), vec![0, 1, 2]);
        assert_eq!(table.filter(&all, &select(&[(0, "x"), (6, "aizu")])), vec![0]);
        assert_eq!(table.filter(&all, &Selection::default()), vec![0, 1, 2, 3]);
        assert_eq!(table.filter(&all, &select(&[(0, "unknown")])), Vec::<u32>::new());
        assert_eq!(table.filter(&[2, 9, 0], &Selection::default()), vec![2, 0], "rank order kept, strays dropped");
    }

    #[test]
    fn counts_ignore_their_own_selection() {
        let docs = vec![firm("a", &["x"], "aizu"), firm("b", &["y"], "aizu"), firm("c", &["x"], "hamadori")];
        let counts = FacetTable::new(&docs).counts(&[0, 1, 2], &select(&[(0, "x"), (6, "aizu")]));
        assert_eq!(counts[0].get("x"), Some(&1));
        assert_eq!(counts[0].get("y"), Some(&1));
        assert_eq!(counts[6].get("aizu"), Some(&1));
        assert_eq!(counts[6].get("hamadori"), Some(&1));
    }

    #[test]
    fn the_firms_with_a_value_give_the_unfiltered_counts() {
        let docs = vec![firm("a", &["x"], "aizu"), firm("b", &["x", "y"], "aizu"), firm("c", &["y"], "hamadori")];
        assert_eq!(firms_with(&docs, "processes", "x"), [0, 1]);
        assert_eq!(firms_with(&docs, "regions", "hamadori"), [2]);
        assert!(firms_with(&docs, "processes", "z").is_empty());
        // Counting a result set against these lists is what the table does without filters.
        let candidates = [1u32, 2];
        let counts = FacetTable::new(&docs).counts(&candidates, &select(&[]));
        for value in ["x", "y"] {
            let listed = firms_with(&docs, "processes", value).iter().filter(|d| candidates.contains(d)).count();
            assert_eq!(counts[0].get(value).copied().unwrap_or(0), listed, "{value}");
        }
    }

    /// The definition, written plainly: the table must agree with it.
    fn passes(doc: &Doc, selected: &Selection, except: Option<usize>) -> bool {
        let active = selected.iter().enumerate().any(|(slot, values)| Some(slot) != except && !values.is_empty());
        if !active {
            return true;
        }
        let Some(firm) = &doc.firm else { return false };
        FACETS.iter().zip(selected).enumerate().all(|(slot, (facet, values))| {
            Some(slot) == except || values.is_empty() || facet.values(firm).iter().any(|v| values.contains(*v))
        })
    }

    fn reference_counts(docs: &[Doc], candidates: &[u32], selected: &Selection) -> Vec<BTreeMap<String, usize>> {
        FACETS
            .iter()
            .enumerate()
            .map(|(slot, facet)| {
                let mut counts = BTreeMap::new();
                for doc in candidates.iter().filter_map(|&d| docs.get(d as usize)) {
                    let Some(firm) = &doc.firm else { continue };
                    if passes(doc, selected, Some(slot)) {
                        for value in facet.values(firm).into_iter().collect::<BTreeSet<_>>() {
                            *counts.entry(value.to_string()).or_insert(0) += 1;
                        }
                    }
                }
                counts
            })
            .collect()
    }

    fn arbitrary_doc() -> impl Strategy<Value = Doc> {
        let values = || proptest::collection::vec(prop::sample::select(vec!["a", "b", "c", "d"]), 0..3);
        (values(), values(), prop::sample::select(vec!["n", "s"]), prop::sample::select(vec!["p", "q"]), any::<bool>())
            .prop_map(|(processes, materials, region, band, is_firm)| {
                let mut doc = firm("f", &processes, region);
                if let Some(facts) = doc.firm.as_mut() {
                    facts.materials = materials.iter().map(|s| s.to_string()).collect();
                    facts.employee_band = band.into();
                }
                if is_firm {
                    doc
                } else {
                    page()
                }
            })
    }

    proptest! {
        #[test]
        fn the_table_agrees_with_the_definition(
            // Up to 40 documents, so that few candidates among many occur too (see
            // `doc_order`); repeats and unknown documents included.
            docs in proptest::collection::vec(arbitrary_doc(), 0..40),
            candidates in proptest::collection::vec(0u32..42, 0..14),
            ticks in proptest::collection::vec((prop::sample::select(vec![0usize, 1, 6, 8]), prop::sample::select(vec!["a", "b", "n", "p", "zz"])), 0..4),
        ) {
            let selected = select(&ticks);
            let table = FacetTable::new(&docs);
            let expected: Vec<u32> = candidates
                .iter()
                .copied()
                .filter(|&d| docs.get(d as usize).is_some_and(|doc| passes(doc, &selected, None)))
                .collect();
            prop_assert_eq!(table.filter(&candidates, &selected), expected);
            prop_assert_eq!(table.counts(&candidates, &selected), reference_counts(&docs, &candidates, &selected));
        }
    }
}

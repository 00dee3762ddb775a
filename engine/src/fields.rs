//! The fields of the search index ([`INDEX_FIELDS`]: name, boost, length normalisation) and
//! what a firm writes into them ([`firm_texts`]): the one recipe both the site build (`sitegen`)
//! and the benchmark corpus (`xtask`) index with, so that the corpus cannot drift from the site.

use crate::groups::{Indexed, GROUPS};
use crate::model::FirmFacts;

/// A field of the search index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndexField {
    pub name: &'static str,
    /// Weight of a match in this field ([`crate::finder::site_options`]).
    pub boost: f64,
    /// BM25 `b`: short fields normalise less, tags (a firm's vocabulary labels in every language)
    /// and place (its municipality's and region's names) hardly at all, so a firm with many
    /// capabilities or names is not penalised for them.
    pub length_normalisation: f32,
}

const fn field(name: &'static str, boost: f64, length_normalisation: f32) -> IndexField {
    IndexField { name, boost, length_normalisation }
}

/// The fields, in index order: place > title > tags > summary > body, so that a firm's location
/// outranks a place named in another document's title or text.
pub const INDEX_FIELDS: [IndexField; 5] = [
    field("title", 5.0, 0.5),
    field("tags", 3.0, 0.2),
    field("summary", 2.0, 0.75),
    field("body", 1.0, 0.75),
    field("place", 8.0, 0.2),
];

/// The field names, in index order.
pub const FIELD_NAMES: [&str; INDEX_FIELDS.len()] = field_names();

const fn field_names() -> [&'static str; INDEX_FIELDS.len()] {
    let mut names = [""; INDEX_FIELDS.len()];
    let mut at = 0;
    while at < INDEX_FIELDS.len() {
        names[at] = INDEX_FIELDS[at].name;
        at += 1;
    }
    names
}

/// BM25 `b` of the field named `name` (0.75 for a field not in the table).
pub fn length_normalisation(name: &str) -> f32 {
    INDEX_FIELDS.iter().find(|field| field.name == name).map_or(0.75, |field| field.length_normalisation)
}

/// A document's text per index field, in [`INDEX_FIELDS`] order.
pub type FieldTexts = [String; INDEX_FIELDS.len()];

/// The searchable text of a document: its title, summary and body, and for a firm its `tags`
/// and `place` from [`firm_texts`].
pub fn field_texts(title: &str, summary: &str, body: &str, firm: Option<(&str, &str)>) -> FieldTexts {
    let (tags, place) = firm.unwrap_or_default();
    [title.to_string(), tags.to_string(), summary.to_string(), body.to_string(), place.to_string()]
}

/// A firm's `tags` and `place` texts: every name of every term it carries, through `names`
/// (group id, term id → the term's labels and synonyms in every language, so `Titan`, `チタン`
/// and `Ti-6Al-4V` all find a titanium firm on every site), into the group's index field; then its
/// equipment and its cleanroom class (ISO and the legacy Fed-Std-209E name) into `tags`.
pub fn firm_texts<'a, N>(firm: &'a FirmFacts, mut names: impl FnMut(&'static str, &'a str) -> N) -> (String, String)
where
    N: IntoIterator,
    N::Item: AsRef<str>,
{
    let mut tags: Vec<String> = Vec::new();
    let mut place: Vec<String> = Vec::new();
    for group in &GROUPS {
        let into = match group.indexed {
            Indexed::Tags => &mut tags,
            Indexed::Place => &mut place,
        };
        for id in group.values(firm) {
            into.extend(names(group.id, id).into_iter().map(|name| name.as_ref().to_string()));
        }
    }
    tags.extend(firm.equipment.iter().cloned());
    if let Some(cleanroom) = &firm.cleanroom {
        tags.push(format!("ISO {} ISO{}", cleanroom.iso_class, cleanroom.iso_class));
        tags.extend(cleanroom.fed_std_209e().map(str::to_string));
    }
    (tags.join(" \n "), place.join(" \n "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cleanroom;

    #[test]
    fn a_firm_writes_its_terms_names_equipment_and_cleanroom() {
        let firm = FirmFacts {
            processes: vec!["moulding".into()],
            municipality: "aizu_wakamatsu".into(),
            region: "aizu".into(),
            equipment: vec!["Press (3)".into()],
            cleanroom: Some(Cleanroom { iso_class: 7, area_m2: None }),
            ..FirmFacts::default()
        };
        let (tags, place) = firm_texts(&firm, |group, id| match (group, id) {
            ("processes", "moulding") => vec!["Moulding", "成形"],
            ("regions", "aizu") => vec!["Aizu"],
            ("municipalities", _) => vec!["Aizuwakamatsu"],
            _ => vec![],
        });
        assert_eq!(tags, "Moulding \n 成形 \n Press (3) \n ISO 7 ISO7 \n Class 10,000");
        assert_eq!(place, "Aizu \n Aizuwakamatsu");
    }

    #[test]
    fn names_and_boosts() {
        assert_eq!(FIELD_NAMES, ["title", "tags", "summary", "body", "place"]);
        assert_eq!(length_normalisation("tags"), 0.2);
        assert_eq!(length_normalisation("other"), 0.75);
    }
}

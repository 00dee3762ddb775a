//! The controlled vocabularies (`content/vocab/*.toml`): ids, a label in each of the site's languages, synonyms.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use engine::model::{Term, VocabGroup};
use engine::Lang;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{ContentError, ContentErrors};
use crate::lang_text::LangText;
use crate::toml_file;

/// The vocabulary files: the groups of [`engine::groups::GROUPS`], in its order.
fn group_ids() -> impl Iterator<Item = &'static str> {
    engine::groups::GROUPS.iter().map(|group| group.id)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabFile {
    term: Vec<TermFile>,
}

/// A term: its fields, and its label in every language (`ja = "…"`, `en = "…"`, …), which also
/// rejects any key that is neither (the labels take every key the other fields do not).
#[derive(Deserialize)]
struct TermFile {
    id: Spanned<String>,
    #[serde(flatten)]
    labels: LangText,
    #[serde(default)]
    synonyms: Vec<String>,
    region: Option<Spanned<String>>,
    lat: Option<f64>,
    lon: Option<f64>,
    kana: Option<String>,
    min: Option<u32>,
    max: Option<u32>,
    website: Option<String>,
}

/// One term with everything the builder needs.
#[derive(Clone, Debug)]
pub struct VocabTerm {
    pub id: String,
    pub labels: engine::lang::PerLang<String>,
    pub synonyms: Vec<String>,
    pub region: Option<String>,
    pub point: Option<(f64, f64)>,
    pub band: Option<(u32, Option<u32>)>,
    /// Line of the term's `id` in its file.
    pub line: usize,
}

impl VocabTerm {
    pub fn label(&self, lang: Lang) -> &str {
        &self.labels[lang.slot()]
    }

    /// Every name of the term in every language: what a buyer might type.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        let labels = self.labels.iter().filter(|label| !label.is_empty());
        labels.map(String::as_str).chain(self.synonyms.iter().map(String::as_str))
    }
}

/// All vocabularies, loaded and checked.
#[derive(Clone, Debug, Default)]
pub struct Vocabularies {
    groups: BTreeMap<&'static str, (PathBuf, Vec<VocabTerm>)>,
}

impl Vocabularies {
    /// Every term needs a label in each of the site's `languages`.
    pub fn load(content_dir: &Path, languages: &[Lang], errors: &mut ContentErrors) -> Vocabularies {
        let mut vocab = Vocabularies::default();
        for group in group_ids() {
            let path = content_dir.join("vocab").join(format!("{group}.toml"));
            let terms = load_group(&path, languages, errors);
            vocab.groups.insert(group, (path, terms));
        }
        vocab.check_regions(errors);
        vocab
    }

    pub fn terms(&self, group: &str) -> &[VocabTerm] {
        self.groups.get(group).map_or(&[], |(_, terms)| terms.as_slice())
    }

    pub fn term(&self, group: &str, id: &str) -> Option<&VocabTerm> {
        self.terms(group).iter().find(|t| t.id == id)
    }

    /// Checks that `id` (found at `span` of `text`, which starts at `first_line` of `path`)
    /// names a term of `group`.
    pub fn check(
        &self,
        group: &str,
        id: &str,
        at: (&Path, &str, usize, Range<usize>),
        errors: &mut ContentErrors,
    ) -> bool {
        if self.term(group, id).is_some() {
            return true;
        }
        let (path, text, first_line, span) = at;
        let known: Vec<&str> = self.terms(group).iter().map(|t| t.id.as_str()).collect();
        let hint = closest(id, &known).map_or_else(String::new, |c| format!("did you mean `{c}`? "));
        errors.push(ContentError::new(
            path,
            toml_file::span_line(text, first_line, span),
            format!("unknown {group} id `{id}`"),
            format!("{hint}use an id from content/vocab/{group}.toml or add the term there"),
        ));
        false
    }

    /// The facet groups labelled in one language, for the app.
    pub fn labelled(&self, lang: Lang) -> Vec<VocabGroup> {
        group_ids()
            .map(|group| VocabGroup {
                id: group.to_string(),
                terms: self
                    .terms(group)
                    .iter()
                    .map(|t| Term {
                        id: t.id.clone(),
                        label: t.label(lang).to_string(),
                        names: t.all_names().map(str::to_string).collect(),
                        region: t.region.clone(),
                        lat: t.point.map(|p| p.0),
                        lon: t.point.map(|p| p.1),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The size band for a head count.
    pub fn employee_band(&self, employees: u32) -> Option<&VocabTerm> {
        self.terms("employee-bands").iter().find(|t| match t.band {
            Some((min, max)) => employees >= min && max.is_none_or(|max| employees <= max),
            None => false,
        })
    }

    fn check_regions(&self, errors: &mut ContentErrors) {
        let Some((path, terms)) = self.groups.get("municipalities") else { return };
        for term in terms {
            match &term.region {
                Some(region) if self.term("regions", region).is_some() => {}
                _ => errors.push(ContentError::new(
                    path,
                    term.line,
                    format!("municipality `{}` has no known region", term.id),
                    "set region = \"hamadori\", \"nakadori\" or \"aizu\" (ids from content/vocab/regions.toml)",
                )),
            }
            match term.point {
                None => errors.push(ContentError::new(
                    path,
                    term.line,
                    format!("municipality `{}` has no coordinates", term.id),
                    "add lat and lon from the Gazetteer of Japan",
                )),
                Some((lat, lon)) if !in_fukushima(lat, lon) => errors.push(ContentError::new(
                    path,
                    term.line,
                    format!("municipality `{}` lies outside Fukushima Prefecture (lat {lat}, lon {lon})", term.id),
                    "take lat and lon (decimal degrees, lat first) from the Gazetteer of Japan",
                )),
                Some(_) => {}
            }
        }
    }
}

/// Fukushima Prefecture's bounding box (lat 36.79–37.98, lon 139.16–141.05) with about 10 km
/// of margin: a point outside is a typing slip, swapped coordinates or (0, 0).
fn in_fukushima(lat: f64, lon: f64) -> bool {
    (36.7..=38.1).contains(&lat) && (139.0..=141.2).contains(&lon)
}

fn load_group(path: &Path, languages: &[Lang], errors: &mut ContentErrors) -> Vec<VocabTerm> {
    let text = match crate::source::read_text(path) {
        Ok(Some(text)) => text,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
        Ok(None) => {
            errors.push(ContentError::new(
                path,
                0,
                "vocabulary file is missing",
                "create it; content/README.md shows the format",
            ));
            return Vec::new();
        }
    };
    let file: VocabFile = match toml_file::parse(path, &text, 1) {
        Ok(file) => file,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    // Landing pages address a term by its slug (`_` as `-`), so two ids must not share one.
    let mut slugs: BTreeMap<String, String> = BTreeMap::new();
    let mut terms = Vec::new();
    for term in file.term {
        let line = toml_file::span_line(&text, 1, term.id.span());
        let id = term.id.into_inner();
        if let Some(first) = seen.insert(id.clone(), line) {
            errors.push(ContentError::new(
                path,
                line,
                format!("duplicate term id `{id}` (first on line {first})"),
                "give each term its own id",
            ));
            continue;
        }
        if let Some(other) = slugs.insert(engine::landing::slug(&id), id.clone()) {
            errors.push(ContentError::new(
                path,
                line,
                format!("term id `{id}` gives the same page address as `{other}` (`_` and `-` read alike)"),
                "give the term an id that differs in more than `_` and `-`",
            ));
        }
        if !valid_id(&id) {
            errors.push(ContentError::new(
                path,
                line,
                format!("invalid term id `{id}`"),
                "use lower-case a-z, digits, `_` and `-`",
            ));
        }
        if let Some(lang) = term.labels.missing_language(languages) {
            errors.push(ContentError::new(
                path,
                line,
                format!("term `{id}` has an empty {lang} label"),
                format!("write the label in that language: {lang} = \"…\" (every term needs one in each of the site's languages)"),
            ));
        }
        let labels = term.labels.into_texts();
        let _ = (term.kana, term.website);
        terms.push(VocabTerm {
            id,
            labels,
            synonyms: term.synonyms,
            region: term.region.map(Spanned::into_inner),
            point: term.lat.zip(term.lon),
            band: term.min.map(|min| (min, term.max)),
            line,
        });
    }
    terms
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The known id closest to a misspelt one (edit distance ≤ 3).
fn closest<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    known.iter().map(|k| (edit_distance(id, k), *k)).filter(|(d, _)| *d <= 3).min().map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_id() {
        assert_eq!(closest("titanum", &["titanium", "peek"]), Some("titanium"));
        assert_eq!(closest("wood", &["titanium", "peek"]), None);
    }

    #[test]
    fn places_points_in_the_prefecture() {
        assert!(in_fukushima(37.4, 140.36), "Koriyama");
        assert!(in_fukushima(37.49, 139.93), "Aizuwakamatsu");
        assert!(!in_fukushima(0.0, 0.0));
        assert!(!in_fukushima(140.36, 37.4), "swapped");
        assert!(!in_fukushima(95.0, 200.0));
        assert!(!in_fukushima(f64::NAN, 140.0));
    }
}

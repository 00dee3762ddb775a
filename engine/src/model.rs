//! Content model shared by the site builder (which writes it) and the app (which reads it).
//!
//! One [`SiteData`] file is built per language. Its `docs` are in index order: the search
//! index's doc number `n` describes `docs[n]`.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Everything the app shows for one language, fetched once per language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteData {
    pub lang: Option<Lang>,
    pub docs: Vec<Doc>,
    /// Facet groups with their terms, labelled in this language.
    pub vocab: Vec<VocabGroup>,
    pub figures: Vec<Figure>,
    /// Address of the cluster's coordination desk for inquiries.
    pub coordinator_email: String,
}

/// The kinds of page the site has; the kind decides the URL section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Firm,
    Strategy,
    Program,
    Institution,
    Page,
}

impl DocKind {
    pub const ALL: [DocKind; 5] =
        [DocKind::Firm, DocKind::Strategy, DocKind::Program, DocKind::Institution, DocKind::Page];

    /// The content folder and URL section of this kind (`firms`, `strategies`, …).
    pub fn section(self) -> &'static str {
        match self {
            DocKind::Firm => "firms",
            DocKind::Strategy => "strategies",
            DocKind::Program => "programs",
            DocKind::Institution => "institutions",
            DocKind::Page => "pages",
        }
    }

    pub fn from_section(section: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|kind| kind.section() == section)
    }
}

/// One page of the site in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// The slug: the last URL segment, stable across languages.
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    pub summary: String,
    /// Body rendered from Markdown and sanitized at build time.
    pub body_html: String,
    /// Plain text of the body, for result snippets.
    pub body_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firm: Option<FirmFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<ProgramFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<InstitutionFacts>,
    /// Display order within the section (strategies).
    #[serde(default)]
    pub order: u32,
}

/// The facts of a (fictional) firm profile; term ids refer to [`SiteData::vocab`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FirmFacts {
    pub fictional: bool,
    pub municipality: String,
    pub region: String,
    pub founded: Option<u16>,
    pub employees: u32,
    pub employee_band: String,
    pub roles: Vec<String>,
    pub processes: Vec<String>,
    pub materials: Vec<String>,
    pub applications: Vec<String>,
    pub certifications: Vec<Certification>,
    pub regulatory: Vec<String>,
    pub events: Vec<String>,
    pub languages: Vec<String>,
    pub export_countries: Vec<String>,
    pub device_classes: Vec<String>,
    pub contact_route: String,
    pub email: String,
    pub website: String,
    pub updated: String,
    pub equipment: Vec<String>,
    pub cleanroom: Option<Cleanroom>,
    pub capacity: Capacity,
    /// Map position (the municipality's point).
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Certification {
    pub id: String,
    pub expires: Option<String>,
    /// Scope in this language, when the firm states one.
    pub scope: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cleanroom {
    pub iso_class: u8,
    pub area_m2: Option<u32>,
}

impl Cleanroom {
    /// The legacy US Fed-Std-209E class that buyers still quote, where one corresponds.
    pub fn fed_std_209e(&self) -> Option<&'static str> {
        match self.iso_class {
            3 => Some("Class 1"),
            4 => Some("Class 10"),
            5 => Some("Class 100"),
            6 => Some("Class 1,000"),
            7 => Some("Class 10,000"),
            8 => Some("Class 100,000"),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    pub tolerance_um: Option<f64>,
    pub lot_min: Option<u32>,
    pub lot_max: Option<u32>,
    pub lead_time_weeks_min: Option<u32>,
    pub lead_time_weeks_max: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramFacts {
    /// `program`, `event` or `training`.
    pub kind: String,
    pub strategy: String,
    pub website: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstitutionFacts {
    pub municipality: Option<String>,
    pub website: Option<String>,
}

/// A controlled vocabulary (processes, materials, …) labelled in one language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VocabGroup {
    /// `processes`, `materials`, `certifications`, `regulatory`, `roles`, `applications`,
    /// `employee-bands`, `regions`, `municipalities`, `events`.
    pub id: String,
    pub terms: Vec<Term>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub id: String,
    pub label: String,
    /// Municipalities: their region and point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// A key figure: never shown without its date and source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub id: String,
    pub label: String,
    pub display: String,
    pub as_of: String,
    pub as_of_text: String,
    pub source: String,
    pub note: Option<String>,
}

impl SiteData {
    /// The label of a vocabulary term, or the id itself when unknown (never fails).
    pub fn term_label<'a>(&'a self, group: &str, id: &'a str) -> &'a str {
        self.vocab
            .iter()
            .find(|g| g.id == group)
            .and_then(|g| g.terms.iter().find(|t| t.id == id))
            .map_or(id, |t| t.label.as_str())
    }

    pub fn group(&self, group: &str) -> Option<&VocabGroup> {
        self.vocab.iter().find(|g| g.id == group)
    }

    pub fn find_doc(&self, kind: DocKind, id: &str) -> Option<(usize, &Doc)> {
        self.docs.iter().enumerate().find(|(_, d)| d.kind == kind && d.id == id)
    }
}

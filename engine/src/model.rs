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
    /// The interface's words in this language (`content/ui/<lang>.toml`).
    pub ui: crate::ui_text::UiText,
}

impl SiteData {
    /// The page data as shipped: postcard, compact and positional (fields carry no names, so
    /// adding or reordering one changes the format, and the file's content hash with it). JSON
    /// would put serde_json's parser into the WebAssembly for this one file.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        postcard::to_allocvec(self).map_err(|e| e.to_string())
    }

    /// Reads [`SiteData::to_bytes`] back; anything else, cut short or with bytes left over, is
    /// an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<SiteData, String> {
        let (data, rest) = postcard::take_from_bytes(bytes).map_err(|e| e.to_string())?;
        if !rest.is_empty() {
            return Err(format!("{} unexpected bytes after the page data", rest.len()));
        }
        Ok(data)
    }
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
    pub firm: Option<FirmFacts>,
    pub program: Option<ProgramFacts>,
    pub institution: Option<InstitutionFacts>,
    /// Display order within the section (strategies).
    pub order: u32,
}

impl Doc {
    /// A document with an id, a kind and firm facts, its texts empty: for readers that
    /// receive only facet values, and for tests.
    pub fn bare(id: &str, kind: DocKind, firm: Option<FirmFacts>) -> Doc {
        Doc {
            id: id.into(),
            kind,
            title: String::new(),
            summary: String::new(),
            body_html: String::new(),
            body_text: String::new(),
            firm,
            program: None,
            institution: None,
            order: 0,
        }
    }
}

#[cfg(test)]
impl Doc {
    /// A firm's page with `facts` and nothing else, for tests.
    pub(crate) fn test_firm(id: &str, facts: FirmFacts) -> Doc {
        Doc { title: id.into(), ..Doc::bare(id, DocKind::Firm, Some(facts)) }
    }
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
    /// Every language's label and every synonym, for suggestions as a buyer types
    /// ([`crate::suggest`]): `Spritzguss` on the English site still suggests injection moulding.
    pub names: Vec<String>,
    /// Municipalities: their region and point.
    pub region: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A paragraph of its own in a page's Markdown that the page replaces with the key-figure
/// cards (`content/figures.toml`), so that no page repeats a figure by hand.
pub const FIGURES_MARKER: &str = "{figures}";

/// A key figure: never shown without its date and source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub id: String,
    pub label: String,
    pub display: String,
    pub as_of: String,
    pub as_of_text: String,
    pub source: String,
    /// The public page the figure comes from (`https://`, checked by the build).
    pub source_url: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SiteData {
        let firm = Doc {
            id: "hoshizora-micro".into(),
            kind: DocKind::Firm,
            title: "星空マイクロ (サンプル)".into(),
            summary: "Mikrobearbeitung".into(),
            body_html: "<p>ไทเทเนียม</p>".into(),
            body_text: "ไทเทเนียม".into(),
            firm: Some(FirmFacts {
                fictional: true,
                municipality: "koriyama".into(),
                founded: Some(1987),
                employees: 120,
                processes: vec!["micro_machining".into()],
                ..FirmFacts::default()
            }),
            program: None,
            institution: Some(InstitutionFacts { municipality: None, website: Some("https://example.org".into()) }),
            order: 3,
        };
        let place = Term {
            id: "koriyama".into(),
            label: "Koriyama".into(),
            names: vec!["郡山市".into(), "Kōriyama".into()],
            region: Some("nakadori".into()),
            lat: Some(37.4),
            lon: Some(140.38),
        };
        SiteData {
            lang: Some(Lang::Th),
            docs: vec![firm.clone(), Doc { id: "about".into(), kind: DocKind::Page, firm: None, ..firm }],
            vocab: vec![VocabGroup { id: "municipalities".into(), terms: vec![place] }],
            figures: vec![Figure { id: "rank".into(), note: Some("as of 2023".into()), ..Figure::default() }],
            coordinator_email: "desk@example.org".into(),
            ui: crate::ui_text::UiText::from_fn(|key| format!("{key} ไทย")),
        }
    }

    #[test]
    fn page_data_round_trips() {
        let data = sample();
        assert_eq!(SiteData::from_bytes(&data.to_bytes().unwrap()), Ok(data));
        assert_eq!(SiteData::from_bytes(&SiteData::default().to_bytes().unwrap()), Ok(SiteData::default()));
    }

    #[test]
    fn corrupt_page_data_is_an_error_not_a_panic() {
        let bytes = sample().to_bytes().unwrap();
        for cut in 0..bytes.len() {
            assert!(SiteData::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(SiteData::from_bytes(&longer).unwrap_err().contains("unexpected bytes"));
        assert!(SiteData::from_bytes(b"{\"docs\": []}").is_err(), "JSON of an older build is refused");
        for flipped in 0..bytes.len() {
            let mut noisy = bytes.clone();
            noisy[flipped] ^= 0xA5;
            let _ = SiteData::from_bytes(&noisy);
        }
    }
}

//! The fuzz targets: each takes arbitrary bytes and drives one parser or decoder of the site
//! the way the build or the browser does. A panic, a sanitizer report or an unsafe rendering
//! is a finding. The same functions run under libFuzzer (`fuzz_targets/`) and, without a
//! nightly toolchain, under the seeded mutator of `src/bin/stable.rs`.

use std::path::Path;
use std::sync::OnceLock;

use engine::index::IndexBuilder;
use engine::model::{DocKind, SiteData};
use engine::{finder, Index, Lang};

/// A fuzz target: any bytes in, a panic on a finding.
pub type Target = fn(&[u8]);

/// Every target by name, as `cargo fuzz` and `cargo xtask fuzz` know them.
pub const TARGETS: [(&str, Target); 5] = [
    ("page", page),
    ("analyze", analyze),
    ("find", find),
    ("index_decode", index_decode),
    ("site_data_decode", site_data_decode),
];

/// One page file as the build reads it: the character checks, the front matter, the Markdown
/// body rendered to sanitized HTML and to text, and its links resolved.
pub fn page(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("firms/fuzz.en.md");
    let _ = sitegen::source::check_text(path, text);
    let Ok(translation) = sitegen::source::split_front_matter(path, text) else { return };
    let mut errors = sitegen::ContentErrors::default();
    let _ = sitegen::pages::front_matter(DocKind::Firm, &translation, &mut errors);
    let _ = errors.to_string();
    let html = sitegen::markdown::to_html(&translation.body);
    assert!(!html.to_ascii_lowercase().contains("<script"), "a script survived the sanitizer: {html}");
    let _ = sitegen::markdown::to_text(&translation.body);
    for (_, href) in sitegen::markdown::links(&translation.body) {
        let _ = sitegen::markdown::resolve_link(&href);
    }
}

/// Each language's analyzer over the same text.
pub fn analyze(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for lang in Lang::ALL {
        let tokens = engine::analysis::analyze(lang, text);
        assert!(tokens.iter().all(|token| !token.is_empty()), "{lang:?} made an empty token from {text:?}");
        let _ = engine::analysis::analyze_detailed(lang, text);
    }
}

/// A query (the first byte picks the language) parsed and run against a small built index,
/// then its snippets cut as the result list does.
pub fn find(data: &[u8]) {
    let Some((&pick, query)) = data.split_first() else { return };
    let Ok(query) = std::str::from_utf8(query) else { return };
    let lang = Lang::ALL[usize::from(pick) % Lang::ALL.len()];
    let index = &small_indexes()[usize::from(pick) % Lang::ALL.len()];
    let found = finder::find(index, lang, query);
    for hit in found.hits.iter().take(3) {
        let text = SAMPLE_DOCS.get(hit.doc as usize).map_or("", |(_, text)| text);
        let _ = finder::snippet(text, lang, &found.terms, engine::snippet::PASSAGE_CHARS);
    }
}

/// The index file as the browser reads it; an index that decodes must also be searchable.
pub fn index_decode(data: &[u8]) {
    if let Ok(index) = Index::from_bytes(data) {
        for lang in Lang::ALL {
            let _ = finder::find(&index, lang, "titanium moulding 医療 Spritzguss ทดสอบ iso13485 ti-6al-4v");
        }
    }
}

/// The page data file as the app reads it; data that decodes must also build its facets.
pub fn site_data_decode(data: &[u8]) {
    if let Ok(site) = SiteData::from_bytes(data) {
        let _ = engine::facets::FacetTable::new(&site.docs);
        let _ = site.to_bytes();
    }
}

/// Documents of every script the site has, indexed once per language.
const SAMPLE_DOCS: [(&str, &str); 5] = [
    ("firm/akanezora", "Akanezora Plastics — injection moulding of PEEK and titanium Ti-6Al-4V parts, ISO 13485"),
    ("firm/hoshi", "星精機 医療機器の精密切削加工 チタン ISO 13485 取得 郡山市"),
    ("firm/medizin", "Medizintechnik Spritzgussteile aus Kunststoff, Reinraum Klasse 7, Zertifiziert nach ISO 13485"),
    ("firm/thai", "ชิ้นส่วนอุปกรณ์การแพทย์ ฉีดพลาสติก ไทเทเนียม มาตรฐาน ISO 13485"),
    ("page/about", "About the cluster: 60601-1 testing, catheters, stents and harnesses for buyers worldwide"),
];

fn small_indexes() -> &'static [Index] {
    static INDEXES: OnceLock<Vec<Index>> = OnceLock::new();
    INDEXES.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&lang| {
                let mut builder = IndexBuilder::new(lang, &["title", "tags", "summary", "body"]);
                for (id, text) in SAMPLE_DOCS {
                    let (title, rest) = text.split_once(' ').unwrap_or((text, ""));
                    builder.add_doc(id, &[title, "", rest, text]);
                }
                builder.build()
            })
            .collect()
    })
}

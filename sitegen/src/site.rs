//! Loading the whole content folder into one checked, per-language site.

use std::collections::BTreeMap;
use std::path::Path;

use engine::model::{Doc, DocKind, FirmFacts, SiteData};
use engine::Lang;

use crate::error::{ContentError, ContentErrors};
use crate::figures;
use crate::index_build::{self, BuiltIndex, IndexedDoc};
use crate::markdown;
use crate::pages::{self, FrontMatter, PageData};
use crate::settings;
use crate::source::{self, Item};
use crate::ui::{self, UiStrings};
use crate::vocab::{VocabTerm, Vocabularies};

/// The site of one language: its data, the text it indexed and its index.
pub struct LangSite {
    pub lang: Lang,
    pub data: SiteData,
    /// The indexed text per document, in document order (kept for quality comparisons).
    pub indexed: Vec<IndexedDoc>,
    pub index: BuiltIndex,
    /// Searched from shards ([`crate::sharding`]) rather than one index in the search page.
    pub sharded: bool,
}

/// A page's presence per language, for the coverage table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presence {
    Ready,
    Draft,
    Missing,
}

pub struct CoverageRow {
    pub section: &'static str,
    pub slug: String,
    /// In the order of [`Site::langs`].
    pub languages: Vec<Presence>,
    pub shipped: bool,
}

/// The checked content, ready to be written out.
pub struct Site {
    /// One per language of the site (`site.toml` `languages`), in its display order.
    pub languages: Vec<LangSite>,
    /// Scheme and host the site is published at.
    pub public_url: String,
    pub ui: UiStrings,
    pub coverage: Vec<CoverageRow>,
}

impl Site {
    /// The site's languages (`site.toml` `languages`), in display order. [`Lang::ALL`] is every
    /// language the code knows; these are the ones this site is built in.
    pub fn langs(&self) -> Vec<Lang> {
        self.languages.iter().map(|site| site.lang).collect()
    }

    /// hreflang `x-default` and the root page's fallback ([`settings::default_lang`]).
    pub fn default_lang(&self) -> Lang {
        settings::default_lang(&self.langs())
    }
}

/// Reads, checks and compiles `content_dir`. Any problem fails the whole build.
pub fn load(content_dir: &Path) -> Result<Site, ContentErrors> {
    let mut errors = ContentErrors::default();
    if !content_dir.is_dir() {
        errors.push(ContentError::new(
            content_dir,
            0,
            "the content folder does not exist",
            "pass an existing folder with --content",
        ));
        return Err(errors);
    }
    let settings = settings::load(content_dir, &mut errors);
    let langs = settings.languages.clone();
    let vocab = Vocabularies::load(content_dir, &langs, &mut errors);
    let figures = figures::load(content_dir, &langs, &mut errors);
    let ui = ui::load(content_dir, &langs, settings.default_lang(), &mut errors);
    crate::catalogue_keys::check(content_dir, &ui, &mut errors);
    let sections = source::read_sections(content_dir, &langs, &mut errors);

    let strategies: Vec<String> =
        sections.get(&DocKind::Strategy).map(|s| s.keys().cloned().collect()).unwrap_or_default();
    let mut coverage = Vec::new();
    let mut pages: Vec<Page> = Vec::new();
    for (&kind, items) in &sections {
        for item in items.values() {
            let row = coverage_row(kind, item, &langs);
            if row.shipped {
                if let Some(page) = load_page(kind, item, &langs, &strategies, &vocab, &mut errors) {
                    pages.push(page);
                }
            } else if row.languages.contains(&Presence::Missing) && !row.languages.contains(&Presence::Draft) {
                report_missing(kind, item, &langs, &mut errors);
            }
            coverage.push(row);
        }
    }
    pages.sort_by(|a, b| (kind_rank(a.kind), a.order, &a.slug).cmp(&(kind_rank(b.kind), b.order, &b.slug)));

    let mut languages = Vec::new();
    if errors.is_empty() {
        for &lang in &langs {
            let docs: Vec<Doc> = pages.iter().map(|p| p.doc(lang)).collect();
            let indexed: Vec<IndexedDoc> = pages.iter().zip(&docs).map(|(p, d)| p.indexed(d, &vocab)).collect();
            match index_build::build(lang, &indexed) {
                Ok(index) => {
                    let data = SiteData {
                        lang: Some(lang),
                        docs,
                        vocab: vocab.labelled(lang),
                        figures: figures::labelled(&figures, lang),
                        coordinator_email: settings.coordinator_email.clone(),
                        ui: ui.text(lang),
                    };
                    let page_data_bytes = data.to_bytes().map_or(0, |bytes| bytes.len());
                    let sharded = crate::sharding::is_sharded(index.bytes.len(), page_data_bytes);
                    languages.push(LangSite { lang, data, indexed, index, sharded });
                }
                Err(err) => errors.push(ContentError::new(
                    content_dir,
                    0,
                    format!("the {lang} index could not be built: {err}"),
                    "report this as a bug",
                )),
            }
        }
    }
    errors.into_result(Site { languages, public_url: settings.public_url.clone(), ui, coverage })
}

fn kind_rank(kind: DocKind) -> usize {
    DocKind::ALL.iter().position(|&k| k == kind).unwrap_or(usize::MAX)
}

fn coverage_row(kind: DocKind, item: &Item, langs: &[Lang]) -> CoverageRow {
    let mut drafts = 0;
    let languages: Vec<Presence> = langs
        .iter()
        .map(|lang| match item.translations.get(lang) {
            None => Presence::Missing,
            Some(t) if is_draft(&t.front) => {
                drafts += 1;
                Presence::Draft
            }
            Some(_) => Presence::Ready,
        })
        .collect();
    let shipped = languages.iter().all(|p| *p == Presence::Ready) && drafts == 0;
    CoverageRow { section: kind.section(), slug: item.slug.clone(), languages, shipped }
}

/// A cheap look for `draft = true` before the full parse (the full parse checks the syntax).
fn is_draft(front: &str) -> bool {
    front.lines().any(|line| {
        let line = line.split('#').next().unwrap_or_default();
        line.split_once('=').is_some_and(|(k, v)| k.trim() == "draft" && v.trim() == "true")
    })
}

fn report_missing(kind: DocKind, item: &Item, langs: &[Lang], errors: &mut ContentErrors) {
    let Some((_, example)) = item.translations.iter().find(|(lang, _)| langs.contains(lang)) else {
        if let Some((path, _)) = &item.data {
            errors.push(ContentError::new(
                path,
                0,
                format!("`{}` has a data file but no translations", item.slug),
                format!(
                    "add {} next to it (one per language in site.toml), or remove it",
                    langs.iter().map(|lang| format!("{}.{lang}.md", item.slug)).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        return;
    };
    for &lang in langs {
        if !item.translations.contains_key(&lang) {
            let wanted = example.path.with_file_name(format!("{}.{}.md", item.slug, lang.code()));
            errors.push(ContentError::new(
                &wanted,
                0,
                format!("missing {} translation of {} `{}`", lang.code(), kind.section(), item.slug),
                format!(
                    "create {} (translate {}), or mark every translation `draft = true` to keep the page unpublished",
                    wanted.display(),
                    example.path.display()
                ),
            ));
        }
    }
}

/// One shipped page with everything checked.
struct Page {
    kind: DocKind,
    slug: String,
    order: u32,
    data: PageData,
    firm: Option<FirmFacts>,
    texts: BTreeMap<Lang, (FrontMatter, String)>,
}

fn load_page(
    kind: DocKind,
    item: &Item,
    langs: &[Lang],
    strategies: &[String],
    vocab: &Vocabularies,
    errors: &mut ContentErrors,
) -> Option<Page> {
    let mut texts = BTreeMap::new();
    for (&lang, translation) in item.translations.iter().filter(|(lang, _)| langs.contains(lang)) {
        crate::size::check_body(translation, errors);
        if let Some(front) = pages::front_matter(kind, translation, errors) {
            texts.insert(lang, (front, translation.body.clone()));
        }
    }
    let needs_data = matches!(kind, DocKind::Firm | DocKind::Strategy | DocKind::Program | DocKind::Institution);
    if needs_data && item.data.is_none() {
        let any = item.translations.values().next().map(|t| t.path.with_file_name(format!("{}.toml", item.slug)));
        if let Some(path) = any {
            errors.push(ContentError::new(
                &path,
                0,
                format!("the data file of {} `{}` is missing", kind.section(), item.slug),
                format!("create {}; content/README.md shows its fields", path.display()),
            ));
        }
        return None;
    }
    if kind == DocKind::Page && engine::routes::is_reserved_slug(&item.slug) {
        if let Some(t) = item.translations.values().next() {
            errors.push(ContentError::new(
                &t.path,
                0,
                format!("`{}` is a section of the site", item.slug),
                "choose another slug for this page",
            ));
        }
    }
    let firm = match (kind, &item.data) {
        (DocKind::Firm, Some((path, text))) => Some(crate::firm::load(path, text, vocab, errors)?),
        _ => None,
    };
    if let Some(firm) = &firm {
        check_scopes(firm, item, &texts, errors);
    }
    let data = if kind == DocKind::Firm {
        PageData::default()
    } else {
        pages::page_data(kind, item.data.as_ref(), strategies, vocab, errors)
    };
    (texts.len() == langs.len()).then(|| Page { kind, slug: item.slug.clone(), order: data.order, data, firm, texts })
}

fn check_scopes(
    firm: &FirmFacts,
    item: &Item,
    texts: &BTreeMap<Lang, (FrontMatter, String)>,
    errors: &mut ContentErrors,
) {
    for (lang, (front, _)) in texts {
        for (cert, scope) in &front.scopes {
            if !firm.certifications.iter().any(|c| &c.id == cert) {
                if let Some(t) = item.translations.get(lang) {
                    let line = crate::toml_file::span_line(&t.front, t.front_line, scope.span());
                    errors.push(ContentError::new(
                        &t.path,
                        line,
                        format!("scope given for `{cert}`, which the firm does not hold"),
                        format!("add [[certifications]] id = \"{cert}\" to {}.toml or remove the scope", item.slug),
                    ));
                }
            }
        }
    }
}

impl Page {
    fn doc(&self, lang: Lang) -> Doc {
        let (front, body) = &self.texts[&lang];
        let firm = self.firm.clone().map(|mut firm| {
            firm.equipment = front.equipment.clone();
            for cert in &mut firm.certifications {
                cert.scope = front.scopes.get(&cert.id).map(|s| s.get_ref().clone());
            }
            firm
        });
        Doc {
            id: self.slug.clone(),
            kind: self.kind,
            title: front.title.clone(),
            summary: front.summary.get_ref().clone(),
            body_html: markdown::to_html(body),
            body_text: markdown::to_text(body),
            firm,
            program: self.data.program.clone(),
            institution: self.data.institution.clone(),
            order: self.order,
        }
    }

    /// The searchable text ([`engine::fields::firm_texts`]): vocabulary terms are indexed under
    /// every language's labels and synonyms.
    fn indexed(&self, doc: &Doc, vocab: &Vocabularies) -> IndexedDoc {
        let firm = doc.firm.as_ref().map(|firm| {
            engine::fields::firm_texts(firm, |group, id| {
                vocab.term(group, id).into_iter().flat_map(VocabTerm::all_names)
            })
        });
        IndexedDoc {
            reference: crate::sharding::reference(doc),
            fields: engine::fields::field_texts(
                &doc.title,
                &doc.summary,
                &doc.body_text,
                firm.as_ref().map(|(tags, place)| (tags.as_str(), place.as_str())),
            ),
        }
    }
}

//! Writing a loaded site: hashed data files, the list of them, the route list and the
//! translation-coverage table. Nothing here is compiled into code: the page renderer and the
//! browser app read these files at run time.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use engine::model::{DocKind, SiteData};
use engine::records::{Buckets, RecordsHead};
use engine::Lang;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::sharding;
use crate::site::{LangSite, Presence, Site};

/// A page of the built site: the file the xtask writes so that a deep link returns 200.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Route {
    /// Path below the site's base, with a trailing slash (`en/firms/x/`; empty for the root).
    pub path: String,
    /// `None` for the language chooser at the root.
    pub lang: Option<Lang>,
    pub title: String,
    pub description: String,
    /// The same page in each of the site's languages (hreflang), in display order.
    pub alternates: Vec<(Lang, String)>,
    /// The language of hreflang `x-default` (the site's default language).
    #[serde(default = "default_lang")]
    pub x_default: Lang,
    /// The page runs the browser app (see `engine::routes`); every other page is a document.
    #[serde(default)]
    pub runs_app: bool,
}

fn default_lang() -> Lang {
    Lang::DEFAULT
}

/// One language's data files, relative to the site's base (`data/en.0123456789ab.pages`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LangFiles {
    pub lang: Lang,
    /// The page data (`engine::model::SiteData`, with the interface's words).
    pub pages: String,
    /// The search index.
    pub index: String,
    /// The root of the sharded index, for a language searched from shards
    /// ([`crate::sharding`]); its parts sit beside it in `data/`.
    #[serde(default)]
    pub shards: Option<String>,
    /// For a language searched from shards, what its app pages (shortlist, compare) read
    /// instead of `pages`: the page data without firms, which names the records file its
    /// firms are read from by range (`engine::records`).
    #[serde(default)]
    pub head: Option<String>,
}

/// The file listing every language's data files, next to `routes.json`.
pub const DATA_FILES: &str = "data-files.json";

/// The routes of the site, as [`Route`]s in JSON.
pub const ROUTES: &str = "routes.json";

/// Writes everything into `out_dir`: `site/` (files for `dist/`), [`DATA_FILES`], [`ROUTES`],
/// `elasticlunr/` and `coverage.txt`.
pub fn write(site: &Site, out_dir: &Path) -> io::Result<()> {
    let site_dir = out_dir.join("site");
    if site_dir.exists() {
        fs::remove_dir_all(&site_dir)?;
    }
    let data_dir = site_dir.join("data");
    fs::create_dir_all(&data_dir)?;
    let mut files = Vec::new();
    for lang_site in &site.languages {
        let docs_bytes = lang_site.data.to_bytes().map_err(io::Error::other)?;
        let index_name = hashed_name(lang_site.lang, "idx", &lang_site.index.bytes);
        let docs_name = hashed_name(lang_site.lang, "pages", &docs_bytes);
        fs::write(data_dir.join(&index_name), &lang_site.index.bytes)?;
        fs::write(data_dir.join(&docs_name), &docs_bytes)?;
        let (shards, head) = if lang_site.sharded {
            (Some(write_shards(lang_site, &docs_bytes, &site_dir)?), Some(write_records(lang_site, &data_dir)?))
        } else {
            (None, None)
        };
        files.push(LangFiles {
            lang: lang_site.lang,
            pages: format!("data/{docs_name}"),
            index: format!("data/{index_name}"),
            shards,
            head,
        });
    }
    let comparison = out_dir.join("elasticlunr");
    fs::create_dir_all(&comparison)?;
    for lang_site in &site.languages {
        if let Some(json) = &lang_site.index.elasticlunr_json {
            fs::write(comparison.join(format!("{}.json", lang_site.lang)), json)?;
        }
    }
    fs::write(out_dir.join(DATA_FILES), serde_json::to_vec_pretty(&files).map_err(io::Error::other)?)?;
    let routes = routes(site);
    fs::write(out_dir.join(ROUTES), serde_json::to_vec_pretty(&routes).map_err(io::Error::other)?)?;
    fs::write(out_dir.join("coverage.txt"), coverage_table(site))?;
    Ok(())
}

/// `qr/<lang>/<firm>.svg`: the public address of each firm profile, for a site hosted
/// under `base` (the xtask calls this: the base is known only when deploying).
pub fn write_qr_codes(site: &Site, site_dir: &Path, base: &str) -> io::Result<()> {
    for lang_site in &site.languages {
        let dir = site_dir.join("qr").join(lang_site.lang.code());
        fs::create_dir_all(&dir)?;
        for doc in lang_site.data.docs.iter().filter(|d| d.kind == DocKind::Firm) {
            let url = crate::qr::public_url(
                &site.public_url,
                base,
                &format!("{}/{}", lang_site.lang, doc_path(doc.kind, &doc.id)),
            );
            if let Some(svg) = crate::qr::svg_for(&url) {
                fs::write(dir.join(format!("{}.svg", doc.id)), svg)?;
            }
        }
    }
    Ok(())
}

/// Writes `lang_site`'s sharded index into `site_dir` and returns its root's name. The
/// parts' names carry a hash of the index and page data, like the other data files, so a
/// host may cache them for good.
fn write_shards(lang_site: &LangSite, docs_bytes: &[u8], site_dir: &Path) -> io::Result<String> {
    let mut content = lang_site.index.bytes.clone();
    content.extend_from_slice(docs_bytes);
    let prefix = format!("data/{}", hashed_name(lang_site.lang, "", &content));
    let shards = sharding::build(lang_site.lang, &lang_site.index.bytes, &lang_site.data.docs, &prefix)
        .map_err(|error| io::Error::other(format!("the {} sharded index: {error}", lang_site.lang)))?;
    for (name, bytes) in &shards.files {
        fs::write(site_dir.join(name), bytes)?;
    }
    Ok(shards.root_name().to_string())
}

/// Writes `lang_site`'s firm records and their head into `data_dir` and returns the head's
/// name (see `engine::records`).
fn write_records(lang_site: &LangSite, data_dir: &Path) -> io::Result<String> {
    let failed = |error: String| io::Error::other(format!("the {} firm records: {error}", lang_site.lang));
    let records = engine::records::build(&lang_site.data).map_err(failed)?;
    let file = hashed_name(lang_site.lang, "records", &records.file);
    fs::write(data_dir.join(&file), &records.file)?;
    let buckets = Buckets { file: format!("data/{file}"), ends: records.ends };
    let head = RecordsHead { site: records.site, buckets };
    let bytes = head.to_bytes().map_err(failed)?;
    let name = hashed_name(lang_site.lang, "head", &bytes);
    fs::write(data_dir.join(&name), &bytes)?;
    Ok(format!("data/{name}"))
}

fn hashed_name(lang: Lang, extension: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{lang}.{hex}.{extension}")
}

/// Every page of the site in each of its languages.
pub fn routes(site: &Site) -> Vec<Route> {
    let langs = site.langs();
    let x_default = site.default_lang();
    let ui = |lang: Lang, key: &str| -> String {
        let slot = lang.slot();
        site.ui.texts.get(slot).and_then(|t| t.get(key)).cloned().unwrap_or_default()
    };
    let alternates = |suffix: &str| langs.iter().map(|&l| (l, format!("{l}/{suffix}"))).collect::<Vec<_>>();
    let mut routes = vec![Route {
        path: String::new(),
        lang: None,
        title: langs.iter().map(|&l| ui(l, "site_name")).collect::<Vec<_>>().join(" · "),
        description: ui(x_default, "site_tagline"),
        alternates: alternates(""),
        x_default,
        runs_app: false,
    }];
    let Some(first) = site.languages.first() else { return routes };
    for lang_site in &site.languages {
        let lang = lang_site.lang;
        let site_name = ui(lang, "site_name");
        let titled = |title: &str| format!("{title} | {site_name}");
        routes.push(Route {
            path: format!("{lang}/"),
            lang: Some(lang),
            title: site_name.clone(),
            description: ui(lang, "site_tagline"),
            alternates: alternates(""),
            x_default,
            runs_app: false,
        });
        for page in engine::routes::FIXED_PAGES {
            let suffix = format!("{}/", page.segment);
            routes.push(Route {
                path: format!("{lang}/{suffix}"),
                lang: Some(lang),
                title: titled(&ui(lang, page.title_key)),
                description: ui(lang, page.description_key),
                alternates: alternates(&suffix),
                x_default,
                runs_app: page.runs_app,
            });
        }
        for doc in &lang_site.data.docs {
            let suffix = doc_path(doc.kind, &doc.id);
            routes.push(Route {
                path: format!("{lang}/{suffix}"),
                lang: Some(lang),
                title: titled(&doc.title),
                description: doc.summary.clone(),
                alternates: alternates(&suffix),
                x_default,
                runs_app: false,
            });
        }
        for landing in engine::landing::all(&lang_site.data) {
            let suffix = landing.path();
            let label = &landing.term.label;
            let [one, other] = landing.lead_keys().map(|key| ui(lang, &key));
            routes.push(Route {
                path: format!("{lang}/{suffix}"),
                lang: Some(lang),
                title: titled(&ui(lang, "landing_title").replace("{term}", label)),
                description: engine::landing::lead(&one, &other, landing.firms.len(), label),
                alternates: alternates(&suffix),
                x_default,
                runs_app: false,
            });
        }
    }
    debug_assert!(first.data.docs.len() * langs.len() <= routes.len());
    routes
}

pub use engine::routes::doc_path;

/// The translation-coverage table: pages × languages.
pub fn coverage_table(site: &Site) -> String {
    let mut out = String::new();
    let width = site.coverage.iter().map(|r| r.section.len() + r.slug.len() + 1).max().unwrap_or(10).max(10);
    let langs = site.langs();
    let codes: String = langs.iter().map(|lang| format!("  {}", lang.code())).collect();
    let _ = writeln!(out, "{:width$}{codes}  shipped", "page");
    for row in &site.coverage {
        let name = format!("{}/{}", row.section, row.slug);
        let cells: String = row
            .languages
            .iter()
            .map(|p| match p {
                Presence::Ready => "  ✓ ",
                Presence::Draft => "  d ",
                Presence::Missing => "  – ",
            })
            .collect();
        let _ = writeln!(out, "{name:width$}{cells}  {}", if row.shipped { "yes" } else { "no (draft)" });
    }
    let shipped = site.coverage.iter().filter(|r| r.shipped).count();
    let _ = writeln!(
        out,
        "{shipped} of {} pages shipped in all {} languages (✓ ready, d draft, – missing)",
        site.coverage.len(),
        langs.len()
    );
    out
}

/// Reads [`DATA_FILES`] back from the folder [`write`] wrote.
pub fn read_data_files(out_dir: &Path) -> io::Result<Vec<LangFiles>> {
    serde_json::from_slice(&fs::read(out_dir.join(DATA_FILES))?).map_err(io::Error::other)
}

/// Reads a language's page data back (xtask and tests).
pub fn read_site_data(bytes: &[u8]) -> Result<SiteData, String> {
    SiteData::from_bytes(bytes)
}

//! `prerender COMPILED OUT.json`: every route of the site rendered to HTML with the app's own
//! components, written as a JSON list of `{ "path": …, "html": … }` for `xtask dist` to put
//! into each page's shell. COMPILED is the folder `sitegen::output::write` filled from the
//! content (`routes.json`, `data-files.json`, `site/data/…`): the content is read at run time,
//! so a content edit needs no new binary.

use std::sync::Arc;

use engine::model::SiteData;
use engine::{Index, Lang};
use fukushima_site::prerender::render_page;
use sitegen_files::LangFiles;

/// The key of the not-found page in the output (and a path no route has).
const NOT_FOUND: &str = fukushima_site::links::NOT_FOUND_PAGE;

#[derive(serde::Deserialize)]
struct Route {
    path: String,
    lang: Option<Lang>,
}

#[derive(serde::Serialize)]
struct Rendered {
    path: String,
    html: String,
}

/// The parts of `sitegen::output::LangFiles` the renderer reads (the site crate does not
/// depend on the host-side site builder).
mod sitegen_files {
    #[derive(serde::Deserialize)]
    pub struct LangFiles {
        pub lang: engine::Lang,
        pub pages: String,
        pub index: String,
        #[serde(default)]
        pub shards: Option<String>,
    }
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(compiled), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: prerender COMPILED_CONTENT_DIR OUT.json");
        std::process::exit(2);
    };
    if let Err(err) = run(std::path::Path::new(&compiled), std::path::Path::new(&out)) {
        eprintln!("prerender: {err}");
        std::process::exit(1);
    }
}

fn run(compiled: &std::path::Path, out: &std::path::Path) -> Result<(), String> {
    let routes_file = compiled.join("routes.json").display().to_string();
    let routes: Vec<Route> = read(&routes_file)
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| format!("{routes_file}: {e}")))?;
    let files_file = compiled.join("data-files.json").display().to_string();
    let files: Vec<LangFiles> =
        read(&files_file).and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| format!("{files_file}: {e}")))?;
    let mut data = LangData { site_dir: compiled.join("site"), files, decoded: Vec::new() };
    // The site's languages, in display order, are those the build wrote data files for.
    let languages: Vec<Lang> = data.files.iter().map(|files| files.lang).collect();
    fukushima_site::data_files::set_languages(&languages);
    let sharded: Vec<Lang> = data.files.iter().filter(|files| files.shards.is_some()).map(|files| files.lang).collect();
    fukushima_site::data_files::set_sharded(&sharded);
    // The words of every language first: a page links to the others in their own words.
    for &lang in &languages {
        data.get(lang)?;
    }
    let mut rendered = Vec::with_capacity(routes.len());
    for route in routes {
        let html = match route.lang {
            Some(lang) => {
                let (site, index) = data.get(lang)?;
                render_page(&route.path, Some(lang), Some(site), Some(index))
            }
            None => render_page(&route.path, None, None, None),
        };
        rendered.push(Rendered { path: route.path, html });
    }
    // `404.html`, for any address the site does not have: the layout's not-found page.
    let default = Lang::site_default(&languages);
    let (site, index) = data.get(default)?;
    let html = render_page(&format!("{}/{NOT_FOUND}", default.code()), Some(default), Some(site), Some(index));
    rendered.push(Rendered { path: NOT_FOUND.to_string(), html });
    let json = serde_json::to_vec(&rendered).map_err(|e| e.to_string())?;
    std::fs::write(out, json).map_err(|e| format!("{}: {e}", out.display()))
}

/// Each language's page data and index as the site builder wrote them, decoded once (the
/// page data's UI words registered on the way, see `Store::with_page`).
struct LangData {
    site_dir: std::path::PathBuf,
    files: Vec<LangFiles>,
    decoded: Vec<(Lang, Arc<SiteData>, Arc<Index>)>,
}

impl LangData {
    fn get(&mut self, lang: Lang) -> Result<(Arc<SiteData>, Arc<Index>), String> {
        if let Some((_, site, index)) = self.decoded.iter().find(|(l, ..)| *l == lang) {
            return Ok((site.clone(), index.clone()));
        }
        let files = self.files.iter().find(|f| f.lang == lang).ok_or_else(|| format!("no data files for {lang}"))?;
        let file = self.site_dir.join(&files.pages).display().to_string();
        let site = Arc::new(SiteData::from_bytes(&read(&file)?).map_err(|e| format!("{file}: {e}"))?);
        fukushima_site::i18n::register(lang, &site.ui);
        let file = self.site_dir.join(&files.index).display().to_string();
        let index = Arc::new(Index::from_bytes(&read(&file)?).map_err(|e| format!("{file}: {e}"))?);
        self.decoded.push((lang, site.clone(), index.clone()));
        Ok((site, index))
    }
}

fn read(file: &str) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("{file}: {e}"))
}

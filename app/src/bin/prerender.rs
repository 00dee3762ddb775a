//! `prerender OUT.json`: every route of the site (from the build script's `routes.json`)
//! rendered to HTML with the app's own components, written as a JSON list of
//! `{ "path": …, "html": … }` for `xtask dist` to put into each page's shell.

use std::sync::Arc;

use engine::model::SiteData;
use engine::{Index, Lang};
use fukushima_site::generated::{DOCS_FILES, INDEX_FILES};
use fukushima_site::prerender::render_page;

const OUT_DIR: &str = env!("OUT_DIR");
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

fn main() {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: prerender OUT.json");
        std::process::exit(2);
    };
    if let Err(err) = run(std::path::Path::new(&out)) {
        eprintln!("prerender: {err}");
        std::process::exit(1);
    }
}

fn run(out: &std::path::Path) -> Result<(), String> {
    let routes_file = format!("{OUT_DIR}/routes.json");
    let routes: Vec<Route> = read(&routes_file)
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| format!("{routes_file}: {e}")))?;
    let mut data = LangData::default();
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
    let (english, index) = data.get(Lang::DEFAULT)?;
    let html =
        render_page(&format!("{}/{NOT_FOUND}", Lang::DEFAULT.code()), Some(Lang::DEFAULT), Some(english), Some(index));
    rendered.push(Rendered { path: NOT_FOUND.to_string(), html });
    let json = serde_json::to_vec(&rendered).map_err(|e| e.to_string())?;
    std::fs::write(out, json).map_err(|e| format!("{}: {e}", out.display()))
}

/// Each language's page data and index as the build script wrote them, decoded once.
#[derive(Default)]
struct LangData {
    decoded: Vec<(Lang, Arc<SiteData>, Arc<Index>)>,
}

impl LangData {
    fn get(&mut self, lang: Lang) -> Result<(Arc<SiteData>, Arc<Index>), String> {
        if let Some((_, site, index)) = self.decoded.iter().find(|(l, ..)| *l == lang) {
            return Ok((site.clone(), index.clone()));
        }
        let file = format!("{OUT_DIR}/site/{}", DOCS_FILES[lang.slot()]);
        let site = Arc::new(SiteData::from_bytes(&read(&file)?).map_err(|e| format!("{file}: {e}"))?);
        let file = format!("{OUT_DIR}/site/{}", INDEX_FILES[lang.slot()]);
        let index = Arc::new(Index::from_bytes(&read(&file)?).map_err(|e| format!("{file}: {e}"))?);
        self.decoded.push((lang, site.clone(), index.clone()));
        Ok((site, index))
    }
}

fn read(file: &str) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("{file}: {e}"))
}

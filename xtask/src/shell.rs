//! The HTML file of every route: one real file per page, so that every deep link returns 200
//! on any static host. Each carries its own `<title>`, description, `<html lang>`, the head
//! lines for search engines and link previews (`meta`), the page pre-rendered by the app's
//! components, and the code that page needs: the small document module on documents, the
//! search app (with its data preloaded) on the app's pages.

use engine::Lang;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use sitegen::output::Route;

/// A WebAssembly module and its JavaScript loader, by hashed file name.
#[derive(Clone, Debug)]
pub struct Module {
    pub js: String,
    pub wasm: String,
}

/// One language's data files, relative to the base.
#[derive(Clone, Debug, Default)]
pub struct LangFiles {
    pub pages: String,
    pub index: String,
}

/// The hashed asset names and the base path the site is served under.
pub struct Assets {
    pub base: String,
    /// The search app (search, shortlist, compare).
    pub app: Module,
    /// The document pages' module (star, shortlist count, printing, language choice).
    pub reader: Module,
    pub stylesheet: String,
    /// Data files per language, in `Lang::ALL` order.
    pub data: Vec<(Lang, LangFiles)>,
}

impl Assets {
    fn data(&self, lang: Lang) -> Option<&LangFiles> {
        self.data.iter().find(|(l, _)| *l == lang).map(|(_, files)| files)
    }
}

/// The page for `route`: `body` is its pre-rendered HTML (a title and summary without it),
/// `head` the lines from `meta::head`.
pub fn render(route: &Route, assets: &Assets, body: Option<&str>, head: &str) -> String {
    let lang = route.lang.map_or("en", Lang::code);
    let (body, app_class) = match (body, route.lang) {
        (Some(body), _) => (body.to_string(), ""),
        (None, Some(_)) => (
            format!(
                "<h1>{}</h1>\n<p>{}</p>",
                text(route.title.split(" | ").next().unwrap_or_default()),
                text(&route.description)
            ),
            PLAIN,
        ),
        (None, None) => (language_links(&assets.base), PLAIN),
    };
    let code = if route.runs_app { app_code(route, assets) } else { module_code(&assets.reader) };
    page(lang, &route.title, &route.description, head, &body, app_class, &code, assets)
}

/// `404.html`, served by static hosts for unknown paths: `body` is the pre-rendered
/// not-found page (the language links without it).
pub fn render_not_found(assets: &Assets, body: Option<&str>) -> String {
    let (body, app_class) = match body {
        Some(body) => (body.to_string(), ""),
        None => (language_links(&assets.base), PLAIN),
    };
    let code = module_code(&assets.reader);
    page("en", "Page not found | Connected in Fukushima", "", "", &body, app_class, &code, assets)
}

/// Styles a plain fallback body (the app's pages bring their own layout).
const PLAIN: &str = " class=\"prerendered\"";

/// The search app, with the data its page reads first requested alongside its code: page
/// data on every app page, and the index too on the search page. Started by a script rather
/// than `<link rel="preload">`: in Chromium driven by WebDriver, an app's fetch that matched a
/// preload now and then stayed pending for good; a started request handed over cannot.
fn app_code(route: &Route, assets: &Assets) -> String {
    let mut code = module_code(&assets.app);
    let Some(files) = route.lang.and_then(|lang| assets.data(lang)) else { return code };
    let mut urls = vec![files.pages.as_str()];
    if route.path.ends_with("/search/") {
        urls.push(&files.index);
    }
    // Names the build made (`data/{lang}.{hash}.pages`): nothing to escape, and kept so.
    let safe = |url: &&str| url.bytes().all(|b| b.is_ascii_alphanumeric() || b"./-_".contains(&b));
    let list = urls.into_iter().filter(safe).map(|url| format!("\"{url}\"")).collect::<Vec<_>>().join(", ");
    code.push_str(&format!(
        "<script>self.prefetched = Object.fromEntries([{list}].map((url) => [url, fetch(url)]));</script>\n"
    ));
    code
}

/// Head lines that fetch a module's code early, and the script that starts it. The
/// WebAssembly is requested once, by a script as the head is read, and that very request is
/// handed to the loader: with `<link rel="preload">` the page asked twice, and under the
/// service worker the second request waited 20 s for the first.
fn module_code(module: &Module) -> String {
    format!(
        "<link rel=\"modulepreload\" href=\"{js}\">\n\
         <script>self.moduleWasm = fetch(\"{wasm}\");</script>\n\
         <script type=\"module\">import init from \"./{js}\"; init({{ module_or_path: self.moduleWasm }});</script>\n",
        js = attr(&module.js),
        wasm = attr(&module.wasm),
    )
}

fn language_links(base: &str) -> String {
    let links: String = Lang::ALL
        .iter()
        .map(|l| {
            format!(
                "<li><a href=\"{}{}/\" hreflang=\"{}\" lang=\"{}\">{}</a></li>",
                attr(base),
                l.code(),
                l.code(),
                l.code(),
                text(l.native_name())
            )
        })
        .collect();
    format!("<h1>Connected in Fukushima</h1>\n<ul class=\"language-list\">{links}</ul>")
}

#[allow(clippy::too_many_arguments)]
fn page(
    lang: &str,
    title: &str,
    description: &str,
    head: &str,
    body: &str,
    app_class: &str,
    code: &str,
    assets: &Assets,
) -> String {
    format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="{base}">
<title>{title}</title>
<meta name="description" content="{description}">
{head}<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{stylesheet}">
{code}</head>
<body>
<div id="app"{app_class}>
{body}
</div>
{registration}
</body>
</html>
"#,
        base = attr(&assets.base),
        title = text(title),
        description = attr(description),
        stylesheet = attr(&assets.stylesheet),
        registration = crate::service_worker::REGISTRATION,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> Assets {
        let module = |name: &str| Module { js: format!("{name}-1.js"), wasm: format!("{name}-1_bg.wasm") };
        Assets {
            base: "/sub/".into(),
            app: module("app"),
            reader: module("reader"),
            stylesheet: "style-1.css".into(),
            data: vec![(Lang::En, LangFiles { pages: "data/en.1.pages".into(), index: "data/en.1.idx".into() })],
        }
    }

    fn route(path: &str, runs_app: bool) -> Route {
        Route {
            path: path.into(),
            lang: Some(Lang::En),
            title: "<script>alert(1)</script> | Site".into(),
            description: "\"><img src=x onerror=alert(1)>".into(),
            alternates: vec![(Lang::Ja, "ja/firms/x/".into())],
            runs_app,
        }
    }

    #[test]
    fn escapes_untrusted_text() {
        let html = render(&route("en/firms/x/", false), &assets(), None, "");
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("\"><img"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<base href=\"/sub/\">"));
    }

    #[test]
    fn documents_load_the_document_module_and_no_data() {
        let html = render(&route("en/firms/x/", false), &assets(), Some("<main></main>"), "");
        assert!(html.contains("reader-1.js") && html.contains("reader-1_bg.wasm"));
        assert!(!html.contains("app-1") && !html.contains("data/en"));
        assert!(html.contains("<div id=\"app\">\n<main></main>"));
    }

    #[test]
    fn app_pages_request_the_app_and_their_data_at_once() {
        let search = render(&route("en/search/", true), &assets(), Some(""), "");
        assert!(search.contains("app-1.js") && search.contains("app-1_bg.wasm") && !search.contains("reader-1"));
        assert!(search.contains(r#"self.prefetched = Object.fromEntries(["data/en.1.pages", "data/en.1.idx"]"#));
        let shortlist = render(&route("en/shortlist/", true), &assets(), Some(""), "");
        assert!(shortlist.contains("data/en.1.pages") && !shortlist.contains("data/en.1.idx"));
    }
}

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
    /// The index file's bytes in base64, written into the search page (see [`search_code`]).
    pub index_base64: String,
}

/// The hashed asset names and the base path the site is served under.
pub struct Assets {
    pub base: String,
    /// The search app (search, shortlist, compare).
    pub app: Module,
    /// The document pages' module (star, shortlist count, printing, language choice).
    pub reader: Module,
    /// The search page's first answer, shown before the app has loaded.
    pub answer: Module,
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
    let files = route.lang.and_then(|lang| assets.data(lang));
    let (code, tail) = match files {
        Some(files) if route.runs_app && route.path.ends_with("/search/") => search_code(assets, files),
        Some(files) if route.runs_app => (app_code(assets, files), String::new()),
        _ => (module_code(&assets.reader), String::new()),
    };
    page(lang, &route.title, &route.description, head, &format!("{body}\n</div>\n{tail}"), app_class, &code, assets)
}

/// `404.html`, served by static hosts for unknown paths: `body` is the pre-rendered
/// not-found page (the language links without it).
pub fn render_not_found(assets: &Assets, body: Option<&str>) -> String {
    let (body, app_class) = match body {
        Some(body) => (body.to_string(), ""),
        None => (language_links(&assets.base), PLAIN),
    };
    let code = module_code(&assets.reader);
    page(
        "en",
        "Page not found | Connected in Fukushima",
        "",
        "",
        &format!("{body}\n</div>\n"),
        app_class,
        &code,
        assets,
    )
}

/// Styles a plain fallback body (the app's pages bring their own layout).
const PLAIN: &str = " class=\"prerendered\"";

/// The search app on the shortlist and compare pages, with their page data requested
/// alongside its code. Started by a script rather than `<link rel="preload">`: in Chromium
/// driven by WebDriver, an app's fetch that matched a preload now and then stayed pending for
/// good; a started request handed over cannot.
fn app_code(assets: &Assets, files: &LangFiles) -> String {
    let mut code = module_code(&assets.app);
    if let Some(pages) = build_name(&files.pages) {
        code.push_str(&format!("<script>self.prefetched = {{ \"{pages}\": fetch(\"{pages}\") }};</script>\n"));
    }
    code
}

/// The search page: the first-answer module and the page's index come first, the app after.
/// On a slow link every byte before the first result counts, and the round trip for the
/// module's code is idle time for the link: the index, inlined after the page's text,
/// arrives in it (a separate file would start only after that round trip). The module
/// answers the address's query over it; then the app's page data and WebAssembly are fetched
/// and the app takes over, reading the same index. Two scripts, so that either runs if the
/// other's code fails to load; the app's few-kilobyte loader is imported statically (a dynamic
/// `import()` under the service worker now and then never settled).
/// Returns the head's code and what follows `#app`.
fn search_code(assets: &Assets, files: &LangFiles) -> (String, String) {
    let (Some(index), Some(pages)) = (build_name(&files.index), build_name(&files.pages)) else {
        return (app_code(assets, files), String::new());
    };
    let answer = &assets.answer;
    let head = format!(
        "<link rel=\"modulepreload\" href=\"{answer_js}\">\n\
         <script>self.answerWasm = fetch(\"{answer_wasm}\"); \
         if (location.search.length > 1) document.documentElement.setAttribute(\"data-answer-pending\", \"\");</script>\n\
         <script type=\"module\">\n\
         import startAnswer, {{ answer }} from \"./{answer_js}\";\n\
         self.firstAnswer = (async () => {{\n\
         const inline = document.getElementById(\"search-index\");\n\
         const index = Uint8Array.from(atob(inline.textContent), (c) => c.charCodeAt(0));\n\
         self.prefetched = {{ \"{index}\": Promise.resolve(new Response(index)) }};\n\
         await startAnswer({{ module_or_path: self.answerWasm }});\n\
         answer(index);\n\
         }})().catch((error) => console.warn(\"first answer unavailable; the app answers\", error));\n\
         </script>\n\
         <script type=\"module\">\n\
         import startApp from \"./{app_js}\";\n\
         {wait}\n\
         self.prefetched = Object.assign(self.prefetched || {{}}, {{ \"{pages}\": fetch(\"{pages}\") }});\n\
         startApp({{ module_or_path: fetch(\"{app_wasm}\") }});\n\
         </script>\n",
        answer_js = attr(&answer.js),
        answer_wasm = attr(&answer.wasm),
        app_js = attr(&assets.app.js),
        app_wasm = attr(&assets.app.wasm),
        wait = APP_WAITS_FOR_FIRST_ANSWER,
    );
    // Base64 (`A–Z a–z 0–9 + / =`) needs no escaping inside a script element.
    let tail =
        format!("<script type=\"application/octet-stream\" id=\"search-index\">{}</script>\n", files.index_base64);
    (head, tail)
}

/// The line of the search page's app script after which its requests start: everything the
/// page asks for before it is on the way to the first result (`sizes` counts it so).
pub const APP_WAITS_FOR_FIRST_ANSWER: &str = "await self.firstAnswer;";

/// `name` if it is a file name the build made (`data/{lang}.{hash}.pages`): nothing in it
/// needs escaping inside a script, and it is kept so.
fn build_name(name: &str) -> Option<&str> {
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"./-_".contains(&b))).then_some(name)
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

/// The page's code comes first in the head: a script after a stylesheet waits for it, and
/// on a slow link that held the WebAssembly's request back by a whole round trip.
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
{code}{head}<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{stylesheet}">
</head>
<body>
<div id="app"{app_class}>
{body}{registration}
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
            answer: module("answer"),
            stylesheet: "style-1.css".into(),
            data: vec![(
                Lang::En,
                LangFiles {
                    pages: "data/en.1.pages".into(),
                    index: "data/en.1.idx".into(),
                    index_base64: "AAEC".into(),
                },
            )],
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
        let shortlist = render(&route("en/shortlist/", true), &assets(), Some(""), "");
        assert!(
            shortlist.contains("app-1.js") && shortlist.contains("app-1_bg.wasm") && !shortlist.contains("reader-1")
        );
        assert!(shortlist.contains(r#"self.prefetched = { "data/en.1.pages": fetch("data/en.1.pages") }"#));
        assert!(!shortlist.contains("data/en.1.idx") && !shortlist.contains("answer-1"));
    }

    #[test]
    fn code_is_requested_before_the_stylesheet() {
        // A script after a stylesheet waits for it: a round trip lost on a slow link.
        for path in ["en/firms/x/", "en/shortlist/", "en/search/"] {
            let html = render(&route(path, !path.contains("firms")), &assets(), Some(""), "");
            let stylesheet = html.find("rel=\"stylesheet\"").expect("stylesheet");
            let first_script = html.find("<script").expect("a script");
            assert!(first_script < stylesheet, "{path}: code first");
        }
    }

    #[test]
    fn the_search_page_answers_first_then_starts_the_app() {
        let search = render(&route("en/search/", true), &assets(), Some("<main></main>"), "");
        let position = |needle: &str| search.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
        assert!(position("answer-1_bg.wasm") < position("</head>"));
        assert!(position("answer(index)") < position(APP_WAITS_FOR_FIRST_ANSWER));
        assert!(position(APP_WAITS_FOR_FIRST_ANSWER) < position("fetch(\"data/en.1.pages\")"));
        assert!(position("answer(index)") < position("fetch(\"app-1_bg.wasm\")"));
        // The index comes inline, after the page's text, and is handed to the app.
        assert!(
            position("<main></main>")
                < position(r#"<script type="application/octet-stream" id="search-index">AAEC</script>"#)
        );
        assert!(search.contains(r#""data/en.1.idx": Promise.resolve(new Response(index))"#));
        assert!(!search.contains("reader-1"));
    }
}

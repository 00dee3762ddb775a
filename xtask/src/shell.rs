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
    /// Subresource Integrity of the JavaScript loader.
    pub js_integrity: String,
}

/// One language's data files, relative to the base.
#[derive(Clone, Debug, Default)]
pub struct LangFiles {
    pub pages: String,
    pub index: String,
    /// The root of the sharded index, for a language searched from shards (see
    /// `sitegen::sharding` and [`sharded_search_code`]).
    pub shards: Option<String>,
    /// Every file of the sharded index, root included (none for a one-file language).
    pub shard_parts: Vec<String>,
    /// For a sharded language, what its app pages read instead of `pages`, and the records
    /// file it names, read by range (see `engine::records`).
    pub head: Option<String>,
    pub records: Option<String>,
    /// In base64, written into the search page: the index file's bytes (see [`search_code`]),
    /// or for a sharded language its root's.
    pub index_base64: String,
    /// The language's UI words (`UiText::to_lines`), carried by the app's pages: the app has
    /// its page's words even when the page data cannot be loaded.
    pub ui_lines: String,
}

impl LangFiles {
    /// The page data the app pages read: every page's, or a sharded language's head.
    pub fn app_pages(&self) -> &str {
        self.head.as_deref().unwrap_or(&self.pages)
    }
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
    /// The search page's first answer for a language searched from shards (the whole page).
    pub sharded: Module,
    pub stylesheet: String,
    pub stylesheet_integrity: String,
    /// Data files of each of the site's languages, in its display order.
    pub data: Vec<(Lang, LangFiles)>,
}

impl Assets {
    /// The site's languages, in display order.
    fn languages(&self) -> Vec<Lang> {
        self.data.iter().map(|(lang, _)| *lang).collect()
    }

    fn data(&self, lang: Lang) -> Option<&LangFiles> {
        self.data.iter().find(|(l, _)| *l == lang).map(|(_, files)| files)
    }
}

/// The page for `route`: `body` is its pre-rendered HTML (a title and summary without it),
/// `head` the lines from `meta::head`.
pub fn render(route: &Route, assets: &Assets, body: Option<&str>, head: &str) -> String {
    let lang = route.lang.unwrap_or(route.x_default).html_lang();
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
        (None, None) => (language_links(&assets.base, &assets.languages()), PLAIN),
    };
    let files = route.lang.and_then(|lang| assets.data(lang)).filter(|_| route.runs_app);
    let search = route.path.ends_with("/search/");
    let (code, tail) = match files {
        Some(files) if search && files.shards.is_some() => sharded_search_code(assets, files),
        Some(files) if search => search_code(assets, files),
        Some(_) => (app_code(assets), String::new()),
        None => (module_code(&assets.reader), String::new()),
    };
    // Not run (`text/plain`); the escaping of `to_lines` keeps `<` out of it.
    let tail = match files {
        Some(files) => format!("{tail}<script type=\"text/plain\" id=\"ui-text\">{}</script>\n", files.ui_lines),
        None => tail,
    };
    let html_attributes = format!(
        "lang=\"{lang}\"{}",
        files.map(|files| page_data_attributes(files, search, &assets.data)).unwrap_or_default()
    );
    let body = format!("{body}\n</div>\n{tail}");
    page(&html_attributes, &route.title, &route.description, head, &body, app_class, &code, assets)
}

/// `404.html`, served by static hosts for unknown paths: `body` is the pre-rendered
/// not-found page (the language links without it).
pub fn render_not_found(assets: &Assets, body: Option<&str>) -> String {
    let (body, app_class) = match body {
        Some(body) => (body.to_string(), ""),
        None => (language_links(&assets.base, &assets.languages()), PLAIN),
    };
    let code = module_code(&assets.reader);
    page(
        &format!("lang=\"{}\"", Lang::site_default(&assets.languages()).html_lang()),
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
fn app_code(assets: &Assets) -> Code {
    let mut code = module_code(&assets.app);
    code.script(APP_DATA_REQUEST);
    code
}

/// Requests the page data named by `<html data-pages>` (see [`PageData`]) for the app.
const APP_DATA_REQUEST: &str =
    "{ const pages = document.documentElement.dataset.pages; self.prefetched = { [pages]: fetch(pages) }; }";

/// The search page: the first-answer module and the page's index come first, the app after.
/// On a slow link every byte before the first result counts, and the round trip for the
/// module's code is idle time for the link: the index, inlined after the page's text,
/// arrives in it (a separate file would start only after that round trip). The module
/// answers the address's query over it; then the app's page data and WebAssembly are fetched
/// and the app takes over, reading the same index. Two scripts, so that either runs if the
/// other's code fails to load; the app's few-kilobyte loader is imported statically (a dynamic
/// `import()` under the service worker now and then never settled).
/// Returns the head's code and what follows `#app`.
fn search_code(assets: &Assets, files: &LangFiles) -> (Code, String) {
    let [request, answer, app] = search_scripts(assets);
    let mut head = Code::preloading(&assets.answer);
    head.script(&request);
    head.module(&answer);
    head.module(&app);
    // Base64 (`A–Z a–z 0–9 + / =`) needs no escaping inside a script element.
    let tail =
        format!("<script type=\"application/octet-stream\" id=\"search-index\">{}</script>\n", files.index_base64);
    (head, tail)
}

/// The search page's three scripts: the head's request for the first answer's WebAssembly,
/// the first answer over the inlined index (named by `<html data-index>`), and the app, which
/// waits for that answer before it asks for its page data (`<html data-pages>`) and code.
fn search_scripts(assets: &Assets) -> [String; 3] {
    let request = format!(
        "self.answerWasm = fetch(\"{}\"); \
         if (location.search.length > 1) document.documentElement.setAttribute(\"data-answer-pending\", \"\");\n{EARLY_INPUT}",
        assets.answer.wasm
    );
    let answer = format!(
        "import startAnswer, {{ answer }} from \"./{}\";\n\
         self.firstAnswer = (async () => {{\n\
         const inline = document.getElementById(\"search-index\");\n\
         const bytes = atob(inline.textContent), index = new Uint8Array(bytes.length);\n\
         for (let i = 0; i < bytes.length; i++) index[i] = bytes.charCodeAt(i);\n\
         self.prefetched = {{ [document.documentElement.dataset.index]: Promise.resolve(new Response(index)) }};\n\
         await startAnswer({{ module_or_path: self.answerWasm }});\n\
         answer(index);\n\
         }})().catch((error) => console.warn(\"first answer unavailable; the app answers\", error));\n",
        assets.answer.js
    );
    let app = format!(
        "import startApp from \"./{}\";\n\
         {APP_WAITS_FOR_FIRST_ANSWER}\n\
         const pages = document.documentElement.dataset.pages;\n\
         self.prefetched = Object.assign(self.prefetched || {{}}, {{ [pages]: fetch(pages) }});\n\
         const wasm = fetch(\"{}\");\n\
         {APP_WAITS_FOR_INPUT}\n\
         startApp({{ module_or_path: wasm }});\n",
        assets.app.js, assets.app.wasm
    );
    [request, answer, app]
}

/// The line of the search page's app script after which its requests start: everything the
/// page asks for before it is on the way to the first result (`sizes` counts it so).
pub const APP_WAITS_FOR_FIRST_ANSWER: &str = "await self.firstAnswer;";

/// The line of the search page's app script after which the app starts: the reader's first
/// input, or at once when the address holds filters (they are the app's to apply). Until then the first answer serves the page (it answers typing too), and a phone's
/// CPU is not spent on starting an app that may never be needed: the app's start is the
/// long tasks that kept the search page's Lighthouse performance below 95 (its page data and
/// WebAssembly are already downloaded by then).
pub const APP_WAITS_FOR_INPUT: &str = "await self.firstInput;";

/// The search page's watch for the reader's first input (`self.firstInput`, see
/// [`APP_WAITS_FOR_INPUT`]), in the head so that nothing is missed while the page loads. A
/// click on one of the app's controls (a button or checkbox: star, filter, export) before the
/// app is live is done again on the app's own control once it is, so no tap is lost.
const EARLY_INPUT: &str = r##"self.firstInput = new Promise((start) => {
  // Filters in the address are the app's to apply (the first answer shows the query only).
  if ([...new URLSearchParams(location.search).keys()].some((key) => key !== "q")) return start();
  const kinds = ["pointerdown", "keydown", "input"];
  const go = () => { kinds.forEach((kind) => removeEventListener(kind, go, true)); start(); };
  kinds.forEach((kind) => addEventListener(kind, go, true));
});
{
  const root = document.documentElement;
  const early = [];
  addEventListener("click", (event) => {
    const control = !root.hasAttribute("data-live") && event.target.closest && event.target.closest("button[type=button], input[type=checkbox]");
    if (control) early.push(control);
  }, true);
  const selector = (control) => control.id ? "#" + CSS.escape(control.id) : control.localName
    + [...control.attributes].filter((a) => a.name.startsWith("data-")).map((a) => "[" + a.name + "=\"" + CSS.escape(a.value) + "\"]").join("")
    + (control.classList.length ? "." + CSS.escape(control.classList[0]) : "");
  new MutationObserver((_, watch) => {
    if (!root.hasAttribute("data-live")) return;
    watch.disconnect();
    for (const control of early.splice(0)) document.querySelector(selector(control))?.click();
  }).observe(root, { attributes: true, attributeFilter: ["data-live"] });
}"##;

/// The search page of a language searched from shards: the first-answer module, with the
/// index's root inlined after the page's text, answers every query and filter itself,
/// fetching the parts each needs by range; the app, which needs every page's data, is not
/// loaded. The document pages' module wires the header (shortlist count, language choice).
fn sharded_search_code(assets: &Assets, files: &LangFiles) -> (Code, String) {
    let [request, answer] = sharded_search_scripts(assets);
    let mut head = Code::preloading(&assets.sharded);
    head.script(&request);
    head.module(&answer);
    let reader = module_code(&assets.reader);
    head.html.push_str(&reader.html);
    head.inline.extend(reader.inline);
    let tail =
        format!("<script type=\"application/octet-stream\" id=\"search-index\">{}</script>\n", files.index_base64);
    (head, tail)
}

/// The sharded search page's two scripts: the head's request for the first answer's
/// WebAssembly, and the first answer over the inlined root (its file named by
/// `<html data-shards>`, the parts' names relative to the site's base).
fn sharded_search_scripts(assets: &Assets) -> [String; 2] {
    let request = format!(
        "self.answerWasm = fetch(\"{}\"); \
         if (location.search.length > 1) document.documentElement.setAttribute(\"data-answer-pending\", \"\");",
        assets.sharded.wasm
    );
    let answer = format!(
        "import startAnswer, {{ answer_sharded }} from \"./{}\";\n\
         (async () => {{\n\
         const inline = document.getElementById(\"search-index\");\n\
         const bytes = atob(inline.textContent), root = new Uint8Array(bytes.length);\n\
         for (let i = 0; i < bytes.length; i++) root[i] = bytes.charCodeAt(i);\n\
         await startAnswer({{ module_or_path: self.answerWasm }});\n\
         answer_sharded(root, document.documentElement.dataset.shards);\n\
         }})().catch((error) => {{\n\
         document.documentElement.removeAttribute(\"data-answer-pending\");\n\
         console.warn(\"search unavailable\", error);\n\
         }});\n",
        assets.sharded.js
    );
    [request, answer]
}

/// Every inline script the build's pages carry, for the Content-Security-Policy: a page may
/// run these and nothing else inline. Their text names only build-wide files (hashed asset
/// names); what differs per page comes from the page's `<html>` attributes, so that one
/// policy serves the whole site.
pub fn inline_scripts(assets: &Assets) -> Vec<String> {
    let mut scripts = vec![APP_DATA_REQUEST.to_string(), crate::service_worker::REGISTRATION.to_string()];
    for module in [&assets.reader, &assets.app] {
        scripts.extend(module_scripts(module));
    }
    scripts.extend(search_scripts(assets));
    scripts.extend(sharded_search_scripts(assets));
    scripts
}

/// The per-language data files an app page names in its `<html>` element, for its scripts,
/// and every language's (`data-files`), for the app: it is compiled without the content, so
/// the hashed names of the data files reach it through the page.
fn page_data_attributes(files: &LangFiles, search: bool, all: &[(Lang, LangFiles)]) -> String {
    let mut attributes = format!(" data-pages=\"{}\"", attr(files.app_pages()));
    match &files.shards {
        Some(root) if search => attributes.push_str(&format!(" data-shards=\"{}\"", attr(root))),
        _ if search => attributes.push_str(&format!(" data-index=\"{}\"", attr(&files.index))),
        _ => {}
    }
    // A sharded language has no index the app could read; its head marks it as sharded.
    let listed: Vec<&str> = all
        .iter()
        .flat_map(|(_, f)| match &f.head {
            Some(head) => vec![head.as_str()],
            None => vec![f.pages.as_str(), f.index.as_str()],
        })
        .collect();
    attributes.push_str(&format!(" data-files=\"{}\"", attr(&listed.join(" "))));
    attributes
}

/// Head lines that fetch a module's code early, and the script that starts it. The
/// WebAssembly is requested once, by a script as the head is read, and that very request is
/// handed to the loader: with `<link rel="preload">` the page asked twice, and under the
/// service worker the second request waited 20 s for the first.
fn module_code(module: &Module) -> Code {
    let [request, start] = module_scripts(module);
    let mut code = Code::preloading(module);
    code.script(&request);
    code.module(&start);
    code
}

fn module_scripts(module: &Module) -> [String; 2] {
    [
        format!("self.moduleWasm = fetch(\"{}\");", module.wasm),
        format!("import init from \"./{}\"; init({{ module_or_path: self.moduleWasm }});", module.js),
    ]
}

/// A page's code: the HTML for its head, and the text of each inline script in it, which the
/// page's own `<meta>` policy allows (and nothing else).
#[derive(Default)]
struct Code {
    html: String,
    inline: Vec<String>,
}

impl Code {
    /// Starts with a `modulepreload` of `module`'s loader, with its integrity.
    fn preloading(module: &Module) -> Code {
        let html = format!(
            "<link rel=\"modulepreload\" href=\"{}\" integrity=\"{}\">\n",
            attr(&module.js),
            attr(&module.js_integrity)
        );
        Code { html, inline: Vec::new() }
    }

    fn script(&mut self, code: &str) {
        self.html.push_str(&format!("<script>{code}</script>\n"));
        self.inline.push(code.to_string());
    }

    fn module(&mut self, code: &str) {
        self.html.push_str(&format!("<script type=\"module\">{code}</script>\n"));
        self.inline.push(code.to_string());
    }
}

fn language_links(base: &str, languages: &[Lang]) -> String {
    let links: String = languages
        .iter()
        .map(|l| {
            format!(
                "<li><a href=\"{}{}/\" hreflang=\"{}\" lang=\"{}\">{}</a></li>",
                attr(base),
                l.code(),
                l.code(),
                l.html_lang(),
                text(l.native_name())
            )
        })
        .collect();
    format!("<h1>Connected in Fukushima</h1>\n<ul class=\"language-list\">{links}</ul>")
}

/// The page's code comes first in the head: a script after a stylesheet waits for it, and
/// on a slow link that held the WebAssembly's request back by a whole round trip. The
/// policy's `<meta>` comes before any script, for hosts that send no header.
#[allow(clippy::too_many_arguments)]
fn page(
    html_attributes: &str,
    title: &str,
    description: &str,
    head: &str,
    body: &str,
    app_class: &str,
    code: &Code,
    assets: &Assets,
) -> String {
    let mut inline = code.inline.clone();
    inline.push(crate::service_worker::REGISTRATION.to_string());
    format!(
        r#"<!doctype html>
<html {html_attributes}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="{base}">
<title>{title}</title>
<meta name="description" content="{description}">
{code}{head}<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{stylesheet}" integrity="{stylesheet_integrity}">
</head>
<body>
<div id="app"{app_class}>
{body}<script>{registration}</script>
</body>
</html>
"#,
        base = attr(&assets.base),
        title = text(title),
        description = attr(description),
        stylesheet = attr(&assets.stylesheet),
        stylesheet_integrity = attr(&assets.stylesheet_integrity),
        code = code.html,
        policy = attr(&crate::security::Policy::allowing(&inline).meta()),
        registration = crate::service_worker::REGISTRATION,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> Assets {
        let module = |name: &str| Module {
            js: format!("{name}-1.js"),
            wasm: format!("{name}-1_bg.wasm"),
            js_integrity: format!("sha384-{name}"),
        };
        Assets {
            base: "/sub/".into(),
            app: module("app"),
            reader: module("reader"),
            answer: module("answer"),
            sharded: module("sharded-answer"),
            stylesheet: "style-1.css".into(),
            stylesheet_integrity: "sha384-style".into(),
            data: vec![(
                Lang::En,
                LangFiles {
                    pages: "data/en.1.pages".into(),
                    index: "data/en.1.idx".into(),
                    shards: None,
                    shard_parts: Vec::new(),
                    head: None,
                    records: None,
                    index_base64: "AAEC".into(),
                    ui_lines: "nav_search\tFind\n".into(),
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
            x_default: Lang::En,
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
        assert!(shortlist
            .contains(r#"<html lang="en" data-pages="data/en.1.pages" data-files="data/en.1.pages data/en.1.idx">"#));
        assert!(shortlist.contains(APP_DATA_REQUEST));
        // The index is only named (for a search the app opens in place), not requested.
        assert!(!shortlist.contains("data-index=") && !shortlist.contains("fetch(\"data/en.1.idx"));
        assert!(!shortlist.contains("answer-1"));
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
    fn the_search_page_answers_first_then_starts_the_app_on_the_first_input() {
        let search = render(&route("en/search/", true), &assets(), Some("<main></main>"), "");
        let position = |needle: &str| search.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
        assert!(position("answer-1_bg.wasm") < position("</head>"));
        assert!(position("answer(index)") < position(APP_WAITS_FOR_FIRST_ANSWER));
        assert!(position(APP_WAITS_FOR_FIRST_ANSWER) < position("fetch(pages)"));
        assert!(position("answer(index)") < position("fetch(\"app-1_bg.wasm\")"));
        // Its files download at once; it starts on the reader's first input, watched from the head.
        assert!(position("self.firstInput = new Promise") < position("</head>"));
        assert!(position("fetch(\"app-1_bg.wasm\")") < position(APP_WAITS_FOR_INPUT));
        assert!(position(APP_WAITS_FOR_INPUT) < position("startApp({ module_or_path: wasm })"));
        assert!(search.contains(
            r#"<html lang="en" data-pages="data/en.1.pages" data-index="data/en.1.idx" data-files="data/en.1.pages data/en.1.idx">"#
        ));
        // The index comes inline, after the page's text, and is handed to the app.
        assert!(
            position("<main></main>")
                < position(r#"<script type="application/octet-stream" id="search-index">AAEC</script>"#)
        );
        assert!(search.contains("[document.documentElement.dataset.index]: Promise.resolve(new Response(index))"));
        // The page's own words, for the app.
        assert!(search.contains("<script type=\"text/plain\" id=\"ui-text\">nav_search\tFind\n</script>"));
        assert!(!search.contains("reader-1"));
    }

    #[test]
    fn a_sharded_languages_search_page_carries_the_root_and_no_app() {
        let mut assets = assets();
        assets.data[0].1.shards = Some("data/en.2.root.bin".into());
        let search = render(&route("en/search/", true), &assets, Some("<main></main>"), "");
        let position = |needle: &str| search.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
        assert!(search.contains(r#"data-shards="data/en.2.root.bin""#) && !search.contains("data-index="));
        assert!(position("sharded-answer-1_bg.wasm") < position("</head>"));
        assert!(!search.contains("\"answer-1"));
        assert!(position("answer_sharded(root, document.documentElement.dataset.shards)") < position("</head>"));
        // The root (inlined) after the page's text; neither the app nor its data is requested.
        assert!(
            position("<main></main>")
                < position(r#"<script type="application/octet-stream" id="search-index">AAEC</script>"#)
        );
        assert!(!search.contains("app-1") && !search.contains("fetch(pages)"));
        // The header's parts are the document pages' module's.
        assert!(search.contains("reader-1_bg.wasm"));
        let site_wide = inline_scripts(&assets);
        for script in inline_code(&search) {
            assert!(site_wide.contains(&script), "inline script not in the site's policy: {script}");
        }
    }

    #[test]
    fn a_sharded_languages_app_pages_read_its_head_and_list_no_index() {
        let mut assets = assets();
        assets.data[0].1.shards = Some("data/en.2.root.bin".into());
        assets.data[0].1.head = Some("data/en.3.head".into());
        let shortlist = render(&route("en/shortlist/", true), &assets, Some("<main></main>"), "");
        assert!(shortlist.contains(r#"data-pages="data/en.3.head""#), "{shortlist}");
        assert!(shortlist.contains(r#"data-files="data/en.3.head""#));
        assert!(!shortlist.contains("data/en.1.pages") && !shortlist.contains("data/en.1.idx"));
    }

    /// Every `<script>` that runs inline, with its text.
    fn inline_code(html: &str) -> Vec<String> {
        html.split("<script")
            .skip(1)
            .filter(|tag| {
                let open = &tag[..tag.find('>').unwrap_or(0)];
                !open.contains("src=") && (!open.contains("type=") || open.contains("type=\"module\""))
            })
            .map(|tag| tag[tag.find('>').unwrap_or(0) + 1..tag.find("</script>").unwrap_or(tag.len())].to_string())
            .collect()
    }

    #[test]
    fn each_page_allows_exactly_its_inline_scripts_and_the_site_policy_covers_all() {
        let site_wide = inline_scripts(&assets());
        let pages = [("en/firms/x/", false), ("en/shortlist/", true), ("en/search/", true)]
            .map(|(path, runs_app)| render(&route(path, runs_app), &assets(), Some("<main></main>"), ""));
        for html in pages.iter().chain([&render_not_found(&assets(), None)]) {
            let code = inline_code(html);
            assert!(code.len() >= 3, "{code:?}");
            for script in &code {
                assert!(site_wide.contains(script), "inline script not in the site's policy: {script}");
            }
            let meta = html.find("http-equiv=\"Content-Security-Policy\"").expect("meta policy");
            assert!(meta < html.find("<script").expect("script"), "the policy precedes the scripts");
            let policy = html[meta..].split('"').nth(3).unwrap_or_default();
            let own = crate::security::Policy::allowing(&code).meta();
            assert_eq!(html_escape::decode_html_entities(policy), own);
        }
    }

    #[test]
    fn loaded_code_and_styles_carry_their_integrity() {
        let search = render(&route("en/search/", true), &assets(), Some(""), "");
        assert!(search.contains(r#"<link rel="modulepreload" href="answer-1.js" integrity="sha384-answer">"#));
        assert!(search.contains(r#"<link rel="stylesheet" href="style-1.css" integrity="sha384-style">"#));
        let firm = render(&route("en/firms/x/", false), &assets(), Some(""), "");
        assert!(firm.contains(r#"<link rel="modulepreload" href="reader-1.js" integrity="sha384-reader">"#));
    }
}

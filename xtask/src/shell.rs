//! The per-route HTML shells: one real file per page, so that every deep link returns 200 on
//! any static host. Each carries its own `<title>`, description, `<html lang>` and hreflang
//! links, plus a plain-HTML fallback that the app replaces when it starts.

use engine::Lang;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use sitegen::output::Route;

/// The hashed asset names and the base path the site is served under.
pub struct Assets {
    pub base: String,
    pub js: String,
    pub wasm: String,
    pub stylesheet: String,
}

/// The page for `route`; `body` is its pre-rendered HTML (a title and summary without it).
pub fn render(route: &Route, assets: &Assets, body: Option<&str>) -> String {
    let lang = route.lang.map_or("en", Lang::code);
    let mut head_links = String::new();
    for (alternate, path) in &route.alternates {
        head_links.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}{}\">\n",
            alternate.code(),
            attr(&assets.base),
            attr(path)
        ));
    }
    head_links.push_str(&format!("<link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">\n", attr(&assets.base)));
    let fallback = match (body, route.lang) {
        (Some(body), _) => return page(lang, &route.title, &route.description, &head_links, body, "", assets),
        (None, Some(_)) => format!(
            "<h1>{}</h1>\n<p>{}</p>",
            text(route.title.split(" | ").next().unwrap_or_default()),
            text(&route.description)
        ),
        (None, None) => language_links(&assets.base),
    };
    page(lang, &route.title, &route.description, &head_links, &fallback, " class=\"prerendered\"", assets)
}

/// `404.html`: served by static hosts for unknown paths; the app shows its own not-found page.
pub fn render_not_found(assets: &Assets) -> String {
    let links = language_links(&assets.base);
    page("en", "Page not found | Connected in Fukushima", "", "", &links, " class=\"prerendered\"", assets)
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

/// `app_class` styles a plain fallback (the app's own pages bring their layout).
fn page(
    lang: &str,
    title: &str,
    description: &str,
    head_links: &str,
    body: &str,
    app_class: &str,
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
{head_links}<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{stylesheet}">
<link rel="modulepreload" href="{js}">
<link rel="preload" href="{wasm}" as="fetch" type="application/wasm" crossorigin>
</head>
<body>
<div id="app"{app_class}>
{body}
</div>
<script type="module">import init from "./{js}"; init({{ module_or_path: "{wasm}" }});</script>
{registration}
</body>
</html>
"#,
        base = attr(&assets.base),
        title = text(title),
        description = attr(description),
        stylesheet = attr(&assets.stylesheet),
        js = attr(&assets.js),
        wasm = attr(&assets.wasm),
        registration = crate::service_worker::REGISTRATION,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> Assets {
        Assets {
            base: "/sub/".into(),
            js: "app-1.js".into(),
            wasm: "app-1_bg.wasm".into(),
            stylesheet: "style-1.css".into(),
        }
    }

    #[test]
    fn escapes_untrusted_text() {
        let route = Route {
            path: "en/firms/x/".into(),
            lang: Some(Lang::En),
            title: "<script>alert(1)</script> | Site".into(),
            description: "\"><img src=x onerror=alert(1)>".into(),
            alternates: vec![(Lang::Ja, "ja/firms/x/".into())],
        };
        let html = render(&route, &assets(), None);
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("\"><img"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("hreflang=\"ja\" href=\"/sub/ja/firms/x/\""));
        assert!(html.contains("<base href=\"/sub/\">"));
    }
}

//! Markup placed in every kind of text the site shows, and the safe form each must take in the
//! built pages. One fixture holds every placement; it is built once the way `xtask dist` builds
//! (content check, the page renderer with the app's components, the head lines and the page
//! shell), and each page is then read: the payload must appear only in its safe form, and no
//! page may carry an element or attribute that runs script.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};

use super::super::Fixture;
use super::Edit::{self, Replace};

struct Placement {
    name: &'static str,
    /// Empty when the payload came with an earlier placement's edit.
    edits: &'static [Edit],
    /// The built page (route path) that shows the text.
    page: &'static str,
    /// What the page must contain instead: the escaped text or the sanitized markup.
    safe: &'static str,
}

const FIRM: &str = "firms/test-firm.toml";
const FIRM_EN: &str = "firms/test-firm.en.md";
const FIRM_PAGE: &str = "en/firms/test-firm/";
const ABOUT_EN: &str = "pages/about.en.md";
const ABOUT_PAGE: &str = "en/about/";

/// A body of Markdown and raw HTML for the English firm page, one payload a line.
const HOSTILE_BODY: &str = "Body text for en with **Markdown**.

Before 3 <script>alert(3)</script> after 3.

Pic 4 <img src=x onerror=alert(4)> end 4.

[click 5](javascript:alert(5)) and ![pic 6](javascript:alert(6))

<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==\">data 7</a>

Frame 8 <iframe src=\"https://evil.example/8\"></iframe> end 8.

Vector 9 <svg onload=alert(9)><circle r=9 /></svg> end 9.

[titled 10](https://example.org/ \"x&quot; onmouseover=&quot;alert(10)\")

Form 11 <form action=\"https://evil.example/11\"><input name=p11 autofocus onfocus=alert(11)></form> end 11.

Style 12 <style>body{display:none}</style><span style=\"background:url(javascript:alert(12))\">span 12</span>
";

const PLACEMENTS: &[Placement] = &[
    Placement {
        name: "firm title",
        edits: &[Replace(FIRM_EN, "title = \"Test Firm (en)\"", "title = \"Test Firm <script>alert(1)</script>\"")],
        page: FIRM_PAGE,
        safe: "<title>Test Firm &lt;script&gt;alert(1)&lt;/script&gt;",
    },
    Placement {
        name: "firm summary in the page description",
        edits: &[Replace(
            FIRM_EN,
            "summary = \"Micro-machining of titanium parts.\"",
            "summary = \"Micro \\\"><img src=x onerror=alert(2)>\"",
        )],
        page: FIRM_PAGE,
        safe: "<meta name=\"description\" content=\"Micro &quot;&gt;&lt;img src=x onerror=alert(2)&gt;\">",
    },
    Placement {
        name: "script element in a body",
        edits: &[Replace(FIRM_EN, "Body text for en with **Markdown**.", HOSTILE_BODY)],
        page: FIRM_PAGE,
        safe: "<p>Before 3  after 3.</p>",
    },
    Placement { name: "img onerror in a body", edits: &[], page: FIRM_PAGE, safe: "Pic 4 <img src=\"x\"> end 4." },
    Placement {
        name: "javascript: link in Markdown",
        edits: &[],
        page: FIRM_PAGE,
        safe: "<a rel=\"noopener noreferrer\">click 5</a>",
    },
    Placement { name: "javascript: image in Markdown", edits: &[], page: FIRM_PAGE, safe: "<img alt=\"pic 6\">" },
    Placement {
        name: "data: link in raw HTML",
        edits: &[],
        page: FIRM_PAGE,
        safe: "<a rel=\"noopener noreferrer\">data 7</a>",
    },
    Placement { name: "iframe in a body", edits: &[], page: FIRM_PAGE, safe: "Frame 8  end 8." },
    Placement { name: "svg onload in a body", edits: &[], page: FIRM_PAGE, safe: "Vector 9  end 9." },
    Placement {
        name: "quotes in a Markdown link title",
        edits: &[],
        page: FIRM_PAGE,
        safe: "title=\"x&quot; onmouseover=&quot;alert(10)\"",
    },
    Placement { name: "form and autofocus in a body", edits: &[], page: FIRM_PAGE, safe: "Form 11 </p> end 11." },
    Placement { name: "style element and attribute", edits: &[], page: FIRM_PAGE, safe: "<span>span 12</span>" },
    Placement {
        name: "firm equipment item",
        edits: &[Replace(
            FIRM_EN,
            "scopes = { iso_13485 = \"Machining\" }",
            "scopes = { iso_13485 = \"Machining <script>alert(14)</script>\" }\nequipment = [\"Lathe <img src=x onerror=alert(13)>\"]",
        )],
        page: FIRM_PAGE,
        safe: "Lathe &lt;img src=x onerror=alert(13)&gt;",
    },
    Placement {
        name: "certification scope",
        edits: &[],
        page: FIRM_PAGE,
        safe: "Machining &lt;script&gt;alert(14)&lt;/script&gt;",
    },
    Placement {
        name: "strategy title closing the title element",
        edits: &[Replace(
            "strategies/first.en.md",
            "title = \"Strategy (en)\"",
            "title = \"Strategy </title><script>alert(15)</script>\"",
        )],
        page: "en/strategies/first/",
        safe: "<title>Strategy &lt;/title&gt;&lt;script&gt;alert(15)&lt;/script&gt;",
    },
    Placement {
        name: "program summary breaking out of an attribute",
        edits: &[Replace("programs/fair.en.md", "summary = \"A trade fair.\"", "summary = \"Fair\\\" onfocus=\\\"alert(16)\"")],
        page: "en/programs/fair/",
        safe: "content=\"Fair&quot; onfocus=&quot;alert(16)\"",
    },
    Placement {
        name: "page title with an event handler",
        edits: &[Replace(ABOUT_EN, "title = \"About (en)\"", "title = \"<b onmouseover=alert(17)>About</b>\"")],
        page: ABOUT_PAGE,
        safe: "&lt;b onmouseover=alert(17)&gt;About&lt;/b&gt;",
    },
    Placement {
        name: "German firm title",
        edits: &[Replace("firms/test-firm.de.md", "title = \"Test Firm (de)\"", "title = \"Test <svg/onload=alert(18)>\"")],
        page: "de/firms/test-firm/",
        safe: "Test &lt;svg/onload=alert(18)&gt;",
    },
    Placement {
        name: "Thai strategy summary",
        edits: &[Replace("strategies/first.th.md", "summary = \"A strategy.\"", "summary = \"<script>alert(19)</script>\"")],
        page: "th/strategies/first/",
        safe: "&lt;script&gt;alert(19)&lt;/script&gt;",
    },
    Placement {
        name: "Japanese body with a javascript: anchor",
        edits: &[Replace("pages/about.ja.md", "About body.", "<a href=\"javascript:alert(20)\">リンク20</a>")],
        page: "ja/about/",
        safe: "<a rel=\"noopener noreferrer\">リンク20</a>",
    },
    Placement {
        name: "UI string: tagline",
        edits: &[Replace("ui/en.toml", "site_tagline = \"Find", "site_tagline = \"<script>alert(21)</script> Find")],
        page: "en/",
        safe: "&lt;script&gt;alert(21)&lt;/script&gt; Find",
    },
    Placement {
        name: "UI string in an attribute: search placeholder",
        edits: &[Replace("ui/en.toml", "search_placeholder = \"e.g.", "search_placeholder = \"\\\"><script>alert(22)</script> e.g.")],
        page: "en/search/",
        safe: "placeholder=\"&quot;&gt;&lt;script&gt;alert(22)&lt;/script&gt; e.g.",
    },
    Placement {
        name: "UI string: site name closing a script element (JSON-LD)",
        edits: &[Replace(
            "ui/en.toml",
            "site_name = \"Connected in Fukushima\"",
            "site_name = \"Connected </script><script>alert(23)</script>\"",
        )],
        page: "en/",
        safe: "\"name\":\"Connected \\u003c/script\\u003e\\u003cscript\\u003ealert(23)\\u003c/script\\u003e\"",
    },
    Placement {
        name: "vocabulary label",
        edits: &[Replace(
            "vocab/processes.toml",
            "en = \"Micro-machining\"",
            "en = \"Micro-machining <img src=x onerror=alert(24)>\"",
        )],
        page: FIRM_PAGE,
        safe: "Micro-machining &lt;img src=x onerror=alert(24)&gt;",
    },
    Placement {
        name: "municipality label (also in the map's SVG)",
        edits: &[Replace("vocab/municipalities.toml", "en = \"Koriyama\"", "en = \"Koriyama\\\"><script>alert(25)</script>\"")],
        page: "en/map/",
        safe: "Koriyama\"&gt;&lt;script&gt;alert(25)&lt;/script&gt;",
    },
    Placement {
        name: "figure label",
        edits: &[Replace(
            "figures.toml",
            "en = \"Parts production\"",
            "en = \"Parts <script>alert(26)</script>\"",
        )],
        page: "en/",
        safe: "Parts &lt;script&gt;alert(26)&lt;/script&gt;",
    },
    Placement {
        name: "figure display value",
        edits: &[Replace("figures.toml", "en = \"¥28.0 bn\"", "en = \"<img src=x onerror=alert(27)>\"")],
        page: "en/",
        safe: "&lt;img src=x onerror=alert(27)&gt;",
    },
    Placement {
        name: "site.toml public_url in canonical and Open Graph addresses",
        edits: &[Replace(
            "site.toml",
            "public_url = \"https://example.org\"",
            "public_url = \"https://example.org/\\\"><script>alert(29)</script>\"",
        )],
        page: FIRM_PAGE,
        safe: "<link rel=\"canonical\" href=\"https://example.org/&quot;&gt;&lt;script&gt;alert(29)&lt;/script&gt;/en/firms/test-firm/\">",
    },
    Placement {
        name: "firm website breaking out of an attribute",
        edits: &[Replace(
            FIRM,
            "website = \"https://test-firm.invalid/\"",
            "website = \"https://test-firm.invalid/\\\"><script>alert(31)</script>\"",
        )],
        page: FIRM_PAGE,
        safe: "<dd>https://test-firm.invalid/\"&gt;&lt;script&gt;alert(31)&lt;/script&gt;</dd>",
    },
];

#[test]
fn the_catalogue_holds_at_least_twenty_five_placements() {
    assert!(PLACEMENTS.len() >= 25, "{} placements", PLACEMENTS.len());
}

#[test]
fn every_placement_is_rendered_harmless() -> Result<()> {
    let fixture = Fixture::new()?;
    for placement in PLACEMENTS {
        for edit in placement.edits {
            edit.apply(&fixture)?;
        }
    }
    let pages = built_pages(&fixture)?;
    let mut failures = Vec::new();
    for placement in PLACEMENTS {
        match pages.get(placement.page) {
            Some(html) if html.contains(placement.safe) => {}
            Some(_) => failures.push(format!("{}: {} lacks {:?}", placement.name, placement.page, placement.safe)),
            None => failures.push(format!("{}: no page {}", placement.name, placement.page)),
        }
    }
    for (path, html) in &pages {
        for problem in active_markup(html) {
            failures.push(format!("{path}: {problem}"));
        }
    }
    if !failures.is_empty() {
        let dump = std::env::temp_dir().join("injection-catalogue");
        for (path, html) in &pages {
            let file = dump.join(path.replace('/', "_") + ".html");
            std::fs::create_dir_all(&dump)?;
            std::fs::write(file, html)?;
        }
        panic!("{} problems (pages written to {}):\n{}", failures.len(), dump.display(), failures.join("\n"));
    }
    Ok(())
}

/// Every page of the fixture as `xtask dist` writes it (with placeholder asset names): the
/// renderer's body, the head lines and the shell.
fn built_pages(fixture: &Fixture) -> Result<BTreeMap<String, String>> {
    let site = sitegen::load(fixture.dir.path()).map_err(|errors| anyhow!("the fixture is not valid:\n{errors}"))?;
    let scratch = tempfile::tempdir()?;
    sitegen::output::write(&site, scratch.path())?;
    let renderer = xtask::dist::build_renderer(&xtask::workspace_root())?;
    let bodies = xtask::prerender::render_all(&renderer, scratch.path())?;
    let module = |name: &str| xtask::shell::Module {
        js: format!("{name}.js"),
        wasm: format!("{name}.wasm"),
        js_integrity: "sha384-test".into(),
    };
    let assets = xtask::shell::Assets {
        base: "/".into(),
        app: module("app"),
        reader: module("reader"),
        answer: module("answer"),
        sharded: module("sharded-answer"),
        stylesheet: "style.css".into(),
        stylesheet_integrity: "sha384-test".into(),
        data: site.langs().into_iter().map(|lang| (lang, xtask::shell::LangFiles::default())).collect(),
    };
    let mut pages = BTreeMap::new();
    for route in sitegen::output::routes(&site) {
        let meta = xtask::meta::page_meta_in(&route, &site, "/");
        let head = xtask::meta::head(&route, &site.public_url, "/", &meta);
        let html = xtask::shell::render(&route, &assets, bodies.get(&route.path).map(String::as_str), &head);
        pages.insert(route.path.clone(), html);
    }
    Ok(pages)
}

/// Elements and attributes in `html` that would run script or leave the page: event-handler
/// attributes, script addresses, frames and plugins, a `<base>` other than the site's, and
/// script elements with payload code (or JSON-LD data holding markup).
fn active_markup(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() {
            continue;
        }
        let tag = tag_text(rest);
        let another_base = name == "base" && tag != "base href=\"/\">";
        if matches!(name, "iframe" | "object" | "embed" | "frame") || another_base {
            problems.push(format!("<{name}> element: <{}", short(tag)));
        }
        for (attribute, value) in attributes(&tag[name_len..]) {
            let value = value.trim();
            if attribute.starts_with("on") {
                problems.push(format!("event handler `{attribute}`: <{}", short(tag)));
            }
            if matches!(attribute, "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset")
                && (value.starts_with("javascript:")
                    || value.starts_with("data:text")
                    || value.starts_with("vbscript:"))
            {
                problems.push(format!("script address in `{attribute}`: <{}", short(tag)));
            }
        }
        if name == "script" {
            let body_end = rest.find("</script").unwrap_or(rest.len());
            let body = &rest[tag.len()..body_end];
            // JSON-LD is data: payload text in it is harmless unless it closes the element.
            let data = tag.contains("application/ld+json");
            if (data && body.contains('<')) || (!data && body.contains("alert(")) {
                problems.push(format!("script element running content: <{}", short(&rest[..body_end])));
            }
            rest = &rest[body_end..];
        }
    }
    problems
}

/// The text of a start tag after `<`, up to its closing `>` (quotes respected).
fn tag_text(rest: &str) -> &str {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return &rest[..=i],
            _ => {}
        }
    }
    rest
}

/// `name=value` pairs of a start tag's attribute text.
fn attributes(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text.trim_end_matches('>');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_len = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
        if name_len == 0 {
            return out;
        }
        let name = &rest[..name_len];
        rest = rest[name_len..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v;
            rest = tail;
        }
        out.push((name, value));
    }
}

fn short(text: &str) -> String {
    text.chars().take(120).collect()
}

#[test]
fn the_markup_scanner_finds_active_markup() {
    let found = |html: &str| active_markup(html).len();
    assert_eq!(found("<p>&lt;img src=x onerror=alert(1)&gt;</p><a href=\"https://x\">x</a>"), 0);
    assert_eq!(found("<img src=x onerror=alert(1)>"), 1);
    assert_eq!(found("<a href=' javascript:alert(1)'>x</a>"), 1);
    assert_eq!(found("<iframe src=x></iframe>"), 1);
    assert_eq!(found("<script>alert(1)</script>"), 1);
    assert_eq!(found("<script type=\"module\" src=\"app.js\"></script><svg><text>a</text></svg>"), 0);
    assert_eq!(found("<div title=\"x onmouseover=y\">"), 0);
    assert_eq!(found("<base href=\"/\"><base href=\"https://evil.example/\">"), 1);
    assert_eq!(found("<script type=\"application/ld+json\">{\"a\":\"\\u003cscript alert(1)\"}</script>"), 0);
    assert_eq!(found("<script type=\"application/ld+json\">{\"a\":\"</script><script>alert(1)</script>"), 1);
}

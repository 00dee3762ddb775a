//! The link check of a built site: every internal link in `dist/` leads to a file that exists.
//!
//! Read from every HTML page with html5ever's tokenizer: `href` (links, stylesheets, icons,
//! canonical and hreflang alternates), `src`, `srcset`, form `action`s, Open Graph URLs and the
//! files the page's scripts fetch while loading; from `sitemap.xml` every `<loc>` and
//! alternate, and the sitemap named in `robots.txt`. A link is internal when it is relative
//! (resolved as the browser does, against the page's address and its `<base href>`), starts
//! with `/`, or is absolute under the site's `public_url`. It must lie under the build's base
//! path and name a file, or a folder with an `index.html`, as a static host serves them. A
//! link to a fragment of the same page needs an element with that id.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use url::Url;

/// Stands for the site's own origin while resolving relative links.
const LOCAL_ORIGIN: &str = "http://site.invalid";

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The file it is in, relative to the build.
    pub file: String,
    /// Where in the file: `a href`, `link href`, `sitemap loc`, …
    pub attribute: String,
    pub link: String,
    pub problem: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} {:?} — {}", self.file, self.attribute, self.link, self.problem)
    }
}

/// What a check found: how many internal links it followed, and the broken ones.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub internal: usize,
    pub broken: Vec<Broken>,
}

/// Checks the build in `dist`, made for `base` (`/` or `/sub/path/`) and `public_url`.
pub fn check(dist: &Path, base: &str, public_url: &str) -> Result<Report> {
    let site = Site { dist, base, public_url: public_url.trim_end_matches('/') };
    let mut report = Report::default();
    let mut files = Vec::new();
    crate::server::list_files(dist, &mut files).with_context(|| format!("cannot read {}", dist.display()))?;
    files.sort();
    for file in &files {
        let relative = file.strip_prefix(dist).unwrap_or(file).to_string_lossy().replace('\\', "/");
        let name = relative.rsplit('/').next().unwrap_or_default();
        let links = if relative.ends_with(".html") {
            report.pages += 1;
            let html = fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
            page_links(&html)
        } else if relative == "sitemap.xml" {
            sitemap_links(&fs::read_to_string(file)?)
        } else if name == "robots.txt" {
            robots_links(&fs::read_to_string(file)?)
        } else {
            continue;
        };
        site.check_page(&relative, &links, &mut report);
    }
    Ok(report)
}

struct Site<'a> {
    dist: &'a Path,
    base: &'a str,
    public_url: &'a str,
}

impl Site<'_> {
    fn check_page(&self, relative: &str, links: &Links, report: &mut Report) {
        // The page's own address: `dir/index.html` is served as `dir/`.
        let page_path = relative.strip_suffix("index.html").unwrap_or(relative);
        let Ok(page_url) = Url::parse(&format!("{LOCAL_ORIGIN}{}{page_path}", self.base)) else { return };
        let base_url = match &links.base_href {
            Some(href) => page_url.join(href).unwrap_or_else(|_| page_url.clone()),
            None => page_url.clone(),
        };
        for (attribute, link) in &links.links {
            let broken = |problem: &str| Broken {
                file: relative.to_string(),
                attribute: attribute.clone(),
                link: link.clone(),
                problem: problem.to_string(),
            };
            let link = link.trim();
            if let Some(fragment) = link.strip_prefix('#') {
                // The same page (a fragment resolves against the document, not <base>).
                report.internal += 1;
                if !fragment.is_empty() && !links.ids.contains(&percent_decode(fragment)) {
                    report.broken.push(broken("no element on this page has that id"));
                }
                continue;
            }
            let Some(target) = self.internal(&base_url, link) else { continue };
            report.internal += 1;
            match target {
                Ok(path) => {
                    if let Err(problem) = self.resolve(&path) {
                        report.broken.push(broken(&problem));
                    }
                }
                Err(problem) => report.broken.push(broken(&problem)),
            }
        }
    }

    /// The URL path of an internal link (`None` for a link that leaves the site).
    fn internal(&self, base_url: &Url, link: &str) -> Option<std::result::Result<String, String>> {
        if link.is_empty() {
            return Some(Err("empty link".into()));
        }
        let lower = link.to_ascii_lowercase();
        if ["mailto:", "tel:", "javascript:", "data:", "blob:", "about:"].iter().any(|s| lower.starts_with(s)) {
            return None;
        }
        if let Some(rest) = link.strip_prefix(self.public_url) {
            if rest.is_empty() || rest.starts_with('/') {
                let url = Url::parse(&format!("{LOCAL_ORIGIN}{}", if rest.is_empty() { "/" } else { rest }));
                return Some(url.map(|u| u.path().to_string()).map_err(|e| e.to_string()));
            }
        }
        let resolved = match base_url.join(link) {
            Ok(url) => url,
            Err(err) => return Some(Err(format!("not a URL: {err}"))),
        };
        if resolved.origin() != base_url.origin() {
            return None;
        }
        Some(Ok(resolved.path().to_string()))
    }

    /// The file a URL path is served from, as a static host serves it.
    fn resolve(&self, path: &str) -> std::result::Result<PathBuf, String> {
        let Some(relative) = path.strip_prefix(self.base) else {
            return Err(format!("outside the site's base path {}", self.base));
        };
        let decoded = percent_decode(relative);
        let mut file = self.dist.to_path_buf();
        for part in decoded.split('/').filter(|p| !p.is_empty()) {
            if part == ".." || part == "." {
                return Err("leaves the site".into());
            }
            file.push(part);
        }
        if file.is_dir() {
            file.push("index.html");
        }
        if file.is_file() {
            Ok(file)
        } else {
            Err(format!("no such file: {}", file.strip_prefix(self.dist).unwrap_or(&file).display()))
        }
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().to_string()
}

/// The links of one file: (where, link), the page's `<base href>` and its element ids.
#[derive(Debug, Default)]
pub struct Links {
    pub links: Vec<(String, String)>,
    pub base_href: Option<String>,
    pub ids: BTreeSet<String>,
}

/// Every link of an HTML page, with its `<base href>` and element ids.
pub fn page_links(html: &str) -> Links {
    let sink = Collector::default();
    let tokenizer = Tokenizer::new(sink, Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut links = tokenizer.sink.links.take();
    // Files the page's scripts fetch while it loads (its WebAssembly, its data).
    for file in crate::sizes::requested_files(html) {
        if !links.links.iter().any(|(_, link)| link.trim_start_matches("./") == file) {
            links.links.push(("script fetch".into(), file));
        }
    }
    links
}

#[derive(Default)]
struct Collector {
    links: RefCell<Links>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        let attr = |wanted: &str| tag.attrs.iter().find(|a| &*a.name.local == wanted).map(|a| a.value.to_string());
        let mut links = self.links.borrow_mut();
        if let Some(id) = attr("id") {
            links.ids.insert(id);
        }
        if name == "a" {
            if let Some(anchor) = attr("name") {
                links.ids.insert(anchor);
            }
        }
        if name == "base" {
            if let Some(href) = attr("href") {
                if links.base_href.is_none() {
                    links.base_href = Some(href);
                }
            }
            return TokenSinkResult::Continue;
        }
        for attribute in ["href", "src", "action", "poster"] {
            if let Some(value) = attr(attribute) {
                let what = match (name, attr("rel")) {
                    ("link", Some(rel)) => format!("link rel={rel} {attribute}"),
                    _ => format!("{name} {attribute}"),
                };
                links.links.push((what, value));
            }
        }
        if let Some(value) = attr("xlink:href") {
            links.links.push((format!("{name} xlink:href"), value));
        }
        if let Some(srcset) = attr("srcset") {
            for candidate in srcset_urls(&srcset) {
                links.links.push((format!("{name} srcset"), candidate));
            }
        }
        if name == "meta" {
            let property = attr("property").or_else(|| attr("name")).unwrap_or_default();
            if matches!(property.as_str(), "og:url" | "og:image" | "twitter:image") {
                if let Some(content) = attr("content") {
                    links.links.push((format!("meta {property}"), content));
                }
            }
        }
        drop(links);
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The URLs of a `srcset` (`url [descriptor], url [descriptor], …`).
pub fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .filter(|url| !url.is_empty())
        .map(String::from)
        .collect()
}

/// `<loc>`s and alternate `href`s of a sitemap.
pub fn sitemap_links(xml: &str) -> Links {
    let mut links = Links::default();
    let mut rest = xml;
    while let Some(start) = rest.find("<loc>") {
        let after = &rest[start + 5..];
        let Some(end) = after.find("</loc>") else { break };
        links.links.push(("sitemap loc".into(), xml_unescape(after[..end].trim())));
        rest = &after[end..];
    }
    let mut rest = xml;
    while let Some(start) = rest.find("<xhtml:link") {
        let after = &rest[start..];
        let end = after.find('>').unwrap_or(after.len());
        if let Some(href) = xml_attribute(&after[..end], "href") {
            links.links.push(("sitemap xhtml:link href".into(), href));
        }
        rest = &after[end..];
    }
    links
}

/// The `Sitemap:` lines of robots.txt.
pub fn robots_links(robots: &str) -> Links {
    let mut links = Links::default();
    for line in robots.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        if key.trim().eq_ignore_ascii_case("sitemap") {
            links.links.push(("robots.txt Sitemap".into(), value.trim().to_string()));
        }
    }
    links
}

fn xml_attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')?;
    Some(xml_unescape(&tag[start..start + end]))
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, file: &str, text: &str) {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    fn links_of(html: &str) -> Vec<String> {
        page_links(html).links.into_iter().map(|(_, l)| l).collect()
    }

    #[test]
    fn reads_links_from_attributes_and_not_from_script_text() {
        let html = r##"<!doctype html><html><head><base href="/sub/">
            <link rel="canonical" href="https://x.example/sub/en/">
            <link rel="alternate" hreflang="de" href="https://x.example/sub/de/">
            <link rel="stylesheet" href="style-1.css">
            <meta property="og:url" content="https://x.example/sub/en/">
<script>const s = '<a href="not-a-link/">'; fetch("app-1_bg.wasm");</script>
            <title><a href="nor-this/"></title>
            </head><body><a href="en/firms/a%20b/?q=1#top" id="top">x</a>
            <img src="i.png" srcset="i-1.png 1x, i-2.png 2x" alt="">
            <svg><a href="en/map/"><use xlink:href="#p"/></a></svg>
            <form action="en/search/"></form><a href='#missing'>y</a></body></html>"##;
        let links = page_links(html);
        assert_eq!(links.base_href.as_deref(), Some("/sub/"));
        assert!(links.ids.contains("top"));
        let found: Vec<&str> = links.links.iter().map(|(_, l)| l.as_str()).collect();
        for expected in [
            "https://x.example/sub/en/",
            "https://x.example/sub/de/",
            "style-1.css",
            "en/firms/a%20b/?q=1#top",
            "i.png",
            "i-1.png",
            "i-2.png",
            "en/map/",
            "#p",
            "en/search/",
            "#missing",
            "app-1_bg.wasm",
        ] {
            assert!(found.contains(&expected), "{expected} missing from {found:?}");
        }
        assert!(!found.iter().any(|l| l.contains("not-a-link") || l.contains("nor-this")), "{found:?}");
    }

    #[test]
    fn decodes_entities_in_attributes() {
        assert_eq!(links_of(r#"<a href="en/search/?q=a&amp;b=c">x</a>"#), ["en/search/?q=a&b=c"]);
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(srcset_urls("a.png 1x, b.png 2x,c.png"), ["a.png", "b.png", "c.png"]);
    }

    #[test]
    fn sitemap_and_robots() {
        let xml = r#"<urlset><url><loc>https://x.example/en/</loc>
            <xhtml:link rel="alternate" hreflang="de" href="https://x.example/de/?a=1&amp;b=2"/></url></urlset>"#;
        let found: Vec<String> = sitemap_links(xml).links.into_iter().map(|(_, l)| l).collect();
        assert_eq!(found, ["https://x.example/en/", "https://x.example/de/?a=1&b=2"]);
        let robots: Vec<String> = robots_links("User-agent: *\nSitemap: https://x.example/sitemap.xml\n")
            .links
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        assert_eq!(robots, ["https://x.example/sitemap.xml"]);
    }

    /// A small build under `/sub/` with one broken link of each kind.
    #[test]
    fn finds_exactly_the_broken_links_of_a_sub_path_build() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let head = r#"<head><base href="/sub/"><link rel="stylesheet" href="style.css">"#;
        write(root, "style.css", "body{}");
        write(
            root,
            "en/index.html",
            &format!(
                r##"<html>{head}<link rel="canonical" href="https://x.example/sub/en/">
                <link rel="alternate" hreflang="de" href="https://x.example/sub/de/"></head><body>
                <a href="#main">skip</a><main id="main">
                <a href="en/firms/one/">ok</a> <a href="en/firms/one">ok without slash</a>
                <a href="/sub/en/">ok absolute path</a> <a href="https://elsewhere.example/x">external</a>
                <a href="mailto:a@b.example">mail</a> <a href="en/firms/two/">missing</a>
                <a href="/other/en/">outside base</a> <a href="#nowhere">no id</a>
                <a href="../../etc/">dots</a></main></body></html>"##
            ),
        );
        write(
            root,
            "en/firms/one/index.html",
            &format!("<html>{head}</head><body><a href=\"en/\">up</a></body></html>"),
        );
        write(
            root,
            "sitemap.xml",
            r#"<urlset><url><loc>https://x.example/sub/en/</loc><loc>https://x.example/sub/th/</loc></url></urlset>"#,
        );
        write(root, "robots.txt", "Sitemap: https://x.example/sub/sitemap.xml\n");
        let report = check(root, "/sub/", "https://x.example/").expect("check");
        let broken: Vec<(String, String)> = report.broken.iter().map(|b| (b.file.clone(), b.link.clone())).collect();
        assert_eq!(
            broken,
            [
                ("en/index.html".to_string(), "https://x.example/sub/de/".to_string()),
                ("en/index.html".to_string(), "en/firms/two/".to_string()),
                ("en/index.html".to_string(), "/other/en/".to_string()),
                ("en/index.html".to_string(), "#nowhere".to_string()),
                ("en/index.html".to_string(), "../../etc/".to_string()),
                ("sitemap.xml".to_string(), "https://x.example/sub/th/".to_string()),
            ],
            "{:#?}",
            report.broken
        );
        assert_eq!(report.pages, 2);
        assert!(report.internal >= 14, "{}", report.internal);
    }
}

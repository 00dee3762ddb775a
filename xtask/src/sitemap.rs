//! `sitemap.xml` (sitemaps.org, with `xhtml:link` hreflang alternates) and `robots.txt`
//! naming it. Both need absolute addresses, so the build writes them once it knows the base.

use std::fs;
use std::io;
use std::path::Path;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use sitegen::output::Route;

use crate::meta;

/// The rules of `public/robots.txt`, kept there so that a copy of `public/` alone still has them.
const ROBOTS_RULES: &str = include_str!("../../public/robots.txt");

/// Most addresses in one sitemap file. The protocol allows 50,000 (and 50 MB); with its language
/// versions an address takes about 700 bytes, so 10,000 keep a file near 7 MB.
pub const URLS_PER_SITEMAP: usize = 10_000;

/// The sitemap's name, which `robots.txt` gives: the whole sitemap, or an index of its parts.
const SITEMAP: &str = "sitemap.xml";

/// The sitemap files (name, XML): one `sitemap.xml` for up to `per_file` routes; above, a
/// `sitemap.xml` index of `sitemap-1.xml`, `sitemap-2.xml`, … with `per_file` routes each.
pub fn files(routes: &[Route], public_url: &str, base: &str, per_file: usize) -> Vec<(String, String)> {
    if routes.len() <= per_file {
        return vec![(SITEMAP.to_string(), xml(routes, public_url, base))];
    }
    let parts: Vec<(String, String)> = routes
        .chunks(per_file.max(1))
        .enumerate()
        .map(|(n, part)| (format!("sitemap-{}.xml", n + 1), xml(part, public_url, base)))
        .collect();
    let mut index = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    ));
    for (name, _) in &parts {
        index.push_str(&format!(
            "<sitemap>\n<loc>{}</loc>\n</sitemap>\n",
            text(&meta::absolute(public_url, base, name))
        ));
    }
    index.push_str("</sitemapindex>\n");
    std::iter::once((SITEMAP.to_string(), index)).chain(parts).collect()
}

/// The sitemap of `routes` (the language chooser at the root is a real page and is included),
/// each with its language versions and `x-default` exactly as the page's own `<head>` lists
/// them ([`meta::hreflang_links`]).
pub fn xml(routes: &[Route], public_url: &str, base: &str) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for route in routes {
        out.push_str("<url>\n<loc>");
        out.push_str(&text(&meta::absolute(public_url, base, &route.path)));
        out.push_str("</loc>\n");
        for (hreflang, href) in meta::hreflang_links(route, public_url, base) {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                attr(&hreflang),
                attr(&href)
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: the rules of `public/robots.txt` and the sitemap's absolute address. (Crawlers
/// read it only at the host's root: under a sub-path, the host's own robots.txt must name it.)
pub fn robots_txt(public_url: &str, base: &str) -> String {
    let rules: String =
        ROBOTS_RULES.lines().filter(|line| !line.starts_with("Sitemap:")).map(|l| format!("{l}\n")).collect();
    format!("{}\n\nSitemap: {}\n", rules.trim_end(), meta::absolute(public_url, base, SITEMAP))
}

/// Writes the sitemap ([`files`]) and `robots.txt` (replacing the copy from `public/`) into `dir`.
pub fn write(dir: &Path, routes: &[Route], public_url: &str, base: &str) -> io::Result<()> {
    for (name, xml) in files(routes, public_url, base, URLS_PER_SITEMAP) {
        fs::write(dir.join(name), xml)?;
    }
    fs::write(dir.join("robots.txt"), robots_txt(public_url, base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Lang;

    const ORIGIN: &str = "https://connected-fukushima.example";
    /// The languages of the site these tests describe.
    const LANGS: [Lang; 4] = [Lang::Ja, Lang::En, Lang::De, Lang::Th];

    fn routes() -> Vec<Route> {
        let alternates = |suffix: &str| LANGS.iter().map(|&l| (l, format!("{l}/{suffix}"))).collect::<Vec<_>>();
        let mut routes = vec![Route {
            path: String::new(),
            lang: None,
            title: "Connected in Fukushima".into(),
            description: String::new(),
            alternates: alternates(""),
            x_default: Lang::DEFAULT,
            runs_app: false,
        }];
        for lang in LANGS {
            for suffix in ["", "search/", "firms/a&b/"] {
                routes.push(Route {
                    path: format!("{lang}/{suffix}"),
                    lang: Some(lang),
                    title: "<x> & \"y\"".into(),
                    description: String::new(),
                    alternates: alternates(suffix),
                    x_default: Lang::DEFAULT,
                    runs_app: false,
                });
            }
        }
        routes
    }

    /// The element names in document order, checked to nest properly; `Err` on a stray `<`, `&`
    /// that starts no entity, or an unbalanced tag.
    fn check_well_formed(xml: &str) -> Result<Vec<String>, String> {
        let mut stack: Vec<String> = Vec::new();
        let mut elements = Vec::new();
        let mut rest = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").ok_or("no XML declaration")?;
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open])?;
            let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
            let tag = &rest[open + 1..close];
            if tag.contains('<') {
                return Err(format!("'<' inside tag {tag}"));
            }
            let quotes = tag.matches('"').count();
            if quotes % 2 != 0 {
                return Err(format!("unbalanced quotes in {tag}"));
            }
            check_text(&tag.replace('"', ""))?;
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop().as_deref() != Some(name) {
                    return Err(format!("</{name}> closes nothing open"));
                }
            } else {
                let name = tag.split([' ', '/']).next().unwrap_or_default().to_string();
                elements.push(name.clone());
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
        }
        check_text(rest)?;
        if !stack.is_empty() || rest.trim() != "" {
            return Err(format!("left open: {stack:?}"));
        }
        Ok(elements)
    }

    fn check_text(s: &str) -> Result<(), String> {
        for (i, _) in s.match_indices('&') {
            let entity = &s[i..];
            if !["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#x27;", "&#39;"].iter().any(|e| entity.starts_with(e)) {
                return Err(format!("bare & in {s}"));
            }
        }
        Ok(())
    }

    #[test]
    fn well_formed_with_every_route_and_its_alternates() {
        let routes = routes();
        let xml = xml(&routes, ORIGIN, "/fukushima/");
        let elements = check_well_formed(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        assert_eq!(elements.first().map(String::as_str), Some("urlset"));
        assert_eq!(elements.iter().filter(|e| *e == "url").count(), routes.len());
        assert_eq!(elements.iter().filter(|e| *e == "loc").count(), routes.len());
        // Four languages and x-default on every page.
        assert_eq!(elements.iter().filter(|e| *e == "xhtml:link").count(), routes.len() * 5);
        for route in &routes {
            let loc = format!("<loc>{ORIGIN}/fukushima/{}</loc>", route.path.replace('&', "&amp;"));
            assert_eq!(xml.matches(&loc).count(), 1, "{loc}");
        }
        assert!(xml.contains("<loc>https://connected-fukushima.example/fukushima/</loc>"), "the root is a page");
        assert!(xml.contains(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"th\" href=\"{ORIGIN}/fukushima/th/firms/a&amp;b/\"/>"
        )));
        assert!(xml.contains(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{ORIGIN}/fukushima/en/firms/a&amp;b/\"/>"
        )));
        assert!(!xml.contains("href=\"/"), "every address is absolute");
    }

    #[test]
    fn a_large_site_gets_an_index_of_sitemaps_that_together_list_every_route_once() {
        let routes = routes();
        let per_file = 5;
        let files = files(&routes, ORIGIN, "/fukushima/", per_file);
        let (index_name, index) = &files[0];
        assert_eq!(index_name, "sitemap.xml");
        let elements = check_well_formed(index).unwrap_or_else(|e| panic!("{e}\n{index}"));
        assert_eq!(elements.first().map(String::as_str), Some("sitemapindex"));
        let parts = &files[1..];
        assert_eq!(parts.len(), routes.len().div_ceil(per_file));
        let mut listed = 0;
        for (n, (name, xml)) in parts.iter().enumerate() {
            assert_eq!(name, &format!("sitemap-{}.xml", n + 1));
            assert!(index.contains(&format!("<loc>{ORIGIN}/fukushima/{name}</loc>")), "the index names {name}");
            let elements = check_well_formed(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
            let urls = elements.iter().filter(|e| *e == "url").count();
            assert!(urls <= per_file, "{name} has {urls}");
            listed += urls;
        }
        assert_eq!(listed, routes.len());
        let whole = xml(&routes, ORIGIN, "/fukushima/");
        for route in &routes {
            let loc = format!("<loc>{ORIGIN}/fukushima/{}</loc>", route.path.replace('&', "&amp;"));
            assert_eq!(parts.iter().filter(|(_, xml)| xml.contains(&loc)).count(), 1, "{loc} is in one part");
            assert!(whole.contains(&loc));
        }
        // A site within one file keeps the one sitemap.
        assert_eq!(super::files(&routes, ORIGIN, "/", routes.len()).len(), 1);
    }

    #[test]
    fn the_checker_rejects_broken_xml() {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        assert!(check_well_formed(&format!("{head}<a><b></a></b>")).is_err());
        assert!(check_well_formed(&format!("{head}<a>x & y</a>")).is_err());
        assert!(check_well_formed(&format!("{head}<a>")).is_err());
        assert!(check_well_formed(&format!("{head}<a><b/></a>")).is_ok());
    }

    #[test]
    fn robots_names_the_absolute_sitemap_and_keeps_the_rules() {
        let robots = robots_txt("https://a.example/", "/fukushima/");
        assert!(robots.ends_with("\nSitemap: https://a.example/fukushima/sitemap.xml\n"), "{robots}");
        assert!(robots.contains("User-agent: *\n"));
        assert!(robots.contains("Allow: /\n"));
        assert_eq!(robots.matches("Sitemap:").count(), 1);
        assert_eq!(
            robots_txt(ORIGIN, "/").lines().last(),
            Some("Sitemap: https://connected-fukushima.example/sitemap.xml")
        );
    }

    #[test]
    fn writes_both_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write(dir.path(), &routes(), ORIGIN, "/").unwrap_or_else(|e| panic!("{e}"));
        let sitemap = fs::read_to_string(dir.path().join("sitemap.xml")).unwrap_or_default();
        assert!(sitemap.starts_with("<?xml"));
        let robots = fs::read_to_string(dir.path().join("robots.txt")).unwrap_or_default();
        assert!(robots.contains("Sitemap: https://connected-fukushima.example/sitemap.xml"));
    }
}

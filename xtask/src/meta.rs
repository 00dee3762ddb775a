//! Meta for search engines and link previews, written into each page's `<head>`: an absolute
//! canonical link, absolute hreflang links with `x-default`, Open Graph and Twitter-card tags,
//! and schema.org JSON-LD for the cluster (home pages) and for real firms. A firm marked as a
//! fictional sample gets no JSON-LD: a search engine must not take a sample for a company.
//!
//! Everything here is a pure function of the route list and the content; the build calls
//! [`page_meta_in`] and [`head`] for every route.

use engine::model::{Doc, DocKind, SiteData};
use engine::Lang;
use html_escape::encode_double_quoted_attribute as attr;
use serde_json::{json, Map, Value};
use sitegen::output::{doc_path, Route};

/// The Open Graph type of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OgType {
    /// Home, search, lists, map and the other pages of the app itself.
    Website,
    /// A page with its own text: a firm profile, strategy, programme, institution or page.
    Article,
}

impl OgType {
    fn as_str(self) -> &'static str {
        match self {
            OgType::Website => "website",
            OgType::Article => "article",
        }
    }
}

/// Serialized schema.org JSON-LD, already safe inside `<script type="application/ld+json">`.
/// Only this module makes one, so nothing unescaped reaches a script element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonLd(String);

impl JsonLd {
    fn from_value(value: &Value) -> JsonLd {
        JsonLd(script_safe(&value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What [`head`] needs beyond the route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageMeta {
    pub og_type: OgType,
    /// `og:site_name`; also stripped from the end of the title (`… | site name`) for `og:title`.
    pub site_name: String,
    pub json_ld: Option<JsonLd>,
}

/// `https://host` + `/base/` + `en/firms/x/`: the public address of a page.
pub fn absolute(public_url: &str, base: &str, path: &str) -> String {
    sitegen::qr::public_url(public_url, base, path)
}

/// The `og:locale` of a language. English is British: the site's English is.
pub fn og_locale(lang: Lang) -> &'static str {
    lang.profile().locale
}

/// The page's language versions as `(hreflang, absolute URL)`: its own language and every
/// alternate (each once, in the route's order), then `x-default`. Used by [`head`] and by the
/// sitemap, so both always say the same.
///
/// `x-default` is the language chooser at the root for the root and for the home pages (the
/// case x-default is meant for, and it makes the root's own hreflang links reciprocal), the
/// English version for any other page that has one, else the root.
pub fn hreflang_links(route: &Route, public_url: &str, base: &str) -> Vec<(String, String)> {
    let mut versions: Vec<(Lang, &str)> = Vec::new();
    if let Some(lang) = route.lang {
        if !route.alternates.iter().any(|(l, _)| *l == lang) {
            versions.push((lang, &route.path));
        }
    }
    for (lang, path) in &route.alternates {
        if !versions.iter().any(|(l, _)| l == lang) {
            versions.push((*lang, path));
        }
    }
    let x_default = if route.lang.is_none() || is_home(route) {
        ""
    } else {
        versions.iter().find(|(l, _)| *l == route.x_default).map_or("", |(_, path)| *path)
    };
    let mut links: Vec<(String, String)> =
        versions.iter().map(|(lang, path)| (lang.code().to_string(), absolute(public_url, base, path))).collect();
    links.push(("x-default".into(), absolute(public_url, base, x_default)));
    links
}

/// The `<head>` lines for `route`: canonical, hreflang, Open Graph, Twitter card and, when
/// `extra` has one, JSON-LD. Every value is attribute-escaped.
pub fn head(route: &Route, public_url: &str, base: &str, extra: &PageMeta) -> String {
    let canonical = absolute(public_url, base, &route.path);
    let mut out = format!("<link rel=\"canonical\" href=\"{}\">\n", attr(&canonical));
    for (hreflang, href) in hreflang_links(route, public_url, base) {
        out.push_str(&format!("<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n", attr(&hreflang), attr(&href)));
    }
    let title = preview_title(route, &extra.site_name);
    let lang = route.lang.unwrap_or(route.x_default);
    let mut properties: Vec<(&str, String)> = vec![("og:title", title.clone())];
    if !route.description.is_empty() {
        properties.push(("og:description", route.description.clone()));
    }
    properties.push(("og:url", canonical));
    properties.push(("og:type", extra.og_type.as_str().into()));
    properties.push(("og:site_name", extra.site_name.clone()));
    properties.push(("og:locale", og_locale(lang).into()));
    for (alternate, _) in &route.alternates {
        if *alternate != lang {
            properties.push(("og:locale:alternate", og_locale(*alternate).into()));
        }
    }
    for (property, content) in &properties {
        out.push_str(&format!("<meta property=\"{property}\" content=\"{}\">\n", attr(content)));
    }
    let mut names: Vec<(&str, String)> = vec![("twitter:card", "summary".into()), ("twitter:title", title)];
    if !route.description.is_empty() {
        names.push(("twitter:description", route.description.clone()));
    }
    for (name, content) in &names {
        out.push_str(&format!("<meta name=\"{name}\" content=\"{}\">\n", attr(content)));
    }
    if let Some(json_ld) = &extra.json_ld {
        out.push_str(&format!("<script type=\"application/ld+json\">{}</script>\n", json_ld.as_str()));
    }
    out
}

/// The cluster as a schema.org Organization, for the home pages: `url` is the home page's
/// absolute address.
pub fn organization_json_ld(name: &str, description: &str, url: &str) -> JsonLd {
    let mut organization = organization(name, description, url);
    organization.insert(
        "areaServed".into(),
        json!({
            "@type": "AdministrativeArea",
            "name": "Fukushima Prefecture",
            "containedInPlace": { "@type": "Country", "name": "Japan" }
        }),
    );
    JsonLd::from_value(&Value::Object(organization))
}

/// A firm as a schema.org Organization, or `None` when `doc` is not a firm or is a fictional
/// sample. `locality` is its municipality in the page's language; `profile_url` the absolute
/// address of its profile here (its `url` when the firm states no website of its own).
pub fn firm_json_ld(doc: &Doc, locality: &str, profile_url: &str) -> Option<JsonLd> {
    let firm = doc.firm.as_ref().filter(|firm| !firm.fictional)?;
    let url = if firm.website.is_empty() { profile_url } else { &firm.website };
    let mut organization = organization(&doc.title, &doc.summary, url);
    organization.insert("mainEntityOfPage".into(), json!(profile_url));
    organization.insert(
        "address".into(),
        json!({
            "@type": "PostalAddress",
            "addressLocality": locality,
            "addressRegion": "Fukushima",
            "addressCountry": "JP"
        }),
    );
    if let Some(founded) = firm.founded {
        organization.insert("foundingDate".into(), json!(founded.to_string()));
    }
    if firm.employees > 0 {
        organization
            .insert("numberOfEmployees".into(), json!({ "@type": "QuantitativeValue", "value": firm.employees }));
    }
    if !firm.email.is_empty() {
        organization.insert("email".into(), json!(firm.email));
    }
    Some(JsonLd::from_value(&Value::Object(organization)))
}

/// The fields every schema.org Organization here has (a description only when there is one).
fn organization(name: &str, description: &str, url: &str) -> Map<String, Value> {
    let mut organization = Map::new();
    organization.insert("@context".into(), json!("https://schema.org"));
    organization.insert("@type".into(), json!("Organization"));
    organization.insert("name".into(), json!(name));
    if !description.is_empty() {
        organization.insert("description".into(), json!(description));
    }
    organization.insert("url".into(), json!(url));
    organization
}

/// The [`PageMeta`] of `route`; `data` is the page data of the route's language (`None` for
/// the root). Home pages and the root carry the cluster's JSON-LD, a real firm's profile its
/// own; pages of content are articles.
pub fn page_meta(route: &Route, data: Option<&SiteData>, site_name: &str, public_url: &str, base: &str) -> PageMeta {
    let url = absolute(public_url, base, &route.path);
    let doc = route.lang.zip(data).and_then(|(lang, data)| {
        data.docs.iter().find(|doc| route.path == format!("{lang}/{}", doc_path(doc.kind, &doc.id)))
    });
    let json_ld = if route.lang.is_none() || is_home(route) {
        Some(organization_json_ld(site_name, &route.description, &url))
    } else {
        doc.filter(|doc| doc.kind == DocKind::Firm).and_then(|doc| {
            let municipality = doc.firm.as_ref().map_or("", |firm| firm.municipality.as_str());
            let locality = data
                .and_then(|data| data.vocab.iter().find(|group| group.id == "municipalities"))
                .and_then(|group| group.terms.iter().find(|term| term.id == municipality))
                .map_or(municipality, |term| term.label.as_str());
            firm_json_ld(doc, locality, &url)
        })
    };
    PageMeta {
        og_type: if doc.is_some() { OgType::Article } else { OgType::Website },
        site_name: site_name.to_string(),
        json_ld,
    }
}

/// [`page_meta`] with the route's page data and site name looked up in the loaded site.
pub fn page_meta_in(route: &Route, site: &sitegen::Site, base: &str) -> PageMeta {
    let data = route.lang.and_then(|lang| site.languages.iter().find(|l| l.lang == lang)).map(|l| &l.data);
    let slot = route.lang.unwrap_or(route.x_default).slot();
    let site_name = site
        .ui
        .texts
        .get(slot)
        .and_then(|texts| texts.get("site_name"))
        .map_or("Connected in Fukushima", String::as_str);
    page_meta(route, data, site_name, &site.public_url, base)
}

/// `en/` and the like: a language's home page.
fn is_home(route: &Route) -> bool {
    route.lang.is_some_and(|lang| route.path == format!("{lang}/"))
}

/// The title for previews: without the trailing `| site name`, which `og:site_name` carries;
/// the site name alone for the root (whose title repeats it once per language).
fn preview_title(route: &Route, site_name: &str) -> String {
    if route.lang.is_none() {
        return site_name.to_string();
    }
    route.title.strip_suffix(&format!(" | {site_name}")).unwrap_or(&route.title).to_string()
}

/// JSON that cannot end or confuse a `<script>` element: `<`, `>` and `&` become `\u` escapes
/// (valid only inside JSON strings, the only place serde_json puts them), as do the line
/// separators JavaScript once rejected in strings.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{FirmFacts, Term, VocabGroup};

    const ORIGIN: &str = "https://connected-fukushima.example";
    /// The languages of the sites these tests describe.
    const LANGS: [Lang; 4] = [Lang::Ja, Lang::En, Lang::De, Lang::Th];

    fn route(path: &str, lang: Option<Lang>, suffix: &str) -> Route {
        Route {
            path: path.into(),
            lang,
            title: "Akanezora Plastics | Connected in Fukushima".into(),
            description: "Micro moulding.".into(),
            alternates: LANGS.iter().map(|&l| (l, format!("{l}/{suffix}"))).collect(),
            x_default: Lang::DEFAULT,
            runs_app: false,
        }
    }

    fn firm_doc(fictional: bool, title: &str) -> Doc {
        Doc {
            id: "akanezora-plastics".into(),
            kind: DocKind::Firm,
            title: title.into(),
            summary: "Micro moulding.".into(),
            body_html: String::new(),
            body_text: String::new(),
            firm: Some(FirmFacts {
                fictional,
                municipality: "naraha".into(),
                founded: Some(1977),
                employees: 88,
                website: "https://akanezora.example/".into(),
                ..FirmFacts::default()
            }),
            program: None,
            institution: None,
            order: 0,
        }
    }

    fn plain_meta() -> PageMeta {
        PageMeta { og_type: OgType::Article, site_name: "Connected in Fukushima".into(), json_ld: None }
    }

    #[test]
    fn links_are_absolute_under_a_sub_path() {
        let r = route("de/firms/x/", Some(Lang::De), "firms/x/");
        let html = head(&r, ORIGIN, "/fukushima/", &plain_meta());
        assert!(html
            .contains("<link rel=\"canonical\" href=\"https://connected-fukushima.example/fukushima/de/firms/x/\">"));
        assert!(html.contains(
            "<meta property=\"og:url\" content=\"https://connected-fukushima.example/fukushima/de/firms/x/\">"
        ));
        for lang in LANGS {
            let link = format!("hreflang=\"{lang}\" href=\"{ORIGIN}/fukushima/{lang}/firms/x/\"");
            assert_eq!(html.matches(&link).count(), 1, "{link} once in {html}");
        }
        assert!(html.contains(&format!("hreflang=\"x-default\" href=\"{ORIGIN}/fukushima/en/firms/x/\"")));
        assert!(!html.contains("href=\"/"), "no relative link: {html}");
        // A trailing slash on public_url does not double.
        let html = head(&r, "https://a.example/", "/", &plain_meta());
        assert!(html.contains("href=\"https://a.example/de/firms/x/\""));
    }

    #[test]
    fn own_language_is_listed_even_when_not_among_the_alternates() {
        let mut r = route("th/firms/x/", Some(Lang::Th), "firms/x/");
        r.alternates.retain(|(l, _)| *l == Lang::Ja);
        let links = hreflang_links(&r, ORIGIN, "/");
        let codes: Vec<&str> = links.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["th", "ja", "x-default"]);
        // No English version: x-default is the root.
        assert_eq!(links[2].1, format!("{ORIGIN}/"));
    }

    #[test]
    fn x_default_of_home_pages_and_root_is_the_language_chooser() {
        for r in [route("ja/", Some(Lang::Ja), ""), route("", None, "")] {
            let links = hreflang_links(&r, ORIGIN, "/fukushima/");
            assert_eq!(links.last().cloned(), Some(("x-default".into(), format!("{ORIGIN}/fukushima/"))));
            assert_eq!(links.len(), 5);
        }
        let search = route("ja/search/", Some(Lang::Ja), "search/");
        let links = hreflang_links(&search, ORIGIN, "/");
        assert_eq!(links.last().map(|(_, u)| u.as_str()), Some("https://connected-fukushima.example/en/search/"));
    }

    #[test]
    fn open_graph_and_twitter_card() {
        let r = route("ja/firms/x/", Some(Lang::Ja), "firms/x/");
        let html = head(&r, ORIGIN, "/", &plain_meta());
        for expected in [
            "<meta property=\"og:title\" content=\"Akanezora Plastics\">",
            "<meta property=\"og:description\" content=\"Micro moulding.\">",
            "<meta property=\"og:type\" content=\"article\">",
            "<meta property=\"og:site_name\" content=\"Connected in Fukushima\">",
            "<meta property=\"og:locale\" content=\"ja_JP\">",
            "<meta property=\"og:locale:alternate\" content=\"en_GB\">",
            "<meta property=\"og:locale:alternate\" content=\"de_DE\">",
            "<meta property=\"og:locale:alternate\" content=\"th_TH\">",
            "<meta name=\"twitter:card\" content=\"summary\">",
            "<meta name=\"twitter:title\" content=\"Akanezora Plastics\">",
            "<meta name=\"twitter:description\" content=\"Micro moulding.\">",
        ] {
            assert!(html.contains(expected), "{expected} missing from {html}");
        }
        assert!(!html.contains("og:locale:alternate\" content=\"ja_JP"));
        assert!(!html.contains("ld+json"));
    }

    #[test]
    fn escapes_hostile_titles_and_descriptions() {
        let mut r = route("en/firms/x/", Some(Lang::En), "firms/x/");
        r.title = "\"><script>alert(1)</script> & co | Connected in Fukushima".into();
        r.description = "'\"><img src=x onerror=alert(1)>".into();
        let html = head(&r, ORIGIN, "/", &plain_meta());
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("\">\"<"), "{html}");
        assert!(html.contains("content=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co\""));
        // Every tag is still one of ours.
        for line in html.lines() {
            assert!(line.starts_with("<link ") || line.starts_with("<meta "), "{line}");
            assert_eq!(line.matches('<').count(), 1, "{line}");
        }
    }

    #[test]
    fn organization_json_ld_for_the_cluster() {
        let json = organization_json_ld("Connected in Fukushima", "Find technology.", "https://a.example/sub/en/");
        let value: Value = serde_json::from_str(json.as_str()).unwrap_or_default();
        assert_eq!(value["@type"], "Organization");
        assert_eq!(value["@context"], "https://schema.org");
        assert_eq!(value["name"], "Connected in Fukushima");
        assert_eq!(value["url"], "https://a.example/sub/en/");
        assert_eq!(value["areaServed"]["name"], "Fukushima Prefecture");
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let json = organization_json_ld("</script><script>alert(1)</script>", "a & b <!--", "https://a.example/");
        assert!(!json.as_str().contains('<'));
        assert!(!json.as_str().contains('>'));
        assert!(!json.as_str().contains('&'));
        assert!(json.as_str().contains("\\u003c/script\\u003e"));
        // Still the same JSON.
        let value: Value = serde_json::from_str(json.as_str()).unwrap_or_default();
        assert_eq!(value["name"], "</script><script>alert(1)</script>");
        assert_eq!(value["description"], "a & b <!--");
        let meta = PageMeta { json_ld: Some(json), ..plain_meta() };
        let html = head(&route("en/", Some(Lang::En), ""), ORIGIN, "/", &meta);
        assert_eq!(html.matches("</script>").count(), 1);
        assert!(html.ends_with("</script>\n"));
    }

    #[test]
    fn a_real_firm_gets_json_ld() {
        let doc = firm_doc(false, "Real </script> Works");
        let json = firm_json_ld(&doc, "Naraha", "https://a.example/en/firms/akanezora-plastics/");
        let Some(json) = json else { panic!("a real firm gets JSON-LD") };
        assert!(!json.as_str().contains('<'));
        let value: Value = serde_json::from_str(json.as_str()).unwrap_or_default();
        assert_eq!(value["@type"], "Organization");
        assert_eq!(value["name"], "Real </script> Works");
        assert_eq!(value["url"], "https://akanezora.example/");
        assert_eq!(value["mainEntityOfPage"], "https://a.example/en/firms/akanezora-plastics/");
        assert_eq!(value["address"]["addressLocality"], "Naraha");
        assert_eq!(value["address"]["addressCountry"], "JP");
        assert_eq!(value["foundingDate"], "1977");
    }

    #[test]
    fn a_fictional_firm_gets_none() {
        assert_eq!(firm_json_ld(&firm_doc(true, "Sample"), "Naraha", "https://a.example/"), None);
        let mut not_a_firm = firm_doc(false, "About");
        not_a_firm.firm = None;
        assert_eq!(firm_json_ld(&not_a_firm, "", "https://a.example/"), None);
    }

    #[test]
    fn page_meta_picks_type_and_json_ld() {
        let data = |fictional: bool| SiteData {
            lang: Some(Lang::En),
            docs: vec![firm_doc(fictional, "Akanezora Plastics")],
            vocab: vec![VocabGroup {
                id: "municipalities".into(),
                terms: vec![Term { id: "naraha".into(), label: "Naraha".into(), ..Term::default() }],
            }],
            ..SiteData::default()
        };
        let firm = route("en/firms/akanezora-plastics/", Some(Lang::En), "firms/akanezora-plastics/");
        let real = data(false);
        let meta = page_meta(&firm, Some(&real), "Connected in Fukushima", ORIGIN, "/sub/");
        assert_eq!(meta.og_type, OgType::Article);
        let json = meta.json_ld.map(|j| j.as_str().to_string()).unwrap_or_default();
        assert!(json.contains("\"addressLocality\":\"Naraha\""), "{json}");
        assert!(json.contains("https://connected-fukushima.example/sub/en/firms/akanezora-plastics/"));

        let sample = data(true);
        let meta = page_meta(&firm, Some(&sample), "Connected in Fukushima", ORIGIN, "/sub/");
        assert_eq!(meta.og_type, OgType::Article);
        assert_eq!(meta.json_ld, None, "no JSON-LD for a fictional sample");

        let home = route("en/", Some(Lang::En), "");
        let meta = page_meta(&home, Some(&sample), "Connected in Fukushima", ORIGIN, "/sub/");
        assert_eq!(meta.og_type, OgType::Website);
        let json = meta.json_ld.map(|j| j.as_str().to_string()).unwrap_or_default();
        assert!(json.contains("\"url\":\"https://connected-fukushima.example/sub/en/\""), "{json}");

        let root = route("", None, "");
        assert!(page_meta(&root, None, "Connected in Fukushima", ORIGIN, "/").json_ld.is_some());
        let search = route("en/search/", Some(Lang::En), "search/");
        let meta = page_meta(&search, Some(&sample), "Connected in Fukushima", ORIGIN, "/");
        assert_eq!((meta.og_type, meta.json_ld), (OgType::Website, None));
    }

    #[test]
    fn root_preview_title_is_the_site_name() {
        let mut root = route("", None, "");
        root.title = "Connected in Fukushima · Connected in Fukushima".into();
        let html = head(&root, ORIGIN, "/", &plain_meta());
        assert!(html.contains("<meta property=\"og:title\" content=\"Connected in Fukushima\">"));
        assert!(html.contains("<meta property=\"og:locale\" content=\"en_GB\">"));
    }
}

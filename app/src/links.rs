//! Page addresses. Links are written relative to the document's `<base href>`, so the same
//! build works at `/` and under a sub-path; the router intercepts them.

use engine::model::DocKind;
use engine::Lang;

/// The document's base URL (`<base href>` resolved), against which page paths are written;
/// empty when rendering on the host.
pub fn document_base_url() -> String {
    crate::browser::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default()
}

/// The router base: the path of `document.baseURI` without its trailing slash.
pub fn router_base() -> String {
    let base = document_base_url();
    let path = base.split("://").nth(1).and_then(|rest| rest.find('/').map(|i| &rest[i..])).unwrap_or("/");
    path.trim_end_matches('/').to_string()
}

/// The not-found page: written once as `404.html` at the base, which a static host serves for
/// every address the site lacks, so its links cannot name the address it is shown at.
pub const NOT_FOUND_PAGE: &str = "404.html";

/// `path` (relative to the site base) made absolute against the document's base URL.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    let directory = base_url.rfind('/').map_or(base_url, |slash| &base_url[..=slash]);
    format!("{directory}{path}")
}

/// `en/`, `en/search/`: a page of a language, relative to the base.
pub fn page(lang: Lang, suffix: &str) -> String {
    format!("{}/{suffix}", lang.code())
}

/// The address of a document.
pub fn doc(lang: Lang, kind: DocKind, id: &str) -> String {
    page(lang, &engine::routes::doc_path(kind, id))
}

/// The landing page of term `id` of the vocabulary group `group`, if the group has them.
pub fn landing(lang: Lang, group: &str, id: &str) -> Option<String> {
    let segment = engine::landing::segment_of(group)?;
    Some(page(lang, &engine::landing::path(segment, id)))
}

/// An absolute path for `Router::navigate` (the router prefixes the base).
pub fn route(lang: Lang, suffix: &str) -> String {
    format!("/{}", page(lang, suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_against_the_base() {
        assert_eq!(absolute_url("http://127.0.0.1:8080/", "en/firms/a/"), "http://127.0.0.1:8080/en/firms/a/");
        assert_eq!(absolute_url("http://h/sub/index.html", "en/"), "http://h/sub/en/");
    }
}

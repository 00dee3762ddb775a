//! Which data files each language has. Their names carry a hash of their content, so they
//! change with every content edit; the app is not rebuilt for that: the page names them all in
//! `<html data-files="data/ja.….pages data/ja.….idx data/en.….pages …">` (written by
//! `xtask::shell`), and the app reads them from there.

use engine::Lang;

/// The attribute of `<html>` that lists every language's data files.
pub const ATTRIBUTE: &str = "data-files";

/// `lang`'s page data file, relative to the site's base.
pub fn pages(lang: Lang) -> Option<String> {
    find(&listed(), lang, ".pages")
}

/// `lang`'s search index file, relative to the site's base.
pub fn index(lang: Lang) -> Option<String> {
    find(&listed(), lang, ".idx")
}

/// The file of `lang` ending in `extension` among space-separated `names`.
pub fn find(names: &str, lang: Lang, extension: &str) -> Option<String> {
    let prefix = format!("data/{}.", lang.code());
    names.split_whitespace().find(|name| name.starts_with(&prefix) && name.ends_with(extension)).map(String::from)
}

#[cfg(feature = "csr")]
fn listed() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute(ATTRIBUTE))
        .unwrap_or_default()
}

/// Pages rendered on the host fetch nothing.
#[cfg(not(feature = "csr"))]
fn listed() -> String {
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_languages_files() {
        let names = "data/ja.01.pages data/ja.02.idx data/en.03.pages data/en.04.idx";
        assert_eq!(find(names, Lang::En, ".pages").as_deref(), Some("data/en.03.pages"));
        assert_eq!(find(names, Lang::Ja, ".idx").as_deref(), Some("data/ja.02.idx"));
        assert_eq!(find(names, Lang::De, ".pages"), None);
        assert_eq!(find("", Lang::En, ".idx"), None);
    }
}

//! Which data files each language has. Their names carry a hash of their content, so they
//! change with every content edit; the app is not rebuilt for that: the page names them all in
//! `<html data-files="data/ja.….pages data/ja.….idx data/en.….pages …">` (written by
//! `xtask::shell`), and the app reads them from there. The list is also what says which
//! languages the site has, in its display order (`site.toml` `languages`): the app does not
//! assume every language the code knows ([`Lang::ALL`]).

use engine::Lang;

/// The attribute of `<html>` that lists every language's data files.
pub const ATTRIBUTE: &str = "data-files";

/// The site's languages, in display order: those the page lists data files of (on the host,
/// those [`set_languages`] named).
pub fn languages() -> Vec<Lang> {
    let listed = languages_in(&listed());
    if listed.is_empty() {
        registered()
    } else {
        listed
    }
}

/// The languages of space-separated data file names (`data/<code>.<hash>.<ext>`), each once,
/// in the order listed.
pub fn languages_in(names: &str) -> Vec<Lang> {
    let mut languages = Vec::new();
    for name in names.split_whitespace() {
        let code = name.strip_prefix("data/").and_then(|rest| rest.split('.').next()).unwrap_or_default();
        if let Some(lang) = Lang::ALL.into_iter().find(|lang| lang.code() == code) {
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
    }
    languages
}

static REGISTERED: std::sync::Mutex<Vec<Lang>> = std::sync::Mutex::new(Vec::new());

/// Names the site's languages for pages rendered on the host (the prerenderer reads them from
/// the build's data file list).
pub fn set_languages(languages: &[Lang]) {
    if let Ok(mut registered) = REGISTERED.lock() {
        *registered = languages.to_vec();
    }
}

/// [`set_languages`]'s list; without one, the languages whose UI words are registered.
fn registered() -> Vec<Lang> {
    let registered = REGISTERED.lock().map(|r| r.clone()).unwrap_or_default();
    if registered.is_empty() {
        Lang::ALL.into_iter().filter(|&lang| crate::i18n::has(lang)).collect()
    } else {
        registered
    }
}

static SHARDED: std::sync::Mutex<Vec<Lang>> = std::sync::Mutex::new(Vec::new());

/// Names the languages whose search page reads a sharded index (the prerenderer reads them
/// from the build's data file list): their search page is rendered for the first-answer
/// module alone, without every firm's card (see `pages::search`).
pub fn set_sharded(languages: &[Lang]) {
    if let Ok(mut sharded) = SHARDED.lock() {
        *sharded = languages.to_vec();
    }
}

/// Whether `lang`'s search page reads a sharded index: named by the prerenderer on the host,
/// and in the browser by the page listing its head (see [`head`]). The app never runs on
/// such a search page.
pub fn is_sharded(lang: Lang) -> bool {
    SHARDED.lock().is_ok_and(|sharded| sharded.contains(&lang)) || head(lang).is_some()
}

/// For a sharded language, the head of its page data, read instead of the page data
/// (`engine::records`); its pages and index are then not listed.
pub fn head(lang: Lang) -> Option<String> {
    find(&listed(), lang, ".head")
}

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

    #[test]
    fn the_listed_files_name_the_sites_languages_in_order() {
        let names = "data/th.01.pages data/th.02.idx data/ja.03.pages data/ja.04.idx data/xx.05.idx";
        assert_eq!(languages_in(names), [Lang::Th, Lang::Ja]);
        assert!(languages_in("").is_empty());
    }
}

//! The interface's words in the current language.
//!
//! The words are content, not code: the page's own language's come with the page (read at
//! start, see `crate::start`), every language's arrive inside its page data (`SiteData::ui`);
//! each is registered here once (kept for good). [`ui`] is reactive: a view that asked for a language before its words were
//! there renders again when they arrive. The app shows a page only once its language's data
//! has settled, so a reader never sees a page without its words.

use std::sync::{LazyLock, Mutex};

use engine::ui_text::UiText;
use engine::Lang;
use leptos::prelude::{ArcTrigger, Notify, Track};

/// The interface's words in one language: the fields are the keys of `content/ui/*.toml`.
pub type Ui = UiText<&'static str>;

/// The registered languages' words.
static TEXTS: Mutex<Vec<(Lang, &'static Ui)>> = Mutex::new(Vec::new());

/// Notified whenever a language's words arrive.
static ARRIVED: LazyLock<ArcTrigger> = LazyLock::new(ArcTrigger::new);

/// The UI strings of `lang`: until they have arrived, those of a language that has (or empty
/// texts before any has).
pub fn ui(lang: Lang) -> &'static Ui {
    #[cfg(test)]
    tests::load_the_content();
    ARRIVED.track();
    let texts = TEXTS.lock().map(|texts| texts.iter().find(|(l, _)| *l == lang).or(texts.first()).map(|(_, ui)| *ui));
    texts.ok().flatten().unwrap_or_else(empty)
}

/// Whether `lang`'s words have arrived.
pub fn has(lang: Lang) -> bool {
    TEXTS.lock().is_ok_and(|texts| texts.iter().any(|(l, _)| *l == lang))
}

/// Keeps `lang`'s words (the first time only: a language's words do not change while a page
/// is open).
pub fn register(lang: Lang, text: &UiText) {
    let Ok(mut texts) = TEXTS.lock() else { return };
    if texts.iter().any(|(l, _)| *l == lang) {
        return;
    }
    let leaked: &'static Ui = Box::leak(Box::new(text.clone().map(|s| &*s.leak())));
    texts.push((lang, leaked));
    drop(texts);
    ARRIVED.notify();
}

fn empty() -> &'static Ui {
    static EMPTY: LazyLock<Ui> = LazyLock::new(|| UiText::from_fn(|_| ""));
    &EMPTY
}

/// Replaces `{name}` placeholders; unknown placeholders stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Unit tests read the shipped words of `content/ui/` (checked as the build checks them).
    pub(crate) fn load_the_content() {
        static LOADED: std::sync::Once = std::sync::Once::new();
        LOADED.call_once(|| {
            let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
            let mut errors = sitegen::ContentErrors::default();
            let settings = sitegen::settings::load(&content, &mut errors);
            let strings = sitegen::ui::load(&content, &settings.languages, settings.default_lang(), &mut errors);
            assert!(errors.is_empty(), "{errors}");
            for &lang in &settings.languages {
                register(lang, &strings.text(lang));
            }
        });
    }

    /// The shipped site's languages (`content/site.toml`), their words loaded.
    pub(crate) fn site_languages() -> Vec<Lang> {
        load_the_content();
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        sitegen::settings::load(&content, &mut sitegen::ContentErrors::default()).languages
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill("{count} results for {q}", &[("count", "3"), ("q", "x")]), "3 results for x");
        assert_eq!(fill("{x}", &[]), "{x}");
    }

    #[test]
    fn every_language_has_its_strings() {
        for lang in site_languages() {
            assert!(!ui(lang).nav_search.is_empty());
            assert!(has(lang));
        }
        assert_ne!(ui(Lang::Ja).nav_search, ui(Lang::De).nav_search);
    }

    #[test]
    fn a_language_is_registered_once() {
        load_the_content();
        let before = ui(Lang::En).nav_search;
        register(Lang::En, &UiText::from_fn(|key| key.to_string()));
        assert_eq!(ui(Lang::En).nav_search, before);
    }
}

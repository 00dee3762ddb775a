//! `/`: picks the visitor's language from `navigator.languages` and shows all four.

use engine::Lang;
use leptos::prelude::*;

use crate::router::{Navigation, Router};

/// The first of the browser's preferred languages that the site has (English otherwise).
pub fn preferred_language(preferences: &[String]) -> Lang {
    preferences.iter().find_map(|code| Lang::from_code(code)).unwrap_or(Lang::En)
}

fn browser_languages() -> Vec<String> {
    crate::browser::window()
        .map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

#[component]
pub fn LanguageRoot() -> impl IntoView {
    let chosen = preferred_language(&browser_languages());
    let router = Router::use_router();
    Effect::new(move |_| {
        router.navigate(&format!("/{}/", chosen.code()), Navigation { replace: true, ..Navigation::default() });
    });
    view! {
        <main id="main" class="language-root">
            <h1>"Connected in Fukushima"</h1>
            <ul class="language-list">
                {Lang::ALL
                    .into_iter()
                    .map(|lang| view! {
                        <li><a href=format!("{}/", lang.code()) hreflang=lang.code() lang=lang.code()>{lang.native_name()}</a></li>
                    })
                    .collect_view()}
            </ul>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_first_supported_preference() {
        let prefs = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(preferred_language(&prefs(&["fr-FR", "de-DE", "en"])), Lang::De);
        assert_eq!(preferred_language(&prefs(&["th"])), Lang::Th);
        assert_eq!(preferred_language(&prefs(&["zh-CN"])), Lang::En);
        assert_eq!(preferred_language(&[]), Lang::En);
    }
}

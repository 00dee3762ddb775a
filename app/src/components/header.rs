//! Site header: name, navigation and the language switcher (which keeps the current page).

use engine::Lang;
use leptos::prelude::*;

use crate::i18n::ui;
use crate::lang_context::use_lang;
use crate::links;
use crate::router::Router;
use crate::shortlist::Shortlist;
use crate::store::Store;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let t = move || ui(lang.get());
    let nav = move || {
        let lang = lang.get();
        let t = ui(lang);
        [
            ("search/", t.nav_search),
            ("strategies/", t.nav_strategies),
            ("programs/", t.nav_programs),
            ("map/", t.nav_map),
            ("about/", t.nav_about),
        ]
        .into_iter()
        .map(|(suffix, label)| view! { <li><a href=links::page(lang, suffix)>{label}</a></li> })
        .collect_view()
    };
    // The page's own address: under `<base href>` a bare `#main` would lead to the base.
    let path = Router::use_router().path();
    let skip_target = move || skip_link(&path.read());
    view! {
        <a class="skip-link" href=skip_target>{move || t().skip_to_content}</a>
        <header class="site-header">
            <div class="brand">
                <a class="site-name" href=move || links::page(lang.get(), "")>{move || t().site_name}</a>
            </div>
            <nav class="site-nav" aria-label=move || t().nav_home>
                <ul>{nav}<ShortlistLink/></ul>
            </nav>
            <LanguageSwitcher/>
        </header>
    }
}

/// The shortlist in the navigation, with the number of firms on it.
#[component]
fn ShortlistLink() -> impl IntoView {
    let lang = use_lang();
    let shortlist = Shortlist::use_shortlist();
    let link = move || {
        let lang = lang.get();
        view! {
            <a href=links::page(lang, "shortlist/")>
                {ui(lang).nav_shortlist}
                " "
                <span class="nav-count">{move || format!("({})", shortlist.len())}</span>
            </a>
        }
    };
    view! { <li class="nav-shortlist">{link}</li> }
}

/// Links to the same page in the other languages. Pointing at or focusing one loads that
/// language's page data ahead of the click.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let lang = use_lang();
    let store = Store::use_store();
    let router = Router::use_router();
    let (path, search) = (router.path(), router.search());
    view! {
        <nav class="language-switcher" aria-label=move || ui(lang.get()).language_label>
            <ul>
                {crate::data_files::languages()
                    .into_iter()
                    .map(|other| {
                        let href = move || same_page_in(&path.read(), other, &search.read());
                        view! {
                            <li>
                                <a
                                    href=href
                                    hreflang=other.code()
                                    lang=other.html_lang()
                                    aria-current=move || (lang.get() == other).then_some("true")
                                    on:pointerenter=move |_| store.ensure(other)
                                    on:focus=move |_| store.ensure(other)
                                >
                                    {other.native_name()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The skip link's target: the page's own address with `#main`. The not-found page is shown at
/// addresses it cannot know, so its skip link names the file every host serves it from.
pub fn skip_link(path: &str) -> String {
    let path = path.trim_start_matches('/');
    if path.ends_with(links::NOT_FOUND_PAGE) {
        return format!("{}#main", links::NOT_FOUND_PAGE);
    }
    format!("{path}#main")
}

/// `/en/firms/x/` (below the base) → `de/firms/x/` (relative to the base), keeping the query.
/// From the not-found page (which has no counterpart), to the language's home page.
pub fn same_page_in(path: &str, lang: Lang, search: &str) -> String {
    let rest = path.trim_start_matches('/').split_once('/').map_or("", |(_, rest)| rest);
    if rest == links::NOT_FOUND_PAGE {
        return links::page(lang, "");
    }
    let query = if search.is_empty() || search == "?" {
        String::new()
    } else if search.starts_with('?') {
        search.to_string()
    } else {
        format!("?{search}")
    };
    format!("{}/{rest}{query}", lang.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_language_and_keeps_the_page() {
        assert_eq!(same_page_in("/en/firms/x/", Lang::De, ""), "de/firms/x/");
        assert_eq!(same_page_in("/ja/search/", Lang::Th, "?q=a"), "th/search/?q=a");
        assert_eq!(same_page_in("/en", Lang::Ja, ""), "ja/");
        assert_eq!(same_page_in("/en/404.html", Lang::Th, ""), "th/");
    }

    #[test]
    fn skip_links_stay_on_the_page() {
        assert_eq!(skip_link("/en/firms/x/"), "en/firms/x/#main");
        assert_eq!(skip_link("/en/404.html"), "404.html#main");
    }
}

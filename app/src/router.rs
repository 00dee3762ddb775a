//! Client-side navigation. Every page of the site is also a real `index.html` (see
//! `xtask dist`), so the router only has to keep the URL and the rendered page in step: it
//! takes over clicks on links inside the site, follows the browser's back and forward, and
//! exposes the current route, its parameters and the query string as signals.
//!
//! Hand-written rather than leptos_router: the site has a fixed handful of routes, and
//! leptos_router's general matching, nested-route and async machinery cost 29.7 KB of the
//! brotli-compressed WebAssembly and JavaScript (278,227 → 248,521 bytes by `cargo xtask
//! sizes` when it was replaced).

use engine::routes::Fixed;
use engine::Lang;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The browser's address, as last navigated to.
#[derive(Clone, Debug, Default, PartialEq)]
struct Location {
    /// The full path, base included (`/fukushima/en/search/`).
    pathname: String,
    /// The query string with its `?`, or empty.
    search: String,
}

impl Location {
    fn current() -> Location {
        let location = web_sys::window().map(|w| w.location());
        let read = |get: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
            location.as_ref().and_then(|l| get(l).ok()).unwrap_or_default()
        };
        Location { pathname: read(web_sys::Location::pathname), search: read(web_sys::Location::search) }
    }
}

/// The page a language's path names. Parameters (which firm, which document) are not part of
/// it, so moving between two firms keeps the firm page and updates its [`Params`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Search,
    Firm,
    Strategies,
    Programs,
    Map,
    Shortlist,
    Compare,
    /// A strategy, program, institution (`section/id`) or a page of its own (`id`).
    Doc,
    /// A vocabulary term's landing page (`processes/injection-moulding`; see `engine::landing`).
    Landing,
}

impl Page {
    /// The page of a row of `engine::routes::FIXED_PAGES`.
    pub fn fixed(page: Fixed) -> Page {
        match page {
            Fixed::Search => Page::Search,
            Fixed::Shortlist => Page::Shortlist,
            Fixed::Compare => Page::Compare,
            Fixed::Map => Page::Map,
            Fixed::Strategies => Page::Strategies,
            Fixed::Programs => Page::Programs,
        }
    }
}

/// What the path below the base is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`: choose a language.
    LanguageRoot,
    /// `/{lang}/…`; `None` when the rest names no page.
    Lang(Option<Page>),
}

/// The path's parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// The first segment as written (checked by the language layout).
    pub lang: String,
    pub section: Option<String>,
    pub id: Option<String>,
}

impl Params {
    /// The language, if the first segment is exactly one of the site's codes.
    pub fn language(&self) -> Option<Lang> {
        Lang::from_code(&self.lang).filter(|lang| lang.code() == self.lang)
    }
}

/// Splits a path below the base (`/en/firms/x/`) into its route and parameters.
pub fn parse(path: &str) -> (Route, Params) {
    let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    let Some((&lang, rest)) = segments.split_first() else {
        return (Route::LanguageRoot, Params::default());
    };
    let mut params = Params { lang: lang.to_string(), ..Params::default() };
    let fixed = |name: &str| engine::routes::fixed_page(name).map(|fixed| Page::fixed(fixed.page));
    let page = match *rest {
        [] => Some(Page::Home),
        [name] => fixed(name).or_else(|| {
            params.id = Some(name.to_string());
            Some(Page::Doc)
        }),
        ["firms", id] => {
            params.id = Some(id.to_string());
            Some(Page::Firm)
        }
        [segment, slug] if engine::landing::facet_at(segment).is_some() => {
            params.section = Some(segment.to_string());
            params.id = Some(slug.to_string());
            Some(Page::Landing)
        }
        [section, id] => {
            params.section = Some(section.to_string());
            params.id = Some(id.to_string());
            Some(Page::Doc)
        }
        _ => None,
    };
    (Route::Lang(page), params)
}

/// The query string's parameters, decoded, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryMap(Vec<(String, String)>);

impl QueryMap {
    /// Decodes `search` (with or without its `?`) as the browser does.
    pub fn parse(search: &str) -> QueryMap {
        if search.trim_start_matches('?').is_empty() {
            return QueryMap::default();
        }
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(search) else { return QueryMap::default() };
        let pairs = js_sys::try_iter(&params)
            .ok()
            .flatten()
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let entry = js_sys::Array::from(&entry.ok()?);
                Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
            })
            .collect();
        QueryMap(pairs)
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// How to go somewhere.
#[derive(Clone, Copy, Debug)]
pub struct Navigation {
    /// Replace the current history entry (a refined search) instead of adding one.
    pub replace: bool,
    /// Start the new page at its top.
    pub scroll_to_top: bool,
}

impl Default for Navigation {
    fn default() -> Self {
        Navigation { replace: false, scroll_to_top: true }
    }
}

/// What a click on a link asks of the router.
enum Click {
    /// A page of the site: this path below the base.
    Page(String),
    /// `#id` on this page.
    InPage(String),
    /// Anything else (other origins, new tabs, downloads): the browser's business.
    Browser,
}

/// The router's state, shared through context.
#[derive(Clone, Copy)]
pub struct Router {
    location: RwSignal<Location>,
    /// The base path without its trailing slash (`""` or `/fukushima`).
    base: StoredValue<String>,
    /// The path below the base (`/en/search/`).
    path: Memo<String>,
    route: Memo<(Route, Params)>,
}

impl Router {
    /// The router's state for `base` at `location`.
    fn new(base: String, location: Location) -> Router {
        let location = RwSignal::new(location);
        let base = StoredValue::new(base);
        let path = Memo::new(move |_| {
            let pathname = location.read().pathname.clone();
            base.with_value(|base| pathname.strip_prefix(base.as_str()).map(str::to_string)).unwrap_or(pathname)
        });
        let route = Memo::new(move |_| parse(&path.read()));
        Router { location, base, path, route }
    }

    /// Creates the router for `base` and starts following clicks and history.
    pub fn provide(base: String) {
        let router = Router::new(base, Location::current());
        provide_context(router);
        router.follow_history();
        router.take_over_links();
    }

    /// A router fixed at `path` (below the base, `/en/search/`), for rendering that page on
    /// the host; links are relative to `<base href>`, so the base itself is not needed.
    pub fn provide_at(path: &str) {
        let location = Location { pathname: path.to_string(), search: String::new() };
        provide_context(Router::new(String::new(), location));
    }

    /// The app's router; outside the app (never in practice) a router at the site's root,
    /// rather than a panic.
    pub fn use_router() -> Router {
        use_context::<Router>().unwrap_or_else(|| Router::new(String::new(), Location::default()))
    }

    /// Goes to `path` below the base (`/en/search/?q=x`).
    pub fn navigate(&self, path: &str, how: Navigation) {
        let url = format!("{}{path}", self.base.get_value());
        let Some(window) = web_sys::window() else { return };
        if !renders_in_app(path) {
            let _ = window.location().set_href(&url);
            return;
        }
        let Ok(history) = window.history() else { return };
        let done = if how.replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
        if done.is_err() {
            // Not a URL of this origin: let the browser go there.
            let _ = window.location().set_href(&url);
            return;
        }
        self.location.set(Location::current());
        if how.scroll_to_top {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// The path below the base (`/en/firms/x/`).
    pub fn path(&self) -> Memo<String> {
        self.path
    }

    /// The query string with its `?`, or empty.
    pub fn search(&self) -> Memo<String> {
        let location = self.location;
        Memo::new(move |_| location.read().search.clone())
    }

    /// What the path names; changes only when the page kind does.
    pub fn route(&self) -> Memo<Route> {
        let route = self.route;
        Memo::new(move |_| route.read().0)
    }

    pub fn params(&self) -> Memo<Params> {
        let route = self.route;
        Memo::new(move |_| route.read().1.clone())
    }

    pub fn query(&self) -> Memo<QueryMap> {
        let location = self.location;
        Memo::new(move |_| QueryMap::parse(&location.read().search))
    }

    fn follow_history(self) {
        let on_pop = Closure::<dyn Fn()>::new(move || self.location.set(Location::current()));
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        }
        // The app lives as long as the page.
        on_pop.forget();
    }

    /// Clicks on links to pages of the site become history entries instead of page loads.
    fn take_over_links(self) {
        let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
            match self.classify_click(&event) {
                Click::Page(path) => {
                    event.prevent_default();
                    self.navigate(&path, Navigation::default());
                }
                Click::InPage(id) => {
                    // With `<base href>` the browser would load the base URL instead.
                    event.prevent_default();
                    jump_to(&id);
                }
                Click::Browser => {}
            }
        });
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        }
        on_click.forget();
    }

    fn classify_click(&self, event: &web_sys::MouseEvent) -> Click {
        self.link_target(event).unwrap_or(Click::Browser)
    }

    /// Where a plain click on a link of this site goes (`None`: leave it to the browser).
    fn link_target(&self, event: &web_sys::MouseEvent) -> Option<Click> {
        let modified = event.meta_key() || event.ctrl_key() || event.shift_key() || event.alt_key();
        if event.default_prevented() || event.button() != 0 || modified {
            return None;
        }
        let anchor = event
            .target()?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .closest("a[href]")
            .ok()??
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .ok()?;
        let raw = anchor.get_attribute("href").unwrap_or_default();
        if let Some(id) = raw.strip_prefix('#') {
            return Some(Click::InPage(id.to_string()));
        }
        let opens_elsewhere = !matches!(anchor.target().as_str(), "" | "_self");
        if opens_elsewhere || anchor.has_attribute("download") || anchor.rel().contains("external") {
            return None;
        }
        let here = web_sys::window()?.location();
        if anchor.origin() != here.origin().ok()? {
            return None;
        }
        let pathname = anchor.pathname();
        let hash = anchor.hash();
        if !hash.is_empty() && pathname == here.pathname().ok()? && anchor.search() == here.search().ok()? {
            return Some(Click::InPage(hash.trim_start_matches('#').to_string()));
        }
        let base = self.base.get_value();
        let below = pathname.strip_prefix(base.as_str())?;
        if !below.starts_with('/') && !below.is_empty() {
            return None;
        }
        // Only the app's own pages; a document is loaded as the complete page the build wrote.
        let in_language = below.trim_start_matches('/').split_once('/').map_or("", |(_, rest)| rest);
        if !engine::routes::runs_app(in_language) {
            return None;
        }
        Some(Click::Page(format!("{below}{}", anchor.search())))
    }
}

/// Whether the app can show `path` (below the base) itself: not the search page of a
/// language searched from shards, which is the first-answer module's alone (the app has
/// neither that language's index nor all of its firms).
fn renders_in_app(path: &str) -> bool {
    let (route, params) = parse(path.split(['?', '#']).next().unwrap_or_default());
    let sharded = params.language().is_some_and(crate::data_files::is_sharded);
    !(sharded && route == Route::Lang(Some(Page::Search)))
}

/// Scrolls to and focuses the element with id `id`, as following `#id` would.
fn jump_to(id: &str) {
    let Some(target) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    target.scroll_into_view();
    if let Ok(element) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> Option<Page> {
        match parse(path).0 {
            Route::Lang(page) => page,
            Route::LanguageRoot => None,
        }
    }

    #[test]
    fn paths_name_pages_with_or_without_trailing_slashes() {
        assert_eq!(parse("/").0, Route::LanguageRoot);
        assert_eq!(parse("").0, Route::LanguageRoot);
        assert_eq!(page("/en/"), Some(Page::Home));
        assert_eq!(page("/de"), Some(Page::Home));
        assert_eq!(page("/ja/search/"), Some(Page::Search));
        assert_eq!(page("/th/map"), Some(Page::Map));
        assert_eq!(page("/en/shortlist/"), Some(Page::Shortlist));
        assert_eq!(page("/en/compare/"), Some(Page::Compare));
        assert_eq!(page("/en/strategies/"), Some(Page::Strategies));
        assert_eq!(page("/en/programs/"), Some(Page::Programs));
        assert_eq!(page("/en/a/b/c/"), None);
        assert_eq!(page("/en/processes/injection-moulding/"), Some(Page::Landing));
        assert_eq!(page("/th/regions/aizu"), Some(Page::Landing));
        assert_eq!(page("/en/processes/"), Some(Page::Doc), "a segment alone is no landing page");
    }

    #[test]
    fn parameters_come_from_the_path() {
        let (route, params) = parse("/en/firms/hoshizora-micro/");
        assert_eq!(route, Route::Lang(Some(Page::Firm)));
        assert_eq!(params.id.as_deref(), Some("hoshizora-micro"));
        assert_eq!(params.language(), Some(Lang::En));

        let (route, params) = parse("/de/programs/medical-fair-thailand/");
        assert_eq!(route, Route::Lang(Some(Page::Doc)));
        assert_eq!(
            (params.section.as_deref(), params.id.as_deref()),
            (Some("programs"), Some("medical-fair-thailand"))
        );

        let (route, params) = parse("/ja/about/");
        assert_eq!(route, Route::Lang(Some(Page::Doc)));
        assert_eq!((params.section, params.id.as_deref()), (None, Some("about")));

        assert_eq!(parse("/xx/").1.language(), None);
        assert_eq!(parse("/EN/").1.language(), None, "codes are matched exactly");
    }
}

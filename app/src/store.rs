//! Loading each language's data once, on demand, with a state the UI can show: loading, ready,
//! or failed with a retry. Page data and the search index load separately: pages need their
//! data at once, while the larger index is fetched only when a search is near (a search box
//! gets focus, the search page opens, or the browser is idle after the first render).

use std::sync::Arc;

use engine::lang::PerLang;
use engine::model::SiteData;
use engine::{Index, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One language's page data, decoded.
pub struct LangData {
    pub site: Arc<SiteData>,
}

pub enum Load<T> {
    Loading,
    Ready(Arc<T>),
    Failed(String),
}

// By hand: the derive would require `T: Clone`, but only the `Arc` is cloned.
impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Loading => Load::Loading,
            Load::Ready(value) => Load::Ready(value.clone()),
            Load::Failed(message) => Load::Failed(message.clone()),
        }
    }
}

/// Not requested yet (`None`), or the state of the request.
type Cell<T> = RwSignal<Option<Load<T>>>;

/// The app-wide data store, provided as context. One signal per language and kind, so a page
/// re-renders only when its own language's data changes, not when another language (or the
/// index) finishes loading in the background.
#[derive(Clone, Copy)]
pub struct Store {
    pages: PerLang<Cell<LangData>>,
    indexes: PerLang<Cell<Index>>,
}

impl Store {
    pub fn new() -> Store {
        Store {
            pages: std::array::from_fn(|_| RwSignal::new(None)),
            indexes: std::array::from_fn(|_| RwSignal::new(None)),
        }
    }

    pub fn use_store() -> Store {
        use_context::<Store>().unwrap_or_default()
    }

    /// The state of a language's page data (reactive).
    pub fn page(&self, lang: Lang) -> Load<LangData> {
        self.pages[lang.slot()].get().unwrap_or(Load::Loading)
    }

    /// Whether a language's page data is there (reactive).
    pub fn page_ready(&self, lang: Lang) -> bool {
        self.pages[lang.slot()].with(|s| matches!(s, Some(Load::Ready(_))))
    }

    /// Whether a language's page data has loaded or failed to (reactive).
    pub fn page_settled(&self, lang: Lang) -> bool {
        self.pages[lang.slot()].with(|s| matches!(s, Some(Load::Ready(_) | Load::Failed(_))))
    }

    /// [`Store::page_settled`], outside the reactive system (before the app is mounted).
    pub fn page_settled_untracked(&self, lang: Lang) -> bool {
        self.pages[lang.slot()].with_untracked(|s| matches!(s, Some(Load::Ready(_) | Load::Failed(_))))
    }

    /// A store whose `lang` page data is already there: pages rendered on the host at build
    /// time read it as the browser would after loading.
    pub fn with_page(lang: Lang, data: LangData) -> Store {
        crate::i18n::register(lang, &data.site.ui);
        let store = Store::new();
        store.pages[lang.slot()].set(Some(Load::Ready(Arc::new(data))));
        store
    }

    /// Adds `lang`'s search index, as if loaded (host rendering: the search page at build
    /// time lists every firm, with its facets, as the browser would with no query).
    pub fn with_index(self, lang: Lang, index: Arc<Index>) -> Store {
        self.indexes[lang.slot()].set(Some(Load::Ready(index)));
        self
    }

    /// Whether a language's search index has loaded or failed to (reactive).
    pub fn index_settled(&self, lang: Lang) -> bool {
        self.indexes[lang.slot()].with(|s| matches!(s, Some(Load::Ready(_) | Load::Failed(_))))
    }

    /// The state of a language's search index (reactive).
    pub fn index(&self, lang: Lang) -> Load<Index> {
        self.indexes[lang.slot()].get().unwrap_or(Load::Loading)
    }

    /// Starts loading `lang`'s page data unless it is loaded or loading.
    pub fn ensure(&self, lang: Lang) {
        let cell = self.pages[lang.slot()];
        if needs_load(cell) {
            start(cell, crate::data_files::pages(lang), decode_page, Freshness::Any);
        }
    }

    /// Starts loading `lang`'s search index unless it was requested before: one request per
    /// language, however often this is called. After a failure only [`Store::retry`] (the
    /// button under the error) loads it again.
    pub fn ensure_index(&self, lang: Lang) {
        let cell = self.indexes[lang.slot()];
        if cell.with_untracked(Option::is_none) {
            start(cell, crate::data_files::index(lang), decode_index, Freshness::Any);
        }
    }

    /// Loads again whatever of `lang` failed (page data, index or both).
    pub fn retry(&self, lang: Lang) {
        if failed(self.pages[lang.slot()]) {
            start(self.pages[lang.slot()], crate::data_files::pages(lang), decode_page, Freshness::Reload);
        }
        if failed(self.indexes[lang.slot()]) {
            start(self.indexes[lang.slot()], crate::data_files::index(lang), decode_index, Freshness::Reload);
        }
    }
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

fn needs_load<T: Send + Sync + 'static>(cell: Cell<T>) -> bool {
    cell.with_untracked(|s| !matches!(s, Some(Load::Loading | Load::Ready(_))))
}

fn failed<T: Send + Sync + 'static>(cell: Cell<T>) -> bool {
    cell.with_untracked(|s| matches!(s, Some(Load::Failed(_))))
}

/// Whether a copy kept by the browser or the service worker may answer.
#[derive(Clone, Copy)]
enum Freshness {
    Any,
    /// A retry: what failed may be what was kept, so ask the site again.
    Reload,
}

/// Marks `cell` loading and fills it with `url` decoded (failed when the page names no file).
fn start<T: Send + Sync + 'static>(
    cell: Cell<T>,
    url: Option<String>,
    decode: fn(&[u8]) -> Result<T, String>,
    freshness: Freshness,
) {
    let Some(url) = url else {
        cell.set(Some(Load::Failed(format!(
            "this page names no such data file (<html {}>)",
            crate::data_files::ATTRIBUTE
        ))));
        return;
    };
    cell.set(Some(Load::Loading));
    fetch_then(
        url,
        freshness,
        Box::new(move |fetched| {
            let state = match fetched.and_then(|bytes| decode(&bytes)) {
                Ok(value) => Load::Ready(Arc::new(value)),
                Err(message) => Load::Failed(message),
            };
            cell.set(Some(state));
        }),
    );
}

/// One (non-generic) fetch task for every kind of data: less WebAssembly than one per kind.
fn fetch_then(url: String, freshness: Freshness, done: Box<dyn FnOnce(Result<Vec<u8>, String>)>) {
    leptos::task::spawn_local(async move { done(fetch_bytes(&url, freshness).await) });
}

fn decode_page(bytes: &[u8]) -> Result<LangData, String> {
    let site = SiteData::from_bytes(bytes).map_err(|e| format!("page data is corrupt: {e}"))?;
    if let Some(lang) = site.lang {
        crate::i18n::register(lang, &site.ui);
    }
    Ok(LangData { site: Arc::new(site) })
}

fn decode_index(bytes: &[u8]) -> Result<Index, String> {
    Index::from_bytes(bytes).map_err(|e| format!("search index is corrupt: {e}"))
}

async fn fetch_bytes(url: &str, freshness: Freshness) -> Result<Vec<u8>, String> {
    let cache = match freshness {
        Freshness::Any => web_sys::RequestCache::Default,
        Freshness::Reload => web_sys::RequestCache::Reload,
    };
    let response = match prefetched(url) {
        Some(started) => {
            let response = wasm_bindgen_futures::JsFuture::from(started).await.map_err(|e| format!("{url}: {e:?}"))?;
            gloo_net::http::Response::from(response.unchecked_into::<web_sys::Response>())
        }
        None => gloo_net::http::Request::get(url).cache(cache).send().await.map_err(|e| format!("{url}: {e}"))?,
    };
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    response.binary().await.map_err(|e| format!("{url}: {e}"))
}

/// The request for `url` that the page's head started before the app loaded
/// (`self.prefetched`, see `xtask::shell`), taken once: a retry asks the network again.
fn prefetched(url: &str) -> Option<js_sys::Promise> {
    let window = crate::browser::window()?;
    let started = js_sys::Reflect::get(&window, &"prefetched".into()).ok().filter(|v| v.is_object())?;
    let request = js_sys::Reflect::get(&started, &url.into()).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(started.unchecked_ref::<js_sys::Object>(), &url.into());
    Some(request)
}

//! Loading each language's data once, on demand, with a state the UI can show: loading, ready,
//! or failed with a retry. Page data and the search index load separately: pages need their
//! data at once, while the larger index is fetched only when a search is near (a search box
//! gets focus, the search page opens, or the browser is idle after the first render).

use std::sync::Arc;

use engine::lang::PerLang;
use engine::model::{Doc, SiteData};
use engine::records::{self, Buckets, RecordsHead};
use engine::{Index, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One language's page data, decoded.
pub struct LangData {
    pub site: Arc<SiteData>,
    /// For a language searched from shards, where its firms are (`site` then holds only the
    /// firms read so far; see [`Store::ensure_firms`]).
    pub records: Option<Arc<Buckets>>,
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
    /// The firm buckets of a sharded language requested so far (read or being read), so a
    /// firm the directory no longer has is not asked for again and again.
    requested: PerLang<StoredValue<Vec<usize>>>,
}

impl Store {
    pub fn new() -> Store {
        Store {
            pages: std::array::from_fn(|_| RwSignal::new(None)),
            indexes: std::array::from_fn(|_| RwSignal::new(None)),
            requested: std::array::from_fn(|_| StoredValue::new(Vec::new())),
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
        if needs_load(self.pages[lang.slot()]) {
            self.load_pages(lang, Freshness::Any);
        }
    }

    fn load_pages(&self, lang: Lang, freshness: Freshness) {
        let cell = self.pages[lang.slot()];
        match crate::data_files::head(lang) {
            Some(head) => self.start_records(lang, head, freshness),
            None => start(cell, crate::data_files::pages(lang), decode_page, freshness),
        }
    }

    /// A sharded language's page data: its head, then the buckets of the firms the page
    /// shows (the shortlist's and the address's), all read before the page is ready.
    fn start_records(&self, lang: Lang, url: String, freshness: Freshness) {
        let (cell, requested) = (self.pages[lang.slot()], self.requested[lang.slot()]);
        cell.set(Some(Load::Loading));
        requested.set_value(Vec::new());
        leptos::task::spawn_local(async move {
            cell.set(Some(match read_records(&url, freshness, requested, &shown_firms()).await {
                Ok(data) => Load::Ready(Arc::new(data)),
                Err(message) => Load::Failed(message),
            }));
        });
    }

    /// Reads the firms `ids` of a sharded language whose page data is loaded, if it lacks
    /// some (a firm starred in another tab); other languages have every firm already. The
    /// data is read again, with the firms it had (the head and their buckets come from the
    /// browser's cache: their files never change), rather than merged into the loaded data,
    /// which would need a copy of it.
    pub fn ensure_firms(&self, lang: Lang, ids: Vec<String>) {
        let (cell, requested) = (self.pages[lang.slot()], self.requested[lang.slot()]);
        let Some(Load::Ready(data)) = cell.get_untracked() else { return };
        let (Some(buckets), Some(url)) = (data.records.clone(), crate::data_files::head(lang)) else { return };
        let firm = |id: &String| data.site.find_doc(engine::model::DocKind::Firm, id).is_some();
        let missing: Vec<String> = ids.into_iter().filter(|id| !firm(id)).collect();
        let unread = buckets.buckets_for(missing.iter().map(String::as_str));
        if unread.iter().all(|(bucket, _)| requested.with_value(|r| r.contains(bucket))) {
            return;
        }
        let mut shown: Vec<String> =
            data.site.docs.iter().filter(|doc| doc.firm.is_some()).map(|doc| doc.id.clone()).collect();
        shown.extend(missing);
        leptos::task::spawn_local(async move {
            // A failed read leaves those firms unknown until the page is loaded again.
            if let Ok(data) = read_records(&url, Freshness::Any, requested, &shown).await {
                cell.set(Some(Load::Ready(Arc::new(data))));
            }
        });
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
            self.load_pages(lang, Freshness::Reload);
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
    Ok(LangData { site: Arc::new(site), records: None })
}

/// The firms a page of the app may show: the shortlist's and those the address compares.
fn shown_firms() -> Vec<String> {
    let mut ids = crate::shortlist::stored_ids();
    let search = crate::browser::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let compared = crate::router::QueryMap::parse(&search).get("ids").unwrap_or_default();
    ids.extend(crate::shortlist::ids_from_param(&compared, crate::shortlist::MAX_COMPARED));
    ids
}

/// A sharded language's head at `url`, with the firms `ids` read from their buckets.
async fn read_records(
    url: &str,
    freshness: Freshness,
    requested: StoredValue<Vec<usize>>,
    ids: &[String],
) -> Result<LangData, String> {
    let bytes = fetch_bytes(url, freshness).await?;
    let head = RecordsHead::from_bytes(&bytes).map_err(|e| format!("page data is corrupt: {e}"))?;
    if let Some(lang) = head.site.lang {
        crate::i18n::register(lang, &head.site.ui);
    }
    let firms = read_firms(&head.buckets, requested, ids).await?;
    Ok(LangData { site: Arc::new(records::with_firms(head.site, firms)), records: Some(Arc::new(head.buckets)) })
}

/// Reads the buckets of `ids` in parallel (one round trip, by range), noting them requested.
async fn read_firms(buckets: &Buckets, requested: StoredValue<Vec<usize>>, ids: &[String]) -> Result<Vec<Doc>, String> {
    let wanted = buckets.buckets_for(ids.iter().map(String::as_str));
    requested.update_value(|r| r.extend(wanted.iter().map(|(bucket, _)| *bucket)));
    // Each read starts at once, as a promise (a `join_all` would add 10 KB to the WebAssembly).
    let reads: Vec<_> = wanted
        .into_iter()
        .map(|(_, range)| {
            let file = buckets.file.clone();
            wasm_bindgen_futures::JsFuture::from(wasm_bindgen_futures::future_to_promise(async move {
                let bytes = fetch_range(&file, range).await.map_err(|e| wasm_bindgen::JsValue::from_str(&e))?;
                Ok(js_sys::Uint8Array::from(bytes.as_slice()).into())
            }))
        })
        .collect();
    let mut firms = Vec::new();
    for read in reads {
        let bytes = read.await.map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
        firms.extend(records::decode_bucket(&js_sys::Uint8Array::new(&bytes).to_vec())?);
    }
    Ok(firms)
}

/// One byte range of a file (see `engine::shard::part_of_response`).
async fn fetch_range(url: &str, range: std::ops::Range<u32>) -> Result<Vec<u8>, String> {
    let header = format!("bytes={}-{}", range.start, range.end.saturating_sub(1));
    let response =
        gloo_net::http::Request::get(url).header("Range", &header).send().await.map_err(|e| format!("{url}: {e}"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let bytes = response.binary().await.map_err(|e| format!("{url}: {e}"))?;
    Ok(engine::shard::part_of_response(Some((range.start.into(), range.end.into())), response.status(), bytes))
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

//! Loading each language's data (page data + search index) once, on demand, with a state the
//! UI can show: loading, ready, or failed with a retry.

use std::collections::HashMap;
use std::sync::Arc;

use engine::model::SiteData;
use engine::{Index, Lang};
use leptos::prelude::*;

use crate::generated::{DOCS_FILES, INDEX_FILES};
use crate::i18n::slot;

/// One language's data, decoded and checked.
pub struct LangData {
    pub site: Arc<SiteData>,
    pub index: Index,
}

#[derive(Clone)]
pub enum Load {
    Loading,
    Ready(Arc<LangData>),
    Failed(String),
}

/// The app-wide data store, provided as context.
#[derive(Clone, Copy)]
pub struct Store {
    states: RwSignal<HashMap<Lang, Load>>,
}

impl Store {
    pub fn new() -> Store {
        Store { states: RwSignal::new(HashMap::new()) }
    }

    pub fn use_store() -> Store {
        use_context::<Store>().unwrap_or_default()
    }

    /// The state of a language (reactive).
    pub fn get(&self, lang: Lang) -> Load {
        self.states.with(|s| s.get(&lang).cloned()).unwrap_or(Load::Loading)
    }

    /// Starts loading `lang` unless it is loaded or loading.
    pub fn ensure(&self, lang: Lang) {
        let idle = self.states.with_untracked(|s| !matches!(s.get(&lang), Some(Load::Loading | Load::Ready(_))));
        if idle {
            self.load(lang);
        }
    }

    /// Loads again after a failure.
    pub fn retry(&self, lang: Lang) {
        self.load(lang);
    }

    fn load(&self, lang: Lang) {
        self.states.update(|s| {
            s.insert(lang, Load::Loading);
        });
        let states = self.states;
        leptos::task::spawn_local(async move {
            let state = match fetch_language(lang).await {
                Ok(data) => Load::Ready(Arc::new(data)),
                Err(message) => Load::Failed(message),
            };
            states.update(|s| {
                s.insert(lang, state);
            });
        });
    }
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

async fn fetch_language(lang: Lang) -> Result<LangData, String> {
    let docs = fetch_bytes(DOCS_FILES[slot(lang)]).await?;
    let site: SiteData = serde_json::from_slice(&docs).map_err(|e| format!("page data is corrupt: {e}"))?;
    let index_bytes = fetch_bytes(INDEX_FILES[slot(lang)]).await?;
    let index = Index::from_bytes(&index_bytes).map_err(|e| format!("search index is corrupt: {e}"))?;
    if index.doc_refs.len() != site.docs.len() {
        return Err("search index and page data do not match".into());
    }
    Ok(LangData { site: Arc::new(site), index })
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| format!("{url}: {e}"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    response.binary().await.map_err(|e| format!("{url}: {e}"))
}

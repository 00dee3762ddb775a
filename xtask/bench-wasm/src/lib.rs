//! The engine's per-keystroke work, exported for timing in the browser: `cargo xtask bench
//! --browser` loads a synthetic index and its facet data, and JavaScript times [`Bench::run`]
//! for each query with `performance.now()`.

use engine::facets::{FacetTable, Selection, FACETS};
use engine::model::Doc;
use engine::{Index, Lang};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// One language's corpus and queries.
#[wasm_bindgen]
pub struct Bench {
    lang: Lang,
    index: Index,
    facets: FacetTable,
    queries: Vec<(String, Selection)>,
}

/// A query as the host writes it: text and ticked facet values (`[param, value]`).
#[derive(Deserialize)]
struct QueryJson {
    text: String,
    facets: Vec<(String, String)>,
}

#[wasm_bindgen]
impl Bench {
    /// Facet data (`Vec<Doc>` as JSON) and queries (JSON) of `lang`; the index comes with
    /// [`Bench::load_index`], so its decoding can be timed alone.
    #[wasm_bindgen(constructor)]
    pub fn new(lang: &str, docs: &str, queries: &str) -> Result<Bench, JsError> {
        let lang = Lang::from_code(lang).ok_or_else(|| JsError::new("unknown language"))?;
        let docs: Vec<Doc> = serde_json::from_str(docs)?;
        let queries: Vec<QueryJson> = serde_json::from_str(queries)?;
        let queries = queries
            .into_iter()
            .map(|query| {
                let mut selection = Selection::default();
                for (param, value) in query.facets {
                    if let Some(values) =
                        FACETS.iter().position(|f| f.param == param).and_then(|i| selection.get_mut(i))
                    {
                        values.insert(value);
                    }
                }
                (query.text, selection)
            })
            .collect();
        Ok(Bench { lang, index: Index::default(), facets: FacetTable::new(&docs), queries })
    }

    /// Decodes the shipped index bytes.
    pub fn load_index(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.index = Index::from_bytes(bytes).map_err(|err| JsError::new(&err.to_string()))?;
        Ok(())
    }

    pub fn queries(&self) -> usize {
        self.queries.len()
    }

    /// What the app does per keystroke for query `n`: rank, filter by the ticked facets, count
    /// every facet value. Returns the number of results shown.
    pub fn run(&self, n: usize) -> usize {
        let Some((text, selection)) = self.queries.get(n) else { return 0 };
        let found = engine::finder::find(&self.index, self.lang, text);
        let candidates: Vec<u32> = found.hits.iter().map(|hit| hit.doc).collect();
        let shown = self.facets.filter(&candidates, selection);
        let counts = self.facets.counts(&candidates, selection);
        shown.len() + usize::from(counts.is_empty())
    }
}

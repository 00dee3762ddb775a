//! The engine's per-keystroke work, exported for timing in the browser: `cargo xtask bench
//! --browser` loads a synthetic index and its facet data, and JavaScript times [`Bench::run`]
//! for each query with `performance.now()`; `cargo xtask bench --sharded --browser` drives a
//! [`Reader`] of the sharded index, fetching what it asks for with range requests.

use engine::facets::{FacetTable, Selection, FACETS};
use engine::finder::site_options;
use engine::model::Doc;
use engine::shard::{Request, ShardReader, Step};
use engine::{Index, Lang};
use serde::Deserialize;
use serde_json::json;
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
        let queries = queries.into_iter().map(|query| (query.text, selection(query.facets))).collect();
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

/// The ticked values (`[param, value]`) as a selection; unknown facets select nothing.
fn selection(facets: Vec<(String, String)>) -> Selection {
    let mut selection = Selection::default();
    for (param, value) in facets {
        if let Some(values) = FACETS.iter().position(|f| f.param == param).and_then(|i| selection.get_mut(i)) {
            values.insert(value);
        }
    }
    selection
}

/// A reader of a sharded index ([`ShardReader`]), driven from JavaScript: [`Reader::step`]
/// names the ranges to fetch or gives the answer, [`Reader::supply`] hands each body over.
#[wasm_bindgen]
pub struct Reader {
    reader: ShardReader,
    /// The requests of the last step, which [`Reader::supply`] numbers.
    pending: Vec<Request>,
}

#[wasm_bindgen]
impl Reader {
    /// A reader of the index whose root file, `root_file`, holds `root`.
    #[wasm_bindgen(constructor)]
    pub fn new(root_file: &str, root: &[u8]) -> Result<Reader, JsError> {
        let reader = ShardReader::with_root(root_file, root).map_err(|err| JsError::new(&err.to_string()))?;
        Ok(Reader { reader, pending: Vec::new() })
    }

    /// A reader that has fetched what this one has.
    pub fn fork(&self) -> Reader {
        Reader { reader: self.reader.clone(), pending: Vec::new() }
    }

    /// The next step of `query` with `facets` ticked (JSON `[[param, value], …]`) and the
    /// cards of the first `results` shown hits: `{"fetch": [{"file", "start", "end"}, …]}`
    /// (`end` exclusive; no `start` for a whole file), or `{"shown": [first ids], "total": n}`.
    pub fn step(&mut self, query: &str, facets: &str, results: usize) -> Result<String, JsError> {
        let selection = selection(serde_json::from_str(facets)?);
        let step = self.reader.step(query, &selection, &site_options(), results);
        Ok(match step.map_err(|err| JsError::new(&err.to_string()))? {
            Step::Done(answer) => {
                let first: Vec<u32> = answer.shown.iter().take(results).copied().collect();
                json!({ "shown": first, "total": answer.shown.len() })
            }
            Step::Fetch(requests) => {
                let fetch: Vec<_> = requests
                    .iter()
                    .map(|r| json!({ "file": r.file, "start": r.range.map(|(s, _)| s), "end": r.range.map(|(_, e)| e) }))
                    .collect();
                self.pending = requests;
                json!({ "fetch": fetch })
            }
        }
        .to_string())
    }

    /// The body of request `index` of the last step (the range's bytes).
    pub fn supply(&mut self, index: usize, body: &[u8]) -> Result<(), JsError> {
        let request = self.pending.get(index).ok_or_else(|| JsError::new("no such request"))?;
        self.reader.supply(request, body).map_err(|err| JsError::new(&err.to_string()))
    }
}

//! Entry point of the search page's first answer for a language searched from shards: a
//! module of its own, so that the shard reader and its fetching never weigh on the one-file
//! search page's first answer (the two in one module: 155 KB → 255 KB of WebAssembly for both).

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {}

/// Answers the address's query and filters, then every edit and tick, over the sharded index
/// whose root the page inlined (`root`, the file `root_file`).
#[wasm_bindgen]
pub fn answer_sharded(root: &[u8], root_file: &str) {
    site_first_answer::sharded::start(root, root_file);
}

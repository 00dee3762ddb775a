//! Entry point of the search page's first-answer module. The page's start script calls
//! `answer` with the index it found inlined in the page (see `xtask::shell`).

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {}

/// Answers the query in the address, then every edit of the search box, until the app
/// takes over.
#[wasm_bindgen]
pub fn answer(index: &[u8]) {
    site_first_answer::start(index);
}

/// Answers the address's query and filters, then every edit and tick, over the sharded index
/// whose root the page inlined (`root`, the file `root_file`).
#[wasm_bindgen]
pub fn answer_sharded(root: &[u8], root_file: &str) {
    site_first_answer::sharded::start(root, root_file);
}

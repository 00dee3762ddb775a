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

//! Real-browser tests: headless Chromium against the built `dist/` served on 127.0.0.1.
//! Run by `cargo xtask test`, which builds the site at `/` and under `/fukushima/`, and the
//! five-language fixture and a generated directory large enough to be searched from shards,
//! first.

mod accessibility;
mod console;
mod fifth_language;
mod first_answer;
mod landing;
mod layout;
mod lighthouse;
mod loading;
mod navigation;
mod offline;
mod preview;
mod reports;
mod scale;
mod search;
mod security;
mod shells;
mod static_first;
mod suggestions;
mod watch;
mod workflow;

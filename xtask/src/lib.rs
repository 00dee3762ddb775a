//! Tooling of the site: the release build (`dist`), a static file server that behaves like a
//! static host (`server`), the test runner and measurements. The browser tests use the server
//! and the build from here too.

pub mod bench;
pub mod corpus;
pub mod dist;
pub mod eval;
pub mod firstload;
pub mod fuzz;
pub mod headless;
pub mod http;
pub mod lighthouse;
pub mod link_check;
pub mod meta;
pub mod out_dir;
pub mod prerender;
pub mod preview;
pub mod progress;
pub mod screenshots;
pub mod security;
pub mod serve;
pub mod server;
pub mod service_worker;
pub mod shell;
pub mod sitemap;
pub mod sizes;
pub mod synth;
pub mod test;
pub mod tools;
pub mod watch;
pub mod watchtime;
pub mod webdriver;

use std::path::PathBuf;

/// The repository root (the xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

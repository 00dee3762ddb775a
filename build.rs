//! Validates `content/` and compiles it into per-language search indexes and page data.
//!
//! The outputs land in OUT_DIR: `generated.rs` (included by the app: UI strings and the hashed
//! names of the data files), `site/` (files the xtask copies into `dist/`), `routes.json`
//! (every page, for the per-route HTML shells) and `coverage.txt`.

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo::rerun-if-env-changed={}", sitegen::CONTENT_DIR_ENV);
    let content_dir =
        std::env::var_os(sitegen::CONTENT_DIR_ENV).map(PathBuf::from).unwrap_or_else(|| manifest_dir.join("content"));
    println!("cargo::rerun-if-changed={}", content_dir.display());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());

    let site = match sitegen::load(&content_dir) {
        Ok(site) => site,
        Err(errors) => fail(&errors.to_string()),
    };
    if let Err(err) = sitegen::output::write(&site, &out_dir) {
        fail(&format!("could not write the compiled content to {}: {err}", out_dir.display()));
    }
}

fn fail(message: &str) -> ! {
    for line in message.lines() {
        eprintln!("{line}");
    }
    std::process::exit(1);
}

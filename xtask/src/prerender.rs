//! Every page rendered to complete HTML on the host, by the app's own components (the
//! `prerender` binary of the site crate, built with its `ssr` feature; it reads the compiled
//! content at run time).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The rendered `<div id="app">` contents, by route path (`en/firms/x/`), and the
/// not-found page under [`NOT_FOUND`].
pub type Pages = HashMap<String, String>;

/// The not-found page's key in [`Pages`] (the renderer's name for it).
pub const NOT_FOUND: &str = "404.html";

#[derive(serde::Deserialize)]
struct Rendered {
    path: String,
    html: String,
}

/// Runs the renderer (`prerender`, built by `dist::compile`) over the compiled content in
/// `compiled` (see `sitegen::output::write`); its output file goes there too.
pub fn render_all(prerender: &Path, compiled: &Path) -> Result<Pages> {
    let out = compiled.join("prerendered.json");
    let status = Command::new(prerender)
        .arg(compiled)
        .arg(&out)
        .status()
        .with_context(|| format!("could not start the page renderer {}", prerender.display()))?;
    if !status.success() {
        bail!("rendering the pages failed; nothing was written");
    }
    let bytes = std::fs::read(&out).with_context(|| format!("cannot read {}", out.display()))?;
    let rendered: Vec<Rendered> = serde_json::from_slice(&bytes).context("the renderer's output is not valid")?;
    let _ = std::fs::remove_file(&out);
    Ok(rendered.into_iter().map(|page| (page.path, page.html)).collect())
}

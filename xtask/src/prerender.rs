//! Every page rendered to complete HTML on the host, by the app's own components (the
//! `prerender` binary of the site crate, built with its `ssr` feature from the same content).

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

/// Builds and runs the renderer for `content`; `scratch` holds its output file.
pub fn render_all(root: &Path, content: &Path, scratch: &Path) -> Result<Pages> {
    let out = scratch.join("prerendered.json");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(["run", "--quiet", "--package", "fukushima-site", "--no-default-features", "--features", "ssr"])
        .args(["--bin", "prerender", "--"])
        .arg(&out)
        .env(sitegen::CONTENT_DIR_ENV, content)
        .status()
        .context("could not start cargo for the page renderer")?;
    if !status.success() {
        bail!("rendering the pages failed; nothing was written");
    }
    let bytes = std::fs::read(&out).with_context(|| format!("cannot read {}", out.display()))?;
    let rendered: Vec<Rendered> = serde_json::from_slice(&bytes).context("the renderer's output is not valid")?;
    let _ = std::fs::remove_file(&out);
    Ok(rendered.into_iter().map(|page| (page.path, page.html)).collect())
}

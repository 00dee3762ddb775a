//! The release build: content check → app → wasm-bindgen → wasm-opt → per-route HTML shells.
//!
//! Everything is written to a staging folder first and moved into place only when every stage
//! succeeded, so a failed build never leaves a half-written `dist/`.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use sitegen::output::Route;

use crate::progress::Stage;
use crate::{shell, tools, workspace_root};

#[derive(clap::Args, Clone, Debug)]
pub struct Options {
    /// Output folder.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
    /// URL path the site is hosted under, e.g. /fukushima/ for a GitHub Pages project site.
    #[arg(long, default_value = "/")]
    pub base: String,
    /// Content folder (same schema as content/).
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
}

/// What a finished build produced.
#[derive(Debug)]
pub struct Built {
    pub out: PathBuf,
    pub js: String,
    pub wasm: String,
    pub routes: usize,
}

pub fn build(options: &Options) -> Result<Built> {
    let started = Instant::now();
    let root = workspace_root();
    let base = normalize_base(&options.base)?;
    let content = absolute(&options.content)?;
    eprintln!("Building the site from {} (base {base})", options.content.display());

    let stage = Stage::start("checking content");
    let site = match sitegen::load(&content) {
        Ok(site) => site,
        Err(errors) => {
            eprintln!("{errors}");
            bail!("content errors; nothing was written to {}", options.out.display());
        }
    };
    eprint!("{}", sitegen::output::coverage_table(&site));
    stage.done();

    tools::ensure_wasm_target()?;
    tools::ensure_npm_tools(&root)?;

    let stage = Stage::start("compiling the app to WebAssembly");
    let compiled = cargo_build(&root, &content)?;
    stage.done();

    let staging = sibling(&options.out, "partial")?;
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging)?;
    let result = assemble(&root, &compiled, &staging, &base, &site);
    let built = match result {
        Ok(built) => built,
        Err(err) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(err);
        }
    };
    replace_dir(&staging, &options.out)?;
    eprintln!(
        "Built {} pages into {} in {:.1} s",
        built.routes,
        options.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(Built { out: options.out.clone(), ..built })
}

/// Paths produced by cargo.
struct Compiled {
    wasm: PathBuf,
    out_dir: PathBuf,
}

fn cargo_build(root: &Path, content: &Path) -> Result<Compiled> {
    let mut child = Command::new(env_cargo())
        .current_dir(root)
        .args(["build", "--profile", "wasm-release", "--target", tools::WASM_TARGET])
        .args(["--package", "fukushima-site", "--bin", "fukushima-site", "--message-format=json-render-diagnostics"])
        .env(sitegen::CONTENT_DIR_ENV, content)
        .stdout(Stdio::piped())
        .spawn()
        .context("could not start cargo")?;
    let mut wasm = None;
    let mut out_dir = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            let is_site = message["package_id"].as_str().is_some_and(|id| id.contains("fukushima-site"));
            match message["reason"].as_str() {
                Some("build-script-executed") if is_site => out_dir = message["out_dir"].as_str().map(PathBuf::from),
                Some("compiler-artifact") if is_site && message["target"]["name"] == "fukushima-site" => {
                    let files = message["filenames"].as_array().cloned().unwrap_or_default();
                    wasm = files.iter().filter_map(|f| f.as_str()).find(|f| f.ends_with(".wasm")).map(PathBuf::from);
                }
                Some("compiler-message") => {
                    if let Some(rendered) = message["message"]["rendered"].as_str() {
                        eprint!("{rendered}");
                    }
                }
                _ => {}
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("cargo build failed; nothing was written");
    }
    match (wasm, out_dir) {
        (Some(wasm), Some(out_dir)) => Ok(Compiled { wasm, out_dir }),
        _ => bail!("cargo did not report the app's wasm file and build-script output"),
    }
}

fn env_cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn assemble(root: &Path, compiled: &Compiled, staging: &Path, base: &str, site: &sitegen::Site) -> Result<Built> {
    let stage = Stage::start("wasm-bindgen");
    let wasm_bytes = fs::read(&compiled.wasm)?;
    let name = format!("app-{}", short_hash(&wasm_bytes));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&compiled.wasm)
        .out_name(&name)
        .web(true)?
        .typescript(false)
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(staging)
        .context("wasm-bindgen failed")?;
    stage.done();

    let stage = Stage::start("wasm-opt -Os (binaryen 132)");
    tools::optimize_wasm(root, &staging.join(format!("{name}_bg.wasm")))?;
    stage.done();

    let stage = Stage::start("assets, data and HTML shells");
    let public = root.join("public");
    let stylesheet = copy_public(&public, staging)?;
    copy_dir(&compiled.out_dir.join("site"), staging)?;
    let routes: Vec<Route> = serde_json::from_slice(&fs::read(compiled.out_dir.join("routes.json"))?)?;
    let assets =
        shell::Assets { base: base.to_string(), js: format!("{name}.js"), wasm: format!("{name}_bg.wasm"), stylesheet };
    for route in &routes {
        let dir = staging.join(&route.path);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("index.html"), shell::render(route, &assets))?;
    }
    fs::write(staging.join("404.html"), shell::render_not_found(&assets))?;
    sitegen::output::write_qr_codes(site, staging, base)?;
    let shell_files = vec![
        "./".to_string(),
        assets.js.clone(),
        assets.wasm.clone(),
        assets.stylesheet.clone(),
        "favicon.svg".into(),
        "404.html".into(),
    ];
    let version = build_version(staging)?;
    fs::write(staging.join("sw.js"), crate::service_worker::script(&version, &shell_files))?;
    stage.done();
    Ok(Built { out: staging.to_path_buf(), js: assets.js, wasm: assets.wasm, routes: routes.len() })
}

/// A hash of every file name and page shell of the build: it changes whenever anything a
/// visitor could have cached changes.
fn build_version(staging: &Path) -> Result<String> {
    let mut names = Vec::new();
    collect_names(staging, staging, &mut names)?;
    names.sort();
    let mut hasher = Sha256::new();
    for name in &names {
        hasher.update(name.as_bytes());
        if name.ends_with(".html") {
            hasher.update(fs::read(staging.join(name))?);
        }
    }
    Ok(hasher.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect())
}

fn collect_names(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_names(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_string_lossy().into_owned());
        }
    }
    Ok(())
}

/// Copies `public/` into the site; the stylesheet gets a content hash in its name.
fn copy_public(public: &Path, staging: &Path) -> Result<String> {
    let mut stylesheet = String::new();
    for entry in fs::read_dir(public).with_context(|| format!("cannot read {}", public.display()))? {
        let path = entry?.path();
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if path.is_dir() {
            copy_dir(&path, &staging.join(file_name))?;
        } else if file_name == "style.css" {
            let bytes = fs::read(&path)?;
            stylesheet = format!("style-{}.css", short_hash(&bytes));
            fs::write(staging.join(&stylesheet), bytes)?;
        } else {
            fs::copy(&path, staging.join(file_name))?;
        }
    }
    if stylesheet.is_empty() {
        bail!("public/style.css is missing");
    }
    Ok(stylesheet)
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// `/`, `/x/` — always with leading and trailing slash.
pub fn normalize_base(base: &str) -> Result<String> {
    let trimmed = base.trim().trim_matches('/');
    if trimmed.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\'' | '?' | '#')) {
        bail!("--base {base:?} is not a URL path; use something like /fukushima/");
    }
    Ok(if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") })
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

fn sibling(out: &Path, suffix: &str) -> Result<PathBuf> {
    let name = out.file_name().and_then(|n| n.to_str()).context("--out needs a folder name")?;
    Ok(out.with_file_name(format!(".{name}.{suffix}")))
}

/// Swaps the finished staging folder into place.
fn replace_dir(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let old = sibling(out, "old")?;
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        fs::rename(out, &old)?;
        fs::rename(staging, out)?;
        fs::remove_dir_all(&old)?;
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        fs::rename(staging, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_bases() {
        assert_eq!(normalize_base("/").unwrap(), "/");
        assert_eq!(normalize_base("").unwrap(), "/");
        assert_eq!(normalize_base("fukushima").unwrap(), "/fukushima/");
        assert_eq!(normalize_base("/a/b/").unwrap(), "/a/b/");
        assert!(normalize_base("/a b/").is_err());
        assert!(normalize_base("/\"x").is_err());
    }
}

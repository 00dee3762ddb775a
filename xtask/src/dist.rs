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
    /// A build for publication: refused while the content has placeholders, sample
    /// (`.invalid`, `.example`) addresses or drafts. Without it every page says it is a preview.
    #[arg(long)]
    pub production: bool,
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
    // Before anything slow: refuse an output folder this build must not replace.
    crate::out_dir::check(&options.out, &crate::out_dir::Places::of_this_run(&content))?;
    let out = crate::out_dir::resolve(&options.out)?;
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
    if options.production {
        crate::preview::refuse_unfinished(&content)?;
    }

    tools::ensure_wasm_target()?;
    tools::ensure_npm_tools(&root)?;

    let stage = Stage::start("compiling the app to WebAssembly");
    let compiled = cargo_build(&root, &content)?;
    stage.done();

    let staging = crate::out_dir::sibling(&out, "partial")?;
    crate::out_dir::remove_if_ours(&staging, &root)?;
    crate::out_dir::create_marked(&staging)?;
    let preview = !options.production;
    let result = assemble(&root, &compiled, &staging, &base, &site, preview);
    let built = match result {
        Ok(built) => built,
        Err(err) => {
            let _ = crate::out_dir::remove_if_ours(&staging, &root);
            return Err(err);
        }
    };
    replace_dir(&staging, &out, &root)?;
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
    /// The search app's WebAssembly (`fukushima-site`).
    app: PathBuf,
    /// The document pages' WebAssembly (`site-reader`).
    reader: PathBuf,
    /// The search page's first-answer WebAssembly (`site-first-answer`).
    answer: PathBuf,
    out_dir: PathBuf,
    /// Every page's HTML, rendered on the host by the app's components.
    pages: crate::prerender::Pages,
}

/// The WebAssembly binaries, by package and binary name.
const APP: &str = "fukushima-site";
const READER: &str = "site-reader";
const ANSWER: &str = "site-first-answer";

fn cargo_build(root: &Path, content: &Path) -> Result<Compiled> {
    let mut child = Command::new(env_cargo())
        .current_dir(root)
        .args(["build", "--profile", "wasm-release", "--target", tools::WASM_TARGET])
        .args(["--package", APP, "--bin", APP, "--package", READER, "--bin", READER])
        .args(["--package", ANSWER, "--bin", ANSWER])
        .arg("--message-format=json-render-diagnostics")
        .env(sitegen::CONTENT_DIR_ENV, content)
        .stdout(Stdio::piped())
        .spawn()
        .context("could not start cargo")?;
    let (mut app, mut reader, mut answer, mut out_dir) = (None, None, None, None);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            let is_site = message["package_id"].as_str().is_some_and(|id| id.contains("fukushima-site"));
            match message["reason"].as_str() {
                Some("build-script-executed") if is_site => out_dir = message["out_dir"].as_str().map(PathBuf::from),
                Some("compiler-artifact") => {
                    let files = message["filenames"].as_array().cloned().unwrap_or_default();
                    let wasm =
                        files.iter().filter_map(|f| f.as_str()).find(|f| f.ends_with(".wasm")).map(PathBuf::from);
                    match message["target"]["name"].as_str() {
                        Some(APP) if wasm.is_some() => app = wasm,
                        Some(READER) if wasm.is_some() => reader = wasm,
                        Some(ANSWER) if wasm.is_some() => answer = wasm,
                        _ => {}
                    }
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
    match (app, reader, answer, out_dir) {
        (Some(app), Some(reader), Some(answer), Some(out_dir)) => {
            let stage = Stage::start("rendering every page on the host");
            let pages = crate::prerender::render_all(root, content, &out_dir)?;
            stage.done();
            Ok(Compiled { app, reader, answer, out_dir, pages })
        }
        _ => bail!("cargo did not report every wasm file and the build-script output"),
    }
}

fn env_cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn assemble(
    root: &Path,
    compiled: &Compiled,
    staging: &Path,
    base: &str,
    site: &sitegen::Site,
    preview: bool,
) -> Result<Built> {
    let app = bindgen_and_optimize(root, &compiled.app, "app", staging)?;
    let reader = bindgen_and_optimize(root, &compiled.reader, "reader", staging)?;
    let answer = bindgen_and_optimize(root, &compiled.answer, "answer", staging)?;

    let stage = Stage::start("assets, data and HTML pages");
    let public = root.join("public");
    let (stylesheet, stylesheet_integrity) = copy_public(&public, staging)?;
    copy_dir(&compiled.out_dir.join("site"), staging)?;
    let routes: Vec<Route> = serde_json::from_slice(&fs::read(compiled.out_dir.join("routes.json"))?)?;
    let data = data_files(staging)?;
    let assets = shell::Assets { base: base.to_string(), app, reader, answer, stylesheet, stylesheet_integrity, data };
    for route in &routes {
        let dir = staging.join(&route.path);
        fs::create_dir_all(&dir)?;
        let body = compiled.pages.get(&route.path).map(String::as_str);
        let head = crate::meta::head(route, &site.public_url, base, &crate::meta::page_meta_in(route, site, base));
        let html = shell::render(route, &assets, body, &head);
        let html = if preview { crate::preview::mark(&html, route.lang, &site.ui)? } else { html };
        fs::write(dir.join("index.html"), html)?;
    }
    let not_found = compiled.pages.get(crate::prerender::NOT_FOUND).map(String::as_str);
    let html = shell::render_not_found(&assets, not_found);
    let html = if preview { crate::preview::mark(&html, None, &site.ui)? } else { html };
    fs::write(staging.join("404.html"), html)?;
    // After `public/`: the robots.txt written here names the sitemap by its address.
    crate::sitemap::write(staging, &routes, &site.public_url, base)?;
    sitegen::output::write_qr_codes(site, staging, base)?;
    // The worker installs while the visitor's next page may be fetching the code modules:
    // fetching one file twice at once stalled the page's request, so modules are kept as
    // pages use them instead.
    let shell_files = vec!["./".to_string(), assets.stylesheet.clone(), "favicon.svg".into(), "404.html".into()];
    let version = build_version(staging)?;
    fs::write(staging.join("sw.js"), crate::service_worker::script(&version, &shell_files))?;
    fs::write(staging.join("_headers"), headers_file(&assets))?;
    stage.done();
    Ok(Built { out: staging.to_path_buf(), js: assets.app.js, wasm: assets.app.wasm, routes: routes.len() })
}

/// The host's `_headers`: the policy that allows exactly the pages' inline scripts, long
/// caching for the content-hashed files, none for pages and the service worker.
fn headers_file(assets: &shell::Assets) -> String {
    let policy = crate::security::Policy::allowing(&shell::inline_scripts(assets));
    let mut immutable = vec![assets.stylesheet.clone()];
    for module in [&assets.app, &assets.reader, &assets.answer] {
        immutable.extend([module.js.clone(), module.wasm.clone()]);
    }
    for (_, files) in &assets.data {
        immutable.extend([files.pages.clone(), files.index.clone()]);
    }
    let mut revalidated: Vec<String> = ["", "index.html", "404.html", "sw.js"].map(String::from).to_vec();
    revalidated.extend(assets.data.iter().map(|(lang, _)| format!("{}/*", lang.code())));
    crate::security::headers_file(&assets.base, &policy, &immutable, &revalidated)
}

/// `wasm` through wasm-bindgen and wasm-opt, as `{prefix}-{hash}.js` and `…_bg.wasm`.
fn bindgen_and_optimize(root: &Path, wasm: &Path, prefix: &str, staging: &Path) -> Result<shell::Module> {
    let stage = Stage::start(format!("wasm-bindgen ({prefix})"));
    let name = format!("{prefix}-{}", short_hash(&fs::read(wasm)?));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(&name)
        .web(true)?
        .typescript(false)
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(staging)
        .context("wasm-bindgen failed")?;
    stage.done();
    let stage = Stage::start(format!("wasm-opt -Os (binaryen 132, {prefix})"));
    tools::optimize_wasm(root, &staging.join(format!("{name}_bg.wasm")))?;
    stage.done();
    let js = format!("{name}.js");
    let js_integrity = crate::security::integrity(&fs::read(staging.join(&js))?);
    Ok(shell::Module { js, wasm: format!("{name}_bg.wasm"), js_integrity })
}

/// Each language's page data and index in `data/` (named `{lang}.{hash}.pages` / `.idx`).
fn data_files(staging: &Path) -> Result<Vec<(engine::Lang, shell::LangFiles)>> {
    use base64::Engine as _;
    let dir = staging.join("data");
    let mut names: Vec<String> = Vec::new();
    for entry in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
        names.extend(entry?.file_name().to_str().map(str::to_string));
    }
    let find = |lang: engine::Lang, extension: &str| {
        names
            .iter()
            .find(|n| n.starts_with(&format!("{lang}.")) && n.ends_with(&format!(".{extension}")))
            .map(|n| format!("data/{n}"))
            .unwrap_or_default()
    };
    let mut files = Vec::new();
    for lang in engine::Lang::ALL {
        let index = find(lang, "idx");
        let bytes = fs::read(staging.join(&index)).with_context(|| format!("cannot read the {lang} index {index}"))?;
        let index_base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        files.push((lang, shell::LangFiles { pages: find(lang, "pages"), index, index_base64 }));
    }
    Ok(files)
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

/// Copies `public/` into the site; the stylesheet gets a content hash in its name. Returns
/// that name and the stylesheet's Subresource Integrity.
fn copy_public(public: &Path, staging: &Path) -> Result<(String, String)> {
    let mut stylesheet = (String::new(), String::new());
    for entry in fs::read_dir(public).with_context(|| format!("cannot read {}", public.display()))? {
        let path = entry?.path();
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if path.is_dir() {
            copy_dir(&path, &staging.join(file_name))?;
        } else if file_name == "style.css" {
            let bytes = fs::read(&path)?;
            stylesheet = (format!("style-{}.css", short_hash(&bytes)), crate::security::integrity(&bytes));
            fs::write(staging.join(&stylesheet.0), bytes)?;
        } else {
            fs::copy(&path, staging.join(file_name))?;
        }
    }
    if stylesheet.0.is_empty() {
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

/// Swaps the finished staging folder into place. Whatever is deleted is checked once more
/// to be the build's own (see `out_dir`): the folders may have changed during the build.
fn replace_dir(staging: &Path, out: &Path, root: &Path) -> Result<()> {
    if out.exists() {
        let old = crate::out_dir::sibling(out, "old")?;
        crate::out_dir::remove_if_ours(&old, root)?;
        crate::out_dir::ensure_ours(out, root)?;
        fs::rename(out, &old)?;
        fs::rename(staging, out)?;
        crate::out_dir::remove_if_ours(&old, root)?;
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

    #[test]
    fn replaces_only_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, out) = (dir.path().join(".dist.partial"), dir.path().join("dist"));
        let staged = || {
            crate::out_dir::create_marked(&staging).unwrap();
            fs::write(staging.join("index.html"), "new").unwrap();
        };
        staged();
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("mine.txt"), "keep").unwrap();
        assert!(replace_dir(&staging, &out, dir.path()).is_err());
        assert_eq!(fs::read_to_string(out.join("mine.txt")).unwrap(), "keep");
        fs::remove_dir_all(&out).unwrap();
        replace_dir(&staging, &out, dir.path()).unwrap();
        staged();
        replace_dir(&staging, &out, dir.path()).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(out.join(crate::out_dir::MARKER).exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no staging or old folder left");
    }
}

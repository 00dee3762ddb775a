//! The release build: content check → app → wasm-bindgen → wasm-opt → per-route HTML shells.
//!
//! Two halves: the code ([`compile`]: cargo builds the three WebAssembly modules and the page
//! renderer, wasm-bindgen and wasm-opt finish the modules, cached by their input under
//! `target/`) and the content ([`build_content`]: `sitegen` checks and compiles `content/`, the
//! renderer renders every page from it, and the pages, data and headers are assembled). No
//! code depends on the content, so a content edit runs only the second half: no cargo, rustc,
//! wasm-bindgen or wasm-opt (`cargo xtask serve` does exactly that when a file changes).
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
    /// How long the content half took, by stage.
    pub timings: Timings,
    /// The service worker's version (its cache's name).
    pub worker_version: String,
}

/// Milliseconds per stage of [`build_content`].
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Timings {
    /// Reading and checking the content, Markdown, building the indexes (`sitegen::load`).
    pub sitegen_ms: u64,
    /// Writing the data files, routes and coverage (`sitegen::output::write`).
    pub write_ms: u64,
    /// The page renderer over every route.
    pub prerender_ms: u64,
    /// Waiting for the deletion of the build replaced before (see [`replace_dir_cleaning_later`]).
    pub cleanup_wait_ms: u64,
    /// Shells, assets, sitemap, QR codes, service worker, headers; swapping into place.
    pub assemble_ms: u64,
    pub total_ms: u64,
}

pub fn build(options: &Options) -> Result<Built> {
    let started = Instant::now();
    let root = workspace_root();
    let content = absolute(&options.content)?;
    // Before anything slow: refuse an output folder this build must not replace.
    crate::out_dir::check(&options.out, &crate::out_dir::Places::of_this_run(&content))?;
    normalize_base(&options.base)?;
    // The content first: its errors are the likeliest, and need no compiler to find.
    let stage = Stage::start("checking content");
    let site = load_content(options)?;
    eprint!("{}", sitegen::output::coverage_table(&site));
    stage.done();
    if options.production {
        crate::preview::refuse_unfinished(&content)?;
    }
    let code = compile(&root)?;
    let built = build_content(options, &code)?;
    finish_cleanup();
    let t = &built.timings;
    eprintln!(
        "Built {} pages into {} in {:.1} s (content: checked and indexed {} ms, data {} ms, pages rendered {} ms, \
         assembled {} ms)",
        built.routes,
        options.out.display(),
        started.elapsed().as_secs_f64(),
        t.sitegen_ms,
        t.write_ms,
        t.prerender_ms,
        t.assemble_ms
    );
    Ok(built)
}

/// The content checked and compiled in memory, or its errors as one message
/// (`path:line: what — how to fix it`, one per line).
pub fn load_content(options: &Options) -> Result<sitegen::Site, ContentFailure> {
    sitegen::load(&absolute(&options.content).map_err(|e| ContentFailure(e.to_string()))?)
        .map_err(|errors| ContentFailure(errors.to_string()))
}

/// Content errors (each line `path:line: what — how to fix it`).
#[derive(Debug)]
pub struct ContentFailure(pub String);

impl std::fmt::Display for ContentFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\ncontent errors; nothing was written", self.0.trim_end())
    }
}

impl std::error::Error for ContentFailure {}

/// The content half of the build with `code` as it is: check and compile the content, render
/// every page, assemble `--out`. Runs no cargo, rustc, wasm-bindgen or wasm-opt. Content
/// errors come back as a [`ContentFailure`] (and nothing is written).
pub fn build_content(options: &Options, code: &Code) -> Result<Built> {
    build_content_with_worker(options, code, None)
}

/// [`build_content`]; with `worker_version`, the service worker keeps that version (its cache
/// name) instead of one derived from this build. `cargo xtask serve` keeps its first build's
/// worker across content rebuilds: a new worker taking over reloads the open page a second
/// time after each edit's reload (pages are fetched network-first in any case, and every data
/// file has a new name when it changes).
pub fn build_content_with_worker(options: &Options, code: &Code, worker_version: Option<&str>) -> Result<Built> {
    let started = Instant::now();
    let root = workspace_root();
    let base = normalize_base(&options.base)?;
    let content = absolute(&options.content)?;
    let places = crate::out_dir::Places::of_this_run(&content);
    // The folder check looks at the previous build's leftovers too: while they are still
    // being deleted it waits until the content is compiled and rendered (the deletion runs
    // meanwhile), else it comes first, before anything slow.
    let cleaning = cleanup_pending();
    if !cleaning {
        crate::out_dir::check(&options.out, &places)?;
    }
    let out = crate::out_dir::resolve(&options.out)?;
    let mut timings = Timings::default();
    let mut lap = Instant::now();
    let mut clock = |slot: &mut u64| {
        *slot = lap.elapsed().as_millis() as u64;
        lap = Instant::now();
    };
    let site = load_content(options)?;
    clock(&mut timings.sitegen_ms);
    if options.production {
        crate::preview::refuse_unfinished(&content)?;
    }
    let compiled = compiled_content_dir(&root, &out)?;
    sitegen::output::write(&site, &compiled)
        .with_context(|| format!("could not write the compiled content to {}", compiled.display()))?;
    clock(&mut timings.write_ms);
    let pages = crate::prerender::render_all(&code.prerender, &compiled)?;
    clock(&mut timings.prerender_ms);
    if cleaning {
        finish_cleanup();
        crate::out_dir::check(&options.out, &places)?;
        clock(&mut timings.cleanup_wait_ms);
    }

    let staging = crate::out_dir::sibling(&out, "partial")?;
    crate::out_dir::remove_if_ours(&staging, &root)?;
    crate::out_dir::create_marked(&staging)?;
    let preview = !options.production;
    let result = assemble(&root, code, &compiled, &pages, &staging, &base, &site, preview, worker_version);
    let built = match result {
        Ok(built) => built,
        Err(err) => {
            let _ = crate::out_dir::remove_if_ours(&staging, &root);
            return Err(err);
        }
    };
    replace_dir_cleaning_later(&staging, &out, &root)?;
    clock(&mut timings.assemble_ms);
    timings.total_ms = started.elapsed().as_millis() as u64;
    Ok(Built { out: options.out.clone(), timings, ..built })
}

/// Where the compiled content of a build into `out` goes: below `target/`, one folder per
/// output folder, so that two builds into different folders never share one.
fn compiled_content_dir(root: &Path, out: &Path) -> Result<PathBuf> {
    let key = short_hash(out.to_string_lossy().as_bytes());
    let dir = root.join("target").join("xtask").join(format!("content-{key}"));
    fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The code of the site, compiled: nothing in it depends on the content.
#[derive(Clone, Debug)]
pub struct Code {
    /// The search app (`fukushima-site`), through wasm-bindgen and wasm-opt.
    pub app: Finished,
    /// The document pages' module (`site-reader`).
    pub reader: Finished,
    /// The search page's first answer (`site-first-answer`).
    pub answer: Finished,
    /// The first answer of a language searched from shards (`site-sharded-answer`).
    pub sharded: Finished,
    /// The host-side page renderer (the site crate's `prerender` binary, `ssr` feature).
    pub prerender: PathBuf,
}

/// A WebAssembly module after wasm-bindgen and wasm-opt: a folder holding `{name}.js` and
/// `{name}_bg.wasm` (see [`bindgen_and_optimize`]).
#[derive(Clone, Debug)]
pub struct Finished {
    pub dir: PathBuf,
    pub name: String,
}

/// The WebAssembly binaries, by package and binary name.
const APP: &str = "fukushima-site";
const READER: &str = "site-reader";
const ANSWER: &str = "site-first-answer";
/// A second binary of the first answer's package.
const SHARDED: &str = "site-sharded-answer";

/// Builds the code: the four WebAssembly modules (finished by wasm-bindgen and wasm-opt, or
/// taken from the cache when their input is unchanged) and the page renderer.
pub fn compile(root: &Path) -> Result<Code> {
    tools::ensure_wasm_target()?;
    tools::ensure_npm_tools(root)?;
    let stage = Stage::start("compiling the app to WebAssembly");
    let wasm = cargo_build_wasm(root)?;
    stage.done();
    let stage = Stage::start("compiling the page renderer");
    let prerender = build_renderer(root)?;
    stage.done();
    Ok(Code {
        app: bindgen_and_optimize(root, &wasm.app, "app")?,
        reader: bindgen_and_optimize(root, &wasm.reader, "reader")?,
        answer: bindgen_and_optimize(root, &wasm.answer, "answer")?,
        sharded: bindgen_and_optimize(root, &wasm.sharded, "sharded-answer")?,
        prerender,
    })
}

/// Paths of the WebAssembly files cargo produced.
struct Wasm {
    app: PathBuf,
    reader: PathBuf,
    answer: PathBuf,
    sharded: PathBuf,
}

fn cargo_build_wasm(root: &Path) -> Result<Wasm> {
    let mut command = Command::new(env_cargo());
    command
        .current_dir(root)
        .args(["build", "--profile", "wasm-release", "--target", tools::WASM_TARGET])
        .args(["--package", APP, "--bin", APP, "--package", READER, "--bin", READER])
        .args(["--package", ANSWER, "--bin", ANSWER, "--bin", SHARDED]);
    let artifacts = cargo_artifacts(command)?;
    let find = |name: &str| {
        artifacts
            .iter()
            .find(|(target, file)| target == name && file.extension().is_some_and(|e| e == "wasm"))
            .map(|(_, file)| file.clone())
    };
    match (find(APP), find(READER), find(ANSWER), find(SHARDED)) {
        (Some(app), Some(reader), Some(answer), Some(sharded)) => Ok(Wasm { app, reader, answer, sharded }),
        _ => bail!("cargo did not report every wasm file"),
    }
}

/// The page renderer's executable (the dev profile: it runs once per build on the host).
pub fn build_renderer(root: &Path) -> Result<PathBuf> {
    let mut command = Command::new(env_cargo());
    command.current_dir(root).args([
        "build",
        "--package",
        APP,
        "--no-default-features",
        "--features",
        "ssr",
        "--bin",
        "prerender",
    ]);
    let artifacts = cargo_artifacts(command)?;
    artifacts
        .into_iter()
        .find(|(target, _)| target == "prerender")
        .map(|(_, file)| file)
        .context("cargo did not report the page renderer's executable")
}

/// Runs a cargo build, showing its diagnostics; the files of each target it built, by name.
fn cargo_artifacts(mut command: Command) -> Result<Vec<(String, PathBuf)>> {
    let mut child = command
        .arg("--message-format=json-render-diagnostics")
        .stdout(Stdio::piped())
        .spawn()
        .context("could not start cargo")?;
    let mut artifacts = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            match message["reason"].as_str() {
                Some("compiler-artifact") => {
                    let target = message["target"]["name"].as_str().unwrap_or_default().to_string();
                    let executable = message["executable"].as_str().map(PathBuf::from);
                    let files = message["filenames"].as_array().cloned().unwrap_or_default();
                    for file in executable.into_iter().chain(files.iter().filter_map(|f| f.as_str()).map(PathBuf::from))
                    {
                        artifacts.push((target.clone(), file));
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
    Ok(artifacts)
}

fn env_cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    root: &Path,
    code: &Code,
    compiled: &Path,
    pages: &crate::prerender::Pages,
    staging: &Path,
    base: &str,
    site: &sitegen::Site,
    preview: bool,
    worker_version: Option<&str>,
) -> Result<Built> {
    let app = place_module(&code.app, staging)?;
    let reader = place_module(&code.reader, staging)?;
    let answer = place_module(&code.answer, staging)?;
    let sharded = place_module(&code.sharded, staging)?;

    let stage = Stage::start("assets, data and HTML pages");
    let public = root.join("public");
    let (stylesheet, stylesheet_integrity) = copy_public(&public, staging)?;
    copy_dir(&compiled.join("site"), staging)?;
    let routes: Vec<Route> = serde_json::from_slice(&fs::read(compiled.join(sitegen::output::ROUTES))?)?;
    let data = data_files(staging, site)?;
    let assets =
        shell::Assets { base: base.to_string(), app, reader, answer, sharded, stylesheet, stylesheet_integrity, data };
    for route in &routes {
        let dir = staging.join(&route.path);
        fs::create_dir_all(&dir)?;
        let body = pages.get(&route.path).map(String::as_str);
        let head = crate::meta::head(route, &site.public_url, base, &crate::meta::page_meta_in(route, site, base));
        let html = shell::render(route, &assets, body, &head);
        let html = if preview { crate::preview::mark(&html, route.lang, &site.ui)? } else { html };
        fs::write(dir.join("index.html"), html)?;
    }
    let not_found = pages.get(crate::prerender::NOT_FOUND).map(String::as_str);
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
    let version = match worker_version {
        Some(version) => version.to_string(),
        None => build_version(staging)?,
    };
    fs::write(staging.join("sw.js"), crate::service_worker::script(&version, &shell_files))?;
    fs::write(staging.join("_headers"), headers_file(&assets))?;
    stage.done();
    Ok(Built {
        out: staging.to_path_buf(),
        js: assets.app.js,
        wasm: assets.app.wasm,
        routes: routes.len(),
        timings: Timings::default(),
        worker_version: version,
    })
}

/// The host's `_headers`: the policy that allows exactly the pages' inline scripts, long
/// caching for the content-hashed files, none for pages and the service worker.
fn headers_file(assets: &shell::Assets) -> String {
    let policy = crate::security::Policy::allowing(&shell::inline_scripts(assets));
    let mut immutable = vec![assets.stylesheet.clone()];
    for module in [&assets.app, &assets.reader, &assets.answer, &assets.sharded] {
        immutable.extend([module.js.clone(), module.wasm.clone()]);
    }
    for (_, files) in &assets.data {
        immutable.extend([files.pages.clone(), files.index.clone()]);
        immutable.extend(files.shard_parts.iter().cloned());
        immutable.extend(files.head.iter().chain(&files.records).cloned());
    }
    let mut revalidated: Vec<String> = ["", "index.html", "404.html", "sw.js"].map(String::from).to_vec();
    revalidated.extend(assets.data.iter().map(|(lang, _)| format!("{}/*", lang.code())));
    crate::security::headers_file(&assets.base, &policy, &immutable, &revalidated)
}

/// wasm-bindgen's version and options and wasm-opt's: part of the cache key, so that a
/// change to either finishes every module afresh.
const FINISHING: &str = "wasm-bindgen 0.2.130 web, no typescript, name and producers sections removed; wasm-opt -Os --skip-pass=memory-packing";

/// `wasm` through wasm-bindgen and wasm-opt, as `{prefix}-{hash}.js` and `…_bg.wasm` in a
/// folder under `target/wasm-cache/` named by [`cache_key`]: an unchanged input is finished
/// once, whatever else changed.
fn bindgen_and_optimize(root: &Path, wasm: &Path, prefix: &str) -> Result<Finished> {
    let bytes = fs::read(wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let name = format!("{prefix}-{}", short_hash(&bytes));
    let cache = root.join("target").join("wasm-cache");
    let dir = cache.join(cache_key(&bytes, &tools::wasm_opt_version(root)));
    let finished = Finished { dir: dir.clone(), name: name.clone() };
    if dir.join(format!("{name}_bg.wasm")).is_file() && dir.join(format!("{name}.js")).is_file() {
        eprintln!("  {prefix}: unchanged, finished WebAssembly from {}", dir.display());
        return Ok(finished);
    }
    let partial = dir.with_extension("partial");
    if partial.exists() {
        fs::remove_dir_all(&partial)?;
    }
    fs::create_dir_all(&partial)?;
    let stage = Stage::start(format!("wasm-bindgen ({prefix})"));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(&name)
        .web(true)?
        .typescript(false)
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&partial)
        .context("wasm-bindgen failed")?;
    stage.done();
    let stage = Stage::start(format!("wasm-opt -Os (binaryen 132, {prefix})"));
    tools::optimize_wasm(root, &partial.join(format!("{name}_bg.wasm")))?;
    stage.done();
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    fs::rename(&partial, &dir)?;
    Ok(finished)
}

/// The cache folder's name for a module: a hash of its input WebAssembly, the finishing
/// tools' versions and options ([`FINISHING`]) and wasm-opt's version as installed.
pub fn cache_key(wasm: &[u8], wasm_opt_version: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(FINISHING.as_bytes());
    hasher.update([0]);
    hasher.update(wasm_opt_version.as_bytes());
    hasher.update([0]);
    hasher.update(wasm);
    hasher.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Copies a finished module into the site; its names and the loader's integrity.
fn place_module(module: &Finished, staging: &Path) -> Result<shell::Module> {
    let js = format!("{}.js", module.name);
    let wasm = format!("{}_bg.wasm", module.name);
    for file in [&js, &wasm] {
        fs::copy(module.dir.join(file), staging.join(file))
            .with_context(|| format!("cannot copy {} from {}", file, module.dir.display()))?;
    }
    let js_integrity = crate::security::integrity(&fs::read(staging.join(&js))?);
    Ok(shell::Module { js, wasm, js_integrity })
}

/// Each language's page data and index in `data/` (named `{lang}.{hash}.pages` / `.idx`, and a
/// sharded index's root `{lang}.{hash}.root.bin`).
fn data_files(staging: &Path, site: &sitegen::Site) -> Result<Vec<(engine::Lang, shell::LangFiles)>> {
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
    // The site's languages, in display order: the pages list their files in this order, and
    // the app reads the site's languages from that list.
    for lang in site.langs() {
        let index = find(lang, "idx");
        // A sharded language's search page carries the root of its index, else the index.
        let shards = Some(find(lang, "root.bin")).filter(|root| !root.is_empty());
        // Its parts share the root's `{lang}.{hash}.` (content-hashed: cached for good).
        let shard_parts: Vec<String> = match &shards {
            Some(root) => {
                let prefix = root.trim_start_matches("data/").trim_end_matches("root.bin");
                names
                    .iter()
                    .filter(|n| n.starts_with(prefix) && n.ends_with(".bin"))
                    .map(|n| format!("data/{n}"))
                    .collect()
            }
            None => Vec::new(),
        };
        let inlined = shards.as_ref().unwrap_or(&index);
        let bytes =
            fs::read(staging.join(inlined)).with_context(|| format!("cannot read the {lang} index {inlined}"))?;
        let index_base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        let ui_lines = site.ui.text(lang).to_lines();
        let named = |extension: &str| Some(find(lang, extension)).filter(|name| !name.is_empty());
        files.push((
            lang,
            shell::LangFiles {
                pages: find(lang, "pages"),
                index,
                shards,
                shard_parts,
                head: named("head"),
                records: named("records"),
                index_base64,
                ui_lines,
            },
        ));
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

/// The languages a build has (a `<code>/` folder each): the site's, not every one the code
/// knows. For the commands that measure an existing build.
pub fn built_languages(dist: &Path) -> Vec<engine::Lang> {
    engine::Lang::ALL.into_iter().filter(|lang| dist.join(lang.code()).is_dir()).collect()
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

/// The removal of the build that was replaced last, still running.
static CLEANUP: std::sync::Mutex<Option<std::thread::JoinHandle<()>>> = std::sync::Mutex::new(None);

/// Whether the build replaced last is still being deleted.
fn cleanup_pending() -> bool {
    CLEANUP.lock().is_ok_and(|cleanup| cleanup.as_ref().is_some_and(|c| !c.is_finished()))
}

/// Waits until the replaced build is deleted (see [`replace_dir_cleaning_later`]).
pub fn finish_cleanup() {
    let pending = CLEANUP.lock().ok().and_then(|mut cleanup| cleanup.take());
    if let Some(cleanup) = pending {
        let _ = cleanup.join();
    }
}

/// [`replace_dir`], but the replaced build (`.NAME.old`) is deleted on a thread of its own:
/// the new site is in place at once (deleting some thousand files took 1–3 s here, most of a
/// content rebuild). The next replacement, and [`build`] before it returns, wait for it.
fn replace_dir_cleaning_later(staging: &Path, out: &Path, root: &Path) -> Result<()> {
    finish_cleanup();
    if !out.exists() {
        return replace_dir(staging, out, root);
    }
    let old = crate::out_dir::sibling(out, "old")?;
    crate::out_dir::remove_if_ours(&old, root)?;
    crate::out_dir::ensure_ours(out, root)?;
    fs::rename(out, &old)?;
    fs::rename(staging, out)?;
    let root = root.to_path_buf();
    let cleanup = std::thread::spawn(move || {
        if let Err(err) = crate::out_dir::remove_if_ours(&old, &root) {
            eprintln!("warning: could not delete the replaced build {}: {err:#}", old.display());
        }
    });
    if let Ok(mut pending) = CLEANUP.lock() {
        *pending = Some(cleanup);
    }
    Ok(())
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
    fn a_build_has_the_languages_it_has_folders_for() {
        let dist = std::env::temp_dir().join(format!("xtask-built-languages-{}", std::process::id()));
        for code in ["en", "ja", "data"] {
            fs::create_dir_all(dist.join(code)).unwrap();
        }
        assert_eq!(built_languages(&dist), [engine::Lang::Ja, engine::Lang::En], "catalogue order, only those built");
        fs::remove_dir_all(&dist).unwrap();
    }

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
    fn the_cache_key_follows_the_input_and_the_tools() {
        let key = cache_key(b"\0asm one", "132.0.0");
        assert_eq!(key, cache_key(b"\0asm one", "132.0.0"), "the same input finds the same entry");
        assert_eq!(key.len(), 32);
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(key, cache_key(b"\0asm two", "132.0.0"), "another module");
        assert_ne!(key, cache_key(b"\0asm one", "133.0.0"), "another wasm-opt");
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

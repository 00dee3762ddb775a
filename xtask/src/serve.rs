//! `cargo xtask serve`: the built site on localhost until interrupted, rebuilt and reloaded in
//! the open pages whenever the content changes.
//!
//! Watching (on unless `--no-watch`): the content folder and `public/` are polled
//! (`watch`); after an edit only the content half of the build runs (`dist::build_content`:
//! sitegen, the page renderer, assembly — no cargo), the new site is swapped in and every open
//! page reloads (`server::Live`). Content errors are printed and shown over the open pages,
//! and the last good build stays served. A change to the code (Rust sources, manifests) is
//! reported with the advice to restart: the running xtask itself holds the site builder, so
//! only a new run builds the code and the content with the same sources.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Result};

use crate::dist::{self, normalize_base, ContentFailure};
use crate::server::{Live, StaticServer};
use crate::watch::Watcher;

#[derive(clap::Args, Clone, Debug)]
pub struct Options {
    #[command(flatten)]
    pub build: dist::Options,
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Serve an existing build without rebuilding (and without watching).
    #[arg(long)]
    pub no_build: bool,
    /// Do not rebuild and reload when the content or public/ changes.
    #[arg(long)]
    pub no_watch: bool,
}

pub fn serve_forever(dir: &Path, base: &str, port: u16) -> Result<()> {
    if !dir.join("index.html").exists() {
        bail!("{} has no built site; run without --no-build", dir.display());
    }
    let base = normalize_base(base)?;
    let server = StaticServer::start(dir, &base, port)?;
    eprintln!("Serving {} at {}  (Ctrl-C to stop)", dir.display(), server.url(&base));
    loop {
        std::thread::park();
    }
}

/// `cargo xtask serve`.
pub fn run(options: &Options) -> Result<()> {
    if options.no_build {
        return serve_forever(&options.build.out, &options.build.base, options.port);
    }
    if options.no_watch {
        dist::build(&options.build)?;
        return serve_forever(&options.build.out, &options.build.base, options.port);
    }
    let session = Session::start(&options.build, options.port)?;
    eprintln!(
        "Serving {} at {}  (Ctrl-C to stop)\nWatching {} and public/: save a file and the open pages reload.",
        options.build.out.display(),
        session.server.url(&session.base),
        options.build.content.display()
    );
    session.watch_forever()
}

/// Starts a watching session on its own thread (tests and `watchtime`); the session stays
/// shared with the caller.
pub fn watch_in_background(options: &dist::Options) -> Result<Arc<Session>> {
    let session = Arc::new(Session::start(options, 0)?);
    let watching = session.clone();
    std::thread::spawn(move || watching.watch_forever());
    Ok(session)
}

/// A watching server: the code compiled once, the content rebuilt on every edit.
pub struct Session {
    pub server: StaticServer,
    pub live: Arc<Live>,
    pub base: String,
    options: dist::Options,
    code: dist::Code,
    /// The stages' times of every rebuild after an edit, in order.
    pub timings: std::sync::Mutex<Vec<dist::Timings>>,
    /// The service worker's version, kept from the first good build (see
    /// `dist::build_content_with_worker`).
    worker_version: std::sync::Mutex<Option<String>>,
    /// The content's and the code's watchers, from the first build on (taken by the loop).
    watchers: std::sync::Mutex<Option<(Watcher, Watcher)>>,
}

impl Session {
    /// Builds everything once and serves it. With content errors, the last build in `--out`
    /// is served (with the errors shown over its pages) if there is one.
    pub fn start(options: &dist::Options, port: u16) -> Result<Session> {
        let base = normalize_base(&options.base)?;
        let root = crate::workspace_root();
        let code = dist::compile(&root)?;
        // Before the first build: an edit made while it runs is seen afterwards.
        let watchers =
            (Watcher::new(vec![absolute(&options.content), root.join("public")]), Watcher::new(code_paths(&root)));
        let live = Arc::new(Live::default());
        let mut worker_version = None;
        match dist::build_content(options, &code) {
            Ok(built) => {
                eprintln!("Built {} pages in {:.1} s", built.routes, built.timings.total_ms as f64 / 1000.0);
                worker_version = Some(built.worker_version);
            }
            Err(err) => match err.downcast_ref::<ContentFailure>() {
                Some(failure) if options.out.join("index.html").exists() => {
                    eprintln!("{}\nServing the last good build in {}.", failure.0.trim_end(), options.out.display());
                    live.failed(&failure.0);
                }
                _ => return Err(err),
            },
        }
        let server = StaticServer::start_live(&options.out, &base, port, live.clone())?;
        Ok(Session {
            server,
            live,
            base,
            options: options.clone(),
            code,
            timings: Default::default(),
            watchers: std::sync::Mutex::new(Some(watchers)),
            worker_version: std::sync::Mutex::new(worker_version),
        })
    }

    /// Polls the content, `public/` and the code until the process ends.
    pub fn watch_forever(&self) -> Result<()> {
        let root = crate::workspace_root();
        let Some((mut content, mut code)) = self.watchers.lock().ok().and_then(|mut w| w.take()) else {
            bail!("this session is watched already");
        };
        loop {
            std::thread::sleep(crate::watch::POLL);
            if let Some(changed) = code.poll() {
                eprintln!(
                    "{} changed: that is code, which this server does not rebuild — stop it (Ctrl-C) and run \
                     `cargo xtask serve` again. Content edits keep reloading until then.",
                    shown(&changed, &root)
                );
            }
            if let Some(changed) = content.poll() {
                eprintln!("{} changed: rebuilding the content", shown(&changed, &root));
                if let Some(timings) = self.rebuild() {
                    if let Ok(mut last) = self.timings.lock() {
                        last.push(timings);
                    }
                }
            }
        }
    }

    /// The content half of the build; the pages reload, or show what is wrong. The stages'
    /// times of a build that succeeded.
    pub fn rebuild(&self) -> Option<dist::Timings> {
        let started = Instant::now();
        let kept = self.worker_version.lock().ok().and_then(|v| v.clone());
        match dist::build_content_with_worker(&self.options, &self.code, kept.as_deref()) {
            Ok(built) => {
                if let Ok(mut version) = self.worker_version.lock() {
                    version.get_or_insert(built.worker_version.clone());
                }
                self.server.reload_headers();
                self.live.built();
                let t = &built.timings;
                eprintln!(
                    "Rebuilt in {} ms (content {} ms, data {} ms, pages {} ms, waiting for the last cleanup {} ms, \
                     assembly {} ms); the open pages reload.",
                    started.elapsed().as_millis(),
                    t.sitegen_ms,
                    t.write_ms,
                    t.prerender_ms,
                    t.cleanup_wait_ms,
                    t.assemble_ms
                );
                Some(built.timings)
            }
            Err(err) => {
                let message = match err.downcast_ref::<ContentFailure>() {
                    Some(failure) => failure.0.trim_end().to_string(),
                    None => format!("{err:#}"),
                };
                eprintln!("{message}\nStill serving the last good build; the open pages show the error.");
                self.live.failed(&message);
                None
            }
        }
    }
}

/// The sources of the code: what a content rebuild does not cover.
fn code_paths(root: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        ["app", "engine", "sitegen", "reader", "first-answer", "xtask"].iter().map(|dir| root.join(dir)).collect();
    paths.extend(["Cargo.toml", "Cargo.lock"].iter().map(|file| root.join(file)));
    paths
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|dir| dir.join(path)).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// The first changed file below the root (and how many more).
fn shown(changed: &[PathBuf], root: &Path) -> String {
    let first = changed.first().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).unwrap_or_default();
    match changed.len() {
        0 | 1 => first,
        n => format!("{first} (and {} more)", n - 1),
    }
}

//! A static file server that behaves like a plain static host (GitHub Pages, S3, Netlify
//! without rewrite rules): files and `index.html` only, `/dir` redirects to `/dir/`, unknown
//! paths get `404.html` with status 404, and the site can live under a base path. Tests can
//! make chosen paths fail, to check how the app handles an unreachable index.
//!
//! Like Netlify or Cloudflare Pages, it sends the headers the site's `_headers` file gives for
//! each path (the build writes one: security policy, caching), and never serves that file.
//!
//! [`StaticServer::start_live`] is `cargo xtask serve`'s: every HTML page it sends gets one
//! more script, `__serve/reload.js` (same origin, so the site's strict policy allows it with
//! no inline code), which asks `__serve/state` (long-polling) whether the site was rebuilt —
//! then it reloads the page — or whether the content has an error, which it shows over the
//! page as text. See [`Live`].
//!
//! [`StaticServer::start_brotli`] serves as a CDN would: a file that has a precompressed
//! `<file>.br` beside it is sent as that, any other compressible file is compressed once
//! (brotli quality 11, kept in memory), each with `Content-Encoding: br` and
//! `Vary: Accept-Encoding` when the request accepts `br`.
//!
//! A request for one byte range (`Range: bytes=…`) gets those bytes uncompressed with `206`,
//! as static hosts answer one (a list of ranges gets the whole file).
//!
//! The transport is [`crate::http`]'s (a thread per connection, `TCP_NODELAY`; see there why).

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::http::{Body, HttpServer, Request, Response};

/// A running server; stops when dropped.
pub struct StaticServer {
    /// Stops when dropped, after [`StaticServer`]'s `drop` ended the long polls.
    _http: HttpServer,
    site: Arc<Site>,
    pub port: u16,
    failing: Arc<Mutex<Vec<String>>>,
}

/// What the server is answering and has answered: when a page waits for a file, this tells
/// whether the request reached the server at all.
#[derive(Default)]
struct Journal {
    next: u64,
    in_flight: HashMap<u64, (String, Instant)>,
    answered: usize,
}

struct Site {
    root: PathBuf,
    base: String,
    failing: Arc<Mutex<Vec<String>>>,
    /// Brotli bodies by file, when the server compresses (`None`: plain files, as in tests).
    brotli: Option<Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>>,
    journal: Mutex<Journal>,
    /// The rules of the site's `_headers` file (none without one).
    header_rules: RwLock<HeaderRules>,
    /// Serve mode: the build's state for the pages' reload script.
    live: Option<Arc<Live>>,
    /// Set when the server stops: ends the long polls, whose threads the stop waits for.
    stopping: AtomicBool,
}

/// What `cargo xtask serve` tells open pages: how many builds it finished (a page served
/// before the latest reloads) and the content errors of the last attempt, if it failed (the
/// last good build is still served, and the pages show the errors). Every change bumps `seq`,
/// which the pages' long poll waits on.
#[derive(Default)]
pub struct Live {
    state: Mutex<LiveState>,
    changed: Condvar,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct LiveState {
    pub seq: u64,
    pub generation: u64,
    pub error: Option<String>,
}

/// The reload script's path below the base, and the state it polls.
pub const RELOAD_SCRIPT: &str = "__serve/reload.js";
const STATE: &str = "__serve/state";
/// How long one poll waits for a change before it answers anyway.
const POLL_WAIT: Duration = Duration::from_secs(20);

impl Live {
    /// A new build is in place.
    pub fn built(&self) {
        self.update(|state| {
            state.generation += 1;
            state.error = None;
        });
    }

    /// The last attempt failed with `error` (as text: the pages show it with `textContent`).
    pub fn failed(&self, error: &str) {
        self.update(|state| state.error = Some(error.to_string()));
    }

    pub fn state(&self) -> LiveState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn update(&self, change: impl FnOnce(&mut LiveState)) {
        if let Ok(mut state) = self.state.lock() {
            change(&mut state);
            state.seq += 1;
        }
        self.changed.notify_all();
    }

    /// The state once its `seq` differs from `since`, or after `wait` in any case.
    pub fn wait_for_change(&self, since: Option<u64>, wait: Duration) -> LiveState {
        self.wait_unless(since, wait, &AtomicBool::new(false))
    }

    /// [`Live::wait_for_change`], ending early once `stop` is set (and [`Live::wake`] called).
    fn wait_unless(&self, since: Option<u64>, wait: Duration, stop: &AtomicBool) -> LiveState {
        let Ok(state) = self.state.lock() else { return LiveState::default() };
        let unchanged = |s: &mut LiveState| Some(s.seq) == since && !stop.load(Ordering::SeqCst);
        let Ok((state, _)) = self.changed.wait_timeout_while(state, wait, unchanged) else {
            return LiveState::default();
        };
        state.clone()
    }

    /// Wakes the waits to check their `stop` flag again.
    fn wake(&self) {
        // Taking the lock orders this after a waiter's check of the flag.
        drop(self.state.lock());
        self.changed.notify_all();
    }
}

/// The site's own header file, as static hosts read it.
const HEADERS_FILE: &str = "_headers";

impl StaticServer {
    /// Serves `root` under `base` (e.g. `/` or `/fukushima/`) on 127.0.0.1:`port` (0 = any free port).
    pub fn start(root: &Path, base: &str, port: u16) -> Result<StaticServer> {
        StaticServer::launch(root, base, port, false, None)
    }

    /// Like [`StaticServer::start`], but compressing with brotli for clients that accept it.
    pub fn start_brotli(root: &Path, base: &str, port: u16) -> Result<StaticServer> {
        StaticServer::launch(root, base, port, true, None)
    }

    /// Like [`StaticServer::start`], for `cargo xtask serve`: pages reload when `live` says
    /// the site was rebuilt and show its content errors.
    pub fn start_live(root: &Path, base: &str, port: u16, live: Arc<Live>) -> Result<StaticServer> {
        StaticServer::launch(root, base, port, false, Some(live))
    }

    /// Reads the site's `_headers` again (after a rebuild).
    pub fn reload_headers(&self) {
        if let Ok(mut rules) = self.site.header_rules.write() {
            *rules = read_header_rules(&self.site.root);
        }
    }

    fn launch(root: &Path, base: &str, port: u16, brotli: bool, live: Option<Arc<Live>>) -> Result<StaticServer> {
        let failing = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site {
            journal: Mutex::new(Journal::default()),
            root: root.to_path_buf(),
            base: base.to_string(),
            failing: failing.clone(),
            brotli: brotli.then(|| Mutex::new(HashMap::new())),
            header_rules: RwLock::new(read_header_rules(root)),
            live,
            stopping: AtomicBool::new(false),
        });
        let answering = site.clone();
        let http = HttpServer::start(port, move |request: &Request| answering.respond(request))?;
        Ok(StaticServer { port: http.port(), _http: http, site, failing })
    }

    /// Compresses every compressible file below the root now, so that no measured request
    /// waits for the compressor. A no-op for a server that does not compress.
    pub fn precompress(&self) -> Result<()> {
        let mut files = Vec::new();
        list_files(&self.site.root, &mut files)?;
        self.precompress_files(files)
    }

    /// Compresses what visits to `pages` (paths below the base, `en/search/`) load from the
    /// server's own files: the site-wide assets at the root, the pages' HTML and the data files
    /// a page may load whole (`data/`, up to [`WHOLE_DATA_FILE_MAX`]); the rest is compressed
    /// when first asked for. A site of 10,000 firms has 80,000 pages that no such visit opens,
    /// and data files of tens of megabytes that only its sharded search reads, by range.
    pub fn precompress_for(&self, pages: &[String]) -> Result<()> {
        let root = &self.site.root;
        let mut files: Vec<PathBuf> =
            fs::read_dir(root)?.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.is_file()).collect();
        let mut data = Vec::new();
        list_files(&root.join("data"), &mut data)?;
        files.extend(data.into_iter().filter(|f| f.metadata().is_ok_and(|m| m.len() <= WHOLE_DATA_FILE_MAX)));
        files.extend(pages.iter().map(|page| root.join(page).join("index.html")).filter(|p| p.is_file()));
        self.precompress_files(files)
    }

    fn precompress_files(&self, files: Vec<PathBuf>) -> Result<()> {
        let site = &self.site;
        if site.brotli.is_none() {
            return Ok(());
        }
        let files = Mutex::new(files);
        std::thread::scope(|scope| {
            for _ in 0..std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) {
                scope.spawn(|| loop {
                    let next = files.lock().ok().and_then(|mut f| f.pop());
                    let Some(path) = next else { break };
                    if compressible(&path) {
                        let _ = site.compressed(&path);
                    }
                });
            }
        });
        Ok(())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// Requests whose path contains `fragment` get 503 until [`StaticServer::heal`].
    pub fn fail_paths_containing(&self, fragment: &str) {
        if let Ok(mut failing) = self.failing.lock() {
            failing.push(fragment.to_string());
        }
    }

    /// The requests being answered right now (path and age) and how many were answered.
    pub fn activity(&self) -> String {
        let Ok(journal) = self.site.journal.lock() else { return "journal unavailable".into() };
        let mut pending: Vec<String> = journal
            .in_flight
            .values()
            .map(|(path, since)| format!("{path} ({} ms)", since.elapsed().as_millis()))
            .collect();
        pending.sort();
        format!("server: {} answered, in progress: [{}]", journal.answered, pending.join(", "))
    }

    pub fn heal(&self) {
        if let Ok(mut failing) = self.failing.lock() {
            failing.clear();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.site.stopping.store(true, Ordering::SeqCst);
        if let Some(live) = &self.site.live {
            live.wake();
        }
    }
}

/// A `_headers` file's rules: a path pattern and its headers.
type HeaderRules = Vec<(String, Vec<(String, String)>)>;

fn read_header_rules(root: &Path) -> HeaderRules {
    fs::read_to_string(root.join(HEADERS_FILE))
        .map(|text| crate::security::parse_headers_file(&text))
        .unwrap_or_default()
}

impl Site {
    fn respond(&self, request: &Request) -> Response {
        let id = self.journal.lock().map(|mut journal| {
            journal.next += 1;
            let id = journal.next;
            journal.in_flight.insert(id, (request.url.clone(), Instant::now()));
            id
        });
        let response = self.answer(request);
        if let (Ok(id), Ok(mut journal)) = (id, self.journal.lock()) {
            journal.in_flight.remove(&id);
            journal.answered += 1;
        }
        response
    }

    fn answer(&self, request: &Request) -> Response {
        let raw_path = request.path();
        if let Some(live) = &self.live {
            if raw_path == format!("{}{STATE}", self.base) {
                // Waits for a change on this connection's thread; the others go on.
                let since = request
                    .url
                    .split_once("since=")
                    .and_then(|(_, rest)| rest.split('&').next())
                    .and_then(|seq| seq.parse().ok());
                let state = live.wait_unless(since, POLL_WAIT, &self.stopping);
                let response = Response::new(200, serde_json::to_vec(&state).unwrap_or_default())
                    .with_header("Content-Type", "application/json")
                    .with_header("Cache-Control", "no-store");
                return self.with_own_caching(raw_path, response);
            }
            if raw_path == format!("{}{RELOAD_SCRIPT}", self.base) {
                let response = Response::new(200, RELOAD_JS)
                    .with_header("Content-Type", "text/javascript; charset=utf-8")
                    .with_header("Cache-Control", "no-store");
                return self.with_own_caching(raw_path, response);
            }
        }
        self.respond_with_file(request, raw_path)
    }

    /// `response` with the site's headers for `raw_path`, its own caching kept.
    fn with_own_caching(&self, raw_path: &str, mut response: Response) -> Response {
        for (name, value) in self.host_headers(raw_path) {
            if !name.eq_ignore_ascii_case("Cache-Control") {
                response.headers.push((name, value));
            }
        }
        response
    }

    fn respond_with_file(&self, request: &Request, raw_path: &str) -> Response {
        let failing =
            self.failing.lock().map(|f| f.iter().any(|frag| raw_path.contains(frag.as_str()))).unwrap_or(false);
        if failing {
            // An outage, not the host's answer: none of the site's headers (its long caching
            // would keep the failure).
            return Response::new(503, "unavailable (test)");
        }
        let mut response = self.lookup(raw_path, accepts_brotli(request), requested_range(request));
        response.headers.extend(self.host_headers(raw_path));
        response
    }

    /// What the `_headers` rules give for `raw_path`, merged as hosts do (a later rule's value
    /// for the same header is appended).
    fn host_headers(&self, raw_path: &str) -> Vec<(String, String)> {
        let mut merged: Vec<(String, String)> = Vec::new();
        let rules = self.header_rules.read().map(|rules| rules.clone()).unwrap_or_default();
        for (pattern, headers) in &rules {
            if !crate::security::pattern_matches(pattern, raw_path) {
                continue;
            }
            for (name, value) in headers {
                match merged.iter_mut().find(|(known, _)| known.eq_ignore_ascii_case(name)) {
                    Some((_, joined)) => *joined = format!("{joined}, {value}"),
                    None => merged.push((name.clone(), value.clone())),
                }
            }
        }
        merged
    }

    fn lookup(&self, raw_path: &str, brotli: bool, range: Option<ByteRange>) -> Response {
        let Some(relative) =
            raw_path.strip_prefix(&self.base).or_else(|| (raw_path.to_string() + "/" == self.base).then_some(""))
        else {
            return self.not_found(brotli);
        };
        let decoded = percent_encoding::percent_decode_str(relative).decode_utf8_lossy().to_string();
        let Some(path) = safe_join(&self.root, &decoded) else { return self.not_found(brotli) };
        if decoded == HEADERS_FILE {
            return self.not_found(brotli);
        }
        if path.is_dir() {
            if !raw_path.ends_with('/') {
                return Response::new(301, "moved").with_header("Location", format!("{raw_path}/"));
            }
            return self.file(&path.join("index.html"), brotli).unwrap_or_else(|| self.not_found(brotli));
        }
        match range {
            Some(range) if path.is_file() => self.part_of_file(&path, range),
            _ => self.file(&path, brotli),
        }
        .unwrap_or_else(|| self.not_found(brotli))
    }

    /// A byte range of a file, as static hosts answer one: `206` with the bytes as stored
    /// (hosts do not compress a range), or `416` for a range beyond the end.
    fn part_of_file(&self, path: &Path, range: ByteRange) -> Option<Response> {
        let mut file = fs::File::open(path).ok()?;
        let length = file.metadata().ok()?.len();
        let response = match range.within(length) {
            // Only the range is read: a sharded index's segments are tens of megabytes, and a
            // query asks for a few kilobytes of them at a time.
            Some((start, end)) => Response::new(206, Body::Owned(read_at(&mut file, start, end - start + 1)?))
                .with_header("Content-Type", content_type(path))
                .with_header("Content-Range", format!("bytes {start}-{end}/{length}"))
                .with_header("Accept-Ranges", "bytes"),
            None => {
                Response::new(416, "range not satisfiable").with_header("Content-Range", format!("bytes */{length}"))
            }
        };
        Some(response)
    }

    fn file(&self, path: &Path, accepts_brotli: bool) -> Option<Response> {
        let compresses = self.brotli.is_some() && compressible(path);
        let mut headers = vec![("Content-Type", content_type(path))];
        // The site's `_headers` decides caching where it has a rule for the file.
        if self.header_rules.read().map_or(true, |rules| rules.is_empty()) {
            headers.push(("Cache-Control", "no-cache"));
        }
        let body = if compresses && accepts_brotli {
            headers.extend([("Content-Encoding", "br"), ("Vary", "Accept-Encoding")]);
            Body::shared(self.compressed(path)?)
        } else {
            if compresses {
                headers.push(("Vary", "Accept-Encoding"));
            }
            let body = fs::read(path).ok()?;
            Body::Owned(match &self.live {
                Some(live) if path.extension().is_some_and(|e| e == "html") => {
                    with_reload_script(body, live.state().generation)
                }
                _ => body,
            })
        };
        let response = Response::new(200, body);
        Some(headers.into_iter().fold(response, |response, (name, value)| response.with_header(name, value)))
    }

    /// The file's brotli body: its precompressed `.br` sibling, or compressed once and kept.
    fn compressed(&self, path: &Path) -> Option<Arc<Vec<u8>>> {
        let cache = self.brotli.as_ref()?;
        if let Some(hit) = cache.lock().ok()?.get(path) {
            return Some(hit.clone());
        }
        let mut sibling = path.as_os_str().to_owned();
        sibling.push(".br");
        let body = match fs::read(PathBuf::from(sibling)) {
            Ok(precompressed) => precompressed,
            Err(_) => brotli_compress(&fs::read(path).ok()?)?,
        };
        let body = Arc::new(body);
        cache.lock().ok()?.insert(path.to_path_buf(), body.clone());
        Some(body)
    }

    fn not_found(&self, brotli: bool) -> Response {
        match self.file(&self.root.join("404.html"), brotli) {
            Some(response) => Response { status: 404, ..response },
            None => Response::new(404, "not found"),
        }
    }
}

/// The script `cargo xtask serve` adds to every page it sends, loaded from the site's own
/// origin (the pages' policy allows it without a hash). It long-polls `__serve/state`: when a
/// newer build than the page's (`?g=`) is in place it reloads the page; while the last build
/// failed it shows the errors over the page, as text (`textContent`), and removes them once
/// fixed. Styled through the CSSOM, which the policy's `style-src 'self'` allows.
pub const RELOAD_JS: &str = r##"// cargo xtask serve: reloads the page after a rebuild, shows content errors.
(() => {
  const script = document.currentScript;
  const source = new URL(script.src);
  const served = Number(source.searchParams.get("g"));
  const state = new URL("state", source);
  let overlay = null;
  const show = (error) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "serve-error";
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {
        position: "fixed", inset: "auto 0 0 0", maxHeight: "60vh", overflow: "auto", zIndex: "2147483647",
        margin: "0", padding: "1em 1.5em", background: "#fff4f4", color: "#5c0000",
        borderTop: "4px solid #b00020", font: "14px/1.5 system-ui, sans-serif",
        boxShadow: "0 -4px 16px rgba(0,0,0,.25)",
      });
      const heading = document.createElement("strong");
      heading.textContent = "The content has an error; this page is the last good build. Fix the file and save:";
      const text = document.createElement("pre");
      Object.assign(text.style, { whiteSpace: "pre-wrap", margin: ".5em 0 0", font: "13px/1.5 ui-monospace, monospace" });
      overlay.append(heading, text);
      document.body.append(overlay);
    }
    overlay.lastChild.textContent = error;
  };
  const hide = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };
  (async () => {
    let since = "";
    for (;;) {
      let now;
      try {
        const response = await fetch(state + "?since=" + since, { cache: "no-store" });
        now = await response.json();
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      since = String(now.seq);
      if (now.generation !== served) {
        location.reload();
        return;
      }
      if (now.error) show(now.error);
      else hide();
    }
  })();
})();
"##;

/// `html` with the reload script before `</body>`, naming the build it belongs to.
fn with_reload_script(html: Vec<u8>, generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{RELOAD_SCRIPT}?g={generation}\" defer></script>\n");
    let Some(at) = html.windows(7).rposition(|w| w == b"</body>") else { return html };
    [&html[..at], tag.as_bytes(), &html[at..]].concat()
}

/// One byte range of a `Range` header (`bytes=0-99`, `bytes=100-`, `bytes=-50`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ByteRange {
    From {
        start: u64,
        end: Option<u64>,
    },
    /// The last so many bytes.
    Last(u64),
}

impl ByteRange {
    /// The first and last byte of the range in a file of `length` bytes, if it has any there.
    pub(crate) fn within(self, length: u64) -> Option<(u64, u64)> {
        let last = length.checked_sub(1)?;
        match self {
            ByteRange::From { start, end } => (start <= last).then(|| (start, end.map_or(last, |end| end.min(last)))),
            ByteRange::Last(0) => None,
            ByteRange::Last(count) => Some((length.saturating_sub(count), last)),
        }
    }
}

/// The request's byte range, if it asks for exactly one (a host may answer a list of ranges
/// with the whole file, and so does this server).
fn requested_range(request: &Request) -> Option<ByteRange> {
    byte_range(request.header("Range")?)
}

/// The one byte range a `Range` header's value names, if it names exactly one.
pub(crate) fn byte_range(value: &str) -> Option<ByteRange> {
    let spec = value.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let number = |text: &str| text.trim().parse::<u64>().ok();
    match (start.trim().is_empty(), end.trim().is_empty()) {
        (true, false) => Some(ByteRange::Last(number(end)?)),
        (false, true) => Some(ByteRange::From { start: number(start)?, end: None }),
        (false, false) => {
            let (start, end) = (number(start)?, number(end)?);
            (start <= end).then_some(ByteRange::From { start, end: Some(end) })
        }
        (true, true) => None,
    }
}

/// `len` bytes of `file` from `start`.
fn read_at(file: &mut fs::File, start: u64, len: u64) -> Option<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut bytes = vec![0; usize::try_from(len).ok()?];
    file.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

/// Whether the request's `Accept-Encoding` lists `br` with a non-zero quality.
fn accepts_brotli(request: &Request) -> bool {
    request.header("Accept-Encoding").is_some_and(|value| {
        value.split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let zero = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
            name.eq_ignore_ascii_case("br") && !zero
        })
    })
}

/// Text, code, WebAssembly and the site's data files; not images that are compressed already.
fn compressible(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    !matches!(extension, "png" | "jpg" | "jpeg" | "webp" | "avif" | "gif" | "woff2" | "br" | "gz" | "zip")
}

fn brotli_compress(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    Some(out)
}

/// Every file below `dir`.
pub(crate) fn list_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// The largest data file a page loads whole: a one-file language's page data (its index is
/// smaller); larger files are a sharded language's, read by range.
pub const WHOLE_DATA_FILE_MAX: u64 = sitegen::size::PAGE_DATA_MAX_BYTES as u64;

/// Joins a URL path onto the root, refusing anything that would leave it.
fn safe_join(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for component in Path::new(relative.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(path)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(safe_join(root, "/a/b.html"), Some(PathBuf::from("/srv/site/a/b.html")));
        assert_eq!(safe_join(root, "../etc/passwd"), None);
        assert_eq!(safe_join(root, "a/../../x"), None);
    }

    fn accept(value: &str) -> Request {
        Request::new("GET", "/", &[("Accept-Encoding", value)])
    }

    #[test]
    fn reads_whether_a_client_accepts_brotli() {
        assert!(accepts_brotli(&accept("gzip, deflate, br, zstd")));
        assert!(accepts_brotli(&accept("BR;q=0.5")));
        assert!(!accepts_brotli(&accept("gzip, deflate")));
        assert!(!accepts_brotli(&accept("br;q=0, gzip")));
        assert!(!accepts_brotli(&accept("brotli")));
        assert!(!accepts_brotli(&Request::new("GET", "/", &[])));
    }

    /// One GET over a plain socket: status line and headers (lower-cased names), and the body.
    fn get(port: u16, path: &str, accept_encoding: Option<&str>) -> (String, Vec<u8>) {
        get_with(port, path, &accept_encoding.map(|a| format!("Accept-Encoding: {a}\r\n")).unwrap_or_default())
    }

    fn get_with(port: u16, path: &str, extra: &str) -> (String, Vec<u8>) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n").expect("send");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("read");
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end");
        (String::from_utf8_lossy(&answer[..split]).to_lowercase(), answer[split + 4..].to_vec())
    }

    fn decompress(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("valid brotli");
        out
    }

    #[test]
    fn reads_one_byte_range() {
        let range = |value: &str| requested_range(&Request::new("GET", "/", &[("Range", value)]));
        assert_eq!(range("bytes=0-99"), Some(ByteRange::From { start: 0, end: Some(99) }));
        assert_eq!(range("bytes=100-"), Some(ByteRange::From { start: 100, end: None }));
        assert_eq!(range("bytes=-50"), Some(ByteRange::Last(50)));
        for unread in ["bytes=0-1,5-9", "bytes=9-1", "items=0-1", "bytes=-", "bytes=a-b"] {
            assert_eq!(range(unread), None, "{unread}");
        }
        assert_eq!(ByteRange::From { start: 2, end: Some(99) }.within(10), Some((2, 9)));
        assert_eq!(ByteRange::From { start: 10, end: None }.within(10), None);
        assert_eq!(ByteRange::Last(3).within(10), Some((7, 9)));
        assert_eq!(ByteRange::Last(30).within(10), Some((0, 9)));
        assert_eq!(ByteRange::Last(1).within(0), None);
    }

    #[test]
    fn answers_a_range_with_those_bytes_uncompressed_as_hosts_do() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data: Vec<u8> = (0..=255).collect();
        fs::write(dir.path().join("part.idx"), &data).expect("write");
        let cdn = StaticServer::start_brotli(dir.path(), "/", 0).expect("server");
        let (head, body) = get_with(cdn.port, "/part.idx", "Accept-Encoding: br\r\nRange: bytes=16-31\r\n");
        assert!(head.starts_with("http/1.1 206"), "{head}");
        assert!(head.contains("content-range: bytes 16-31/256") && !head.contains("content-encoding"), "{head}");
        assert_eq!(body, &data[16..32]);
        let (head, body) = get_with(cdn.port, "/part.idx", "Range: bytes=-4\r\n");
        assert!(head.contains("content-range: bytes 252-255/256"), "{head}");
        assert_eq!(body, &data[252..]);
        let (head, _) = get_with(cdn.port, "/part.idx", "Range: bytes=300-\r\n");
        assert!(head.starts_with("http/1.1 416") && head.contains("content-range: bytes */256"), "{head}");
        let (head, body) = get_with(cdn.port, "/part.idx", "Range: bytes=0-1,4-5\r\n");
        assert!(head.starts_with("http/1.1 200"), "a list of ranges gets the whole file: {head}");
        assert_eq!(body, data);
    }

    /// Waits until the server is answering a request for `path`.
    fn wait_until_answering(server: &StaticServer, path: &str) {
        let started = Instant::now();
        while !server.activity().contains(path) {
            assert!(started.elapsed() < Duration::from_secs(10), "{}", server.activity());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn a_long_poll_holds_back_no_other_request_nor_the_server_stopping() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("index.html"), "<html><body>page</body></html>").expect("write");
        let live = Arc::new(Live::default());
        let server = StaticServer::start_live(dir.path(), "/", 0, live.clone()).expect("server");
        let (port, since) = (server.port, live.state().seq);
        let poll = format!("/{STATE}?since={since}");
        let polling = std::thread::spawn(move || get(port, &poll, None));
        wait_until_answering(&server, STATE);

        let (_, page) = get(port, "/", None);
        assert!(String::from_utf8_lossy(&page).contains("__serve/reload.js?g=0\" defer></script>\n</body>"));
        let (head, script) = get(port, &format!("/{RELOAD_SCRIPT}"), None);
        assert!(head.contains("cache-control: no-store") && script == RELOAD_JS.as_bytes(), "{head}");
        live.built();
        let (head, state) = polling.join().expect("poll");
        assert!(head.contains("content-type: application/json"), "{head}");
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&state).expect("json")["generation"], 1);

        // A poll still waiting when the server stops ends then, not 20 s later.
        let poll = format!("/{STATE}?since={}", live.state().seq);
        let waiting = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
            write!(stream, "GET {poll} HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
            let _ = stream.read_to_end(&mut Vec::new());
        });
        wait_until_answering(&server, STATE);
        let stopping = Instant::now();
        drop(server);
        waiting.join().expect("the poll's connection closed");
        assert!(stopping.elapsed() < Duration::from_secs(5), "{:?}", stopping.elapsed());
    }

    #[test]
    fn a_measurement_compresses_what_its_visits_load_whole_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |path: &str, bytes: &[u8]| {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            fs::write(path, bytes).expect("write");
        };
        let text = b"compressible text ".repeat(64);
        write("app.js", &text);
        write("en/search/index.html", &text);
        write("en/firms/unvisited/index.html", &text);
        write("data/en.1.pages", &text);
        // A sharded language's part: read by range, never whole.
        write("data/en.2.0.bin", &vec![b'x'; WHOLE_DATA_FILE_MAX as usize + 1]);

        let cdn = StaticServer::start_brotli(dir.path(), "/", 0).expect("server");
        cdn.precompress_for(&["en/search/".to_string()]).expect("precompress");
        let kept = cdn.site.brotli.as_ref().expect("a compressing server").lock().expect("cache");
        let mut names: Vec<String> = kept
            .keys()
            .map(|path| path.strip_prefix(dir.path()).expect("below the root").display().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["app.js", "data/en.1.pages", "en/search/index.html"]);
    }

    #[test]
    fn serves_brotli_only_to_clients_that_accept_it_and_plain_files_in_tests() {
        let dir = tempfile::tempdir().expect("tempdir");
        let page = "<!doctype html><title>x</title>".repeat(50);
        fs::write(dir.path().join("index.html"), &page).expect("write");
        fs::write(dir.path().join("app.wasm"), [0u8, 97, 115, 109, 1, 0, 0, 0]).expect("write");
        fs::write(dir.path().join("pre.js"), "plain").expect("write");
        fs::write(dir.path().join("pre.js.br"), brotli_compress(b"from the .br file").expect("br")).expect("write");
        fs::write(dir.path().join("logo.png"), [137u8, 80, 78, 71]).expect("write");

        let cdn = StaticServer::start_brotli(dir.path(), "/", 0).expect("server");
        cdn.precompress().expect("precompress");
        let (head, body) = get(cdn.port, "/", Some("gzip, br"));
        assert!(head.contains("content-encoding: br") && head.contains("vary: accept-encoding"), "{head}");
        assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
        assert_eq!(decompress(&body), page.as_bytes());
        let (head, body) = get(cdn.port, "/app.wasm", Some("br"));
        assert!(head.contains("content-type: application/wasm") && head.contains("content-encoding: br"), "{head}");
        assert_eq!(decompress(&body), [0u8, 97, 115, 109, 1, 0, 0, 0]);
        let (_, body) = get(cdn.port, "/pre.js", Some("br"));
        assert_eq!(decompress(&body), b"from the .br file");
        let (head, body) = get(cdn.port, "/", Some("gzip"));
        assert!(!head.contains("content-encoding") && head.contains("vary: accept-encoding"), "{head}");
        assert_eq!(body, page.as_bytes());
        let (head, body) = get(cdn.port, "/logo.png", Some("br"));
        assert!(!head.contains("content-encoding") && head.contains("content-type: image/png"), "{head}");
        assert_eq!(body, [137u8, 80, 78, 71]);

        let plain = StaticServer::start(dir.path(), "/", 0).expect("server");
        let (head, body) = get(plain.port, "/", Some("br"));
        assert!(!head.contains("content-encoding") && !head.contains("vary"), "{head}");
        assert_eq!(body, page.as_bytes());
    }
}

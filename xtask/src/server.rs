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

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use tiny_http::{Header, Request, Response, Server};

/// A running server; stops when dropped.
pub struct StaticServer {
    server: Arc<Server>,
    site: Arc<Site>,
    pub port: u16,
    failing: Arc<Mutex<Vec<String>>>,
    workers: Vec<JoinHandle<()>>,
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
        let Ok(state) = self.state.lock() else { return LiveState::default() };
        let Ok((state, _)) = self.changed.wait_timeout_while(state, wait, |s| Some(s.seq) == since) else {
            return LiveState::default();
        };
        state.clone()
    }
}

/// The site's own header file, as static hosts read it.
const HEADERS_FILE: &str = "_headers";

type Body = std::io::Cursor<Vec<u8>>;

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
        let server =
            Arc::new(Server::http(("127.0.0.1", port)).map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?);
        let port = server.server_addr().to_ip().map(|a| a.port()).ok_or_else(|| anyhow!("no TCP port"))?;
        let failing = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site {
            journal: Mutex::new(Journal::default()),
            root: root.to_path_buf(),
            base: base.to_string(),
            failing: failing.clone(),
            brotli: brotli.then(|| Mutex::new(HashMap::new())),
            header_rules: RwLock::new(read_header_rules(root)),
            live,
        });
        let workers = (0..4)
            .map(|_| {
                let server = server.clone();
                let site = site.clone();
                std::thread::spawn(move || {
                    while let Ok(request) = server.recv() {
                        // Each answer on a thread of its own: a response that cannot be
                        // written yet must not hold back the page's other requests.
                        let site = site.clone();
                        std::thread::spawn(move || Site::respond(&site, request));
                    }
                })
            })
            .collect();
        Ok(StaticServer { server, site, port, failing, workers })
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
        for _ in &self.workers {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
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
    fn respond(site: &Arc<Site>, request: Request) {
        let id = site.journal.lock().map(|mut journal| {
            journal.next += 1;
            let id = journal.next;
            journal.in_flight.insert(id, (request.url().to_string(), Instant::now()));
            id
        });
        Site::answer(site, request);
        if let (Ok(id), Ok(mut journal)) = (id, site.journal.lock()) {
            journal.in_flight.remove(&id);
            journal.answered += 1;
        }
    }

    fn answer(site: &Arc<Site>, request: Request) {
        let raw_path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        if let Some(live) = &site.live {
            if raw_path == format!("{}{STATE}", site.base) {
                // Waits for a change on a thread of its own: the pool stays free for files.
                let since = request
                    .url()
                    .split_once("since=")
                    .and_then(|(_, rest)| rest.split('&').next())
                    .and_then(|seq| seq.parse().ok());
                let (live, site) = (live.clone(), site.clone());
                std::thread::spawn(move || {
                    let state = live.wait_for_change(since, POLL_WAIT);
                    let body = serde_json::to_vec(&state).unwrap_or_default();
                    let mut response = Response::from_data(body);
                    for (name, value) in [("Content-Type", "application/json"), ("Cache-Control", "no-store")] {
                        if let Ok(header) = Header::from_bytes(name, value) {
                            response.add_header(header);
                        }
                    }
                    site.send(request, &raw_path, response);
                });
                return;
            }
            if raw_path == format!("{}{RELOAD_SCRIPT}", site.base) {
                let mut response = Response::from_data(RELOAD_JS.as_bytes().to_vec());
                for (name, value) in [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", "no-store")]
                {
                    if let Ok(header) = Header::from_bytes(name, value) {
                        response.add_header(header);
                    }
                }
                site.send(request, &raw_path, response);
                return;
            }
        }
        site.respond_with_file(request, raw_path);
    }

    /// Sends `response` with the site's headers for `raw_path` (its own caching kept).
    fn send(&self, request: Request, raw_path: &str, mut response: Response<Body>) {
        for (name, value) in self.host_headers(raw_path) {
            if name.eq_ignore_ascii_case("Cache-Control") {
                continue;
            }
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        let _ = request.respond(response);
    }

    fn respond_with_file(&self, request: Request, raw_path: String) {
        let failing =
            self.failing.lock().map(|f| f.iter().any(|frag| raw_path.contains(frag.as_str()))).unwrap_or(false);
        let brotli = accepts_brotli(request.headers());
        if failing {
            // An outage, not the host's answer: none of the site's headers (its long caching
            // would keep the failure).
            let _ = request.respond(text_response(503, "unavailable (test)"));
            return;
        }
        let range = requested_range(request.headers());
        let mut response = self.lookup(&raw_path, brotli, range);
        for (name, value) in self.host_headers(&raw_path) {
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        let _ = request.respond(response);
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

    fn lookup(&self, raw_path: &str, brotli: bool, range: Option<ByteRange>) -> Response<Body> {
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
                let location = format!("{raw_path}/");
                let mut response = text_response(301, "moved");
                if let Ok(header) = Header::from_bytes("Location", location) {
                    response.add_header(header);
                }
                return response;
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
    fn part_of_file(&self, path: &Path, range: ByteRange) -> Option<Response<Body>> {
        let bytes = fs::read(path).ok()?;
        let length = bytes.len() as u64;
        let response = match range.within(length) {
            Some((start, end)) => {
                let part = bytes.get(start as usize..=end as usize)?.to_vec();
                let mut response = Response::from_data(part).with_status_code(206);
                for (name, value) in [
                    ("Content-Type", content_type(path).to_string()),
                    ("Content-Range", format!("bytes {start}-{end}/{length}")),
                    ("Accept-Ranges", "bytes".to_string()),
                ] {
                    if let Ok(header) = Header::from_bytes(name, value) {
                        response.add_header(header);
                    }
                }
                response
            }
            None => {
                let mut response = text_response(416, "range not satisfiable");
                if let Ok(header) = Header::from_bytes("Content-Range", format!("bytes */{length}")) {
                    response.add_header(header);
                }
                response
            }
        };
        Some(response)
    }

    fn file(&self, path: &Path, accepts_brotli: bool) -> Option<Response<Body>> {
        let compresses = self.brotli.is_some() && compressible(path);
        let mut headers = vec![("Content-Type", content_type(path))];
        // The site's `_headers` decides caching where it has a rule for the file.
        if self.header_rules.read().map_or(true, |rules| rules.is_empty()) {
            headers.push(("Cache-Control", "no-cache"));
        }
        let body = if compresses && accepts_brotli {
            headers.extend([("Content-Encoding", "br"), ("Vary", "Accept-Encoding")]);
            self.compressed(path)?.to_vec()
        } else {
            if compresses {
                headers.push(("Vary", "Accept-Encoding"));
            }
            let body = fs::read(path).ok()?;
            match &self.live {
                Some(live) if path.extension().is_some_and(|e| e == "html") => {
                    with_reload_script(body, live.state().generation)
                }
                _ => body,
            }
        };
        let mut response = Response::from_data(body);
        for (name, value) in headers {
            if let Ok(header) = Header::from_bytes(name, value) {
                response.add_header(header);
            }
        }
        Some(response)
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

    fn not_found(&self, brotli: bool) -> Response<Body> {
        match self.file(&self.root.join("404.html"), brotli) {
            Some(response) => response.with_status_code(404),
            None => text_response(404, "not found"),
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

fn text_response(status: u16, body: &str) -> Response<Body> {
    Response::from_data(body.as_bytes().to_vec()).with_status_code(status)
}

/// Whether an `Accept-Encoding` header lists `br` with a non-zero quality.
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
fn requested_range(headers: &[Header]) -> Option<ByteRange> {
    byte_range(headers.iter().find(|h| h.field.equiv("Range"))?.value.as_str())
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

fn accepts_brotli(headers: &[Header]) -> bool {
    headers.iter().filter(|h| h.field.equiv("Accept-Encoding")).any(|h| {
        h.value.as_str().split(',').any(|coding| {
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

    fn accept(value: &str) -> Vec<Header> {
        vec![Header::from_bytes("Accept-Encoding", value).expect("header")]
    }

    #[test]
    fn reads_whether_a_client_accepts_brotli() {
        assert!(accepts_brotli(&accept("gzip, deflate, br, zstd")));
        assert!(accepts_brotli(&accept("BR;q=0.5")));
        assert!(!accepts_brotli(&accept("gzip, deflate")));
        assert!(!accepts_brotli(&accept("br;q=0, gzip")));
        assert!(!accepts_brotli(&accept("brotli")));
        assert!(!accepts_brotli(&[]));
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
        let range = |value: &str| requested_range(&[Header::from_bytes("Range", value).expect("header")]);
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

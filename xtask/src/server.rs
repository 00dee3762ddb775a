//! A static file server that behaves like a plain static host (GitHub Pages, S3, Netlify
//! without rewrite rules): files and `index.html` only, `/dir` redirects to `/dir/`, unknown
//! paths get `404.html` with status 404, and the site can live under a base path. Tests can
//! make chosen paths fail, to check how the app handles an unreachable index.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{anyhow, Result};
use tiny_http::{Header, Request, Response, Server};

/// A running server; stops when dropped.
pub struct StaticServer {
    server: Arc<Server>,
    pub port: u16,
    failing: Arc<Mutex<Vec<String>>>,
    workers: Vec<JoinHandle<()>>,
}

struct Site {
    root: PathBuf,
    base: String,
    failing: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    /// Serves `root` under `base` (e.g. `/` or `/fukushima/`) on 127.0.0.1:`port` (0 = any free port).
    pub fn start(root: &Path, base: &str, port: u16) -> Result<StaticServer> {
        let server =
            Arc::new(Server::http(("127.0.0.1", port)).map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?);
        let port = server.server_addr().to_ip().map(|a| a.port()).ok_or_else(|| anyhow!("no TCP port"))?;
        let failing = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site { root: root.to_path_buf(), base: base.to_string(), failing: failing.clone() });
        let workers = (0..4)
            .map(|_| {
                let server = server.clone();
                let site = site.clone();
                std::thread::spawn(move || {
                    while let Ok(request) = server.recv() {
                        site.respond(request);
                    }
                })
            })
            .collect();
        Ok(StaticServer { server, port, failing, workers })
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

impl Site {
    fn respond(&self, request: Request) {
        let raw_path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        let failing =
            self.failing.lock().map(|f| f.iter().any(|frag| raw_path.contains(frag.as_str()))).unwrap_or(false);
        let response = if failing { text_response(503, "unavailable (test)") } else { self.lookup(&raw_path) };
        let _ = request.respond(response);
    }

    fn lookup(&self, raw_path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let Some(relative) =
            raw_path.strip_prefix(&self.base).or_else(|| (raw_path.to_string() + "/" == self.base).then_some(""))
        else {
            return self.not_found();
        };
        let decoded = percent_encoding::percent_decode_str(relative).decode_utf8_lossy().to_string();
        let Some(path) = safe_join(&self.root, &decoded) else { return self.not_found() };
        if path.is_dir() {
            if !raw_path.ends_with('/') {
                let location = format!("{raw_path}/");
                let mut response = text_response(301, "moved");
                if let Ok(header) = Header::from_bytes("Location", location) {
                    response.add_header(header);
                }
                return response;
            }
            return self.file(&path.join("index.html")).unwrap_or_else(|| self.not_found());
        }
        self.file(&path).unwrap_or_else(|| self.not_found())
    }

    fn file(&self, path: &Path) -> Option<Response<std::io::Cursor<Vec<u8>>>> {
        let bytes = fs::read(path).ok()?;
        let mut response = Response::from_data(bytes);
        for (name, value) in [("Content-Type", content_type(path)), ("Cache-Control", "no-cache")] {
            if let Ok(header) = Header::from_bytes(name, value) {
                response.add_header(header);
            }
        }
        Some(response)
    }

    fn not_found(&self) -> Response<std::io::Cursor<Vec<u8>>> {
        match self.file(&self.root.join("404.html")) {
            Some(response) => response.with_status_code(404),
            None => text_response(404, "not found"),
        }
    }
}

fn text_response(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec()).with_status_code(status)
}

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
}

//! Measurements that run a page in headless Chromium: files served from memory on 127.0.0.1
//! with cross-origin isolation (so `performance.now()` has 5 µs resolution), and the page's
//! answer taken from a `POST /result`.
//!
//! A `GET` with one byte range (`Range: bytes=…`, read as [`crate::server`] reads it) is
//! answered as static hosts answer it, since the sharded index is read that way: `206` with
//! `Content-Range` and only those bytes, or `416` with `Content-Range: bytes */LEN` when the
//! range has no byte in the file; a header naming several ranges, or none this server reads,
//! is ignored (as RFC 9110 allows) and the whole file is sent with `200`. Bodies are written
//! from the files in place, never copied.
//!
//! The server is [`crate::http`]'s (a thread per connection, `TCP_NODELAY`; see there why).

use std::collections::HashMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{anyhow, Context, Result};

use crate::http::{Body, HttpServer, Request, Response};
use crate::server::byte_range;
use crate::tools;

/// Response bodies and their content types, by URL path.
pub type Files = HashMap<String, (Vec<u8>, &'static str)>;

/// What the page posted, and every path it asked for (in order, query strings included).
pub struct Served {
    pub posted: String,
    pub requests: Vec<String>,
}

/// Serves `files` (uncached, so every fetch reaches the log), opens Chromium on `/` and returns
/// the body of the page's first POST. `profile` is a scratch folder for Chromium's user data.
pub fn serve_until_posted(files: Files, profile: &Path, patience: Duration) -> Result<Served> {
    let server = Server::start(files)?;
    let mut browser = Chromium::start(&format!("http://127.0.0.1:{}/", server.port), profile)?;
    let posted =
        server.posted.recv_timeout(patience).map_err(|_| anyhow!("the page posted no result within {patience:?}"));
    browser.stop();
    let requests = server.stop();
    Ok(Served { posted: posted?, requests })
}

/// The local server: [`HttpServer`] answering from the files, logging every request.
struct Server {
    port: u16,
    /// The body of each POST.
    posted: mpsc::Receiver<String>,
    /// Every path asked for, in order.
    log: Arc<Mutex<Vec<String>>>,
    http: HttpServer,
}

impl Server {
    fn start(files: Files) -> Result<Server> {
        // Shared with the responses, which send them in place.
        let files: HashMap<String, (Arc<Vec<u8>>, &'static str)> =
            files.into_iter().map(|(path, (bytes, mime))| (path, (Arc::new(bytes), mime))).collect();
        let (sender, posted) = mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let logged = Arc::clone(&log);
        let http = HttpServer::start(0, move |request: &Request| {
            logged.lock().unwrap_or_else(PoisonError::into_inner).push(request.url.clone());
            with_page_headers(answer(request, &files, &sender))
        })
        .context("cannot start a server")?;
        Ok(Server { port: http.port(), posted, log, http })
    }

    /// Stops serving (closing the connections still open); returns every path asked for.
    fn stop(self) -> Vec<String> {
        self.http.stop();
        std::mem::take(&mut *self.log.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Answers one request: a POST's body goes to `posted`, a GET is served from the files.
fn answer(
    request: &Request,
    files: &HashMap<String, (Arc<Vec<u8>>, &'static str)>,
    posted: &mpsc::Sender<String>,
) -> Response {
    if request.method == "POST" {
        let _ = posted.send(String::from_utf8_lossy(&request.body).into_owned());
        return Response::new(200, Vec::new());
    }
    let Some((bytes, mime)) = files.get(request.path()) else { return Response::new(404, "not found") };
    let length = bytes.len() as u64;
    let whole = Response::new(200, Body::shared(Arc::clone(bytes)))
        .with_header("Content-Type", *mime)
        .with_header("Accept-Ranges", "bytes");
    match request.header("range").and_then(byte_range) {
        None => whole,
        Some(range) => match range.within(length) {
            Some((first, last)) => Response {
                status: 206,
                body: Body::Shared(Arc::clone(bytes), first as usize..last as usize + 1),
                ..whole
            }
            .with_header("Content-Range", format!("bytes {first}-{last}/{length}")),
            None => Response::new(416, Vec::new()).with_header("Content-Range", format!("bytes */{length}")),
        },
    }
}

/// The cross-origin isolation and no-caching headers every answer has.
fn with_page_headers(response: Response) -> Response {
    response
        .with_header("Cross-Origin-Opener-Policy", "same-origin")
        .with_header("Cross-Origin-Embedder-Policy", "require-corp")
        .with_header("Cache-Control", "no-store")
}

/// Headless Chromium in its own process group, stopped (with its helpers) by that group's id.
struct Chromium {
    child: Child,
}

impl Chromium {
    fn start(url: &str, profile: &Path) -> Result<Chromium> {
        let child = Command::new(tools::CHROMIUM)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromium")?;
        Ok(Chromium { child })
    }

    fn stop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;

    /// Sends `requests` on one connection (the last closes it); returns everything answered.
    fn exchange(port: u16, requests: &[String]) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(requests.concat().as_bytes()).unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        String::from_utf8_lossy(&reply).into_owned()
    }

    fn get(path: &str, range: Option<&str>, close: bool) -> String {
        let range = range.map(|r| format!("Range: {r}\r\n")).unwrap_or_default();
        let connection = if close { "Connection: close\r\n" } else { "" };
        format!("GET {path} HTTP/1.1\r\nHost: x\r\n{range}{connection}\r\n")
    }

    /// The status line, the headers (names lower-cased) and the body of a lone GET.
    fn answer_to(port: u16, path: &str, range: Option<&str>) -> (String, HashMap<String, String>, Vec<u8>) {
        let reply = exchange(port, &[get(path, range, true)]);
        let (head, body) = reply.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status = lines.next().unwrap().to_string();
        let headers = lines
            .filter_map(|line| line.split_once(": "))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_string()))
            .collect();
        (status, headers, body.as_bytes().to_vec())
    }

    #[test]
    fn ranges_are_answered_with_206_and_content_range_as_hosts_do() {
        let mut files = Files::new();
        files.insert("/data.txt".into(), (b"0123456789abcdefghij".to_vec(), "text/plain"));
        let server = Server::start(files).unwrap();

        let (status, headers, body) = answer_to(server.port, "/data.txt", Some("bytes=10-14"));
        assert_eq!(status, "HTTP/1.1 206 Partial Content");
        assert_eq!(headers["content-range"], "bytes 10-14/20");
        assert_eq!(headers["content-length"], "5");
        assert_eq!(headers["cross-origin-embedder-policy"], "require-corp");
        assert_eq!(body, b"abcde");

        let (status, headers, body) = answer_to(server.port, "/data.txt", Some("bytes=-3"));
        assert_eq!(
            (status.as_str(), headers["content-range"].as_str()),
            ("HTTP/1.1 206 Partial Content", "bytes 17-19/20")
        );
        assert_eq!(body, b"hij");

        let (status, headers, body) = answer_to(server.port, "/data.txt", None);
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(headers["accept-ranges"], "bytes");
        assert!(!headers.contains_key("content-range"));
        assert_eq!(body, b"0123456789abcdefghij");

        let (status, headers, body) = answer_to(server.port, "/data.txt", Some("bytes=20-"));
        assert_eq!(status, "HTTP/1.1 416 Range Not Satisfiable");
        assert_eq!(headers["content-range"], "bytes */20");
        assert!(body.is_empty());

        let (status, _, body) = answer_to(server.port, "/data.txt", Some("bytes=0-1,5-6"));
        assert_eq!(status, "HTTP/1.1 200 OK", "several ranges: the whole file");
        assert_eq!(body.len(), 20);

        assert_eq!(answer_to(server.port, "/missing", Some("bytes=0-1")).0, "HTTP/1.1 404 Not Found");
        assert_eq!(server.stop().len(), 6);
    }

    #[test]
    fn a_connection_is_kept_for_the_next_request_and_posts_are_passed_on() {
        let mut files = Files::new();
        files.insert("/a".into(), (b"first".to_vec(), "text/plain"));
        let server = Server::start(files).unwrap();
        let post = "POST /result HTTP/1.1\r\nContent-Length: 2\r\n\r\nok".to_string();
        let reply = exchange(server.port, &[get("/a", Some("bytes=0-1"), false), post, get("/a?x", None, true)]);
        assert_eq!(reply.matches("HTTP/1.1 ").count(), 3, "{reply}");
        assert!(reply.contains("\r\n\r\nfi") && reply.ends_with("\r\n\r\nfirst"), "{reply}");
        assert_eq!(server.posted.recv_timeout(Duration::from_secs(5)).unwrap(), "ok");
        assert_eq!(server.stop(), ["/a", "/result", "/a?x"]);
    }
}

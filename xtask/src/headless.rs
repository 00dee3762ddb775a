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
//! The server is a few lines of its own rather than `tiny_http`: a page's parallel fetches
//! open connections together, and `tiny_http`'s thread pool can then leave one waiting until
//! another closes (a race between a woken worker and the next connection), which Chromium's
//! keep-alive makes minutes. Here each connection has its own thread, and sends without
//! Nagle's delay (`TCP_NODELAY`), as a host does: otherwise the end of each response waits for
//! the browser's delayed acknowledgement, 40 ms.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};

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

/// The local server: one thread accepts connections, one per connection answers its requests
/// in turn (HTTP/1.1, kept alive).
struct Server {
    port: u16,
    /// The body of each POST.
    posted: mpsc::Receiver<String>,
    shared: Arc<Shared>,
    accepting: JoinHandle<()>,
}

struct Shared {
    files: Files,
    posted: mpsc::Sender<String>,
    /// Every path asked for, in order.
    log: Mutex<Vec<String>>,
    /// Each connection (to shut it down) and its thread.
    connections: Mutex<Vec<(TcpStream, JoinHandle<()>)>>,
    stopping: AtomicBool,
}

impl Server {
    fn start(files: Files) -> Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0").context("cannot start a server")?;
        let port = listener.local_addr()?.port();
        let (sender, posted) = mpsc::channel();
        let shared = Arc::new(Shared {
            files,
            posted: sender,
            log: Mutex::default(),
            connections: Mutex::default(),
            stopping: AtomicBool::new(false),
        });
        let accepting = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept(&listener, &shared))
        };
        Ok(Server { port, posted, shared, accepting })
    }

    /// Stops serving (closing the connections still open); returns every path asked for.
    fn stop(self) -> Vec<String> {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees `stopping`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let _ = self.accepting.join();
        let connections = std::mem::take(&mut *lock(&self.shared.connections));
        for (stream, thread) in connections {
            let _ = stream.shutdown(Shutdown::Both);
            let _ = thread.join();
        }
        std::mem::take(&mut *lock(&self.shared.log))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let _ = stream.set_nodelay(true);
        let Ok(handle) = stream.try_clone() else { continue };
        let connection = Arc::clone(shared);
        let thread = std::thread::spawn(move || serve_connection(stream, &connection));
        lock(&shared.connections).push((handle, thread));
    }
}

/// Answers a connection's requests until it closes or asks to.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let Ok(reading) = stream.try_clone() else { return };
    let mut reader = BufReader::new(reading);
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader) {
        lock(&shared.log).push(request.path.clone());
        if answer(&request, shared, &mut writer).is_err() || request.close {
            break;
        }
    }
    // The server keeps a handle of the stream too: closing this one alone would not end it.
    let _ = writer.shutdown(Shutdown::Both);
}

/// The parts of a request this server reads.
struct HttpRequest {
    method: String,
    path: String,
    /// Header names lower-cased.
    headers: HashMap<String, String>,
    body: Vec<u8>,
    /// Whether the connection ends after the answer (`Connection: close`, HTTP/1.0).
    close: bool,
}

/// The next request on a connection; `None` when it closed or sent something unreadable.
fn read_request(reader: &mut impl BufRead) -> Option<HttpRequest> {
    let mut line = String::new();
    reader.read_line(&mut line).ok().filter(|&read| read > 0)?;
    let mut parts = line.split_whitespace();
    let (method, path, version) = (parts.next()?.to_string(), parts.next()?.to_string(), parts.next()?);
    let http_1_0 = version == "HTTP/1.0";
    let mut headers = HashMap::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok().filter(|&read| read > 0)?;
        let Some((name, value)) = line.trim_end().split_once(':') else { break };
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
    }
    let length = headers.get("content-length").map_or(Some(0), |value| value.parse().ok())?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let close = headers.get("connection").map_or(http_1_0, |value| value.eq_ignore_ascii_case("close"));
    Some(HttpRequest { method, path, headers, body, close })
}

/// Answers one request: a POST's body goes to `posted`, a GET is served from the files.
fn answer(request: &HttpRequest, shared: &Shared, out: &mut impl Write) -> std::io::Result<()> {
    if request.method == "POST" {
        let _ = shared.posted.send(String::from_utf8_lossy(&request.body).into_owned());
        return respond(out, 200, &[], b"");
    }
    let path = request.path.split('?').next().unwrap_or_default();
    let Some((bytes, mime)) = shared.files.get(path) else { return respond(out, 404, &[], b"not found") };
    let mut headers = vec![("Content-Type", mime.to_string()), ("Accept-Ranges", "bytes".to_string())];
    let length = bytes.len() as u64;
    match request.headers.get("range").and_then(|value| byte_range(value)) {
        None => respond(out, 200, &headers, bytes),
        Some(range) => match range.within(length) {
            Some((first, last)) => {
                headers.push(("Content-Range", format!("bytes {first}-{last}/{length}")));
                respond(out, 206, &headers, &bytes[first as usize..=last as usize])
            }
            None => respond(out, 416, &[("Content-Range", format!("bytes */{length}"))], b""),
        },
    }
}

/// Writes a response with its length and the cross-origin isolation and no-caching headers.
fn respond(out: &mut impl Write, status: u16, headers: &[(&str, String)], body: &[u8]) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        206 => "Partial Content",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        _ => "",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nCross-Origin-Opener-Policy: same-origin\r\n\
         Cross-Origin-Embedder-Policy: require-corp\r\nCache-Control: no-store\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
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
    use std::io::Read;

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

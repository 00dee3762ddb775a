//! A small HTTP/1.1 server on 127.0.0.1, for the static server ([`crate::server`]) and the
//! measurement pages ([`crate::headless`]): one thread accepts, one thread per connection
//! answers its requests in turn (kept alive until the client closes or asks to), so a handler
//! that blocks (a long poll) holds back no other connection. Every answer has its
//! `Content-Length`, a `HEAD` gets the head alone, and `Connection: close` or HTTP/1.0 end the
//! connection after the answer. Stopping shuts the open connections down.
//!
//! Our own rather than `tiny_http`: a page's parallel fetches open connections together, and
//! `tiny_http`'s thread pool can then leave one waiting until another closes (a race between a
//! woken worker and the next connection), which Chromium's keep-alive makes minutes. And it
//! sends without Nagle's delay (`TCP_NODELAY`), as a host does: otherwise the end of each small
//! response waits for the browser's delayed acknowledgement, 40 ms, which skews first-load
//! measurements.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use anyhow::{Context, Result};

/// A request as sent: method, target (path and query) and headers.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub method: String,
    /// The path and query as sent (`/en/search/?q=x`), not decoded.
    pub url: String,
    /// By lower-cased name; a header sent several times has its values joined with `, `.
    headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn new(method: &str, url: &str, headers: &[(&str, &str)]) -> Request {
        let mut request = Request { method: method.to_string(), url: url.to_string(), ..Request::default() };
        for (name, value) in headers {
            request.add_header(name, value);
        }
        request
    }

    /// A header's value; `name` in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The URL without its query (or fragment).
    pub fn path(&self) -> &str {
        self.url.split(['?', '#']).next().unwrap_or_default()
    }

    fn add_header(&mut self, name: &str, value: &str) {
        let value = value.trim();
        self.headers
            .entry(name.trim().to_ascii_lowercase())
            .and_modify(|known| *known = format!("{known}, {value}"))
            .or_insert_with(|| value.to_string());
    }
}

/// A response body: bytes of its own, or a part of bytes shared with a cache (sent in place).
#[derive(Clone, Debug)]
pub enum Body {
    Owned(Vec<u8>),
    Shared(Arc<Vec<u8>>, Range<usize>),
}

impl Body {
    /// All of `bytes`.
    pub fn shared(bytes: Arc<Vec<u8>>) -> Body {
        let whole = 0..bytes.len();
        Body::Shared(bytes, whole)
    }

    pub fn as_slice(&self) -> &[u8] {
        match self {
            Body::Owned(bytes) => bytes,
            Body::Shared(bytes, range) => &bytes[range.clone()],
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body::Owned(bytes)
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body::Owned(text.as_bytes().to_vec())
    }
}

/// What a handler answers; the server adds `Content-Length` and, when the connection ends
/// after it, `Connection: close`.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Body>) -> Response {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of a header; `name` in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// The reason phrase of a status this project's servers send.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A running server; stops when dropped.
pub struct HttpServer {
    port: u16,
    shared: Arc<Shared>,
    accepting: Option<JoinHandle<()>>,
}

struct Shared {
    handler: Box<Handler>,
    /// Each open connection (to shut it down) and its thread.
    connections: Mutex<Vec<(TcpStream, JoinHandle<()>)>>,
    stopping: AtomicBool,
}

impl HttpServer {
    /// Serves on 127.0.0.1:`port` (0: any free port), answering every request with `handler`.
    pub fn start(port: u16, handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Result<HttpServer> {
        let listener =
            TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            connections: Mutex::default(),
            stopping: AtomicBool::new(false),
        });
        let accepting = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept(&listener, &shared))
        };
        Ok(HttpServer { port, shared, accepting: Some(accepting) })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops accepting, shuts the open connections down and waits for their threads (a handler
    /// still running is waited for).
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let Some(accepting) = self.accepting.take() else { return };
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees `stopping`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let _ = accepting.join();
        let connections = std::mem::take(&mut *lock(&self.shared.connections));
        for (stream, thread) in connections {
            let _ = stream.shutdown(Shutdown::Both);
            let _ = thread.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
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
        let thread = std::thread::spawn(move || serve_connection(&stream, &connection.handler));
        let mut connections = lock(&shared.connections);
        // Closed connections' handles go (a long `cargo xtask serve` would pile them up).
        connections.retain(|(_, thread)| !thread.is_finished());
        connections.push((handle, thread));
    }
}

/// Answers a connection's requests until it closes or asks to.
fn serve_connection(stream: &TcpStream, handler: &Handler) {
    let mut reader = BufReader::new(stream);
    while let Some((request, close)) = read_request(&mut reader) {
        // A handler that panics fails its request, not the connection (left open, it would
        // hold the page until the server stops).
        let response = std::panic::catch_unwind(AssertUnwindSafe(|| handler(&request)))
            .unwrap_or_else(|_| Response::new(500, "internal error"));
        if write_response(stream, &request, &response, close).is_err() || close {
            break;
        }
    }
    // The server keeps a handle of the stream too: dropping this one alone would not end it.
    let _ = stream.shutdown(Shutdown::Both);
}

/// The largest request body read (the pages post a few kilobytes of results).
const BODY_MAX: usize = 64 << 20;

/// The next request on a connection and whether the connection ends after its answer
/// (`Connection: close`, HTTP/1.0); `None` when it closed or sent something unreadable.
fn read_request(reader: &mut impl BufRead) -> Option<(Request, bool)> {
    let mut line = String::new();
    reader.read_line(&mut line).ok().filter(|&read| read > 0)?;
    let mut parts = line.split_whitespace();
    let (method, url, version) = (parts.next()?, parts.next()?, parts.next()?);
    let mut request = Request { method: method.to_string(), url: url.to_string(), ..Request::default() };
    let http_1_0 = version == "HTTP/1.0";
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok().filter(|&read| read > 0)?;
        let Some((name, value)) = header.trim_end().split_once(':') else { break };
        request.add_header(name, value);
    }
    // Chunked request bodies are not read: no page of ours sends one.
    if request.header("transfer-encoding").is_some() {
        return None;
    }
    let length: usize = request.header("content-length").map_or(Some(0), |value| value.parse().ok())?;
    if length > BODY_MAX {
        return None;
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body).ok()?;
    let asks_to_close = request
        .header("connection")
        .is_some_and(|value| value.split(',').any(|token| token.trim().eq_ignore_ascii_case("close")));
    // An HTTP/1.0 connection ends after one answer (its `keep-alive` is not offered).
    Some((request, http_1_0 || asks_to_close))
}

/// Writes `response` with its length (and no body for a `HEAD`).
fn write_response(stream: &TcpStream, request: &Request, response: &Response, close: bool) -> std::io::Result<()> {
    let body = response.body.as_slice();
    let status = response.status;
    let mut head = format!("HTTP/1.1 {status} {}\r\nContent-Length: {}\r\n", reason(status), body.len());
    for (name, value) in &response.headers {
        if !name.eq_ignore_ascii_case("content-length") {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    // Head and a small body leave in one segment.
    let mut out = BufWriter::with_capacity(16 * 1024, stream);
    out.write_all(head.as_bytes())?;
    if request.method != "HEAD" {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// Answers `GET /x` with `x`; `/wait` waits for a message on `release` first.
    fn server(release: Option<mpsc::Receiver<()>>) -> HttpServer {
        let release = Mutex::new(release);
        HttpServer::start(0, move |request: &Request| {
            if request.path() == "/wait" {
                if let Some(release) = lock(&release).as_ref() {
                    let _ = release.recv_timeout(Duration::from_secs(10));
                }
            }
            Response::new(200, &request.path()[1..]).with_header("Content-Type", "text/plain")
        })
        .unwrap()
    }

    fn connect(port: u16) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream
    }

    /// Sends a GET of `path` on the connection (kept alive).
    fn send(mut stream: &TcpStream, path: &str) {
        stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).unwrap();
    }

    /// The next response's head (lower-cased) and body, read by its `Content-Length`.
    fn read_response(reader: &mut impl BufRead, head_only: bool) -> (String, String) {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            assert!(reader.read_line(&mut line).unwrap() > 0, "the connection closed early: {head}");
            if line == "\r\n" {
                break;
            }
            head.push_str(&line.to_ascii_lowercase());
        }
        let length = head.lines().find_map(|l| l.strip_prefix("content-length: ")).unwrap().parse().unwrap();
        let mut body = vec![0; if head_only { 0 } else { length }];
        reader.read_exact(&mut body).unwrap();
        (head, String::from_utf8(body).unwrap())
    }

    #[test]
    fn a_connection_is_kept_for_the_next_request() {
        let server = server(None);
        let stream = connect(server.port());
        let mut reader = BufReader::new(&stream);
        send(&stream, "/first");
        let (head, body) = read_response(&mut reader, false);
        assert!(head.starts_with("http/1.1 200 ok\r\n") && !head.contains("connection: close"), "{head}");
        assert!(head.contains("content-type: text/plain"), "{head}");
        assert_eq!(body, "first");
        send(&stream, "/second?q=1");
        assert_eq!(read_response(&mut reader, false).1, "second");
    }

    #[test]
    fn other_connections_are_answered_while_a_handler_waits() {
        let (release, released) = mpsc::channel();
        let server = server(Some(released));
        let waiting = connect(server.port());
        send(&waiting, "/wait");
        // Two connections opened together, as a page's parallel fetches open them.
        let (a, b) = (connect(server.port()), connect(server.port()));
        send(&a, "/a");
        send(&b, "/b");
        assert_eq!(read_response(&mut BufReader::new(&b), false).1, "b");
        assert_eq!(read_response(&mut BufReader::new(&a), false).1, "a");
        release.send(()).unwrap();
        assert_eq!(read_response(&mut BufReader::new(&waiting), false).1, "wait");
    }

    #[test]
    fn a_head_request_gets_the_headers_and_no_body() {
        let server = server(None);
        let mut stream = connect(server.port());
        stream.write_all(b"HEAD /page HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut reader = BufReader::new(&stream);
        let (head, _) = read_response(&mut reader, true);
        assert!(head.contains("content-length: 4\r\n"), "the length of the GET's body: {head}");
        // Had the body been sent, it would be read as the next response.
        assert_eq!(read_response(&mut reader, false).1, "next");
    }

    #[test]
    fn connection_close_and_http_1_0_close_the_connection_after_the_answer() {
        let server = server(None);
        for request in ["GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET /x HTTP/1.0\r\n\r\n"] {
            let mut stream = connect(server.port());
            stream.write_all(request.as_bytes()).unwrap();
            let mut reply = String::new();
            stream.read_to_string(&mut reply).unwrap();
            assert!(reply.contains("Connection: close\r\n") && reply.ends_with("\r\n\r\nx"), "{reply}");
        }
    }

    #[test]
    fn stopping_closes_the_connections_left_open() {
        let server = server(None);
        let stream = connect(server.port());
        send(&stream, "/x");
        let mut reader = BufReader::new(&stream);
        read_response(&mut reader, false);
        server.stop();
        assert_eq!(reader.read(&mut [0; 1]).unwrap(), 0);
    }

    #[test]
    fn headers_are_read_in_any_case_and_repeated_ones_joined() {
        let request = Request::new("GET", "/a?b#c", &[("Accept-Encoding", "gzip"), ("accept-encoding", "br")]);
        assert_eq!(request.header("ACCEPT-ENCODING"), Some("gzip, br"));
        assert_eq!(request.path(), "/a");
        assert_eq!(request.header("range"), None);
    }
}

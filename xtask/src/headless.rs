//! Measurements that run a page in headless Chromium: files served from memory on 127.0.0.1
//! with cross-origin isolation (so `performance.now()` has 5 µs resolution), and the page's
//! answer taken from a `POST /result`.

use std::collections::HashMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::{anyhow, Context, Result};

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
    let server = tiny_http::Server::http("127.0.0.1:0").map_err(|err| anyhow!("cannot start a server: {err}"))?;
    let server = Arc::new(server);
    let port = server.server_addr().to_ip().map(|a| a.port()).context("no port")?;
    let (sender, receiver) = mpsc::channel();
    let listener = Arc::clone(&server);
    let serving = std::thread::spawn(move || -> Vec<String> {
        let mut requests = Vec::new();
        let server = listener;
        let headers = [
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Embedder-Policy", "require-corp"),
            ("Cache-Control", "no-store"),
        ]
        .map(|(name, value)| tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()));
        while let Ok(mut request) = server.recv() {
            requests.push(request.url().to_string());
            let mut response = if request.method() == &tiny_http::Method::Post {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let _ = sender.send(body);
                tiny_http::Response::from_data(Vec::new())
            } else {
                match files.get(request.url().split('?').next().unwrap_or_default()) {
                    Some((bytes, mime)) => {
                        let mut response = tiny_http::Response::from_data(bytes.clone());
                        if let Ok(header) = tiny_http::Header::from_bytes("Content-Type", *mime) {
                            response.add_header(header);
                        }
                        response
                    }
                    None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
                }
            };
            for header in headers.iter().flatten() {
                response.add_header(header.clone());
            }
            // Answered on a thread of its own: one response waiting on its connection must not
            // hold back the others (a page's parallel fetches otherwise stalled for good).
            std::thread::spawn(move || request.respond(response));
        }
        requests
    });
    let mut browser = Chromium::start(&format!("http://127.0.0.1:{port}/"), profile)?;
    let posted = receiver.recv_timeout(patience).map_err(|_| anyhow!("the page posted no result within {patience:?}"));
    browser.stop();
    server.unblock();
    let requests = serving.join().unwrap_or_default();
    Ok(Served { posted: posted?, requests })
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

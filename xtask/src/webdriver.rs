//! Debian's chromedriver and the commands beyond fantoccini's: DevTools protocol commands
//! (`goog/cdp/execute`) and the browser's console log (`se/log`).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use crate::tools;

/// A POST to `session/{id}/{path}`.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// One DevTools protocol command, sent through chromedriver to the session's page.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Result<Value> {
    client
        .issue_cmd(SessionPost { path: "goog/cdp/execute", body: json!({ "cmd": cmd, "params": params }) })
        .await
        .with_context(|| format!("DevTools command {cmd}"))
}

/// A reader's first input, as harmless as one can be: Shift pressed and released, a trusted
/// key event. The search page starts its app on it; other pages are indifferent.
pub async fn press_shift(client: &Client) -> Result<()> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let shift: char = fantoccini::key::Key::Shift.into();
    let keys =
        KeyActions::new("keyboard".into()).then(KeyAction::Down { value: shift }).then(KeyAction::Up { value: shift });
    client.perform_actions(keys).await.context("pressing Shift")
}

/// The browser's console messages since the last call (the session must have been created
/// with `"goog:loggingPrefs": {"browser": "ALL"}`): `{level, message, source, timestamp}`.
pub async fn browser_log(client: &Client) -> Result<Vec<Value>> {
    let log = client
        .issue_cmd(SessionPost { path: "se/log", body: json!({ "type": "browser" }) })
        .await
        .context("reading the browser log")?;
    Ok(log.as_array().cloned().unwrap_or_default())
}

/// Chromium's flags for tests and measurements: headless, no background traffic.
pub const CHROMIUM_ARGS: [&str; 10] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-US",
];

/// Debian's chromedriver on a free port; stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start() -> Result<Driver> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(tools::CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromedriver")?;
        Ok(Driver { child, port })
    }

    /// A new browser with a fresh profile (chromedriver makes one per session).
    pub async fn session(&self) -> Result<Client> {
        let mut args: Vec<&str> = CHROMIUM_ARGS.to_vec();
        args.push("--window-size=412,915");
        let capabilities = json!({ "goog:chromeOptions": { "binary": tools::CHROMIUM, "args": args } });
        let Value::Object(capabilities) = capabilities else { bail!("capabilities must be an object") };
        let started = Instant::now();
        loop {
            let attempt = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await;
            match attempt {
                Ok(client) => return Ok(client),
                Err(err) if started.elapsed() > Duration::from_secs(15) => bail!("cannot reach chromedriver: {err}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! `cargo xtask serve`: the built site on localhost until interrupted.

use std::path::Path;

use anyhow::{bail, Result};

use crate::dist::normalize_base;
use crate::server::StaticServer;

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

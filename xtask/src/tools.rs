//! Installing what the build and tests need on a fresh machine: the wasm32 target, the pinned
//! npm tools (wasm-opt from binaryen 132, elasticlunr.js, axe-core, Pagefind, Lighthouse) and
//! Debian's Chromium.
//! Nothing is fetched from anywhere but the package registries.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::progress::Stage;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Runs a command, failing with its name when it fails.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command.status().with_context(|| format!("could not start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

pub fn ensure_wasm_target() -> Result<()> {
    let output = Command::new("rustup").args(["target", "list", "--installed"]).output();
    let installed =
        output.map(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == WASM_TARGET)).unwrap_or(false);
    if !installed {
        let stage = Stage::start(format!("installing the {WASM_TARGET} target"));
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
        stage.done();
    }
    Ok(())
}

/// `npm ci` when node_modules is missing or older than the lockfile.
pub fn ensure_npm_tools(root: &Path) -> Result<()> {
    let marker = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (marker.metadata().and_then(|m| m.modified()), lock.metadata().and_then(|m| m.modified())) {
        (Ok(installed), Ok(locked)) => {
            installed >= locked && wasm_opt(root).exists() && crate::lighthouse::cli(root).exists()
        }
        _ => false,
    };
    if !fresh {
        let stage = Stage::start("installing pinned npm tools (npm ci)");
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root))?;
        stage.done();
    }
    Ok(())
}

/// binaryen's wasm-opt from npm (132): Debian's 108 silently breaks wasm-bindgen output.
pub fn wasm_opt(root: &Path) -> PathBuf {
    root.join("node_modules/.bin/wasm-opt")
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Debian's chromium and chromium-driver (same version), installed with apt when missing.
pub fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let stage = Stage::start("installing Debian chromium and chromium-driver");
    run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    stage.done();
    Ok(())
}

/// The installed binaryen's version (from its npm package), for the finished-module cache.
pub fn wasm_opt_version(root: &Path) -> String {
    let package = root.join("node_modules/binaryen/package.json");
    std::fs::read(&package)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|json| json["version"].as_str().map(String::from))
        .unwrap_or_else(|| "unknown".into())
}

/// Shrinks a wasm file in place with binaryen 132: `-Os`, keeping memory segments unpacked.
/// Both measured smaller after brotli than the alternatives: `-Os` is ~3 % larger raw than
/// `-Oz` but ~1.6 KB smaller brotli (and gzip); memory-packing adds ~0.8 KB brotli.
pub fn optimize_wasm(root: &Path, wasm: &Path) -> Result<()> {
    let optimized = wasm.with_extension("opt.wasm");
    run(Command::new(wasm_opt(root)).arg("-Os").arg("--skip-pass=memory-packing").arg(wasm).arg("-o").arg(&optimized))?;
    std::fs::rename(&optimized, wasm)?;
    Ok(())
}

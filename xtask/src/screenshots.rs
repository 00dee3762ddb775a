//! `cargo xtask screenshots`: PNGs a reviewer can look at — the search page with facets, the
//! compare view and a firm profile as printed — taken by headless Chromium from the built site.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Result};

use crate::progress::Stage;
use crate::server::StaticServer;
use crate::tools;

/// Pages to capture: file name, path below the base, and whether to render it as printed.
const SHOTS: [(&str, &str, bool); 5] = [
    ("search-with-facets-en.png", "en/search/?q=titanium&process=micro_machining,swiss_turning", false),
    ("search-ja.png", "ja/search/?q=%E5%B0%84%E5%87%BA%E6%88%90%E5%BD%A2", false),
    ("compare-de.png", "de/compare/?ids=hoshizora-micro,yamasemi-precision,kogera-precision", false),
    ("map-th.png", "th/map/", false),
    ("printed-profile-en.png", "en/firms/hoshizora-micro/", true),
];

/// Fonts for Japanese and Thai text, so the pictures show real glyphs.
const FONT_PACKAGES: [&str; 2] = ["fonts-ipafont-gothic", "fonts-thai-tlwg"];

pub fn take(dist: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    tools::ensure_chromium()?;
    ensure_packages(&FONT_PACKAGES, "fc-list")?;
    ensure_packages(&["poppler-utils"], "pdftoppm")?;
    fs::create_dir_all(out)?;
    let server = StaticServer::start(dist, "/", 0)?;
    let profile = tempdir()?;
    let mut written = Vec::new();
    for (name, path, printed) in SHOTS {
        let stage = Stage::start(format!("screenshot {name}"));
        let url = server.url(&format!("/{path}"));
        let target = out.join(name);
        if printed {
            let pdf = profile.join("page.pdf");
            chromium(&profile, &[format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer".into(), url])?;
            let prefix = target.with_extension("");
            tools::run(
                Command::new("pdftoppm")
                    .args(["-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"])
                    .arg(&pdf)
                    .arg(&prefix),
            )?;
        } else {
            chromium(&profile, &[format!("--screenshot={}", target.display()), "--window-size=1280,1400".into(), url])?;
        }
        if !target.exists() {
            bail!("Chromium wrote no {}", target.display());
        }
        stage.done();
        written.push(target);
    }
    Ok(written)
}

fn chromium(profile: &Path, args: &[String]) -> Result<()> {
    let mut command = Command::new(tools::CHROMIUM);
    command
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .args(["--hide-scrollbars", "--virtual-time-budget=10000", "--run-all-compositor-stages-before-draw"])
        .arg(format!("--user-data-dir={}", profile.join("chromium").display()))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    tools::run(&mut command)
}

fn ensure_packages(packages: &[&str], probe: &str) -> Result<()> {
    let installed = packages
        .iter()
        .all(|p| Command::new("dpkg").args(["-s", p]).output().map(|o| o.status.success()).unwrap_or(false));
    if installed && Command::new(probe).arg("--help").output().is_ok() {
        return Ok(());
    }
    let stage = Stage::start(format!("installing {}", packages.join(", ")));
    tools::run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    tools::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    stage.done();
    Ok(())
}

fn tempdir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("cif-screenshots-{}", std::process::id()));
    fs::create_dir_all(&dir)?;
    Ok(dir)
}

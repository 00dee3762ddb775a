//! `cargo xtask test`: every test — formatting and lints, unit, content, engine (including the
//! differential test against elasticlunr.js) and the real-browser tests against built sites.

use std::path::PathBuf;
use std::process::Command;

use anyhow::Result;

use crate::dist::{self, Options as DistOptions};
use crate::progress::Stage;
use crate::tools;

pub struct Options {
    pub lint: bool,
    pub workspace: PathBuf,
}

/// Where the browser tests find the builds: at the root, under a sub-path, and the
/// five-language fixture (a fifth language is content plus a catalogue entry).
pub const DIST_ENV: &str = "SITE_TEST_DIST";
pub const DIST_SUB_ENV: &str = "SITE_TEST_DIST_SUB";
/// The five-language test fixture (`tests/fixtures/five-languages`), built at the root.
pub const DIST_FIVE_ENV: &str = "SITE_TEST_DIST_FIVE";
/// The content of that build.
pub const FIVE_LANGUAGES: &str = "tests/fixtures/five-languages";
pub const SUB_PATH: &str = "/fukushima/";
/// A generated directory large enough that some of its languages are searched from shards
/// (`sitegen::sharding`), built under the sub-path.
pub const DIST_SCALE_ENV: &str = "SITE_TEST_DIST_SCALE";
/// The generated firms of that build (`cargo xtask synth`): with the shipped ones, Japanese and
/// Thai pass the sharding thresholds, English and German stay one file.
pub const SCALE_FIRMS: usize = 400;
/// A directory of ten thousand generated firms, every language searched from shards, under the
/// sub-path: the scale the sharded index is built for, searched in the browser.
pub const DIST_LARGE_ENV: &str = "SITE_TEST_DIST_LARGE";
/// The generated firms of that build.
pub const LARGE_FIRMS: usize = 10_000;

pub fn run(options: &Options) -> Result<()> {
    let root = &options.workspace;
    tools::ensure_wasm_target()?;
    tools::ensure_npm_tools(root)?;
    tools::ensure_chromium()?;

    if options.lint {
        let stage = Stage::start("cargo fmt --check");
        tools::run(Command::new(cargo()).current_dir(root).args(["fmt", "--all", "--check"]))?;
        stage.done();
        // The site crate's host-side renderer is its `ssr` build, which the workspace run
        // (browser app, `csr`) does not compile.
        let runs: [(&str, &[&str]); 2] = [
            ("cargo clippy (all targets, warnings are errors)", &["--workspace"]),
            (
                "cargo clippy (the page renderer, ssr)",
                &["--package", "fukushima-site", "--no-default-features", "--features", "ssr"],
            ),
        ];
        for (title, selection) in runs {
            let stage = Stage::start(title);
            tools::run(Command::new(cargo()).current_dir(root).arg("clippy").args(selection).args([
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))?;
            stage.done();
        }
    }

    let e2e = root.join("target/e2e");
    let at_root =
        DistOptions { out: e2e.join("site"), base: "/".into(), content: root.join("content"), production: false };
    let under_sub_path = DistOptions {
        out: e2e.join("site-sub"),
        base: SUB_PATH.into(),
        content: root.join("content"),
        production: false,
    };
    // The WebAssembly is cached by the first build: the others add only their content.
    let five_languages = DistOptions {
        out: e2e.join("site-five"),
        base: "/".into(),
        content: root.join(FIVE_LANGUAGES),
        production: false,
    };
    let scale = generated(root, "scale", SCALE_FIRMS, 1)?;
    let large = generated(root, "large", LARGE_FIRMS, 2)?;
    dist::build(&at_root)?;
    dist::build(&under_sub_path)?;
    dist::build(&five_languages)?;
    dist::build(&scale)?;
    dist::build(&large)?;
    // The large build's pages come from the same generator and templates as the scale build's,
    // whose links are checked; its 80,000 files would add minutes for nothing new.
    for build in [&at_root, &under_sub_path, &five_languages, &scale] {
        check_links(build)?;
    }

    let stage = Stage::start("cargo test --workspace");
    tools::run(
        Command::new(cargo())
            .current_dir(root)
            .args(["test", "--workspace", "--", "--test-threads=2"])
            .env(DIST_ENV, &at_root.out)
            .env(DIST_SUB_ENV, &under_sub_path.out)
            .env(DIST_FIVE_ENV, &five_languages.out)
            .env(DIST_SCALE_ENV, &scale.out)
            .env(DIST_LARGE_ENV, &large.out),
    )?;
    stage.done();
    // The page renderer's own tests (what a page is made of at build time).
    let stage = Stage::start("cargo test (the page renderer, ssr)");
    tools::run(Command::new(cargo()).current_dir(root).args([
        "test",
        "--package",
        "fukushima-site",
        "--no-default-features",
        "--features",
        "ssr",
        "--lib",
    ]))?;
    stage.done();
    crate::fuzz::smoke(root)?;
    Ok(())
}

/// A build under the sub-path of the shipped content plus `firms` generated ones
/// (`target/e2e/content-{name}`, built into `target/e2e/site-{name}`).
fn generated(root: &std::path::Path, name: &str, firms: usize, seed: u64) -> Result<DistOptions> {
    let e2e = root.join("target/e2e");
    let content = crate::synth::run(&crate::synth::Options {
        firms,
        content: root.join("content"),
        out: Some(e2e.join(format!("content-{name}"))),
        seed,
    })?;
    Ok(DistOptions { out: e2e.join(format!("site-{name}")), base: SUB_PATH.into(), content, production: false })
}

/// The link check of a build (`crate::link_check`): fails naming every broken link.
pub fn check_links(build: &DistOptions) -> Result<()> {
    let base = dist::normalize_base(&build.base)?;
    let stage = Stage::start(format!("link check of {} (base {base})", build.out.display()));
    let site = sitegen::load(&build.content).map_err(|errors| anyhow::anyhow!("content errors:\n{errors}"))?;
    let report = crate::link_check::check(&build.out, &base, &site.public_url)?;
    if !report.broken.is_empty() {
        let lines: Vec<String> = report.broken.iter().take(50).map(|b| format!("  {b}")).collect();
        anyhow::bail!(
            "{} of {} internal links in {} pages lead nowhere:\n{}",
            report.broken.len(),
            report.internal,
            report.pages,
            lines.join("\n")
        );
    }
    eprintln!("{} internal links in {} pages, all resolve", report.internal, report.pages);
    stage.done();
    Ok(())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

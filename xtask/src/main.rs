//! `cargo xtask <command>`: build, serve, test and measure the site.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use xtask::{bench, dist, eval, serve, synth, test};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, serve, test and measure the Connected in Fukushima site")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the release site into dist/ and serve it on http://127.0.0.1:PORT; rebuild and
    /// reload the open pages whenever the content or public/ changes.
    Serve(serve::Options),
    /// Build the release site without serving it.
    Dist {
        #[command(flatten)]
        build: dist::Options,
    },
    /// Take PNG screenshots (search with facets, compare, map, printed profile) of a build.
    Screenshots {
        #[command(flatten)]
        build: dist::Options,
        /// Use the existing build in --out.
        #[arg(long)]
        no_build: bool,
        /// Folder for the PNG files.
        #[arg(long, default_value = "screenshots")]
        shots: PathBuf,
    },
    /// Print download sizes (raw, gzip, brotli) as JSON, against elasticlunr-rs JSON indexes.
    Sizes {
        #[command(flatten)]
        build: dist::Options,
        /// Measure the existing build in --out without rebuilding.
        #[arg(long)]
        no_build: bool,
    },
    /// Cold first visits on Chrome's Slow 4G profile (brotli-serving server): paint, first
    /// result, requests and bytes per page type and language, as JSON (a table on stderr).
    Firstload {
        #[command(flatten)]
        build: dist::Options,
        /// Measure the existing build in --out without rebuilding.
        #[arg(long)]
        no_build: bool,
        /// Visits per page; the report gives the median.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Only these page types (repeatable): home, firm, strategy, search, landing.
        #[arg(long = "page")]
        pages: Vec<String>,
    },
    /// Lighthouse (pinned npm version, mobile preset) scores per page type and language, as JSON.
    Lighthouse {
        #[command(flatten)]
        build: dist::Options,
        /// Audit the existing build in --out without rebuilding.
        #[arg(long)]
        no_build: bool,
        /// Only these page types (repeatable): home, firm, strategy, search, landing.
        #[arg(long = "page")]
        pages: Vec<String>,
    },
    /// Check that every internal link of a build leads to a file of that build.
    Links {
        #[command(flatten)]
        build: dist::Options,
        /// Check the existing build in --out without rebuilding.
        #[arg(long)]
        no_build: bool,
    },
    /// Save → reload time of a content edit under `serve` (on a copy of the content), as JSON.
    Watchtime(xtask::watchtime::Options),
    /// Search quality on judged queries: found@5 and MRR@5 per language and query kind, as JSON.
    Eval(eval::Options),
    /// Index build time, size and query latency on synthetic corpora, as JSON (runs with --release).
    Bench(bench::Options),
    /// Write a content folder with the shipped content and N generated fictional firms (for
    /// building and measuring the site at scale), and print where.
    Synth(synth::Options),
    /// The benchmark itself, in this (optimized) process; `bench` runs it.
    #[command(hide = true)]
    BenchRun(bench::Options),
    /// Run the fuzz targets (libFuzzer on nightly, else the stable mode) and print executions
    /// and findings per target as JSON.
    Fuzz(xtask::fuzz::Options),
    /// Run every test: format, lints, unit, content, engine and real-browser tests.
    Test {
        /// Skip `cargo fmt --check` and clippy (quicker local runs; CI never skips).
        #[arg(long)]
        no_lint: bool,
    },
}

fn main() {
    if let Err(err) = run(Cli::parse()) {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(options) => serve::run(&options),
        Command::Dist { build } => dist::build(&build).map(|_| ()),
        Command::Screenshots { build, no_build, shots } => {
            if !no_build {
                dist::build(&build)?;
            }
            for file in xtask::screenshots::take(&build.out, &shots)? {
                println!("{}", file.display());
            }
            Ok(())
        }
        Command::Sizes { build, no_build } => {
            if !no_build {
                dist::build(&build)?;
            }
            let report = xtask::sizes::report(&build.out, &build.content)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
        Command::Firstload { build, no_build, runs, pages } => {
            if !no_build {
                dist::build(&build)?;
            }
            print_json(&xtask::firstload::run(&build.out, &dist::normalize_base(&build.base)?, runs, &pages)?)
        }
        Command::Lighthouse { build, no_build, pages } => {
            if !no_build {
                dist::build(&build)?;
            }
            let base = dist::normalize_base(&build.base)?;
            print_json(&xtask::lighthouse::run(&workspace_root(), &build.out, &base, &pages)?)
        }
        Command::Links { build, no_build } => {
            if !no_build {
                dist::build(&build)?;
            }
            test::check_links(&build)
        }
        Command::Watchtime(options) => print_json(&xtask::watchtime::run(&options)?),
        Command::Eval(options) => print_json(&eval::run(&options, &workspace_root())?),
        Command::Bench(options) => bench::bench(&options),
        Command::Synth(options) => synth::run(&options).map(|out| println!("{}", out.display())),
        Command::BenchRun(options) => print_json(&bench::run(&options)?),
        Command::Fuzz(options) => {
            let reports = xtask::fuzz::run(&workspace_root(), &options)?;
            println!("{}", serde_json::to_string_pretty(&reports)?);
            xtask::fuzz::check(&reports)
        }
        Command::Test { no_lint } => test::run(&test::Options { lint: !no_lint, workspace: workspace_root() }),
    }
}

fn print_json(value: &serde_json::Value) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn workspace_root() -> PathBuf {
    xtask::workspace_root()
}

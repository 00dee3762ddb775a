//! `cargo xtask <command>`: build, serve, test and measure the site.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use xtask::{dist, serve, test};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, serve, test and measure the Connected in Fukushima site")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the release site into dist/ and serve it on http://127.0.0.1:PORT.
    Serve {
        #[command(flatten)]
        build: dist::Options,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Serve an existing build without rebuilding.
        #[arg(long)]
        no_build: bool,
    },
    /// Build the release site without serving it.
    Dist {
        #[command(flatten)]
        build: dist::Options,
    },
    /// Print download sizes (raw, gzip, brotli) as JSON, against elasticlunr-rs JSON indexes.
    Sizes {
        #[command(flatten)]
        build: dist::Options,
        /// Measure the existing build in --out without rebuilding.
        #[arg(long)]
        no_build: bool,
    },
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
        Command::Serve { build, port, no_build } => {
            let out = build.out.clone();
            if !no_build {
                dist::build(&build)?;
            }
            serve::serve_forever(&out, &build.base, port)
        }
        Command::Dist { build } => dist::build(&build).map(|_| ()),
        Command::Sizes { build, no_build } => {
            if !no_build {
                dist::build(&build)?;
            }
            let report = xtask::sizes::report(&build.out, &build.content)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
        Command::Test { no_lint } => test::run(&test::Options { lint: !no_lint, workspace: workspace_root() }),
    }
}

fn workspace_root() -> PathBuf {
    xtask::workspace_root()
}

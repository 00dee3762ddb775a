//! `cargo xtask fuzz`: the fuzz targets of `fuzz/` one after another, each for a given time,
//! reported as JSON (executions, exec/s, findings). With a nightly toolchain they run under
//! libFuzzer through `cargo fuzz` (pinned, installed from crates.io when missing), with
//! AddressSanitizer unless `--sanitizer none`; without one the command says so and runs the
//! stable mode of `fuzz/src/bin/stable.rs`.
//! Findings (crash, timeout or out-of-memory inputs) are kept under `target/fuzz/artifacts/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::progress::Stage;
use crate::tools;

mod libfuzzer;
mod seeds;

pub use libfuzzer::Sanitizer;

/// Exactly this `cargo fuzz` is installed.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The targets of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: [&str; 5] = ["page", "analyze", "find", "index_decode", "site_data_decode"];

/// Seconds per target of the smoke run in `cargo xtask test`.
pub const SMOKE_SECONDS: u64 = 5;

#[derive(clap::Args, Clone, Debug)]
pub struct Options {
    /// Seconds per target.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Only these targets (repeatable): page, analyze, find, index_decode, site_data_decode.
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// The stable mode even when a nightly toolchain is installed.
    #[arg(long)]
    pub stable: bool,
    /// The sanitizer of the libFuzzer build: AddressSanitizer (the default, 2–6 times slower)
    /// or none (for long runs: panics, overflows and unsafe renderings are still findings).
    #[arg(long, value_enum, default_value_t)]
    pub sanitizer: Sanitizer,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub target: String,
    /// `libfuzzer` (coverage-guided, sanitized) or `stable` (seeded mutation, no guidance).
    pub mode: &'static str,
    /// `address` or `none` (the stable mode has none).
    pub sanitizer: &'static str,
    pub seconds: u64,
    pub executions: u64,
    /// libFuzzer's average, which counts the time spent loading the corpus.
    pub exec_per_sec: u64,
    pub findings: usize,
    /// The inputs that crashed, timed out or ran out of memory.
    pub finding_files: Vec<PathBuf>,
}

/// Runs the targets; fails after the report when any target had a finding.
pub fn run(root: &Path, options: &Options) -> Result<Vec<Report>> {
    let targets: Vec<&str> = if options.targets.is_empty() {
        TARGETS.to_vec()
    } else {
        options.targets.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = targets.iter().find(|t| !TARGETS.contains(t)) {
        bail!("unknown fuzz target `{unknown}`; the targets are {}", TARGETS.join(", "));
    }
    let work = target_dir(root).join("fuzz");
    // Committed seeds plus, for the decoders, files of a tiny build by the current code.
    let generated = seeds::write(root, &work.join("decoder-seeds"))?;
    let corpora = |target: &str| {
        let committed = root.join("fuzz/corpus").join(target);
        let built = generated.join(target);
        [committed, built].into_iter().filter(|dir| dir.is_dir()).collect::<Vec<_>>()
    };
    let nightly = has_nightly();
    if !nightly {
        eprintln!(
            "fuzz: no nightly toolchain (`rustup toolchain list` shows none), and cargo-fuzz needs one; \
             install it with `rustup toolchain install nightly` for coverage-guided fuzzing. Running the \
             stable mode instead: the same targets over the seed corpus and seeded random mutations of it, \
             without coverage guidance or sanitizers — it finds less."
        );
    }
    let reports = if nightly && !options.stable {
        ensure_cargo_fuzz()?;
        targets
            .iter()
            .map(|target| libfuzzer::run(root, &work, target, &corpora(target), options.seconds, options.sanitizer))
            .collect::<Result<_>>()?
    } else {
        run_stable(root, &work, &targets, &[root.join("fuzz/corpus"), generated], options.seconds)?
    };
    Ok(reports)
}

/// Fails naming the findings, if any.
pub fn check(reports: &[Report]) -> Result<()> {
    let findings: Vec<String> = reports
        .iter()
        .flat_map(|r| r.finding_files.iter().map(move |f| format!("  {}: {}", r.target, f.display())))
        .collect();
    if !findings.is_empty() || reports.iter().any(|r| r.findings > 0) {
        bail!(
            "fuzzing found inputs that fail:\n{}\nreproduce one with `cargo +nightly fuzz run TARGET FILE` in fuzz/, \
             fix the cause and add the input as a regression test",
            findings.join("\n")
        );
    }
    Ok(())
}

/// The short run of `cargo xtask test`.
pub fn smoke(root: &Path) -> Result<()> {
    let stage = Stage::start(format!("fuzz smoke ({SMOKE_SECONDS} s per target)"));
    let reports = run(
        root,
        &Options { seconds: SMOKE_SECONDS, targets: Vec::new(), stable: false, sanitizer: Sanitizer::Address },
    )?;
    eprintln!("{}", serde_json::to_string(&reports)?);
    check(&reports)?;
    stage.done();
    Ok(())
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

fn has_nightly() -> bool {
    Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().any(|line| line.starts_with("nightly")))
        .unwrap_or(false)
}

fn ensure_cargo_fuzz() -> Result<()> {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == format!("cargo-fuzz {CARGO_FUZZ_VERSION}"))
        .unwrap_or(false);
    if !installed {
        let stage = Stage::start(format!("installing cargo-fuzz {CARGO_FUZZ_VERSION}"));
        tools::run(Command::new("cargo").args(["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked"]))?;
        stage.done();
    }
    Ok(())
}

/// The stable mode, built in the workspace's target folder (its release build shares the
/// dependencies of the site's), over the seeds of each target in every folder of `corpora`.
fn run_stable(root: &Path, work: &Path, targets: &[&str], corpora: &[PathBuf], seconds: u64) -> Result<Vec<Report>> {
    let artifacts = work.join("stable-artifacts");
    let mut command = Command::new("cargo");
    command
        .current_dir(root.join("fuzz"))
        .args(["run", "--quiet", "--release", "--no-default-features", "--bin", "stable", "--target-dir"])
        .arg(target_dir(root))
        .args(["--", "--seconds", &seconds.to_string()]);
    for corpus in corpora {
        command.arg("--corpus").arg(corpus);
    }
    command.arg("--artifacts").arg(&artifacts);
    for target in targets {
        command.args(["--target", target]);
    }
    let stage = Stage::start(format!("fuzzing {} targets for {seconds} s each (stable mode)", targets.len()));
    let output = command.stderr(Stdio::inherit()).output().context("could not start the stable fuzzer")?;
    stage.done();
    #[derive(serde::Deserialize)]
    struct Line {
        target: String,
        executions: u64,
        findings: usize,
    }
    let mut reports = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let line: Line = serde_json::from_str(line).with_context(|| format!("unexpected output: {line}"))?;
        let finding_files = libfuzzer::files_in(&artifacts.join(&line.target));
        reports.push(Report {
            target: line.target,
            mode: "stable",
            sanitizer: "none",
            seconds,
            executions: line.executions,
            exec_per_sec: line.executions / seconds.max(1),
            findings: line.findings,
            finding_files,
        });
    }
    if reports.len() != targets.len() {
        bail!(
            "the stable fuzzer stopped early ({}): it reported {} of {} targets",
            output.status,
            reports.len(),
            targets.len()
        );
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_list_matches_the_fuzz_crate() {
        let manifest = std::fs::read_to_string(crate::workspace_root().join("fuzz/Cargo.toml")).unwrap();
        for target in TARGETS {
            assert!(manifest.contains(&format!("name = \"{target}\"")), "fuzz/Cargo.toml lacks the bin {target}");
            let decoder = seeds::DECODER_TARGETS.iter().any(|(name, _)| *name == target);
            let committed = crate::workspace_root().join("fuzz/corpus").join(target).is_dir();
            assert!(decoder || committed, "no seed corpus for {target}");
        }
        let bins = manifest.matches("[[bin]]").count();
        assert_eq!(bins, TARGETS.len() + 1, "every fuzz target (and the stable runner) is listed here");
    }
}

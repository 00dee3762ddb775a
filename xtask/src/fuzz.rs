//! `cargo xtask fuzz`: the fuzz targets of `fuzz/` one after another, each for a given time,
//! reported as JSON (executions, findings). With a nightly toolchain they run under libFuzzer
//! through `cargo fuzz` (pinned, installed from crates.io when missing), with AddressSanitizer;
//! without one the command says so and runs the stable mode of `fuzz/src/bin/stable.rs`.
//! Findings (crash, timeout or out-of-memory inputs) are kept under `target/fuzz/artifacts/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::progress::Stage;
use crate::tools;

mod seeds;

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
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub target: String,
    /// `libfuzzer` (coverage-guided, sanitized) or `stable` (seeded mutation, no guidance).
    pub mode: &'static str,
    pub seconds: u64,
    pub executions: u64,
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
            .map(|target| run_libfuzzer(root, &work, target, &corpora(target), options.seconds))
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
    let reports = run(root, &Options { seconds: SMOKE_SECONDS, targets: Vec::new(), stable: false })?;
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

/// One target under libFuzzer over its `seeds` folders; new corpus entries go to
/// `work/corpus/<target>` (libFuzzer writes only into the first folder), never into the
/// committed seeds.
fn run_libfuzzer(root: &Path, work: &Path, target: &str, seeds: &[PathBuf], seconds: u64) -> Result<Report> {
    let corpus = work.join("corpus").join(target);
    let artifacts = work.join("artifacts").join(target);
    fs::create_dir_all(&corpus)?;
    fs::create_dir_all(&artifacts)?;
    let before = files_in(&artifacts);
    let stage = Stage::start(format!("fuzzing `{target}` for {seconds} s (libFuzzer)"));
    let output = Command::new("cargo")
        .current_dir(root.join("fuzz"))
        .args(["+nightly", "fuzz", "run", target, "--target-dir"])
        .arg(work)
        .arg(&corpus)
        .args(seeds)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .args(["-print_final_stats=1", "-timeout=10", "-rss_limit_mb=2048"])
        .stdin(Stdio::null())
        .output()
        .context("could not start cargo fuzz")?;
    let log = String::from_utf8_lossy(&output.stderr);
    fs::write(work.join(format!("{target}.log")), log.as_bytes())?;
    let executions = stat(&log, "stat::number_of_executed_units:");
    let finding_files: Vec<PathBuf> = files_in(&artifacts).into_iter().filter(|f| !before.contains(f)).collect();
    if executions.is_none() && finding_files.is_empty() {
        let tail: Vec<&str> = log.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
        bail!("cargo fuzz run {target} did not run ({}):\n{}", output.status, tail.join("\n"));
    }
    stage.done();
    let findings = finding_files.len().max(usize::from(!output.status.success()));
    Ok(Report {
        target: target.to_string(),
        mode: "libfuzzer",
        seconds,
        executions: executions.unwrap_or(0),
        findings,
        finding_files,
    })
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
        let finding_files = files_in(&artifacts.join(&line.target));
        reports.push(Report {
            target: line.target,
            mode: "stable",
            seconds,
            executions: line.executions,
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

fn stat(log: &str, key: &str) -> Option<u64> {
    log.lines().rev().find_map(|line| line.strip_prefix(key)).and_then(|value| value.trim().parse().ok())
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_list_matches_the_fuzz_crate() {
        let manifest = fs::read_to_string(crate::workspace_root().join("fuzz/Cargo.toml")).unwrap();
        for target in TARGETS {
            assert!(manifest.contains(&format!("name = \"{target}\"")), "fuzz/Cargo.toml lacks the bin {target}");
            let decoder = seeds::DECODER_TARGETS.iter().any(|(name, _)| *name == target);
            let committed = crate::workspace_root().join("fuzz/corpus").join(target).is_dir();
            assert!(decoder || committed, "no seed corpus for {target}");
        }
        let bins = manifest.matches("[[bin]]").count();
        assert_eq!(bins, TARGETS.len() + 1, "every fuzz target (and the stable runner) is listed here");
    }

    #[test]
    fn reads_libfuzzer_stats() {
        let log =
            "#1024\tDONE   cov: 10\nstat::number_of_executed_units: 123456\nstat::average_exec_per_sec:     4115\n";
        assert_eq!(stat(log, "stat::number_of_executed_units:"), Some(123456));
        assert_eq!(stat("crashed", "stat::number_of_executed_units:"), None);
    }
}

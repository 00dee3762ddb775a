//! One target under libFuzzer through `cargo +nightly fuzz run`, and what its log says.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use super::Report;
use crate::progress::Stage;

/// The sanitizer the targets are built with.
///
/// AddressSanitizer is the default: the site's crates have no `unsafe`, but their
/// dependencies (tendril, html5ever, pulldown-cmark) do. It makes every execution 2–6 times
/// slower, though, so long runs aiming at millions of executions use `none`, which still
/// catches every panic, overflow (debug assertions stay on) and unsafe rendering.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sanitizer {
    #[default]
    Address,
    None,
}

impl Sanitizer {
    pub fn name(self) -> &'static str {
        match self {
            Sanitizer::Address => "address",
            Sanitizer::None => "none",
        }
    }

    /// Where the targets are built: one folder per sanitizer, so that switching does not
    /// rebuild every dependency (the AddressSanitizer build keeps the folder it always had).
    fn build_dir(self, work: &Path) -> PathBuf {
        match self {
            Sanitizer::Address => work.to_path_buf(),
            Sanitizer::None => work.join("no-sanitizer"),
        }
    }
}

/// libFuzzer's `-max_len` where the target reads only a bounded start of its input; other
/// targets keep libFuzzer's default (4 KB, or the largest seed).
fn max_len(target: &str) -> Option<usize> {
    match target {
        // A language byte, then the query, which the finder cuts to this many bytes.
        "find" => Some(1 + engine::finder::MAX_QUERY_BYTES),
        _ => None,
    }
}

/// Runs `target` for `seconds` over its `seeds` folders; new corpus entries go to
/// `work/corpus/<target>` (libFuzzer writes only into the first folder), never into the
/// committed seeds, and findings to `work/artifacts/<target>/`.
pub fn run(
    root: &Path,
    work: &Path,
    target: &str,
    seeds: &[PathBuf],
    seconds: u64,
    sanitizer: Sanitizer,
) -> Result<Report> {
    let corpus = work.join("corpus").join(target);
    let artifacts = work.join("artifacts").join(target);
    fs::create_dir_all(&corpus)?;
    fs::create_dir_all(&artifacts)?;
    let before = files_in(&artifacts);
    let stage = Stage::start(format!("fuzzing `{target}` for {seconds} s (libFuzzer, sanitizer {})", sanitizer.name()));
    let mut command = Command::new("cargo");
    command
        .current_dir(root.join("fuzz"))
        .args(["+nightly", "fuzz", "run", target, "--sanitizer", sanitizer.name(), "--target-dir"])
        .arg(sanitizer.build_dir(work))
        .arg(&corpus)
        .args(seeds)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .args(["-print_final_stats=1", "-timeout=10", "-rss_limit_mb=2048"]);
    if let Some(max_len) = max_len(target) {
        command.arg(format!("-max_len={max_len}"));
    }
    let output = command.stdin(Stdio::null()).output().context("could not start cargo fuzz")?;
    let log = String::from_utf8_lossy(&output.stderr);
    let log_file = work.join(format!("{target}.log"));
    fs::write(&log_file, log.as_bytes())?;
    let executions = stat(&log, "stat::number_of_executed_units:");
    let finding_files: Vec<PathBuf> = files_in(&artifacts).into_iter().filter(|f| !before.contains(f)).collect();
    if executions.is_none() && finding_files.is_empty() {
        bail!("cargo fuzz run {target} did not run ({}):\n{}", output.status, tail(&log, 30));
    }
    stage.done();
    let findings = finding_files.len().max(usize::from(!output.status.success()));
    if findings > 0 {
        eprintln!(
            "fuzz: `{target}` failed ({}); the end of {}:\n{}",
            output.status,
            log_file.display(),
            crash_report(&log)
        );
    }
    Ok(Report {
        target: target.to_string(),
        mode: "libfuzzer",
        sanitizer: sanitizer.name(),
        seconds,
        executions: executions.unwrap_or(0),
        exec_per_sec: stat(&log, "stat::average_exec_per_sec:").unwrap_or(0),
        findings,
        finding_files,
    })
}

fn stat(log: &str, key: &str) -> Option<u64> {
    log.lines().rev().find_map(|line| line.strip_prefix(key)).and_then(|value| value.trim().parse().ok())
}

/// The log from the panic or sanitizer report on (at most 80 lines), else its last 30 lines.
fn crash_report(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let start = lines.iter().position(|line| {
        line.contains("panicked at")
            || line.starts_with("==") && line.contains("ERROR:")
            || line.contains("ERROR: libFuzzer")
    });
    match start {
        Some(start) => lines.iter().skip(start).take(80).copied().collect::<Vec<_>>().join("\n"),
        None => tail(log, 30),
    }
}

fn tail(log: &str, count: usize) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines.get(lines.len().saturating_sub(count)..).unwrap_or_default().join("\n")
}

pub fn files_in(dir: &Path) -> Vec<PathBuf> {
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
    fn reads_libfuzzer_stats() {
        let log =
            "#1024\tDONE   cov: 10\nstat::number_of_executed_units: 123456\nstat::average_exec_per_sec:     4115\n";
        assert_eq!(stat(log, "stat::number_of_executed_units:"), Some(123456));
        assert_eq!(stat(log, "stat::average_exec_per_sec:"), Some(4115));
        assert_eq!(stat("crashed", "stat::number_of_executed_units:"), None);
    }

    #[test]
    fn a_crash_report_starts_at_the_panic() {
        let log = "#1\tINITED\n#2\tNEW\n\nthread '<unnamed>' panicked at fuzz/src/lib.rs:9:5:\nboom\n\
                   ==1== ERROR: libFuzzer: deadly signal\nTest unit written to artifacts/crash-1\n";
        let report = crash_report(log);
        assert!(report.starts_with("thread '<unnamed>' panicked at"), "{report}");
        assert!(report.ends_with("Test unit written to artifacts/crash-1"), "{report}");
        assert_eq!(crash_report("a\nb"), "a\nb");
    }

    #[test]
    fn only_find_has_a_bounded_input() {
        assert_eq!(max_len("find"), Some(1025));
        assert_eq!(max_len("page"), None);
    }
}

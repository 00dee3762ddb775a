//! `stable [--seconds N] [--target NAME]… [--corpus DIR]… [--artifacts DIR]`: the fuzz targets
//! without libFuzzer, for machines with no nightly toolchain. Each target runs over its seed
//! corpus, then over mutations of it (bit flips, byte edits, cut, duplicated and spliced
//! ranges) from a fixed-seed generator until its time is up. No coverage guidance, so it finds
//! less than `cargo fuzz`, but it runs the same code. A panic is a finding: its input is
//! written to the artifacts folder. Prints one JSON line per target; exits 1 on any finding.

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest generated input, as libFuzzer's default `-max_len`.
const MAX_LEN: usize = 4096;

fn main() {
    let mut seconds = 10u64;
    let mut names: Vec<String> = Vec::new();
    let mut corpora: Vec<PathBuf> = Vec::new();
    let mut artifacts = PathBuf::from("artifacts");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{arg} needs a value")));
        match arg.as_str() {
            "--seconds" => seconds = value().parse().unwrap_or_else(|_| usage("--seconds takes a whole number")),
            "--target" => names.push(value()),
            "--corpus" => corpora.push(PathBuf::from(value())),
            "--artifacts" => artifacts = PathBuf::from(value()),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let targets: Vec<_> =
        site_fuzz::TARGETS.iter().filter(|(name, _)| names.is_empty() || names.iter().any(|n| n == name)).collect();
    if targets.len() < names.len().max(1) {
        usage(&format!("unknown target among {names:?}"));
    }
    // Findings are reported once, as JSON, not as a panic message per mutation.
    panic::set_hook(Box::new(|_| {}));
    let mut found_any = false;
    for (name, target) in targets {
        let seeds = read_seeds(&corpora, name);
        let report = run(*target, &seeds, Duration::from_secs(seconds), &artifacts.join(name));
        found_any |= report.findings > 0;
        println!(
            "{{\"target\":\"{name}\",\"mode\":\"stable\",\"seconds\":{seconds},\"seeds\":{},\"executions\":{},\"findings\":{}}}",
            seeds.len(),
            report.executions,
            report.findings
        );
    }
    std::process::exit(i32::from(found_any));
}

fn usage(problem: &str) -> ! {
    eprintln!("stable: {problem}\nusage: stable [--seconds N] [--target NAME]… [--corpus DIR]… [--artifacts DIR]");
    std::process::exit(2);
}

/// The seeds of target `name`: the files in `<corpus>/<name>/` of every corpus folder (default
/// `corpus`).
fn read_seeds(corpora: &[PathBuf], name: &str) -> Vec<Vec<u8>> {
    let default = [PathBuf::from("corpus")];
    let corpora = if corpora.is_empty() { &default[..] } else { corpora };
    let mut paths: Vec<PathBuf> = corpora
        .iter()
        .flat_map(|corpus| fs::read_dir(corpus.join(name)).into_iter().flatten())
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut seeds: Vec<Vec<u8>> = paths.iter().filter_map(|p| fs::read(p).ok()).collect();
    if seeds.is_empty() {
        seeds.push(Vec::new());
    }
    seeds
}

struct Report {
    executions: u64,
    findings: u64,
}

fn run(target: site_fuzz::Target, seeds: &[Vec<u8>], time: Duration, artifacts: &Path) -> Report {
    let start = Instant::now();
    let mut rng = Rng(0x5EED_F00D_CAFE_0001);
    let mut report = Report { executions: 0, findings: 0 };
    let attempt = |input: &[u8], report: &mut Report| {
        report.executions += 1;
        if panic::catch_unwind(|| target(input)).is_err() {
            report.findings += 1;
            let _ = fs::create_dir_all(artifacts);
            let _ = fs::write(artifacts.join(format!("crash-{:016x}", fingerprint(input))), input);
        }
    };
    for seed in seeds {
        attempt(seed, &mut report);
    }
    while start.elapsed() < time {
        for _ in 0..64 {
            let mut input = seeds[rng.below(seeds.len())].clone();
            for _ in 0..=rng.below(8) {
                mutate(&mut input, seeds, &mut rng);
            }
            attempt(&input, &mut report);
        }
    }
    report
}

fn mutate(input: &mut Vec<u8>, seeds: &[Vec<u8>], rng: &mut Rng) {
    const INTERESTING: [&[u8]; 10] =
        [b"+++\n", b"\n", b"<script>", b"[a](", b"> ", b"- ", b"\xe2\x80\xae", b"\x00", b"\xff\xff\xff\xff", b"\"\"\""];
    let len = input.len();
    match rng.below(7) {
        0 if len > 0 => {
            let at = rng.below(len);
            input[at] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let at = rng.below(len);
            input[at] = rng.next() as u8;
        }
        2 => {
            let at = rng.below(len + 1);
            input.splice(at..at, INTERESTING[rng.below(INTERESTING.len())].iter().copied());
        }
        3 if len > 0 => {
            let from = rng.below(len);
            let to = (from + 1 + rng.below(64)).min(len);
            input.drain(from..to);
        }
        4 if len > 0 => {
            let from = rng.below(len);
            let to = (from + 1 + rng.below(256)).min(len);
            let piece = input[from..to].to_vec();
            let at = rng.below(len + 1);
            input.splice(at..at, piece);
        }
        5 => {
            let other = &seeds[rng.below(seeds.len())];
            if !other.is_empty() {
                let from = rng.below(other.len());
                let to = (from + 1 + rng.below(256)).min(other.len());
                let at = rng.below(len + 1);
                input.splice(at..at, other[from..to].iter().copied());
            }
        }
        _ => input.truncate(rng.below(len + 1)),
    }
    input.truncate(MAX_LEN);
}

fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// xorshift64*: fixed seed, so a run can be repeated exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

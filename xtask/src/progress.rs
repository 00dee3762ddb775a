//! One line per build stage, with its duration, so a long build shows where it is.

use std::time::Instant;

pub struct Stage {
    name: String,
    started: Instant,
}

impl Stage {
    pub fn start(name: impl Into<String>) -> Stage {
        let name = name.into();
        eprintln!("  → {name}");
        Stage { name, started: Instant::now() }
    }

    pub fn done(self) {
        eprintln!("  ✓ {} ({:.1} s)", self.name, self.started.elapsed().as_secs_f64());
    }
}

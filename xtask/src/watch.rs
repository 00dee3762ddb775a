//! Watching folders for edits by polling: every [`POLL`] the watched trees' files (path,
//! size, modification time) are listed and compared with the last list. Polling rather than
//! an event crate: the content is a few hundred files (listing them takes about a millisecond),
//! it sees every way editors save (in place, write-and-rename, delete-and-create) the same way,
//! and it needs no dependency and no inotify limits. A save burst (an editor writing a backup,
//! the file and its metadata) is one change: [`Debounce`] waits until the trees have been
//! quiet for [`QUIET`].

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How often the trees are listed.
pub const POLL: Duration = Duration::from_millis(100);
/// How long the trees must stay unchanged after a change before it counts.
pub const QUIET: Duration = Duration::from_millis(150);

/// What a file looked like: size and modification time.
type Stamp = (u64, Option<SystemTime>);

/// The files below some folders, as last seen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot(BTreeMap<PathBuf, Stamp>);

impl Snapshot {
    /// Every file below `roots` (a root that is a file counts as itself), except editors'
    /// scratch files (see [`is_scratch`]) and anything below a `target`/`node_modules` folder.
    pub fn take(roots: &[PathBuf]) -> Snapshot {
        let mut files = BTreeMap::new();
        for root in roots {
            collect(root, &mut files);
        }
        Snapshot(files)
    }

    /// The files that differ from `earlier`: added, removed or changed.
    pub fn changed_since(&self, earlier: &Snapshot) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> =
            self.0.iter().filter(|(path, stamp)| earlier.0.get(*path) != Some(stamp)).map(|(p, _)| p.clone()).collect();
        changed.extend(earlier.0.keys().filter(|path| !self.0.contains_key(*path)).cloned());
        changed
    }
}

fn collect(path: &Path, files: &mut BTreeMap<PathBuf, Stamp>) {
    let Ok(metadata) = fs::metadata(path) else { return };
    if metadata.is_dir() {
        if path.file_name().is_some_and(|n| n == "target" || n == "node_modules") {
            return;
        }
        let Ok(entries) = fs::read_dir(path) else { return };
        for entry in entries.flatten() {
            let child = entry.path();
            if !is_scratch(&child) {
                collect(&child, files);
            }
        }
    } else {
        files.insert(path.to_path_buf(), (metadata.len(), metadata.modified().ok()));
    }
}

/// Editors' swap, backup and lock files (`.x.swp`, `x~`, `#x#`, `.#x`), and hidden files:
/// none of them is content, and some change while a file is only being edited.
pub fn is_scratch(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// Turns a burst of changes into one: [`Debounce::due`] is true once, [`QUIET`] after the last
/// change of a burst.
#[derive(Debug)]
pub struct Debounce {
    quiet: Duration,
    last_change: Option<Instant>,
}

impl Debounce {
    pub fn new(quiet: Duration) -> Debounce {
        Debounce { quiet, last_change: None }
    }

    /// Something changed at `now`.
    pub fn changed(&mut self, now: Instant) {
        self.last_change = Some(now);
    }

    /// Whether the burst is over at `now`; true once per burst.
    pub fn due(&mut self, now: Instant) -> bool {
        match self.last_change {
            Some(last) if now.duration_since(last) >= self.quiet => {
                self.last_change = None;
                true
            }
            _ => false,
        }
    }
}

/// Folders polled together: each poll says which files changed once a burst is over.
pub struct Watcher {
    roots: Vec<PathBuf>,
    seen: Snapshot,
    debounce: Debounce,
    pending: Vec<PathBuf>,
}

impl Watcher {
    pub fn new(roots: Vec<PathBuf>) -> Watcher {
        let seen = Snapshot::take(&roots);
        Watcher { roots, seen, debounce: Debounce::new(QUIET), pending: Vec::new() }
    }

    /// Lists the trees again; the files changed in a burst that is now over, if any.
    pub fn poll(&mut self) -> Option<Vec<PathBuf>> {
        let now = Snapshot::take(&self.roots);
        let changed = now.changed_since(&self.seen);
        let at = Instant::now();
        if !changed.is_empty() {
            self.seen = now;
            self.debounce.changed(at);
            for path in changed {
                if !self.pending.contains(&path) {
                    self.pending.push(path);
                }
            }
        }
        self.debounce.due(at).then(|| std::mem::take(&mut self.pending))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_changes_is_due_once_after_the_quiet_time() {
        let start = Instant::now();
        let ms = |n| start + Duration::from_millis(n);
        let mut debounce = Debounce::new(Duration::from_millis(150));
        assert!(!debounce.due(ms(0)), "nothing changed");
        debounce.changed(ms(0));
        debounce.changed(ms(40));
        assert!(!debounce.due(ms(100)), "still within the burst");
        debounce.changed(ms(120));
        assert!(!debounce.due(ms(200)), "quiet since 120 only for 80 ms");
        assert!(debounce.due(ms(270)), "quiet for 150 ms after the last change");
        assert!(!debounce.due(ms(400)), "once per burst");
        debounce.changed(ms(500));
        assert!(debounce.due(ms(650)), "the next burst");
    }

    #[test]
    fn sees_added_changed_and_removed_files_but_not_editor_scratch() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = vec![dir.path().to_path_buf()];
        fs::create_dir_all(dir.path().join("firms")).expect("mkdir");
        fs::write(dir.path().join("firms/a.en.md"), "one").expect("write");
        let before = Snapshot::take(&root);
        fs::write(dir.path().join("firms/a.en.md"), "one more").expect("write");
        fs::write(dir.path().join("firms/b.en.md"), "new").expect("write");
        fs::write(dir.path().join("firms/.a.en.md.swp"), "vim").expect("write");
        fs::write(dir.path().join("firms/a.en.md~"), "backup").expect("write");
        let after = Snapshot::take(&root);
        let changed = after.changed_since(&before);
        assert_eq!(changed, vec![dir.path().join("firms/a.en.md"), dir.path().join("firms/b.en.md")]);
        fs::remove_file(dir.path().join("firms/b.en.md")).expect("remove");
        assert_eq!(Snapshot::take(&root).changed_since(&after), vec![dir.path().join("firms/b.en.md")]);
    }

    #[test]
    fn a_watcher_reports_a_save_once_it_settled() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("x.md");
        fs::write(&file, "a").expect("write");
        let mut watcher = Watcher::new(vec![dir.path().to_path_buf()]);
        assert_eq!(watcher.poll(), None);
        fs::write(&file, "ab").expect("write");
        let started = Instant::now();
        let reported = loop {
            if let Some(changed) = watcher.poll() {
                break changed;
            }
            assert!(started.elapsed() < Duration::from_secs(5), "never reported");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(reported, vec![file]);
        assert!(started.elapsed() >= QUIET);
    }
}

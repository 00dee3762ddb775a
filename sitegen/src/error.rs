//! Content errors that name the file, the line and the fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the content, reported as `path:line: what is wrong — how to fix it`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file (e.g. a missing file).
    pub line: usize,
    pub problem: String,
    pub fix: String,
}

impl ContentError {
    pub fn new(path: &Path, line: usize, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        ContentError { path: path.to_path_buf(), line, problem: problem.into(), fix: fix.into() }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line.max(1);
        write!(f, "{}:{}: {} — {}", self.path.display(), line, self.problem, self.fix)
    }
}

/// All content errors found in one build: the build reports every one, not just the first.
#[derive(Debug, Default)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    pub fn push(&mut self, error: ContentError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result<T>(mut self, value: T) -> Result<T, ContentErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
            self.0.dedup();
            Err(self)
        }
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        write!(f, "{} content error(s); the site was not built.", self.0.len())
    }
}

impl std::error::Error for ContentErrors {}

/// The 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

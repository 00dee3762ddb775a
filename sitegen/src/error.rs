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
            // Within a file, errors at a line come first: a whole-file error (line 0) such as
            // "UI string … is missing" is usually the consequence of a broken line.
            self.0.sort_by(|a, b| (&a.path, a.line == 0, a.line).cmp(&(&b.path, b.line == 0, b.line)));
            self.0.dedup();
            Err(self)
        }
    }
}

/// How many errors are printed for one file and in all: past that, they mostly repeat one
/// cause, and a screenful of them hides it.
const SHOWN_PER_FILE: usize = 10;
const SHOWN_IN_ALL: usize = 50;

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (mut shown, mut counted) = (0, 0);
        for file in self.0.chunk_by(|a, b| a.path == b.path) {
            let room = SHOWN_PER_FILE.min(SHOWN_IN_ALL - shown);
            for error in file.iter().take(room) {
                writeln!(f, "{error}")?;
            }
            shown += room.min(file.len());
            if room > 0 {
                counted += file.len();
                if file.len() > room {
                    writeln!(f, "{}: … and {} more in this file", file[0].path.display(), file.len() - room)?;
                }
            }
            if shown == SHOWN_IN_ALL {
                break;
            }
        }
        if self.0.len() > counted {
            writeln!(f, "… and {} more", self.0.len() - counted)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(files: &[(&str, usize)]) -> ContentErrors {
        let mut errors = ContentErrors::default();
        for &(file, count) in files {
            for line in 0..count {
                errors.push(ContentError::new(Path::new(file), line, format!("problem {line}"), "fix"));
            }
        }
        errors
    }

    #[test]
    fn puts_errors_at_a_line_before_whole_file_errors() {
        let sorted = errors(&[("a", 3)]).into_result(()).unwrap_err();
        let lines: Vec<usize> = sorted.0.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 0]);
    }

    #[test]
    fn caps_long_lists_with_a_count() {
        let text = errors(&[("a", 152), ("b", 1)]).into_result(()).unwrap_err().to_string();
        assert_eq!(text.lines().count(), SHOWN_PER_FILE + 3, "{text}");
        assert!(text.starts_with("a:1: problem 1 — fix\n"), "{text}");
        assert!(text.contains("a: … and 142 more in this file\nb:1: problem 0"), "{text}");
        assert!(text.ends_with("153 content error(s); the site was not built."), "{text}");
        let many: Vec<(String, usize)> = (0..60).map(|i| (format!("f{i:02}"), 1)).collect();
        let many: Vec<(&str, usize)> = many.iter().map(|(f, n)| (f.as_str(), *n)).collect();
        let text = errors(&many).into_result(()).unwrap_err().to_string();
        assert!(text.contains("f49:1:") && !text.contains("f50:1:"), "{text}");
        assert!(text.contains("\n… and 10 more\n60 content error(s)"), "{text}");
    }
}

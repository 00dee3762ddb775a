//! Parsing TOML (files and front matter) into typed structs, with errors that carry the line.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{line_of, ContentError};

/// Parses `text`, which starts on line `first_line` of `path`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, first_line: usize) -> Result<T, ContentError> {
    toml::from_str(text).map_err(|err| {
        let line = err.span().map_or(first_line, |span| first_line + line_of(text, span.start) - 1);
        let message = err.message().trim().to_string();
        ContentError::new(path, line, describe(&message), fix_for(&message))
    })
}

fn describe(message: &str) -> String {
    format!("invalid TOML: {message}")
}

/// A hint that matches the most common TOML mistakes of editors.
fn fix_for(message: &str) -> String {
    if message.starts_with("unknown field") {
        "remove the field or correct its spelling; content/README.md lists the allowed fields".into()
    } else if message.starts_with("missing field") {
        "add the field; content/README.md shows a complete example".into()
    } else if message.contains("invalid type") {
        "check the value's type: text in \"quotes\", numbers without, lists in [brackets]".into()
    } else {
        "check quotes, `=` signs and brackets on this line (TOML syntax)".into()
    }
}

/// Byte offset → line for a span of a `toml::Spanned` value in a text starting at `first_line`.
pub fn span_line(text: &str, first_line: usize, span: std::ops::Range<usize>) -> usize {
    first_line + line_of(text, span.start) - 1
}

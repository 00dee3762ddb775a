//! The catalogue of bad input: data tables of what a careless or hostile editor may write, and
//! what the build must answer. `bad_content` holds content that must be refused, each with the
//! exact error (file, line, message, fix); `injection` holds markup placed in every kind of
//! text the site shows, each with the safe form it must take in the built pages.

mod bad_content;
mod injection;

/// One change to the minimal fixture.
#[derive(Clone, Copy, Debug)]
pub enum Edit {
    /// Replace the file's text.
    Write(&'static str, &'static str),
    /// Replace the first occurrence of a text in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Replace the file's bytes (for text that is not UTF-8).
    Bytes(&'static str, &'static [u8]),
    Remove(&'static str),
}

impl Edit {
    pub fn apply(self, fixture: &super::Fixture) -> anyhow::Result<()> {
        match self {
            Edit::Write(file, text) => fixture.write(file, text),
            Edit::Replace(file, from, to) => fixture.replace(file, from, to),
            Edit::Bytes(file, bytes) => Ok(std::fs::write(fixture.path(file), bytes)?),
            Edit::Remove(file) => Ok(std::fs::remove_file(fixture.path(file))?),
        }
    }
}

//! Size limits. A page's body goes into the page data twice (HTML and text for snippets) and
//! into the index: one very long body makes every visit slower and the build much longer (a
//! 10 MB body of distinct words took minutes and gigabytes to index). content/README.md
//! documents the limits.

use crate::error::{line_of, ContentError, ContentErrors};
use crate::source::Translation;

/// The most a page's Markdown body may hold, in bytes of UTF-8 (a Thai or Japanese character
/// takes three): about 10,000 English words, five times the longest page of today.
pub const BODY_MAX_BYTES: usize = 64 * 1024;

/// The most page data a search visitor downloads, in bytes before compression (the largest,
/// Thai, is under 0.7 MB today). A language with more is searched from shards
/// ([`crate::sharding`]), whose search page does not load it.
pub const PAGE_DATA_MAX_BYTES: usize = 2 * 1024 * 1024;

/// A body over [`BODY_MAX_BYTES`], reported at the line where it passes the limit.
pub fn check_body(t: &Translation, errors: &mut ContentErrors) {
    if t.body.len() <= BODY_MAX_BYTES {
        return;
    }
    let mut at = BODY_MAX_BYTES;
    while !t.body.is_char_boundary(at) {
        at -= 1;
    }
    errors.push(ContentError::new(
        &t.path,
        t.body_line + line_of(&t.body, at) - 1,
        format!(
            "the page body is {} KB and passes the limit of {} KB on this line",
            t.body.len().div_ceil(1024),
            BODY_MAX_BYTES / 1024
        ),
        "split the text into several pages linked from this one, or shorten it (see \"Size limits\" in content/README.md)",
    ));
}

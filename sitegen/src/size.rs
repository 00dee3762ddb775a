//! Size limits. Every search visitor downloads its language's whole page data, and a page's
//! body goes into it twice (HTML and text for snippets) and into the index: one very long body
//! makes every visit slower and the build much longer (a 10 MB body of distinct words took
//! minutes and gigabytes to index). content/README.md documents the limits.

use engine::Lang;

use crate::error::{line_of, ContentError, ContentErrors};
use crate::source::{Sections, Translation};

/// The most a page's Markdown body may hold, in bytes of UTF-8 (a Thai or Japanese character
/// takes three): about 10,000 English words, five times the longest page of today.
pub const BODY_MAX_BYTES: usize = 64 * 1024;

/// The most one language's page data may hold, in bytes before compression (the largest,
/// Thai, is under 0.6 MB today).
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

/// Page data over [`PAGE_DATA_MAX_BYTES`], reported at the language's longest page. When no page
/// stands out (the longest holds under 2 % of the data), the cause is the number of pages,
/// and the message says so instead of asking to shorten one.
pub fn check_page_data(lang: Lang, languages: &[Lang], bytes: usize, sections: &Sections, errors: &mut ContentErrors) {
    if bytes <= PAGE_DATA_MAX_BYTES {
        return;
    }
    let translations: Vec<&Translation> = sections
        .values()
        .flat_map(|items| items.values())
        .filter(|item| item.ships(languages))
        .filter_map(|item| item.translations.get(&lang))
        .collect();
    let Some(longest) = translations.iter().max_by_key(|t| t.body.len()) else { return };
    let (kb, limit_kb) = (bytes.div_ceil(1024), PAGE_DATA_MAX_BYTES / 1024);
    // A body goes into the page data twice (HTML and text).
    let (problem, fix) = if longest.body.len() * 2 * 50 < bytes {
        (
            format!(
                "the {lang} page data would be {kb} KB, more than the {limit_kb} KB every search visitor may be asked \
                 to download: {} {lang} pages together make it, none stands out (the longest is {} KB)",
                translations.len(),
                longest.body.len().div_ceil(1024)
            ),
            "this version loads every page's card with the search page, which suits directories of a few hundred \
             firms (Thai text is the longest); keep fewer pages in this language (see \"Size limits\" in content/README.md)"
                .to_string(),
        )
    } else {
        (
            format!(
                "the {lang} page data would be {kb} KB, more than the {limit_kb} KB every search visitor may be asked \
                 to download; this is the longest {lang} page ({} KB)",
                longest.body.len().div_ceil(1024)
            ),
            "shorten the longest pages of this language (see \"Size limits\" in content/README.md)".to_string(),
        )
    };
    errors.push(ContentError::new(&longest.path, longest.body_line, problem, fix));
}

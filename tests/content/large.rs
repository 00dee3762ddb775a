//! Very large content: a page body or a language's page data past its documented limit
//! (content/README.md, "Size limits") is a content error naming the file and line, and is
//! refused before the slow part of the build (indexing).

use std::time::Instant;

use anyhow::Result;
use sitegen::size::{BODY_MAX_BYTES, PAGE_DATA_MAX_BYTES};

use super::Fixture;

/// `bytes` of distinct made-up words (the worst case for the index), ten to a line.
fn distinct_words(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 16);
    let mut n = 0u64;
    while text.len() < bytes {
        n += 1;
        let word: String =
            format!("{n:x}").chars().map(|c| char::from(b'g' + c.to_digit(16).unwrap_or(0) as u8)).collect();
        text.push_str(&word);
        text.push(if n.is_multiple_of(10) { '\n' } else { ' ' });
    }
    text
}

fn page(body: &str) -> String {
    format!("+++\ntitle = \"About (en)\"\nsummary = \"About the cluster.\"\n+++\n\n{body}")
}

#[test]
fn a_body_past_the_limit_is_refused_at_the_line_that_passes_it() -> Result<()> {
    let fixture = Fixture::new()?;
    fixture.write("pages/about.en.md", &page(&distinct_words(BODY_MAX_BYTES - 100)))?;
    assert_eq!(fixture.errors(), Vec::<String>::new(), "a body just under the limit is fine");

    let body = distinct_words(10 * 1024 * 1024);
    fixture.write("pages/about.en.md", &page(&body))?;
    let started = Instant::now();
    let errors = fixture.errors();
    let line = 6 + body[..BODY_MAX_BYTES].matches('\n').count();
    fixture.expect_error(
        "pages/about.en.md",
        line,
        &format!("the page body is {} KB and passes the limit of 64 KB on this line", body.len().div_ceil(1024)),
        "split the text into several pages",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(started.elapsed().as_secs() < 20, "refusing a 10 MB body took {:?}", started.elapsed());
    Ok(())
}

#[test]
fn page_data_past_the_limit_names_the_longest_page() -> Result<()> {
    // Bodies under the body limit that add up past the page-data limit.
    let fixture = Fixture::new()?;
    let pages = PAGE_DATA_MAX_BYTES / (BODY_MAX_BYTES - 1024) / 2 + 2;
    for n in 0..pages {
        for lang in ["ja", "en", "de", "th"] {
            let size = if n == 3 { BODY_MAX_BYTES - 10 } else { BODY_MAX_BYTES - 1024 };
            let text = if lang == "en" { distinct_words(size) } else { "Text.".to_string() };
            let file = format!("pages/long-{n}.{lang}.md");
            fixture.write(&file, &format!("+++\ntitle = \"Long {n}\"\nsummary = \"Long.\"\n+++\n\n{text}"))?;
        }
    }
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    fixture.expect_error("pages/long-3.en.md", 5, "the en page data would be", "shorten the longest pages");
    assert!(errors[0].contains("more than the 2048 KB") && errors[0].contains("longest en page (64 KB)"), "{errors:?}");
    Ok(())
}

#[test]
fn page_data_past_the_limit_from_many_short_pages_says_so() -> Result<()> {
    // Many pages, none long: shortening one would not help, and the message must not ask to.
    let fixture = Fixture::new()?;
    let size = 8 * 1024;
    let pages = PAGE_DATA_MAX_BYTES / size / 2 + 8;
    for n in 0..pages {
        for lang in ["ja", "en", "de", "th"] {
            let text = if lang == "de" { distinct_words(size) } else { "Text.".to_string() };
            let file = format!("pages/short-{n}.{lang}.md");
            fixture.write(&file, &format!("+++\ntitle = \"Short {n}\"\nsummary = \"Short.\"\n+++\n\n{text}"))?;
        }
    }
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("the de page data would be") && errors[0].contains("none stands out"), "{errors:?}");
    assert!(errors[0].contains("keep fewer pages") && !errors[0].contains("shorten"), "{errors:?}");
    Ok(())
}

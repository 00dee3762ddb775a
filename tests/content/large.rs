//! Very large content: a page body past its documented limit (content/README.md, "Size
//! limits") is a content error naming the file and line, refused before the slow part of the
//! build (indexing); a language whose page data passes what a search visitor may download is
//! searched from shards instead.

use std::time::Instant;

use anyhow::Result;
use engine::facets::Selection;
use engine::shard::ShardReader;
use engine::{finder, Index, Lang};
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
fn a_language_past_the_page_data_limit_is_searched_from_shards() -> Result<()> {
    // Many pages, none long: together past what a search visitor may download in English.
    let fixture = Fixture::new()?;
    let size = 8 * 1024;
    let pages = PAGE_DATA_MAX_BYTES / size / 2 + 8;
    for n in 0..pages {
        for lang in ["ja", "en", "de", "th"] {
            let text = if lang == "en" { distinct_words(size) } else { "Text.".to_string() };
            let file = format!("pages/short-{n}.{lang}.md");
            fixture.write(&file, &format!("+++\ntitle = \"Short {n}\"\nsummary = \"Short.\"\n+++\n\n{text}"))?;
        }
    }
    let site = sitegen::load(fixture.dir.path()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let sharded: Vec<String> = site.languages.iter().filter(|l| l.sharded).map(|l| l.lang.code().to_string()).collect();
    assert_eq!(sharded, ["en"], "only the language past the limit");

    let out = tempfile::tempdir()?;
    sitegen::output::write(&site, out.path())?;
    let files = sitegen::output::read_data_files(out.path())?;
    let english = files.iter().find(|f| f.lang == Lang::En).expect("en files");
    let root = english.shards.as_deref().expect("a shard root for en");
    assert!(files.iter().filter(|f| f.lang != Lang::En).all(|f| f.shards.is_none() && f.head.is_none()));
    // Its app pages read a head naming the records, not every page's data.
    let head = english.head.as_deref().expect("a records head for en");
    let head = engine::records::RecordsHead::from_bytes(&std::fs::read(out.path().join("site").join(head))?)
        .map_err(anyhow::Error::msg)?;
    assert!(head.site.docs.iter().all(|doc| doc.body_text.is_empty()), "no bodies in the head");
    assert!(out.path().join("site").join(&head.buckets.file).is_file(), "the head names its records file");

    // The written parts answer a query as the one-file index does, card and all.
    let site_dir = out.path().join("site");
    let index = Index::from_bytes(&std::fs::read(site_dir.join(&english.index))?)?;
    let word = distinct_words(size).split_whitespace().nth(500).unwrap_or_default().to_string();
    let expected = finder::find(&index, Lang::En, &word);
    assert_eq!(expected.hits.len(), pages, "every short page holds the same words");
    let mut reader = ShardReader::new(root);
    let answer = reader.search(&word, &Selection::default(), &finder::site_options(), 3, |requests| {
        requests
            .iter()
            .map(|request| {
                let bytes = std::fs::read(site_dir.join(&request.file))?;
                Ok(match request.range {
                    Some((start, end)) => bytes[start as usize..end as usize].to_vec(),
                    None => bytes,
                })
            })
            .collect::<Result<Vec<_>>>()
    })?;
    assert_eq!(answer.found, expected);
    assert_eq!(answer.cards[0].reference, index.doc_refs[expected.hits[0].doc as usize]);
    assert_eq!(answer.cards[0].summary, "Short.");
    Ok(())
}

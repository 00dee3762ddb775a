//! Markdown → sanitized HTML and plain text, and the check of links between pages.

use std::collections::BTreeSet;

use engine::Lang;
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

use crate::error::{line_of, ContentError, ContentErrors};
use crate::output::doc_path;
use crate::source::Sections;

/// Renders Markdown to HTML. Raw HTML in the source is removed by the sanitizer, never
/// passed through: content files are edited by hand and must not be able to inject script.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, options());
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, crate::nesting::capped(parser));
    ammonia::Builder::default().link_rel(Some("noopener noreferrer")).clean(&unsafe_html).to_string()
}

/// The visible text of the Markdown, whitespace-collapsed (for search and snippets).
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            // The figures marker stands for the figure cards, not for words of the page.
            Event::Text(t) if t.trim() == engine::model::FIGURES_MARKER => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                text.push(' ')
            }
            Event::Start(Tag::Item) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every link address in `markdown` (not images), with the byte offset where it starts.
pub fn links(markdown: &str) -> Vec<(usize, String)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((range.start, dest_url.into_string())),
            _ => None,
        })
        .collect()
}

/// Where `href` leads below the site's base. Every page has `<base href>` set to the base, so
/// a relative link is read from the base, not from the page it is on (`en/programs/x/`).
/// `Ok(None)` for another site, an e-mail address or a place on the same page; an error for a
/// link that cannot work wherever the site is hosted.
pub fn resolve_link(href: &str) -> Result<Option<String>, &'static str> {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let scheme = path.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if path.is_empty() || scheme || path.starts_with("//") {
        return Ok(None);
    }
    if path.starts_with('/') {
        return Err("starts with `/`, which misses the site when it is hosted under a sub-path");
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop().ok_or("leads above the site's first page")?;
            }
            name => segments.push(name),
        }
    }
    Ok(Some(segments.iter().map(|s| format!("{s}/")).collect()))
}

/// Every link from a published page to another page of the site must lead to a published page,
/// in every language: resolved against the site's base, as the browser resolves it.
pub fn check_links(sections: &Sections, languages: &[Lang], errors: &mut ContentErrors) {
    let shipped: Vec<_> = sections
        .iter()
        .flat_map(|(&kind, items)| items.values().map(move |item| (kind, item)))
        .filter(|(_, item)| item.ships(languages))
        .collect();
    let mut pages: BTreeSet<String> = BTreeSet::from([String::new()]);
    for &lang in languages {
        pages.insert(format!("{lang}/"));
        pages.extend(engine::routes::FIXED_PAGES.iter().map(|fixed| format!("{lang}/{}/", fixed.segment)));
        pages.extend(shipped.iter().map(|(kind, item)| format!("{lang}/{}", doc_path(*kind, &item.slug))));
    }
    for (_, item) in &shipped {
        for (lang, t) in item.translations.iter().filter(|(lang, _)| languages.contains(lang)) {
            for (offset, href) in links(&t.body) {
                let line = t.body_line + line_of(&t.body, offset) - 1;
                let problem = match resolve_link(&href) {
                    Ok(Some(target)) if !pages.contains(&target) => {
                        format!("the link `{href}` leads to /{target}, which is not a page of the site")
                    }
                    Err(why) => format!("the link `{href}` {why}"),
                    Ok(_) => continue,
                };
                errors.push(ContentError::new(
                    &t.path,
                    line,
                    problem,
                    format!(
                        "write the link from the site's root with the page's language, e.g. {lang}/programs/<slug>/, \
                         and check the slug (a page in draft or missing a language is not published)"
                    ),
                ));
            }
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_raw_html_and_script() {
        let html = to_html("Hi <script>alert(1)</script> <img src=x onerror=alert(1)> **bold**");
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(html.contains("<strong>bold</strong>"));
    }

    #[test]
    fn keeps_links_safe() {
        let html = to_html("[a](javascript:alert(1)) [b](https://example.invalid/)");
        assert!(!html.contains("javascript:"));
        assert!(html.contains("href=\"https://example.invalid/\""));
    }

    #[test]
    fn resolves_links_against_the_base() {
        assert_eq!(resolve_link("en/institutions/x/"), Ok(Some("en/institutions/x/".into())));
        assert_eq!(resolve_link("de/programs/other/#dates"), Ok(Some("de/programs/other/".into())));
        assert_eq!(resolve_link("./ja/?q=x"), Ok(Some("ja/".into())));
        assert_eq!(resolve_link("en/a/../b/"), Ok(Some("en/b/".into())));
        for outside in ["https://example.org/a", "mailto:a@example.org", "#top", "?q=1", "//cdn.example/x"] {
            assert_eq!(resolve_link(outside), Ok(None), "{outside}");
        }
        assert!(resolve_link("/en/firms/").is_err());
        assert!(resolve_link("../x/").is_err(), "above the base");
    }

    #[test]
    fn finds_links_with_their_offsets() {
        let text = "Intro\n\nSee [a](../a/) and ![i](x.png) [b](<c d>)\n";
        assert_eq!(links(text), vec![(11, "../a/".to_string()), (38, "c d".to_string())]);
    }

    #[test]
    fn extracts_plain_text() {
        assert_eq!(to_text("# Title\n\n- one\n- two *x*"), "Title one two x");
        assert_eq!(to_text("Before.\n\n{figures}\n\nAfter."), "Before. After.");
        assert!(to_html("Before.\n\n{figures}\n\nAfter.").contains("<p>{figures}</p>"));
    }
}

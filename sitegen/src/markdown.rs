//! Markdown → sanitized HTML and plain text.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Renders Markdown to HTML. Raw HTML in the source is removed by the sanitizer, never
/// passed through: content files are edited by hand and must not be able to inject script.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, options());
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default().link_rel(Some("noopener noreferrer")).clean(&unsafe_html).to_string()
}

/// The visible text of the Markdown, whitespace-collapsed (for search and snippets).
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
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
    fn extracts_plain_text() {
        assert_eq!(to_text("# Title\n\n- one\n- two *x*"), "Title one two x");
    }
}

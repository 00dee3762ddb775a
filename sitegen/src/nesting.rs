//! A cap on how deeply lists and quotes nest in a rendered body. Each level indents the text;
//! hundreds of `>` or nested `-` would push it off a phone's screen (and make the browser lay
//! out a tower of boxes). Levels past [`MAX_NESTING`] are flattened into the deepest kept one:
//! their text stays, each deeper list item on a line of its own.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Lists and quotes nested deeper than this (counted together) lose their own indentation.
pub const MAX_NESTING: usize = 6;

/// `events` with the list, item and quote events past [`MAX_NESTING`] removed (an item's end
/// becomes a line break).
pub fn capped<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // Per open list, item or quote: whether its events are dropped.
    let mut open: Vec<(Container, bool)> = Vec::new();
    events.filter_map(move |event| {
        let container = match &event {
            Event::Start(Tag::List(_)) | Event::End(TagEnd::List(_)) => Container::List,
            Event::Start(Tag::BlockQuote(_)) | Event::End(TagEnd::BlockQuote(_)) => Container::Quote,
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) => Container::Item,
            _ => return Some(event),
        };
        if matches!(event, Event::Start(_)) {
            let drop = match container {
                Container::Item => open.iter().rev().find(|(c, _)| *c == Container::List).is_some_and(|(_, d)| *d),
                _ => open.iter().filter(|(c, dropped)| *c != Container::Item && !dropped).count() >= MAX_NESTING,
            };
            open.push((container, drop));
            (!drop).then_some(event)
        } else {
            match open.pop() {
                Some((Container::Item, true)) => Some(Event::HardBreak),
                Some((_, true)) => None,
                _ => Some(event),
            }
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Item,
    Quote,
}

#[cfg(test)]
mod tests {
    use crate::markdown::to_html;

    use super::MAX_NESTING;

    #[test]
    fn deep_quotes_and_lists_keep_their_text_but_not_their_depth() {
        let quotes = format!("{}deepest quote", "> ".repeat(500));
        let html = to_html(&quotes);
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING, "{html}");
        assert!(html.contains("deepest quote"));

        let list: String = (0..200).map(|level| format!("{}- item {level}\n", "  ".repeat(level))).collect();
        let html = to_html(&list);
        assert_eq!(html.matches("<ul>").count(), MAX_NESTING);
        assert_eq!(html.matches("<ul>").count(), html.matches("</ul>").count());
        assert!((0..200).all(|level| html.contains(&format!("item {level}"))), "{html}");

        let mixed: String = (0..100).map(|level| format!("{}- > item {level}\n", "  ".repeat(level * 4))).collect();
        let html = to_html(&mixed);
        let depth = html.matches("<ul>").count() + html.matches("<blockquote>").count();
        assert!(depth <= MAX_NESTING, "{depth} levels: {html}");
    }

    #[test]
    fn shallow_nesting_is_unchanged() {
        let html = to_html("- a\n  - b\n\n> q\n> > r\n");
        assert_eq!(html.matches("<ul>").count(), 2);
        assert_eq!(html.matches("<blockquote>").count(), 2);
    }
}

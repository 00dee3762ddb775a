//! Content cannot widen the page: on a phone, whatever an editor writes (lists and quotes
//! nested forty deep, a word with no break, a wide table) stays inside the screen, scrolling
//! within the text column if it must. The text is rendered by the build's own Markdown
//! renderer and shown in a page of the build, under its style sheet.

use anyhow::{ensure, Result};
use site_tests::Browser;

/// Markdown of everything that could push the page sideways.
fn pathological_markdown() -> String {
    let mut markdown = String::new();
    for depth in 0..40 {
        markdown.push_str(&format!("{}- level {depth} of a list nested far too deep\n", "  ".repeat(depth)));
    }
    markdown.push('\n');
    for depth in 1..=40 {
        markdown.push_str(&format!("{} quoted at depth {depth}\n", ">".repeat(depth)));
    }
    markdown.push_str("\nTi6Al4V");
    markdown.push_str(&"X".repeat(600));
    markdown.push_str("\n\n| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n");
    markdown.push_str(&format!("|{}|\n", ["a-very-long-cell-without-any-space-in-it"; 8].join("|")));
    markdown
}

#[tokio::test]
async fn deeply_nested_and_unbreakable_content_stays_within_a_phone_screen() -> Result<()> {
    let html = sitegen::markdown::to_html(&pathological_markdown());
    ensure!(html.matches("<blockquote>").count() >= 6, "the renderer kept the quotes: {html}");
    let browser = Browser::at_root().await?;
    browser.client.set_window_size(360, 740).await?;
    browser.open("en/about/").await?;
    let widths = browser
        .client
        .execute(
            "const prose = document.querySelector('main .prose');
             prose.innerHTML = arguments[0];
             return [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                     prose.getBoundingClientRect().right, prose.scrollWidth > prose.clientWidth];",
            vec![serde_json::json!(html)],
        )
        .await?;
    let number = |i: usize| widths[i].as_f64().unwrap_or(f64::MAX);
    let (page, screen, column_right) = (number(0), number(1), number(2));
    ensure!(page <= screen, "the page is {page} px wide on a {screen} px screen");
    ensure!(column_right <= screen + 0.5, "the text column ends at {column_right} px, beyond {screen} px");
    browser.close().await
}

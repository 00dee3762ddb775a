//! Production or preview: `dist --production` refuses content that is not ready to publish
//! (placeholders, sample addresses, drafts: `sitegen::release`); every other build marks each
//! page with a visible "preview build" notice in the page's language.

use std::path::Path;

use anyhow::{bail, Result};
use engine::Lang;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use sitegen::ui::UiStrings;

/// The notice's class in the stylesheet and for tests.
pub const NOTICE_CLASS: &str = "preview-notice";

/// Fails, listing every unfinished item with its file, line and fix, unless there is none.
pub fn refuse_unfinished(content: &Path) -> Result<()> {
    let errors = sitegen::release::unfinished(content);
    if errors.is_empty() {
        return Ok(());
    }
    // Every item, uncapped: each one has to be dealt with before launch.
    for error in &errors.0 {
        eprintln!("{error}");
    }
    bail!(
        "a production build needs finished content: the {} item(s) above are placeholders, sample addresses or drafts; \
         nothing was written (without --production the site builds as a preview)",
        errors.0.len()
    )
}

/// `html` with the preview notice as the first thing in its body, in `lang` (English for
/// pages outside a language).
pub fn mark(html: &str, lang: Option<Lang>, ui: &UiStrings) -> Result<String> {
    let languages: Vec<Lang> =
        Lang::ALL.into_iter().filter(|l| ui.texts.get(l.slot()).is_some_and(|t| !t.is_empty())).collect();
    let lang = lang.unwrap_or_else(|| Lang::site_default(&languages));
    let words = ui.texts.get(lang.slot());
    let (Some(label), Some(notice)) =
        (words.and_then(|w| w.get("preview_label")), words.and_then(|w| w.get("preview_notice")))
    else {
        bail!("content/ui/{lang}.toml has no preview_label or preview_notice");
    };
    let aside = format!(
        "<aside class=\"{NOTICE_CLASS}\" lang=\"{code}\" aria-label=\"{label}\"><p>{notice}</p></aside>\n",
        code = lang.code(),
        label = attr(label),
        notice = text(notice)
    );
    let Some(at) = html.find("<body>\n").map(|i| i + "<body>\n".len()) else {
        bail!("a page has no <body> to put the preview notice in");
    };
    Ok(format!("{}{aside}{}", &html[..at], &html[at..]))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn ui() -> UiStrings {
        let words = |label: &str, notice: &str| {
            BTreeMap::from([
                ("preview_label".to_string(), label.to_string()),
                ("preview_notice".to_string(), notice.to_string()),
            ])
        };
        UiStrings {
            keys: vec!["preview_label".into(), "preview_notice".into()],
            texts: vec![
                words("プレビュー版", "公開前"),
                words("Preview build", "Not for <publication> & \"sharing\""),
                words("Vorschau", "Nicht veröffentlichen"),
                words("ฉบับตัวอย่าง", "ยังไม่เผยแพร่"),
            ],
        }
    }

    #[test]
    fn the_notice_opens_the_body_in_the_page_language_escaped() {
        let page = "<html>\n<body>\n<div id=\"app\">x</div>\n</body>\n</html>\n";
        let marked = mark(page, Some(Lang::De), &ui()).unwrap();
        assert!(marked.contains("<body>\n<aside class=\"preview-notice\" lang=\"de\" aria-label=\"Vorschau\"><p>Nicht veröffentlichen</p></aside>\n<div id=\"app\">"));
        let english = mark(page, None, &ui()).unwrap();
        assert!(english.contains("<p>Not for &lt;publication&gt; &amp; \"sharing\"</p>"), "{english}");
        assert!(mark("<p>no body</p>", None, &ui()).is_err());
    }

    #[test]
    fn production_refuses_placeholders_and_accepts_finished_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "coordinator_email = \"desk@x.invalid\"\n").unwrap();
        let refused = refuse_unfinished(dir.path()).unwrap_err().to_string();
        assert!(refused.contains("1 item(s)") && refused.contains("nothing was written"), "{refused}");
        std::fs::write(dir.path().join("site.toml"), "coordinator_email = \"desk@connected-fukushima.jp\"\n").unwrap();
        refuse_unfinished(dir.path()).unwrap();
    }
}

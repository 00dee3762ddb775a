//! Markup for static, read-only blocks (the compare table's rows, a shortlist entry's text),
//! written as text and set with `inner_html`: far less WebAssembly than the same markup as
//! typed views. Tag and attribute names are literals of the app; every text and attribute
//! value is escaped.

/// `text` with `& < > " '` escaped, safe in element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A growing piece of markup.
#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn new() -> Html {
        Html::default()
    }

    /// `<tag name="value" …>`; attributes with an empty value are left out.
    pub fn open(&mut self, tag: &str, attributes: &[(&str, &str)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attributes.iter().filter(|(_, value)| !value.is_empty()) {
            self.0.push_str(&format!(" {name}=\"{}\"", escape(value)));
        }
        self.0.push('>');
        self
    }

    pub fn close(&mut self, tag: &str) -> &mut Html {
        self.0.push_str(&format!("</{tag}>"));
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Html {
        self.0.push_str(&escape(text));
        self
    }

    /// `<tag …>text</tag>`
    pub fn element(&mut self, tag: &str, attributes: &[(&str, &str)], text: &str) -> &mut Html {
        self.open(tag, attributes).text(text).close(tag)
    }

    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut html = Html::new();
        html.open("a", &[("href", "x\" onclick=\"y"), ("class", "")]).text("<b>&'</b>").close("a");
        assert_eq!(html.finish(), "<a href=\"x&quot; onclick=&quot;y\">&lt;b&gt;&amp;&#39;&lt;/b&gt;</a>");
        assert_eq!(Html::new().element("p", &[("class", "c")], "ก ä 日").finish(), "<p class=\"c\">ก ä 日</p>");
    }
}

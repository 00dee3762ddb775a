//! Site settings (`content/site.toml`).

use std::path::Path;

use engine::Lang;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{ContentError, ContentErrors};
use crate::toml_file;

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Where buyers' inquiries go: the cluster's coordination desk (one plain address).
    pub coordinator_email: String,
    /// Scheme and host the site is published at (printed QR codes point there).
    pub public_url: String,
    /// The site's languages (`languages = ["ja", "en", …]`), in display order: each a language
    /// of the catalogue (`engine::lang::PROFILES`), without repeats. Empty only when the file has
    /// errors.
    pub languages: Vec<Lang>,
}

impl Settings {
    /// The language of hreflang `x-default`, of the root page's fallback and of the reference
    /// UI placeholders: the catalogue's [`Lang::DEFAULT`] (English) when the site has it, else
    /// the first of the site's languages ([`Lang::site_default`]).
    pub fn default_lang(&self) -> Lang {
        default_lang(&self.languages)
    }
}

/// See [`Settings::default_lang`].
pub fn default_lang(languages: &[Lang]) -> Lang {
    Lang::site_default(languages)
}

/// The codes of every language the code knows, for error messages (`ja, en, de, th`).
pub fn known_codes() -> String {
    Lang::CODES.join(", ")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    coordinator_email: Spanned<String>,
    public_url: Spanned<String>,
    languages: Option<Spanned<Vec<Spanned<String>>>>,
}

pub fn load(content_dir: &Path, errors: &mut ContentErrors) -> Settings {
    let path = content_dir.join("site.toml");
    let text = match crate::source::read_text(&path) {
        Ok(Some(text)) => text,
        Err(e) => {
            errors.push(e);
            return Settings::default();
        }
        Ok(None) => {
            errors.push(ContentError::new(
                &path,
                0,
                "site settings are missing",
                "create content/site.toml with coordinator_email = \"…\", public_url = \"…\" and \
                 languages = [\"ja\", \"en\", \"de\", \"th\"]",
            ));
            return Settings::default();
        }
    };
    let file = match toml_file::parse::<SettingsFile>(&path, &text, 1) {
        Ok(file) => file,
        Err(e) => {
            errors.push(e);
            return Settings::default();
        }
    };
    let line = |value: &Spanned<String>| toml_file::span_line(&text, 1, value.span());
    let public_url = file.public_url.get_ref();
    if !public_url.starts_with("https://") && !public_url.starts_with("http://") {
        errors.push(ContentError::new(
            &path,
            line(&file.public_url),
            "public_url is not a web address",
            "write the site's address, e.g. public_url = \"https://www.example.org\"",
        ));
    }
    let email = file.coordinator_email.get_ref();
    if let Some(problem) = plain_address_problem(email) {
        errors.push(ContentError::new(
            &path,
            line(&file.coordinator_email),
            format!("coordinator_email {email:?} is not one plain e-mail address: {problem}"),
            "write only the coordination desk's address, e.g. coordinator_email = \"desk@example.org\" \
             (no names, second addresses or ?subject=/?bcc= parts: the address goes into every mailto: link)",
        ));
    }
    let languages = languages(&path, &text, file.languages.as_ref(), errors);
    Settings { coordinator_email: email.clone(), public_url: public_url.clone(), languages }
}

/// The `languages` list, checked: present, not empty, each code known and given once.
fn languages(
    path: &Path,
    text: &str,
    list: Option<&Spanned<Vec<Spanned<String>>>>,
    errors: &mut ContentErrors,
) -> Vec<Lang> {
    let example = "languages = [\"ja\", \"en\", \"de\", \"th\"]";
    let Some(list) = list else {
        errors.push(ContentError::new(
            path,
            text.lines().count().max(1),
            "site.toml does not say the site's languages",
            format!("add the line {example} (the site's languages in display order; known: {})", known_codes()),
        ));
        return Vec::new();
    };
    let mut languages = Vec::new();
    for code in list.get_ref() {
        let line = toml_file::span_line(text, 1, code.span());
        let Some(lang) = Lang::ALL.into_iter().find(|lang| lang.code() == code.get_ref()) else {
            errors.push(ContentError::new(
                path,
                line,
                format!("`{}` in languages is not a language the site knows", code.get_ref()),
                format!(
                    "use one of the known codes ({}); a new language needs a developer to add its profile to \
                     engine/src/lang.rs",
                    known_codes()
                ),
            ));
            continue;
        };
        if languages.contains(&lang) {
            errors.push(ContentError::new(
                path,
                line,
                format!("`{lang}` is listed twice in languages"),
                "list each language once",
            ));
            continue;
        }
        languages.push(lang);
    }
    if list.get_ref().is_empty() {
        errors.push(ContentError::new(
            path,
            toml_file::span_line(text, 1, list.span()),
            "languages is empty",
            format!("list the site's languages, e.g. {example}"),
        ));
    }
    languages
}

/// Why `address` is not a single `local@domain.tld` address safe to put in a `mailto:` link,
/// or `None`. Deliberately narrower than RFC 5322: a desk address needs no quoting, comments or
/// `%`/`?`/`&`/`#`, and each of those would change what a mailto link does.
pub fn plain_address_problem(address: &str) -> Option<String> {
    if let Some(c) = address.chars().find(|c| !c.is_ascii_graphic()) {
        return Some(match c {
            ' ' => "it contains a space".into(),
            c if c.is_control() => format!("it contains the control character U+{:04X}", u32::from(c)),
            c => format!("`{c}` is not allowed (write the domain in its ASCII form)"),
        });
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '@');
    if let Some(c) = address.chars().find(|&c| !allowed(c)) {
        return Some(format!("`{c}` is not allowed"));
    }
    let Some((local, domain)) = address.split_once('@') else { return Some("it has no `@`".into()) };
    if domain.contains('@') {
        return Some("it has more than one `@`".into());
    }
    if local.is_empty() || local.len() > 64 || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some(format!("`{local}` is not a mailbox name"));
    }
    // A dot-less host (`desk@localhost`) cannot receive mail from buyers on the internet.
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if labels.len() < 2 || domain.len() > 253 || !labels.iter().all(|l| label_ok(l)) {
        return Some(format!("`{domain}` is not a domain like example.org"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_addresses() {
        for ok in ["desk@connected-fukushima.invalid", "a.b+c_d-e@mail.example.org", "x@y.jp"] {
            assert_eq!(plain_address_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_anything_that_changes_a_mailto_link() {
        for bad in [
            "desk@example.org?bcc=someone@example.net",
            "desk@example.org&body=x",
            "desk@example.org,other@example.org",
            "Desk <desk@example.org>",
            "desk%40example.org",
            "desk@example.org#x",
            "de sk@example.org",
            "desk@example.org\n",
            "desk\u{0}@example.org",
            "desk",
            "@example.org",
            "desk@localhost",
            "desk@-x.org",
            "desk@x..org",
            ".desk@example.org",
            "dësk@example.org",
            "",
        ] {
            assert!(plain_address_problem(bad).is_some(), "{bad:?}");
        }
    }
}

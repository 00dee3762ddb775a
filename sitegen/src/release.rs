//! What a production build refuses to ship (`cargo xtask dist --production`): placeholder
//! addresses (`.invalid`, `.example`, `example.org`), bracketed placeholders the cluster has yet
//! to fill (`[to be confirmed by the cluster]`), and draft pages. A development build ships
//! them and marks every page as a preview instead.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{ContentError, ContentErrors};

/// Where content/README.md explains how each kind of placeholder is filled.
const GUIDE: &str = "see content/README.md, \"Before a production build\"";

/// Every unfinished item in the content folder, each with its file, line and fix. The
/// editors' guide (`README.md`) is not shipped and not checked.
pub fn unfinished(content_dir: &Path) -> ContentErrors {
    let mut errors = ContentErrors::default();
    let mut files = Vec::new();
    collect(content_dir, &mut files);
    // What only the cluster can fill comes first (settings, then pages); the sample firms last.
    let rank = |path: &PathBuf| match (path.file_name().is_some_and(|n| n == "site.toml"), in_firms(path)) {
        (true, _) => 0,
        (false, false) => 1,
        (false, true) => 2,
    };
    files.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
    for path in files {
        let Ok(text) = fs::read_to_string(&path) else { continue };
        let markdown = path.extension().is_some_and(|e| e == "md");
        let mut fences = 0;
        for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if markdown && line.trim_end() == "+++" {
                fences += 1;
                continue;
            }
            let in_front_matter = markdown && fences == 1;
            // A TOML comment is not shipped (in a data file or in front matter).
            if (!markdown || in_front_matter) && line.trim_start().starts_with('#') {
                continue;
            }
            for host in placeholder_hosts(line) {
                errors.push(ContentError::new(
                    &path,
                    number,
                    format!("`{host}` is a placeholder address"),
                    address_fix(&path, line),
                ));
            }
            if in_front_matter && is_draft_line(line) {
                errors.push(ContentError::new(
                    &path,
                    number,
                    "the page is a draft",
                    format!("finish every language and remove `draft = true`, or delete the page ({GUIDE})"),
                ));
            }
            if markdown && fences >= 2 {
                for placeholder in bracketed_placeholders(line) {
                    errors.push(ContentError::new(
                        &path,
                        number,
                        format!("placeholder `{placeholder}` is still in the text"),
                        format!("replace it with the fact the cluster has confirmed ({GUIDE})"),
                    ));
                }
            }
        }
    }
    errors
}

/// The fix for a placeholder address, by where it stands.
fn address_fix(path: &Path, line: &str) -> String {
    let key = line.split('=').next().unwrap_or("").trim();
    let in_settings = path.file_name().is_some_and(|n| n == "site.toml");
    match (in_settings, key) {
        (true, "coordinator_email") => "set coordinator_email to the coordination desk's confirmed address".into(),
        (true, "public_url") => "set public_url to the address the site is published at (QR codes point there)".into(),
        _ if in_firms(path) => "this is a fictional sample firm: replace it with a real firm's profile and addresses, \
                          or remove its files, before launch"
            .into(),
        _ => format!("replace it with the real address ({GUIDE})"),
    }
}

fn in_firms(path: &Path) -> bool {
    path.parent().and_then(Path::file_name).is_some_and(|n| n == "firms")
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "md" || e == "toml")
            && path.file_name().is_some_and(|n| n != "README.md")
        {
            files.push(path);
        }
    }
}

fn is_draft_line(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with("draft=true")
}

/// Host names and e-mail domains in `line` that are reserved for examples and tests.
pub fn placeholder_hosts(line: &str) -> Vec<&str> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '@' | '_' | '+')))
        .filter(|token| {
            let host = token.rsplit('@').next().unwrap_or("").trim_end_matches('.');
            host.contains('.') && is_placeholder_host(host)
        })
        .collect()
}

/// Whether `host` is reserved for documentation and tests (RFC 2606, RFC 6761): the top-level
/// domains `.invalid`, `.example`, `.test`, `.localhost`, and `example.com/.org/.net`.
pub fn is_placeholder_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return false;
    }
    labels.last().is_some_and(|tld| ["invalid", "example", "test", "localhost"].contains(tld))
        || labels.iter().rev().nth(1).is_some_and(|l| *l == "example")
}

/// `[…]` in Markdown text that is not a link (`[text](…)`, `[text][ref]`, `[ref]: …`) or a
/// task-list box: a note standing in for a fact.
fn bracketed_placeholders(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = line;
    let mut offset = 0;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else { break };
        let inner = &rest[open + 1..close];
        let next = rest[close + 1..].chars().next();
        let is_link = matches!(next, Some('(' | '[' | ':'));
        if !is_link && !inner.contains('[') && !matches!(inner.trim(), "" | "x" | "X") {
            found.push(&line[offset + open..offset + close + 1]);
        }
        // A reference link's second half (`[text][ref]`) is part of the link.
        let end = match next {
            Some('[') => rest[close + 1..].find(']').map_or(close + 1, |c| close + 1 + c + 1),
            _ => close + 1,
        };
        offset += end;
        rest = &rest[end..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_reserved_hosts_in_addresses_and_urls() {
        assert_eq!(
            placeholder_hosts("email = \"desk@connected-fukushima.invalid\""),
            ["desk@connected-fukushima.invalid"]
        );
        assert_eq!(
            placeholder_hosts("public_url = \"https://connected-fukushima.example\""),
            ["connected-fukushima.example"]
        );
        assert_eq!(placeholder_hosts("see https://www.example.org/x and mail a@b.jp"), ["www.example.org"]);
        assert!(placeholder_hosts("https://www.pref.fukushima.lg.jp/ e.g. invalid, example").is_empty());
        assert!(is_placeholder_host("Desk.Example.COM"));
        assert!(!is_placeholder_host("examples.jp"));
        assert!(placeholder_hosts("a note on .invalid addresses").is_empty());
    }

    #[test]
    fn finds_bracketed_notes_but_not_links() {
        let line = "- **E-mail:** [to be confirmed by the cluster], see the [shortlist](en/shortlist/) [ref][1] [x]";
        assert_eq!(bracketed_placeholders(line), ["[to be confirmed by the cluster]"]);
        assert_eq!(
            bracketed_placeholders("within [number] working days [クラスターが確認のうえ記入]"),
            ["[number]", "[クラスターが確認のうえ記入]"]
        );
        assert!(bracketed_placeholders("[1]: https://fmddsc.jp/").is_empty());
        assert!(bracketed_placeholders("an unclosed [ bracket").is_empty());
    }

    #[test]
    fn reports_each_item_with_file_line_and_fix() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("pages")).unwrap();
        fs::create_dir_all(root.join("firms")).unwrap();
        fs::write(
            root.join("site.toml"),
            "# settings\ncoordinator_email = \"desk@x.invalid\"\npublic_url = \"https://site.example\"\n",
        )
        .unwrap();
        fs::write(
            root.join("pages/contact.en.md"),
            "+++\ntitle = \"[not this]\"\ndraft = true\n+++\n\nText.\n- **Desk:** [to be confirmed by the cluster]\n",
        )
        .unwrap();
        fs::write(root.join("firms/a.toml"), "email = \"sales@a-sample.invalid\"\n").unwrap();
        fs::write(root.join("README.md"), "desk@example.org [placeholder]\n").unwrap();
        let errors: Vec<String> = unfinished(root).0.iter().map(|e| e.to_string()).collect();
        let at = |file: &str, line: usize| format!("{}:{line}: ", root.join(file).display());
        assert_eq!(errors.len(), 5, "{errors:#?}");
        // Settings first, then pages, the sample firms last.
        let expected = [
            ("site.toml", 2, "coordinator_email to the coordination desk"),
            ("site.toml", 3, "set public_url"),
            ("pages/contact.en.md", 3, "is a draft"),
            ("pages/contact.en.md", 7, "[to be confirmed by the cluster]"),
            ("firms/a.toml", 1, "fictional sample firm"),
        ];
        for (error, (file, line, says)) in errors.iter().zip(expected) {
            assert!(error.starts_with(&at(file, line)) && error.contains(says), "{error} is not {file}:{line} {says}");
        }
        fs::write(root.join("site.toml"), "coordinator_email = \"desk@connected-fukushima.jp\"\npublic_url = \"https://www.connected-fukushima.jp\"\nlanguages = [\"ja\", \"en\", \"de\", \"th\"]\n").unwrap();
        fs::remove_dir_all(root.join("pages")).unwrap();
        fs::remove_dir_all(root.join("firms")).unwrap();
        assert!(unfinished(root).is_empty());
    }
}

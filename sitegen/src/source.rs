//! Finding content files and splitting Markdown into front matter and body.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use engine::model::DocKind;
use engine::Lang;

use crate::error::{ContentError, ContentErrors};

/// A translated page file: `<slug>.<lang>.md`, split at its `+++` fences.
#[derive(Clone, Debug)]
pub struct Translation {
    pub path: PathBuf,
    pub front: String,
    /// Line of the first front-matter line in the file.
    pub front_line: usize,
    pub body: String,
    /// Line of the first body line in the file.
    pub body_line: usize,
}

impl Translation {
    /// A cheap look for `draft = true` before the full parse (the full parse checks the syntax).
    pub fn is_draft(&self) -> bool {
        self.front.lines().any(|line| {
            let line = line.split('#').next().unwrap_or_default();
            line.split_once('=').is_some_and(|(k, v)| k.trim() == "draft" && v.trim() == "true")
        })
    }

    /// Stands in for a file that exists but could not be read or split (its error is already
    /// reported): a draft, so that it is neither published nor reported as a missing translation.
    fn unusable(path: &Path) -> Translation {
        Translation {
            path: path.to_path_buf(),
            front: "draft = true\n".into(),
            front_line: 1,
            body: String::new(),
            body_line: 1,
        }
    }
}

/// A page of one section with its data file and translations.
#[derive(Clone, Debug, Default)]
pub struct Item {
    pub slug: String,
    pub data: Option<(PathBuf, String)>,
    pub translations: BTreeMap<Lang, Translation>,
}

impl Item {
    /// Whether the page is published: each of the site's `languages` present and none a draft.
    pub fn ships(&self, languages: &[Lang]) -> bool {
        languages.iter().all(|lang| self.translations.get(lang).is_some_and(|t| !t.is_draft()))
    }
}

/// All items of every section, keyed by section then slug.
pub type Sections = BTreeMap<DocKind, BTreeMap<String, Item>>;

/// Reads every section folder below `content_dir`.
pub fn read_sections(content_dir: &Path, languages: &[Lang], errors: &mut ContentErrors) -> Sections {
    let mut sections = Sections::new();
    for kind in DocKind::ALL {
        let dir = content_dir.join(kind.section());
        let items = sections.entry(kind).or_default();
        let mut files = Vec::new();
        collect_files(&dir, &mut files, errors);
        files.sort();
        for path in files {
            read_item_file(&path, items, errors);
        }
    }
    crate::markdown::check_links(&sections, languages, errors);
    sections
}

/// The files below `dir`. Links to folders are reported, not followed: a link back to a
/// parent would make the walk endless (one cause, one message instead of thousands).
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut ContentErrors) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            collect_files(&path, out, errors);
        } else if kind.is_symlink() && path.is_dir() {
            errors.push(ContentError::new(
                &path,
                0,
                "this is a link to a folder, which the build does not follow",
                "move the files into the section folder, or replace the link by a real folder",
            ));
        } else {
            out.push(path);
        }
    }
}

/// Reads a content file as text, without a byte-order mark and with `\n` line ends: `Ok(None)`
/// when it does not exist; invalid UTF-8 is reported at the line that holds the bad bytes.
pub fn read_text(path: &Path) -> Result<Option<String>, ContentError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(ContentError::new(path, 0, format!("cannot read the file: {err}"), "check the file"));
        }
    };
    let text = String::from_utf8(bytes).map_err(|err| {
        let good = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        ContentError::new(
            path,
            line,
            "this line is not valid UTF-8 text",
            "save the file as UTF-8 (the editor's encoding setting), or retype the line's special characters",
        )
    })?;
    Ok(Some(text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n")))
}

/// The character checks every content file gets: control characters, then unpaired
/// text-direction controls.
pub fn check_text(path: &Path, text: &str) -> Result<(), ContentError> {
    check_controls(path, text).and_then(|()| check_bidi_controls(path, text))
}

/// The first control character other than tab and line ends: invisible in an editor, it
/// would reach pages, titles and the search index.
fn check_controls(path: &Path, text: &str) -> Result<(), ContentError> {
    let is_bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let Some((offset, c)) = text.char_indices().find(|&(_, c)| is_bad(c)) else { return Ok(()) };
    let count = text.chars().filter(|&c| is_bad(c)).count();
    let more = if count > 1 { format!(" (and {} more in the file)", count - 1) } else { String::new() };
    Err(ContentError::new(
        path,
        crate::error::line_of(text, offset),
        format!("invisible control character U+{:04X} on this line{more}", u32::from(c)),
        "delete it (retype the line if you cannot see it); only tabs and line breaks are allowed",
    ))
}

/// The first line whose bidirectional controls do not pair up. An unclosed right-to-left
/// override in a name would turn the rest of a page title, a tab label or a result card
/// around; each opener (embedding, override, isolate) must be closed on its own line.
fn check_bidi_controls(path: &Path, text: &str) -> Result<(), ContentError> {
    const POP_FORMATTING: char = '\u{202C}';
    const POP_ISOLATE: char = '\u{2069}';
    for (number, line) in text.lines().enumerate() {
        let mut open: Vec<char> = Vec::new();
        let mut unpaired = None;
        for c in line.chars() {
            let closer = match c {
                '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => Some(POP_FORMATTING),
                '\u{2066}' | '\u{2067}' | '\u{2068}' => Some(POP_ISOLATE),
                _ => None,
            };
            if let Some(closer) = closer {
                open.push(closer);
            } else if (c == POP_FORMATTING || c == POP_ISOLATE) && open.pop() != Some(c) {
                unpaired = Some(c);
                break;
            }
        }
        let Some(c) = unpaired.or_else(|| open.last().copied()) else { continue };
        let what = if unpaired.is_some() { "a closing" } else { "an unclosed" };
        return Err(ContentError::new(
            path,
            number + 1,
            format!("{what} text-direction control character (U+{:04X} or its pair) on this line", u32::from(c)),
            "delete the invisible direction marks on this line (retype it if you cannot see them); \
             the site sets the direction of each language itself",
        ));
    }
    Ok(())
}

fn read_item_file(path: &Path, items: &mut BTreeMap<String, Item>, errors: &mut ContentErrors) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return };
    if name.starts_with('.') || name.eq_ignore_ascii_case("README.md") {
        return;
    }
    let text = match read_text(path).and_then(|text| {
        let text = text.unwrap_or_default();
        check_text(path, &text).map(|()| text)
    }) {
        Ok(text) => text,
        Err(e) => {
            errors.push(e);
            // A translation that exists but cannot be used is not also "missing".
            if let Some(FileName::Translation { slug, lang }) = FileName::parse(name) {
                if check_slug(path, slug).is_ok() {
                    let item = items
                        .entry(slug.to_string())
                        .or_insert_with(|| Item { slug: slug.to_string(), ..Item::default() });
                    item.translations.entry(lang).or_insert_with(|| Translation::unusable(path));
                }
            }
            return;
        }
    };
    match FileName::parse(name) {
        Some(FileName::Data { slug }) => {
            let slug = slug.to_string();
            if let Err(e) = check_slug(path, &slug) {
                errors.push(e);
                return;
            }
            let item = items.entry(slug.clone()).or_insert_with(|| Item { slug: slug.clone(), ..Item::default() });
            if let Some((first, _)) = &item.data {
                errors.push(duplicate(path, first, &slug));
                return;
            }
            item.data = Some((path.to_path_buf(), text));
        }
        Some(FileName::Translation { slug, lang }) => {
            let slug = slug.to_string();
            if let Err(e) = check_slug(path, &slug) {
                errors.push(e);
                return;
            }
            let translation = split_front_matter(path, &text).unwrap_or_else(|e| {
                errors.push(e);
                Translation::unusable(path)
            });
            let item = items.entry(slug.clone()).or_insert_with(|| Item { slug: slug.clone(), ..Item::default() });
            if let Some(first) = item.translations.get(&lang) {
                errors.push(duplicate(path, &first.path, &slug));
                return;
            }
            item.translations.insert(lang, translation);
        }
        None => errors.push(ContentError::new(
            path,
            0,
            format!("unexpected file name `{name}`"),
            "name translations `<slug>.<lang>.md` (lang: a code of site.toml's languages, e.g. en) and data files \
             `<slug>.toml`",
        )),
    }
}

fn duplicate(path: &Path, first: &Path, slug: &str) -> ContentError {
    ContentError::new(
        path,
        1,
        format!("duplicate slug `{slug}`: {} already defines it", first.display()),
        "rename one of the two files; a slug must be unique within its section",
    )
}

/// The two kinds of file in a section folder.
enum FileName<'a> {
    Data { slug: &'a str },
    Translation { slug: &'a str, lang: Lang },
}

impl<'a> FileName<'a> {
    fn parse(name: &'a str) -> Option<FileName<'a>> {
        if let Some(slug) = name.strip_suffix(".toml") {
            return Some(FileName::Data { slug });
        }
        let stem = name.strip_suffix(".md")?;
        let (slug, lang) = stem.rsplit_once('.')?;
        Some(FileName::Translation { slug, lang: Lang::from_code(lang).filter(|l| l.code() == lang)? })
    }
}

fn check_slug(path: &Path, slug: &str) -> Result<(), ContentError> {
    let valid = !slug.is_empty()
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if valid {
        Ok(())
    } else {
        Err(ContentError::new(
            path,
            0,
            format!("invalid slug `{slug}`"),
            "use only lower-case letters a-z, digits and `-` in file names (the slug becomes the page address)",
        ))
    }
}

/// Splits `+++\n<toml>\n+++\n<markdown>`. Blank lines may come first, and a fence line may
/// end in spaces or tabs (editors leave them; they are invisible).
pub fn split_front_matter(path: &Path, text: &str) -> Result<Translation, ContentError> {
    let is_fence = |line: &str| line.trim_end_matches(['\n', ' ', '\t']) == "+++";
    let mut lines = text.split_inclusive('\n').scan(0, |offset, line| {
        *offset += line.len();
        Some((*offset - line.len(), line))
    });
    let opening = lines.by_ref().find(|(_, line)| !line.trim().is_empty());
    let Some((open_at, open)) = opening.filter(|(_, line)| is_fence(line)) else {
        return Err(ContentError::new(
            path,
            opening.map_or(1, |(at, _)| crate::error::line_of(text, at)),
            "missing front matter",
            "start the file with a line `+++`, then the fields (title = \"…\", summary = \"…\"), then another `+++` line",
        ));
    };
    let front_start = open_at + open.len();
    let start_line = crate::error::line_of(text, open_at);
    let Some((close_at, close)) = lines.find(|(_, line)| is_fence(line)) else {
        return Err(ContentError::new(
            path,
            start_line,
            "the front matter is not closed",
            "add a line `+++` after the last field",
        ));
    };
    let body_start = close_at + close.len();
    Ok(Translation {
        path: path.to_path_buf(),
        front: text[front_start..close_at].to_string(),
        front_line: start_line + 1,
        body: text[body_start..].to_string(),
        body_line: crate::error::line_of(text, close_at) + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let t = split_front_matter(Path::new("x.en.md"), "\n+++\ntitle = \"A\"\n+++\nBody").unwrap();
        assert_eq!(t.front, "title = \"A\"\n");
        assert_eq!(t.front_line, 3);
        assert_eq!(t.body, "Body");
        assert_eq!(t.body_line, 5);
    }

    #[test]
    fn tolerates_spaces_and_tabs_after_a_fence() {
        let t = split_front_matter(Path::new("x.en.md"), "+++  \ntitle = \"A\"\n+++\t\nBody\n+++ x\n").unwrap();
        assert_eq!(t.front, "title = \"A\"\n");
        assert_eq!(t.body, "Body\n+++ x\n");
        let t = split_front_matter(Path::new("x.en.md"), "+++\n+++").unwrap();
        assert_eq!((t.front.as_str(), t.body.as_str()), ("", ""));
    }

    #[test]
    fn reports_invalid_utf8_and_control_characters_at_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.en.md");
        fs::write(&path, b"+++\ntitle = \"ok\"\n+++\nfine\nbad \xff here\n").unwrap();
        assert!(read_text(&path).unwrap_err().to_string().contains("x.en.md:5: this line is not valid UTF-8"));
        assert_eq!(read_text(&dir.path().join("absent.md")).unwrap(), None);
        let e = check_controls(&path, "a\nb\tc\r\nd\u{0}e\u{7}").unwrap_err().to_string();
        assert!(e.contains("x.en.md:3: invisible control character U+0000 on this line (and 1 more"), "{e}");
        assert!(check_controls(&path, "tab\t, CR\r and LF\n are fine").is_ok());
    }

    #[test]
    fn reports_unpaired_direction_controls_at_their_line() {
        let path = Path::new("x.en.md");
        let e = check_bidi_controls(path, "title = \"ok\"\ntitle = \"Evil\u{202E}Corp\"\n").unwrap_err().to_string();
        assert!(e.contains("x.en.md:2: an unclosed text-direction control character (U+202C"), "{e}");
        let e = check_bidi_controls(path, "a\u{2069}b").unwrap_err().to_string();
        assert!(e.contains("x.en.md:1: a closing text-direction control"), "{e}");
        // Crossed pairs do not close each other.
        assert!(check_bidi_controls(path, "\u{2067}a\u{202C}").is_err());
        assert!(check_bidi_controls(path, "\u{202B}a\u{2067}b\u{2069}\u{202C} and Thai ไทย, 日本語").is_ok());
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        let e = split_front_matter(Path::new("x.en.md"), "title = 1").unwrap_err();
        assert!(e.to_string().starts_with("x.en.md:1: missing front matter"));
        let e = split_front_matter(Path::new("x.en.md"), "+++\ntitle = 1\n").unwrap_err();
        assert!(e.to_string().contains("not closed"));
    }

    #[test]
    fn parses_file_names() {
        assert!(matches!(FileName::parse("a-b.de.md"), Some(FileName::Translation { slug: "a-b", lang: Lang::De })));
        assert!(matches!(FileName::parse("a.toml"), Some(FileName::Data { slug: "a" })));
        assert!(FileName::parse("a.fr.md").is_none());
        assert!(FileName::parse("a.md").is_none());
        assert!(FileName::parse("a.DE.md").is_none());
    }
}

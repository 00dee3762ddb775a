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
}

/// A page of one section with its data file and translations.
#[derive(Clone, Debug, Default)]
pub struct Item {
    pub slug: String,
    pub data: Option<(PathBuf, String)>,
    pub translations: BTreeMap<Lang, Translation>,
}

/// All items of every section, keyed by section then slug.
pub type Sections = BTreeMap<DocKind, BTreeMap<String, Item>>;

/// Reads every section folder below `content_dir`.
pub fn read_sections(content_dir: &Path, errors: &mut ContentErrors) -> Sections {
    let mut sections = Sections::new();
    for kind in DocKind::ALL {
        let dir = content_dir.join(kind.section());
        let items = sections.entry(kind).or_default();
        let mut files = Vec::new();
        collect_files(&dir, &mut files);
        files.sort();
        for path in files {
            read_item_file(&path, items, errors);
        }
    }
    sections
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn read_item_file(path: &Path, items: &mut BTreeMap<String, Item>, errors: &mut ContentErrors) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return };
    if name.starts_with('.') || name.eq_ignore_ascii_case("README.md") {
        return;
    }
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            errors.push(ContentError::new(path, 0, format!("cannot read the file: {err}"), "save it as UTF-8 text"));
            return;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n");
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
            let translation = match split_front_matter(path, &text) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(e);
                    return;
                }
            };
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
            "name translations `<slug>.<lang>.md` (lang: ja, en, de or th) and data files `<slug>.toml`",
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

/// Splits `+++\n<toml>\n+++\n<markdown>`.
pub fn split_front_matter(path: &Path, text: &str) -> Result<Translation, ContentError> {
    let missing = || {
        ContentError::new(
            path,
            1,
            "missing front matter",
            "start the file with a line `+++`, then the fields (title = \"…\", summary = \"…\"), then another `+++` line",
        )
    };
    let leading_blank = text.len() - text.trim_start_matches(['\n', ' ', '\t']).len();
    let start_line = crate::error::line_of(text, leading_blank);
    let rest = text[leading_blank..].strip_prefix("+++").ok_or_else(missing)?;
    let rest = rest.strip_prefix('\n').ok_or_else(missing)?;
    let (front, body) = match rest.find("\n+++") {
        Some(end) => (&rest[..end + 1], &rest[end + 4..]),
        None if rest.starts_with("+++") => ("", &rest[3..]),
        None => {
            return Err(ContentError::new(
                path,
                start_line,
                "the front matter is not closed",
                "add a line `+++` after the last field",
            ))
        }
    };
    Ok(Translation {
        path: path.to_path_buf(),
        front: front.to_string(),
        front_line: start_line + 1,
        body: body.trim_start_matches(['+', '\n']).to_string(),
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

//! Which folders a build may replace or delete: only those it made itself.
//!
//! Every folder the build writes (the output, its `.NAME.partial` staging copy and the
//! `.NAME.old` copy it swaps out) carries a marker file, [`MARKER`]. A marked folder is wholly
//! the build's: the next build replaces it, including any file someone added to it since. An
//! unmarked folder is replaced only when it is empty; anything else is refused with the reason
//! and a way forward, and nothing is deleted. Some places are refused even when marked or empty:
//! `/`, the content folder (and anything inside it or around it), the repository root and its
//! parents, the home directory and its parents.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The build marker's file name, written into every folder the build creates.
pub const MARKER: &str = ".fukushima-site-build";

/// First word of the marker; the number after it is the layout's format, so that a later
/// format can still recognise (and replace) folders written by an earlier one.
const MARKER_MAGIC: &str = "fukushima-site-build";
const MARKER_FORMAT: u32 = 1;

/// The places an output folder must keep away from.
#[derive(Clone, Debug)]
pub struct Places {
    pub content: PathBuf,
    /// The repository (workspace) root.
    pub root: PathBuf,
    pub home: Option<PathBuf>,
}

impl Places {
    /// The places of this run: `content` as given, the workspace root and `$HOME`.
    pub fn of_this_run(content: &Path) -> Places {
        Places {
            content: content.to_path_buf(),
            root: crate::workspace_root(),
            home: std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from),
        }
    }
}

/// Why a folder may not be used as the build's output.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    FilesystemRoot,
    /// `relation` says how: "is", "lies inside" or "contains".
    Content {
        content: PathBuf,
        relation: &'static str,
    },
    Repository {
        root: PathBuf,
    },
    Home {
        home: PathBuf,
    },
    NoFolderName,
    NotAFolder,
    NotOurs,
}

/// A refused folder with the reason; its message says how to proceed.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    pub path: PathBuf,
    pub why: Refusal,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        let elsewhere = "choose a new or empty folder with --out, e.g. --out dist";
        match &self.why {
            Refusal::FilesystemRoot => write!(f, "refusing to write the site into `/` — {elsewhere}"),
            Refusal::Content { content, relation } => write!(
                f,
                "refusing to write the site into {path}: it {relation} the content folder {} (replacing it would \
                 delete the sources) — choose an output folder outside the content with --out, e.g. --out dist",
                content.display()
            ),
            Refusal::Repository { root } => write!(
                f,
                "refusing to write the site into {path}: it is the repository root {} or one of its parents — \
                 {elsewhere}",
                root.display()
            ),
            Refusal::Home { home } => write!(
                f,
                "refusing to write the site into {path}: it is the home directory {} or one of its parents — \
                 {elsewhere}",
                home.display()
            ),
            Refusal::NoFolderName => write!(f, "refusing --out {path}: it does not end in a folder name — {elsewhere}"),
            Refusal::NotAFolder => write!(f, "refusing to replace {path}: it is a file, not a folder — {elsewhere}"),
            Refusal::NotOurs => write!(
                f,
                "refusing to replace {path}: it is not empty and has no build marker ({MARKER}), so this build did \
                 not make it and nothing in it was deleted — {elsewhere}; if it is an old build of this site, \
                 delete it yourself and build again"
            ),
        }
    }
}

impl std::error::Error for Refused {}

/// What a folder is to the build.
#[derive(Debug, PartialEq, Eq)]
pub enum Ownership {
    Absent,
    Empty,
    Marked,
    /// Unmarked, below the workspace's `target/`: cargo's scratch space, which `cargo clean`
    /// deletes wholesale, and where builds from before the marker existed live
    /// (`target/e2e/site` of `cargo xtask test`). Ours to replace.
    InTarget,
    NotAFolder,
    Foreign,
}

impl Ownership {
    fn is_ours(&self) -> bool {
        matches!(self, Ownership::Absent | Ownership::Empty | Ownership::Marked | Ownership::InTarget)
    }
}

/// What `dir` is to a build of the workspace at `root`.
pub fn ownership(dir: &Path, root: &Path) -> io::Result<Ownership> {
    let metadata = match fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Ownership::Absent),
        Err(err) => return Err(err),
    };
    if !metadata.is_dir() {
        return Ok(Ownership::NotAFolder);
    }
    if has_marker(dir) {
        return Ok(Ownership::Marked);
    }
    if fs::read_dir(dir)?.next().is_none() {
        return Ok(Ownership::Empty);
    }
    let target = resolve(&root.join("target"))?;
    let dir = resolve(dir)?;
    Ok(if dir.starts_with(&target) && dir != target { Ownership::InTarget } else { Ownership::Foreign })
}

/// Checks that the build may write its output to `out` and use the folders next to it.
pub fn check(out: &Path, places: &Places) -> Result<(), Refused> {
    let refuse = |path: &Path, why| Refused { path: path.to_path_buf(), why };
    let resolved = |path: &Path| resolve(path).map_err(|_| refuse(path, Refusal::NotAFolder));
    let target = resolved(out)?;
    if target.parent().is_none() {
        return Err(refuse(out, Refusal::FilesystemRoot));
    }
    if resolved(&places.root)?.starts_with(&target) {
        return Err(refuse(out, Refusal::Repository { root: places.root.clone() }));
    }
    if let Some(home) = &places.home {
        if resolved(home)?.starts_with(&target) {
            return Err(refuse(out, Refusal::Home { home: home.clone() }));
        }
    }
    let content = resolved(&places.content)?;
    let relation = if target == content {
        Some("is")
    } else if target.starts_with(&content) {
        Some("lies inside")
    } else {
        content.starts_with(&target).then_some("contains")
    };
    if let Some(relation) = relation {
        return Err(refuse(out, Refusal::Content { content: places.content.clone(), relation }));
    }
    for path in [target.clone(), sibling(&target, "partial")?, sibling(&target, "old")?] {
        ensure_ours(&path, &places.root)?;
    }
    Ok(())
}

/// Refuses `dir` unless the build made it (see [`ownership`]).
pub fn ensure_ours(dir: &Path, root: &Path) -> Result<Ownership, Refused> {
    let refuse = |why| Refused { path: dir.to_path_buf(), why };
    match ownership(dir, root) {
        Ok(owned) if owned.is_ours() => Ok(owned),
        Ok(Ownership::NotAFolder) => Err(refuse(Refusal::NotAFolder)),
        _ => Err(refuse(Refusal::NotOurs)),
    }
}

/// `.NAME.SUFFIX` next to `out`: the staging (`partial`) and swapped-out (`old`) folders.
pub fn sibling(out: &Path, suffix: &str) -> Result<PathBuf, Refused> {
    let name = out.file_name().and_then(|n| n.to_str()).filter(|n| !n.is_empty());
    let name = name.ok_or_else(|| Refused { path: out.to_path_buf(), why: Refusal::NoFolderName })?;
    Ok(out.with_file_name(format!(".{name}.{suffix}")))
}

/// Creates `dir` with the build marker in it (the marker comes first, so even a build that is
/// killed half-way leaves a folder the next build may remove).
pub fn create_marked(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    fs::write(dir.join(MARKER), marker_text())
}

/// Deletes `dir` if the build made it; refuses anything else.
pub fn remove_if_ours(dir: &Path, root: &Path) -> Result<(), anyhow::Error> {
    if ensure_ours(dir, root)? != Ownership::Absent {
        // The marker last: a deletion cut short (Ctrl-C while `serve` cleans up) leaves a
        // folder that is still recognisably the build's, not one that blocks the next build.
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_name() == MARKER {
                continue;
            }
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::remove_file(entry.path())?;
            }
        }
        fs::remove_dir_all(dir)?;
    }
    Ok(())
}

fn marker_text() -> String {
    format!(
        "{MARKER_MAGIC} {MARKER_FORMAT}\n\
         # Written by `cargo xtask dist`: this folder is a build of the site, and the next build\n\
         # replaces all of it. Keep nothing else here.\n"
    )
}

/// A marker of any format: the magic word and a format number on the first line.
fn has_marker(dir: &Path) -> bool {
    let Ok(text) = fs::read_to_string(dir.join(MARKER)) else { return false };
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix(MARKER_MAGIC).and_then(|rest| rest.strip_prefix(' ')).is_some_and(|n| n.parse::<u32>().is_ok())
}

/// The absolute path with every symbolic link and `.`/`..` of its existing part resolved;
/// the part that does not exist yet is appended as written (as `create_dir_all` would make it).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with a content folder and a home directory, all inside one temporary folder.
    struct World {
        dir: tempfile::TempDir,
        places: Places,
    }

    impl World {
        fn new() -> World {
            let dir = tempfile::tempdir().expect("temporary folder");
            let root = dir.path().join("home/me/repo");
            let content = root.join("content");
            fs::create_dir_all(content.join("firms")).expect("content folder");
            fs::write(content.join("site.toml"), "x").expect("content file");
            let places = Places { content, root: root.clone(), home: Some(dir.path().join("home/me")) };
            World { dir, places }
        }

        fn path(&self, relative: &str) -> PathBuf {
            self.places.root.join(relative)
        }

        fn refusal(&self, out: &Path) -> Option<Refusal> {
            check(out, &self.places).err().map(|r| r.why)
        }
    }

    #[test]
    fn absent_empty_and_marked_folders_may_be_replaced() {
        let world = World::new();
        assert_eq!(world.refusal(&world.path("dist")), None);
        fs::create_dir_all(world.path("empty")).unwrap();
        assert_eq!(world.refusal(&world.path("empty")), None);
        create_marked(&world.path("built")).unwrap();
        assert_eq!(world.refusal(&world.path("built")), None);
    }

    #[test]
    fn a_marked_folder_is_wholly_ours() {
        let world = World::new();
        let built = world.path("dist");
        create_marked(&built).unwrap();
        fs::write(built.join("notes.txt"), "added later").unwrap();
        assert_eq!(world.refusal(&built), None);
        remove_if_ours(&built, &world.places.root).unwrap();
        assert!(!built.exists());
    }

    #[test]
    fn a_folder_with_unrelated_files_is_refused_and_kept() {
        let world = World::new();
        let mine = world.path("mine");
        fs::create_dir_all(&mine).unwrap();
        fs::write(mine.join("thesis.tex"), "precious").unwrap();
        assert_eq!(world.refusal(&mine), Some(Refusal::NotOurs));
        assert!(remove_if_ours(&mine, &world.places.root).is_err());
        assert_eq!(fs::read_to_string(mine.join("thesis.tex")).unwrap(), "precious");
        let message = check(&mine, &world.places).unwrap_err().to_string();
        assert!(message.contains("no build marker") && message.contains("--out"), "{message}");
    }

    #[test]
    fn a_forged_or_broken_marker_does_not_count() {
        let world = World::new();
        let dir = world.path("other");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(MARKER), "something else\n").unwrap();
        assert_eq!(world.refusal(&dir), Some(Refusal::NotOurs));
        fs::write(dir.join(MARKER), format!("{MARKER_MAGIC} 7\n")).unwrap();
        assert_eq!(world.refusal(&dir), None, "a marker of another format is still ours");
    }

    #[test]
    fn a_file_is_refused() {
        let world = World::new();
        fs::write(world.path("file"), "x").unwrap();
        assert_eq!(world.refusal(&world.path("file")), Some(Refusal::NotAFolder));
    }

    #[test]
    fn the_content_folder_is_refused_even_when_marked() {
        let world = World::new();
        let content = world.places.content.clone();
        let refused = |relation| Some(Refusal::Content { content: content.clone(), relation });
        assert_eq!(world.refusal(&content), refused("is"));
        assert_eq!(world.refusal(&content.join("firms")), refused("lies inside"));
        assert_eq!(world.refusal(&content.join("new")), refused("lies inside"), "not there yet");
        assert_eq!(world.refusal(&world.path("content/../content/./")), refused("is"), "spelt differently");
        create_marked(&content).unwrap();
        assert_eq!(world.refusal(&content), refused("is"), "even when marked");
    }

    #[test]
    fn a_folder_around_the_content_is_refused() {
        let world = World::new();
        let places = Places { content: world.path("site/content"), ..world.places.clone() };
        fs::create_dir_all(&places.content).unwrap();
        create_marked(&world.path("site")).unwrap();
        let refusal = check(&world.path("site"), &places).unwrap_err().why;
        assert_eq!(refusal, Refusal::Content { content: places.content, relation: "contains" });
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_content_is_refused() {
        let world = World::new();
        let link = world.path("link");
        std::os::unix::fs::symlink(&world.places.content, &link).unwrap();
        assert!(matches!(world.refusal(&link), Some(Refusal::Content { .. })));
    }

    #[test]
    fn the_repository_home_and_their_parents_are_refused() {
        let world = World::new();
        let root = world.places.root.clone();
        let repository = Some(Refusal::Repository { root: root.clone() });
        assert_eq!(world.refusal(&root), repository);
        assert_eq!(world.refusal(root.parent().unwrap().parent().unwrap()), repository);
        let srv = world.dir.path().join("srv");
        let places = Places { content: srv.join("repo/content"), root: srv.join("repo"), ..world.places.clone() };
        let home = places.home.clone().unwrap();
        let refusal = |out: &Path| check(out, &places).err().map(|r| r.why);
        assert_eq!(refusal(&home), Some(Refusal::Home { home: home.clone() }));
        assert_eq!(refusal(home.parent().unwrap()), Some(Refusal::Home { home: home.clone() }));
        assert_eq!(refusal(Path::new("/")), Some(Refusal::FilesystemRoot));
    }

    #[test]
    fn old_unmarked_builds_below_target_are_ours() {
        let world = World::new();
        let site = world.path("target/e2e/site");
        fs::create_dir_all(site.join("data")).unwrap();
        fs::write(site.join("index.html"), "old").unwrap();
        assert_eq!(world.refusal(&site), None);
        assert_eq!(ownership(&world.path("target"), &world.places.root).unwrap(), Ownership::Foreign);
        remove_if_ours(&site, &world.places.root).unwrap();
        assert!(!site.exists());
    }

    #[test]
    fn foreign_staging_and_old_folders_are_refused() {
        let world = World::new();
        for suffix in ["partial", "old"] {
            let next_to = world.path(&format!(".dist.{suffix}"));
            fs::create_dir_all(&next_to).unwrap();
            fs::write(next_to.join("keep"), "x").unwrap();
            let refused = check(&world.path("dist"), &world.places).unwrap_err();
            assert_eq!((refused.path, refused.why), (next_to.clone(), Refusal::NotOurs));
            fs::write(next_to.join(MARKER), marker_text()).unwrap();
        }
        assert_eq!(world.refusal(&world.path("dist")), None);
    }

    #[test]
    fn names_siblings() {
        assert_eq!(sibling(Path::new("a/dist"), "old").unwrap(), Path::new("a/.dist.old"));
        assert_eq!(sibling(Path::new(".."), "old").unwrap_err().why, Refusal::NoFolderName);
    }
}

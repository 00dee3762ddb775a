//! Seeds for the decoder targets, written fresh from the current code before each run: the
//! index and page data of a tiny build (the minimal test content with the real vocabularies
//! and UI strings). Committed binary seeds went stale with every format change; these cannot.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

/// The targets whose seeds are built files, and the extension of each file.
pub const DECODER_TARGETS: [(&str, &str); 2] = [("index_decode", "idx"), ("site_data_decode", "pages")];

/// Builds the tiny site and writes `<out>/<target>/<lang>.<ext>` for every decoder target;
/// returns `out`. Anything under `out` is this function's own output and is replaced.
pub fn write(root: &Path, out: &Path) -> Result<PathBuf> {
    let content = out.join("content");
    if content.exists() {
        fs::remove_dir_all(&content)?;
    }
    crate::dist::copy_dir(&root.join("tests/fixtures/minimal"), &content)?;
    for shared in ["vocab", "ui"] {
        crate::dist::copy_dir(&root.join("content").join(shared), &content.join(shared))?;
    }
    let site =
        sitegen::load(&content).map_err(|errors| anyhow!("the minimal test content does not build:\n{errors}"))?;
    for (target, _) in DECODER_TARGETS {
        fs::create_dir_all(out.join(target))?;
    }
    for lang_site in &site.languages {
        let lang = lang_site.lang.code();
        fs::write(out.join("index_decode").join(format!("{lang}.idx")), &lang_site.index.bytes)?;
        let data = lang_site.data.to_bytes().map_err(|e| anyhow!("cannot encode the {lang} page data: {e}"))?;
        fs::write(out.join("site_data_decode").join(format!("{lang}.pages")), data)?;
    }
    fs::remove_dir_all(&content).with_context(|| format!("cannot clean up {}", content.display()))?;
    Ok(out.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_seeds_are_valid_files_of_every_language() {
        let out = std::env::temp_dir().join(format!("xtask-fuzz-seeds-{}", std::process::id()));
        write(&crate::workspace_root(), &out).unwrap();
        for (target, extension) in DECODER_TARGETS {
            let files: Vec<PathBuf> = fs::read_dir(out.join(target)).unwrap().map(|e| e.unwrap().path()).collect();
            assert_eq!(files.len(), 4, "{target}: one per language of the minimal fixture");
            for file in files {
                assert_eq!(file.extension().and_then(|e| e.to_str()), Some(extension));
                let bytes = fs::read(&file).unwrap();
                let decodes = match target {
                    "index_decode" => engine::Index::from_bytes(&bytes).is_ok(),
                    _ => engine::model::SiteData::from_bytes(&bytes).is_ok(),
                };
                assert!(decodes, "{} does not decode", file.display());
            }
        }
        fs::remove_dir_all(&out).unwrap();
    }
}

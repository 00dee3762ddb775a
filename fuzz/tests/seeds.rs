//! The decoder seeds are real files of a tiny build: the minimal test content compiled by the
//! site builder. `cargo test -- --ignored write_decoder_seeds` writes them anew after a format
//! change; `seeds_decode` fails until then.

use std::fs;
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The minimal test content (with the real vocabularies and UI strings), built.
fn tiny_site() -> sitegen::Site {
    let root = fuzz_dir().join("..");
    let dir = std::env::temp_dir().join(format!("site-fuzz-seeds-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy(&root.join("tests/fixtures/minimal"), &dir);
    copy(&root.join("content/vocab"), &dir.join("vocab"));
    copy(&root.join("content/ui"), &dir.join("ui"));
    let site = sitegen::load(&dir).unwrap_or_else(|errors| panic!("{errors}"));
    let _ = fs::remove_dir_all(&dir);
    site
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
#[ignore = "writes the seed files"]
fn write_decoder_seeds() {
    for lang_site in tiny_site().languages {
        let lang = lang_site.lang.code();
        fs::write(fuzz_dir().join(format!("corpus/index_decode/{lang}.idx")), &lang_site.index.bytes).unwrap();
        let data = lang_site.data.to_bytes().unwrap();
        fs::write(fuzz_dir().join(format!("corpus/site_data_decode/{lang}.pages")), data).unwrap();
    }
}

#[test]
fn seeds_decode() {
    for (dir, decodes) in [
        ("index_decode", (|b: &[u8]| engine::Index::from_bytes(b).is_ok()) as fn(&[u8]) -> bool),
        ("site_data_decode", |b: &[u8]| engine::model::SiteData::from_bytes(b).is_ok()),
    ] {
        let seeds: Vec<_> = fs::read_dir(fuzz_dir().join("corpus").join(dir)).unwrap().collect();
        assert_eq!(seeds.len(), 4, "{dir}");
        for seed in seeds {
            let path = seed.unwrap().path();
            assert!(decodes(&fs::read(&path).unwrap()), "{} no longer decodes", path.display());
        }
    }
}

#[test]
fn every_target_runs_its_seeds() {
    for (name, target) in site_fuzz::TARGETS {
        for seed in fs::read_dir(fuzz_dir().join("corpus").join(name)).unwrap() {
            target(&fs::read(seed.unwrap().path()).unwrap());
        }
    }
}

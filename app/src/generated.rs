//! Produced by `build.rs` from `content/`: UI strings per language and the names of the
//! hashed data files.

include!(concat!(env!("OUT_DIR"), "/generated.rs"));

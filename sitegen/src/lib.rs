//! The site builder: reads `content/`, checks it, renders Markdown, and compiles one search
//! index and one data file per language. `cargo xtask dist` (and `serve`, on every content
//! edit) runs it as a library; no code is compiled from the content.

pub mod catalogue_keys;
pub mod error;
pub mod figures;
pub mod firm;
pub mod index_build;
pub mod lang_text;
pub mod markdown;
pub mod nesting;
pub mod output;
pub mod pages;
pub mod qr;
pub mod release;
pub mod settings;
pub mod sharding;
pub mod site;
pub mod size;
pub mod source;
pub mod toml_file;
pub mod ui;
pub mod vocab;

pub use error::{ContentError, ContentErrors};
pub use site::{load, Site};

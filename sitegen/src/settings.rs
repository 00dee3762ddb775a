//! Site settings (`content/site.toml`).

use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::error::{ContentError, ContentErrors};
use crate::toml_file;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where buyers' inquiries go: the cluster's coordination desk.
    pub coordinator_email: String,
}

pub fn load(content_dir: &Path, errors: &mut ContentErrors) -> Settings {
    let path = content_dir.join("site.toml");
    let Ok(text) = fs::read_to_string(&path) else {
        errors.push(ContentError::new(
            &path,
            0,
            "site settings are missing",
            "create content/site.toml with coordinator_email = \"…\"",
        ));
        return Settings::default();
    };
    match toml_file::parse::<Settings>(&path, &text, 1) {
        Ok(settings) => {
            if !settings.coordinator_email.contains('@') {
                errors.push(ContentError::new(
                    &path,
                    1,
                    "coordinator_email is not an e-mail address",
                    "write the coordination desk's address",
                ));
            }
            settings
        }
        Err(e) => {
            errors.push(e);
            Settings::default()
        }
    }
}

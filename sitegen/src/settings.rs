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
    /// Scheme and host the site is published at (printed QR codes point there).
    pub public_url: String,
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
            if !settings.public_url.starts_with("https://") && !settings.public_url.starts_with("http://") {
                errors.push(ContentError::new(
                    &path,
                    1,
                    "public_url is not a web address",
                    "write the site's address, e.g. public_url = \"https://www.example.org\"",
                ));
            }
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

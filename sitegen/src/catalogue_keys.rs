//! The UI strings the engine's catalogues name (a vocabulary group's label, a fixed page's title
//! and description, a landing page's lead sentence) must exist: a group added to
//! `engine::groups::GROUPS` without its label is a content error, never a heading borrowed
//! from another group or left blank.

use std::path::Path;

use engine::groups::GROUPS;
use engine::routes::FIXED_PAGES;
use engine::Lang;

use crate::error::{ContentError, ContentErrors};
use crate::ui::UiStrings;

/// Each key a catalogue names, with what names it.
pub fn named_keys() -> Vec<(String, String)> {
    let mut keys = Vec::new();
    for group in &GROUPS {
        keys.push((group.label_key.to_string(), format!("the label of the vocabulary group `{}`", group.id)));
        if let Some(segment) = group.landing {
            for key in engine::landing::lead_keys(segment) {
                keys.push((key, format!("the lead sentence of the `{segment}` landing pages")));
            }
        }
    }
    for page in &FIXED_PAGES {
        keys.push((page.title_key.to_string(), format!("the title of the `{}` page", page.segment)));
        keys.push((page.description_key.to_string(), format!("the description of the `{}` page", page.segment)));
    }
    keys
}

/// Reports every key a catalogue names that `ui` lacks.
pub fn check(content_dir: &Path, ui: &UiStrings, errors: &mut ContentErrors) {
    let path = content_dir.join("ui").join(Lang::DEFAULT.profile().ui_file);
    for (key, what) in named_keys() {
        if !ui.keys.contains(&key) {
            errors.push(ContentError::new(
                &path,
                0,
                format!("UI string `{key}` is missing: it is {what}"),
                format!("add `{key} = \"…\"` to every file in content/ui/"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_label_missing_from_the_ui_strings_is_an_error() {
        let all: Vec<String> = named_keys().into_iter().map(|(key, _)| key).collect();
        let complete = UiStrings { keys: all.clone(), texts: Vec::new() };
        let mut errors = ContentErrors::default();
        check(Path::new("content"), &complete, &mut errors);
        assert!(errors.is_empty(), "{errors}");

        let without =
            UiStrings { keys: all.into_iter().filter(|key| key != "facet_roles").collect(), texts: Vec::new() };
        check(Path::new("content"), &without, &mut errors);
        let message = errors.to_string();
        assert!(message.contains("`facet_roles` is missing") && message.contains("`roles`"), "{message}");
    }
}

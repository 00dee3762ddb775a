//! The words that name things of the engine's catalogues in the interface: kinds of document
//! and vocabulary groups.

use engine::model::{Doc, DocKind};
use engine::Lang;

use crate::i18n::ui;

/// The name of a vocabulary group in `lang` (its facet heading): the UI string its row of
/// `engine::groups::GROUPS` names. The content check rejects a group whose key has no text, so
/// the empty fallback is never shown.
pub fn group_label(lang: Lang, group: &str) -> &'static str {
    engine::groups::group(group).and_then(|group| ui(lang).text(group.label_key)).unwrap_or_default()
}

/// The label of a document's kind in `lang`.
pub fn kind_label(lang: Lang, doc: &Doc) -> &'static str {
    let t = ui(lang);
    match doc.kind {
        DocKind::Firm => t.kind_firm,
        DocKind::Strategy => t.kind_strategy,
        DocKind::Institution => t.kind_institution,
        DocKind::Page => t.kind_page,
        DocKind::Program => match doc.program.as_ref().map(|p| p.kind.as_str()) {
            Some("event") => t.kind_event,
            Some("training") => t.kind_training,
            _ => t.kind_program,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_has_its_own_label_in_every_language() {
        for lang in crate::i18n::tests::site_languages() {
            let labels: Vec<&str> = engine::groups::GROUPS.iter().map(|group| group_label(lang, group.id)).collect();
            assert!(labels.iter().all(|label| !label.is_empty()), "{lang}: {labels:?}");
            let mut distinct = labels.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), labels.len(), "{lang}: {labels:?}");
        }
    }
}

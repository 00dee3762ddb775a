//! Japanese: the word lists of its profile.

/// Question and request words, as typed; compared after analysis.
pub(super) const QUESTION_WORDS: &[&str] = &["探", "誰", "何", "願", "希望", "可能"];

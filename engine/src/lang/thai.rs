//! Thai: the word lists of its profile.

/// Question and request words, as typed; compared after analysis.
pub(super) const QUESTION_WORDS: &[&str] = &["ใคร", "อะไร", "ไหน", "ไหม", "หา", "ต้องการ", "บ้าง"];

//! Simplified Chinese: the word lists of its profile.

/// Question, request and function words ("which firms can…", "the", "and"), as typed; compared
/// after analysis, so never required of a result. Han text is cut into bigrams like Japanese
/// kanji: a single character here matches only where it stands alone in the query.
pub(super) const QUESTION_WORDS: &[&str] = &[
    "的", "了", "和", "与", "及", "在", "是", "有", "吗", "呢", "哪", "哪些", "哪家", "哪里", "什么", "谁", "能",
    "可以", "能够", "请", "找", "寻找", "需要", "提供",
];

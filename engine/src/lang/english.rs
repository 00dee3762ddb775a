//! English: the word lists of its profile.

/// Stop words, sorted. Kept small on purpose: words such as "it", "us", "can" or "no" are also
/// abbreviations buyers search for (IT, US, CAN bus).
pub(super) const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "in", "into", "is",
    "its", "of", "on", "or", "our", "s", "such", "than", "that", "the", "their", "these", "this", "those", "to", "was",
    "we", "were", "which", "with",
];

/// Endings the stemmer removes: a half-typed word may still get one before its indexed stem,
/// and misspelt words that escaped the stemmer keep one (see `finder::typo`).
pub(super) const TYPED_ENDINGS: &[&str] = &[
    "s", "es", "ed", "ing", "ings", "er", "ers", "ion", "ions", "ation", "ations", "al", "ly", "ment", "ments", "ness",
    "able", "ity", "ive", "ize", "ized", "izing", "ise", "ised", "ising", "e",
];

/// Question and request words, as typed; compared after analysis.
pub(super) const QUESTION_WORDS: &[&str] = &[
    "who", "what", "which", "where", "how", "why", "can", "could", "would", "do", "does", "i", "you", "me", "my",
    "need", "want", "looking", "find", "search", "please", "any", "anyone", "someone", "there", "offer", "offers",
    "make", "makes", "doing", "does",
];

//! German: the word lists of its profile.

/// Stop words in folded form (ä→a, ö→o, ü→u, ß→ss), sorted. "über" is not one: "uber" must
/// still find it.
pub(super) const STOP_WORDS: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den", "der", "des", "die", "durch",
    "ein", "eine", "einem", "einen", "einer", "eines", "es", "fur", "im", "in", "ist", "mit", "nach", "oder", "sich",
    "sind", "und", "unser", "unsere", "vom", "von", "wie", "wir", "zu", "zum", "zur",
];

/// Endings the stemmer removes (see the English list).
pub(super) const TYPED_ENDINGS: &[&str] =
    &["e", "en", "em", "er", "ern", "es", "s", "n", "ung", "ungen", "lich", "isch", "ig", "ik", "heit", "keit", "end"];

/// Question and request words, as typed; compared after analysis.
pub(super) const QUESTION_WORDS: &[&str] = &[
    "wer", "was", "welche", "welcher", "welches", "wo", "kann", "können", "suche", "suchen", "brauche", "brauchen",
    "gibt", "ich", "bitte", "jemand", "bietet", "anbietet", "macht", "machen",
];

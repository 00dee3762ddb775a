//! CJK runs: overlapping character bigrams, or the character itself for a one-character run.

use super::script::{classify, CjkKind, Class};
use super::Sink;

/// The byte length of the run of `kind` characters at the start of `text`.
pub(super) fn run_end(text: &str, kind: CjkKind) -> usize {
    text.char_indices().find(|&(_, c)| classify(c) != Class::Cjk(kind)).map_or(text.len(), |(at, _)| at)
}

/// Emits the bigrams of `run` (射出成形 → 射出 出成 成形), or `run` itself if it is one character.
pub(super) fn bigrams(run: &str, sink: &mut Sink<'_>) {
    let mut previous_start = 0;
    let mut emitted = false;
    for (start, c) in run.char_indices().skip(1) {
        if let Some(bigram) = run.get(previous_start..start + c.len_utf8()) {
            sink.push(bigram);
            emitted = true;
        }
        previous_start = start;
    }
    if !emitted {
        sink.push(run);
    }
}

//! Thai runs: clusters (a base character with its combining vowels and tone marks), then
//! overlapping cluster bigrams. Thai has no spaces between words and no dictionary ships to
//! the browser, so bigrams keep index and query consistent by construction.

use super::script::{classify, Class};
use super::Sink;

/// The byte length of the Thai run at the start of `text`.
pub(super) fn run_end(text: &str) -> usize {
    text.char_indices()
        .find(|&(_, c)| !matches!(classify(c), Class::ThaiBase | Class::ThaiMark))
        .map_or(text.len(), |(at, _)| at)
}

/// Emits the cluster bigrams of `run` (ไทเทเนียม → ไท ทเ เท ทเ เนี นีย ยม), or the run itself if
/// it is a single cluster. A mark at the start of the run forms a cluster of its own.
pub(super) fn bigrams(run: &str, sink: &mut Sink<'_>) {
    // Start offsets of the previous and the current cluster.
    let mut previous: Option<usize> = None;
    let mut current = 0;
    for (at, c) in run.char_indices().skip(1) {
        if classify(c) != Class::ThaiBase {
            continue;
        }
        if let Some(start) = previous {
            sink.push(run.get(start..at).unwrap_or_default());
        }
        previous = Some(current);
        current = at;
    }
    let last_start = previous.unwrap_or(current);
    sink.push(run.get(last_start..).unwrap_or_default());
}

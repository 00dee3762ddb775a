//! The union of an index's field vocabularies, sorted and stored compactly, for searches
//! that scan the whole vocabulary (typo and compound-part matching): one pass over the union
//! instead of one per field.
//!
//! It is derived data, built on first use and kept in a small per-thread cache keyed by a
//! cheap fingerprint of the index (its buffers' addresses, sizes and end terms), so that
//! [`Index`] stays a plain data type. Callers use it only to generate candidate terms and
//! look every candidate up in the fields themselves, so even a stale entry (an index
//! mutated in place after a search, which the fingerprint may not notice) can only make
//! those searches miss candidates — never return a wrong document or panic.

use std::cell::RefCell;
use std::rc::Rc;

use super::Index;

/// Indexes remembered per thread (one per language of the site is typical).
const CACHED_INDEXES: usize = 4;

/// Distinct terms of all fields in ascending order, in one buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vocabulary {
    text: String,
    /// `ends[i]` = end of term `i` in `text` (its start is the previous end).
    ends: Vec<u32>,
}

impl Vocabulary {
    /// The union of `index`'s field terms: cached for this thread, built if needed.
    pub fn of(index: &Index) -> Rc<Vocabulary> {
        let fingerprint = Fingerprint::of(index);
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(position) = cache.iter().position(|(seen, _)| *seen == fingerprint) {
                let entry = cache.remove(position);
                let vocabulary = Rc::clone(&entry.1);
                cache.push(entry);
                return vocabulary;
            }
            let vocabulary = Rc::new(Vocabulary::build(index));
            if cache.len() >= CACHED_INDEXES {
                cache.remove(0);
            }
            cache.push((fingerprint, Rc::clone(&vocabulary)));
            vocabulary
        })
    }

    /// Builds the union by merging the fields' sorted term lists. A field whose terms are
    /// not strictly ascending (a hand-built index that breaks the invariant) is left out.
    pub fn build(index: &Index) -> Vocabulary {
        let lists: Vec<Vec<&str>> = index
            .fields
            .iter()
            .map(|field| field.terms.iter().map(String::as_str).collect::<Vec<&str>>())
            .filter(|list| list.windows(2).all(|pair| pair.first() < pair.last()))
            .collect();
        let mut heads = vec![0usize; lists.len()];
        let mut vocabulary = Vocabulary::default();
        let mut previous: Option<&str> = None;
        loop {
            let next = lists.iter().zip(&heads).filter_map(|(list, &head)| list.get(head).copied()).min();
            let Some(next) = next else { break };
            for (list, head) in lists.iter().zip(heads.iter_mut()) {
                if list.get(*head) == Some(&next) {
                    *head += 1;
                }
            }
            if previous != Some(next) && !next.is_empty() {
                vocabulary.text.push_str(next);
                vocabulary.ends.push(u32::try_from(vocabulary.text.len()).unwrap_or(u32::MAX));
            }
            previous = Some(next);
        }
        vocabulary
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Term `position`, or `""` beyond the end.
    pub fn get(&self, position: usize) -> &str {
        let start = position.checked_sub(1).and_then(|p| self.ends.get(p)).map_or(0, |&end| end as usize);
        let end = self.ends.get(position).map_or(start, |&end| end as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(move |position| self.get(position))
    }

    /// The terms as bytes with their positions, for fast scans (no char-boundary checks).
    pub fn iter_bytes(&self) -> impl Iterator<Item = (usize, &[u8])> + '_ {
        let bytes = self.text.as_bytes();
        let mut start = 0usize;
        self.ends.iter().enumerate().map(move |(position, &end)| {
            let end = end as usize;
            let term = bytes.get(start..end).unwrap_or_default();
            start = end;
            (position, term)
        })
    }
}

/// What identifies an index cheaply: addresses and sizes of its buffers and of each field's
/// first and last term.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fingerprint {
    doc_refs: (usize, usize),
    fields: Vec<[usize; 7]>,
}

impl Fingerprint {
    fn of(index: &Index) -> Self {
        let fields = index
            .fields
            .iter()
            .map(|field| {
                let end = |term: Option<&String>| term.map_or((0, 0), |t| (t.as_ptr() as usize, t.len()));
                let (first, last) = (end(field.terms.first()), end(field.terms.last()));
                [
                    field.terms.as_ptr() as usize,
                    field.terms.len(),
                    field.postings.len(),
                    first.0,
                    first.1,
                    last.0,
                    last.1,
                ]
            })
            .collect();
        Self { doc_refs: (index.doc_refs.as_ptr() as usize, index.doc_refs.len()), fields }
    }
}

thread_local! {
    static CACHE: RefCell<Vec<(Fingerprint, Rc<Vocabulary>)>> = const { RefCell::new(Vec::new()) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Field, Posting};

    fn field(name: &str, terms: &[&str]) -> Field {
        Field {
            name: name.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            postings: terms.iter().map(|_| vec![Posting { doc: 0, count: 1 }]).collect(),
            doc_lengths: vec![1],
        }
    }

    #[test]
    fn merges_field_vocabularies() {
        let index = Index {
            doc_refs: vec!["a".into()],
            fields: vec![field("t", &["b", "d", "射出"]), field("u", &["a", "b", "c"]), field("v", &[])],
        };
        let vocabulary = Vocabulary::of(&index);
        assert_eq!(vocabulary.iter().collect::<Vec<_>>(), ["a", "b", "c", "d", "射出"]);
        assert_eq!(vocabulary.get(4), "射出");
        assert_eq!(vocabulary.get(5), "");
        // The same index is served from the cache.
        assert!(Rc::ptr_eq(&vocabulary, &Vocabulary::of(&index)));
        // Unsorted hand-built fields are left out.
        let index = Index { doc_refs: vec![], fields: vec![field("t", &["z", "a"]), field("u", &["", "b"])] };
        assert_eq!(Vocabulary::build(&index).iter().collect::<Vec<_>>(), ["b"]);
    }
}

//! The invariants of [`Index`], checked once after decoding so that search can rely on them.

use super::{Field, Index, IndexError};

impl Index {
    /// Checks every invariant documented on [`Index`], [`Field`] and
    /// [`Posting`](super::Posting).
    pub fn validate(&self) -> Result<(), IndexError> {
        validate(self)
    }
}

pub(super) fn validate(index: &Index) -> Result<(), IndexError> {
    let doc_count = index.doc_refs.len();
    if u32::try_from(doc_count).is_err() {
        return Err(invalid(format!("{doc_count} documents do not fit 32-bit document numbers")));
    }
    let mut refs: Vec<&str> = index.doc_refs.iter().map(String::as_str).collect();
    refs.sort_unstable();
    if let Some(pair) = refs.windows(2).find(|pair| pair.first() == pair.last()) {
        let duplicate = pair.first().copied().unwrap_or_default();
        return Err(invalid(format!("document reference {duplicate:?} occurs twice")));
    }
    for (position, field) in index.fields.iter().enumerate() {
        let earlier = index.fields.iter().take(position);
        if earlier.into_iter().any(|other| other.name == field.name) {
            return Err(invalid(format!("field {:?} occurs twice", field.name)));
        }
        validate_field(field, doc_count)?;
    }
    Ok(())
}

fn validate_field(field: &Field, doc_count: usize) -> Result<(), IndexError> {
    let name = &field.name;
    if field.doc_lengths.len() != doc_count {
        return Err(invalid(format!(
            "field {name:?} has {} document lengths for {doc_count} documents",
            field.doc_lengths.len()
        )));
    }
    if field.postings.len() != field.terms.len() {
        return Err(invalid(format!(
            "field {name:?} has {} postings lists for {} terms",
            field.postings.len(),
            field.terms.len()
        )));
    }
    let mut previous: Option<&str> = None;
    for (term, postings) in field.terms.iter().zip(&field.postings) {
        if term.is_empty() {
            return Err(invalid(format!("field {name:?} has an empty term")));
        }
        if previous.is_some_and(|previous| previous >= term.as_str()) {
            return Err(invalid(format!("field {name:?}: term {term:?} is out of order or repeated")));
        }
        previous = Some(term);
        if postings.is_empty() {
            return Err(invalid(format!("field {name:?}: term {term:?} has no postings")));
        }
        let mut next_doc: u64 = 0;
        for posting in postings {
            if u64::from(posting.doc) < next_doc {
                return Err(invalid(format!(
                    "field {name:?}: postings of {term:?} are not strictly ascending at document {}",
                    posting.doc
                )));
            }
            if posting.doc as usize >= doc_count {
                return Err(invalid(format!(
                    "field {name:?}: term {term:?} names document {} of {doc_count}",
                    posting.doc
                )));
            }
            if posting.count == 0 {
                return Err(invalid(format!(
                    "field {name:?}: term {term:?} occurs zero times in document {}",
                    posting.doc
                )));
            }
            next_doc = u64::from(posting.doc) + 1;
        }
    }
    Ok(())
}

fn invalid(detail: String) -> IndexError {
    IndexError::Invalid(detail)
}

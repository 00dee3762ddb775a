//! The inquiry draft, kept in `sessionStorage` so that leaving the shortlist page or reloading
//! it does not lose what the buyer typed. Session rather than local storage: a half-written
//! request for quotation should not outlive the browser session on a shared computer. It is
//! not cleared by "open in e-mail" or "copy": neither tells whether the message was sent.
//! Whatever the storage holds is untrusted: parsed strictly, capped like the form.

use crate::inquiry::{Inquiry, MAX_DETAILS_CHARS, MAX_FIELD_CHARS};
use crate::links;

/// The storage key; the version lets a later format replace this one cleanly.
pub const STORAGE_KEY: &str = "connected-fukushima.inquiry-draft.v1";

/// The key for this site: builds hosted under different paths of one origin (GitHub Pages
/// project sites) keep separate drafts.
fn key() -> String {
    format!("{STORAGE_KEY}:{}", links::router_base())
}

/// `sessionStorage`, when the browser lets the page use it.
fn storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.session_storage().ok().flatten()
}

/// The saved draft, or an empty one.
pub fn load() -> Inquiry {
    let stored = storage().and_then(|s| s.get_item(&key()).ok().flatten()).unwrap_or_default();
    parse(&stored)
}

/// Saves the draft (an empty one is removed); a full or unavailable storage only means the
/// draft will not survive leaving the page.
pub fn save(inquiry: &Inquiry) {
    let Some(storage) = storage() else { return };
    if *inquiry == Inquiry::default() {
        let _ = storage.remove_item(&key());
    } else if let Ok(text) = serde_json::to_string(&to_list(inquiry).as_slice()) {
        let _ = storage.set_item(&key(), &text);
    }
}

/// The fields in form order, as stored: a JSON list of strings, because the app already
/// decodes those (the shortlist) and a list needs no new decoder in the WebAssembly.
fn to_list(inquiry: &Inquiry) -> Vec<String> {
    [
        &inquiry.part,
        &inquiry.material,
        &inquiry.quantity,
        &inquiry.tolerance,
        &inquiry.certification,
        &inquiry.target_date,
        &inquiry.details,
    ]
    .into_iter()
    .cloned()
    .collect()
}

/// A stored draft; anything but a list of exactly the form's fields is no draft. Lengths are
/// cut to what the form allows.
pub fn parse(stored: &str) -> Inquiry {
    let list = serde_json::from_slice::<Vec<String>>(stored.as_bytes()).unwrap_or_default();
    let Ok([part, material, quantity, tolerance, certification, target_date, details]) = <[String; 7]>::try_from(list)
    else {
        return Inquiry::default();
    };
    let line = |text: String| capped(text, MAX_FIELD_CHARS);
    Inquiry {
        part: line(part),
        material: line(material),
        quantity: line(quantity),
        tolerance: line(tolerance),
        certification: line(certification),
        target_date: line(target_date),
        details: capped(details, MAX_DETAILS_CHARS),
    }
}

fn capped(mut text: String, max: usize) -> String {
    if let Some((at, _)) = text.char_indices().nth(max) {
        text.truncate(at);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_saved() {
        let draft = Inquiry { part: "Bone screw".into(), details: "Line one\nLine two".into(), ..Inquiry::default() };
        let text = serde_json::to_string(&to_list(&draft).as_slice()).expect("serializes");
        assert_eq!(parse(&text), draft);
    }

    #[test]
    fn anything_else_is_no_draft() {
        for stored in ["", "{not json", r#"["a"]"#, r#"{"part": "a"}"#, "3", "null", r#"["a","b","c","d","e","f",7]"#] {
            assert_eq!(parse(stored), Inquiry::default(), "{stored}");
        }
    }

    #[test]
    fn caps_tampered_lengths() {
        let mut list = vec![String::new(); 7];
        list[0] = "ü".repeat(5000);
        list[6] = "y".repeat(50_000);
        let draft = parse(&serde_json::to_string(&list).expect("serializes"));
        assert_eq!(draft.part.chars().count(), MAX_FIELD_CHARS);
        assert_eq!(draft.details.len(), MAX_DETAILS_CHARS);
    }
}

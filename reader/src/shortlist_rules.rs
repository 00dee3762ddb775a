//! The shortlist as stored in `localStorage`: a JSON list of firm ids under one key. Shared by
//! the document pages (star button, count) and the app (shortlist, compare, inquiry), so both
//! read and write the same thing. Whatever the storage holds is untrusted.

/// The `localStorage` key; the version lets a later format replace this one cleanly.
pub const STORAGE_KEY: &str = "connected-fukushima.shortlist.v1";
/// More than any buyer needs; caps what a tampered storage entry can make a page render.
pub const MAX_ENTRIES: usize = 200;

/// Whether `id` looks like a firm slug (`hoshizora-micro`).
pub fn is_firm_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The stored ids that look like ids, first occurrence kept, capped.
pub fn sanitize(stored: Vec<String>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in stored.into_iter().filter(|id| is_firm_id(id)) {
        if ids.len() == MAX_ENTRIES {
            break;
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// `ids` with `id` added at the end, or removed when it was there.
pub fn toggled(ids: &[String], id: &str) -> Vec<String> {
    if ids.iter().any(|known| known == id) {
        ids.iter().filter(|known| *known != id).cloned().collect()
    } else if ids.len() < MAX_ENTRIES && is_firm_id(id) {
        let mut next = ids.to_vec();
        next.push(id.to_string());
        next
    } else {
        ids.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keeps_only_valid_distinct_ids() {
        let stored = strings(&["hoshizora-micro", "<script>", "hoshizora-micro", "", "Upper", "aizu-coat"]);
        assert_eq!(sanitize(stored), vec!["hoshizora-micro", "aizu-coat"]);
    }

    #[test]
    fn caps_the_number_of_entries() {
        let many: Vec<String> = (0..1000).map(|i| format!("firm-{i}")).collect();
        assert_eq!(sanitize(many).len(), MAX_ENTRIES);
    }

    #[test]
    fn toggles_ids_in_order() {
        let ids = toggled(&toggled(&[], "a"), "b");
        assert_eq!(ids, vec!["a", "b"]);
        assert_eq!(toggled(&ids, "a"), vec!["b"]);
        assert_eq!(toggled(&ids, "Not An Id"), ids);
    }
}

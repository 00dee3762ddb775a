//! Reading the JSON written by elasticlunr-rs 3.1 (`Index::to_json`) and elasticlunr.js 0.9.5
//! (`JSON.stringify(index)`): per field a trie with one object per character
//! (`index.<field>.root`), field lengths in `documentStore.docInfo`, documents in
//! `documentStore.docs`. Host side only (feature `json`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::validate::validate;
use super::{Field, Index, IndexError, Posting};

type Object = Map<String, Value>;

impl Index {
    /// Converts an elasticlunr index. Each posting's count is recovered as round(tf²)
    /// (elasticlunr stores tf = sqrt(count)).
    ///
    /// Documents are numbered in the order elasticlunr.js iterates them: references that are
    /// array indices ("0", "1", …) in numeric order, then the others in byte order (the order
    /// elasticlunr-rs writes them). Search ties break by document number, so they break
    /// like elasticlunr.js's results.
    pub fn from_elasticlunr_json(json: &str) -> Result<Index, IndexError> {
        let root: Value = serde_json::from_str(json).map_err(|e| error(format!("not JSON: {e}")))?;
        let field_names = field_names(&root)?;
        let store = object(root.get("documentStore"), "documentStore")?;
        let docs = object(store.get("docs"), "documentStore.docs")?;
        let doc_info = object(store.get("docInfo"), "documentStore.docInfo")?;
        let length = store.get("length").and_then(Value::as_u64);
        if length != Some(docs.len() as u64) {
            return Err(error(format!(
                "documentStore.length is {length:?} but documentStore.docs has {} documents",
                docs.len()
            )));
        }
        let doc_refs = js_key_order(docs.keys().map(String::as_str));
        let doc_numbers: HashMap<&str, u32> =
            doc_refs.iter().zip(0u32..).map(|(doc_ref, number)| (doc_ref.as_str(), number)).collect();

        let tries = object(root.get("index"), "index")?;
        if let Some(extra) = tries.keys().find(|name| !field_names.contains(name)) {
            return Err(error(format!("index.{extra} is not listed in fields")));
        }
        let mut fields = Vec::with_capacity(field_names.len());
        for name in &field_names {
            let trie = tries.get(name).and_then(|field| field.get("root"));
            let trie = object(trie, &format!("index.{name}.root"))?;
            let (terms, postings) = read_trie(trie, &doc_numbers)?.into_iter().unzip();
            let doc_lengths =
                doc_refs.iter().map(|doc_ref| field_length(doc_info, doc_ref, name)).collect::<Result<_, _>>()?;
            fields.push(Field { name: name.clone(), terms, postings, doc_lengths });
        }
        let index = Index { doc_refs, fields };
        validate(&index)?;
        Ok(index)
    }
}

fn field_names(root: &Value) -> Result<Vec<String>, IndexError> {
    let names = root.get("fields").and_then(Value::as_array);
    let names = names.ok_or_else(|| error("fields is missing or not an array".into()))?;
    names
        .iter()
        .map(|name| name.as_str().map(str::to_owned))
        .collect::<Option<_>>()
        .ok_or_else(|| error("fields holds a non-string".into()))
}

/// Orders keys the way a JS engine iterates an object's own keys: array indices ascending,
/// then the rest (sorted here; elasticlunr-rs writes them sorted).
fn js_key_order<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut keys: Vec<&str> = keys.collect();
    keys.sort_by_key(|key| {
        let index = js_array_index(key);
        (index.is_none(), index.unwrap_or(0), *key)
    });
    keys.into_iter().map(str::to_owned).collect()
}

/// The value of `key` if JS treats it as an array index: canonical decimal below 2³² − 1.
fn js_array_index(key: &str) -> Option<u32> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    if !canonical || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|&value| value != u32::MAX)
}

/// All terms of a trie with their postings, sorted by term. Walks with an explicit stack (the
/// JSON parser already bounds the depth, but recursion depth should not depend on input).
fn read_trie(root: &Object, doc_numbers: &HashMap<&str, u32>) -> Result<Vec<(String, Vec<Posting>)>, IndexError> {
    let mut entries = Vec::new();
    let mut stack: Vec<(String, &Object)> = vec![(String::new(), root)];
    while let Some((prefix, node)) = stack.pop() {
        for (key, child) in node {
            if key == "df" || key == "docs" {
                continue;
            }
            let term = format!("{prefix}{key}");
            let child = child.as_object().ok_or_else(|| error(format!("trie node {term:?} is not an object")))?;
            if let Some(postings) = read_postings(child, &term, doc_numbers)? {
                entries.push((term.clone(), postings));
            }
            stack.push((term, child));
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// The postings stored at the trie node of `term`, or `None` for a node that only carries a
/// prefix (`df` 0, no docs).
fn read_postings(
    node: &Object,
    term: &str,
    doc_numbers: &HashMap<&str, u32>,
) -> Result<Option<Vec<Posting>>, IndexError> {
    let df = node.get("df").and_then(Value::as_u64);
    let df = df.ok_or_else(|| error(format!("trie node {term:?} has no numeric df")))?;
    let empty = Object::new();
    let docs = match node.get("docs") {
        None | Some(Value::Null) => &empty,
        Some(docs) => docs.as_object().ok_or_else(|| error(format!("docs of term {term:?} is not an object")))?,
    };
    if df != docs.len() as u64 {
        return Err(error(format!("term {term:?} has df {df} but {} docs", docs.len())));
    }
    if docs.is_empty() {
        return Ok(None);
    }
    let mut postings = Vec::with_capacity(docs.len());
    for (doc_ref, entry) in docs {
        let doc = doc_numbers
            .get(doc_ref.as_str())
            .copied()
            .ok_or_else(|| error(format!("term {term:?} names unknown document {doc_ref:?}")))?;
        let tf = entry.get("tf").and_then(Value::as_f64);
        let count = tf
            .and_then(count_from_tf)
            .ok_or_else(|| error(format!("term {term:?} in document {doc_ref:?}: tf {tf:?} is not sqrt of a count")))?;
        postings.push(Posting { doc, count });
    }
    postings.sort_unstable_by_key(|posting| posting.doc);
    Ok(Some(postings))
}

/// Recovers count from tf = sqrt(count).
fn count_from_tf(tf: f64) -> Option<u32> {
    if !tf.is_finite() || tf <= 0.0 {
        return None;
    }
    let count = (tf * tf).round();
    if !(1.0..=f64::from(u32::MAX)).contains(&count) {
        return None;
    }
    let count = count as u32;
    let exact = (f64::from(count).sqrt() - tf).abs() <= 1e-9 * tf;
    exact.then_some(count)
}

/// `docInfo[doc_ref][field]`; a missing field counts as 0, like elasticlunr.js.
fn field_length(doc_info: &Object, doc_ref: &str, field: &str) -> Result<u32, IndexError> {
    let lengths = doc_info.get(doc_ref).and_then(Value::as_object);
    let lengths = lengths.ok_or_else(|| error(format!("documentStore.docInfo has no entry for {doc_ref:?}")))?;
    match lengths.get(field) {
        None => Ok(0),
        Some(length) => length
            .as_u64()
            .and_then(|length| u32::try_from(length).ok())
            .ok_or_else(|| error(format!("field length of {field:?} in {doc_ref:?} is not a 32-bit count"))),
    }
}

fn object<'a>(value: Option<&'a Value>, what: &str) -> Result<&'a Object, IndexError> {
    value.and_then(Value::as_object).ok_or_else(|| error(format!("{what} is missing or not an object")))
}

fn error(detail: String) -> IndexError {
    IndexError::Json(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_refs_like_javascript_objects() {
        let keys = ["10", "b", "2", "a", "01", "0", "4294967295", "4294967294"];
        assert_eq!(js_key_order(keys.into_iter()), ["0", "2", "10", "4294967294", "01", "4294967295", "a", "b"]);
    }

    #[test]
    fn recovers_counts_from_tf() {
        assert_eq!(count_from_tf(1.0), Some(1));
        assert_eq!(count_from_tf(3f64.sqrt()), Some(3));
        assert_eq!(count_from_tf(1.5), None);
        assert_eq!(count_from_tf(0.0), None);
        assert_eq!(count_from_tf(f64::NAN), None);
    }

    #[test]
    fn reads_a_hand_written_index() {
        let json = r#"{
            "fields": ["title"], "ref": "id", "version": "0.9.5", "pipeline": [],
            "documentStore": {"docs": {"1": {}, "0": null}, "docInfo": {"0": {"title": 2}, "1": {"title": 3}}, "length": 2, "save": false},
            "index": {"title": {"root": {"df": 0, "docs": {},
                "a": {"df": 1, "docs": {"1": {"tf": 1.4142135623730951}},
                    "b": {"df": 2, "docs": {"0": {"tf": 1}, "1": {"tf": 1}}}}}}}
        }"#;
        let index = Index::from_elasticlunr_json(json).expect("valid");
        assert_eq!(index.doc_refs, ["0", "1"]);
        let title = index.field("title").expect("title");
        assert_eq!(title.terms, ["a", "ab"]);
        assert_eq!(title.postings[0], [Posting { doc: 1, count: 2 }]);
        assert_eq!(title.postings[1], [Posting { doc: 0, count: 1 }, Posting { doc: 1, count: 1 }]);
        assert_eq!(title.doc_lengths, [2, 3]);
    }

    #[test]
    fn rejects_inconsistent_json() {
        let base = r#"{"fields": ["t"], "documentStore": {"docs": {"0": {}}, "docInfo": {"0": {"t": 1}}, "length": 1},
            "index": {"t": {"root": {"df": 0, "docs": {}, "x": NODE}}}}"#;
        for (node, problem) in [
            (r#"{"df": 2, "docs": {"0": {"tf": 1}}}"#, "df"),
            (r#"{"df": 1, "docs": {"7": {"tf": 1}}}"#, "unknown document"),
            (r#"{"df": 1, "docs": {"0": {"tf": -1}}}"#, "tf"),
            (r#"[]"#, "not an object"),
        ] {
            let error = Index::from_elasticlunr_json(&base.replace("NODE", node)).expect_err(node);
            assert!(error.to_string().contains(problem), "{error}");
        }
        assert!(Index::from_elasticlunr_json("{").is_err());
        assert!(Index::from_elasticlunr_json("{}").is_err());
    }
}

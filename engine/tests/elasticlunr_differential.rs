//! Differential test against the real elasticlunr.js 0.9.5 (run with `node`): an index built
//! by elasticlunr-rs is searched by elasticlunr.js and by this engine (read from the JSON and
//! after a binary round trip), and the results must agree in order and score.
//!
//! Needs Node.js and `npm ci` in the repository root; fails (never skips) without them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use elasticlunr::{IndexBuilder, Language, Pipeline};
use engine::elasticlunr_compat::{BoolMode, FieldOptions, SearchOptions};
use engine::Index;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;

const FIELDS: [&str; 3] = ["title", "body", "tags"];
const MAX_RELATIVE_DIFFERENCE: f64 = 1e-9;

/// elasticlunr.js's tokenizer, `str.trim().toLowerCase().split(/[\s\-]+/)`, minus empty strings.
fn js_tokenize(text: &str) -> Vec<String> {
    text.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The JS tokenizer with an empty pipeline, so both sides index and query raw tokens.
struct TokenizerOnly;

impl Language for TokenizerOnly {
    fn name(&self) -> String {
        "TokenizerOnly".into()
    }
    fn code(&self) -> String {
        "xx".into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        js_tokenize(text)
    }
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: vec![] }
    }
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture documents indexed by elasticlunr-rs, as JSON (refs "0".."n-1", no doc store).
fn elasticlunr_json() -> String {
    let docs = read_json(&fixture("elasticlunr_docs.json"));
    let docs = docs.as_array().expect("docs fixture is an array");
    let mut builder = IndexBuilder::with_language(Box::new(TokenizerOnly)).save_docs(false);
    for field in FIELDS {
        builder = builder.add_field_with_tokenizer(field, Box::new(js_tokenize));
    }
    let mut index = builder.build();
    for (number, doc) in docs.iter().enumerate() {
        let values = FIELDS.map(|field| doc.get(field).and_then(Value::as_str).expect("string field"));
        index.add_doc(&number.to_string(), values);
    }
    index.to_json()
}

fn write_temp(name: &str, contents: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

/// Runs the elasticlunr.js reference script; fails with instructions if Node.js or the npm
/// package is missing.
fn elasticlunr_js_results(index_json: &Path, queries: &Path) -> Vec<Value> {
    let library = manifest_dir().join("../node_modules/elasticlunr/elasticlunr.js");
    assert!(
        library.is_file(),
        "elasticlunr.js 0.9.5 not found at {}: run `npm ci` in the repository root",
        library.display()
    );
    let script = manifest_dir().join("tests/js/elasticlunr_reference.js");
    let output =
        Command::new("node").arg(&script).arg(&library).arg(index_json).arg(queries).output().unwrap_or_else(|e| {
            panic!("cannot run `node` ({e}): install Node.js and run `npm ci` in the repository root")
        });
    assert!(output.status.success(), "node {} failed: {}", script.display(), String::from_utf8_lossy(&output.stderr));
    let results: Value = serde_json::from_slice(&output.stdout).expect("reference script prints JSON");
    results.as_array().expect("one result per query").clone()
}

/// The elasticlunr.js config of a fixture query, as this engine's options (JS semantics:
/// no config = every field with boost 1, OR, no expansion; field settings override global).
fn search_options(config: &Value) -> SearchOptions {
    let bool_of = |value: Option<&Value>| match value.and_then(Value::as_str) {
        Some("AND") => BoolMode::And,
        _ => BoolMode::Or,
    };
    let bool_mode = bool_of(config.get("bool"));
    let global_expand = config.get("expand").and_then(Value::as_bool).unwrap_or(false);
    let fields = match config.get("fields").and_then(Value::as_array) {
        None => FIELDS
            .iter()
            .map(|name| (name.to_string(), FieldOptions { expand: global_expand, ..FieldOptions::default() }))
            .collect(),
        Some(pairs) => pairs
            .iter()
            .map(|pair| {
                let name = pair.get(0).and_then(Value::as_str).expect("field name");
                let options = pair.get(1).expect("field options");
                let field = FieldOptions {
                    boost: options.get("boost").and_then(Value::as_f64).unwrap_or(1.0),
                    expand: options.get("expand").and_then(Value::as_bool).unwrap_or(global_expand),
                    bool_mode: options.get("bool").map(|b| bool_of(Some(b))),
                };
                (name.to_string(), field)
            })
            .collect(),
    };
    SearchOptions { fields, bool_mode }
}

#[test]
fn scores_match_elasticlunr_js() {
    let json = elasticlunr_json();
    let index_path = write_temp("elasticlunr_differential_index.json", json.as_bytes());
    let queries_path = fixture("elasticlunr_queries.json");
    let queries = read_json(&queries_path);
    let queries = queries.as_array().expect("queries fixture is an array");
    let reference = elasticlunr_js_results(&index_path, &queries_path);
    assert_eq!(reference.len(), queries.len());
    assert!(queries.len() >= 50, "the differential test needs at least 50 queries");

    let from_json = Index::from_elasticlunr_json(&json).expect("elasticlunr-rs JSON converts");
    let from_bytes = Index::from_bytes(&from_json.to_bytes()).expect("binary round trip");
    assert_eq!(from_json, from_bytes);

    let (mut hits_compared, mut bit_identical, mut queries_with_hits) = (0, 0, 0);
    let mut max_relative = 0f64;
    for (query, expected) in queries.iter().zip(&reference) {
        let text = query.get("query").and_then(Value::as_str).expect("query text");
        let tokens = js_tokenize(text);
        let js_tokens: Vec<String> = serde_json::from_value(expected["tokens"].clone()).expect("tokens");
        assert_eq!(tokens, js_tokens, "tokenizers disagree on {text:?}");

        let options = match query.get("config") {
            Some(config) if !config.is_null() => search_options(config),
            _ => search_options(&Value::Null),
        };
        let hits = from_json.search_tokens(&tokens, &options);
        assert_eq!(hits, from_bytes.search_tokens(&tokens, &options), "binary index differs on {text:?}");

        let js_hits = expected["hits"].as_array().expect("hits");
        let refs: Vec<&str> = hits.iter().map(|hit| from_json.doc_ref(hit.doc).expect("doc ref")).collect();
        let js_refs: Vec<&str> = js_hits.iter().map(|hit| hit["ref"].as_str().expect("ref")).collect();
        assert_eq!(refs, js_refs, "order differs on {text:?} with {query}");
        for (hit, js_hit) in hits.iter().zip(js_hits) {
            let bits = u64::from_str_radix(js_hit["bits"].as_str().expect("bits"), 16).expect("hex bits");
            let js_score = f64::from_bits(bits);
            let relative = (hit.score - js_score).abs() / js_score.abs().max(f64::MIN_POSITIVE);
            assert!(
                relative <= MAX_RELATIVE_DIFFERENCE,
                "score of doc {} differs on {text:?}: {} vs elasticlunr.js {js_score}",
                hit.doc,
                hit.score
            );
            max_relative = max_relative.max(relative);
            bit_identical += usize::from(hit.score.to_bits() == bits);
            hits_compared += 1;
        }
        queries_with_hits += usize::from(!hits.is_empty());
    }
    println!(
        "differential: {} queries ({queries_with_hits} with hits), {hits_compared} hits, \
         {bit_identical} bit-identical, max relative difference {max_relative:e}",
        queries.len()
    );
    assert!(queries_with_hits * 10 >= queries.len() * 8, "most fixture queries should find something");
}

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

/// Size gate on the fixture. The binary is a small fraction of the JSON raw, but under gzip it
/// lands near half: the vocabulary text (stored once, front-coded) is the floor both formats
/// share, and on a corpus this small it is most of the information. Gzipping the fixture's
/// sorted vocabulary alone already takes over a quarter of the gzipped JSON.
#[test]
fn binary_index_is_much_smaller_than_the_json() {
    let json = elasticlunr_json();
    let bytes = Index::from_elasticlunr_json(&json).expect("converts").to_bytes();
    let json_gz = gzip(json.as_bytes());
    let bytes_gz = gzip(&bytes);
    write_temp("elasticlunr_fixture_index.json", json.as_bytes());
    write_temp("elasticlunr_fixture_index.bin", &bytes);
    println!(
        "fixture index: elasticlunr JSON {} B ({json_gz} B gz), binary {} B ({bytes_gz} B gz)",
        json.len(),
        bytes.len()
    );
    assert!(bytes.len() * 10 < json.len(), "binary {} B vs JSON {} B", bytes.len(), json.len());
    assert!(bytes_gz * 100 < json_gz * 55, "binary {bytes_gz} B gz vs JSON {json_gz} B gz");
}

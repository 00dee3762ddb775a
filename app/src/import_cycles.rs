//! Keeps the app's modules free of import cycles: each file's `crate::…` paths (in `use`
//! declarations, braces expanded, and written inline) outside its test module make the edges of
//! a graph of modules, which must have no cycle. A cycle means two files each need the other, so
//! neither can be understood, tested or moved on its own (the language context once lived in the
//! file that switches between every page, which tied 20 files into one loop).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`components::header`) → source text without its test module.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(src) else { continue };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let Some(stem) = relative.strip_suffix(".rs") else { continue };
            if matches!(stem, "lib" | "main") || stem.starts_with("bin/") {
                continue;
            }
            let module = stem.strip_suffix("/mod").unwrap_or(stem).replace('/', "::");
            let text = std::fs::read_to_string(&path).expect("readable source");
            let code = text.split("\n#[cfg(test)]").next().unwrap_or_default().to_string();
            found.insert(module, code);
        }
    }
    found
}

/// `a::{b::C, d::{e, f}}` → `a::b::C`, `a::d::e`, `a::d::f`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let (Some(open), Some(close)) = (tree.find('{'), tree.rfind('}')) else { return vec![tree.to_string()] };
    let prefix = &tree[..open];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, open + 1);
    for (at, c) in tree.char_indices().take(close).skip(open + 1) {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&tree[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&tree[start..close]);
    parts
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .flat_map(expand)
        .map(|rest| format!("{prefix}{rest}"))
        .collect()
}

/// Every `crate::…` path a source text names.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use crate::") {
        let after = &rest[at + "use crate::".len()..];
        let end = after.find(';').unwrap_or(after.len());
        let tree: String = after[..end].split_whitespace().collect();
        paths.extend(expand(&tree));
        rest = &after[end..];
    }
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(after.len());
        paths.push(after[..end].trim_end_matches(':').to_string());
        rest = &after[end..];
    }
    paths
}

/// The modules each module imports (the longest module prefix of each path; itself excluded).
fn graph(modules: &BTreeMap<String, String>) -> BTreeMap<&str, BTreeSet<&str>> {
    modules
        .iter()
        .map(|(module, code)| {
            let targets = crate_paths(code)
                .iter()
                .filter_map(|path| {
                    let segments: Vec<&str> = path.split("::").collect();
                    (1..=segments.len())
                        .rev()
                        .find_map(|n| modules.get_key_value(&segments[..n].join("::")).map(|(name, _)| name.as_str()))
                })
                .filter(|target| target != module)
                .collect();
            (module.as_str(), targets)
        })
        .collect()
}

/// A cycle of the graph, as the modules along it (the first repeated at the end), if any.
fn find_cycle<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Option<Vec<&'a str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'a>(
        node: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        marks: &mut BTreeMap<&'a str, Mark>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        marks.insert(node, Mark::Open);
        path.push(node);
        for &next in graph.get(node).into_iter().flatten() {
            match marks.get(next) {
                Some(Mark::Open) => {
                    let from = path.iter().position(|&n| n == next).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    cycle.push(next);
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, marks, path) {
                        return Some(cycle);
                    }
                }
            }
        }
        path.pop();
        marks.insert(node, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for &node in graph.keys() {
        if !marks.contains_key(node) {
            if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn the_app_has_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("app/src");
    let modules = modules(&src);
    assert!(modules.contains_key("components::header") && modules.contains_key("pages::search"), "modules found");
    let graph = graph(&modules);
    assert!(graph["pages::search"].contains("components::result_card"), "edges found: {:?}", graph["pages::search"]);
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle in app/src: {}", cycle.join(" → "));
    }
}

#[test]
fn finds_paths_and_cycles() {
    assert_eq!(expand("a::{b::C, d::{e, f}}"), ["a::b::C", "a::d::e", "a::d::f"]);
    let code = "use crate::a::{b, c::D};\nfn f() { crate::e::g(); }";
    assert_eq!(crate_paths(code), ["a::b", "a::c::D", "a", "e::g"]);
    let modules: BTreeMap<String, String> = [
        ("a".to_string(), "use crate::b::X;".to_string()),
        ("b".to_string(), "use crate::c;".to_string()),
        ("c".to_string(), "fn f() { crate::a::y() }".to_string()),
        ("d".to_string(), "use crate::a;".to_string()),
    ]
    .into_iter()
    .collect();
    assert_eq!(find_cycle(&graph(&modules)), Some(vec!["a", "b", "c", "a"]));
    let acyclic: BTreeMap<String, String> = modules.into_iter().filter(|(name, _)| name != "c").collect();
    assert_eq!(find_cycle(&graph(&acyclic)), None);
}

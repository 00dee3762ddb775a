//! `cargo xtask eval`: search quality on judged queries, as JSON on stdout.
//!
//! A judged query is one line of a UTF-8 TSV file:
//!
//! ```text
//! lang<TAB>kind<TAB>query<TAB>id[,id…]
//! lang<TAB>kind<TAB>query<TAB>tags:group=id[|id…][&group=id[|id…]…]
//! ```
//!
//! `lang` is `ja`, `en`, `de` or `th`; `kind` one of [`KINDS`]; `id` a document id (`hoshizora-micro`,
//! the last segment of the document's reference) or a full reference (`firms/hoshizora-micro`).
//! A `tags:` expression defines relevance by the firms' vocabulary tags instead ([`TagExpr`]):
//! every firm that has, for each `&`-joined clause, one of the `|`-joined ids in that group
//! (`processes`, `materials`, `applications`, `roles`, `certifications`, `regulatory`,
//! `events`, `municipality`, `region`). For such queries the report adds R@10: the relevant
//! firms among the first [`RECALL_TOP`] hits, divided by min(relevant firms, [`RECALL_TOP`]).
//! Every query also counts towards the zero-result rate (queries with no hit at all).
//! Blank lines are ignored, and a field starting with `#` starts a comment that runs to the end
//! of the line (so `C#` in a query is still a query). A query is found when any listed id is
//! among the first [`TOP`] hits of [`engine::finder::find`]; its reciprocal rank is 1 / the
//! rank of the first listed id there (0 when not found). Misses, and hits below rank 1, go to
//! stderr with what the engine returned instead.
//!
//! The same queries also run against [`baseline`] (elasticlunr as mdBook ships it, on the same
//! documents), reported under `baseline` so the engine's gain is a number, not a claim; with
//! `--pagefind`, against [`pagefind`] too (in headless Chromium), with the bytes and requests
//! each needs.

mod baseline;
pub(crate) mod pagefind;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use engine::{Index, Lang};
use serde_json::{json, Map, Value};

/// The kinds of query, in report order.
pub const KINDS: [&str; 11] =
    ["exact", "prefix", "typo", "multi", "synonym", "cross", "sentence", "generic", "kana", "place", "compound"];

/// How many hits count for recall (R@10) of tag-defined queries.
pub const RECALL_TOP: usize = 10;

/// How many hits count.
pub const TOP: usize = 5;

/// Targets per language (issue 3, "Quality, measured").
pub const TARGET_FOUND: f64 = 0.95;
pub const TARGET_MRR: f64 = 0.85;
/// found@5 target of the typo and prefix queries.
pub const TARGET_KIND_FOUND: f64 = 0.95;
const TARGET_KINDS: [&str; 2] = ["typo", "prefix"];

#[derive(clap::Args, Clone, Debug)]
pub struct Options {
    /// Content folder to build the indexes from (same schema as content/).
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Judged queries (TSV); default: every .tsv file in tests/queries/.
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Also index the documents with Pagefind (npm) and ask it the same queries in headless
    /// Chromium.
    #[arg(long)]
    pub pagefind: bool,
}

/// One judged query.
#[derive(Clone, Debug, PartialEq)]
pub struct Judged {
    pub lang: Lang,
    pub kind: &'static str,
    pub query: String,
    /// The relevant ids (resolved from `tags` when that is set).
    pub ids: Vec<String>,
    /// Relevance defined by vocabulary tags instead of listed ids.
    pub tags: Option<TagExpr>,
    /// `file:line`, for messages.
    pub at: String,
    /// The judged-query file (relative), so each set is reported on its own too.
    pub set: String,
}

/// The vocabulary group a [`TagExpr`] clause names: by its id (`processes`) or its facet's URL
/// parameter (`municipality`), from `engine::groups::GROUPS`.
pub fn tag_group(name: &str) -> Option<&'static engine::groups::Group> {
    engine::groups::GROUPS.iter().find(|group| group.id == name || group.facet.is_some_and(|(param, _)| param == name))
}

/// `group=id|id&group=id`: all clauses must hold; a clause holds when the firm has any of its
/// ids in that group.
#[derive(Clone, Debug, PartialEq)]
pub struct TagExpr {
    pub clauses: Vec<(String, Vec<String>)>,
}

impl TagExpr {
    pub fn parse(text: &str) -> Result<TagExpr, String> {
        let mut clauses = Vec::new();
        for clause in text.split('&') {
            let Some((group, ids)) = clause.split_once('=') else {
                return Err(format!("tag clause `{clause}` is not group=id[|id…]"));
            };
            let group = group.trim();
            if tag_group(group).is_none() {
                let known: Vec<&str> = engine::groups::GROUPS.iter().map(|group| group.id).collect();
                return Err(format!("unknown tag group `{group}`; use one of {}", known.join(", ")));
            }
            let ids: Vec<String> =
                ids.split('|').map(str::trim).filter(|id| !id.is_empty()).map(String::from).collect();
            if ids.is_empty() {
                return Err(format!("tag clause `{clause}` names no id"));
            }
            clauses.push((group.to_string(), ids));
        }
        Ok(TagExpr { clauses })
    }

    /// Whether `firm` has what the expression asks for.
    pub fn matches(&self, firm: &engine::model::FirmFacts) -> bool {
        self.clauses.iter().all(|(group, ids)| {
            let values = tag_group(group).map(|group| group.values(firm)).unwrap_or_default();
            ids.iter().any(|id| values.contains(&id.as_str()))
        })
    }
}

/// Parses a judged-query file; every malformed line is reported as `file:line: problem`.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Judged>> {
    let mut judged = Vec::new();
    let mut problems = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let at = format!("{}:{}", path.display(), number + 1);
        match parse_line(line) {
            Ok(Some((lang, kind, query, relevance))) => {
                let (ids, tags) = match relevance {
                    Relevance::Ids(ids) => (ids, None),
                    Relevance::Tags(tags) => (Vec::new(), Some(tags)),
                };
                let set = path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
                judged.push(Judged { lang, kind, query, ids, tags, at, set })
            }
            Ok(None) => {}
            Err(problem) => problems.push(format!("{at}: {problem}")),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(judged)
}

/// What a line says is relevant.
#[derive(Clone, Debug, PartialEq)]
enum Relevance {
    Ids(Vec<String>),
    Tags(TagExpr),
}

type Line = (Lang, &'static str, String, Relevance);

fn parse_line(line: &str) -> Result<Option<Line>, String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let fields: Vec<&str> = line.split('\t').take_while(|field| !field.trim_start().starts_with('#')).collect();
    if fields.iter().all(|field| field.trim().is_empty()) {
        return Ok(None);
    }
    let [lang, kind, query, ids] = fields[..] else {
        return Err(format!(
            "expected 4 tab-separated fields `lang<TAB>kind<TAB>query<TAB>id[,id…]`, found {}",
            fields.len()
        ));
    };
    let lang = match Lang::ALL.into_iter().find(|l| l.code() == lang.trim()) {
        Some(lang) => lang,
        None => return Err(format!("unknown language `{}`; use one of {}", lang.trim(), Lang::CODES.join(", "))),
    };
    let Some(kind) = KINDS.iter().copied().find(|k| *k == kind.trim()) else {
        return Err(format!("unknown kind `{}`; use one of {}", kind.trim(), KINDS.join(", ")));
    };
    let query = query.trim();
    if query.is_empty() {
        return Err("empty query".into());
    }
    if let Some(expr) = ids.trim().strip_prefix("tags:") {
        return Ok(Some((lang, kind, query.to_string(), Relevance::Tags(TagExpr::parse(expr)?))));
    }
    let ids: Vec<String> = ids.split(',').map(str::trim).filter(|id| !id.is_empty()).map(String::from).collect();
    if ids.is_empty() {
        return Err("no expected document id".into());
    }
    Ok(Some((lang, kind, query.to_string(), Relevance::Ids(ids))))
}

/// The repository's judged sets: every `.tsv` file in `tests/queries/`, sorted.
pub fn default_files(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("tests/queries");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "tsv"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no .tsv files in {}", dir.display());
    }
    Ok(files)
}

/// Whether document reference `reference` (`firms/x`) is what `id` names (`x` or `firms/x`).
pub fn names(id: &str, reference: &str) -> bool {
    reference == id || reference.rsplit('/').next() == Some(id)
}

/// What one query scored.
#[derive(Clone, Copy, Debug, Default)]
struct Outcome {
    /// 1-based rank of the first relevant id within [`TOP`].
    rank: Option<usize>,
    /// No hit at all.
    zero: bool,
    /// R@10, for tag-defined queries.
    recall: Option<f64>,
}

/// Counts of one group of queries.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    queries: usize,
    found: usize,
    reciprocal_ranks: f64,
    zero_results: usize,
    recall_queries: usize,
    recall_sum: f64,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        self.queries += 1;
        if let Some(rank) = outcome.rank {
            self.found += 1;
            self.reciprocal_ranks += 1.0 / rank as f64;
        }
        self.zero_results += usize::from(outcome.zero);
        if let Some(recall) = outcome.recall {
            self.recall_queries += 1;
            self.recall_sum += recall;
        }
    }

    fn found_at_5(&self) -> f64 {
        ratio(self.found as f64, self.queries)
    }

    fn mrr_at_5(&self) -> f64 {
        ratio(self.reciprocal_ranks, self.queries)
    }

    fn json(&self) -> Value {
        let mut out = json!({
            "queries": self.queries,
            "found_at_5": round(self.found_at_5()),
            "mrr_at_5": round(self.mrr_at_5()),
            "zero_result_rate": round(ratio(self.zero_results as f64, self.queries)),
        });
        if self.recall_queries > 0 {
            out["tag_queries"] = json!(self.recall_queries);
            out["recall_at_10"] = json!(round(ratio(self.recall_sum, self.recall_queries)));
        }
        out
    }
}

fn ratio(sum: f64, count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        sum / count as f64
    }
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// Runs the judged queries against the site built from `options.content` and returns the report.
pub fn run(options: &Options, root: &Path) -> Result<Value> {
    let files = match &options.queries {
        Some(file) => vec![file.clone()],
        None => default_files(root)?,
    };
    let mut judged = Vec::new();
    for file in &files {
        let bytes = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{}: not UTF-8", file.display()))?;
        judged.extend(parse(file.strip_prefix(root).unwrap_or(file), &text)?);
    }
    let site = sitegen::load(&options.content).map_err(|errors| anyhow::anyhow!("{errors}"))?;
    let mut indexes = BTreeMap::new();
    let mut baselines = BTreeMap::new();
    for lang_site in &site.languages {
        let index = Index::from_bytes(&lang_site.index.bytes)
            .with_context(|| format!("the {} index does not decode", lang_site.lang))?;
        indexes.insert(lang_site.lang, index);
        baselines.insert(lang_site.lang, baseline::Baseline::build(lang_site.lang, &lang_site.indexed)?);
    }
    resolve_tags(&mut judged, &site)?;
    check_ids(&judged, &indexes)?;

    let mut engine_scores = Scores::default();
    let mut baseline_scores = Scores::default();
    let mut report = String::new();
    for query in &judged {
        if let Some(baseline) = baselines.get(&query.lang) {
            let top: Vec<&str> = baseline.search(&query.query).into_iter().take(RECALL_TOP).collect();
            baseline_scores.add(query, outcome(query, &top));
        }
        let Some(index) = indexes.get(&query.lang) else { continue };
        let found = engine::finder::find(index, query.lang, &query.query);
        let top: Vec<&str> = found.hits.iter().take(RECALL_TOP).filter_map(|hit| index.doc_ref(hit.doc)).collect();
        let outcome = outcome(query, &top);
        engine_scores.add(query, outcome);
        if outcome.rank != Some(1) || outcome.recall.is_some_and(|recall| recall < 1.0) {
            describe(&mut report, "", query, outcome, &top);
        }
    }

    let mut languages = Map::new();
    for (lang, (tally, kinds)) in &engine_scores.by_lang {
        let missed = missed_targets(tally, kinds);
        let mut entry = tally.json();
        entry["targets_met"] = json!(missed.is_empty());
        entry["missed_targets"] = json!(missed);
        entry["kinds"] = kinds_json(kinds);
        if let Some(lang_site) = site.languages.iter().find(|s| s.lang == *lang) {
            entry["download_bytes_brotli"] = json!({
                "index": crate::sizes::brotli(&lang_site.index.bytes),
                "page_data": crate::sizes::brotli(&lang_site.data.to_bytes().map_err(anyhow::Error::msg)?),
            });
        }
        languages.insert(lang.code().to_string(), entry);
    }
    let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).display().to_string();
    let mut out = json!({
        "content": options.content.display().to_string(),
        "queries": files.iter().map(|f| relative(f)).collect::<Vec<_>>(),
        "top": TOP,
        "targets": {
            "found_at_5": TARGET_FOUND,
            "mrr_at_5": TARGET_MRR,
            "typo_found_at_5": TARGET_KIND_FOUND,
            "prefix_found_at_5": TARGET_KIND_FOUND,
        },
        "overall": engine_scores.overall.json(),
        "kinds": kinds_json(&engine_scores.by_kind),
        "languages": languages,
        "sets": engine_scores.sets_json(),
        "baseline": baseline_scores.json(baseline::NAME, &BTreeMap::new()),
    });
    if options.pagefind {
        let sites: Vec<(Lang, &[sitegen::index_build::IndexedDoc])> =
            site.languages.iter().map(|s| (s.lang, s.indexed.as_slice())).collect();
        let asked: Vec<(Lang, &str)> = judged.iter().map(|q| (q.lang, q.query.as_str())).collect();
        let answered = pagefind::run(root, &sites, &asked)?;
        let mut scores = Scores::default();
        for (query, top) in judged.iter().zip(&answered.tops) {
            let top: Vec<&str> = top.iter().map(String::as_str).collect();
            let outcome = outcome(query, &top);
            scores.add(query, outcome);
            if outcome.rank != Some(1) {
                describe(&mut report, "pagefind ", query, outcome, &top);
            }
        }
        out["pagefind"] = scores.json(pagefind::NAME, &answered.downloads);
    }
    if !report.is_empty() {
        eprint!("{report}");
    }
    Ok(out)
}

/// 1-based rank of the first listed id among the first [`TOP`] of `top`.
fn rank(query: &Judged, top: &[&str]) -> Option<usize> {
    top.iter().take(TOP).position(|r| query.ids.iter().any(|id| names(id, r))).map(|p| p + 1)
}

/// Rank, zero result and (for tag-defined queries) R@10 of one answer; `top` holds up to
/// [`RECALL_TOP`] references, best first.
fn outcome(query: &Judged, top: &[&str]) -> Outcome {
    let recall = query.tags.as_ref().map(|_| {
        let relevant = query.ids.len();
        let found = query.ids.iter().filter(|id| top.iter().take(RECALL_TOP).any(|r| names(id, r))).count();
        ratio(found as f64, relevant.min(RECALL_TOP))
    });
    Outcome { rank: rank(query, top), zero: top.is_empty(), recall }
}

/// Replaces each tag expression by the ids of the firms (of the query's language) it selects.
fn resolve_tags(judged: &mut [Judged], site: &sitegen::site::Site) -> Result<()> {
    let mut problems = Vec::new();
    for query in judged.iter_mut() {
        let Some(tags) = &query.tags else { continue };
        let docs = site.languages.iter().find(|s| s.lang == query.lang).map(|s| s.data.docs.as_slice());
        query.ids = docs
            .unwrap_or_default()
            .iter()
            .filter(|doc| doc.firm.as_ref().is_some_and(|firm| tags.matches(firm)))
            .map(|doc| doc.id.clone())
            .collect();
        if query.ids.is_empty() {
            problems.push(format!("{}: no {} firm has the tags {:?}", query.at, query.lang, tags.clauses));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// Tallies of one engine: overall, per kind, per language (and kind within it), and per
/// judged-query file (and language within it).
#[derive(Default)]
struct Scores<'a> {
    overall: Tally,
    by_kind: BTreeMap<&'a str, Tally>,
    by_lang: BTreeMap<Lang, (Tally, BTreeMap<&'a str, Tally>)>,
    by_set: BTreeMap<&'a str, (Tally, BTreeMap<Lang, Tally>)>,
}

impl<'a> Scores<'a> {
    fn add(&mut self, query: &'a Judged, outcome: Outcome) {
        self.overall.add(outcome);
        self.by_kind.entry(query.kind).or_default().add(outcome);
        let (lang_tally, lang_kinds) = self.by_lang.entry(query.lang).or_default();
        lang_tally.add(outcome);
        lang_kinds.entry(query.kind).or_default().add(outcome);
        let (set_tally, set_langs) = self.by_set.entry(query.set.as_str()).or_default();
        set_tally.add(outcome);
        set_langs.entry(query.lang).or_default().add(outcome);
    }

    /// Per judged-query file: overall and per language.
    fn sets_json(&self) -> Value {
        let mut sets = Map::new();
        for (set, (tally, langs)) in &self.by_set {
            let mut entry = tally.json();
            let mut languages = Map::new();
            for (lang, tally) in langs {
                languages.insert(lang.code().to_string(), tally.json());
            }
            entry["languages"] = Value::Object(languages);
            sets.insert(set.to_string(), entry);
        }
        Value::Object(sets)
    }

    /// A comparison engine's section of the report; `extra` adds per-language fields.
    fn json(&self, name: &str, extra: &BTreeMap<Lang, Value>) -> Value {
        let mut languages = Map::new();
        for (lang, (tally, kinds)) in &self.by_lang {
            let mut entry = tally.json();
            entry["kinds"] = kinds_json(kinds);
            if let Some(more) = extra.get(lang) {
                entry["downloads"] = more.clone();
            }
            languages.insert(lang.code().to_string(), entry);
        }
        json!({
            "engine": name,
            "overall": self.overall.json(),
            "kinds": kinds_json(&self.by_kind),
            "languages": languages,
            "sets": self.sets_json(),
        })
    }
}

/// Every listed id must name a document of the query's language.
fn check_ids(judged: &[Judged], indexes: &BTreeMap<Lang, Index>) -> Result<()> {
    let mut problems = Vec::new();
    for query in judged {
        let refs = indexes.get(&query.lang).map(|index| index.doc_refs.as_slice()).unwrap_or_default();
        for id in &query.ids {
            if !refs.iter().any(|r| names(id, r)) {
                problems.push(format!("{}: no {} document has the id `{id}`", query.at, query.lang));
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

fn missed_targets(tally: &Tally, kinds: &BTreeMap<&str, Tally>) -> Vec<String> {
    let mut missed = Vec::new();
    if tally.found_at_5() < TARGET_FOUND {
        missed.push(format!("found@5 {:.3} < {TARGET_FOUND}", tally.found_at_5()));
    }
    if tally.mrr_at_5() < TARGET_MRR {
        missed.push(format!("MRR@5 {:.3} < {TARGET_MRR}", tally.mrr_at_5()));
    }
    for kind in TARGET_KINDS {
        match kinds.get(kind) {
            Some(t) if t.found_at_5() < TARGET_KIND_FOUND => {
                missed.push(format!("{kind} found@5 {:.3} < {TARGET_KIND_FOUND}", t.found_at_5()))
            }
            Some(_) => {}
            None => missed.push(format!("no {kind} queries")),
        }
    }
    missed
}

fn kinds_json(kinds: &BTreeMap<&str, Tally>) -> Value {
    let mut map = Map::new();
    for kind in KINDS {
        if let Some(tally) = kinds.get(kind) {
            map.insert(kind.to_string(), tally.json());
        }
    }
    Value::Object(map)
}

/// One stderr line per miss (`MISS`), late hit (`rank N`) or incomplete recall (`R@10 x`),
/// after `engine` (empty for ours).
fn describe(out: &mut String, engine: &str, query: &Judged, outcome: Outcome, top: &[&str]) {
    let mut label = outcome.rank.map_or_else(|| "MISS  ".to_string(), |r| format!("rank {r}"));
    if let Some(recall) = outcome.recall {
        let _ = write!(label, " R@10 {recall:.2}");
    }
    let top = top.get(..TOP.min(top.len())).unwrap_or_default();
    let short = |r: &&str| r.strip_prefix("firms/").unwrap_or(r).to_string();
    let _ = writeln!(
        out,
        "{engine}{label} {}/{:<7} {:?}  expected {}  got [{}]  ({})",
        query.lang,
        query.kind,
        query.query,
        query.ids.join(","),
        top.iter().map(short).collect::<Vec<_>>().join(", "),
        query.at
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Result<Option<Line>, String> {
        parse_line(line)
    }

    #[test]
    fn parses_lines_comments_and_blanks() {
        let (lang, kind, query, ids) =
            one("en\ttypo\ttitanum\thoshizora-micro, firms/kogera-precision").unwrap().unwrap();
        assert_eq!((lang, kind, query.as_str()), (Lang::En, "typo", "titanum"));
        assert_eq!(ids, Relevance::Ids(vec!["hoshizora-micro".into(), "firms/kogera-precision".into()]));
        assert_eq!(one(""), Ok(None));
        assert_eq!(one("   \t  "), Ok(None));
        assert_eq!(one("# a comment"), Ok(None));
        assert!(one("de\texact\tC#\tx\t# why").unwrap().is_some());
        assert!(one("en\texact\tx\ty\r").unwrap().is_some());
    }

    #[test]
    fn rejects_malformed_lines_with_file_and_line() {
        assert!(one("en\texact\ttitanium").is_err());
        assert!(one("fr\texact\ttitan\tx").is_err());
        assert!(one("en\tfuzzy\ttitan\tx").is_err());
        assert!(one("en\texact\t \tx").is_err());
        assert!(one("en\texact\ttitan\t , ").is_err());
        assert!(one("en\texact\ttitan\tx\ty").is_err());
        let err = parse(Path::new("q.tsv"), "# ok\nen\texact\ttitan\tx\nen\tbad\n").unwrap_err().to_string();
        assert!(err.starts_with("q.tsv:3: expected 4"), "{err}");
        assert!(one("en\tplace\tx\ttags:color=red").is_err());
        assert!(one("en\tplace\tx\ttags:materials").is_err());
        assert!(one("en\tplace\tx\ttags:materials=").is_err());
    }

    #[test]
    fn tag_expressions_select_firms() {
        let (_, kind, _, relevance) =
            one("en\tsentence\tpeek parts\ttags:materials=peek&processes=cnc_milling|swiss_turning").unwrap().unwrap();
        assert_eq!(kind, "sentence");
        let Relevance::Tags(expr) = relevance else { panic!("not a tag expression") };
        let mut firm = engine::model::FirmFacts::default();
        assert!(!expr.matches(&firm));
        firm.materials = vec!["peek".into()];
        assert!(!expr.matches(&firm), "both clauses must hold");
        firm.processes = vec!["swiss_turning".into()];
        assert!(expr.matches(&firm), "either id of a clause");
        let place = TagExpr::parse("municipality=iwaki|soma&region=hamadori").unwrap();
        firm.municipality = "soma".into();
        firm.region = "hamadori".into();
        assert!(place.matches(&firm));
    }

    #[test]
    fn recall_counts_relevant_firms_in_the_first_ten() {
        let mut query = Judged {
            lang: Lang::En,
            kind: "place",
            query: "x".into(),
            ids: vec!["a".into(), "b".into()],
            tags: Some(TagExpr { clauses: Vec::new() }),
            at: String::new(),
            set: String::new(),
        };
        let out = outcome(&query, &["firms/z", "firms/b"]);
        assert_eq!((out.rank, out.zero, out.recall), (Some(2), false, Some(0.5)));
        assert!(outcome(&query, &[]).zero);
        query.ids = (0..20).map(|n| format!("f{n}")).collect();
        let top: Vec<String> = (0..10).map(|n| format!("firms/f{n}")).collect();
        let top: Vec<&str> = top.iter().map(String::as_str).collect();
        assert_eq!(outcome(&query, &top).recall, Some(1.0), "capped at ten relevant firms");
        query.tags = None;
        assert_eq!(outcome(&query, &top).recall, None);
    }

    /// The first judged set (`judged.tsv`) meets the issue's targets in every language, and
    /// beats the baseline.
    #[test]
    fn shipped_content_meets_the_quality_targets() {
        let root = crate::workspace_root();
        let queries = Some(root.join("tests/queries/judged.tsv"));
        let options = Options { content: root.join("content"), queries, pagefind: false };
        let report = run(&options, &root).unwrap();
        let mut errors = sitegen::ContentErrors::default();
        for lang in sitegen::settings::load(&options.content, &mut errors).languages {
            let entry = &report["languages"][lang.code()];
            assert!(entry["queries"].as_u64().unwrap() >= 25, "{lang}: fewer than 25 judged queries");
            assert_eq!(entry["targets_met"], true, "{lang}: {}", entry["missed_targets"]);
            for kind in &KINDS[..6] {
                assert!(entry["kinds"][kind]["queries"].as_u64().unwrap_or(0) > 0, "{lang}: no {kind} query");
            }
        }
        let ours = report["overall"]["mrr_at_5"].as_f64().unwrap();
        let baseline = report["baseline"]["overall"]["mrr_at_5"].as_f64().unwrap();
        assert!(ours > baseline, "MRR@5 {ours} is not above the baseline's {baseline}");
    }

    #[test]
    fn ids_name_references() {
        assert!(names("hoshizora-micro", "firms/hoshizora-micro"));
        assert!(names("firms/hoshizora-micro", "firms/hoshizora-micro"));
        assert!(!names("hoshizora", "firms/hoshizora-micro"));
    }
}

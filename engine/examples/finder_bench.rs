//! Quick native latency check of `finder::find` (and `snippet`) on synthetic firm corpora.
//!
//! ```sh
//! cargo run -p engine --release --example finder_bench -- [DOCS...]   # default: 1000 10000 100000
//! ```
//!
//! Each corpus is generated from a fixed seed: firm names, ~25 tags from a domain
//! vocabulary, a summary and a body drawn (Zipf-like) from the domain words plus ~200 000
//! pseudo-words, so a 100 k corpus has a vocabulary of about 100 k terms per field. The
//! query mix is exact words, 4-letter prefixes, one- and two-edit typos, two-word queries
//! and codes, run once to warm up and then timed one by one (best of five runs each, to
//! discount preemption on a shared machine). Prints one line per corpus and query kind:
//! p50, p95 and max in milliseconds.

use std::time::Instant;

use engine::finder;
use engine::index::IndexBuilder;
use engine::Lang;

/// Runs per query; the fastest counts.
const RUNS: usize = 5;

const DOMAIN: &[&str] = &[
    "titanium",
    "machining",
    "injection",
    "moulding",
    "molding",
    "stainless",
    "steel",
    "catheter",
    "implant",
    "cleanroom",
    "assembly",
    "inspection",
    "grinding",
    "milling",
    "turning",
    "polishing",
    "anodizing",
    "laser",
    "welding",
    "cutting",
    "stamping",
    "extrusion",
    "tubing",
    "polycarbonate",
    "polypropylene",
    "silicone",
    "orthopedic",
    "dental",
    "surgical",
    "instrument",
    "diagnostics",
    "sterilization",
    "packaging",
    "validation",
    "prototype",
    "micro",
    "precision",
    "coating",
    "ceramic",
    "aluminium",
    "cobalt",
    "chromium",
    "nitinol",
    "peek",
    "electronics",
    "sensor",
    "software",
    "wiring",
    "harness",
    "optics",
    "lens",
    "endoscope",
    "pump",
    "valve",
];
const CODES: &[&str] = &["ISO 13485", "IEC 60601-1", "SUS316L", "1.4404", "Ti-6Al-4V", "ISO 14644", "ISO 10993"];
const SYLLABLES: &[&str] = &[
    "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te", "to", "na", "ni", "nu",
    "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ra", "ri", "ru", "re", "ro", "ya", "yu",
    "yo", "wa", "ga", "gi", "gu", "ge", "go", "za", "ji", "zu", "ze", "zo", "da", "de", "do", "ba", "bi", "bu", "be",
    "bo", "pa", "pi", "pu", "pe", "po", "lor", "vin", "tek", "dra", "plex", "mon", "tor", "ven", "sil", "mar",
];

/// xorshift64*: small, seeded, good enough for synthetic text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Zipf-like rank in 0..n (log-uniform).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u)) - 1.0) as usize % n.max(1)
    }
}

fn pseudo_word(mut id: usize) -> String {
    let mut word = String::new();
    let syllables = 2 + id % 3;
    for _ in 0..syllables {
        word.push_str(SYLLABLES[id % SYLLABLES.len()]);
        id /= SYLLABLES.len();
        id = id.wrapping_mul(31).wrapping_add(7);
    }
    word
}

fn words(rng: &mut Rng, pseudo: &[String], count: usize, out: &mut String) {
    for _ in 0..count {
        if rng.below(4) == 0 {
            out.push_str(DOMAIN[rng.zipf(DOMAIN.len())]);
        } else if rng.below(40) == 0 {
            out.push_str(CODES[rng.below(CODES.len())]);
        } else {
            out.push_str(&pseudo[rng.zipf(pseudo.len())]);
        }
        out.push(' ');
    }
}

fn corpus(docs: usize, lang: Lang) -> (engine::Index, Vec<String>) {
    let mut rng = Rng(0x5EED_0000 + docs as u64);
    let pseudo: Vec<String> = (0..200_000).map(|i| pseudo_word(i * 7919 + 13)).collect();
    let mut builder = IndexBuilder::new(lang, &["title", "tags", "summary", "body"]);
    let mut bodies = Vec::new();
    for doc in 0..docs {
        let mut title = String::new();
        words(&mut rng, &pseudo, 2, &mut title);
        title.push_str(DOMAIN[rng.below(DOMAIN.len())]);
        let mut tags = String::new();
        for _ in 0..25 {
            tags.push_str(DOMAIN[rng.below(DOMAIN.len())]);
            tags.push(' ');
        }
        let mut summary = String::new();
        words(&mut rng, &pseudo, 20, &mut summary);
        let mut body = String::new();
        words(&mut rng, &pseudo, 120, &mut body);
        builder.add_doc(&format!("firms/{doc}"), &[&title, &tags, &summary, &body]);
        if bodies.len() < 200 {
            bodies.push(body);
        }
    }
    (builder.build(), bodies)
}

fn typo(rng: &mut Rng, word: &str, edits: usize) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    for _ in 0..edits {
        let at = 1 + rng.below(chars.len().saturating_sub(2).max(1));
        match rng.below(3) {
            0 if at + 1 < chars.len() => chars.swap(at, at + 1),
            1 => {
                chars.remove(at.min(chars.len() - 1));
            }
            _ => chars.insert(at, 'x'),
        }
    }
    chars.into_iter().collect()
}

fn queries(seed: u64) -> Vec<(&'static str, String)> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for _ in 0..60 {
        let word = DOMAIN[rng.below(DOMAIN.len())];
        out.push(("exact", word.to_string()));
        out.push(("prefix", word.chars().take(4).collect()));
        let edits = 1 + usize::from(word.len() >= 8 && rng.below(2) == 0);
        out.push(("typo", typo(&mut rng, word, edits)));
        out.push(("multi", format!("{word} {}", DOMAIN[rng.below(DOMAIN.len())])));
        out.push(("code", CODES[rng.below(CODES.len())].to_string()));
        out.push(("pseudo", pseudo_word(rng.below(200_000) * 7919 + 13)));
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).copied().unwrap_or(0.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000, 100_000] } else { sizes };
    for lang in [Lang::En, Lang::De] {
        for &docs in &sizes {
            let started = Instant::now();
            let (index, bodies) = corpus(docs, lang);
            let built = started.elapsed().as_secs_f64();
            let vocabulary = index.fields.iter().map(|f| f.terms.len()).max().unwrap_or(0);
            let bytes = index.to_bytes();
            let started = Instant::now();
            let decoded = engine::Index::from_bytes(&bytes).expect("round trip");
            let decode_ms = started.elapsed().as_secs_f64() * 1e3;
            assert_eq!(decoded.doc_refs.len(), docs);
            println!(
                "{lang} {docs} docs: built in {built:.1} s, largest field vocabulary {vocabulary} terms, binary {} B, decode {decode_ms:.1} ms",
                bytes.len()
            );
            // Built once per index on the first typo or compound search, then cached.
            let started = Instant::now();
            let vocabulary = engine::index::Vocabulary::build(&index);
            println!(
                "  union vocabulary {} terms, built in {:.1} ms (once per index)",
                vocabulary.len(),
                started.elapsed().as_secs_f64() * 1e3
            );
            let queries = queries(42);
            for (_, query) in &queries {
                std::hint::black_box(finder::find(&index, lang, query));
            }
            let mut kinds: Vec<&str> = queries.iter().map(|(kind, _)| *kind).collect();
            kinds.dedup();
            kinds.sort_unstable();
            kinds.dedup();
            let mut all = Vec::new();
            for kind in kinds {
                let mut times = Vec::new();
                let mut hits = 0;
                for (_, query) in queries.iter().filter(|(k, _)| *k == kind) {
                    // The best of a few runs: the machine is shared, and a preempted run
                    // measures the scheduler, not the query.
                    let mut best = f64::MAX;
                    for _ in 0..RUNS {
                        let started = Instant::now();
                        let found = finder::find(&index, lang, query);
                        best = best.min(started.elapsed().as_secs_f64() * 1e3);
                        hits += found.hits.len();
                        std::hint::black_box(found);
                    }
                    times.push(best);
                }
                hits /= RUNS;
                times.sort_by(f64::total_cmp);
                all.extend_from_slice(&times);
                println!(
                    "  {kind:<7} p50 {:6.3} ms  p95 {:6.3} ms  max {:6.3} ms  (avg hits {})",
                    percentile(&times, 0.5),
                    percentile(&times, 0.95),
                    times.last().copied().unwrap_or(0.0),
                    hits / times.len().max(1)
                );
            }
            all.sort_by(f64::total_cmp);
            println!("  all     p50 {:6.3} ms  p95 {:6.3} ms", percentile(&all, 0.5), percentile(&all, 0.95));
            let tokens = engine::analysis::analyze(lang, "titanium machining");
            let started = Instant::now();
            for body in &bodies {
                std::hint::black_box(finder::snippet(body, lang, &tokens, 160));
            }
            println!("  snippet {:.3} ms per body", started.elapsed().as_secs_f64() * 1e3 / bodies.len().max(1) as f64);
        }
    }
}

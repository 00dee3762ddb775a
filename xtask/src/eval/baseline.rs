//! The baseline the site's search is judged against: elasticlunr as a documentation site
//! ships it (mdBook's search). The same documents and fields, indexed by elasticlunr-rs with
//! its own language pipeline — German for the German site, English for the others, as mdBook
//! builds any book (elasticlunr has no Thai pipeline and its Japanese one needs a dictionary
//! download; the English trimmer drops Japanese and Thai words altogether) — and
//! queried like mdBook's searcher does: elasticlunr's tokenizer and pipeline on the query,
//! OR across words, prefix expansion on, title boost 2, other fields 1. Scores come from
//! [`engine::Index::search_tokens`], which the differential test holds bit-identical to
//! elasticlunr.js. One liberty: tokens are cut to [`MAX_TOKEN_CHARS`] characters at index and
//! query time alike, because a whole unspaced Japanese or Thai sentence is one elasticlunr
//! token, and its trie would nest deeper than the JSON reader allows; no typed query is that
//! long, so no result changes.

use anyhow::{Context, Result};
use elasticlunr::lang::{English, German, Language};
use engine::elasticlunr_compat::{BoolMode, FieldOptions, SearchOptions};
use engine::{Index, Lang};
use sitegen::index_build::{IndexedDoc, FIELDS};

/// What the comparison is called in the report.
pub const NAME: &str = "elasticlunr, mdBook-style (its own tokenizer and pipeline, OR, expand, title boost 2)";

/// Longest token kept (see the module comment).
pub const MAX_TOKEN_CHARS: usize = 100;

/// elasticlunr's language, with tokens cut to [`MAX_TOKEN_CHARS`].
struct Cut(Box<dyn Language>);

impl Language for Cut {
    fn name(&self) -> String {
        self.0.name()
    }

    fn code(&self) -> String {
        self.0.code()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        let mut tokens = self.0.tokenize(text);
        for token in &mut tokens {
            if let Some((cut, _)) = token.char_indices().nth(MAX_TOKEN_CHARS) {
                token.truncate(cut);
            }
        }
        tokens
    }

    fn make_pipeline(&self) -> elasticlunr::Pipeline {
        self.0.make_pipeline()
    }
}

pub struct Baseline {
    language: Cut,
    index: Index,
    options: SearchOptions,
}

impl Baseline {
    pub fn build(lang: Lang, docs: &[IndexedDoc]) -> Result<Baseline> {
        let mut index = elasticlunr::Index::with_language(Box::new(language(lang)), FIELDS);
        for doc in docs {
            index.add_doc(&doc.reference, doc.fields.iter());
        }
        let index = Index::from_elasticlunr_json(&index.to_json())
            .with_context(|| format!("the {lang} baseline index does not convert"))?;
        let field = |name: &str| {
            let boost = if name == "title" { 2.0 } else { 1.0 };
            (name.to_string(), FieldOptions { boost, expand: true, bool_mode: None })
        };
        let options =
            SearchOptions { fields: FIELDS.iter().map(|name| field(name)).collect(), bool_mode: BoolMode::Or };
        Ok(Baseline { language: language(lang), index, options })
    }

    /// Document references of the hits, best first.
    pub fn search(&self, query: &str) -> Vec<&str> {
        let tokens = self.language.make_pipeline().run(self.language.tokenize(query));
        let hits = self.index.search_tokens(&tokens, &self.options);
        hits.iter().filter_map(|hit| self.index.doc_ref(hit.doc)).collect()
    }
}

fn language(lang: Lang) -> Cut {
    // mdBook's elasticlunr has an English and a German pipeline: German's where the language
    // stems as German, English's otherwise.
    Cut(match lang.profile().stemmer {
        Some(engine::lang::Stemmer::German) => Box::new(German::new()),
        _ => Box::new(English::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(reference: &str, title: &str, body: &str) -> IndexedDoc {
        IndexedDoc {
            reference: reference.into(),
            fields: [title.into(), String::new(), String::new(), body.into(), String::new()],
        }
    }

    #[test]
    fn behaves_like_elasticlunr_with_its_own_pipeline() {
        let long = "射出成形".repeat(40);
        let docs = [
            doc("firms/a", "Micro machining", "Titanium implants, machined"),
            doc("firms/b", "Moulding", "Injection moulding in a clean room"),
            doc("firms/c", "成形", &long),
            doc("firms/d", &"x".repeat(300), "ISO"),
        ];
        let baseline = Baseline::build(Lang::En, &docs).unwrap();
        assert_eq!(baseline.search("machining"), ["firms/a"], "stemmed by elasticlunr's English pipeline");
        assert_eq!(baseline.search("inject"), ["firms/b"], "prefix expansion");
        assert!(baseline.search("titanum").is_empty(), "no typo tolerance");
        assert_eq!(baseline.search(&"x".repeat(150)), ["firms/d"], "long tokens are cut alike");
        // Its English trimmer strips every character outside ASCII words, as elasticlunr.js's
        // `\W` does: Japanese text is not searchable at all.
        assert!(baseline.search("射出成形").is_empty());
        assert!(baseline.search("成形").is_empty());
    }
}

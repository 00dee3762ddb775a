//! When a language's search index is split into parts read by range (`engine::shard`), and
//! the parts themselves. Small sites keep the one-file index that the search page inlines,
//! with every document's card: one request answers every query. A language whose index or
//! page data passes its threshold is too large to send to every visitor; its search page gets
//! only the shard root, and a query fetches the few parts it needs.

use std::collections::HashMap;

use engine::model::Doc;
use engine::shard::{self, Card, ShardFiles, ShardOptions};
use engine::{Index, Lang};

use crate::size::PAGE_DATA_MAX_BYTES;

/// The largest index a search page carries whole: about 80 KB brotli, the most that keeps the
/// first result within 2 s on a slow mobile link beside the page's cards (today's largest,
/// Thai, is 131 KB raw for the 40 sample firms).
pub const SHARD_ABOVE_INDEX_BYTES: usize = 256 * 1024;

/// Whether a language with an index and page data of these sizes (raw bytes) is searched
/// from shards: its index is too large to inline, or its page data too large for every search
/// visitor to download (the search page of a sharded language loads neither).
pub fn is_sharded(index_bytes: usize, page_data_bytes: usize) -> bool {
    index_bytes > SHARD_ABOVE_INDEX_BYTES || page_data_bytes > PAGE_DATA_MAX_BYTES
}

/// The sharded form of `index` over `docs` (page data order), its files named
/// `{prefix}root.bin` and `{prefix}{n}.bin`. A card's reference is the index's (`firms/x`),
/// from which the page builds the document's address.
pub fn build(lang: Lang, index_bytes: &[u8], docs: &[Doc], prefix: &str) -> Result<ShardFiles, String> {
    let index = Index::from_bytes(index_bytes).map_err(|error| error.to_string())?;
    let by_reference: HashMap<String, &Doc> = docs.iter().map(|doc| (reference(doc), doc)).collect();
    // The shard builder reads documents in the index's order; both come from the same pages.
    let in_index_order = index
        .doc_refs
        .iter()
        .map(|reference| by_reference.get(reference).map(|doc| (*doc).clone()))
        .collect::<Option<Vec<Doc>>>()
        .ok_or("the index names a document the page data does not have")?;
    let cards: Vec<Card> = index
        .doc_refs
        .iter()
        .zip(&in_index_order)
        .map(|(reference, doc)| Card {
            reference: reference.clone(),
            title: doc.title.clone(),
            summary: doc.summary.clone(),
        })
        .collect();
    let options = ShardOptions {
        name_prefix: prefix.to_string(),
        // Always a root apart from its parts: the root is what the page inlines.
        single_file_max: 0,
        lang: lang.code().to_string(),
        ..ShardOptions::default()
    };
    Ok(shard::build(&index, &cards, &in_index_order, &options))
}

/// The index's reference of a document (as `site::Page::indexed` writes it).
pub fn reference(doc: &Doc) -> String {
    format!("{}/{}", doc.kind.section(), doc.id)
}

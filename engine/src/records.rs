//! The firms of a language searched from shards, for the app's pages that show a few of them
//! (shortlist and compare). Their page data would be every firm's (tens of megabytes at ten
//! thousand firms), so such a language ships it in two files instead:
//!
//! ```text
//! head file    = Buckets (records file name · end of each bucket)
//!                · SiteData without firms (vocabulary, figures, interface words, other documents)
//! records file = bucket · bucket · …, each a SiteData holding only firm documents
//! ```
//!
//! Both are read with [`SiteData::from_bytes`], the app's decoder of the page data, so reading
//! them adds no second decoder of every page-data type to the app's WebAssembly.
//!
//! A firm's bucket follows from its id alone ([`bucket_of`]), so a page reads the head and then
//! one range per bucket its firms fall in, and no file it reads grows with the number of firms
//! but the head's bucket table (four bytes per bucket of [`BUCKET_BYTES`]). Bodies are left out:
//! these pages show facts, not profiles.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::{Doc, DocKind, SiteData};

/// About how many bytes of firm documents a bucket holds; a page with a few firms reads a few
/// buckets of this size.
pub const BUCKET_BYTES: usize = 16 * 1024;

/// What a language's app pages read first (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordsHead {
    /// The page data, with no firm in `docs` and no document's body.
    pub site: SiteData,
    pub buckets: Buckets,
}

/// Where a language's firms are: the records file and its buckets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Buckets {
    /// The records file, relative to the site's base.
    pub file: String,
    /// Where each bucket ends in the records file; bucket `n` starts where `n - 1` ends.
    pub ends: Vec<u32>,
}

/// The records of a language: [`RecordsHead::site`] and the records file.
pub struct Records {
    pub site: SiteData,
    pub file: Vec<u8>,
    pub ends: Vec<u32>,
}

/// Splits `site` into the page data without firms and the records file of its firms.
pub fn build(site: &SiteData) -> Result<Records, String> {
    let firms: Vec<Doc> = site.docs.iter().filter(|doc| doc.kind == DocKind::Firm).map(without_body).collect();
    let total: usize = firms.iter().map(|doc| postcard::to_allocvec(doc).map_or(0, |bytes| bytes.len())).sum();
    let count = total.div_ceil(BUCKET_BYTES).max(1);
    let mut buckets: Vec<Vec<&Doc>> = vec![Vec::new(); count];
    for doc in &firms {
        buckets[bucket_of(&doc.id, count)].push(doc);
    }
    let mut file = Vec::new();
    let mut ends = Vec::with_capacity(count);
    for bucket in buckets {
        let docs = bucket.into_iter().cloned().collect();
        file.extend(SiteData { docs, ..SiteData::default() }.to_bytes()?);
        ends.push(u32::try_from(file.len()).map_err(|_| "the firm records pass 4 GB".to_string())?);
    }
    let docs = site.docs.iter().filter(|doc| doc.kind != DocKind::Firm).map(without_body).collect();
    Ok(Records { site: SiteData { docs, ..site.clone() }, file, ends })
}

/// The bucket of a firm among `count`: FNV-1a of its id, so the build and the browser agree
/// without a table of ids.
pub fn bucket_of(id: &str, count: usize) -> usize {
    let hash =
        id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3));
    (hash % count.max(1) as u64) as usize
}

fn without_body(doc: &Doc) -> Doc {
    Doc { body_html: String::new(), body_text: String::new(), ..doc.clone() }
}

impl RecordsHead {
    /// Postcard: the buckets, then the page data.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let mut bytes = postcard::to_allocvec(&self.buckets).map_err(|e| e.to_string())?;
        bytes.extend(self.site.to_bytes()?);
        Ok(bytes)
    }

    /// Reads [`RecordsHead::to_bytes`] back; a bucket table that does not ascend is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<RecordsHead, String> {
        let (buckets, rest): (Buckets, _) = postcard::take_from_bytes(bytes).map_err(|e| e.to_string())?;
        if buckets.ends.is_empty() || buckets.ends.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err("the records head's bucket table is empty or out of order".into());
        }
        Ok(RecordsHead { site: SiteData::from_bytes(rest)?, buckets })
    }
}

impl Buckets {
    /// The buckets that hold the firms `ids`, each once and ascending, with their byte ranges.
    pub fn buckets_for<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<(usize, Range<u32>)> {
        let mut buckets: Vec<usize> = ids.into_iter().map(|id| bucket_of(id, self.ends.len())).collect();
        buckets.sort_unstable();
        buckets.dedup();
        buckets.into_iter().map(|bucket| (bucket, self.range(bucket))).collect()
    }

    fn range(&self, bucket: usize) -> Range<u32> {
        let start = if bucket == 0 { 0 } else { self.ends[bucket - 1] };
        start..self.ends[bucket]
    }
}

/// The firm documents of one bucket's bytes.
pub fn decode_bucket(bytes: &[u8]) -> Result<Vec<Doc>, String> {
    SiteData::from_bytes(bytes).map(|bucket| bucket.docs).map_err(|e| format!("a firm bucket: {e}"))
}

/// `site` with `firms` added, each once (a firm already there is kept). It takes the page
/// data rather than copying it: a copy would add `SiteData`'s cloning to the app.
pub fn with_firms(mut site: SiteData, firms: impl IntoIterator<Item = Doc>) -> SiteData {
    for firm in firms {
        if site.find_doc(DocKind::Firm, &firm.id).is_none() {
            site.docs.push(firm);
        }
    }
    site
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FirmFacts;
    use proptest::prelude::*;

    fn site(firms: usize) -> SiteData {
        let mut docs: Vec<Doc> = (0..firms)
            .map(|n| Doc {
                summary: format!("Precision parts {n} — ").repeat(20),
                body_html: "<p>long body</p>".repeat(50),
                body_text: "long body ".repeat(50),
                ..Doc::test_firm(
                    &format!("firm-{n:05}"),
                    FirmFacts { municipality: "koriyama".into(), ..Default::default() },
                )
            })
            .collect();
        docs.push(Doc { body_text: "about".into(), ..Doc::bare("about", DocKind::Page, None) });
        SiteData { docs, coordinator_email: "desk@example.org".into(), ..Default::default() }
    }

    /// What a page that shows `ids` reads: the head, then the buckets of its firms.
    fn read(records: &Records, ids: &[&str]) -> SiteData {
        let buckets = Buckets { file: "data/en.x.records".into(), ends: records.ends.clone() };
        let head = RecordsHead { site: records.site.clone(), buckets }.to_bytes().unwrap();
        let head = RecordsHead::from_bytes(&head).unwrap();
        let firms = head
            .buckets
            .buckets_for(ids.iter().copied())
            .into_iter()
            .flat_map(|(_, range)| decode_bucket(&records.file[range.start as usize..range.end as usize]).unwrap());
        with_firms(head.site, firms)
    }

    #[test]
    fn a_page_reads_the_firms_it_shows_without_bodies_and_nothing_of_most_others() {
        let site = site(2_000);
        let records = build(&site).unwrap();
        assert!(records.site.docs.iter().all(|doc| doc.kind != DocKind::Firm && doc.body_text.is_empty()));
        assert_eq!(records.site.coordinator_email, "desk@example.org");
        let buckets = records.ends.len();
        assert!(buckets > 20, "2,000 firms fill more than 20 buckets, not {buckets}");

        let shown = read(&records, &["firm-00007", "firm-01999"]);
        for id in ["firm-00007", "firm-01999"] {
            let (_, firm) = shown.find_doc(DocKind::Firm, id).expect(id);
            let original = site.find_doc(DocKind::Firm, id).unwrap().1;
            assert_eq!((&firm.title, &firm.summary, &firm.firm), (&original.title, &original.summary, &original.firm));
            assert!(firm.body_html.is_empty() && firm.body_text.is_empty());
        }
        let firms = shown.docs.iter().filter(|doc| doc.kind == DocKind::Firm).count();
        assert!(firms < 2 * 2_000 / buckets + 40, "{firms} firms read for two");
        assert!(shown.find_doc(DocKind::Page, "about").is_some());
    }

    #[test]
    fn a_corrupt_head_or_bucket_is_an_error() {
        let records = build(&site(50)).unwrap();
        let buckets = Buckets { file: "f".into(), ends: records.ends };
        let head = RecordsHead { site: records.site, buckets }.to_bytes().unwrap();
        assert!(RecordsHead::from_bytes(&head[..head.len() - 1]).is_err());
        let mut extra = head.clone();
        extra.push(0);
        assert!(RecordsHead::from_bytes(&extra).is_err());
        let descending = Buckets { ends: vec![9, 3], ..Default::default() };
        let descending = RecordsHead { buckets: descending, ..Default::default() }.to_bytes().unwrap();
        assert!(RecordsHead::from_bytes(&descending).is_err());
        assert!(decode_bucket(&records.file[1..]).is_err());
    }

    proptest! {
        #[test]
        fn every_firm_is_in_the_bucket_its_id_names(firms in 0usize..300, picks in proptest::collection::vec(0usize..300, 0..6)) {
            let site = site(firms);
            let records = build(&site).unwrap();
            let ids: Vec<String> = picks.iter().filter(|&&n| n < firms).map(|n| format!("firm-{n:05}")).collect();
            let shown = read(&records, &ids.iter().map(String::as_str).collect::<Vec<_>>());
            for id in &ids {
                prop_assert!(shown.find_doc(DocKind::Firm, id).is_some(), "{} not found", id);
            }
            // Every firm sits in exactly one bucket.
            let all: usize = (0..records.ends.len())
                .map(|bucket| {
                    let start = if bucket == 0 { 0 } else { records.ends[bucket - 1] as usize };
                    decode_bucket(&records.file[start..records.ends[bucket] as usize]).unwrap().len()
                })
                .sum();
            prop_assert_eq!(all, firms);
        }
    }
}

//! The shortlist or a result list as CSV, built in the browser with the `csv` crate: UTF-8
//! with a byte-order mark (so Excel reads Japanese and Thai correctly), CRLF line ends, the
//! header in the page's language, and each page's id and absolute address.

use engine::model::{Doc, SiteData};
use engine::Lang;
use wasm_bindgen::JsCast;

use crate::firm_fields::FIELDS;
use crate::i18n::ui;
use crate::labels::kind_label;
use crate::links;

/// The UTF-8 byte-order mark, as the first character of the file.
pub const BOM: char = '\u{feff}';

/// The rows of the export: a header, then one row per document. Fields that only firms have
/// stay empty for other pages.
pub fn table(site: &SiteData, lang: Lang, base_url: &str, docs: &[&Doc]) -> Vec<Vec<String>> {
    let t = ui(lang);
    let mut header: Vec<String> = [t.csv_id, t.csv_name, t.csv_kind, t.csv_url].map(String::from).to_vec();
    header.extend(FIELDS.iter().map(|f| f.label(t).to_string()));
    header.push(t.csv_summary.to_string());
    let mut rows = vec![header];
    for doc in docs {
        let mut row = vec![
            doc.id.clone(),
            doc.title.clone(),
            kind_label(lang, doc).to_string(),
            links::absolute_url(base_url, &links::doc(lang, doc.kind, &doc.id)),
        ];
        for field in FIELDS {
            row.push(doc.firm.as_ref().map(|firm| field.items(site, t, firm).join("; ")).unwrap_or_default());
        }
        row.push(doc.summary.clone());
        rows.push(row);
    }
    rows
}

/// The CSV text, starting with the byte-order mark.
pub fn to_csv(rows: &[Vec<String>]) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for row in rows {
        let cells: Vec<std::borrow::Cow<'_, str>> = row.iter().map(|cell| neutralize_formula(cell)).collect();
        writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    // The writer only copies the bytes of `&str` cells and ASCII separators: always UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_default();
    Ok(format!("{BOM}{text}"))
}

/// What makes a spreadsheet read a cell as a formula when it comes first: the formula signs,
/// their full-width forms (Excel and LibreOffice with East Asian input evaluate `＝1+1` too), a
/// tab or CR, and a space (a formula after leading spaces is still evaluated).
const FORMULA_STARTS: [char; 11] =
    ['=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}', '\t', '\r', ' '];

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe.
fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// `connected-fukushima-shortlist-en-2026-10-28.csv`
pub fn file_name(what: &str, lang: Lang, date: &str) -> String {
    let date: String = date.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(10).collect();
    if date.is_empty() {
        format!("connected-fukushima-{what}-{}.csv", lang.code())
    } else {
        format!("connected-fukushima-{what}-{}-{date}.csv", lang.code())
    }
}

/// Puts `text` into a Blob, points `anchor` at it (`href` = object URL, `download` = file name)
/// and clicks it. Returns the object URL, which the caller revokes when it is no longer needed.
pub fn offer_download(anchor: &web_sys::HtmlAnchorElement, file_name: &str, text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts.unchecked_ref(), &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    Some(url)
}

pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{DocKind, FirmFacts};

    fn doc(id: &str, title: &str, firm: Option<FirmFacts>) -> Doc {
        let kind = if firm.is_some() { DocKind::Firm } else { DocKind::Program };
        Doc { title: title.into(), summary: "Präzision, \"klein\"\nund fein".into(), ..Doc::bare(id, kind, firm) }
    }

    fn parse(text: &str) -> Vec<Vec<String>> {
        let body = text.strip_prefix(BOM).expect("starts with the BOM");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.expect("valid CSV").iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn round_trips_with_bom_quotes_and_newlines() {
        let site = SiteData::default();
        let firm =
            FirmFacts { processes: vec!["micro_machining".into(), "cnc_milling".into()], ..FirmFacts::default() };
        let docs = [doc("hoshizora-micro", "星空マイクロ", Some(firm)), doc("fair", "Messe", None)];
        let refs: Vec<&Doc> = docs.iter().collect();
        let rows = table(&site, Lang::Ja, "https://example.org/fukushima/", &refs);
        let text = to_csv(&rows).expect("writes");
        assert!(text.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
        assert!(text.contains("\r\n"), "CRLF line ends");
        let parsed = parse(&text);
        assert_eq!(parsed, rows, "parses back to the same cells");
        assert_eq!(parsed[0][0], ui(Lang::Ja).csv_id);
        assert_eq!(parsed[0][1], "名称");
        assert_eq!(parsed[1][1], "星空マイクロ");
        assert_eq!(parsed[1][3], "https://example.org/fukushima/ja/firms/hoshizora-micro/");
        assert_eq!(parsed[1][4], "micro_machining; cnc_milling");
        assert_eq!(parsed[2][4], "", "no firm facts for a programme");
        assert_eq!(parsed[2][3], "https://example.org/fukushima/ja/programs/fair/");
    }

    #[test]
    fn defuses_formulas() {
        let rows = vec![vec!["=HYPERLINK(\"x\")".to_string(), "-1".to_string(), "ok".to_string()]];
        let parsed = parse(&to_csv(&rows).expect("writes"));
        assert_eq!(parsed[0], vec!["'=HYPERLINK(\"x\")", "'-1", "ok"]);
    }

    #[test]
    fn defuses_spaced_and_full_width_formulas() {
        let cells = [" =1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "\t=1", "\r=1", "＝", "ok ＝1", "星空"];
        let rows = vec![cells.map(String::from).to_vec()];
        let parsed = parse(&to_csv(&rows).expect("writes"));
        let expected = [" =1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "\t=1", "\r=1", "＝"].map(|c| format!("'{c}"));
        assert_eq!(parsed[0][..8], expected);
        assert_eq!(parsed[0][8..], ["ok ＝1", "星空"], "only the first character counts");
    }

    #[test]
    fn names_files_safely() {
        assert_eq!(
            file_name("results", Lang::De, "2026-10-28T10:00:00Z"),
            "connected-fukushima-results-de-2026-10-28.csv"
        );
        assert_eq!(file_name("shortlist", Lang::Th, "<?>"), "connected-fukushima-shortlist-th.csv");
    }
}

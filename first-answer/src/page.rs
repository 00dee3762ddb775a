//! The pre-rendered search page, as the build wrote it: the search box, the status line
//! (with the status templates in `data-` attributes), the result list, a hidden way on for a
//! search that finds nothing, and two `<template>`s holding every document's result card and
//! body text in index order. A sharded language's page holds instead the cards of the
//! documents that are not firms and one firm card as a shape (see [`SearchPage::card_of`]).

use engine::finder::snippet;
use engine::model::DocKind;
use engine::routes::doc_path;
use engine::shard::Card;
use engine::snippet::{Segment, PASSAGE_CHARS, SUMMARY_CHARS};
use engine::Lang;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use crate::status::StatusTexts;

/// Set on `<html>` by the page's head while an address query waits for its answer: the
/// stylesheet hides the pre-rendered list (every firm) meanwhile.
pub const PENDING_ATTRIBUTE: &str = "data-answer-pending";
/// The `data-kind` of a firm's card.
const FIRM_KIND: &str = "firms";
/// The build's block for a search that finds nothing (the app writes its own).
const NO_RESULTS: &str = ".no-results[data-first-answer]";

pub struct SearchPage {
    document: Document,
    lang: Lang,
    input: HtmlInputElement,
    status: Element,
    list: Element,
    /// Every document's card, in the index's document order.
    cards: Vec<Element>,
    /// Every document's body text, in the same order.
    bodies: Vec<Element>,
    /// What a search that finds nothing shows (the link to every firm), hidden otherwise.
    no_results: Option<Element>,
    /// On a sharded language's page: a firm's card as the shape that [`SearchPage::card_of`]
    /// fills (the page then holds only the other documents' cards, and no bodies).
    shape: Option<Element>,
}

impl SearchPage {
    /// The page's parts, if this is a pre-rendered search page with its card template.
    pub fn find() -> Option<SearchPage> {
        let page = Self::find_parts()?;
        (page.shape.is_none() && page.bodies.len() == page.cards.len()).then_some(page)
    }

    /// The page's parts, if this is a sharded language's pre-rendered search page.
    pub fn find_sharded() -> Option<SearchPage> {
        Self::find_parts().filter(|page| page.shape.is_some())
    }

    fn find_parts() -> Option<SearchPage> {
        let document = web_sys::window()?.document()?;
        let lang = Lang::from_code(&document.document_element()?.get_attribute("lang")?)?;
        let input = document.get_element_by_id("search-input")?.dyn_into::<HtmlInputElement>().ok()?;
        let status = document.get_element_by_id("result-status")?;
        let list = document.query_selector("ol.results").ok()??;
        let cards = template_children(&document, "result-cards")?;
        let bodies = template_children(&document, "result-bodies").unwrap_or_default();
        let shape = template_children(&document, "result-card-shape").and_then(|shape| shape.into_iter().next());
        let no_results = document.query_selector(NO_RESULTS).ok().flatten();
        Some(SearchPage { document, lang, input, status, list, cards, bodies, no_results, shape })
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The list's cards as the build wrote them (the first firms, on a sharded page).
    pub fn listed(&self) -> Vec<Element> {
        let children = self.list.children();
        (0..children.length()).filter_map(|i| children.item(i)).collect()
    }

    /// A card for the sharded index's `card` (its reference is `section/slug`): the
    /// pre-rendered one of a document that is not a firm, else the shape filled with the
    /// firm's address, title and summary, as text.
    pub fn card_of(&self, card: &Card) -> Option<Element> {
        let (section, id) = card.reference.split_once('/')?;
        let known = self.cards.iter().find(|element| {
            element.get_attribute("data-kind").as_deref() == Some(section)
                && element.get_attribute("data-id").as_deref() == Some(id)
        });
        if let Some(known) = known {
            return known.clone_node_with_deep(true).ok().map(JsCast::unchecked_into);
        }
        let kind = DocKind::from_section(section)?;
        let element: Element = self.shape.as_ref()?.clone_node_with_deep(true).ok()?.unchecked_into();
        let _ = element.set_attribute("data-id", id);
        if let Ok(Some(link)) = element.query_selector("h2 a") {
            // Relative to the page's `<base>`, as the app's links are.
            let _ = link.set_attribute("href", &format!("{}/{}", self.lang.code(), doc_path(kind, id)));
            link.set_text_content(Some(&card.title));
        }
        if let Ok(Some(summary)) = element.query_selector("p.summary") {
            summary.set_text_content(Some(&card.summary));
        }
        // The card store holds no chips and place; the star is the app's (the firm's own page
        // has it).
        for part in ["ul.chips", "p.place", "p.snippet", "button.star"] {
            if let Ok(Some(part)) = element.query_selector(part) {
                part.remove();
            }
        }
        Some(element)
    }

    /// Replaces the list with `cards`, their summaries marking `terms`.
    pub fn show_elements(&self, cards: Vec<Element>, terms: &[String]) {
        self.list.set_text_content(None);
        for card in cards {
            if !terms.is_empty() {
                self.mark_summary(&card, terms);
            }
            let _ = self.list.append_child(&card);
        }
    }

    /// The button under a sharded search's list that shows more of its results.
    pub fn more_button(&self) -> Option<Element> {
        self.document.query_selector("button.more-results").ok().flatten()
    }

    /// The status line's words for a search that could not be answered.
    pub fn unavailable_text(&self) -> String {
        self.status.get_attribute("data-unavailable").unwrap_or_default()
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn input(&self) -> &HtmlInputElement {
        &self.input
    }

    pub fn card_count(&self) -> usize {
        self.cards.len()
    }

    /// The documents that are firms, in document order (the list when nothing is searched).
    pub fn firm_cards(&self) -> Vec<usize> {
        (0..self.cards.len())
            .filter(|&i| self.cards[i].get_attribute("data-kind").as_deref() == Some(FIRM_KIND))
            .collect()
    }

    pub fn status_texts(&self) -> StatusTexts {
        let read = |name: &str| self.status.get_attribute(name).unwrap_or_default();
        StatusTexts {
            count: read("data-count"),
            none: read("data-none"),
            partial: read("data-partial"),
            unmatched: read("data-unmatched"),
            quoted_word: read("data-quoted-word"),
            word_separator: read("data-word-separator"),
            all: read("data-all"),
        }
    }

    /// Puts `query` in the search box as if typed (the app carries it over when it swaps in).
    pub fn set_typed(&self, query: &str) {
        self.input.set_value(query);
    }

    pub fn status_text(&self) -> String {
        self.status.text_content().unwrap_or_default()
    }

    pub fn set_status(&self, sentence: &str) {
        self.status.set_text_content(Some(sentence));
    }

    /// Replaces the list with the cards of `docs`, their summaries marking `terms`.
    pub fn show_cards(&self, docs: &[usize], terms: &[String]) {
        self.list.set_text_content(None);
        for &doc in docs {
            let Some(card) = self.cards.get(doc) else { continue };
            let Ok(copy) = card.clone_node_with_deep(true) else { continue };
            let copy: Element = copy.unchecked_into();
            if !terms.is_empty() {
                self.mark_teaser(&copy, doc, terms);
            }
            let _ = self.list.append_child(&copy);
        }
    }

    /// Marks `terms` in the card's summary, or when it has none adds the body's best passage
    /// below it, as the app's card does.
    fn mark_teaser(&self, card: &Element, doc: usize, terms: &[String]) {
        if self.mark_summary(card, terms) {
            return;
        }
        let Ok(Some(summary)) = card.query_selector("p.summary") else { return };
        let body = self.bodies.get(doc).and_then(|b| b.text_content()).unwrap_or_default();
        let passage = snippet(&body, self.lang, terms, PASSAGE_CHARS);
        if !passage.iter().any(|s| s.highlighted) {
            return;
        }
        let Ok(paragraph) = self.document.create_element("p") else { return };
        paragraph.set_class_name("snippet");
        self.append_marked(&paragraph, passage);
        let _ = summary.after_with_node_1(&paragraph);
    }

    /// Marks `terms` in the card's summary; whether it holds any.
    fn mark_summary(&self, card: &Element, terms: &[String]) -> bool {
        let Ok(Some(summary)) = card.query_selector("p.summary") else { return false };
        let text = summary.text_content().unwrap_or_default();
        let segments = snippet(&text, self.lang, terms, SUMMARY_CHARS);
        if !segments.iter().any(|s| s.highlighted) {
            return false;
        }
        summary.set_text_content(None);
        self.append_marked(&summary, segments);
        true
    }

    /// Appends `segments` to `parent` as text, the highlighted ones in `<mark>`.
    fn append_marked(&self, parent: &Element, segments: Vec<Segment>) {
        for segment in segments {
            let node: web_sys::Node = if segment.highlighted {
                let Ok(mark) = self.document.create_element("mark") else { continue };
                mark.set_text_content(Some(&segment.text));
                mark.into()
            } else {
                self.document.create_text_node(&segment.text).into()
            };
            let _ = parent.append_child(&node);
        }
    }

    /// Counts each facet value over `docs` as the app does with no filter set: a value shows
    /// how many of the shown firms carry it (from the `data-firms` the build wrote on it), and
    /// a value none of them carries is hidden.
    pub fn count_facets(&self, docs: &[usize]) {
        let mut shown = vec![false; self.cards.len()];
        for &doc in docs {
            if let Some(slot) = shown.get_mut(doc) {
                *slot = true;
            }
        }
        let Ok(values) = self.document.query_selector_all("fieldset.facet li[data-firms]") else { return };
        for value in (0..values.length()).filter_map(|i| values.item(i)) {
            let Ok(value) = value.dyn_into::<Element>() else { continue };
            let firms = value.get_attribute("data-firms").unwrap_or_default();
            let count = firms
                .split_ascii_whitespace()
                .filter_map(|doc| doc.parse::<usize>().ok())
                .filter(|&doc| shown.get(doc).copied().unwrap_or(false))
                .count();
            if let Ok(Some(label)) = value.query_selector(".count") {
                label.set_text_content(Some(&format!("({count})")));
            }
            let _ = value.toggle_attribute_with_force("hidden", count == 0);
        }
    }

    /// Shows or hides the way on from a search that found nothing, so that it is never a dead
    /// end before the app (which adds its suggestions) has started.
    pub fn show_no_results(&self, found_nothing: bool) {
        if let Some(block) = &self.no_results {
            let _ = block.toggle_attribute_with_force("hidden", !found_nothing);
        }
    }

    /// Shows the result list again (hidden while an address query waited for its answer).
    pub fn reveal_results(&self) {
        if let Some(root) = self.document.document_element() {
            let _ = root.remove_attribute(PENDING_ATTRIBUTE);
        }
    }
}

/// The elements of the `<template id="{id}">` the build wrote.
fn template_children(document: &Document, id: &str) -> Option<Vec<Element>> {
    let template = document.get_element_by_id(id)?.dyn_into::<web_sys::HtmlTemplateElement>().ok()?;
    let children = template.content().children();
    Some((0..children.length()).filter_map(|i| children.item(i)).collect())
}

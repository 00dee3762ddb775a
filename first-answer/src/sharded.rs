//! The search page of a language whose index is sharded (`engine::shard`): the first answer
//! serves the whole page. Each query and filter asks the reader what it lacks, fetches those
//! byte ranges in parallel, and shows the ranked cards and facet counts; whatever was
//! fetched stays for the next query. The app, which needs every page's data, does not run
//! here.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use engine::finder::site_options;
use engine::query_state::SearchState;
use engine::shard::{Answer, Request, ShardReader, Step};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::address;
use crate::facet_panel::{self, FacetPanel};
use crate::page::SearchPage;
use crate::status::Shown;

/// Cards shown at first, and added by each press of "more results". Each card is a range of
/// the card store, and over HTTP/1.1 (six connections per host) each six cost a round trip:
/// on Slow 4G, 20 cards put the first result of a 10,000-firm site at 6.0–7.6 s.
pub const RESULTS_PER_PAGE: usize = 10;

/// Answers the address (query and filters), then every edit and tick, over the sharded index
/// whose root the page inlined (`root`, the file named `root_file`).
pub fn start(root: &[u8], root_file: &str) {
    let Some(page) = SearchPage::find_sharded() else { return };
    let Ok(reader) = ShardReader::with_root(root_file, root) else { return };
    let panel = Rc::new(FacetPanel::find(page.document()));
    let state = address::state();
    page.set_typed(&state.query);
    panel.tick(&state);
    let searcher = Rc::new(Searcher {
        built: page.listed(),
        built_status: page.status_text(),
        page,
        panel,
        reader: RefCell::new(reader),
        generation: Cell::new(0),
        listed: Cell::new(None),
        results: Cell::new(RESULTS_PER_PAGE),
    });
    searcher.clone().show(state);
    follow(searcher);
}

struct Searcher {
    page: SearchPage,
    panel: Rc<FacetPanel>,
    reader: RefCell<ShardReader>,
    /// The number of the latest query: an answer that arrives after a newer query is dropped.
    generation: Cell<u64>,
    /// The query whose results are listed while its counts are still on their way: its list
    /// is drawn once, not again with each later part nor with the counts.
    listed: Cell<Option<u64>>,
    /// How many results the list shows (more after each press of "more results").
    results: Cell<usize>,
    /// The list and status as the build wrote them (the first firms, how many there are),
    /// for a search of nothing.
    built: Vec<web_sys::Element>,
    built_status: String,
}

impl Searcher {
    /// The current box and ticks.
    fn state(&self) -> SearchState {
        let mut state = SearchState { query: self.page.input().value(), ..SearchState::default() };
        self.panel.ticked(&mut state);
        state
    }

    fn show(self: Rc<Self>, state: SearchState) {
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = self.answer(&state, generation).await;
            if self.generation.get() != generation {
                return;
            }
            match answer {
                Ok(Some(answer)) if self.listed.get() == Some(generation) => {
                    self.panel.show_counts(&answer.counts, answer.counts_estimated, &state)
                }
                Ok(Some(answer)) => self.show_answer(&state, &answer),
                Ok(None) => self.show_built(&state),
                Err(_) => self.page.set_status(&self.page.unavailable_text()),
            }
            self.page.reveal_results();
        });
    }

    /// The answer for `state`, or `None` when nothing is searched or ticked (the built list
    /// is that answer).
    async fn answer(&self, state: &SearchState, generation: u64) -> Result<Option<Answer>, JsValue> {
        let blank = state.query.trim().is_empty();
        if blank && !state.has_filters() {
            return Ok(None);
        }
        let options = site_options();
        // Cards listed so far: the list is drawn again as more arrive, best first.
        let mut cards_listed = 0;
        loop {
            let results = self.results.get();
            let step = self.reader.borrow_mut().step(&state.query, &state.selected, &options, results);
            let requests = match step.map_err(|error| JsValue::from_str(&error.to_string()))? {
                Step::Done(answer) => return Ok(Some(answer)),
                Step::Fetch(requests) => requests,
            };
            // Each body is taken as it arrives: the last round brings the cards, best first,
            // with the larger facet rows, and the results are listed as their cards come in.
            for (request, response) in requests.iter().zip(start_fetches(&requests)?) {
                let body = receive(request, response).await?;
                if self.generation.get() != generation {
                    return Ok(None);
                }
                let mut reader = self.reader.borrow_mut();
                reader.supply(request, &body).map_err(|error| JsValue::from_str(&error.to_string()))?;
                if self.listed.get() == Some(generation) {
                    continue;
                }
                let Some(listing) = reader.listing(&state.query, &state.selected, results) else { continue };
                drop(reader);
                let whole = listing.lists_every_card(results);
                if listing.cards.len() > cards_listed || whole {
                    if cards_listed == 0 {
                        self.panel.set_counting(true);
                    }
                    cards_listed = listing.cards.len();
                    self.show_listing(state, &listing, whole);
                }
                if whole {
                    self.listed.set(Some(generation));
                }
            }
        }
    }

    fn show_answer(&self, state: &SearchState, answer: &Answer) {
        self.show_listing(state, answer, true);
        self.panel.show_counts(&answer.counts, answer.counts_estimated, state);
    }

    /// The results and status of `answer`; not its counts. While not `whole`, more cards are
    /// on their way, and "more results" waits for them.
    fn show_listing(&self, state: &SearchState, answer: &Answer, whole: bool) {
        let blank = answer.found.tokens.is_empty();
        let cards = answer.cards.iter().filter_map(|card| self.page.card_of(card)).collect();
        self.page.show_elements(cards, &answer.found.terms);
        self.page.show_no_results(!blank && answer.shown.is_empty());
        self.show_more_button(whole && answer.shown.len() > answer.cards.len());
        self.page.reveal_results();
        let shown = Shown {
            results: answer.shown.len(),
            query: &state.query,
            blank,
            filtered: state.has_filters(),
            matched_all: answer.found.matched_all,
            unmatched: &answer.found.unmatched,
        };
        self.page.set_status(&self.page.status_texts().sentence(&shown));
    }

    /// The list, counts and status the build wrote: every firm, nothing ticked.
    fn show_built(&self, state: &SearchState) {
        self.page.show_elements(self.built.clone(), &[]);
        self.page.show_no_results(false);
        self.show_more_button(false);
        self.panel.show_built_counts(state);
        self.page.set_status(&self.built_status);
    }
}

impl Searcher {
    fn show_more_button(&self, more: bool) {
        if let Some(button) = self.page.more_button() {
            let _ = button.toggle_attribute_with_force("hidden", !more);
        }
    }
}

/// Answers each edit of the box and each tick, keeping the address in step; "more results"
/// lists the next cards of the same answer.
fn follow(searcher: Rc<Searcher>) {
    if let Some(button) = searcher.page.more_button() {
        let searcher = searcher.clone();
        let more = Closure::<dyn Fn()>::new(move || {
            searcher.results.set(searcher.results.get() + RESULTS_PER_PAGE);
            searcher.clone().show(searcher.state());
        });
        let _ = button.add_event_listener_with_callback("click", more.as_ref().unchecked_ref());
        // Lives as long as the page.
        more.forget();
    }
    let changed = {
        let searcher = searcher.clone();
        move || {
            searcher.results.set(RESULTS_PER_PAGE);
            let state = searcher.state();
            address::replace(&state);
            searcher.clone().show(state);
        }
    };
    let on_input = Closure::<dyn Fn()>::new(changed.clone());
    let _ = searcher.page.input().add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    // Lives as long as the page.
    on_input.forget();
    facet_panel::on_change(searcher.page.document(), &searcher.panel, changed);
    facet_panel::wire_drawer(searcher.page.document());
}

/// Starts fetching `requests` in parallel (one round trip); see [`receive`].
fn start_fetches(requests: &[Request]) -> Result<Vec<JsFuture>, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let mut pending = Vec::with_capacity(requests.len());
    for request in requests {
        let init = web_sys::RequestInit::new();
        let headers = web_sys::Headers::new()?;
        if let Some((start, end)) = request.range {
            headers.set("Range", &format!("bytes={start}-{}", end - 1))?;
        }
        init.set_headers(&headers);
        let fetch = web_sys::Request::new_with_str_and_init(&request.file, &init)?;
        pending.push(JsFuture::from(window.fetch_with_request(&fetch)));
    }
    Ok(pending)
}

/// The body of one of [`start_fetches`]'s requests.
async fn receive(request: &Request, response: JsFuture) -> Result<Vec<u8>, JsValue> {
    let response: web_sys::Response = response.await?.dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from_str(&format!("{}: HTTP {}", request.file, response.status())));
    }
    let bytes = js_sys::Uint8Array::new(&JsFuture::from(response.array_buffer()?).await?).to_vec();
    Ok(part_of(request, response.status(), bytes))
}

/// The range's bytes of a response: all of a `206`, or the range cut from a whole file sent
/// by a host that ignores ranges (`200`).
fn part_of(request: &Request, status: u16, bytes: Vec<u8>) -> Vec<u8> {
    engine::shard::part_of_response(request.range, status, bytes)
}

//! `/{lang}/{segment}/{term}/`: a vocabulary term's landing page (`engine::landing`): the term,
//! one sentence on how many firms carry it, those firms, the terms they also carry, and the
//! search with the term as its filter. A document: rendered at build time only.

use std::sync::Arc;

use engine::landing::{self, Landing};
use engine::model::SiteData;
use engine::Lang;
use leptos::prelude::*;

use crate::components::loaded::Loaded;
use crate::components::result_card::ResultCard;
use crate::i18n::ui;
use crate::labels::group_label;
use crate::lang_context::use_lang;
use crate::links;
use crate::pages::not_found::NotFound;
use crate::router::{Params, Router};
use crate::store::LangData;

#[component]
pub fn LandingPage() -> impl IntoView {
    let params = Router::use_router().params();
    let lang = use_lang();
    view! { <Loaded render={move |data: Arc<LangData>| landing_view(lang.get(), &data.site, &params.read())}/> }
}

fn landing_view(lang: Lang, site: &Arc<SiteData>, params: &Params) -> AnyView {
    let segment = params.section.as_deref().unwrap_or_default();
    let slug = params.id.as_deref().unwrap_or_default();
    let Some(page) = landing::find(site, segment, slug) else { return view! { <NotFound/> }.into_any() };
    let t = ui(lang);
    view! {
        <article class="landing-page" data-facet=page.facet.param data-term=page.term.id.clone()>
            <p class="kind">{group_label(lang, page.facet.group)}</p>
            <h1>{page.term.label.clone()}</h1>
            <p class="lead">{lead(lang, &page)}</p>
            <p><a class="button search-link" href=links::page(lang, &page.search_path())>{t.landing_search}</a></p>
            <section class="landing-firms" aria-labelledby="landing-firms">
                <h2 id="landing-firms">{t.landing_firms}</h2>
                <ul class="results">
                    {page
                        .listed()
                        .iter()
                        .map(|&doc| view! { <ResultCard lang=lang site=site.clone() doc=doc/> })
                        .collect_view()}
                </ul>
                {more(lang, &page)}
            </section>
            {related(lang, site, &page)}
        </article>
    }
    .into_any()
}

/// Under a list cut at [`landing::MAX_LISTED`]: how many are listed, and the way to all of them.
fn more(lang: Lang, page: &Landing) -> Option<impl IntoView> {
    (page.unlisted() > 0).then(|| {
        let text = ui(lang)
            .landing_more
            .replace("{shown}", &page.listed().len().to_string())
            .replace("{count}", &page.firms.len().to_string());
        view! { <p class="landing-more"><a href=links::page(lang, &page.search_path())>{text}</a></p> }
    })
}

/// The page's one sentence, the same as its meta description (`sitegen::output::routes`).
fn lead(lang: Lang, page: &Landing) -> String {
    let t = ui(lang);
    let [one, other] = page.lead_keys().map(|key| t.text(&key).unwrap_or_default());
    landing::lead(one, other, page.firms.len(), &page.term.label)
}

/// Links to the landing pages of the other terms these firms carry, per group.
fn related(lang: Lang, site: &SiteData, page: &Landing) -> Option<impl IntoView> {
    let groups = page.related(site);
    (!groups.is_empty()).then(|| {
        let groups = groups
            .into_iter()
            .map(|(facet, segment, terms)| {
                let items = terms
                    .into_iter()
                    .map(|term| {
                        let href = links::page(lang, &landing::path(segment, &term.id));
                        view! { <li><a href=href>{term.label.clone()}</a></li> }
                    })
                    .collect_view();
                view! {
                    <h3>{group_label(lang, facet.group)}</h3>
                    <ul class="chips browse">{items}</ul>
                }
            })
            .collect_view();
        view! {
            <section class="related" aria-labelledby="landing-related">
                <h2 id="landing-related">{ui(lang).landing_related}</h2>
                {groups}
            </section>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_landing_group_has_its_sentence_in_every_language() {
        for lang in crate::i18n::tests::site_languages() {
            for (_, segment) in landing::facets() {
                for key in landing::lead_keys(segment) {
                    let text = ui(lang).text(&key).unwrap_or_else(|| panic!("{lang:?}: UI string `{key}` is missing"));
                    assert!(text.contains("{term}"), "{lang:?} `{key}` names the term");
                }
                let [_, other] = landing::lead_keys(segment);
                assert!(ui(lang).text(&other).is_some_and(|t| t.contains("{count}")), "{lang:?} `{other}` counts");
            }
            let more = ui(lang).landing_more;
            assert!(more.contains("{shown}") && more.contains("{count}"), "{lang:?} `landing_more`: {more}");
        }
    }
}

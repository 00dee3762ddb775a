//! The current language, provided by the language layout to every page and component below it.

use engine::Lang;
use leptos::prelude::*;

/// The current language, provided to every page below the layout.
#[derive(Clone, Copy)]
pub struct CurrentLang(pub Memo<Lang>);

/// Reads the current language (the default language outside a language layout).
pub fn use_lang() -> Memo<Lang> {
    use_context::<CurrentLang>().map_or_else(|| Memo::new(|_| Lang::DEFAULT), |c| c.0)
}

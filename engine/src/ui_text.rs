//! The words of the user interface: one field per key of `content/ui/<lang>.toml`.
//!
//! The keys are code (the app cannot use one that does not exist; the site builder rejects a
//! file that lacks one or has one more); the texts are content, read at run time: the site
//! builder writes each language's [`UiText`] into its page data, the browser app and the page
//! renderer read it from there. A new key is added here, then to every language's file.

use serde::{Deserialize, Serialize};

/// Defines [`UiText`] with one field per key, and the lookups by key name.
macro_rules! ui_text {
    ($($key:ident,)*) => {
        /// The interface's words in one language. `S` is the text's type: `String` as
        /// loaded, `&'static str` in the app (each language's texts are loaded once and kept).
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct UiText<S = String> {
            $(pub $key: S,)*
        }

        impl<S> UiText<S> {
            /// Every key, in the order of the fields.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key),)*];

            /// Builds the texts key by key.
            pub fn from_fn(mut text: impl FnMut(&'static str) -> S) -> Self {
                UiText { $($key: text(stringify!($key)),)* }
            }

            /// The same texts in another type.
            pub fn map<T>(self, mut f: impl FnMut(S) -> T) -> UiText<T> {
                UiText { $($key: f(self.$key),)* }
            }

            /// The text of `key`, for keys that data tables name
            /// (`engine::landing::Landing::lead_keys`).
            pub fn get(&self, key: &str) -> Option<&S> {
                match key {
                    $(stringify!($key) => Some(&self.$key),)*
                    _ => None,
                }
            }
        }
    };
}

ui_text! {
    site_name,
    site_tagline,
    skip_to_content,
    nav_home,
    nav_search,
    nav_strategies,
    nav_programs,
    nav_about,
    nav_shortlist,
    nav_compare,
    nav_map,
    language_label,
    choose_language,
    search_label,
    search_placeholder,
    search_intro,
    results_count,
    results_none,
    results_partial,
    results_unmatched,
    quoted_word,
    word_separator,
    results_all,
    suggestions_label,
    suggestion_firms,
    did_you_mean,
    browse_all,
    loading,
    load_error,
    retry,
    data_mismatch,
    reload_page,
    search_preparing,
    sample_badge,
    sample_badge_title,
    sample_notice,
    kind_firm,
    kind_strategy,
    kind_program,
    kind_event,
    kind_training,
    kind_institution,
    kind_page,
    facet_processes,
    facet_materials,
    facet_certifications,
    facet_regulatory,
    facet_roles,
    facet_applications,
    facet_employee_bands,
    facet_regions,
    facet_municipalities,
    facet_events,
    field_capabilities,
    field_quality,
    field_capacity,
    field_export,
    field_contact,
    field_location,
    field_founded,
    field_employees,
    field_equipment,
    field_cleanroom,
    field_cleanroom_value,
    field_cleanroom_area,
    field_tolerance,
    field_tolerance_value,
    field_lots,
    field_lots_value,
    field_lead_time,
    field_lead_time_value,
    field_export_countries,
    field_no_export,
    field_languages,
    field_device_classes,
    field_updated,
    field_expires,
    field_website,
    field_email,
    regulatory_none,
    contact_via_coordinator,
    contact_direct,
    contact_button,
    figures_heading,
    figure_as_of,
    figure_source,
    home_heading,
    home_strategies,
    home_browse,
    read_more,
    all_firms,
    not_found_title,
    not_found_text,
    back_home,
    back_to_results,
    related_programs,
    part_of_strategy,
    official_site,
    landing_title,
    landing_processes_one,
    landing_processes_other,
    landing_materials_one,
    landing_materials_other,
    landing_certifications_one,
    landing_certifications_other,
    landing_applications_one,
    landing_applications_other,
    landing_regions_one,
    landing_regions_other,
    landing_municipalities_one,
    landing_municipalities_other,
    landing_firms,
    landing_related,
    landing_search,
    landing_more,
    more_results,
    footer_credit_gazetteer,
    footer_cluster,
    footer_contact,
    footer_imprint,
    footer_links,
    preview_label,
    preview_notice,
    filters_heading,
    clear_filters,
    map_intro,
    map_note,
    map_credit_boundaries,
    map_firms_in,
    map_list_heading,
    print_sheet,
    qr_caption,
    star_button,
    star_button_label,
    shortlist_heading,
    shortlist_intro,
    shortlist_empty,
    shortlist_remove,
    shortlist_remove_label,
    shortlist_unknown,
    compare_choice,
    compare_choice_label,
    compare_chosen,
    compare_button,
    compare_hint,
    compare_heading,
    compare_need_two,
    compare_change,
    compare_caption,
    compare_differs,
    compare_only_differences,
    compare_remove_label,
    compare_field,
    value_none,
    export_shortlist,
    export_results,
    export_done,
    csv_id,
    csv_name,
    csv_kind,
    csv_url,
    csv_summary,
    inquiry_heading,
    inquiry_intro,
    inquiry_about,
    inquiry_no_firms,
    inquiry_part,
    inquiry_material,
    inquiry_quantity,
    inquiry_tolerance,
    inquiry_certification,
    inquiry_target_date,
    inquiry_details,
    inquiry_preview,
    inquiry_open_mail,
    inquiry_copy,
    inquiry_copied,
    inquiry_copy_failed,
    inquiry_mail_note,
    inquiry_subject,
    inquiry_subject_general,
    inquiry_greeting,
    inquiry_opening,
    inquiry_firms_line,
    inquiry_closing,
    inquiry_unspecified,
    inquiry_quantity_hint,
    inquiry_tolerance_hint,
    inquiry_to,
    inquiry_subject_label,
    close,
}

impl<S: Copy> UiText<S> {
    /// [`UiText::get`] for copyable texts (`&'static str`).
    pub fn text(&self, key: &str) -> Option<S> {
        self.get(key).copied()
    }
}

impl UiText<String> {
    /// The texts as plain lines `key<TAB>text`, for a page to carry its own language's words
    /// inside `<script type="text/plain">` (the app reads them with no parser and no fetch):
    /// `\`, line breaks, tabs and `<` are escaped (`\\`, `\n`, `\t`, `\x3c`), so no text can
    /// end the element.
    pub fn to_lines(&self) -> String {
        let mut out = String::new();
        for key in Self::KEYS {
            let text = self.get(key).map_or("", String::as_str);
            out.push_str(key);
            out.push('\t');
            for c in text.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '<' => out.push_str("\\x3c"),
                    c => out.push(c),
                }
            }
            out.push('\n');
        }
        out
    }

    /// Reads [`UiText::to_lines`] back; `None` unless every key is there.
    pub fn from_lines(lines: &str) -> Option<UiText> {
        let mut texts = std::collections::BTreeMap::new();
        for line in lines.lines() {
            let Some((key, escaped)) = line.split_once('\t') else { continue };
            let mut text = String::with_capacity(escaped.len());
            let mut rest = escaped;
            while let Some(at) = rest.find('\\') {
                text.push_str(&rest[..at]);
                let after = &rest[at + 1..];
                let (unescaped, skip) = match after.as_bytes().first() {
                    Some(b'n') => ("\n", 1),
                    Some(b't') => ("\t", 1),
                    Some(b'x') if after.starts_with("x3c") => ("<", 3),
                    _ => ("\\", 1),
                };
                text.push_str(unescaped);
                rest = after.get(skip..).unwrap_or_default();
            }
            text.push_str(rest);
            texts.insert(key.trim().to_string(), text);
        }
        let complete = Self::KEYS.iter().all(|key| texts.contains_key(*key));
        complete.then(|| UiText::from_fn(|key| texts.remove(key).unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_lines_that_cannot_end_a_script_element() {
        let ui = UiText::from_fn(|key| format!("{key}: a \\ b\nc\td </script> {{count}} ไทย"));
        let lines = ui.to_lines();
        assert!(!lines.contains('<'), "{lines}");
        assert_eq!(lines.lines().count(), UiText::<String>::KEYS.len());
        assert_eq!(UiText::from_lines(&lines), Some(ui));
        assert_eq!(UiText::from_lines("site_name\tx\n"), None, "every key or nothing");
    }

    #[test]
    fn looks_texts_up_by_key() {
        let ui = UiText::from_fn(|key| format!("<{key}>"));
        assert_eq!(ui.get("nav_search").map(String::as_str), Some("<nav_search>"));
        assert_eq!(ui.get("no_such_key"), None);
        // Every key, once, finds its own text.
        let keys = UiText::<String>::KEYS;
        let distinct: std::collections::BTreeSet<&str> = keys.iter().copied().collect();
        assert_eq!(distinct.len(), keys.len(), "keys are unique");
        for key in keys {
            assert_eq!(ui.get(key), Some(&format!("<{key}>")), "{key}");
        }
        let leaked: UiText<&'static str> = ui.clone().map(|s| &*s.leak());
        assert_eq!(leaked.text("site_name"), Some("<site_name>"));
    }

    #[test]
    fn round_trips_through_postcard() {
        let ui = UiText::from_fn(|key| key.to_uppercase());
        let bytes = postcard::to_allocvec(&ui).expect("encode");
        assert_eq!(postcard::from_bytes::<UiText>(&bytes).expect("decode"), ui);
    }
}

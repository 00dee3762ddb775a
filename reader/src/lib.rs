//! What the document pages do in the browser, kept apart from the search app so that reading
//! a firm profile costs a few kilobytes of code instead of the whole app. The pages themselves
//! are complete HTML from the build; this module only wires their few interactive parts.

pub mod enhance;
pub mod shortlist_rules;

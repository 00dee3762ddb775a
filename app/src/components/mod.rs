//! Building blocks shared by the pages.

pub mod badge;
pub mod export_button;
pub mod facts;
pub mod figures;
pub mod footer;
pub mod header;
pub mod inquiry_form;
pub mod loaded;
pub mod result_card;
pub mod star;
pub mod suggestions;

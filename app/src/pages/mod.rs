//! One module per route.

pub mod doc_page;
pub mod firm;
pub mod home;
pub mod lists;
pub mod not_found;
pub mod root;
pub mod search;

//! One module per route.

pub mod compare;
pub mod doc_page;
pub mod firm;
pub mod home;
pub mod landing;
pub mod lists;
pub mod map;
pub mod not_found;
pub mod root;
pub mod search;
pub mod shortlist;

//! Building blocks shared by the pages.

pub mod badge;
pub mod facts;
pub mod footer;
pub mod header;
pub mod layout;
pub mod loaded;
pub mod result_card;

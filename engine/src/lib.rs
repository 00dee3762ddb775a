//! The search engine of the site, shared by the build (host) and the browser (WebAssembly), so
//! that index-time and query-time text analysis cannot drift apart.

pub mod analysis;
// The site searches with `finder`; `elasticlunr_compat` is elasticlunr.js, bit for bit.
mod doc_order;
pub mod elasticlunr_compat;
pub mod facets;
pub mod fields;
pub mod finder;
pub mod groups;
pub mod index;
pub mod landing;
pub mod lang;
pub mod model;
pub mod query_state;
pub mod records;
pub mod routes;
pub mod shard;
pub mod snippet;
pub mod suggest;
pub mod ui_text;

pub use index::{Index, IndexError};
pub use lang::Lang;

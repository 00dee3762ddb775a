//! The search engine of the site, shared by the build (host) and the browser (WebAssembly), so
//! that index-time and query-time text analysis cannot drift apart.

pub mod analysis;
mod doc_order;
/// elasticlunr.js 0.9.5 search semantics, bit for bit: the compatibility mode that the
/// differential test (`tests/elasticlunr_differential.rs`) holds to elasticlunr.js, and the
/// options and hit types the finder shares. The site does not search with it: see [`finder`].
pub mod elasticlunr_compat;
pub mod facets;
pub mod fields;
/// The site's search: what the app, the first answer and the benchmarks run.
pub mod finder;
pub mod groups;
pub mod index;
pub mod landing;
pub mod lang;
pub mod model;
pub mod routes;
pub mod shard;
pub mod snippet;
pub mod suggest;

pub use index::{Index, IndexError};
pub use lang::Lang;

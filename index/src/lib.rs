//! factdesk-index: source ingestion and full-text search for factdesk.
//!
//! This crate knows nothing about terminals or the rest of a factdesk project: it owns a
//! project's `sources/` folder (imported files stored by content hash) and its `index/`
//! folder (a tantivy index that can always be rebuilt from `sources/`).

pub mod bounded;
pub mod embed;
pub mod eval;
pub mod extract;
pub mod flock;
pub mod library;
pub mod pdf;
pub mod sanitize;
pub mod search;
pub mod source;
pub mod store;
pub mod web;

pub use search::{
    IndexConfig, IndexError, PassageHit, QueryError, SearchIndex, SearchRequest, SearchResults,
    SourceHit,
};
pub use source::{Capture, Lang, SourceDoc};

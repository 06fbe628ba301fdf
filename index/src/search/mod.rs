//! Full-text search over a project's sources: a passage-level tantivy index.
//!
//! Every source is split into paragraph-sized passages ([`passages`]); each passage is one
//! tantivy document that carries the source's metadata, so a results list needs no second
//! read. The index lives in `<project>/index/` and can be rebuilt from the sources at any
//! time ([`SearchIndex::rebuild`]).

pub(crate) mod analyzers;
mod build;
mod complete;
pub mod compounds;
mod dates;
mod evidence;
mod highlight;
pub mod passages;
mod query;
mod results;
mod schema;
mod stem_cache;
pub(crate) mod stopwords;
mod synonym;
mod writer;

use std::fmt;
use std::path::PathBuf;

use tantivy::query::QueryParser;
use tantivy::{Index, IndexReader, IndexWriter};

pub use evidence::{EvidenceWeights, RankedPassage};
pub use passages::{split_passages, PassageConfig, PassageSpan};
pub use query::{QueryError, SearchRequest};
pub use results::{Highlight, PassageHit, SearchResults, Snippet, SourceHit, SourceInfo};

/// Settings of an index that matter while writing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexConfig {
    /// How sources are cut into passages.
    pub passages: PassageConfig,
    /// Memory budget of the index writer across all its threads, in bytes. Bounds the peak
    /// memory of an import: tantivy flushes a segment when a thread's share is full.
    pub writer_memory_bytes: usize,
    /// Indexing threads.
    pub writer_threads: usize,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            passages: PassageConfig::default(),
            writer_memory_bytes: 96 << 20,
            writer_threads: 2,
        }
    }
}

/// Why an index could not be opened or written.
#[derive(Debug)]
pub enum IndexError {
    /// The index exists but cannot be read: rebuilding it from the sources fixes it.
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What was wrong, on one line.
        detail: String,
    },
    /// The index was written by another factdesk version (its schema differs) or with another
    /// German word list: it must be rebuilt from the sources, which the app does on its own.
    Outdated {
        /// The index folder.
        path: PathBuf,
        /// Why, completing "the index ..." ("was written by another factdesk version").
        why: String,
    },
    /// Another process is writing the index.
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// Any other failure (file system, tantivy).
    Other(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::Damaged { path, detail } => write!(
                f,
                "search index {} is damaged ({}); run `factdesk reindex` to rebuild it from the sources",
                path.display(),
                one_line(detail)
            ),
            IndexError::Outdated { path, why } => write!(
                f,
                "search index {} {why}; run `factdesk reindex` to rebuild it from the sources",
                path.display()
            ),
            IndexError::Locked { path } => write!(
                f,
                "search index {} is being written by another factdesk process; try again when it has finished",
                path.display()
            ),
            IndexError::Other(detail) => write!(f, "search index error: {}", one_line(detail)),
        }
    }
}

impl std::error::Error for IndexError {}

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError::Other(e.to_string())
    }
}

impl From<std::io::Error> for IndexError {
    fn from(e: std::io::Error) -> Self {
        IndexError::Other(e.to_string())
    }
}

fn one_line(s: &str) -> String {
    let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 200 {
        line.chars().take(200).chain("…".chars()).collect()
    } else {
        line
    }
}

/// A project's search index. Reading needs no lock; the first write takes tantivy's writer
/// lock (an OS lock, released when the process dies) and keeps it until the value is dropped.
pub struct SearchIndex {
    root: PathBuf,
    generation: PathBuf,
    config: IndexConfig,
    fields: schema::Fields,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    parser: QueryParser,
    fuzzy_parser: QueryParser,
    /// The German compound splitter the index was built with.
    splitter: Option<std::sync::Arc<compounds::Splitter>>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("generation", &self.generation)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

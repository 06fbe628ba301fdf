//! Full-text search over a project's sources: a passage-level tantivy index.
//!
//! Every source is split into paragraph-sized passages ([`passages`]); each passage is one
//! tantivy document that carries the source's metadata, so a results list needs no second
//! read. The index lives in `<project>/index/` and can be rebuilt from the sources at any
//! time ([`SearchIndex::rebuild`]).

pub mod analyzers;
mod build;
mod complete;
pub mod compounds;
pub(crate) mod dates;
mod directory;
mod evidence;
pub mod fusion;
mod highlight;
pub mod numbers;
pub mod passages;
mod query;
mod results;
mod schema;
mod stem_cache;
pub(crate) mod stopwords;
mod stored;
mod synonym;
pub mod translate;
mod writer;

use std::fmt;
use std::path::PathBuf;

use tantivy::query::QueryParser;
use tantivy::{Index, IndexReader, IndexWriter};

pub use evidence::EvidenceWeights;
pub use passages::{split_passages, PassageConfig, PassageSpan};
pub use query::{QueryError, SearchRequest};
pub use results::{Highlight, PassageHit, SearchResults, Snippet, SourceHit, SourceInfo};
pub use schema::source_key;
pub use stored::StoredPassage;

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
    /// The index cannot be read or written for a reason of the machine: a permission, a
    /// read-only file system, a full disk. Rebuilding would not help.
    Unavailable {
        /// The index folder or file.
        path: PathBuf,
        /// In plain words ("permission denied", "the disk is full").
        reason: String,
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
                crate::sanitize::shown_path(path),
                one_line(detail)
            ),
            IndexError::Outdated { path, why } => write!(
                f,
                "search index {} {why}; run `factdesk reindex` to rebuild it from the sources",
                crate::sanitize::shown_path(path)
            ),
            IndexError::Unavailable { path, reason } => write!(
                f,
                "search index {}: {reason}",
                crate::sanitize::shown_path(path)
            ),
            IndexError::Locked { path } => write!(
                f,
                "search index {} is being written by another factdesk process; try again when it has finished",
                crate::sanitize::shown_path(path)
            ),
            IndexError::Other(detail) => write!(f, "search index error: {}", one_line(detail)),
        }
    }
}

impl std::error::Error for IndexError {}

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        match environment_reason(&e) {
            Some(reason) => IndexError::Other(format!("cannot write the index: {reason}")),
            None => IndexError::Other(e.to_string()),
        }
    }
}

impl From<std::io::Error> for IndexError {
    fn from(e: std::io::Error) -> Self {
        IndexError::Other(crate::bounded::io_reason(&e))
    }
}

impl IndexError {
    /// A write failure that tantivy could not explain (its threads report only "an index
    /// writer was killed") is, on a disk with next to no room left, a full disk: say so.
    pub(crate) fn on_disk_of(self, dir: &std::path::Path) -> IndexError {
        match &self {
            IndexError::Other(d) if !d.starts_with("cannot write the index") => {
                match free_bytes(dir) {
                    Some(n) if n < 1 << 20 => IndexError::Other(format!(
                        "cannot write the index: the disk is full ({} KiB free)",
                        n >> 10
                    )),
                    _ => self,
                }
            }
            _ => self,
        }
    }
}

/// Bytes an unprivileged process may still write on the file system holding `dir`.
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: an all-zero statvfs is a valid value for statvfs to overwrite.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is NUL-terminated and `st` is valid for writing.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    Some(st.f_bavail as u64 * st.f_frsize as u64)
}

/// Conditions of the machine rather than of the index: see [`IndexError::Unavailable`].
fn is_environment(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        PermissionDenied | ReadOnlyFilesystem | StorageFull | QuotaExceeded
    )
}

/// In plain words, what a tantivy error says when it is a condition of the machine. Some
/// errors come from tantivy's threads as text only ("No space left on device (os error 28)").
fn environment_reason(e: &tantivy::TantivyError) -> Option<String> {
    if let Some(io) = environment_io(e) {
        return Some(crate::bounded::io_reason(io));
    }
    let text = e.to_string();
    let code = text
        .split("(os error ")
        .nth(1)?
        .split(')')
        .next()?
        .parse()
        .ok()?;
    let io = std::io::Error::from_raw_os_error(code);
    is_environment(&io).then(|| crate::bounded::io_reason(&io))
}

/// The I/O error inside a tantivy error, when it is a condition of the machine.
fn environment_io(e: &tantivy::TantivyError) -> Option<&std::io::Error> {
    use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    let io: &std::io::Error = match e {
        T::IoError(io) => io,
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. })
        | T::OpenReadError(OpenReadError::IoError { io_error, .. })
        | T::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => io_error,
        T::LockFailure(LockError::IoError(io), _) => io,
        _ => return None,
    };
    is_environment(io).then_some(io)
}

/// A message on one line, at most 200 characters, cut at a word boundary.
fn one_line(s: &str) -> String {
    const MAX: usize = 200;
    let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX {
        return line;
    }
    let cut: String = line.chars().take(MAX).collect();
    // Back to the last space, unless that would leave too little of the message.
    let kept = match cut.rfind(' ') {
        Some(i) if i >= MAX / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", kept.trim_end_matches([',', ';', ':']))
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

#[cfg(test)]
mod tests {
    #[test]
    fn long_messages_are_cut_between_words() {
        let msg = format!(
            "{} No space left on device",
            "an error happened while writing, ".repeat(6)
        );
        let line = super::one_line(&msg);
        assert!(line.chars().count() <= 201, "{line}");
        let words: Vec<&str> = msg.split(' ').collect();
        let last = line.trim_end_matches('…').rsplit(' ').next().unwrap();
        assert!(
            words.iter().any(|w| w.trim_end_matches(',') == last),
            "cut mid-word: {line}"
        );
    }
}

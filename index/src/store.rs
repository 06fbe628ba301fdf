//! A project's `sources/` folder: imported files stored by content hash.
//!
//! Layout: `sources/<sha256>.<ext>` holds the original bytes unchanged and
//! `sources/<sha256>.toml` the metadata ([`SourceMeta`]). The TOML file is written last, so
//! a source exists once its metadata exists; both are written atomically (temporary file in
//! the same folder, fsync, rename, fsync of the folder). Everything the search index holds
//! can be rebuilt from this folder alone ([`SourceStore::iter_docs`]).

mod import;
mod meta;
pub mod staged;
mod walk;
mod web;

pub use import::{Captured, ImportEvent, ImportReport, SourceInput};
pub use meta::{now_rfc3339, SourceKind, SourceMeta};
pub use web::display_url;

use crate::extract::{
    extension, extract_file_with, gunzip_capped, gz_limit_for, ExtractError, ExtractOptions,
    JsonlRecords,
};
use crate::sanitize::shown_path;
use crate::source::SourceDoc;

use std::path::{Path, PathBuf};

/// Files larger than this are refused at import rather than read into memory.
pub const MAX_FILE_SIZE: u64 = 512 * 1024 * 1024;

/// Problems with the store itself (not with one imported file).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {reason}", shown_path(path))]
    Io { path: PathBuf, reason: String },
    #[error("broken metadata file {}: {reason}", shown_path(file))]
    BrokenMeta { file: PathBuf, reason: String },
    #[error("no source with id {0}")]
    NotFound(String),
    #[error("{id} is a record of corpus {corpus}; remove the corpus instead")]
    RecordOfCorpus { id: String, corpus: String },
    #[error("{}: {reason}", shown_path(file))]
    Extract { file: PathBuf, reason: ExtractError },
}

impl StoreError {
    fn io(path: &Path, e: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_owned(),
            reason: crate::bounded::io_reason(&e),
        }
    }

    fn read(e: crate::bounded::ReadError) -> Self {
        StoreError::Io {
            reason: e.reason(),
            path: e.path,
        }
    }
}

/// Handle on `<project>/sources/`.
#[derive(Debug, Clone)]
pub struct SourceStore {
    dir: PathBuf,
    opts: ExtractOptions,
}

impl SourceStore {
    /// Opens (and creates if needed) `<project_dir>/sources/`.
    pub fn open(project_dir: &Path) -> Result<Self, StoreError> {
        let dir = project_dir.join("sources");
        if !dir.is_dir() {
            std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
        }
        Ok(SourceStore {
            dir,
            opts: ExtractOptions::default(),
        })
    }

    /// Sets how files are extracted (the application sets isolated PDF extraction).
    pub fn with_options(mut self, opts: ExtractOptions) -> Self {
        self.opts = opts;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn meta_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.toml"))
    }

    fn original_path(&self, meta: &SourceMeta) -> PathBuf {
        self.dir.join(&meta.file)
    }

    /// All sources with readable metadata, sorted by title. Broken metadata files are left
    /// out; [`SourceStore::list_all`] reports them.
    pub fn list(&self) -> Vec<SourceMeta> {
        self.list_all().0
    }

    /// All sources, and the metadata files that could not be read (by file name).
    pub fn list_all(&self) -> (Vec<SourceMeta>, Vec<StoreError>) {
        let mut metas = Vec::new();
        let mut problems = Vec::new();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) => return (metas, vec![StoreError::io(&self.dir, e)]),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".toml") else {
                continue;
            };
            if !meta::is_hash(stem) {
                continue;
            }
            match meta::read_meta(&path) {
                Ok(m) if m.id == stem => metas.push(m),
                Ok(m) => problems.push(StoreError::BrokenMeta {
                    file: path.clone(),
                    reason: format!("id {} does not match the file name", m.id),
                }),
                Err(e) => problems.push(e),
            }
        }
        metas.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
        (metas, problems)
    }

    /// Metadata of one stored file.
    pub fn meta(&self, id: &str) -> Result<SourceMeta, StoreError> {
        if !meta::is_hash(id) {
            return Err(StoreError::NotFound(id.to_owned()));
        }
        let path = self.meta_path(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_owned()));
        }
        meta::read_meta(&path)
    }

    /// Deletes a stored file and its metadata. Returns the document ids to drop from the
    /// search index (the file's id, or every record id of a corpus).
    pub fn remove(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let meta = match self.meta(id) {
            Ok(m) => m,
            Err(StoreError::NotFound(_)) => {
                if let Some(corpus) = self.corpus_of_record(id) {
                    return Err(StoreError::RecordOfCorpus {
                        id: id.to_owned(),
                        corpus,
                    });
                }
                return Err(StoreError::NotFound(id.to_owned()));
            }
            Err(e) => return Err(e),
        };
        let ids = match meta.kind {
            SourceKind::Document => vec![meta.id.clone()],
            SourceKind::Corpus => self.record_ids(&meta).unwrap_or_default(),
        };
        self.delete_files(&meta)?;
        Ok(ids)
    }

    fn delete_files(&self, meta: &SourceMeta) -> Result<(), StoreError> {
        // Metadata first: without it the source no longer exists, even if the second
        // deletion fails.
        for path in [self.meta_path(&meta.id), self.original_path(meta)] {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io(&path, e)),
            }
        }
        meta::sync_dir(&self.dir);
        Ok(())
    }

    /// Reads the stored original, decompressing `.gz` for corpora.
    fn corpus_bytes(&self, meta: &SourceMeta) -> Result<Vec<u8>, StoreError> {
        let path = self.original_path(meta);
        let bytes = self.read_original(meta)?;
        if extension(&path) == "gz" {
            return gunzip_capped(&bytes, gz_limit_for(bytes.len()))
                .map_err(|reason| StoreError::Extract { file: path, reason });
        }
        Ok(bytes)
    }

    /// Document ids of the records of a stored corpus.
    fn record_ids(&self, meta: &SourceMeta) -> Result<Vec<String>, StoreError> {
        let bytes = self.corpus_bytes(meta)?;
        Ok(
            JsonlRecords::with_fallback(&bytes, self.opts.fallback_language)
                .filter_map(|r| r.ok())
                .map(|d| d.id)
                .collect(),
        )
    }

    fn corpus_of_record(&self, id: &str) -> Option<String> {
        if !meta::is_hash(id) {
            return None;
        }
        self.list()
            .into_iter()
            .filter(|m| m.kind == SourceKind::Corpus)
            .find(|m| {
                self.record_ids(m)
                    .is_ok_and(|ids| ids.iter().any(|r| r == id))
            })
            .map(|m| m.id)
    }

    /// Re-extracts one document from the stored original: a stored file, or one record of a
    /// stored corpus. Metadata from the TOML file wins over what extraction finds, so edits
    /// to it survive a reindex.
    pub fn load_doc(&self, id: &str) -> Result<SourceDoc, StoreError> {
        match self.meta(id) {
            Ok(meta) if meta.kind == SourceKind::Document => self.load_document(&meta),
            Ok(meta) => Err(StoreError::Io {
                path: self.meta_path(&meta.id),
                reason: "is a corpus; load its records with iter_docs".to_owned(),
            }),
            Err(StoreError::NotFound(_)) => {
                for meta in self
                    .list()
                    .into_iter()
                    .filter(|m| m.kind == SourceKind::Corpus)
                {
                    let Ok(bytes) = self.corpus_bytes(&meta) else {
                        continue;
                    };
                    if let Some(doc) =
                        JsonlRecords::with_fallback(&bytes, self.opts.fallback_language)
                            .flatten()
                            .find(|d| d.id == id)
                    {
                        return Ok(doc);
                    }
                }
                Err(StoreError::NotFound(id.to_owned()))
            }
            Err(e) => Err(e),
        }
    }

    /// The stored copy of a source, refused when it is not the size recorded at import (a
    /// power cut before the import's next checkpoint can leave it short).
    fn read_original(&self, meta: &SourceMeta) -> Result<Vec<u8>, StoreError> {
        let path = self.original_path(meta);
        let bytes = crate::bounded::read_bounded(&path, MAX_FILE_SIZE, Some(&self.dir))
            .map_err(StoreError::read)?;
        if meta.size != 0 && bytes.len() as u64 != meta.size {
            return Err(StoreError::Io {
                path,
                reason: format!(
                    "stored copy is incomplete ({} of {} bytes); import the file again",
                    bytes.len(),
                    meta.size
                ),
            });
        }
        Ok(bytes)
    }

    fn load_document(&self, meta: &SourceMeta) -> Result<SourceDoc, StoreError> {
        let path = self.original_path(meta);
        let bytes = self.read_original(meta)?;
        let extracted =
            extract_file_with(&path, &bytes, &self.opts).map_err(|reason| StoreError::Extract {
                file: path.clone(),
                reason,
            })?;
        let mut doc = extracted
            .docs
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Extract {
                file: path.clone(),
                reason: ExtractError::NoText,
            })?;
        meta.apply_to(&mut doc);
        Ok(doc)
    }

    /// Every document in the store, for rebuilding the search index: stored files one by
    /// one, corpora record by record (one corpus in memory at a time). Failures are items,
    /// not the end of the iteration.
    pub fn iter_docs(&self) -> DocIter<'_> {
        let (metas, problems) = self.list_all();
        DocIter {
            store: self,
            metas: metas.into_iter(),
            problems: problems.into_iter(),
            corpus: None,
        }
    }
}

/// Iterator returned by [`SourceStore::iter_docs`].
pub struct DocIter<'a> {
    store: &'a SourceStore,
    metas: std::vec::IntoIter<SourceMeta>,
    problems: std::vec::IntoIter<StoreError>,
    corpus: Option<OwnedCorpus>,
}

/// A corpus being read: its bytes and the position of the next line.
struct OwnedCorpus {
    bytes: Vec<u8>,
    pos: usize,
    fallback: crate::source::Lang,
}

impl Iterator for DocIter<'_> {
    type Item = Result<SourceDoc, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(p) = self.problems.next() {
            return Some(Err(p));
        }
        loop {
            if let Some(c) = &mut self.corpus {
                if let Some(item) = next_record(c) {
                    return Some(item);
                }
                self.corpus = None;
            }
            let meta = self.metas.next()?;
            match meta.kind {
                SourceKind::Document => return Some(self.store.load_document(&meta)),
                SourceKind::Corpus => match self.store.corpus_bytes(&meta) {
                    Ok(bytes) => {
                        self.corpus = Some(OwnedCorpus {
                            bytes,
                            pos: 0,
                            fallback: self.store.opts.fallback_language,
                        });
                    }
                    Err(e) => return Some(Err(e)),
                },
            }
        }
    }
}

fn next_record(c: &mut OwnedCorpus) -> Option<Result<SourceDoc, StoreError>> {
    while c.pos < c.bytes.len() {
        let rest = &c.bytes[c.pos..];
        let (line, advance) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        c.pos += advance;
        // Bad lines were reported when the corpus was imported.
        if let Some(Ok(doc)) = JsonlRecords::with_fallback(line, c.fallback).next() {
            return Some(Ok(doc));
        }
    }
    None
}

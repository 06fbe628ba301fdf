//! Importing files and folders into the store.

use super::meta::{is_hash, meta_toml, now_rfc3339, origin_key, SourceKind, SourceMeta};
use super::staged::StagedWrites;
use super::walk::{collect, reason_for, Candidate};
use super::web::display_url;
use super::{SourceStore, StoreError, MAX_FILE_SIZE};
use crate::extract::{
    content_hash, extension, extract_file_with, gunzip_capped, gz_limit_for, JsonlRecords,
};
use crate::sanitize::{sanitize_name, shown_path};
use crate::source::{Lang, SourceDoc};
use crate::web::capture::{capture_url, is_warc_path, CaptureArchive};
use crate::web::wacz::is_wacz_path;
use crate::web::FetchOptions;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// What happened during an import, as it happens, so the caller can update the search
/// index and draw progress.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportEvent {
    /// A new document: index it.
    Added(SourceDoc),
    /// A file imported before from the same path has new content: drop `old_id`, index `doc`.
    Updated { old_id: String, doc: SourceDoc },
    /// Already stored (same path and content, or the same content from elsewhere).
    Unchanged(String),
    /// A document that no longer exists: a record missing from the new version of a corpus,
    /// or the old version of a file whose new content was already stored.
    Removed(String),
    /// A file (or one corpus record, the reason then starts with its line number) could not
    /// be imported; the import goes on.
    Failed { path: PathBuf, reason: String },
    /// `done` of `total` files handled.
    Progress { done: usize, total: usize },
    /// Everything stored so far is on disk: the index may commit the documents announced
    /// before this point. Comes every few thousand documents and at the end of the import.
    Checkpoint,
}

/// Entries a folder left out that are named one by one; a folder of ten thousand FIFOs gets
/// a count for the rest.
const LEFT_OUT_NAMED: usize = 20;

/// A checkpoint after this many documents (added, updated or removed) ...
const CHECKPOINT_DOCS: usize = 2_000;
/// ... or this many bytes of stored files, whichever comes first. Each checkpoint costs a
/// flush to disk and an index commit (which stalls the indexing threads and leaves segments
/// to merge); between two, a crash loses only index entries, which a rebuild from `sources/`
/// restores.
const CHECKPOINT_BYTES: u64 = 48 << 20;

/// Totals of an import. Counts are documents (a corpus record counts as one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Files looked at.
    pub files: usize,
    /// URLs fetched (or tried).
    pub urls: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub failed: Vec<(PathBuf, String)>,
    /// Entries of folders not imported on purpose (a FIFO, a symlink loop...), each named
    /// in `notes`.
    pub left_out: usize,
    /// Things worth knowing that are not failures (legacy encoding, duplicates).
    pub notes: Vec<(PathBuf, String)>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "Import finished: {} file{} ",
            self.files,
            plural(self.files)
        )?;
        if self.urls > 0 {
            write!(f, "and {} URL{} ", self.urls, plural(self.urls))?;
        }
        write!(f, "looked at")?;
        if self.left_out > 0 {
            write!(f, " ({} left out, see the notes)", self.left_out)?;
        }
        write!(
            f,
            "; {} added, {} updated, {} unchanged",
            self.added, self.updated, self.unchanged
        )?;
        if self.removed > 0 {
            write!(f, ", {} removed", self.removed)?;
        }
        writeln!(f, ", {} failed.", self.failed.len())?;
        // `{:#}` leaves the failures out, for callers that report them on their own (stderr).
        if !self.failed.is_empty() && !f.alternate() {
            writeln!(f, "Failed:")?;
            for (path, reason) in &self.failed {
                writeln!(f, "  {}: {reason}", shown_path(path))?;
            }
        }
        if !self.notes.is_empty() {
            writeln!(f, "Notes:")?;
            for (path, note) in &self.notes {
                writeln!(f, "  {}: {note}", shown_path(path))?;
            }
        }
        Ok(())
    }
}

/// What the store already holds, for telling new, updated and unchanged files apart.
pub(super) struct Known {
    pub by_origin: HashMap<PathBuf, SourceMeta>,
    pub ids: HashSet<String>,
    /// Web captures, for telling a capture of unchanged content from a new version.
    pub captures: Vec<SourceMeta>,
}

pub(super) struct Run<'a> {
    pub report: ImportReport,
    on_event: &'a mut dyn FnMut(ImportEvent),
    pub staged: StagedWrites,
    /// Documents announced since the last checkpoint.
    unchecked: usize,
}

impl Run<'_> {
    pub fn emit(&mut self, e: ImportEvent) {
        // Added, updated and removed documents are what the index must commit: they count
        // towards the next checkpoint.
        match &e {
            ImportEvent::Added(_) => {
                self.report.added += 1;
                self.unchecked += 1;
            }
            ImportEvent::Updated { .. } => {
                self.report.updated += 1;
                self.unchecked += 1;
            }
            ImportEvent::Removed(_) => {
                self.report.removed += 1;
                self.unchecked += 1;
            }
            ImportEvent::Unchanged(_) => self.report.unchanged += 1,
            ImportEvent::Failed { path, reason } => {
                self.report.failed.push((path.clone(), reason.clone()));
            }
            ImportEvent::Progress { .. } | ImportEvent::Checkpoint => {}
        }
        (self.on_event)(e);
    }

    /// A checkpoint if enough has been stored or announced since the last one.
    pub fn checkpoint_if_due(&mut self, dir: &Path) {
        if self.unchecked >= CHECKPOINT_DOCS || self.staged.pending_bytes() >= CHECKPOINT_BYTES {
            self.checkpoint(dir);
        }
    }

    /// Flushes the stored files to disk, then lets the index commit. If the flush fails there
    /// is no checkpoint (the commit would refer to files that may not survive a power cut); the
    /// failure is reported against the sources folder and the next checkpoint tries again.
    fn checkpoint(&mut self, dir: &Path) {
        if self.unchecked == 0 && self.staged.pending_files() == 0 {
            return;
        }
        match self.staged.sync() {
            Ok(()) => {
                self.unchecked = 0;
                self.emit(ImportEvent::Checkpoint);
            }
            Err(e) => self.fail(dir, e.to_string()),
        }
    }

    pub fn fail(&mut self, path: &Path, reason: impl Into<String>) {
        self.emit(ImportEvent::Failed {
            path: terminal_safe_path(path),
            reason: terminal_safe(&reason.into()),
        });
    }

    /// Entries of `folder` the walk left out: counted, and each named in a note (up to
    /// [`LEFT_OUT_NAMED`], then how many more).
    fn left_out(&mut self, folder: &Path, left_out: Vec<(PathBuf, String)>) {
        self.report.left_out += left_out.len();
        let more = left_out.len().saturating_sub(LEFT_OUT_NAMED);
        for (path, why) in left_out.into_iter().take(LEFT_OUT_NAMED) {
            self.note(&path, format!("left out: {why}"));
        }
        if more > 0 {
            self.note(folder, format!("and {more} more left out"));
        }
    }

    pub fn note(&mut self, path: &Path, note: String) {
        self.report
            .notes
            .push((terminal_safe_path(path), terminal_safe(&note)));
    }
}

/// Failures and notes end up on a terminal, one line each, and their file names and reasons
/// may come from hostile input: made safe once, here, for every consumer of the events.
fn terminal_safe(text: &str) -> String {
    crate::sanitize::sanitize_text(text).replace(['\n', '\r', '\t'], " ")
}

fn terminal_safe_path(path: &Path) -> PathBuf {
    PathBuf::from(terminal_safe(&path.to_string_lossy()))
}

/// What `source add` was given: a file or folder, or a URL to capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceInput {
    Path(PathBuf),
    Url(String),
    /// A URL fetched already (by [`SourceInput::fetched`], on another thread than the one
    /// that imports): the import only stores it, so the writer is not held for the fetch.
    Captured(Box<Captured>),
}

/// A URL and what fetching it gave: the capture, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub url: String,
    pub archive: Result<CaptureArchive, String>,
}

impl SourceInput {
    /// A command-line argument: `scheme://...` is a URL (http and https are fetched, other
    /// schemes fail with a clear reason), anything else a path.
    pub fn parse(arg: &std::ffi::OsStr) -> SourceInput {
        if let Some(s) = arg.to_str() {
            if let Some((scheme, _)) = s.split_once("://") {
                if !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                {
                    return SourceInput::Url(s.to_owned());
                }
            }
        }
        SourceInput::Path(PathBuf::from(arg))
    }

    /// A URL fetched now (its failure kept for the import to report, named like any other);
    /// anything else as it is. Needs no store and no lock.
    pub fn fetched(self, web: &FetchOptions) -> SourceInput {
        match self {
            SourceInput::Url(url) => {
                let archive = capture_url(&url, web).map_err(|e| e.to_string());
                SourceInput::Captured(Box::new(Captured { url, archive }))
            }
            other => other,
        }
    }
}

/// One unit of an import: a file found under the given paths, or a URL.
pub(super) enum Item {
    File(Candidate),
    Url(String),
    Captured(Captured),
}

impl SourceStore {
    /// Imports files and folders (recursively). Every file is reported through `on_event`;
    /// a file that cannot be imported is a `Failed` event and the import goes on. Nothing is
    /// ever written outside `sources/`. One import at a time per store (the app holds the
    /// project's write lock): it first deletes temporary files a killed import left behind.
    pub fn import(&self, paths: &[PathBuf], on_event: &mut dyn FnMut(ImportEvent)) -> ImportReport {
        let inputs: Vec<SourceInput> = paths.iter().cloned().map(SourceInput::Path).collect();
        self.import_inputs(&inputs, &FetchOptions::default(), on_event)
    }

    /// [`SourceStore::import`] of files, folders and URLs, in the order given. Each URL is
    /// fetched once (on the calling thread: call this from a worker thread in an interactive
    /// program) and stored as a WARC capture; a URL that fails is a `Failed` event naming it.
    pub fn import_inputs(
        &self,
        inputs: &[SourceInput],
        web: &FetchOptions,
        on_event: &mut dyn FnMut(ImportEvent),
    ) -> ImportReport {
        let mut run = Run {
            report: ImportReport::default(),
            on_event,
            staged: StagedWrites::new(&self.dir),
            unchecked: 0,
        };
        super::staged::remove_leftovers(&self.dir);
        let items = self.collect_items(inputs, &mut run);
        let (metas, problems) = self.list_all();
        for p in problems {
            run.note(&self.dir, p.to_string());
        }
        let mut known = Known {
            ids: metas.iter().map(|m| m.id.clone()).collect(),
            captures: metas
                .iter()
                .filter(|m| !m.captured_at.is_empty())
                .cloned()
                .collect(),
            by_origin: metas
                .into_iter()
                .map(|m| (origin_key(&m.origin), m))
                .collect(),
        };
        let total = items.len();
        run.emit(ImportEvent::Progress { done: 0, total });
        for (i, item) in items.iter().enumerate() {
            match item {
                Item::File(cand) => {
                    run.report.files += 1;
                    if let Err(reason) = self.import_one(cand, &mut known, &mut run) {
                        run.fail(&cand.path, reason);
                    }
                }
                Item::Url(url) => {
                    run.report.urls += 1;
                    if let Err(reason) = self.import_url(url, web, &mut known, &mut run) {
                        run.fail(&PathBuf::from(display_url(url)), reason);
                    }
                }
                Item::Captured(c) => {
                    run.report.urls += 1;
                    let stored = c
                        .archive
                        .clone()
                        .and_then(|a| self.import_capture(a, &mut known, &mut run));
                    if let Err(reason) = stored {
                        run.fail(&PathBuf::from(display_url(&c.url)), reason);
                    }
                }
            }
            run.checkpoint_if_due(&self.dir);
            run.emit(ImportEvent::Progress { done: i + 1, total });
        }
        run.checkpoint(&self.dir);
        run.report
    }

    /// Files under the given paths and the URLs, in the order given; paths that cannot be
    /// imported at all are failures.
    fn collect_items(&self, inputs: &[SourceInput], run: &mut Run<'_>) -> Vec<Item> {
        let mut items = Vec::new();
        for input in inputs {
            match input {
                SourceInput::Url(url) => items.push(Item::Url(url.clone())),
                SourceInput::Captured(c) => items.push(Item::Captured((**c).clone())),
                SourceInput::Path(path) => {
                    let walked = collect(std::slice::from_ref(path), &self.dir);
                    for (path, reason) in walked.failed {
                        run.fail(&path, reason);
                    }
                    run.left_out(path, walked.left_out);
                    items.extend(walked.files.into_iter().map(Item::File));
                }
            }
        }
        items
    }

    fn import_one(
        &self,
        cand: &Candidate,
        known: &mut Known,
        run: &mut Run<'_>,
    ) -> Result<(), String> {
        let path = &cand.path;
        let origin = origin_key(&std::path::absolute(path).unwrap_or_else(|_| path.clone()));
        // Bounded, and never a FIFO or device that took the file's place since the walk.
        let bytes = crate::bounded::read_bounded(path, MAX_FILE_SIZE, None)
            .map_err(|e| e.io_error().map(reason_for).unwrap_or_else(|| e.reason()))?;
        if bytes.is_empty() {
            return Err("empty file".to_owned());
        }
        if is_warc_path(path) || is_wacz_path(path) {
            // Split into one capture per page; the file itself is not kept.
            return self.import_archive(cand, &bytes, known, run);
        }
        let id = content_hash(&bytes);
        let prev = known.by_origin.get(&origin).cloned();

        if let Some(prev) = &prev {
            if prev.id == id && self.is_stored(prev) {
                let n = prev.record_count.max(1);
                run.report.unchanged += n - 1;
                run.emit(ImportEvent::Unchanged(id));
                return Ok(());
            }
        }
        if known.ids.contains(&id) {
            if let Ok(existing) = self.meta(&id) {
                if self.is_stored(&existing) {
                    run.note(path, format!("same content as {}", existing.relative_path));
                    if let Some(prev) = prev.filter(|p| p.id != id) {
                        self.drop_previous(&prev, known, run);
                    }
                    run.emit(ImportEvent::Unchanged(id));
                    return Ok(());
                }
            }
        }

        let ext = stored_ext(path);
        let mut meta = SourceMeta {
            id: id.clone(),
            kind: SourceKind::Document,
            file: format!("{id}.{ext}"),
            original_name: path
                .file_name()
                .map(|n| sanitize_name(&n.to_string_lossy()))
                .unwrap_or_default(),
            relative_path: sanitize_name(&cand.relative),
            origin: origin.clone(),
            imported_at: now_rfc3339(),
            // What was read and stored, which is what `is_stored` checks the copy against.
            size: bytes.len() as u64,
            ..SourceMeta::default()
        };
        if ext == "jsonl" || ext == "jsonl.gz" {
            self.import_corpus(path, &bytes, meta, prev, known, run)?;
        } else {
            let extracted =
                extract_file_with(path, &bytes, &self.opts).map_err(|e| e.to_string())?;
            let Some(doc) = extracted.docs.into_iter().next() else {
                return Err("no readable text found".to_owned());
            };
            meta.encoding = extracted.encoding.to_owned();
            match (extracted.was_utf8, extracted.encoding) {
                (true, _) | (_, "binary") => {}
                (false, "UTF-8") => {
                    run.note(path, "invalid UTF-8 bytes shown as \u{fffd}".to_owned())
                }
                (false, enc) => run.note(path, format!("not UTF-8; decoded as {enc}")),
            }
            meta.title = doc.title.clone();
            meta.publisher = doc.publisher.clone();
            meta.author = doc.author.clone();
            meta.url = doc.url.clone();
            meta.date = doc.date.clone();
            meta.language = doc.language;
            self.store(&bytes, &meta, run)?;
            known.ids.insert(id.clone());
            known.by_origin.insert(origin, meta);
            match prev.filter(|p| p.id != id) {
                Some(prev) if prev.kind == SourceKind::Document => {
                    self.delete_quietly(&prev, known, run, path);
                    run.emit(ImportEvent::Updated {
                        old_id: prev.id,
                        doc,
                    });
                }
                Some(prev) => {
                    self.drop_previous(&prev, known, run);
                    run.emit(ImportEvent::Added(doc));
                }
                None => run.emit(ImportEvent::Added(doc)),
            }
        }
        Ok(())
    }

    /// A JSONL corpus: stored once, one document per record. Records are read twice (once to
    /// check and describe them, once to emit them) so no more than one is held at a time,
    /// and nothing is announced before the corpus is safely stored.
    fn import_corpus(
        &self,
        path: &Path,
        bytes: &[u8],
        mut meta: SourceMeta,
        prev: Option<SourceMeta>,
        known: &mut Known,
        run: &mut Run<'_>,
    ) -> Result<(), String> {
        let decompressed;
        let data: &[u8] = if extension(path) == "gz" {
            decompressed =
                gunzip_capped(bytes, gz_limit_for(bytes.len())).map_err(|e| e.to_string())?;
            &decompressed
        } else {
            bytes
        };
        let mut record_ids = Vec::new();
        let mut new_ids = HashSet::new();
        let mut bad = Vec::new();
        let mut langs = [0usize; 3];
        for rec in JsonlRecords::with_fallback(data, self.opts.fallback_language) {
            match rec {
                Ok(doc) => {
                    record_ids.push(doc.original_id.clone().unwrap_or_default());
                    langs[doc.language as usize] += 1;
                    new_ids.insert(doc.id);
                }
                Err(e) => bad.push(e),
            }
        }
        if record_ids.is_empty() {
            let first = bad
                .first()
                .map(|e| format!(" (first problem: {e})"))
                .unwrap_or_default();
            return Err(format!("no valid records in corpus{first}"));
        }
        meta.kind = SourceKind::Corpus;
        meta.encoding = "UTF-8".to_owned();
        meta.title = path
            .file_stem()
            .map(|s| crate::sanitize::sanitize_text(&s.to_string_lossy()))
            .unwrap_or_default();
        meta.language = [Lang::De, Lang::En, Lang::Other]
            .into_iter()
            .max_by_key(|l| langs[*l as usize])
            .unwrap_or_default();
        meta.record_count = record_ids.len();
        meta.records = record_ids;
        self.store(bytes, &meta, run)?;
        // The corpus must be on disk before any of its records can be committed.
        run.checkpoint(&self.dir);

        let old_ids: HashSet<String> = match &prev {
            Some(p) if p.kind == SourceKind::Corpus => {
                self.record_ids(p).unwrap_or_default().into_iter().collect()
            }
            _ => HashSet::new(),
        };
        for e in bad {
            run.fail(path, e.to_string());
        }
        for doc in JsonlRecords::with_fallback(data, self.opts.fallback_language).flatten() {
            if old_ids.contains(&doc.id) {
                run.emit(ImportEvent::Unchanged(doc.id));
            } else {
                run.emit(ImportEvent::Added(doc));
            }
            run.checkpoint_if_due(&self.dir);
        }
        if let Some(prev) = prev.filter(|p| p.id != meta.id) {
            if prev.kind == SourceKind::Corpus {
                for old in old_ids.iter().filter(|o| !new_ids.contains(*o)) {
                    run.emit(ImportEvent::Removed(old.clone()));
                }
                self.delete_quietly(&prev, known, run, path);
            } else {
                self.drop_previous(&prev, known, run);
            }
        }
        known.ids.insert(meta.id.clone());
        known.by_origin.insert(meta.origin.clone(), meta);
        Ok(())
    }

    /// Removes an earlier version and announces its documents as removed.
    fn drop_previous(&self, prev: &SourceMeta, known: &mut Known, run: &mut Run<'_>) {
        let ids = match prev.kind {
            SourceKind::Document => vec![prev.id.clone()],
            SourceKind::Corpus => self.record_ids(prev).unwrap_or_default(),
        };
        let name = PathBuf::from(&prev.relative_path);
        self.delete_quietly(prev, known, run, &name);
        for id in ids {
            run.emit(ImportEvent::Removed(id));
        }
    }

    fn delete_quietly(&self, prev: &SourceMeta, known: &mut Known, run: &mut Run<'_>, path: &Path) {
        known.ids.remove(&prev.id);
        if let Err(e) = self.delete_files(prev) {
            run.note(path, format!("old version could not be deleted: {e}"));
        }
    }

    /// The stored copy is there and whole: a power cut before a checkpoint can leave a
    /// short one, which the next import of the file then replaces.
    pub(super) fn is_stored(&self, meta: &SourceMeta) -> bool {
        std::fs::metadata(self.original_path(meta))
            .is_ok_and(|m| m.is_file() && (meta.size == 0 || m.len() == meta.size))
    }

    /// Original first, metadata last: a source exists once its metadata file does. Both
    /// reach the disk at the next checkpoint.
    pub(super) fn store(
        &self,
        bytes: &[u8],
        meta: &SourceMeta,
        run: &mut Run<'_>,
    ) -> Result<(), String> {
        let describe = |e: StoreError| format!("could not store it: {e}");
        debug_assert!(is_hash(&meta.id));
        let toml = meta_toml(meta).map_err(describe)?;
        run.staged
            .write(&self.original_path(meta), bytes)
            .map_err(describe)?;
        run.staged
            .write(&self.meta_path(&meta.id), toml.as_bytes())
            .map_err(describe)?;
        Ok(())
    }
}

/// Extension for the stored copy: the file's own (lowercase), keeping an inner extension
/// for gzip (`jsonl.gz`) so the stored file extracts the same way.
fn stored_ext(path: &Path) -> String {
    let clean = |e: String| -> String {
        if !e.is_empty() && e.len() <= 10 && e.bytes().all(|b| b.is_ascii_alphanumeric()) {
            e
        } else {
            String::new()
        }
    };
    let ext = clean(extension(path));
    if ext == "gz" {
        let inner = clean(extension(&path.with_extension("")));
        if !inner.is_empty() {
            return format!("{inner}.gz");
        }
    }
    if ext.is_empty() {
        "bin".to_owned()
    } else {
        ext
    }
}

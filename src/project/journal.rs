//! An article import in progress: `import-in-progress` in the project folder.
//!
//! An import writes an article folder, one claim file per candidate and a log entry for
//! each, thousands of files. Rather than make each of them durable on its own (an fsync per
//! claim, 15 ms a sentence), the import first writes this marker, durably; then it writes
//! everything without waiting for the disk, flushes it all at once, and removes the marker.
//! While the marker exists the import counts as not done: whoever takes the project lock
//! next (also a reading command, when no writer is running) takes it back whole, so after a
//! crash at any point the change log and the claim files agree and the article can be
//! imported again. A failed import (a full disk, Ctrl-C) is taken back the same way.

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::article::ArticleMeta;
use super::changelog::{Change, CHANGES_FILE};
use super::claim::Claim;
use super::{article, ARTICLES_DIR, CLAIMS_DIR};
use crate::error::user_error;
use crate::fsx;

pub const PENDING_FILE: &str = "import-in-progress";

/// No import makes more claims than this; a marker claiming more is not ours.
const MAX_CLAIMS: u32 = 10_000_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingImport {
    /// The article's id: its folder under `articles/`.
    pub article: String,
    /// The imported file, for the message after a crash.
    #[serde(default)]
    pub file: String,
    /// The article's `imported` time: files of an earlier import are never taken back.
    pub began: String,
    /// The length of `changes.jsonl` before the import's entries.
    pub log_len: u64,
    /// The claims the import creates: `first_claim` to `first_claim + claims - 1`.
    pub first_claim: u32,
    pub claims: u32,
}

impl PendingImport {
    /// Marks the import of `article` (with `claims`) as begun, durably. The change log's last
    /// line is completed or cut off first, so the import's entries start at `log_len`.
    pub fn begin(root: &Path, meta: &ArticleMeta, claims: &[Claim]) -> Result<Self> {
        let log = root.join(CHANGES_FILE);
        super::changelog::append(root, &[])?;
        let log_len = fs::symlink_metadata(&log).map(|m| m.len()).unwrap_or(0);
        let first_claim = claims.iter().map(|c| c.id).min().unwrap_or(0);
        let last = claims.iter().map(|c| c.id).max().unwrap_or(0);
        let pending = PendingImport {
            article: meta.id.clone(),
            file: meta.original_file.clone(),
            began: meta.imported.clone(),
            log_len,
            first_claim,
            claims: if claims.is_empty() {
                0
            } else {
                last - first_claim + 1
            },
        };
        let toml = toml::to_string(&pending).expect("marker serialises");
        write_marker(root, PENDING_FILE, toml.as_bytes())?;
        Ok(pending)
    }

    /// The import is whole and on disk: it stops being pending.
    pub fn finish(self, root: &Path) -> Result<()> {
        let path = root.join(PENDING_FILE);
        fs::remove_file(&path).map_err(|e| fsx::io_error(&path, "cannot remove", &e))?;
        fsx::sync_dir(root)
    }

    /// Removes everything of the import: its log entries, claim files and article folder,
    /// then the marker. Anything that does not look like this import's is left alone.
    pub fn take_back(&self, root: &Path) -> Result<()> {
        if !self.looks_ours() {
            return Err(user_error(format!(
                "{}: not an import factdesk began (remove the file by hand)",
                fsx::shown(&root.join(PENDING_FILE))
            )));
        }
        self.cut_log(root)?;
        let claims = root.join(CLAIMS_DIR);
        for id in self.first_claim..self.first_claim.saturating_add(self.claims) {
            let path = claims.join(Claim::file_name(id));
            if self.made_by_us(root, &path) {
                fs::remove_file(&path).map_err(|e| fsx::io_error(&path, "cannot remove", &e))?;
            }
        }
        let dir = root.join(ARTICLES_DIR).join(&self.article);
        if fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) && self.folder_is_ours(root, &dir) {
            fs::remove_dir_all(&dir).map_err(|e| fsx::io_error(&dir, "cannot remove", &e))?;
        }
        // Nothing of it may come back after a power cut while the marker is gone.
        fsx::sync_dir(&claims)?;
        fsx::sync_dir(&root.join(ARTICLES_DIR))?;
        let path = root.join(PENDING_FILE);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(fsx::io_error(&path, "cannot remove", &e))
            }
            _ => {}
        }
        fsx::sync_dir(root)
    }

    fn looks_ours(&self) -> bool {
        !self.article.is_empty()
            && self.article.len() <= 64
            && self.article.bytes().all(|b| b.is_ascii_hexdigit())
            && self.claims <= MAX_CLAIMS
    }

    /// A claim file in the import's range is its own when it names the article, or is torn
    /// (written, not yet flushed, when the power went).
    fn made_by_us(&self, root: &Path, path: &Path) -> bool {
        let Ok(meta) = fs::symlink_metadata(path) else {
            return false;
        };
        if !meta.is_file() {
            return false;
        }
        match super::read_claim_file(root, path) {
            Ok(c) => {
                c.article == self.article && super::claim::format_time(&c.created) >= self.began
            }
            Err(p) => p.kind == super::ProblemKind::Unparsable,
        }
    }

    /// The article folder is this import's unless its metadata says another import made it.
    fn folder_is_ours(&self, root: &Path, dir: &Path) -> bool {
        let meta = dir.join(article::META_FILE);
        if fs::symlink_metadata(&meta).is_err() {
            return true;
        }
        match super::read_meta(root, &meta) {
            Ok(m) => m.imported == self.began,
            Err(p) => p.kind == super::ProblemKind::Unparsable,
        }
    }

    /// Cuts the change log back to `log_len` when all it holds after that point is this
    /// import's entries (and perhaps a torn last line).
    fn cut_log(&self, root: &Path) -> Result<()> {
        let path = root.join(CHANGES_FILE);
        let Ok(mut f) = fs::OpenOptions::new().read(true).write(true).open(&path) else {
            return Ok(()); // nothing was logged
        };
        let len = f
            .metadata()
            .map_err(|e| fsx::io_error(&path, "cannot read", &e))?
            .len();
        if len <= self.log_len {
            return Ok(());
        }
        if len - self.log_len > fsx::MAX_DATA_FILE {
            return Err(self.foreign_log(&path));
        }
        let mut tail = Vec::new();
        f.seek(SeekFrom::Start(self.log_len))
            .and_then(|_| f.read_to_end(&mut tail))
            .map_err(|e| fsx::io_error(&path, "cannot read", &e))?;
        let mut lines: Vec<&[u8]> = tail.split(|&b| b == b'\n').collect();
        if tail.last() != Some(&b'\n') {
            lines.pop(); // torn by the crash, or empty
        }
        let ours = |line: &[u8]| {
            line.is_empty()
                || serde_json::from_slice::<Change>(line).is_ok_and(|c| {
                    matches!(c.action.as_str(), "article.add" | "claim.create")
                        && c.article.as_deref() == Some(self.article.as_str())
                })
        };
        if !lines.into_iter().all(ours) {
            return Err(self.foreign_log(&path));
        }
        f.set_len(self.log_len)
            .and_then(|_| f.sync_data())
            .map_err(|e| fsx::io_error(&path, "cannot cut back", &e))
    }

    fn foreign_log(&self, path: &Path) -> anyhow::Error {
        user_error(format!(
            "{}: changed since an import of article {} began; it was not cut back",
            fsx::shown(path),
            self.article
        ))
    }
}

/// A marker (`name` in the project folder) appears whole or not at all, durably, through a
/// temporary file of our own name (see [`remove_leftovers`]); it must not exist yet.
pub(super) fn write_marker(root: &Path, name: &str, body: &[u8]) -> Result<()> {
    use std::io::Write;
    let path = root.join(name);
    let tmp = root.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let written = fs::File::create_new(&tmp)
        .and_then(|mut f| f.write_all(body).and_then(|_| f.sync_all()))
        .and_then(|_| fs::hard_link(&tmp, &path));
    let _ = fs::remove_file(&tmp);
    written.map_err(|e| fsx::io_error(&path, "cannot create", &e))?;
    fsx::sync_dir(root)
}

/// Removes the temporary files a killed import or edit leaves: the markers', and the claim and
/// article files it had not renamed into place yet. Only while holding the project lock.
pub fn remove_leftovers(root: &Path) {
    for path in marker_temps(root) {
        let _ = fs::remove_file(path);
    }
    factdesk_index::store::staged::remove_leftovers(&root.join(CLAIMS_DIR));
    for dir in article_folders(root) {
        factdesk_index::store::staged::remove_leftovers(&dir);
    }
}

/// The temporary files of markers in the project folder: a kill before a marker was linked
/// into place leaves one and no marker, so readers look for them too.
pub(super) fn marker_temps(root: &Path) -> Vec<std::path::PathBuf> {
    let prefixes = [
        format!(".{PENDING_FILE}."),
        format!(".{}.", super::intent::INTENT_FILE),
    ];
    let Ok(entries) = fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            prefixes.iter().any(|p| name.starts_with(p)) && name.ends_with(".tmp")
        })
        .map(|e| e.path())
        .collect()
}

/// The folders under `articles/` (not the symlinks).
pub fn article_folders(root: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = fs::read_dir(root.join(ARTICLES_DIR)) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect()
}

/// Takes back an import a crash left pending (the caller holds the project lock); the
/// message says what was taken back.
pub fn recover(root: &Path) -> Result<Option<String>> {
    let path = root.join(PENDING_FILE);
    if fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let text = fsx::read_in_project(&path, root, fsx::MAX_META_FILE)
        .map_err(|e| user_error(e.to_string()))?;
    let pending: PendingImport = std::str::from_utf8(&text)
        .ok()
        .and_then(|t| toml::from_str(t).ok())
        .ok_or_else(|| {
            user_error(format!(
                "{}: unreadable; if no factdesk is running on this project, delete it",
                fsx::shown(&path)
            ))
        })?;
    pending.take_back(root)?;
    let file = if pending.file.is_empty() {
        "an article".to_string()
    } else {
        pending.file.clone()
    };
    Ok(Some(format!(
        "the import of {file} (article {}) was interrupted and has been taken back whole; \
         import it again",
        pending.article
    )))
}

/// Whether an import is pending (left by a crash, or running in another process).
pub fn is_pending(root: &Path) -> bool {
    fs::symlink_metadata(root.join(PENDING_FILE)).is_ok()
}

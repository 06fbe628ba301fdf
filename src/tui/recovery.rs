//! Recovery files, like vim's swap files: typed text whose save failed (a full disk, a claim
//! file broken by hand) is written here at once, so quitting, a signal or a lost terminal
//! cannot throw it away. The next `factdesk open` of the project offers it back.
//!
//! Where: the desk's data directory (`recovery/`), else the project's `.factdesk-recovery/`,
//! else the system's temporary directory; the first that takes the file. One file per claim
//! and field; a later successful save of that field deletes it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::msg::EditTarget;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The project's folder, as opened.
    pub project: String,
    pub claim: u32,
    pub field: EditTarget,
    pub text: String,
    /// The field as it was when the editor opened (to notice changes made since).
    pub base: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub kept_at: String,
    /// Why the save failed.
    pub why: String,
}

/// A recovery file found at start.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub path: String,
    pub entry: Entry,
}

/// The folders recovery files go to, in order of preference.
pub fn dirs(root: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Ok(d) = crate::desk::data_dir() {
        v.push(d.join("recovery"));
    }
    v.push(root.join(".factdesk-recovery"));
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    v.push(std::env::temp_dir().join(format!("factdesk-recovery-{uid}")));
    v
}

/// A folder is used only when it is a real folder (not a link someone else planted in a shared
/// temporary directory) that this user owns or can write to as the project's.
fn safe_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(dir)?;
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    if !meta.is_dir() || (dir.starts_with(std::env::temp_dir()) && meta.uid() != uid) {
        anyhow::bail!("not a folder of this user");
    }
    Ok(())
}

fn key(root: &Path) -> String {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(root.to_string_lossy().as_bytes());
    h.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn file_name(root: &Path, claim: u32, field: EditTarget) -> String {
    let field = serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("{}-{claim:04}-{field}.toml", key(root))
}

/// Keep `entry`; the path it went to, or why no folder took it.
pub fn write(root: &Path, entry: &Entry) -> Result<PathBuf, String> {
    let text = toml::to_string(entry).map_err(|e| e.to_string())?;
    let name = file_name(root, entry.claim, entry.field);
    let mut why = Vec::new();
    for dir in dirs(root) {
        let path = dir.join(&name);
        let r = std::fs::create_dir_all(&dir)
            .map_err(anyhow::Error::from)
            .and_then(|_| safe_dir(&dir))
            .and_then(|_| crate::fsx::write_atomic(&path, text.as_bytes()));
        match r {
            Ok(()) => {
                // Older copies in other folders would be offered too: only the newest stays.
                remove_except(root, entry.claim, entry.field, Some(&path));
                return Ok(path);
            }
            Err(e) => why.push(format!("{}: {}", dir.display(), crate::error::one_line(&e))),
        }
    }
    Err(why.join("; "))
}

/// Delete the recovery files of one claim's field (after it was saved after all).
pub fn remove(root: &Path, claim: u32, field: EditTarget) {
    remove_except(root, claim, field, None);
}

fn remove_except(root: &Path, claim: u32, field: EditTarget, keep: Option<&Path>) {
    let name = file_name(root, claim, field);
    for dir in dirs(root) {
        let path = dir.join(&name);
        if Some(path.as_path()) != keep && path.exists() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The recovery files kept for the project at `root`, oldest first.
pub fn find(root: &Path) -> Vec<Found> {
    let prefix = format!("{}-", key(root));
    let mut out = Vec::new();
    for dir in dirs(root) {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(&prefix) || !name.ends_with(".toml") {
                continue;
            }
            let Some(entry) = read(&path) else {
                continue;
            };
            if Path::new(&entry.project) == root {
                out.push(Found {
                    path: path.display().to_string(),
                    entry,
                });
            }
        }
    }
    out.sort_by(|a, b| a.entry.kept_at.cmp(&b.entry.kept_at));
    out
}

fn read(path: &Path) -> Option<Entry> {
    // A recovery file is small; a huge one is not ours.
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 64 << 20 {
        return None;
    }
    toml::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

//! An edit of project files in progress: `edit-in-progress` in the project folder.
//!
//! An edit logs its change, then writes its files: a split creates one claim and shortens
//! another, a merge saves one and removes the other. A kill between two of those steps would
//! leave the change log recording an edit the files do not hold, or a split's new claim beside
//! the old claim still whole. So an edit first writes, durably, what it is about to do (the
//! log lines and every file's new content), then logs and writes, then removes this file.
//! Whoever takes the project lock next and finds it finishes the edit: the log gets the lines
//! it lacks, each file gets its new content. An edit is thus there whole, or not at all when
//! the kill came before this file was complete. (An article import, thousands of files, is
//! taken back instead: `journal.rs`.)

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::changelog::{self, Change, CHANGES_FILE};
use super::{ARTICLES_DIR, CLAIMS_DIR};
use crate::error::user_error;
use crate::fsx;

pub const INTENT_FILE: &str = "edit-in-progress";

/// One file an edit writes or removes, by its path inside the project.
pub enum FileOp {
    /// A new file: the edit fails if it exists.
    Create(PathBuf, String),
    /// A file replaced whole.
    Replace(PathBuf, String),
    Remove(PathBuf),
}

#[derive(Debug, Serialize, Deserialize)]
struct Intent {
    /// The change log's length before the edit's lines.
    log_len: u64,
    lines: Vec<String>,
    files: Vec<FileState>,
}

/// A file's state after the edit: `content`, or removed when `None`.
#[derive(Debug, Serialize, Deserialize)]
struct FileState {
    path: String,
    content: Option<String>,
}

/// Logs `changes` and applies `ops` as one edit (the caller holds the project lock). When a
/// write fails (a full disk), what was written is taken back, log lines too; after a crash the
/// next lock holder finishes it ([`recover`]).
pub fn commit(root: &Path, changes: &[Change], ops: &[FileOp]) -> Result<()> {
    crate::interrupt::unit(|| {
        // An edit left by a failed take-back is finished before this one can replace its file.
        if is_pending(root) {
            recover(root)?;
        }
        // The log's last line is completed or cut off first, so the lines start at `log_len`.
        changelog::append_lines(root, &[])?;
        let log_len = fs::symlink_metadata(root.join(CHANGES_FILE)).map_or(0, |m| m.len());
        let lines = changelog::lines(changes);
        let intent = Intent {
            log_len,
            lines,
            files: ops.iter().map(|op| FileState::of(root, op)).collect(),
        };
        let body = serde_json::to_vec(&intent).expect("intent serialises");
        super::journal::write_marker(root, INTENT_FILE, &body)?;
        let mark = match changelog::append_lines(root, &intent.lines) {
            Ok(mark) => mark,
            // The append cut off what it had written: nothing of the edit happened.
            Err(e) => {
                return Err(match remove(root) {
                    Ok(()) => e,
                    Err(r) => e.context(crate::error::one_line(&r)),
                })
            }
        };
        if let Err(e) = apply(root, ops) {
            // Taken back: the intent goes too, unless the log kept the lines, then the next
            // lock holder finishes the edit rather than leave the log lying.
            return Err(match mark.undo() {
                Ok(()) => match remove(root) {
                    Ok(()) => e,
                    Err(r) => e.context(crate::error::one_line(&r)),
                },
                Err(undo) => e.context(format!(
                    "the change log still records the change ({}); the edit is finished when \
                     the project is next opened",
                    crate::error::one_line(&undo)
                )),
            });
        }
        remove(root)
    })
}

impl FileState {
    fn of(root: &Path, op: &FileOp) -> FileState {
        let (path, content) = match op {
            FileOp::Create(p, c) | FileOp::Replace(p, c) => (p, Some(c.clone())),
            FileOp::Remove(p) => (p, None),
        };
        let rel = path.strip_prefix(root).unwrap_or(path);
        FileState {
            path: rel.to_string_lossy().into_owned(),
            content,
        }
    }
}

/// Writes `ops` in order; on a failure takes back what was done (files created are removed,
/// files replaced get their old content) and returns the error.
fn apply(root: &Path, ops: &[FileOp]) -> Result<()> {
    let mut created: Vec<&Path> = Vec::new();
    let mut replaced: Vec<(&Path, Vec<u8>)> = Vec::new();
    let take_back = |created: &[&Path], replaced: &[(&Path, Vec<u8>)]| {
        for p in created {
            let _ = fs::remove_file(p);
        }
        for (p, old) in replaced {
            let _ = fsx::write_atomic(p, old);
        }
    };
    let mut dirs: Vec<&Path> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let done = match op {
            FileOp::Create(p, c) => fsx::create_atomic(p, c.as_bytes()).map(|()| {
                created.push(p);
                dirs.extend(p.parent());
            }),
            FileOp::Replace(p, c) => {
                // Kept only for a later write that could fail: the usual save is one file.
                let old = (i + 1 < ops.len())
                    .then(|| fsx::read_in_project(p, root, fsx::MAX_DATA_FILE).ok())
                    .flatten();
                fsx::write_atomic(p, c.as_bytes()).map(|()| replaced.extend(old.map(|o| (&**p, o))))
            }
            FileOp::Remove(p) => fs::remove_file(p)
                .map(|()| dirs.extend(p.parent()))
                .map_err(|e| fsx::io_error(p, "cannot remove", &e)),
        };
        if let Err(e) = done {
            take_back(&created, &replaced);
            return Err(e);
        }
    }
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        fsx::sync_dir(d)?;
    }
    Ok(())
}

/// The edit is whole on disk: it stops being pending, durably (a stale intent finished again
/// after a later change would undo that change).
fn remove(root: &Path) -> Result<()> {
    let path = root.join(INTENT_FILE);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(fsx::io_error(&path, "cannot remove", &e))
        }
        _ => {}
    }
    fsx::sync_dir(root)
}

/// Whether an edit is pending (left by a crash, or running in another process).
pub fn is_pending(root: &Path) -> bool {
    fs::symlink_metadata(root.join(INTENT_FILE)).is_ok()
}

/// Finishes an edit a crash left pending (the caller holds the project lock); the message
/// says what was finished.
pub fn recover(root: &Path) -> Result<Option<String>> {
    let path = root.join(INTENT_FILE);
    if !is_pending(root) {
        return Ok(None);
    }
    let unreadable = |why: &str| {
        user_error(format!(
            "{}: {why}; if no factdesk is running on this project, delete it",
            fsx::shown(&path)
        ))
    };
    let bytes = fsx::read_in_project(&path, root, fsx::MAX_DATA_FILE)
        .map_err(|e| user_error(e.to_string()))?;
    let intent: Intent =
        serde_json::from_slice(&bytes).map_err(|_| unreadable("not an edit factdesk began"))?;
    let mut targets = Vec::with_capacity(intent.files.len());
    for f in &intent.files {
        targets.push(inside(root, &f.path).ok_or_else(|| {
            unreadable(&format!(
                "names a file outside claims/ and articles/ ({:?})",
                f.path
            ))
        })?);
    }
    // The edit may have got part of the way: each file is brought to its state after it.
    let ops: Vec<FileOp> = intent
        .files
        .iter()
        .zip(targets)
        .filter_map(|(f, target)| {
            let exists = fs::symlink_metadata(&target).is_ok();
            match (&f.content, exists) {
                (Some(c), true) => Some(FileOp::Replace(target, c.clone())),
                (Some(c), false) => Some(FileOp::Create(target, c.clone())),
                (None, true) => Some(FileOp::Remove(target)),
                (None, false) => None,
            }
        })
        .collect();
    finish_log(root, &intent)?;
    apply(root, &ops)?;
    remove(root)?;
    let what: Vec<String> = intent
        .lines
        .iter()
        .filter_map(|l| serde_json::from_str::<Change>(l).ok())
        .map(|c| match c.claim {
            Some(id) => format!("{} of claim {id}", c.action),
            None => c.action,
        })
        .collect();
    Ok(Some(format!(
        "an edit interrupted by a crash has been finished ({})",
        what.join(", ")
    )))
}

/// The project path of a file an intent names: only a claim file or a file of an article
/// folder, so a planted intent cannot write anywhere else.
fn inside(root: &Path, rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    let parts: Vec<&str> = path
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let allowed = match parts.as_slice() {
        [CLAIMS_DIR, name] => name.ends_with(".toml"),
        [ARTICLES_DIR, _, name] => name.ends_with(".toml"),
        _ => false,
    };
    allowed.then(|| root.join(path))
}

/// Gives the change log the intent's lines: nothing to do when it holds them after
/// `log_len`; they are written again when it holds only a part of them (or none). A log
/// that holds something else there was changed by someone else and is not touched.
fn finish_log(root: &Path, intent: &Intent) -> Result<()> {
    let path = root.join(CHANGES_FILE);
    let expected: Vec<u8> = intent
        .lines
        .iter()
        .flat_map(|l| l.bytes().chain(std::iter::once(b'\n')))
        .collect();
    let foreign = || {
        user_error(format!(
            "{}: changed since an edit began ({} holds it); neither was touched",
            fsx::shown(&path),
            INTENT_FILE
        ))
    };
    let mut f = match fs::OpenOptions::new().read(true).write(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && intent.log_len == 0 => {
            changelog::append_lines(root, &intent.lines)?;
            return Ok(());
        }
        Err(e) => return Err(fsx::io_error(&path, "cannot open", &e)),
    };
    let len = f
        .metadata()
        .map_err(|e| fsx::io_error(&path, "cannot read", &e))?
        .len();
    if len < intent.log_len || len - intent.log_len > expected.len() as u64 {
        return Err(foreign());
    }
    let mut tail = Vec::new();
    f.seek(SeekFrom::Start(intent.log_len))
        .and_then(|_| f.read_to_end(&mut tail))
        .map_err(|e| fsx::io_error(&path, "cannot read", &e))?;
    if tail == expected {
        return Ok(());
    }
    if !expected.starts_with(&tail) {
        return Err(foreign());
    }
    f.set_len(intent.log_len)
        .and_then(|_| f.sync_data())
        .map_err(|e| fsx::io_error(&path, "cannot cut back", &e))?;
    drop(f);
    changelog::append_lines(root, &intent.lines)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(CLAIMS_DIR)).unwrap();
        changelog::append(dir.path(), &[Change::new("before").claim(1)]).unwrap();
        dir
    }

    fn log(root: &Path) -> Vec<String> {
        changelog::read(root)
            .unwrap()
            .0
            .into_iter()
            .map(|c| c.action)
            .collect()
    }

    /// The state a kill leaves after the intent is durable and `steps` of the edit's writes
    /// (0: none, 1: the log, 2: the log and the first file, ...) were done.
    fn killed_after(root: &Path, steps: usize) {
        let a = root.join(CLAIMS_DIR).join("0001.toml");
        let b = root.join(CLAIMS_DIR).join("0002.toml");
        fs::write(&a, "old a").unwrap();
        let changes = [Change::new("claim.split").claim(1)];
        changelog::append_lines(root, &[]).unwrap();
        let log_len = fs::metadata(root.join(CHANGES_FILE)).unwrap().len();
        let lines = changelog::lines(&changes);
        let ops = [
            FileOp::Create(b.clone(), "new b".into()),
            FileOp::Replace(a.clone(), "new a".into()),
        ];
        let intent = Intent {
            log_len,
            lines: lines.clone(),
            files: ops.iter().map(|op| FileState::of(root, op)).collect(),
        };
        super::super::journal::write_marker(
            root,
            INTENT_FILE,
            &serde_json::to_vec(&intent).unwrap(),
        )
        .unwrap();
        if steps >= 1 {
            changelog::append_lines(root, &lines).unwrap();
        }
        if steps >= 2 {
            fs::write(&b, "new b").unwrap();
        }
        if steps >= 3 {
            fs::write(&a, "new a").unwrap();
        }
    }

    #[test]
    fn an_edit_killed_at_any_step_is_finished_whole_once() {
        for steps in 0..=3 {
            let dir = project();
            let root = dir.path();
            killed_after(root, steps);
            let notice = recover(root).unwrap().unwrap();
            assert!(notice.contains("claim.split of claim 1"), "{notice}");
            assert_eq!(log(root), ["before", "claim.split"], "steps {steps}");
            let read = |n: &str| fs::read_to_string(root.join(CLAIMS_DIR).join(n)).unwrap();
            assert_eq!(
                (read("0001.toml"), read("0002.toml")),
                ("new a".into(), "new b".into())
            );
            assert!(!is_pending(root));
            assert_eq!(recover(root).unwrap(), None);
        }
    }

    #[test]
    fn a_torn_log_line_of_the_edit_is_written_again() {
        let dir = project();
        let root = dir.path();
        killed_after(root, 0);
        let line = &changelog::lines(&[Change::new("claim.split").claim(1)])[0];
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(root.join(CHANGES_FILE))
            .unwrap();
        std::io::Write::write_all(&mut f, &line.as_bytes()[..10]).unwrap();
        recover(root).unwrap();
        assert_eq!(log(root), ["before", "claim.split"]);
        assert!(changelog::read(root).unwrap().1.is_empty());
    }

    #[test]
    fn a_log_that_moved_on_or_a_planted_path_is_left_alone() {
        let dir = project();
        let root = dir.path();
        killed_after(root, 1);
        changelog::append(root, &[Change::new("someone else")]).unwrap();
        let e = recover(root).unwrap_err().to_string();
        assert!(e.contains("changed since an edit began"), "{e}");
        assert_eq!(
            fs::read_to_string(root.join("claims/0001.toml")).unwrap(),
            "old a"
        );

        let dir = project();
        let root = dir.path();
        let intent = Intent {
            log_len: 0,
            lines: vec![],
            files: vec![FileState {
                path: "../outside.toml".into(),
                content: Some("x".into()),
            }],
        };
        super::super::journal::write_marker(
            root,
            INTENT_FILE,
            &serde_json::to_vec(&intent).unwrap(),
        )
        .unwrap();
        let e = recover(root).unwrap_err().to_string();
        assert!(e.contains("outside claims/"), "{e}");
        assert!(!root.parent().unwrap().join("outside.toml").exists());
    }

    #[test]
    fn a_failed_write_takes_the_whole_edit_back() {
        let dir = project();
        let root = dir.path();
        let a = root.join(CLAIMS_DIR).join("0001.toml");
        fs::write(&a, "old a").unwrap();
        let ops = [
            FileOp::Replace(a.clone(), "new a".into()),
            // Removing a file that is not there fails after the replace was done.
            FileOp::Remove(root.join(CLAIMS_DIR).join("0009.toml")),
        ];
        let e = commit(root, &[Change::new("claim.merge").claim(1)], &ops).unwrap_err();
        assert!(e.to_string().contains("0009.toml"), "{e}");
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(log(root), ["before"]);
        assert!(!is_pending(root));
    }
}

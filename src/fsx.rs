//! Files: every file factdesk saves is written here, and every file it reads from a project
//! is opened through [`read_in_project`].
//!
//! `atomicwrites` writes a temporary file in the target's directory, fsyncs it, renames it over
//! the target and fsyncs the directory, so a crash or `kill -9` leaves either the old or the new
//! file, never a torn one. Appends (the change log) are one `write` and an fsync, and are cut
//! back when they fail, so a full disk leaves no torn line either.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use atomicwrites::{AtomicFile, OverwriteBehavior};

use crate::error::user_error;
pub use factdesk_index::bounded::{io_reason, ReadError};
/// A path as factdesk prints or stores it: escape sequences and controls removed, one line.
pub use factdesk_index::sanitize::shown_path as shown;

/// Bound on the small text files of a project (manifest, claims, article metadata, lock).
pub const MAX_META_FILE: u64 = 16 << 20;
/// Bound on everything else read from a project or a user (article texts and originals, the
/// change log, stored sources): the same as for `source add`.
pub const MAX_DATA_FILE: u64 = factdesk_index::store::MAX_FILE_SIZE;

/// Conditions of the machine a user can act on (make room, fix permissions), as opposed to
/// failures nobody expected.
pub fn is_environment(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        StorageFull | QuotaExceeded | PermissionDenied | ReadOnlyFilesystem
    )
}

/// An I/O failure on `path` while doing `what` ("cannot save"): a user error in plain words
/// when it is a condition of the machine (full disk, permissions), else an internal error.
pub fn io_error(path: &Path, what: &str, e: &std::io::Error) -> anyhow::Error {
    let msg = format!("{}: {what}: {}", shown(path), io_reason(e));
    if is_environment(e) {
        user_error(msg)
    } else {
        anyhow::anyhow!(msg)
    }
}

fn atomic_error(e: atomicwrites::Error<std::io::Error>) -> std::io::Error {
    match e {
        atomicwrites::Error::Internal(e) | atomicwrites::Error::User(e) => e,
    }
}

/// A Ctrl-C waits for it, so it leaves no temporary file (see [`crate::interrupt`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::interrupt::unit(|| {
        AtomicFile::new(path, OverwriteBehavior::AllowOverwrite)
            .write(|f| f.write_all(bytes))
            .map_err(|e| io_error(path, "cannot save", &atomic_error(e)))
    })
}

/// Write only if `path` does not exist yet (atomically; fails if it appeared meanwhile).
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::interrupt::unit(|| {
        AtomicFile::new(path, OverwriteBehavior::DisallowOverwrite)
            .write(|f| f.write_all(bytes))
            .map_err(|e| io_error(path, "cannot create", &atomic_error(e)))
    })
}

/// Reads a file of the project at `root`: only a regular file, at most `limit` bytes, that
/// lies inside the project once symlinks are resolved (a project received through git may
/// hold symlinks to anywhere, FIFOs or device nodes). The error names the file.
pub fn read_in_project(path: &Path, root: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    factdesk_index::bounded::read_bounded(path, limit, Some(root))
}

/// A folder of the project (`sources/`, `index/`) that a received project may have made a
/// symlink to somewhere else: an error naming it unless it resolves inside the project (or is
/// not there yet).
pub fn folder_in_project(dir: &Path, root: &Path) -> Result<()> {
    let (Ok(d), Ok(r)) = (std::fs::canonicalize(dir), std::fs::canonicalize(root)) else {
        return Ok(());
    };
    if d.starts_with(&r) {
        Ok(())
    } else {
        Err(refused(
            dir,
            "a symbolic link to a folder outside the project",
        ))
    }
}

/// A file a user named on the command line: a regular file of at most `limit` bytes
/// (symlinks followed: the user chose it), or a user error naming it.
pub fn read_user_file(path: &Path, limit: u64) -> Result<Vec<u8>> {
    factdesk_index::bounded::read_bounded(path, limit, None).map_err(|e| user_error(e.to_string()))
}

/// Where an append started: [`AppendMark::undo`] cuts the file back to it.
#[derive(Debug)]
pub struct AppendMark {
    path: PathBuf,
    len: u64,
}

impl AppendMark {
    /// Removes what was appended since the mark (the only writer holds the project lock).
    pub fn undo(self) -> Result<()> {
        OpenOptions::new()
            .write(true)
            .open(&self.path)
            .and_then(|f| f.set_len(self.len).and_then(|_| f.sync_data()))
            .map_err(|e| io_error(&self.path, "cannot undo the last append", &e))
    }
}

/// Appends `lines` (each without a line break) in one write and fsyncs them. A failure leaves
/// the file as it was: a partly written append is cut off again. A torn last line left by a
/// crash is cut off first unless `is_whole` accepts it (then it only gets its line break), so
/// it never ends up in the middle of the file.
pub fn append_lines(
    path: &Path,
    lines: &[String],
    is_whole: &dyn Fn(&[u8]) -> bool,
) -> Result<AppendMark> {
    crate::interrupt::unit(|| append_now(path, lines, is_whole))
}

fn append_now(
    path: &Path,
    lines: &[String],
    is_whole: &dyn Fn(&[u8]) -> bool,
) -> Result<AppendMark> {
    use std::os::unix::fs::OpenOptionsExt;
    // Never through a symlink, and never into a FIFO or device someone put in its place.
    let mut f = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => refused(path, "a symbolic link"),
            _ => io_error(path, "cannot open for appending", &e),
        })?;
    let meta = f
        .metadata()
        .map_err(|e| io_error(path, "cannot open for appending", &e))?;
    if let Some(why) = factdesk_index::bounded::not_regular(&meta.file_type()) {
        return Err(refused(path, &why));
    }
    let (len, tail) = torn_tail(&mut f).map_err(|e| io_error(path, "cannot read", &e))?;
    let Some(tail) = tail else {
        return Err(refused(
            path,
            "its last line is longer than any change-log line (no line break in the last 64 MiB)",
        ));
    };
    let mut buf = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + 1);
    let mut start = len;
    if let Some((tail_start, tail)) = tail {
        if is_whole(&tail) {
            buf.push('\n');
        } else {
            f.set_len(tail_start)
                .map_err(|e| io_error(path, "cannot cut off a torn last line", &e))?;
            start = tail_start;
        }
    }
    for line in lines {
        debug_assert!(!line.contains('\n'));
        buf.push_str(line);
        buf.push('\n');
    }
    let mark = AppendMark {
        path: path.to_owned(),
        len: start,
    };
    if let Err(e) = f.write_all(buf.as_bytes()).and_then(|_| f.sync_data()) {
        let err = io_error(path, "cannot append", &e);
        return Err(match mark.undo() {
            Ok(()) => err,
            Err(undo) => err.context(crate::error::one_line(&undo)),
        });
    }
    Ok(mark)
}

fn refused(path: &Path, why: &str) -> anyhow::Error {
    user_error(format!("{}: refused: {why}", shown(path)))
}

/// A torn last line, if any: where it starts and its bytes.
type Tail = Option<(u64, Vec<u8>)>;

/// The file's length and its torn last line (`Some(None)` when it ends with a line break);
/// `None` when there is no line break in the last 64 MiB, which no change log has.
fn torn_tail(f: &mut File) -> std::io::Result<(u64, Option<Tail>)> {
    const CHUNK: u64 = 64 << 10;
    const FURTHEST: u64 = 64 << 20;
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok((0, Some(None)));
    }
    let mut reader = f.try_clone()?;
    let mut end = len;
    let mut first = true;
    let mut buf = Vec::new();
    while end > 0 && len - end < FURTHEST {
        let start = end.saturating_sub(CHUNK);
        buf.resize((end - start) as usize, 0);
        reader.seek(SeekFrom::Start(start))?;
        reader.read_exact(&mut buf)?;
        if first && buf.last() == Some(&b'\n') {
            return Ok((len, Some(None)));
        }
        first = false;
        if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
            let tail_start = start + i as u64 + 1;
            let tail = read_from(&mut reader, tail_start, len)?;
            return Ok((len, Some(Some((tail_start, tail)))));
        }
        end = start;
    }
    if end > 0 {
        return Ok((len, None));
    }
    Ok((len, Some(Some((0, read_from(&mut reader, 0, len)?)))))
}

fn read_from(f: &mut File, start: u64, end: u64) -> std::io::Result<Vec<u8>> {
    let mut out = vec![0; (end - start) as usize];
    f.seek(SeekFrom::Start(start))?;
    f.read_exact(&mut out)?;
    Ok(out)
}

/// How long an `atomicwrites` temporary folder must have stood untouched before it counts as
/// left by a killed process: no factdesk write takes this long, and a merge driver that git
/// runs by hand writes without the project lock.
pub const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes the temporary folders (`.atomicwrite*`, holding at most `tmpfile.tmp`) that a
/// killed [`write_atomic`] left in `dir`, when older than `min_age`. Only call it holding
/// the project lock; nothing else in `dir` is touched.
pub fn remove_stale_temps(dir: &Path, min_age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let stale = e.metadata().is_ok_and(|m| {
            m.is_dir()
                && m.modified()
                    .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age >= min_age))
        });
        if !stale || !name.to_string_lossy().starts_with(".atomicwrite") {
            continue;
        }
        let Ok(inside) = std::fs::read_dir(e.path()) else {
            continue;
        };
        let only_tmp = inside
            .flatten()
            .all(|f| f.file_name() == "tmpfile.tmp" && f.file_type().is_ok_and(|t| t.is_file()));
        if only_tmp {
            let _ = std::fs::remove_file(e.path().join("tmpfile.tmp"));
            if std::fs::remove_dir(e.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error(dir, "cannot sync directory", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn only_stale_atomicwrite_folders_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let make = |name: &str, extra: bool| {
            let d = dir.path().join(name);
            std::fs::create_dir(&d).unwrap();
            std::fs::write(d.join("tmpfile.tmp"), "x").unwrap();
            if extra {
                std::fs::write(d.join("other"), "keep").unwrap();
            }
            d
        };
        let old = make(".atomicwriteOLD", false);
        let fresh = make(".atomicwriteNEW", false);
        let crowded = make(".atomicwriteFULL", true);
        let other = make(".notours", false);
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for d in [&old, &crowded, &other] {
            std::fs::File::open(d)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        assert_eq!(remove_stale_temps(dir.path(), STALE_TEMP), 1);
        assert!(!old.exists());
        assert!(fresh.join("tmpfile.tmp").exists(), "a write may be running");
        assert!(crowded.join("tmpfile.tmp").exists() && crowded.join("other").exists());
        assert!(other.exists());
        assert_eq!(remove_stale_temps(dir.path(), std::time::Duration::ZERO), 1);
        assert!(!fresh.exists());
    }

    #[test]
    fn torn_tails_are_cut_or_completed_and_undo_cuts_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let whole = |b: &[u8]| b.ends_with(b"}");
        append_lines(&path, &lines(&["{a}"]), &whole).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{torn")
            .unwrap();
        append_lines(&path, &lines(&["{b}", "{c}"]), &whole).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{a}\n{b}\n{c}\n");
        // A last line without its break that is whole is kept.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{d}")
            .unwrap();
        let mark = append_lines(&path, &lines(&["{e}"]), &whole).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{a}\n{b}\n{c}\n{d}\n{e}\n"
        );
        mark.undo().unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{a}\n{b}\n{c}\n{d}"
        );
        // A file that is one torn line.
        let torn = dir.path().join("torn");
        std::fs::write(&torn, "x".repeat(200_000)).unwrap();
        append_lines(&torn, &lines(&["{z}"]), &whole).unwrap();
        assert_eq!(std::fs::read_to_string(&torn).unwrap(), "{z}\n");
    }
}

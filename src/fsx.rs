//! Durable file writes: every file factdesk saves goes through here.
//!
//! `atomicwrites` writes a temporary file in the target's directory, fsyncs it, renames it over
//! the target and fsyncs the directory, so a crash or `kill -9` leaves either the old or the new
//! file, never a torn one.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use atomicwrites::{AtomicFile, OverwriteBehavior};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    AtomicFile::new(path, OverwriteBehavior::AllowOverwrite)
        .write(|f| f.write_all(bytes))
        .map_err(|e| match e {
            atomicwrites::Error::Internal(e) | atomicwrites::Error::User(e) => e,
        })
        .with_context(|| format!("{}: cannot save", path.display()))
}

/// Write only if `path` does not exist yet (atomically; fails if it appeared meanwhile).
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    AtomicFile::new(path, OverwriteBehavior::DisallowOverwrite)
        .write(|f| f.write_all(bytes))
        .map_err(|e| match e {
            atomicwrites::Error::Internal(e) | atomicwrites::Error::User(e) => e,
        })
        .with_context(|| format!("{}: cannot create", path.display()))
}

/// Append one line and fsync it: used by the change log, which is append-only.
pub fn append_line(path: &Path, line: &str) -> Result<()> {
    debug_assert!(!line.contains('\n'));
    let mut f = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(path)
        .with_context(|| format!("{}: cannot open for appending", path.display()))?;
    let mut buf = String::with_capacity(line.len() + 2);
    // A crash mid-append can leave a torn last line: start on a fresh line so only that one
    // line is lost, not this one too.
    if !ends_with_newline(&mut f)? {
        buf.push('\n');
    }
    buf.push_str(line);
    buf.push('\n');
    f.write_all(buf.as_bytes())
        .and_then(|_| f.sync_data())
        .with_context(|| format!("{}: cannot append", path.display()))
}

fn ends_with_newline(f: &mut File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    let mut reader = f.try_clone()?;
    reader.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    reader.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("{}: cannot sync directory", dir.display()))
}

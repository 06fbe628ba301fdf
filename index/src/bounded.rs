//! Reading a file that may not be what its name says: the one way factdesk opens a file to
//! read it, inside a project (a project received through git can hold symlinks to anywhere)
//! and from a user (`article add`, `source add`).
//!
//! Only a regular file is opened, never a FIFO (a read would wait for ever), a device
//! (`/dev/zero` never ends) or a socket; it is read up to a size bound, checked before reading
//! and again while reading (a file can grow meanwhile); and, when a folder is given, only if
//! the path with every symlink resolved lies inside that folder.

use std::fmt;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::sanitize::shown_path;

/// Why a file was not read.
#[derive(Debug)]
pub struct ReadError {
    /// The file, as the caller named it.
    pub path: PathBuf,
    pub kind: ReadErrorKind,
}

#[derive(Debug)]
pub enum ReadErrorKind {
    /// The operating system refused or failed (missing file, permission, I/O error).
    Io(std::io::Error),
    /// The file is not one factdesk reads: not a regular file, too large, or outside the folder.
    Refused(String),
}

impl ReadError {
    fn refused(path: &Path, why: impl Into<String>) -> ReadError {
        ReadError {
            path: path.to_owned(),
            kind: ReadErrorKind::Refused(why.into()),
        }
    }

    fn io(path: &Path, e: std::io::Error) -> ReadError {
        ReadError {
            path: path.to_owned(),
            kind: ReadErrorKind::Io(e),
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(&self.kind, ReadErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }

    /// The operating system's error, when that is what stopped the read.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match &self.kind {
            ReadErrorKind::Io(e) => Some(e),
            ReadErrorKind::Refused(_) => None,
        }
    }

    /// What went wrong, without the file name.
    pub fn reason(&self) -> String {
        match &self.kind {
            ReadErrorKind::Io(e) => read_reason(e),
            ReadErrorKind::Refused(why) => format!("refused: {why}"),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", shown_path(&self.path), self.reason())
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ReadErrorKind::Io(e) => Some(e),
            ReadErrorKind::Refused(_) => None,
        }
    }
}

/// An I/O error in plain words: what a user can act on.
pub fn io_reason(e: &std::io::Error) -> String {
    known_reason(e).unwrap_or_else(|| plain_os_text(e))
}

/// Why a file could not be read, in words: [`io_reason`], and for the errors that only a
/// read meets a sentence saying what the file is.
pub fn read_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let why = match e.kind() {
        // Files are opened without blocking: a special file that streams (/proc/kmsg, a
        // terminal) says it has nothing yet rather than making factdesk wait for ever.
        WouldBlock => "it has no data ready, so it is a special file (a kernel or device \
                       stream), not an ordinary one"
            .to_owned(),
        Interrupted => "the read was interrupted".to_owned(),
        IsADirectory => "it is a folder".to_owned(),
        _ => match known_reason(e) {
            Some(known) => return known,
            None => plain_os_text(e),
        },
    };
    format!("cannot be read: {why}")
}

fn known_reason(e: &std::io::Error) -> Option<String> {
    use std::io::ErrorKind::*;
    let why = match e.kind() {
        NotFound => "no such file",
        PermissionDenied => "permission denied",
        StorageFull => "the disk is full",
        QuotaExceeded => "the disk quota is used up",
        ReadOnlyFilesystem => "the file system is read-only",
        _ if e.raw_os_error() == Some(libc::EIO) => {
            "the disk or device reported an input/output error"
        }
        _ => return None,
    };
    Some(why.to_owned())
}

/// The system's text for `e` without the "(os error 11)" a user cannot act on, and starting
/// in lower case, to follow "file: ".
fn plain_os_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_owned(),
        _ => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "an error the system did not describe".to_owned(),
    }
}

/// Reads `path` whole: a regular file of at most `limit` bytes, and, when `within` is given,
/// one that (symlinks resolved) lies inside that folder.
pub fn read_bounded(path: &Path, limit: u64, within: Option<&Path>) -> Result<Vec<u8>, ReadError> {
    let target = match within {
        Some(root) => resolve_within(path, root)?,
        None => path.to_owned(),
    };
    // A look before opening: opening some devices has effects of its own.
    let meta = fs::metadata(&target).map_err(|e| ReadError::io(path, e))?;
    check_type(path, &meta.file_type())?;
    // O_NONBLOCK: should a FIFO take the file's place after the look, opening it does not
    // wait for a writer, and the check below refuses it.
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
    if within.is_some() {
        flags |= libc::O_NOFOLLOW;
    }
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(&target)
        .map_err(|e| ReadError::io(path, e))?;
    let meta = file.metadata().map_err(|e| ReadError::io(path, e))?;
    check_type(path, &meta.file_type())?;
    if meta.len() > limit {
        return Err(too_large(path, meta.len(), limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// [`read_bounded`] for text: UTF-8 or an error naming the file.
pub fn read_text_bounded(
    path: &Path,
    limit: u64,
    within: Option<&Path>,
) -> Result<String, ReadError> {
    let bytes = read_bounded(path, limit, within)?;
    String::from_utf8(bytes).map_err(|_| ReadError::refused(path, "not UTF-8 text"))
}

/// Whether `path` is a regular file inside `root` (symlinks resolved), without reading it.
pub fn check_within(path: &Path, root: &Path) -> Result<(), ReadError> {
    let target = resolve_within(path, root)?;
    let meta = fs::metadata(&target).map_err(|e| ReadError::io(path, e))?;
    check_type(path, &meta.file_type())
}

fn resolve_within(path: &Path, root: &Path) -> Result<PathBuf, ReadError> {
    let root = fs::canonicalize(root).map_err(|e| ReadError::io(root, e))?;
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && is_symlink(path) => {
            return Err(ReadError::refused(
                path,
                "a symbolic link to a file that does not exist",
            ))
        }
        Err(e) => return Err(ReadError::io(path, e)),
    };
    if !target.starts_with(&root) {
        return Err(ReadError::refused(
            path,
            "a symbolic link to a file outside the project",
        ));
    }
    Ok(target)
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn check_type(path: &Path, ft: &fs::FileType) -> Result<(), ReadError> {
    match not_regular(ft) {
        None => Ok(()),
        Some(why) => Err(ReadError::refused(path, why)),
    }
}

/// Why a file of this type is not read ("not a regular file but a named pipe (FIFO)"), or
/// `None` for a regular file.
pub fn not_regular(ft: &fs::FileType) -> Option<String> {
    if ft.is_file() {
        return None;
    }
    let what = if ft.is_dir() {
        "a directory"
    } else if ft.is_fifo() {
        "a named pipe (FIFO)"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "something else"
    };
    Some(format!("not a regular file but {what}"))
}

fn too_large(path: &Path, size: u64, limit: u64) -> ReadError {
    ReadError::refused(
        path,
        format!(
            "too large ({}; the limit is {})",
            human_size(size),
            human_size(limit)
        ),
    )
}

fn human_size(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn no_reason_carries_the_os_error_number() {
        use std::io::Error;
        for code in [
            libc::EAGAIN,
            libc::ENXIO,
            libc::EINVAL,
            libc::EIO,
            libc::ENODEV,
            4242,
        ] {
            let (read, any) = (
                read_reason(&Error::from_raw_os_error(code)),
                io_reason(&Error::from_raw_os_error(code)),
            );
            assert!(
                !read.contains("os error") && !any.contains("os error"),
                "{read} / {any}"
            );
            assert!(read.starts_with(char::is_lowercase), "{read}");
        }
        assert!(read_reason(&Error::from_raw_os_error(libc::EAGAIN))
            .starts_with("cannot be read: it has no data ready"));
        assert_eq!(
            read_reason(&Error::from_raw_os_error(libc::ENXIO)),
            "cannot be read: no such device or address"
        );
    }

    fn refused(r: Result<Vec<u8>, ReadError>) -> String {
        match r {
            Err(
                e @ ReadError {
                    kind: ReadErrorKind::Refused(_),
                    ..
                },
            ) => e.to_string(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn regular_files_inside_are_read_and_everything_else_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        fs::create_dir(&root).unwrap();
        let outside = tmp.path().join("secret.txt");
        fs::write(&outside, b"local secret").unwrap();
        let inside = root.join("a.txt");
        fs::write(&inside, b"hello").unwrap();
        assert_eq!(read_bounded(&inside, 10, Some(&root)).unwrap(), b"hello");
        // A symlink that stays inside is fine.
        symlink(&inside, root.join("b.txt")).unwrap();
        assert_eq!(
            read_bounded(&root.join("b.txt"), 10, Some(&root)).unwrap(),
            b"hello"
        );
        symlink(&outside, root.join("leak.txt")).unwrap();
        let msg = refused(read_bounded(&root.join("leak.txt"), 100, Some(&root)));
        assert!(msg.contains("leak.txt") && msg.contains("outside"), "{msg}");
        // Without a folder, a user's own symlink is followed.
        assert_eq!(
            read_bounded(&root.join("leak.txt"), 100, None).unwrap(),
            b"local secret"
        );
        symlink("/dev/zero", root.join("zero.txt")).unwrap();
        assert!(
            refused(read_bounded(&root.join("zero.txt"), 100, Some(&root))).contains("outside")
        );
        assert!(refused(read_bounded(Path::new("/dev/zero"), 100, None)).contains("a device"));
        let fifo = root.join("pipe.toml");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(refused(read_bounded(&fifo, 100, Some(&root))).contains("FIFO"));
        assert!(refused(read_bounded(&root, 100, None)).contains("a directory"));
        let msg = refused(read_bounded(&inside, 3, Some(&root)));
        assert!(msg.contains("too large"), "{msg}");
        symlink(root.join("gone"), root.join("dangling")).unwrap();
        assert!(
            refused(read_bounded(&root.join("dangling"), 3, Some(&root)))
                .contains("does not exist")
        );
        let missing = read_bounded(&root.join("missing"), 3, Some(&root)).unwrap_err();
        assert!(missing.is_not_found(), "{missing}");
    }
}

//! The folder an index generation lives in, as tantivy sees it: tantivy's `MmapDirectory`
//! with three things changed.
//!
//! - Files are created with the permissions the umask gives, like every other file of a
//!   project: tantivy writes `meta.json` and `.managed.json` through `tempfile`, which makes
//!   them 0600, so a colleague with read access to the project could not search it.
//! - Reading needs no write access. Opening a reader takes tantivy's meta lock
//!   (`.tantivy-meta.lock`, opened for writing, created if missing) so that a writer in another
//!   process does not delete segment files while they are being opened. Where the folder
//!   cannot be written (a read-only mount, another account's project), nobody who could write
//!   there is us, and the reader goes on without it.
//! - Only regular files inside the folder are opened (a project received through git may
//!   hold symlinks to anywhere), and the small JSON files are read up to a bound.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

use crate::bounded::{read_bounded, ReadErrorKind};

/// Bound on `meta.json` and `.managed.json` (a few KiB in practice).
const MAX_JSON: u64 = 64 << 20;

#[derive(Debug, Clone)]
pub struct GenerationDirectory {
    inner: MmapDirectory,
    path: PathBuf,
}

impl GenerationDirectory {
    pub fn open(
        path: &Path,
    ) -> Result<GenerationDirectory, tantivy::directory::error::OpenDirectoryError> {
        Ok(GenerationDirectory {
            inner: MmapDirectory::open(path)?,
            path: path.to_path_buf(),
        })
    }

    /// `path` inside the folder as a regular file, or the refusal as an I/O error.
    fn check(&self, path: &Path) -> Result<(), io::Error> {
        crate::bounded::check_within(&self.path.join(path), &self.path).map_err(read_to_io)
    }
}

fn read_to_io(e: crate::bounded::ReadError) -> io::Error {
    match e.kind {
        ReadErrorKind::Io(io) => io,
        ReadErrorKind::Refused(_) => io::Error::new(io::ErrorKind::InvalidData, e.to_string()),
    }
}

/// A lock that locks nothing: see the module comment.
struct NoLock;

impl Directory for GenerationDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.check(path) {
            Ok(()) => self.inner.get_file_handle(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        read_bounded(&self.path.join(path), MAX_JSON, Some(&self.path)).map_err(|e| {
            if e.is_not_found() {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(read_to_io(e), path.to_path_buf())
            }
        })
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let target = self.path.join(path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let tmp = self.path.join(format!(
            ".{}.{}.tmp",
            name.unwrap_or_default(),
            std::process::id()
        ));
        // `File::create` honours the umask (0644 under the usual 022), unlike `tempfile`.
        let written = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(data).and_then(|_| f.sync_data()))
            .and_then(|_| std::fs::rename(&tmp, &target));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        e.kind(),
                        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                Ok(DirectoryLock::from(Box::new(NoLock)))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

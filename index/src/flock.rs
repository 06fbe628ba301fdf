//! Advisory whole-file locks (`flock`), which the kernel releases when the holder dies, so a
//! crash never leaves one behind. std's `File::lock` is newer than the declared rust-version.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

/// Waits for an exclusive lock on `file`. `Ok(false)` where the file system has no `flock`
/// (some network mounts): the caller goes on unlocked, as it would have before locks existed.
pub fn lock_exclusive(file: &File) -> io::Result<bool> {
    loop {
        // SAFETY: flock only reads the descriptor, which `file` keeps open.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::ENOLCK) | Some(libc::EOPNOTSUPP) => return Ok(false),
            _ => return Err(e),
        }
    }
}

/// Whether another open of the file (in this process or another) holds a lock on it now.
pub fn held_elsewhere(file: &File) -> bool {
    // SAFETY: as above.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_SH | libc::LOCK_NB) } == 0 {
        // SAFETY: as above; releases the probe's own shared lock.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_UN) };
        return false;
    }
    io::Error::last_os_error().raw_os_error() == Some(libc::EWOULDBLOCK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_seen_from_another_open_of_the_file_and_ends_with_its_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let holder = File::create(&path).unwrap();
        let probe = File::open(&path).unwrap();
        assert!(!held_elsewhere(&probe));
        assert!(lock_exclusive(&holder).unwrap());
        assert!(held_elsewhere(&probe));
        drop(holder);
        assert!(!held_elsewhere(&probe));
    }
}

//! One writer per project: a lock file that says who holds it.
//!
//! The lock is created by hard-linking a fully written temporary file to `factdesk.lock`, so
//! it either exists with its whole content or not at all. A lock whose holder is a dead
//! process on this host is taken over; one from another host is only ever reported, since we
//! cannot tell whether that process still runs.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::error::user_error;

pub const LOCK_FILE: &str = "factdesk.lock";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockInfo {
    pub user: String,
    pub host: String,
    pub pid: u32,
    /// Process start time in clock ticks since boot (Linux), to tell a reused PID apart.
    #[serde(default)]
    pub pid_start: u64,
    pub started: String,
    /// What holds it: [`WORKSTATION`], or empty for a command. A command holds the lock for a
    /// moment, so another command waits for it; the workstation holds it for hours.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub program: String,
}

/// [`LockInfo::program`] of the workstation.
pub const WORKSTATION: &str = "workstation";

/// The start of the message that refuses a writer because a running process holds the lock.
pub const HELD_BY: &str = "project is being edited by";

static PROGRAM: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Names what this process is in the locks it takes (the workstation says so, once, before it
/// opens a project).
pub fn set_program(program: &'static str) {
    let _ = PROGRAM.set(program);
}

impl LockInfo {
    pub fn current() -> LockInfo {
        let pid = std::process::id();
        LockInfo {
            user: current_user(),
            host: hostname(),
            pid,
            pid_start: process_start_ticks(pid).unwrap_or(0),
            started: super::claim::format_time(&super::claim::now()),
            program: PROGRAM.get().copied().unwrap_or("").to_string(),
        }
    }

    /// A command (not the workstation) running on this host: it lets go of the lock in a
    /// moment, so a writer may wait for it.
    pub fn is_running_command_here(&self) -> bool {
        self.program != WORKSTATION && self.host == hostname() && !self.is_stale_here()
    }

    /// Who holds the lock, in words. Each field is made terminal-safe on its own before it is
    /// placed in the sentence: a stray escape at the end of one field (a hand-edited or
    /// hostile lock) would otherwise swallow the text that follows it.
    pub fn describe(&self) -> String {
        let safe = factdesk_index::sanitize::sanitize_name;
        let whose = if self.program == WORKSTATION {
            "the workstation of "
        } else {
            ""
        };
        format!(
            "{whose}{} on {} (pid {}, since {})",
            safe(&self.user),
            safe(&self.host),
            self.pid,
            safe(&self.started)
        )
    }

    /// Its holder was a process of this host that is gone: the lock is taken over.
    pub fn is_stale_here(&self) -> bool {
        if self.host != hostname() {
            return false;
        }
        if !process_alive(self.pid) {
            return true;
        }
        // Alive, but is it the same process? A reboot or PID wrap can hand the PID to another.
        match (self.pid_start, process_start_ticks(self.pid)) {
            (0, _) | (_, None) => false,
            (recorded, Some(now)) => recorded != now,
        }
    }
}

/// A held project lock; released on drop.
#[derive(Debug)]
pub struct ProjectLock {
    path: PathBuf,
    info: LockInfo,
}

impl ProjectLock {
    /// Takes the lock, queueing behind another command that holds it (it lets go in a
    /// moment, so commands a script runs in parallel take turns) for at most `max`; a
    /// workstation holding it, or a lock from another host, refuses at once. Every writer
    /// that a person or script starts waits the same way, with [`command_wait`].
    pub fn acquire_within(root: &Path, max: std::time::Duration) -> Result<ProjectLock> {
        use std::time::{Duration, Instant};
        let start = Instant::now();
        let mut said = false;
        let mut pause = Duration::from_millis(5);
        loop {
            let e = match ProjectLock::acquire(root) {
                Ok(lock) => return Ok(lock),
                Err(e) => e,
            };
            let held = e
                .downcast_ref::<crate::error::UserError>()
                .is_some_and(|u| u.0.starts_with(HELD_BY));
            if !held || start.elapsed() >= max {
                return Err(e);
            }
            // Read again: the holder may have let go (or died) since; then the next try
            // takes it.
            let holder = holder(root);
            if holder
                .as_ref()
                .is_some_and(|h| !h.is_running_command_here() && !h.is_stale_here())
            {
                return Err(e);
            }
            let running = holder.filter(|h| h.is_running_command_here());
            if let (false, true, Some(h)) =
                (said, start.elapsed() >= Duration::from_millis(500), running)
            {
                eprintln!(
                    "factdesk: waiting for {} to finish (at most {} s)",
                    h.describe(),
                    max.as_secs_f64()
                );
                said = true;
            }
            std::thread::sleep(pause.min(max.saturating_sub(start.elapsed())));
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }

    /// Takes the lock or says at once who holds it. A terminating signal waits until the
    /// lock is taken and known to the signal handler (which then releases it) or not taken:
    /// between the two it would leave the temporary file or the lock itself behind.
    pub fn acquire(root: &Path) -> Result<ProjectLock> {
        crate::interrupt::unit(|| ProjectLock::acquire_now(root))
    }

    fn acquire_now(root: &Path) -> Result<ProjectLock> {
        let path = root.join(LOCK_FILE);
        let info = LockInfo::current();
        let body = toml::to_string(&info).expect("lock serialises");
        let tmp = root.join(format!(".{LOCK_FILE}.{}.tmp", info.pid));
        // A process with our pid that was killed between linking and removing its temporary
        // file left it behind as a second name of its (now stale) lock: writing through that
        // name would rewrite the lock in place, outside the guard. A new file is ours alone.
        let _ = fs::remove_file(&tmp);
        // Whole and on disk before it is linked into place: the lock appears complete or not
        // at all.
        let written = fs::File::create_new(&tmp).and_then(|mut f| {
            std::io::Write::write_all(&mut f, body.as_bytes()).and_then(|_| f.sync_all())
        });
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(crate::fsx::io_error(
                root,
                "cannot take the project lock",
                &e,
            ));
        }
        let result =
            TakeoverGuard::take(root).and_then(|guard| link_or_take_over(&tmp, &path, &guard));
        let _ = fs::remove_file(&tmp);
        result?;
        remove_dead_takers_files(root);
        crate::fsx::sync_dir(root)?;
        crate::interrupt::hold(path.clone(), info.clone());
        Ok(ProjectLock { path, info })
    }

    pub fn info(&self) -> &LockInfo {
        &self.info
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        crate::interrupt::let_go(&self.path);
        release(&self.path, &self.info);
    }
}

/// Removes the lock at `path` if it is still the lock `info` describes: all of it, not only
/// the pid, which another process may have been given since.
pub fn release(path: &Path, info: &LockInfo) {
    if let Ok(LockFile::Held(holder)) = read_lock_file(path) {
        if holder == *info {
            let _ = fs::remove_file(path);
        }
    }
}

/// Serialises every attempt to take a project's lock, for the moment it takes: an exclusive
/// `flock` on the project folder itself (no extra file; the kernel drops it when the process
/// dies). Without it, two processes that both found the same stale lock could each move "it"
/// aside, the second moving the first one's fresh lock, and both went on as the writer.
struct TakeoverGuard {
    /// `None` where the file system has no `flock` (some network mounts): a lock can still be
    /// created there (the hard link is atomic), but a stale one is not taken over.
    dir: Option<fs::File>,
}

impl TakeoverGuard {
    /// How long to wait for another process that is taking the lock right now (it needs
    /// microseconds; a stopped one must not block us for ever).
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(3);

    fn take(root: &Path) -> Result<TakeoverGuard> {
        use std::os::fd::AsRawFd;
        let dir = fs::File::open(root)
            .map_err(|e| crate::fsx::io_error(root, "cannot open the project folder", &e))?;
        let deadline = std::time::Instant::now() + Self::PATIENCE;
        loop {
            // SAFETY: flock only reads the descriptor, which `dir` keeps open.
            if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return Ok(TakeoverGuard { dir: Some(dir) });
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EWOULDBLOCK) | Some(libc::EINTR) => {}
                Some(libc::ENOLCK)
                | Some(libc::EOPNOTSUPP)
                | Some(libc::EINVAL)
                | Some(libc::EBADF) => return Ok(TakeoverGuard { dir: None }),
                _ => {
                    return Err(crate::fsx::io_error(
                        root,
                        "cannot lock the project folder",
                        &err,
                    ))
                }
            }
            if std::time::Instant::now() >= deadline {
                return Err(user_error(format!(
                    "{}: could not take the project lock (another factdesk is starting?)",
                    crate::fsx::shown(root)
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn can_take_over(&self) -> bool {
        self.dir.is_some()
    }
}

/// Create the lock from `tmp`, or replace a stale one, while `guard` keeps every other taker
/// out: a stale lock seen here is still the same file when it is removed, since its holder is
/// dead and everyone else who could remove it waits for the guard.
fn link_or_take_over(tmp: &Path, path: &Path, guard: &TakeoverGuard) -> Result<()> {
    for _ in 0..3 {
        match fs::hard_link(tmp, path) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(crate::fsx::io_error(path, "cannot create lock", &e)),
        }
        let holder = match read_lock_file(path) {
            Ok(LockFile::Held(h)) => Some(h),
            Ok(LockFile::Absent) => continue, // released meanwhile
            // factdesk links a lock into place whole, so no factdesk that runs wrote this.
            Ok(LockFile::Orphan) => None,
            Err(msg) => {
                return Err(user_error(format!(
                    "{}: {msg}; if no factdesk is running on this project, delete this file",
                    crate::fsx::shown(path)
                )))
            }
        };
        if let Some(holder) = holder.as_ref().filter(|h| !h.is_stale_here()) {
            return Err(user_error(format!(
                "{HELD_BY} {}; open it read-only or try again when they are done",
                holder.describe()
            )));
        }
        if !guard.can_take_over() {
            let left_by = match &holder {
                Some(h) => format!("left by {}, which is no longer running", h.describe()),
                None => "names no process (left by a crash?)".to_owned(),
            };
            return Err(user_error(format!(
                "{}: {left_by}; this file system cannot lock the project folder, so delete \
                 the file by hand if no factdesk is running here",
                crate::fsx::shown(path),
            )));
        }
        match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => {
                return Err(crate::fsx::io_error(
                    path,
                    "cannot remove the stale lock",
                    &e,
                ))
            }
        }
    }
    Err(user_error(format!(
        "{}: could not take the project lock (another factdesk is starting?)",
        crate::fsx::shown(path)
    )))
}

/// How long a command waits for another command's lock: `FACTDESK_LOCK_WAIT` seconds, 10 by
/// default (0: refuse at once).
pub fn command_wait() -> std::time::Duration {
    let secs = std::env::var("FACTDESK_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(10.0);
    std::time::Duration::from_secs_f64(secs.min(24.0 * 3600.0))
}

/// Removes the project's lock if this very process holds it: for an exit that cannot wait
/// for the holder to be dropped (a writer still busy at a terminating signal).
pub fn release_if_ours(root: &Path) {
    let path = root.join(LOCK_FILE);
    let me = LockInfo::current();
    if let Ok(LockFile::Held(h)) = read_lock_file(&path) {
        if h.pid == me.pid && h.pid_start == me.pid_start && h.host == me.host {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Removes the temporary lock files of takers killed before they removed them (they are
/// named after the taker's pid); a taker still running keeps its file, since it may be about
/// to link it.
fn remove_dead_takers_files(root: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let prefix = format!(".{LOCK_FILE}.");
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// The current holder of a project's lock, if any.
pub fn holder(root: &Path) -> Option<LockInfo> {
    match read_lock_file(&root.join(LOCK_FILE)) {
        Ok(LockFile::Held(h)) => Some(h),
        _ => None,
    }
}

/// What `factdesk.lock` holds.
#[derive(Debug, PartialEq)]
enum LockFile {
    Absent,
    Held(LockInfo),
    /// Empty, garbage, or cut off before its pid (a power cut, a hand edit): no process can
    /// be named, so none of a running factdesk (which links a lock into place whole).
    Orphan,
}

fn read_lock_file(path: &Path) -> Result<LockFile, String> {
    let root = path.parent().unwrap_or(Path::new("."));
    let bytes = match crate::fsx::read_in_project(path, root, crate::fsx::MAX_META_FILE) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok(LockFile::Absent),
        Err(e) => return Err(format!("cannot read lock file ({})", e.reason())),
    };
    let text = String::from_utf8_lossy(&bytes);
    if let Ok(info) = toml::from_str::<LockInfo>(&text) {
        return Ok(LockFile::Held(info));
    }
    if text.trim().is_empty() {
        return Ok(LockFile::Orphan);
    }
    partial_lock(&text)
}

/// A lock that is not whole: the fields that can still be read, line by line. With a pid and
/// a host it names a process, which is asked as for any lock; without a pid it names none.
/// A pid without a host could be a process anywhere: refused as before.
fn partial_lock(text: &str) -> Result<LockFile, String> {
    let mut fields = toml::Table::new();
    for line in text.lines() {
        if let Ok(table) = toml::from_str::<toml::Table>(line) {
            fields.extend(table);
        }
    }
    let string = |k: &str| fields.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let number = |k: &str| fields.get(k).and_then(|v| v.as_integer());
    let Some(pid) = number("pid") else {
        return Ok(LockFile::Orphan);
    };
    let (Ok(pid), Some(host)) = (u32::try_from(pid), string("host")) else {
        return Err("unreadable lock file (no host, or a process id out of range)".to_owned());
    };
    Ok(LockFile::Held(LockInfo {
        user: string("user").unwrap_or_else(|| "?".to_owned()),
        host,
        pid,
        pid_start: number("pid_start")
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0),
        started: string("started").unwrap_or_else(|| "?".to_owned()),
        program: string("program").unwrap_or_default(),
    }))
}

pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates on success.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc == 0 {
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        "unknown-host".to_string()
    }
}

/// Who is editing, for the change log and the lock: `FACTDESK_USER`, else the login name
/// from the environment, else the account name of the process's user (containers and cron
/// jobs often have no `$USER`), else the numeric uid.
pub fn current_user() -> String {
    for var in ["FACTDESK_USER", "USER", "LOGNAME"] {
        if let Ok(v) = std::env::var(var) {
            if !v.trim().is_empty() {
                return v.trim().to_string();
            }
        }
    }
    // SAFETY: geteuid has no preconditions.
    let uid = unsafe { libc::geteuid() };
    account_name(uid).unwrap_or_else(|| format!("uid {uid}"))
}

fn account_name(uid: libc::uid_t) -> Option<String> {
    let mut buf = vec![0u8; 4096];
    // SAFETY: an all-zero passwd is a valid value to be overwritten by getpwuid_r.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the strings getpwuid_r writes point into
    // `buf`, which outlives their use below.
    let rc = unsafe {
        libc::getpwuid_r(
            uid,
            &mut pwd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut found,
        )
    };
    if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name is a NUL-terminated string inside `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    let name = name.to_string_lossy().trim().to_string();
    (!name.is_empty()).then_some(name)
}

fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks for existence and permission.
    let rc = unsafe { libc::kill(pid, 0) };
    let exists = rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    // A killed process whose parent has not reaped it yet (a zombie; in containers whose init
    // does not reap, for good) still answers signal 0, but holds nothing any more.
    exists && !is_zombie(pid)
}

fn is_zombie(pid: libc::pid_t) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // Field 3, after the parenthesised command name.
    stat.rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next())
        .is_some_and(|state| state == "Z")
}

fn process_start_ticks(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_name_is_the_login_name_of_the_process_user() {
        let expected = std::process::Command::new("id")
            .arg("-un")
            .output()
            .expect("id runs");
        let expected = String::from_utf8_lossy(&expected.stdout).trim().to_string();
        // SAFETY: geteuid has no preconditions.
        let uid = unsafe { libc::geteuid() };
        assert_eq!(account_name(uid).as_deref(), Some(expected.as_str()));
        // A uid no account has gives no name, so the caller falls back to the number.
        assert_eq!(account_name(4_000_000_000), None);
    }

    #[test]
    fn the_next_writer_removes_temporary_lock_files_of_dead_takers_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut done = std::process::Command::new("true").spawn().unwrap();
        let dead = done.id();
        done.wait().unwrap();
        let tmp = |pid: u32| dir.path().join(format!(".{LOCK_FILE}.{pid}.tmp"));
        fs::write(tmp(dead), "user = \"x\"\n").unwrap();
        // pid 1 runs: a taker that may still link its file keeps it.
        fs::write(tmp(1), "user = \"y\"\n").unwrap();
        let lock = ProjectLock::acquire(dir.path()).unwrap();
        assert!(!tmp(dead).exists(), "a dead taker's file stays");
        assert!(tmp(1).exists(), "a running taker's file was removed");
        drop(lock);
    }

    #[test]
    fn second_lock_is_refused_and_names_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = ProjectLock::acquire(dir.path()).unwrap();
        let mut fake = first.info().clone();
        // Same process would be "alive", so a second acquire must be refused.
        fake.user = "someone".into();
        let err = ProjectLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(err.contains(&first.info().host), "{err}");
        assert!(err.contains(&format!("pid {}", first.info().pid)), "{err}");
        drop(first);
        assert!(holder(dir.path()).is_none());
    }

    /// A lock of this host whose process has exited.
    fn lock_of_a_dead_process() -> LockInfo {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = child.id();
        child.wait().unwrap();
        LockInfo {
            pid: dead_pid,
            ..LockInfo::current()
        }
    }

    #[test]
    fn stale_lock_of_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let stale = lock_of_a_dead_process();
        fs::write(dir.path().join(LOCK_FILE), toml::to_string(&stale).unwrap()).unwrap();
        let lock = ProjectLock::acquire(dir.path()).unwrap();
        assert_eq!(holder(dir.path()).unwrap().pid, std::process::id());
        drop(lock);
    }

    #[test]
    fn a_temporary_file_left_as_a_second_name_of_a_stale_lock_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let stale = lock_of_a_dead_process();
        let path = dir.path().join(LOCK_FILE);
        fs::write(&path, toml::to_string(&stale).unwrap()).unwrap();
        // What a process with our pid, killed between linking and cleaning up, leaves.
        let tmp = dir
            .path()
            .join(format!(".{LOCK_FILE}.{}.tmp", std::process::id()));
        fs::hard_link(&path, &tmp).unwrap();
        let lock = ProjectLock::acquire(dir.path()).unwrap();
        assert_eq!(holder(dir.path()).as_ref(), Some(lock.info()));
        assert!(!tmp.exists());
        drop(lock);
        assert!(holder(dir.path()).is_none());
    }

    #[test]
    fn drop_leaves_a_lock_that_is_no_longer_this_one() {
        let dir = tempfile::tempdir().unwrap();
        let lock = ProjectLock::acquire(dir.path()).unwrap();
        // The same pid and host, but another lock (another process given this pid since).
        let other = LockInfo {
            pid_start: lock.info().pid_start + 1,
            started: "2026-12-01T00:00:00Z".into(),
            ..lock.info().clone()
        };
        fs::write(dir.path().join(LOCK_FILE), toml::to_string(&other).unwrap()).unwrap();
        drop(lock);
        assert_eq!(holder(dir.path()), Some(other));
    }

    #[test]
    fn a_lock_that_names_no_process_is_taken_over() {
        let dead = lock_of_a_dead_process();
        let whole = toml::to_string(&dead).unwrap();
        let cut_before_pid = &whole[..whole.find("pid").unwrap()];
        let cut_after_pid = &whole[..whole.find("pid_start").unwrap()];
        for left in [
            "",
            "\n  \n",
            "\0\0\0\0",
            "garbage ]]] {",
            cut_before_pid,
            cut_after_pid,
        ] {
            let dir = tempfile::tempdir().unwrap();
            fs::write(dir.path().join(LOCK_FILE), left).unwrap();
            let lock = ProjectLock::acquire(dir.path())
                .unwrap_or_else(|e| panic!("{left:?} was not taken over: {e:#}"));
            assert_eq!(holder(dir.path()).as_ref(), Some(lock.info()), "{left:?}");
            drop(lock);
            assert!(holder(dir.path()).is_none());
        }
    }

    #[test]
    fn a_cut_off_lock_of_a_running_process_is_still_refused() {
        let dir = tempfile::tempdir().unwrap();
        let me = LockInfo {
            user: "anna".into(),
            ..LockInfo::current()
        };
        let whole = toml::to_string(&me).unwrap();
        fs::write(
            dir.path().join(LOCK_FILE),
            &whole[..whole.find("started").unwrap()],
        )
        .unwrap();
        let err = ProjectLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(&format!("anna on {} (pid {}", me.host, me.pid)),
            "{err}"
        );
        // A pid without a host could be a process anywhere: not taken.
        fs::write(dir.path().join(LOCK_FILE), "pid = 1\n").unwrap();
        let err = ProjectLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(err.contains("delete this file"), "{err}");
    }

    #[test]
    fn each_field_of_a_hostile_lock_is_made_safe_before_the_sentence_is_built() {
        let hostile = LockInfo {
            user: "u\u{1b}]0;title".into(),
            host: "h\u{1b}[31mred\u{9b}".into(),
            pid: 1,
            pid_start: 0,
            started: "2026\u{202e}".into(),
            program: String::new(),
        };
        let said = hostile.describe();
        assert!(said.contains("on hred (pid 1, since 2026"), "{said:?}");
        assert!(
            factdesk_index::sanitize::is_terminal_safe(&said),
            "{said:?}"
        );
    }

    #[test]
    fn lock_from_other_host_is_never_taken() {
        let dir = tempfile::tempdir().unwrap();
        let other = LockInfo {
            host: "elsewhere.example".into(),
            pid: 1,
            ..LockInfo::current()
        };
        fs::write(dir.path().join(LOCK_FILE), toml::to_string(&other).unwrap()).unwrap();
        let err = ProjectLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(err.contains("elsewhere.example"), "{err}");
    }
}

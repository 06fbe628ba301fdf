//! Ctrl-C (and SIGTERM, SIGHUP, SIGQUIT) of a CLI command: the write in progress is finished
//! or taken back, the project lock is released, and the process ends with exit code 130.
//!
//! Writes that must not be cut in the middle run as a [`unit`]. A signal waits for the unit
//! that is running (a long one, an article import, sees [`interrupted`] and takes itself
//! back), then releases every lock this process holds and exits. Outside a unit there is
//! nothing half-done that a `kill -9` would not also leave, and those states are repaired
//! on the next start (promise 1); what Ctrl-C adds is that the lock does not stay.
//!
//! The workstation has its own handling (it saves the editors first) and does not install
//! this one.

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::project::lock::LockInfo;

/// The exit code of a process ended by an interrupt (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static UNIT: Mutex<()> = Mutex::new(());
/// The project locks this process holds: released by the signal thread before it exits.
static HELD: Mutex<Vec<(PathBuf, LockInfo)>> = Mutex::new(Vec::new());

thread_local! {
    /// How deep this thread is in nested units (only the outermost takes [`UNIT`]).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Handle the terminating signals a user sends a CLI command. Call once, before any work.
pub fn install() -> std::io::Result<()> {
    use libc::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            INTERRUPTED.store(true, Ordering::SeqCst);
            // Wait for the write in progress; no new one starts while we hold the guard.
            let _unit = UNIT.lock().unwrap_or_else(|p| p.into_inner());
            release_locks();
            eprintln!("factdesk: interrupted; the project was left whole");
            std::process::exit(EXIT_INTERRUPTED);
        }
    });
    Ok(())
}

/// Whether a terminating signal has arrived: a long unit takes itself back when it has.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// An error to return from a unit that stops because of a signal.
pub fn check() -> anyhow::Result<()> {
    if interrupted() {
        Err(crate::error::user_error("interrupted"))
    } else {
        Ok(())
    }
}

/// Runs `f` so that a signal arriving meanwhile ends the process only after it returned.
/// Units nest.
pub fn unit<T>(f: impl FnOnce() -> T) -> T {
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            DEPTH.with(|d| d.set(d.get() - 1));
        }
    }
    let outer = DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get() == 1
    });
    let _leave = Leave;
    let _guard = outer.then(|| UNIT.lock().unwrap_or_else(|p| p.into_inner()));
    f()
}

/// A lock this process now holds (see [`crate::project::lock::ProjectLock`]).
pub fn hold(path: PathBuf, info: LockInfo) {
    HELD.lock()
        .unwrap_or_else(|p| p.into_inner())
        .push((path, info));
}

/// A lock this process no longer holds.
pub fn let_go(path: &std::path::Path) {
    HELD.lock()
        .unwrap_or_else(|p| p.into_inner())
        .retain(|(p, _)| p != path);
}

fn release_locks() {
    let held = std::mem::take(&mut *HELD.lock().unwrap_or_else(|p| p.into_inner()));
    for (path, info) in held {
        crate::project::lock::release(&path, &info);
    }
}

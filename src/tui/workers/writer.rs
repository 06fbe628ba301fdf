//! A workstation opened read-only (another factdesk held the lock) becomes the writer as soon
//! as the lock is free: the saver tries again now and then, and at once when a user tries to
//! edit, and says who still holds it.

use std::time::{Duration, Instant};

use factdesk_index::sanitize::sanitize_text;

use crate::project::lock::{self, LockInfo};
use crate::project::{Access, Project};
use crate::tui::msg::Msg;

/// How often a read-only saver looks whether the lock is free.
pub const RETRY_EVERY: Duration = Duration::from_secs(2);

/// The banner of a workstation that could not take the lock: who holds it (each field made
/// terminal-safe on its own, so an escape in one cannot swallow the text around it) and
/// that it will edit by itself once they are done; `err` when the holder cannot be read.
pub fn banner(root: &std::path::Path, err: &str) -> String {
    match lock::holder(root) {
        Some(h) => {
            let clean = |s: &str| sanitize_text(s).replace(['\n', '\t'], " ");
            let h = LockInfo {
                user: clean(&h.user),
                host: clean(&h.host),
                started: clean(&h.started),
                ..h
            };
            format!(
                "READ-ONLY: {} is editing this project; you can read, and editing starts \
                 here by itself once they are done",
                h.describe()
            )
        }
        None => format!("READ-ONLY: {}", sanitize_text(err)),
    }
}

/// Tries to take the lock for a read-only saver, at most every `RETRY_EVERY` unless `now`
/// is asked for.
pub struct Retaker {
    last: Option<Instant>,
}

impl Retaker {
    pub fn new() -> Retaker {
        Retaker {
            last: Some(Instant::now()),
        }
    }

    /// When `project` is read-only and it is time (or `asked`): open it for writing. The
    /// message for the workstation: `LockTaken` with the claims as on disk, or `LockHeld`
    /// when asked and still held.
    pub fn try_take(&mut self, project: &mut Project, asked: bool) -> Option<Msg> {
        if !project.is_read_only() {
            return None;
        }
        let due = self.last.is_none_or(|t| t.elapsed() >= RETRY_EVERY);
        if !asked && !due {
            return None;
        }
        self.last = Some(Instant::now());
        match Project::open(project.root(), Access::Write) {
            Ok(p) => {
                *project = p;
                let claims = project.load_claims().map(|s| s.claims).unwrap_or_default();
                Some(Msg::LockTaken(claims))
            }
            Err(e) if asked => Some(Msg::LockHeld(banner(
                project.root(),
                &crate::error::one_line(&e),
            ))),
            Err(_) => None,
        }
    }
}

impl Default for Retaker {
    fn default() -> Self {
        Retaker::new()
    }
}

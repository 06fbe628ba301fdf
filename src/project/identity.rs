//! Who is working on a project: the name every change-log entry, verdict author and approval
//! carries. A desk that syncs over git already told git who each member is, so that name is
//! used unless `FACTDESK_USER` says otherwise (a shared account on a server: set it per person).

use std::path::Path;
use std::process::{Command, Stdio};

/// `FACTDESK_USER` if set, else `git config user.name` (or `user.email`) as the project's git
/// repository sees it, else the account name ([`super::lock::current_user`]).
pub fn user_for(root: &Path) -> String {
    if let Some(v) = env_user() {
        return v;
    }
    if in_git_repository(root) {
        for key in ["user.name", "user.email"] {
            if let Some(v) = git_config(root, key) {
                return v;
            }
        }
    }
    super::lock::current_user()
}

fn env_user() -> Option<String> {
    std::env::var("FACTDESK_USER")
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Only a project kept in git asks git: elsewhere a developer's global git name would
/// replace the account name the desk knows them by.
fn in_git_repository(root: &Path) -> bool {
    root.ancestors().any(|d| d.join(".git").exists())
}

/// One value of the repository's git configuration; `None` when unset or when git is missing.
pub fn git_config(root: &Path, key: &str) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["config", "--get", key])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    // A name is shown in lists and the log: keep it one clean line.
    let v = crate::text::one_line(&String::from_utf8_lossy(&out.stdout));
    (!v.is_empty()).then_some(v)
}

//! `factdesk __merge-driver KIND BASE OURS THEIRS PATH`: what git runs (through the config
//! [`super::attributes::install`] writes) to merge one file. It writes the result over OURS
//! and exits 0; 1 tells git the file could not be merged (and `factdesk sync` says why).

use std::path::{Path, PathBuf};

use super::merge_claim::{merge_claim, ClaimMerge};
use super::{merge_log, merge_meta};

/// Where this machine's claim waits for a new number when the desk created another claim
/// under the same one, inside the repository's git directory (never committed).
pub const INCOMING_DIR: &str = "factdesk-incoming";
/// First line of a waiting claim: the path it had.
pub const PATH_HEADER: &str = "# factdesk claim waiting for a new number, was ";

fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// The driver's work; the exit code git gets.
pub fn run(kind: &str, base: &Path, ours: &Path, theirs: &Path, path: &str) -> i32 {
    let shown = crate::text::one_line(path);
    match merge(kind, base, ours, theirs, path) {
        Ok(notes) => {
            for n in notes {
                eprintln!("factdesk: {shown}: {n}");
            }
            0
        }
        Err(e) => {
            eprintln!(
                "factdesk: {shown}: cannot merge: {}",
                crate::text::one_line(&e)
            );
            1
        }
    }
}

fn merge(
    kind: &str,
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: &str,
) -> Result<Vec<String>, String> {
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let write = |text: &str| {
        std::fs::write(ours, text).map_err(|e| format!("cannot write {}: {e}", ours.display()))
    };
    match kind {
        "claim" => match merge_claim(&b, &o, &t)? {
            ClaimMerge::Merged(text) => write(&text).map(|_| Vec::new()),
            ClaimMerge::Separate => {
                // Numbers on the hub are stable: the desk's claim takes the file, this
                // machine's (shared with nobody yet) waits for a new number.
                let kept = stash_waiting(path, &o)?;
                write(&t)?;
                Ok(vec![format!(
                    "added on both sides as different claims: the desk's keeps the number, this machine's ({}) gets the next free number when `factdesk sync` finishes",
                    kept.display()
                )])
            }
        },
        "log" => write(&merge_log::merge_log(&b, &o, &t)).map(|_| Vec::new()),
        "meta" => {
            let (text, kept) = merge_meta::merge_meta(&b, &o, &t)?;
            write(&text)?;
            Ok(kept
                .into_iter()
                .map(|k| format!("{k} was changed on both sides: this machine's value is kept"))
                .collect())
        }
        other => Err(format!("unknown merge driver kind {other:?}")),
    }
}

fn git_dir() -> Result<PathBuf, String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--absolute-git-dir"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err("not inside a git repository".into());
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn stash_waiting(path: &str, claim: &str) -> Result<PathBuf, String> {
    let dir = git_dir()?.join(INCOMING_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let stem: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut n = 0;
    let file = loop {
        let f = dir.join(format!("{stem}.{n}.toml"));
        if !f.exists() {
            break f;
        }
        n += 1;
    };
    let text = format!("{PATH_HEADER}{path}\n{claim}");
    crate::fsx::write_atomic(&file, text.as_bytes()).map_err(|e| crate::error::one_line(&e))?;
    Ok(file)
}

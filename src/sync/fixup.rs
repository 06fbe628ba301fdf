//! What a merge leaves for factdesk to finish, with the whole merged project in view: claims
//! of this machine whose number the desk gave another claim meanwhile get the next free one,
//! and approvals that no longer match their verdict are voided.

use std::collections::HashSet;
use std::path::Path;

use anyhow::Result;

use super::driver::{INCOMING_DIR, PATH_HEADER};
use super::git::Git;
use crate::project::changelog::{Change, CHANGES_FILE};
use crate::project::claim::Claim;
use crate::project::Project;
use crate::review;

/// Give every claim the merge driver set aside (see [`super::driver`]) the next free number.
/// `desk_rev` is the commit merged in: the log entries it did not have about the old number
/// were this machine's about its claim, and move to the new number. Returns (old, new).
pub fn adopt_waiting(
    project: &mut Project,
    git: &Git,
    prefix: &str,
    desk_rev: Option<&str>,
) -> Result<Vec<(u32, u32)>> {
    let dir = Path::new(&git.run(&["rev-parse", "--absolute-git-dir"])?).join(INCOMING_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Some(path) = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix(PATH_HEADER))
        else {
            continue;
        };
        // Another project in the same repository waits for its own sync.
        let Some(name) = path
            .strip_prefix(prefix)
            .and_then(|p| p.strip_prefix("claims/"))
        else {
            continue;
        };
        let Some(old) = Claim::id_from_file_name(name) else {
            continue;
        };
        let mut claim = match Claim::parse(&text) {
            Ok(c) => c,
            Err(m) => anyhow::bail!("{}: {m}", file.display()),
        };
        let new = project.next_claim_id()?;
        if let Some(rev) = desk_rev {
            move_own_entries(project, git, rev, old, new)?;
        }
        claim.id = new;
        let change = Change::new("claim.renumber")
            .claim(new)
            .from_to(old.to_string(), new.to_string());
        project.create_claim_logged(&claim, change)?;
        std::fs::remove_file(&file)?;
        out.push((old, new));
    }
    Ok(out)
}

/// Entries of the merged log that the desk's side did not have and that name claim `old`
/// were written here about this machine's claim: they now name `new`.
fn move_own_entries(
    project: &Project,
    git: &Git,
    desk_rev: &str,
    old: u32,
    new: u32,
) -> Result<()> {
    let before = git
        .output(&["show", &format!("{desk_rev}:./{CHANGES_FILE}")])?
        .stdout;
    let before = String::from_utf8_lossy(&before);
    let known: HashSet<&str> = before.lines().collect();
    let path = project.root().join(CHANGES_FILE);
    let merged = std::fs::read_to_string(&path)?;
    let mut text = String::with_capacity(merged.len());
    let mut moved = false;
    for line in merged.lines() {
        let renamed = if known.contains(line) {
            None
        } else {
            serde_json::from_str::<Change>(line)
                .ok()
                .filter(|c| c.claim == Some(old))
        };
        match renamed {
            Some(mut c) => {
                c.claim = Some(new);
                text.push_str(&serde_json::to_string(&c)?);
                moved = true;
            }
            None => text.push_str(line),
        }
        text.push('\n');
    }
    if moved {
        crate::fsx::write_atomic(&path, text.as_bytes())?;
    }
    Ok(())
}

/// Void the approvals of claims `ids` whose verdict changed since (one side approved, the
/// other edited). Returns the claims voided.
pub fn void_stale_approvals(project: &mut Project, ids: &[u32]) -> Result<Vec<u32>> {
    let mut voided = Vec::new();
    for &id in ids {
        let Ok(mut c) = project.claim(id) else {
            continue;
        };
        let changes = review::void_if_stale(project, &mut c);
        if !changes.is_empty() {
            project.save_claim(&mut c, changes)?;
            voided.push(id);
        }
    }
    Ok(voided)
}

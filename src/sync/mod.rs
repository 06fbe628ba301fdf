//! `factdesk sync`: a desk's projects move between machines through git. One sync commits
//! this machine's work, merges what the others pushed (claims field by field, the change log
//! as a union, see [`attributes`]), finishes what only factdesk can (new numbers, voided
//! approvals), and pushes. The workstation calls [`sync`] the same way as the CLI.

pub mod attributes;
mod commit;
pub mod driver;
mod fixup;
pub mod git;
pub mod merge_claim;
pub mod merge_log;
pub mod merge_meta;
pub mod table;

use anyhow::Result;

use crate::error::user_error;
use crate::project::Project;
use crate::user_bail;
use git::Git;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The git remote to sync with (default: `origin`, or the repository's only remote).
    pub remote: Option<String>,
}

/// What a sync did, for the CLI to print and the workstation to show.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub remote: String,
    pub branch: String,
    /// The subject of this machine's commit, when there was anything to commit.
    pub committed: Option<String>,
    /// The remote had no branch yet: this sync created it.
    pub first_push: bool,
    /// Claims the sync brought in or changed from the desk.
    pub incoming: Vec<u32>,
    /// Claims of this machine whose number the desk gave another claim: (old, new number).
    pub renumbered: Vec<(u32, u32)>,
    /// Claims whose approval a merged edit voided.
    pub voided: Vec<u32>,
    /// Claims removed here but edited elsewhere: kept, so no edit is lost.
    pub kept_edited: Vec<u32>,
    /// Claims that hold an unresolved conflict after the sync.
    pub conflicted: Vec<u32>,
    pub index_rebuilt: bool,
    /// What the merge drivers said, and warnings (the verdict library).
    pub notes: Vec<String>,
}

/// The repository around the project, its remote and branch.
struct Desk {
    git: Git,
    /// The project's folder inside the repository ("" at the top, else ending in '/').
    prefix: String,
    remote: String,
    branch: String,
}

fn open_desk(project: &Project, opts: &Options) -> Result<Desk> {
    let mut git = Git::new(project.root());
    if !git.ok(&["rev-parse", "--is-inside-work-tree"])? {
        user_bail!(
            "{}: not a git repository; to share the project with a desk: `git init`, `git remote add origin URL`, then `factdesk sync` (docs/workflows.md)",
            project.root().display()
        );
    }
    let prefix = git.run(&["rev-parse", "--show-prefix"])?;
    let remotes: Vec<String> = git.run(&["remote"])?.lines().map(str::to_string).collect();
    let remote = match &opts.remote {
        Some(r) if remotes.contains(r) => r.clone(),
        Some(r) => user_bail!("no git remote {r:?} (remotes: {})", remotes.join(", ")),
        None if remotes.iter().any(|r| r == "origin") => "origin".to_string(),
        None if remotes.len() == 1 => remotes[0].clone(),
        None if remotes.is_empty() => user_bail!(
            "the project's git repository has no remote to sync with: `git remote add origin URL` (a bare repository the desk shares)"
        ),
        None => user_bail!(
            "the repository has several remotes ({}): name one with --remote",
            remotes.join(", ")
        ),
    };
    let branch = git
        .run(&["symbolic-ref", "--quiet", "--short", "HEAD"])
        .map_err(|_| user_error("git HEAD is detached: check out the desk's branch first"))?;
    // Commits need an identity; a desk member who never told git gets their factdesk name.
    let user = project.user().to_string();
    let root = project.root();
    if crate::project::identity::git_config(root, "user.name").is_none() {
        git = git.with_setting("user.name", &user);
    }
    if crate::project::identity::git_config(root, "user.email").is_none() {
        let local: String = user
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
            .collect();
        git = git.with_setting("user.email", &format!("{local}@factdesk.invalid"));
    }
    Ok(Desk {
        git,
        prefix,
        remote,
        branch,
    })
}

fn head(git: &Git) -> Result<Option<String>> {
    let out = git.output(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
}

/// Sync `project` (opened for writing: the sync is its one writer) with its git remote.
pub fn sync(project: &mut Project, opts: &Options) -> Result<SyncReport> {
    if project.is_read_only() {
        user_bail!(
            "{}: opened read-only; sync needs to write",
            project.root().display()
        );
    }
    let desk = open_desk(project, opts)?;
    let git = &desk.git;
    let exe = std::env::current_exe()
        .map_err(|e| user_error(format!("cannot find the factdesk program for git: {e}")))?;
    attributes::install(git, project.root(), &exe)?;
    let mut report = SyncReport {
        remote: desk.remote.clone(),
        branch: desk.branch.clone(),
        ..SyncReport::default()
    };
    // Claims a plain `git pull` set aside since the last sync.
    report.renumbered = fixup::adopt_waiting(project, git, &desk.prefix, None)?;
    report.committed = commit::commit_all(git, project.user(), "changed", false)?;
    let start = head(git)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let fetched = git.output(&["fetch", "--quiet", &desk.remote])?;
        if !fetched.status.success() {
            user_bail!(
                "cannot fetch from {:?}: {}; your work is committed here and goes out with the next sync",
                desk.remote,
                git::said(&fetched)
            );
        }
        let remote_ref = format!("refs/remotes/{}/{}", desk.remote, desk.branch);
        let remote_has_branch = git.ok(&["rev-parse", "--verify", "--quiet", &remote_ref])?;
        if remote_has_branch && !git.ok(&["merge-base", "--is-ancestor", &remote_ref, "HEAD"])? {
            merge_incoming(project, &desk, &remote_ref, &mut report)?;
        }
        match push(&desk, !remote_has_branch)? {
            Pushed::Done => {
                report.first_push = !remote_has_branch;
                break;
            }
            Pushed::Behind if attempt < 3 => continue,
            Pushed::Behind => user_bail!(
                "{} kept changing while syncing (three tries): run `factdesk sync` again",
                desk.remote
            ),
        }
    }
    finish(project, git, start.as_deref(), &mut report);
    Ok(report)
}

enum Pushed {
    Done,
    /// Someone pushed meanwhile: fetch and merge again.
    Behind,
}

fn push(desk: &Desk, first: bool) -> Result<Pushed> {
    let target = format!("HEAD:refs/heads/{}", desk.branch);
    let mut args = vec!["push", "--quiet"];
    if first {
        args.push("--set-upstream");
    }
    args.extend([desk.remote.as_str(), target.as_str()]);
    let out = desk.git.output(&args)?;
    if out.status.success() {
        return Ok(Pushed::Done);
    }
    let said = git::said(&out);
    if ["rejected", "fetch first", "non-fast-forward"]
        .iter()
        .any(|w| said.contains(w))
    {
        return Ok(Pushed::Behind);
    }
    user_bail!(
        "cannot push to {:?}: {said}; your work is committed here and goes out with the next sync",
        desk.remote
    )
}

/// Merge the remote branch into this machine's, finish what the drivers left, commit.
fn merge_incoming(
    project: &mut Project,
    desk: &Desk,
    remote_ref: &str,
    report: &mut SyncReport,
) -> Result<()> {
    let git = &desk.git;
    let pre = head(git)?.unwrap_or_default();
    let out = git.output(&["merge", "--no-commit", "--no-edit", remote_ref])?;
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        report.notes.extend(
            text.lines()
                .filter_map(|l| l.strip_prefix("factdesk: "))
                .map(crate::text::one_line),
        );
    }
    if !out.status.success() {
        settle_unmerged(desk, report, &git::said(&out))?;
    }
    let waiting = fixup::adopt_waiting(project, git, &desk.prefix, Some(remote_ref))?;
    report.renumbered.extend(waiting);
    let merged_claims = commit::claim_ids(&commit::changed_paths(git, &pre, None, "claims")?);
    report
        .voided
        .extend(fixup::void_stale_approvals(project, &merged_claims)?);
    let merging = git.ok(&["rev-parse", "--verify", "--quiet", "MERGE_HEAD"])?;
    commit::commit_all(
        git,
        project.user(),
        &format!("merged {}/{}:", desk.remote, desk.branch),
        merging,
    )?;
    Ok(())
}

/// Files git left unmerged. A claim removed on one side and edited on the other is kept (the
/// edit is not lost; remove it again if it should go); anything else stops the sync, with the
/// merge undone.
fn settle_unmerged(desk: &Desk, report: &mut SyncReport, said: &str) -> Result<()> {
    let git = &desk.git;
    let unmerged: Vec<String> = git
        .run(&["diff", "--name-only", "--relative", "--diff-filter=U"])?
        .lines()
        .map(str::to_string)
        .collect();
    let mut stuck = Vec::new();
    for path in &unmerged {
        let stages = git.run(&["ls-files", "--unmerged", "--", path])?;
        let has = |n: &str| {
            stages
                .lines()
                .any(|l| l.split_whitespace().nth(2) == Some(n))
        };
        let one_sided = !(has("2") && has("3"));
        let id = commit::claim_ids(std::slice::from_ref(path));
        if one_sided && !id.is_empty() && desk.git.dir().join(path).exists() {
            git.run(&["add", "--", path])?;
            report.kept_edited.extend(id);
        } else {
            stuck.push(crate::text::one_line(path));
        }
    }
    if unmerged.is_empty() || !stuck.is_empty() {
        let _ = git.output(&["merge", "--abort"]);
        let what = if stuck.is_empty() {
            said.to_string()
        } else {
            format!("{} changed on both sides", stuck.join(", "))
        };
        user_bail!(
            "sync stopped, nothing merged: git could not merge {}/{} ({what}); your work is committed here; merge by hand (`git merge {}/{}`) and run `factdesk sync` again",
            desk.remote,
            desk.branch,
            desk.remote,
            desk.branch
        );
    }
    Ok(())
}

/// After the push: what the desk changed is filed in this member's verdict library, the
/// search index follows new sources, and conflicts are listed. Failures here are notes: the
/// projects are in step already.
fn finish(project: &Project, git: &Git, start: Option<&str>, report: &mut SyncReport) {
    let end = head(git).ok().flatten();
    if let (Some(start), Some(end)) = (start, end.as_deref()) {
        if start != end {
            let claims = commit::changed_paths(git, start, Some(end), "claims").unwrap_or_default();
            report.incoming = commit::claim_ids(&claims);
            file_in_library(project, &report.incoming, &mut report.notes);
            let sources =
                commit::changed_paths(git, start, Some(end), "sources").unwrap_or_default();
            if !sources.is_empty() && project.index_dir().exists() {
                match crate::search::rebuild(project) {
                    Ok(_) => report.index_rebuilt = true,
                    Err(e) => report.notes.push(format!(
                        "search index not rebuilt: {}; `factdesk reindex` does it",
                        crate::error::one_line(&e)
                    )),
                }
            }
        }
    }
    if let Ok(set) = project.load_claims() {
        report.conflicted = set
            .claims
            .iter()
            .filter(|c| !c.conflicts.is_empty())
            .map(|c| c.id)
            .collect();
    }
}

/// Verdicts a colleague set are matched on this machine too: file the claims that changed.
fn file_in_library(project: &Project, ids: &[u32], notes: &mut Vec<String>) {
    let mut claims = Vec::new();
    let mut gone = Vec::new();
    for &id in ids {
        let file = project
            .root()
            .join(crate::project::CLAIMS_DIR)
            .join(crate::project::claim::Claim::file_name(id));
        if !file.exists() {
            gone.push(id);
        } else if let Ok(c) = project.claim(id) {
            claims.push(c);
        }
    }
    if let Err(e) = crate::library::file_claims(project, &claims, &gone) {
        notes.push(format!(
            "verdict library not updated: {}; `factdesk library add-project` does it",
            crate::error::one_line(&e)
        ));
    }
}

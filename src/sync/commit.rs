//! Committing the project: everything git does not ignore, with a message that says which
//! claims changed, so `git log` reads as the desk's diary.

use anyhow::Result;

use super::git::Git;

/// Claim ids of `claims/NNNN.toml` paths among `paths` (relative to the project).
pub fn claim_ids(paths: &[String]) -> Vec<u32> {
    let mut ids: Vec<u32> = paths
        .iter()
        .filter_map(|p| p.strip_prefix("claims/"))
        .filter_map(crate::project::claim::Claim::id_from_file_name)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Paths (relative to the project) that differ between `from` and `to` (a commit, or `None`
/// for the working tree), under `under`.
pub fn changed_paths(git: &Git, from: &str, to: Option<&str>, under: &str) -> Result<Vec<String>> {
    let mut args = vec!["diff", "--name-only", "--relative", "--no-renames", from];
    if let Some(to) = to {
        args.push(to);
    }
    args.extend(["--", under]);
    Ok(git.run(&args)?.lines().map(str::to_string).collect())
}

fn list(ids: &[u32]) -> String {
    const SHOWN: usize = 12;
    let mut s: Vec<String> = ids.iter().take(SHOWN).map(u32::to_string).collect();
    if ids.len() > SHOWN {
        s.push(format!("and {} more", ids.len() - SHOWN));
    }
    s.join(", ")
}

/// The commit message for the staged `paths`.
pub fn message(user: &str, headline: &str, paths: &[String]) -> String {
    let claims = claim_ids(paths);
    let count = |prefix: &str| paths.iter().filter(|p| p.starts_with(prefix)).count();
    let sources = paths
        .iter()
        .filter(|p| p.starts_with("sources/") && p.ends_with(".toml"))
        .count();
    let mut parts = Vec::new();
    if !claims.is_empty() {
        parts.push(format!(
            "claim{} {}",
            if claims.len() == 1 { "" } else { "s" },
            list(&claims)
        ));
    }
    if sources > 0 {
        parts.push(format!(
            "{sources} source{}",
            if sources == 1 { "" } else { "s" }
        ));
    }
    if count("articles/") > 0 {
        parts.push("articles".into());
    }
    if parts.is_empty() {
        parts.push(if count("changes.jsonl") > 0 {
            "change log".into()
        } else {
            "project files".into()
        });
    }
    let user = crate::text::one_line(user);
    let mut msg = format!("factdesk sync by {user}: {headline} {}", parts.join("; "));
    msg.push_str("\n\n");
    if !claims.is_empty() {
        let all: Vec<String> = claims.iter().map(u32::to_string).collect();
        msg.push_str(&format!("Claims changed: {}\n", all.join(", ")));
    }
    for p in paths.iter().filter(|p| !p.starts_with("claims/")) {
        msg.push_str(&format!("{p}\n"));
    }
    msg
}

/// Stage everything in the project and commit it; the commit's subject, or `None` when
/// there was nothing to commit and no merge to conclude.
pub fn commit_all(git: &Git, user: &str, headline: &str, merging: bool) -> Result<Option<String>> {
    git.run(&["add", "--all", "--", "."])?;
    let staged: Vec<String> = git
        .run(&[
            "diff",
            "--cached",
            "--name-only",
            "--relative",
            "--no-renames",
        ])?
        .lines()
        .map(str::to_string)
        .collect();
    if staged.is_empty() && !merging {
        return Ok(None);
    }
    let msg = message(user, headline, &staged);
    git.run(&["commit", "--quiet", "--no-verify", "-m", &msg])?;
    Ok(msg.lines().next().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_lists_claims_and_other_files() {
        let paths: Vec<String> = [
            "claims/0003.toml",
            "claims/0012.toml",
            "changes.jsonl",
            "sources/ab.toml",
            "sources/ab.md",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = message("anna", "changed", &paths);
        assert!(
            m.starts_with("factdesk sync by anna: changed claims 3, 12; 1 source\n"),
            "{m}"
        );
        assert!(m.contains("Claims changed: 3, 12"));
        assert!(m.contains("changes.jsonl"));
    }
}

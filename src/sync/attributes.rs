//! Telling git how to merge the project format: `.gitattributes` (committed, so every clone
//! names the drivers) and the drivers' commands in the repository's own config (per machine:
//! the path of this machine's factdesk). A clone that has not run `factdesk sync` yet has the
//! attributes but no drivers, and git falls back to its line merge.

use std::path::Path;

use anyhow::Result;

use super::git::Git;
use crate::fsx;

pub const ATTRIBUTES_FILE: &str = ".gitattributes";

/// (pattern, driver, driver kind argument, description)
const DRIVERS: &[(&str, &str, &str, &str)] = &[
    (
        "claims/*.toml",
        "factdesk-claim",
        "claim",
        "factdesk: three-way merge per field of a claim",
    ),
    (
        "changes.jsonl",
        "factdesk-log",
        "log",
        "factdesk: union of change logs, ordered by time",
    ),
    (
        "sources/*.toml",
        "factdesk-meta",
        "meta",
        "factdesk: merge of metadata files",
    ),
    (
        "articles/*/article.toml",
        "factdesk-meta",
        "meta",
        "factdesk: merge of metadata files",
    ),
];

/// Per machine, or rebuilt from what git carries: the lock, the index, and exports (each
/// member's files; what was published is on record in the claims). Two members' reports
/// would otherwise clash line by line at every sync.
const IGNORED: &[&str] = &["/factdesk.lock", "/index/", "/exports/"];

/// Write the attribute lines and ignore rules the project lacks, and point the drivers at
/// `exe` in the repository's config. Returns whether a project file changed.
pub fn install(git: &Git, root: &Path, exe: &Path) -> Result<bool> {
    let mut changed = ensure_lines(
        &root.join(ATTRIBUTES_FILE),
        "# written by factdesk sync: how git merges the project's files (docs/workflows.md)",
        &DRIVERS
            .iter()
            .map(|(pattern, driver, ..)| format!("{pattern} merge={driver}"))
            .collect::<Vec<_>>(),
    )?;
    changed |= ensure_lines(
        &root.join(".gitignore"),
        "# written by factdesk: the lock is per session, the index is rebuilt from sources/",
        &IGNORED.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    )?;
    let exe = shell_quote(&exe.to_string_lossy());
    for (_, driver, kind, name) in DRIVERS {
        git.run(&["config", &format!("merge.{driver}.name"), name])?;
        git.run(&[
            "config",
            &format!("merge.{driver}.driver"),
            &format!("{exe} __merge-driver {kind} %O %A %B %P"),
        ])?;
    }
    Ok(changed)
}

/// Append the `lines` a file lacks (under `header` when it is new).
fn ensure_lines(path: &Path, header: &str, lines: &[String]) -> Result<bool> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let have: Vec<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&String> = lines
        .iter()
        .filter(|l| !have.contains(&l.as_str()))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut text = old.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if old.trim().is_empty() {
        text.push_str(header);
        text.push('\n');
    }
    for l in missing {
        text.push_str(l);
        text.push('\n');
    }
    fsx::write_atomic(path, text.as_bytes())?;
    Ok(true)
}

/// `s` as one word for the shell git runs merge drivers with.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_added_once_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitattributes");
        std::fs::write(&path, "*.pdf binary").unwrap();
        let lines = vec!["a merge=x".to_string()];
        assert!(ensure_lines(&path, "# h", &lines).unwrap());
        assert!(!ensure_lines(&path, "# h", &lines).unwrap());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "*.pdf binary\na merge=x\n"
        );
    }

    #[test]
    fn quoting_survives_spaces_and_quotes() {
        assert_eq!(shell_quote("/opt/my apps/fd"), "'/opt/my apps/fd'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}

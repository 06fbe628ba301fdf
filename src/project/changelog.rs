//! `changes.jsonl`: an append-only record of who changed what, one JSON object per line.
//!
//! Each line is written with a single `write` + fsync, so after a crash at most the last line
//! is torn; readers skip an unreadable last line and report any other.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

pub const CHANGES_FILE: &str = "changes.jsonl";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub at: String,
    pub user: String,
    /// What was done: `claim.create`, `claim.edit`, `claim.delete`, `verdict.rating`,
    /// `evidence.add`, `article.add`, ...
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A person's words on the change: a review comment, a correction's "what and why".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Change {
    pub fn new(action: &str) -> Change {
        Change {
            at: super::claim::format_time(&super::claim::now()),
            user: super::lock::current_user(),
            action: action.to_string(),
            claim: None,
            article: None,
            from: None,
            to: None,
            note: None,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Change {
        self.note = Some(note.into());
        self
    }

    pub fn claim(mut self, id: u32) -> Change {
        self.claim = Some(id);
        self
    }

    pub fn article(mut self, id: &str) -> Change {
        self.article = Some(id.to_string());
        self
    }

    pub fn from_to(mut self, from: impl Into<String>, to: impl Into<String>) -> Change {
        self.from = Some(from.into());
        self.to = Some(to.into());
        self
    }

    pub fn to_value(mut self, to: impl Into<String>) -> Change {
        self.to = Some(to.into());
        self
    }

    /// One line for `factdesk history`.
    pub fn describe(&self) -> String {
        format!("{}  {:<12} {}", self.at, self.user, self.what())
    }

    /// The action and what it changed, without time and user.
    pub fn what(&self) -> String {
        let mut s = self.action.clone();
        match (&self.from, &self.to) {
            (Some(f), Some(t)) => s.push_str(&format!(": {} -> {}", short(f), short(t))),
            (None, Some(t)) => s.push_str(&format!(": {}", short(t))),
            _ => {}
        }
        if let Some(n) = &self.note {
            s.push_str(&format!(" ({})", short(n)));
        }
        s
    }
}

fn short(s: &str) -> String {
    let one_line = s.replace('\n', " ⏎ ");
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(59).collect();
        format!("{cut:?}…")
    } else {
        format!("{one_line:?}")
    }
}

pub fn append(root: &Path, changes: &[Change]) -> Result<()> {
    let path = root.join(CHANGES_FILE);
    for c in changes {
        let line = serde_json::to_string(c).expect("change serialises");
        crate::fsx::append_line(&path, &line)?;
    }
    Ok(())
}

/// All changes, plus one message per unreadable line (naming file and line).
pub fn read(root: &Path) -> Result<(Vec<Change>, Vec<String>)> {
    let path = root.join(CHANGES_FILE);
    let text = match fs::read(&path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok((vec![], vec![])),
        Err(e) => return Err(e.into()),
    };
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Change>(line) {
            Ok(c) => changes.push(c),
            // A torn last line is what a crash mid-append leaves: expected, not worth a word.
            Err(_) if i + 1 == lines.len() => {}
            Err(e) => problems.push(format!("{}: line {}: {e}", path.display(), i + 1)),
        }
    }
    Ok((changes, problems))
}

pub fn history(root: &Path, claim: u32) -> Result<Vec<Change>> {
    Ok(read(root)?
        .0
        .into_iter()
        .filter(|c| c.claim == Some(claim))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn torn_last_line_costs_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        append(dir.path(), &[Change::new("a").claim(1)]).unwrap();
        // What a crash mid-write leaves behind.
        let path = dir.path().join(CHANGES_FILE);
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("{\"at\":\"2026-");
        fs::write(&path, text).unwrap();
        let (changes, problems) = read(dir.path()).unwrap();
        assert_eq!((changes.len(), problems.len()), (1, 0));
        append(dir.path(), &[Change::new("b").claim(2)]).unwrap();
        let (changes, problems) = read(dir.path()).unwrap();
        assert_eq!(
            changes
                .iter()
                .map(|c| c.action.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            problems.len(),
            1,
            "the torn line in the middle is reported: {problems:?}"
        );
        assert!(problems[0].contains("line 2"));
    }
}

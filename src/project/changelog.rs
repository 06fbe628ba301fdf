//! `changes.jsonl`: an append-only record of who changed what, one JSON object per line.
//!
//! Each line is written with a single `write` + fsync, so after a crash at most the last line
//! is torn; readers skip an unreadable last line and report any other.

use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::fsx;

pub const CHANGES_FILE: &str = "changes.jsonl";

/// Texts longer than this (in characters, either side of a change) are not logged whole: an
/// autosave of a long explanation would copy it into the log on every save.
pub const LONG_TEXT: usize = 2_000;
/// Characters of a long text kept in `from`/`to` as a preview.
const PREVIEW: usize = 120;

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
    /// The old value; for a long text (see `long`) only its beginning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The new value; for a long text (see `long`) only its beginning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A person's words on the change: a review comment, a correction's "what and why".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Set when a text was too long to log whole: its hashes, lengths and the edit itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long: Option<LongText>,
}

/// A change of a long text: enough to tell which version followed which (the hashes), to see
/// what changed (the edit), and to check a text against the log, without the text itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LongText {
    /// SHA-256 (hex) of the whole old and new text.
    pub from_sha256: String,
    pub to_sha256: String,
    /// Their lengths in characters.
    pub from_chars: usize,
    pub to_chars: usize,
    /// The edit: at character `at` of the old text, `removed` characters were replaced by
    /// `inserted` (itself cut to a preview when longer than [`LONG_TEXT`]; then
    /// `inserted_chars` says how long it was).
    pub edit_at: usize,
    pub removed: usize,
    pub inserted: String,
    pub inserted_chars: usize,
}

impl LongText {
    fn between(from: &str, to: &str) -> LongText {
        let a: Vec<char> = from.chars().collect();
        let b: Vec<char> = to.chars().collect();
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suffix = a[prefix..]
            .iter()
            .rev()
            .zip(b[prefix..].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let inserted = &b[prefix..b.len() - suffix];
        LongText {
            from_sha256: sha256(from),
            to_sha256: sha256(to),
            from_chars: a.len(),
            to_chars: b.len(),
            edit_at: prefix,
            removed: a.len() - suffix - prefix,
            inserted: inserted.iter().take(LONG_TEXT).collect(),
            inserted_chars: inserted.len(),
        }
    }
}

/// SHA-256 of a text, in hex: how a long text is named in the change log.
pub fn sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn preview(s: &str) -> String {
    let mut p: String = s.chars().take(PREVIEW).collect();
    p.push('…');
    p
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
            long: None,
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

    /// The old and new value; texts longer than [`LONG_TEXT`] are logged as an edit.
    pub fn from_to(mut self, from: impl Into<String>, to: impl Into<String>) -> Change {
        let (from, to) = (from.into(), to.into());
        if from.chars().count() > LONG_TEXT || to.chars().count() > LONG_TEXT {
            self.long = Some(LongText::between(&from, &to));
            self.from = Some(shortened(&from));
            self.to = Some(shortened(&to));
        } else {
            self.from = Some(from);
            self.to = Some(to);
        }
        self
    }

    /// A new value (creations); a text longer than [`LONG_TEXT`] is logged as an edit of "".
    pub fn to_value(self, to: impl Into<String>) -> Change {
        let to = to.into();
        if to.chars().count() > LONG_TEXT {
            let mut c = self.from_to("", to);
            c.from = None;
            c
        } else {
            Change {
                to: Some(to),
                ..self
            }
        }
    }

    /// Whether this change's old value is the value `previous` left: the change log of one
    /// field is a chain, unless two writers worked at once.
    pub fn follows(&self, previous: &Change) -> bool {
        let text_hash = |text: &Option<String>, long: Option<&String>| match long {
            Some(h) => Some(h.clone()),
            None => text.as_deref().map(sha256),
        };
        text_hash(&self.from, self.long.as_ref().map(|l| &l.from_sha256))
            == text_hash(&previous.to, previous.long.as_ref().map(|l| &l.to_sha256))
    }

    /// One line for `factdesk history`.
    pub fn describe(&self) -> String {
        format!("{}  {:<12} {}", self.at, self.user, self.what())
    }

    /// The action and what it changed, without time and user.
    pub fn what(&self) -> String {
        let mut s = self.action.clone();
        if let Some(l) = &self.long {
            s.push_str(&format!(
                ": at character {}, {} removed, {} inserted {} ({} -> {} characters)",
                l.edit_at,
                l.removed,
                l.inserted_chars,
                short(&l.inserted),
                l.from_chars,
                l.to_chars
            ));
            return s;
        }
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

fn shortened(s: &str) -> String {
    if s.chars().count() > PREVIEW {
        preview(s)
    } else {
        s.to_string()
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

/// Appends `changes` in one write; a failure leaves the log as it was. The mark lets a caller
/// whose own write then fails take the entries back, so the log never records a change that
/// did not happen.
impl Change {
    /// Every text of the entry made terminal-safe: `history` prints them, and a user name
    /// (FACTDESK_USER, git's user.name) or a hand-edited line may hold escape sequences.
    pub fn sanitize(&mut self) {
        use super::claim::clean;
        clean(&mut self.at);
        clean(&mut self.user);
        clean(&mut self.action);
        for s in [
            &mut self.article,
            &mut self.from,
            &mut self.to,
            &mut self.note,
        ]
        .into_iter()
        .flatten()
        {
            clean(s);
        }
    }
}

pub fn append(root: &Path, changes: &[Change]) -> Result<fsx::AppendMark> {
    append_lines(root, &lines(changes))
}

/// The log lines of `changes`, as [`append`] writes them (terminal-safe, one JSON object each,
/// without the line break).
pub fn lines(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.sanitize();
            serde_json::to_string(&c).expect("change serialises")
        })
        .collect()
}

/// Appends lines made by [`lines`] in one write (see [`append`]).
pub fn append_lines(root: &Path, lines: &[String]) -> Result<fsx::AppendMark> {
    fsx::append_lines(&root.join(CHANGES_FILE), lines, &|tail| {
        serde_json::from_slice::<Change>(tail).is_ok()
    })
}

/// All changes, plus one message per unreadable line (naming file and line).
pub fn read(root: &Path) -> Result<(Vec<Change>, Vec<String>)> {
    let path = root.join(CHANGES_FILE);
    let bytes = match fsx::read_in_project(&path, root, fsx::MAX_DATA_FILE) {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Ok((vec![], vec![])),
        Err(e) => return Err(crate::error::user_error(e.to_string())),
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    if let Some(conflict) = super::conflict::describe(root, &path, &text) {
        problems.push(conflict);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() || super::conflict::is_marker_line(line) {
            continue;
        }
        match serde_json::from_str::<Change>(line) {
            Ok(mut c) => {
                c.sanitize();
                changes.push(c)
            }
            // A torn last line is what a crash mid-append leaves: expected, not worth a word.
            Err(_) if i + 1 == lines.len() => {}
            Err(e) => problems.push(format!("{}: line {}: {e}", fsx::shown(&path), i + 1)),
        }
    }
    Ok((changes, problems))
}

/// The highest claim id the log names (only the `claim` field of each line is read).
pub fn max_claim_id(root: &Path) -> Result<Option<u32>> {
    #[derive(Deserialize)]
    struct Ids {
        #[serde(default)]
        claim: Option<u32>,
    }
    let path = root.join(CHANGES_FILE);
    let bytes = match fsx::read_in_project(&path, root, fsx::MAX_DATA_FILE) {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(crate::error::user_error(e.to_string())),
    };
    Ok(bytes
        .split(|&b| b == b'\n')
        .filter_map(|line| serde_json::from_slice::<Ids>(line).ok()?.claim)
        .max())
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
    use std::fs;

    #[test]
    fn torn_last_line_costs_only_itself_and_is_cut_off_by_the_next_append() {
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
        let actions: Vec<&str> = changes.iter().map(|c| c.action.as_str()).collect();
        assert_eq!(actions, ["a", "b"]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fs::read_to_string(&path).unwrap().lines().count(), 2);
        // Garbage in the middle (not a crash's doing) is reported with its line.
        let mut text = fs::read_to_string(&path).unwrap();
        text.insert_str(0, "not json\n");
        fs::write(&path, text).unwrap();
        let (_, problems) = read(dir.path()).unwrap();
        assert!(
            problems.len() == 1 && problems[0].contains("line 1"),
            "{problems:?}"
        );
    }

    #[test]
    fn long_texts_are_logged_as_an_edit_with_hashes() {
        let old = "Satz. ".repeat(2_000);
        let mut new = old.clone();
        new.insert_str(6_000, "NEU ");
        let c = Change::new("verdict.explanation")
            .claim(1)
            .from_to(&old, &new);
        let line = serde_json::to_string(&c).unwrap();
        assert!(line.len() < 1_000, "{} bytes logged", line.len());
        let l = c.long.as_ref().unwrap();
        assert_eq!(
            (l.edit_at, l.removed, l.inserted.as_str()),
            (6_000, 0, "NEU ")
        );
        assert_eq!((l.from_chars, l.to_chars), (12_000, 12_004));
        assert!(c.what().contains("at character 6000") && c.what().contains("NEU"));
        // The chain of a field can still be followed through long texts.
        let next = Change::new("verdict.explanation")
            .claim(1)
            .from_to(&new, "kurz");
        assert!(next.follows(&c));
        assert!(!next.follows(&Change::new("x").from_to("", "anders")));
        let short = Change::new("verdict.explanation").from_to("kurz", "kürzer");
        assert!(short.long.is_none() && short.follows(&next));
        // A 1 MB paste is logged with a preview, not whole.
        let paste = "x".repeat(1 << 20);
        let c = Change::new("verdict.notes").from_to("", &paste);
        assert!(serde_json::to_string(&c).unwrap().len() < 5_000);
        assert_eq!(c.long.unwrap().inserted_chars, 1 << 20);
    }
}

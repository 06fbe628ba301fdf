//! Running the system `git`: the one program a desk that shares work over git already has and
//! trusts with its credentials (SSH keys, credential helpers), which a git library linked into
//! factdesk would have to reimplement.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::Result;

use crate::error::user_error;
use crate::user_bail;

/// git run in one directory, with what makes its output parseable and it never wait for a
/// person: the C locale, no terminal prompts, no editor.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    /// `-c key=value` settings for every call (the commit identity when git has none).
    settings: Vec<String>,
}

impl Git {
    pub fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
            settings: Vec::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn with_setting(mut self, key: &str, value: &str) -> Git {
        self.settings.push(format!("{key}={value}"));
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(&self.dir);
        for s in &self.settings {
            cmd.arg("-c").arg(s);
        }
        cmd.args(args)
            .env("LC_ALL", "C")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .env("GIT_MERGE_AUTOEDIT", "no")
            .stdin(Stdio::null());
        cmd
    }

    /// Run and return the raw output, whatever git's exit status.
    pub fn output(&self, args: &[&str]) -> Result<Output> {
        self.command(args).output().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                user_error("git is not installed: `factdesk sync` uses the system git (Debian/Ubuntu: apt-get install git)")
            } else {
                user_error(format!("cannot run git: {e}"))
            }
        })
    }

    /// Run; its standard output (trimmed) on success, else an error naming the command and
    /// what git said.
    pub fn run(&self, args: &[&str]) -> Result<String> {
        let out = self.output(args)?;
        if !out.status.success() {
            user_bail!("`git {}` failed: {}", args.join(" "), said(&out));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    }

    /// Whether the command succeeds (a yes/no question put to git).
    pub fn ok(&self, args: &[&str]) -> Result<bool> {
        Ok(self.output(args)?.status.success())
    }
}

/// What git printed on failure, one clean line (remote messages can carry escape sequences).
pub fn said(out: &Output) -> String {
    let mut text = String::from_utf8_lossy(&out.stderr).into_owned();
    if text.trim().is_empty() {
        text = String::from_utf8_lossy(&out.stdout).into_owned();
    }
    crate::text::shorten(&crate::text::one_line(&text), 600)
}

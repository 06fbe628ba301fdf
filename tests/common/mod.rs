//! Helpers for tests that run the real `factdesk` binary on real directories.
#![allow(dead_code)]

pub mod desk;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_factdesk"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// The data directory (verdict library, trained model) of factdesk runs in tests: under
/// cargo's per-target temp dir, never the user's own.
pub fn test_data_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("factdesk-data")
}

/// Run factdesk with `args` on project `dir`.
pub fn fd(dir: &Path, args: &[&str]) -> Run {
    Command::new(bin())
        .arg("--project")
        .arg(dir)
        .args(args)
        .env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", test_data_dir())
        .output()
        .expect("factdesk runs")
        .into()
}

/// Run factdesk without `--project`.
pub fn fd_plain(args: &[&str]) -> Run {
    Command::new(bin())
        .args(args)
        .env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", test_data_dir())
        .output()
        .expect("factdesk runs")
        .into()
}

pub fn ok(r: Run) -> Run {
    assert_eq!(
        r.code, 0,
        "expected success\nstdout: {}\nstderr: {}",
        r.stdout, r.stderr
    );
    r
}

/// A demo project in a fresh temp dir.
pub fn demo_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    ok(fd_plain(&["demo", "--no-tui", dir.to_str().unwrap()]));
    (tmp, dir)
}

pub fn claims_json(dir: &Path) -> Vec<serde_json::Value> {
    let r = ok(fd(dir, &["claims", "--json"]));
    serde_json::from_str(&r.stdout).expect("claims --json is JSON")
}

/// Snapshot of every file under `dir` (path -> bytes), for "nothing changed" checks.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Characters no terminal output of factdesk may hold: C1 controls, and invisible characters
/// that reorder or hide text (bidi controls, zero-width, BOM, separators, annotation marks).
/// Written independently of factdesk's own sanitisers, which are what is being checked.
pub fn hidden_or_c1(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{061c}'
        | '\u{feff}'
        | '\u{2028}' | '\u{2029}'
        | '\u{fff9}'..='\u{fffb}')
}

//! A desk in a temporary folder: a bare hub repository and clones of it, each a member with
//! their own FACTDESK_USER, git identity and verdict library. Real git, the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn fails(self) -> Run {
        assert_eq!(
            self.code, 1,
            "expected a user error\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

fn run(mut cmd: Command) -> Run {
    // The machine's own git settings must not leak into the desk under test.
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    let o = cmd.output().expect("runs");
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

pub fn git_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args);
    run(cmd)
}

pub struct Member {
    pub name: String,
    pub dir: PathBuf,
    pub data: PathBuf,
}

impl Member {
    pub fn fd(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_factdesk"));
        cmd.arg("--project")
            .arg(&self.dir)
            .args(args)
            .env("FACTDESK_USER", &self.name)
            .env("FACTDESK_DATA_DIR", &self.data);
        run(cmd)
    }

    pub fn git(&self, args: &[&str]) -> Run {
        git_in(&self.dir, args)
    }

    pub fn sync(&self) -> Run {
        self.fd(&["sync"]).ok()
    }

    pub fn claim(&self, id: u32) -> serde_json::Value {
        let r = self.fd(&["claim", "show", &id.to_string(), "--json"]).ok();
        serde_json::from_str(&r.stdout).expect("claim show --json is JSON")
    }

    pub fn claims(&self) -> Vec<serde_json::Value> {
        let r = self.fd(&["claims", "--json", "--all"]).ok();
        serde_json::from_str(&r.stdout).expect("claims --json is JSON")
    }

    pub fn set(&self, id: u32, args: &[&str]) -> Run {
        let id = id.to_string();
        let mut all = vec!["verdict", "set", id.as_str()];
        all.extend_from_slice(args);
        self.fd(&all).ok()
    }

    pub fn log_lines(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("changes.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

pub struct Desk {
    pub tmp: tempfile::TempDir,
    pub hub: PathBuf,
    pub members: Vec<Member>,
}

fn identity(dir: &Path, name: &str) {
    git_in(dir, &["config", "user.name", name]).ok();
    git_in(
        dir,
        &["config", "user.email", &format!("{name}@desk.example")],
    )
    .ok();
}

impl Desk {
    /// A hub and the first member's project: `make` creates the project in the folder given.
    /// The first member's sync pushes it to the empty hub; the others clone it.
    pub fn new(names: &[&str], make: impl FnOnce(&Member)) -> Desk {
        let tmp = tempfile::tempdir().unwrap();
        let hub = tmp.path().join("hub.git");
        git_in(
            tmp.path(),
            &[
                "init",
                "--quiet",
                "--bare",
                "--initial-branch=main",
                hub.to_str().unwrap(),
            ],
        )
        .ok();
        let member = |name: &str| Member {
            name: name.to_string(),
            dir: tmp.path().join(name),
            data: tmp.path().join(format!("{name}-data")),
        };
        let first = member(names[0]);
        make(&first);
        first
            .git(&["init", "--quiet", "--initial-branch=main"])
            .ok();
        identity(&first.dir, &first.name);
        first
            .git(&["remote", "add", "origin", hub.to_str().unwrap()])
            .ok();
        let r = first.sync();
        assert!(
            r.stdout.contains("pushed to the empty remote"),
            "{}",
            r.stdout
        );
        let mut members = vec![first];
        for name in &names[1..] {
            let m = member(name);
            git_in(
                tmp.path(),
                &[
                    "clone",
                    "--quiet",
                    hub.to_str().unwrap(),
                    m.dir.to_str().unwrap(),
                ],
            )
            .ok();
            identity(&m.dir, name);
            members.push(m);
        }
        Desk { tmp, hub, members }
    }

    pub fn m(&self, i: usize) -> &Member {
        &self.members[i]
    }
}

/// The demo project, created by `factdesk demo`.
pub fn demo(m: &Member) {
    m.fd(&["demo", "--no-tui", m.dir.to_str().unwrap()]).ok();
}

/// Every file of a project that git carries (no `.git`, no index, no lock), path -> text.
pub fn project_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if rel == ".git" || rel == "index" || rel == "factdesk.lock" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Files holding git's conflict markers.
pub fn files_with_markers(dir: &Path) -> Vec<String> {
    project_files(dir)
        .into_iter()
        .filter(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            text.lines()
                .any(|l| l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l == "=======")
        })
        .map(|(p, _)| p)
        .collect()
}

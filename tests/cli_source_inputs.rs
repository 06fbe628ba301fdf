//! `source add` given things that are not ordinary files: a pipe, a special file that
//! refuses a read, and a folder full of FIFOs, device links and symlink loops. Each is named
//! with a plain reason; nothing hangs, and nothing in a folder is left out without a word.

mod common;
use common::*;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn new_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(fd_plain(&["init", dir.to_str().unwrap()]));
    (tmp, dir)
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn assert_one_failure(r: &Run, name: &str, reason: &str) {
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let line = format!("factdesk: {name}: {reason}");
    assert!(r.stderr.contains(&line), "want {line:?} in\n{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    assert!(!r.stderr.contains("not found"), "{}", r.stderr);
}

/// `source add FOLDER`, which must succeed (what is left out is not a failure).
fn add_folder(dir: &Path, folder: &Path) -> Run {
    let r = fd_within(
        dir,
        &["source", "add", folder.to_str().unwrap()],
        Duration::from_secs(120),
    )
    .expect("no hang");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    r
}

#[test]
fn a_pipe_is_named_as_a_pipe_whether_it_is_stdin_or_a_fifo() {
    let (tmp, dir) = new_project();
    // `source add /dev/stdin < <(echo hi)`: stdin is an anonymous pipe.
    let mut child = Command::new(bin())
        .arg("--project")
        .arg(&dir)
        .args(["source", "add", "/dev/stdin"])
        .env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", test_data_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"hi\n").unwrap();
    let r: Run = child.wait_with_output().unwrap().into();
    let pipe = "is a pipe (FIFO), not a file: factdesk imports only regular files";
    assert_one_failure(&r, "/dev/stdin", pipe);

    // A FIFO no one writes to, named directly and through a symlink: refused, not waited on.
    let fifo = tmp.path().join("fifo.txt");
    mkfifo(&fifo);
    symlink(&fifo, tmp.path().join("to-fifo.txt")).unwrap();
    for name in [fifo, tmp.path().join("to-fifo.txt")] {
        let shown = name.to_str().unwrap();
        let r = fd_within(&dir, &["source", "add", shown], Duration::from_secs(60))
            .expect("a FIFO is refused, not read");
        assert_one_failure(&r, shown, pipe);
    }
    let r = ok(fd(&dir, &["source", "ls", "--json"]));
    assert_eq!(r.stdout.trim(), "[]");
}

#[test]
fn a_file_that_refuses_a_read_gets_a_plain_sentence_naming_it() {
    let (tmp, dir) = new_project();
    let cases = [
        // Opened without blocking, the kernel log has "no data ready" (EAGAIN) for root;
        // others may not open it at all.
        ("kmsg.txt", PathBuf::from("/proc/kmsg")),
        ("missing.txt", tmp.path().join("nothing-here")),
        ("loop.txt", tmp.path().join("loop.txt")),
    ];
    for (name, target) in &cases {
        symlink(target, tmp.path().join(name)).unwrap();
    }
    let expected = [
        (
            "kmsg.txt",
            ["cannot be read: it has no data ready", "permission denied"],
        ),
        ("missing.txt", ["a broken symlink", "a broken symlink"]),
        ("loop.txt", ["a symlink loop", "a symlink loop"]),
    ];
    for (name, reasons) in expected {
        let path = tmp.path().join(name);
        let shown = path.to_str().unwrap();
        let r =
            fd_within(&dir, &["source", "add", shown], Duration::from_secs(60)).expect("no hang");
        assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
        let prefix = format!("factdesk: {shown}: ");
        let line = r
            .stderr
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("{name} not named: {}", r.stderr));
        assert!(
            reasons
                .iter()
                .any(|why| line[prefix.len()..].starts_with(why)),
            "{line}"
        );
        assert!(!line.contains("os error"), "{line}");
    }
}

#[test]
fn a_folder_says_what_it_left_out_and_why() {
    let (tmp, dir) = new_project();
    let folder = tmp.path().join("mixed");
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "outside the folder\n").unwrap();
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("real.txt"), "Ein echter Text.\n").unwrap();
    std::fs::write(
        folder.join(".hidden.txt"),
        "hidden files are skipped quietly\n",
    )
    .unwrap();
    mkfifo(&folder.join("pipe.txt"));
    symlink("/dev/zero", folder.join("zero.txt")).unwrap();
    symlink("loop-b.txt", folder.join("loop-a.txt")).unwrap();
    symlink("loop-a.txt", folder.join("loop-b.txt")).unwrap();
    symlink("gone.txt", folder.join("broken.txt")).unwrap();
    symlink(&outside, folder.join("out.txt")).unwrap();
    symlink("real.txt", folder.join("alias.txt")).unwrap();
    // A hostile name: its escape sequence must not reach the terminal.
    symlink(
        "/dev/null",
        folder.join("evil\u{1b}]52;c;SGVsbG8=\u{7}.txt"),
    )
    .unwrap();

    let r = add_folder(&dir, &folder);
    assert!(
        r.stdout
            .contains("2 files looked at (7 left out, see the notes)"),
        "{}",
        r.stdout
    );
    for (name, why) in [
        ("pipe.txt", "not a regular file but a named pipe (FIFO)"),
        ("zero.txt", "a symlink to a special file"),
        ("loop-a.txt", "a symlink loop"),
        ("loop-b.txt", "a symlink loop"),
        ("broken.txt", "a broken symlink"),
        ("out.txt", "a symlink to a file outside the folder imported"),
        ("evil.txt", "a symlink to a special file"),
    ] {
        let line = format!("mixed/{name}: left out: {why}");
        assert!(r.stdout.contains(&line), "want {line:?} in\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("hidden"), "{}", r.stdout);
    assert!(
        printable(&r.stdout) && !r.stdout.contains('\u{1b}'),
        "{:?}",
        r.stdout
    );
}

#[test]
fn a_folder_of_many_special_files_names_twenty_and_counts_the_rest() {
    let (tmp, dir) = new_project();
    let folder = tmp.path().join("fifos");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("text.txt"), "Ein Satz.\n").unwrap();
    for i in 0..25 {
        mkfifo(&folder.join(format!("f{i:02}.txt")));
    }
    let r = add_folder(&dir, &folder);
    assert!(
        r.stdout.contains("(25 left out, see the notes)"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.matches(": left out: ").count(), 20, "{}", r.stdout);
    assert!(r.stdout.contains(": and 5 more left out"), "{}", r.stdout);
}

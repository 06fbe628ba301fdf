//! A project that can be read but not written (a colleague's on a shared server, a read-only
//! mount, `chmod -R a-w`) can be searched, listed and exported; a real permission problem is
//! named as one, never as a damaged index.

mod common;
use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn set_mode(p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
}

/// `chmod -R a-w` (or back with `u+w`).
fn chmod_tree(dir: &Path, writable: bool) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let mode = fs::symlink_metadata(&p).unwrap().permissions().mode();
            set_mode(
                &p,
                if writable {
                    mode | 0o200
                } else {
                    mode & !0o222
                },
            );
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            }
        }
        let mode = fs::metadata(&d).unwrap().permissions().mode();
        set_mode(
            &d,
            if writable {
                mode | 0o200
            } else {
                mode & !0o222
            },
        );
    }
}

fn hits(r: &Run) -> usize {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["sources"].as_array().unwrap().len()
}

/// What a reader does with a project: every command must work on read permission alone.
fn read_everything(what: &str, run: &dyn Fn(&[&str]) -> Run) {
    let r = run(&["search", "Container", "--json"]);
    assert_eq!(r.code, 0, "{what}: search: {}", r.stderr);
    assert!(hits(&r) > 0, "{what}: search found nothing");
    for args in [
        &["claims"][..],
        &["history"],
        &["source", "ls"],
        &["article", "ls"],
        &["export", "--format", "md", "--out", "-"],
        &["claim", "show", "3"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 0, "{what}: {args:?}: {}", r.stderr);
    }
}

#[test]
fn another_account_can_search_a_project_it_may_only_read() {
    let Some(account) = unprivileged_account() else {
        return;
    };
    // SAFETY: umask has no preconditions; 022 is what shared servers use.
    unsafe { libc::umask(0o022) };
    let (tmp, dir) = demo_project();
    set_mode(tmp.path(), 0o755);
    // Every index file is readable by others, like the project's other files.
    for (p, _) in snapshot(&dir.join("index")) {
        let mode = fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{} is {mode:o}", p.display());
    }
    let before = snapshot(&dir);
    read_everything("another account", &|args| fd_as(account, &dir, args));
    assert!(snapshot(&dir) == before, "reading changed the project");
    // Also with nothing writable at all, for the owner's account too.
    chmod_tree(&dir, false);
    read_everything("chmod -R a-w", &|args| fd_as(account, &dir, args));
    // A real permission problem is named as one.
    let generation = fs::read_to_string(dir.join("index/CURRENT")).unwrap();
    let generation = dir.join("index").join(generation.trim());
    set_mode(&generation, 0o700);
    let r = fd_as(account, &dir, &["search", "Container"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
    assert!(!r.stderr.contains("damaged"), "{}", r.stderr);
    set_mode(&generation, 0o555);
    // An index that must be rebuilt (a fresh clone has none) cannot be here: say why.
    chmod_tree(&dir, true);
    fs::remove_dir_all(dir.join("index")).unwrap();
    chmod_tree(&dir, false);
    let r = fd_as(account, &dir, &["search", "Container"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot be changed from here") && r.stderr.contains("reindex"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("being edited"), "{}", r.stderr);
    chmod_tree(&dir, true);
}

#[test]
fn a_read_only_mount_can_be_searched() {
    let (_tmp, dir) = demo_project();
    let Some(view) = read_only_mount(&dir) else {
        return;
    };
    read_everything("read-only mount", &|args| fd(&view.path, args));
    let r = fd(&view.path, &["verdict", "set", "1", "--status", "done"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
}

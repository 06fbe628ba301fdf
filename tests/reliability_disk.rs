//! A full disk, and writes the system refuses (permissions, a read-only mount): every write
//! path either succeeds or fails with exit code 1 and a plain message, and afterwards the claim
//! files, the article folders and the change log agree, no torn line is left in the log, no
//! temporary file stays behind, and the search index finds every listed source.
//!
//! The disk is a small tmpfs (root only: skipped with a message elsewhere); a filler file
//! leaves 0, 2, 4, ... pages free, so each command runs out of space at every point in turn.

mod common;
use common::*;
use factdesk::project::changelog::sha256;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Free pages (4 KiB) tried: from none to enough for most commands here.
const MOST_FREE_PAGES: u64 = 128;
/// Beyond that, coarser levels until a command succeeds: a new project's index keeps the
/// German word list it splits compounds with (about 180 pages with Debian's `wngerman`).
const LARGEST_FREE_PAGES: u64 = 4 * MOST_FREE_PAGES;

fn log_entries(dir: &Path) -> Vec<Value> {
    let bytes = fs::read(dir.join("changes.jsonl")).unwrap_or_default();
    assert!(
        bytes.is_empty() || bytes.ends_with(b"\n"),
        "the change log ends in a torn line"
    );
    String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("torn or broken log line {l:?}: {e}"))
        })
        .collect()
}

/// The logged value of a field equals what the file holds (long texts by their hash).
fn agrees(entry: &Value, value: &str) -> bool {
    match entry["long"]["to_sha256"].as_str() {
        Some(h) => h == sha256(value),
        None => entry["to"].as_str() == Some(value),
    }
}

/// Everything that must hold after any failure.
fn check_consistent(dir: &Path, what: &str) {
    let log = log_entries(dir);
    let r = fd(dir, &["claims", "--json", "--all"]);
    assert!(
        r.code == 0 && r.stderr.is_empty(),
        "{what}: claims: {}",
        r.stderr
    );
    let claims: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    let by_id: BTreeMap<u64, &Value> = claims
        .iter()
        .map(|c| (c["id"].as_u64().unwrap(), c))
        .collect();
    // Claims created and not deleted, by the log, are the claim files.
    let mut alive = BTreeSet::new();
    let mut last: BTreeMap<(u64, String), &Value> = BTreeMap::new();
    let mut articles = BTreeSet::new();
    for e in &log {
        let action = e["action"].as_str().unwrap().to_string();
        if action == "article.add" {
            articles.insert(e["article"].as_str().unwrap().to_string());
        }
        let Some(id) = e["claim"].as_u64() else {
            continue;
        };
        match action.as_str() {
            "claim.create" => {
                alive.insert(id);
            }
            "claim.delete" => {
                alive.remove(&id);
            }
            _ => {}
        }
        last.insert((id, action), e);
    }
    let on_disk: BTreeSet<u64> = by_id.keys().copied().collect();
    assert_eq!(
        alive, on_disk,
        "{what}: the log's claims are not the claim files"
    );
    for ((id, action), e) in &last {
        let field = match action.as_str() {
            "verdict.explanation" => "explanation",
            "claim.claimant" => "claimant",
            "verdict.status" => "status",
            _ => continue,
        };
        let value = by_id[id][field].as_str().unwrap_or("");
        assert!(
            agrees(e, value),
            "{what}: claim {id} {field} is {value:?}, the log says {e}"
        );
    }
    let folders: BTreeSet<String> = fs::read_dir(dir.join("articles"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        articles, folders,
        "{what}: the log's articles are not the article folders"
    );
    for f in &folders {
        assert!(
            dir.join("articles").join(f).join("article.toml").exists(),
            "{what}: {f} has no metadata"
        );
    }
    // No temporary file of a failed write stays (the index's own dot files aside).
    for (path, _) in snapshot(dir) {
        let rel = path.strip_prefix(dir).unwrap();
        let name = rel.file_name().unwrap().to_string_lossy();
        if !rel.starts_with("index") && name.starts_with('.') && name != ".gitignore" {
            panic!("{what}: left behind: {}", rel.display());
        }
    }
    let h = fd(dir, &["history"]);
    assert!(
        h.code == 0 && h.stderr.is_empty(),
        "{what}: history: {}",
        h.stderr
    );
}

/// Every listed source of ours is found by its token (the next search repairs an index an
/// interrupted import left behind).
fn check_sources_searchable(dir: &Path, what: &str) {
    let r = ok(fd(dir, &["source", "ls", "--json"]));
    let listed: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    for s in listed {
        let title = s["title"].as_str().unwrap_or("");
        if let Some(token) = title.strip_prefix("Quelle ") {
            let r = fd(dir, &["search", token, "--json"]);
            assert_eq!(r.code, 0, "{what}: search: {}", r.stderr);
            let v: Value = serde_json::from_str(&r.stdout).unwrap();
            assert!(
                v["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h["title"] == title),
                "{what}: listed source {title} is not found"
            );
        }
    }
}

/// One write command, as the `round`-th attempt.
type Attempt<'a> = Box<dyn Fn(&Path, u64) -> Vec<String> + 'a>;

fn attempts(inbox: &Path, out: &Path) -> Vec<(&'static str, Attempt<'static>)> {
    let inbox = inbox.to_path_buf();
    let inbox2 = inbox.clone();
    let inbox3 = inbox.clone();
    let out = out.to_path_buf();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    vec![
        (
            "verdict set (claim save, log append)",
            Box::new(move |_: &Path, k: u64| {
                let text = format!(
                    "Begründung {k}: {}",
                    "Ein Satz der Begründung. ".repeat(1200 + k as usize)
                );
                s(&[
                    "verdict",
                    "set",
                    &(k % 12 + 1).to_string(),
                    "--explanation",
                    &text,
                ])
            }) as Attempt,
        ),
        (
            "claim edit",
            Box::new(move |_: &Path, k: u64| {
                s(&[
                    "claim",
                    "edit",
                    &(k % 12 + 1).to_string(),
                    "--claimant",
                    &format!("C{k}"),
                ])
            }),
        ),
        (
            "claim split and merge",
            Box::new(move |dir: &Path, _| {
                let split_off = claims_json(dir)
                    .iter()
                    .filter_map(|c| c["id"].as_u64())
                    .find(|&id| id > 14);
                match split_off {
                    Some(id) => s(&["claim", "merge", "13", &id.to_string()]),
                    None => s(&["claim", "split", "13", "--at", "20"]),
                }
            }),
        ),
        (
            "article add",
            Box::new(move |_: &Path, k: u64| {
                let file = inbox.join(format!("artikel-{k}.txt"));
                let body: String = (0..20)
                    .map(|i| {
                        format!(
                            "Artikel {k} sagt in Satz {i}, dass {} Container geliefert wurden. ",
                            100 * i + k
                        )
                    })
                    .collect();
                fs::write(&file, body).unwrap();
                s(&["article", "add", file.to_str().unwrap()])
            }),
        ),
        (
            "source add (store, index commit)",
            Box::new(move |_: &Path, k: u64| {
                let file = inbox2.join(format!("quelle-{k}.md"));
                let body = format!(
                    "---\ntitle: Quelle zqx{k}q\n---\n\n{}\n",
                    "Der Hafen Rason liegt im Nordosten. ".repeat(300)
                );
                fs::write(&file, body).unwrap();
                s(&["source", "add", file.to_str().unwrap()])
            }),
        ),
        (
            "export",
            Box::new(move |_: &Path, k: u64| {
                let file = out.join(format!("bericht-{k}.html"));
                s(&[
                    "export",
                    "--format",
                    "html",
                    "--out",
                    file.to_str().unwrap(),
                ])
            }),
        ),
        (
            "reindex (index commit)",
            Box::new(move |_: &Path, _| s(&["reindex"])),
        ),
        (
            "evidence add",
            Box::new(move |dir: &Path, k: u64| {
                let r = ok(fd(dir, &["source", "ls", "--json"]));
                let listed: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
                let id = listed[0]["id"].as_str().unwrap().to_string();
                let claim = (k % 12 + 1).to_string();
                s(&[
                    "evidence",
                    "add",
                    &claim,
                    "--source",
                    &id,
                    "--quote",
                    "Container",
                    "--stance",
                    "supports",
                    "--note",
                    &format!("N{k}"),
                    // The first source need not hold the word: what is tested is the write.
                    "--unverified",
                ])
            }),
        ),
        (
            "source rm (store, index commit)",
            Box::new(move |dir: &Path, k: u64| {
                // A source to remove, added while there is room.
                let file = inbox3.join(format!("weg-{k}.md"));
                fs::write(
                    &file,
                    format!("---\ntitle: Quelle weg{k}x\n---\n\nWeg {k}.\n"),
                )
                .unwrap();
                ok(fd(dir, &["source", "add", file.to_str().unwrap()]));
                let id = factdesk_index::extract::content_hash(&fs::read(&file).unwrap());
                s(&["source", "rm", &id])
            }),
        ),
        (
            "demo (a new project)",
            Box::new(move |dir: &Path, k: u64| {
                let new = dir.parent().unwrap().join(format!("demo-{k}"));
                s(&["demo", "--no-tui", new.to_str().unwrap()])
            }),
        ),
    ]
}

#[test]
fn every_write_path_on_a_full_disk_fails_cleanly_or_succeeds() {
    let Some(disk) = SmallDisk::mount("6m") else {
        return;
    };
    let dir = disk.path.join("demo");
    ok(fd_plain(&["demo", "--no-tui", dir.to_str().unwrap()]));
    // Inputs live elsewhere; the export goes onto the full disk.
    let inputs = tempfile::tempdir().unwrap();
    let out = disk.path.join("exports");
    fs::create_dir(&out).unwrap();
    let filler = Filler::new(&disk.path);
    let mut report = Vec::new();
    for (name, attempt) in attempts(inputs.path(), &out) {
        let (mut succeeded, mut full) = (0, 0);
        // Page by page where the small writes fail, then coarser.
        let levels = (0..12)
            .chain((12..48).step_by(4))
            .chain((48..=MOST_FREE_PAGES).step_by(16))
            .chain((MOST_FREE_PAGES + 64..=LARGEST_FREE_PAGES).step_by(64));
        for k in levels {
            if k > MOST_FREE_PAGES && succeeded > 0 {
                break;
            }
            let args = attempt(&dir, k);
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            filler.leave_free(k);
            let r = fd(&dir, &argv);
            filler.clear();
            let what = format!("{name} with {k} pages free");
            match r.code {
                0 => succeeded += 1,
                1 => {
                    full += 1;
                    assert!(
                        r.stderr.contains("the disk is full") && !r.stderr.contains("os error"),
                        "{what}: not a plain message: {}",
                        r.stderr
                    );
                }
                other => panic!("{what}: exit code {other}: {}", r.stderr),
            }
            if name == "export" {
                let file = PathBuf::from(args.last().unwrap());
                assert_eq!(
                    file.exists(),
                    r.code == 0,
                    "{what}: a failed export left a file"
                );
            }
            check_consistent(&dir, &what);
        }
        check_sources_searchable(&dir, name);
        assert!(
            full > 0 && succeeded > 0,
            "{name}: {full} failed, {succeeded} succeeded: sweep too narrow"
        );
        report.push(format!(
            "{name}: {full} failed cleanly, {succeeded} succeeded"
        ));
    }
    eprintln!(
        "full disk, 0-{MOST_FREE_PAGES} pages free (up to {LARGEST_FREE_PAGES} until one succeeds):\n  {}",
        report.join("\n  ")
    );
}

/// Permissions and a read-only file system while writing: exit code 1 with the reason in
/// plain words, and nothing half-done (the log and the claim files agree).
#[test]
fn permission_and_read_only_errors_are_user_errors_and_leave_no_half_edit() {
    let (tmp, dir) = demo_project();
    // A read-only mount of the project (root too is refused there).
    if let Some(ro) = read_only_mount(&dir) {
        let r = fd(&ro.path, &["verdict", "set", "1", "--status", "done"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("read-only"), "{}", r.stderr);
        let r = fd(&ro.path, &["export", "--format", "md"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    }
    let Some(account) = unprivileged_account() else {
        return;
    };
    fs::set_permissions(
        tmp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    // The colleague owns the project, except the change log, or the claims' folder.
    for (root_owned, named) in [("changes.jsonl", "changes.jsonl"), ("claims", "0001.toml")] {
        chown_tree(&dir, account);
        std::os::unix::fs::chown(dir.join(root_owned), Some(0), Some(0)).unwrap();
        let r = fd_as(
            account,
            &dir,
            &["verdict", "set", "1", "--explanation", "neu"],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains(named) && r.stderr.contains("permission denied"),
            "{}",
            r.stderr
        );
        check_consistent(&dir, &format!("{root_owned} not writable"));
    }
    chown_tree(&dir, account);
    ok(fd_as(
        account,
        &dir,
        &["verdict", "set", "1", "--explanation", "neu"],
    ));
    check_consistent(&dir, "all writable");
}

fn chown_tree(dir: &Path, (uid, gid): (u32, u32)) {
    std::os::unix::fs::chown(dir, Some(uid), Some(gid)).unwrap();
    for (p, _) in snapshot(dir) {
        std::os::unix::fs::chown(&p, Some(uid), Some(gid)).unwrap();
    }
    for e in walkdirs(dir) {
        std::os::unix::fs::chown(&e, Some(uid), Some(gid)).unwrap();
    }
}

fn walkdirs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.push(e.path());
            out.extend(walkdirs(&e.path()));
        }
    }
    out
}

//! The hostile input corpus (tests/fixtures/hostile/ plus large files generated here) through
//! the real binary: each file is imported safely or refused with a clear error, in bounded
//! time, without writing outside the project, and everything stored is terminal-safe.

mod common;
use common::*;
use factdesk_index::sanitize::is_terminal_safe;
use std::fs;
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
/// Debug builds on a loaded 2-core CI machine; real hangs take forever, so this is generous.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Runs factdesk with a deadline; a process still running at the deadline is a hang.
fn fd_bounded(dir: &Path, args: &[&str]) -> (Run, Duration) {
    let start = Instant::now();
    let run = fd_within(dir, args, TIME_LIMIT)
        .unwrap_or_else(|| panic!("factdesk {args:?} hung for more than {TIME_LIMIT:?}"));
    (run, start.elapsed())
}

/// Copies the committed corpus and generates the large members into `inbox`.
fn build_corpus(inbox: &Path, outside: &Path) -> Vec<PathBuf> {
    fs::create_dir_all(inbox).unwrap();
    let mut files = Vec::new();
    for e in fs::read_dir(FIXTURES).unwrap().flatten() {
        let name = e.file_name();
        if name == "README.md" || name.to_string_lossy().starts_with("claim-") {
            continue;
        }
        let to = inbox.join(&name);
        fs::copy(e.path(), &to).unwrap();
        files.push(to);
    }

    // One enormous line: no newline for 8 MB.
    let long = inbox.join("enormous-line.txt");
    let mut line = String::with_capacity(8 << 20);
    while line.len() < 8 << 20 {
        line.push_str("Wort\u{1b}[31m ohne Zeilenende ");
    }
    fs::write(&long, line).unwrap();
    files.push(long);

    // 200 000 nested elements: quadratic in a naive tree builder.
    let deep = inbox.join("deep.html");
    let n = 200_000;
    let mut html = String::from("<html><head><title>Tief</title></head><body>");
    html.push_str(&"<div>".repeat(n));
    html.push_str("Ganz unten steht ein Satz.");
    html.push_str(&"</div>".repeat(n));
    html.push_str("</body></html>");
    fs::write(&deep, html).unwrap();
    files.push(deep);

    // A gzip bomb: 200 concatenated members of 1 MiB of zeros each, 200 MiB from 210 KB.
    let bomb = inbox.join("bomb.txt.gz");
    let one = fs::read(Path::new(FIXTURES).join("zeros-1mib.gz")).unwrap();
    fs::write(&bomb, one.repeat(200)).unwrap();
    files.push(bomb);

    // A file named with `..` components and a symlink leaving the project and the inbox.
    let secret = outside.join("geheim.txt");
    fs::write(
        &secret,
        "Geheimer Text außerhalb, darf nicht importiert werden.\n",
    )
    .unwrap();
    let sub = inbox.join("unter");
    fs::create_dir_all(&sub).unwrap();
    std::os::unix::fs::symlink(&secret, sub.join("link-nach-aussen.txt")).unwrap();
    std::os::unix::fs::symlink(outside, sub.join("ordner-nach-aussen")).unwrap();
    fs::write(
        sub.join("..punkte...txt"),
        "Ein Name mit Punkten, der harmlos ist.\n",
    )
    .unwrap();
    files.push(sub.join("..").join("escapes.txt"));
    files
}

fn assert_clean_exit(what: &str, r: &Run) {
    assert!(
        r.code == 0 || r.code == 1,
        "{what}: exit {} (crash or internal error)\nstderr: {}",
        r.code,
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
    // Error messages name the file: they must not carry its content's escapes.
    assert!(
        r.stderr.lines().all(is_terminal_safe),
        "{what}: unsafe stderr {:?}",
        r.stderr
    );
    if r.code == 1 {
        assert!(!r.stderr.trim().is_empty(), "{what}: error without message");
    }
}

#[test]
fn hostile_sources_and_articles_are_imported_safely_or_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("projekt");
    ok(fd_plain(&["init", dir.to_str().unwrap()]));
    let inbox = tmp.path().join("eingang");
    let outside = tmp.path().join("nachbar");
    fs::create_dir_all(&outside).unwrap();
    let files = build_corpus(&inbox, &outside);
    let before_inbox = snapshot(&inbox);
    let before_outside = snapshot(&outside);

    let mut imported = 0;
    let mut refused = 0;
    let mut slowest = (Duration::ZERO, String::new());
    for f in &files {
        let p = f.to_str().unwrap();
        for cmd in [["source", "add"], ["article", "add"]] {
            let (r, took) = fd_bounded(&dir, &[cmd[0], cmd[1], p]);
            let what = format!("{} {} {}", cmd[0], cmd[1], f.display());
            assert_clean_exit(&what, &r);
            if r.code == 0 {
                imported += 1;
            } else {
                refused += 1;
            }
            if took > slowest.0 {
                slowest = (took, what);
            }
        }
    }
    // The whole folder, recursively: the symlinks leaving it must not be followed.
    let (r, _) = fd_bounded(&dir, &["source", "add", inbox.to_str().unwrap()]);
    assert_clean_exit("source add <folder>", &r);

    assert_eq!(snapshot(&inbox), before_inbox, "the inputs were changed");
    assert_eq!(snapshot(&outside), before_outside, "a sibling was changed");
    for e in fs::read_dir(tmp.path()).unwrap().flatten() {
        let n = e.file_name();
        assert!(
            n == "projekt" || n == "eingang" || n == "nachbar",
            "something was written next to the project: {n:?}"
        );
    }

    // Everything stored is terminal-safe, and the secret behind the symlink was not taken.
    let store = factdesk_index::store::SourceStore::open(&dir).unwrap();
    let (metas, errors) = store.list_all();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!metas.is_empty());
    // Documents and the records of corpora alike.
    for doc in store.iter_docs() {
        let doc = doc.unwrap();
        for (field, v) in [
            ("title", &doc.title),
            ("publisher", &doc.publisher),
            ("author", &doc.author),
            ("url", &doc.url),
            ("text", &doc.text),
        ] {
            assert!(
                is_terminal_safe(v),
                "{field} of {} is not terminal-safe: {:?}",
                doc.id,
                v.chars().take(200).collect::<String>()
            );
        }
        assert!(!doc.text.contains("Geheimer Text"), "symlink was followed");
    }
    for e in fs::read_dir(dir.join("articles")).unwrap().flatten() {
        let t = fs::read_to_string(e.path().join("text.txt")).unwrap_or_default();
        assert!(is_terminal_safe(&t), "article {:?}", e.path());
    }
    // And what the CLI prints about them.
    for args in [
        &["source", "ls"][..],
        &["source", "ls", "--json"],
        &["claims"],
        &["article", "ls"],
        &["search", "Text"],
        &["search", "Titel"],
    ] {
        let (r, _) = fd_bounded(&dir, args);
        assert_clean_exit(&format!("{args:?}"), &r);
        assert!(is_terminal_safe(&r.stdout), "{args:?}: {:?}", r.stdout);
    }
    eprintln!(
        "hostile corpus: {} files, {imported} imports, {refused} clear refusals; slowest {:?} ({})",
        files.len(),
        slowest.0,
        slowest.1
    );
}

#[test]
fn claim_files_edited_into_nonsense_are_reported_not_crashed_on() {
    let (_tmp, dir) = demo_project();
    for e in fs::read_dir(FIXTURES).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("claim-") {
            continue;
        }
        let claim = dir.join("claims/0003.toml");
        fs::copy(e.path(), &claim).unwrap();
        for args in [
            &["claims"][..],
            &["claims", "--json"],
            &["claim", "show", "3"],
            &["verdict", "set", "3", "--status", "done"],
            &["history"],
            &["export", "--help"],
        ] {
            let (r, _) = fd_bounded(&dir, args);
            assert_clean_exit(&format!("{name}: {args:?}"), &r);
            assert!(is_terminal_safe(&r.stdout), "{name}: {args:?}");
        }
        // The broken file is named; the others still list.
        let (r, _) = fd_bounded(&dir, &["claims", "--json"]);
        assert!(r.stderr.contains("0003"), "{name}: {}", r.stderr);
        let v: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        assert!(v.len() >= 10, "{name}: the good claims are still listed");
        // Nothing overwrote the user's (broken) file behind their back.
        assert_eq!(fs::read(&claim).unwrap(), fs::read(e.path()).unwrap());
    }
    // A change log with a garbage line in the middle and a torn last one.
    let log = dir.join("changes.jsonl");
    let mut bytes = fs::read(&log).unwrap();
    bytes.extend_from_slice(b"\x1b[2J not json \xff\n{\"at\":\"2026-11-27T");
    fs::write(&log, bytes).unwrap();
    let (r, _) = fd_bounded(&dir, &["history"]);
    assert_clean_exit("history with garbage", &r);
    assert!(is_terminal_safe(&r.stdout));
}

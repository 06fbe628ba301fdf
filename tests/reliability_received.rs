//! A project received from someone else (through git, which keeps symlinks, or a copied
//! folder) and the files a user names: factdesk opens only regular files, within a size bound,
//! that lie inside the project; it never hangs on a FIFO, never reads a device, never prints
//! or exports a local file a symlink points to, and names the file it refused.

mod common;
use common::*;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What an outside file carries: it must never reach output or an export.
const SECRET: &str = "GEHEIMNIS4711";
/// A command that reads a FIFO or /dev/zero would wait or eat memory far beyond this.
const LIMIT: Duration = Duration::from_secs(30);

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// How a received project's file can be what it should not.
#[derive(Debug, Clone, Copy)]
enum Trap {
    /// A symlink to a local file outside the project (a valid copy that carries SECRET).
    OutsideLink,
    Fifo,
    /// A symlink to /dev/zero: endless.
    Zero,
    /// A sparse file larger than any bound.
    Huge,
}

const TRAPS: [Trap; 4] = [Trap::OutsideLink, Trap::Fifo, Trap::Zero, Trap::Huge];

/// The file `rel` of `dir` as its outside copy: the original with SECRET inserted where the
/// file's format keeps it (a string value or the text itself).
fn leaky_copy(original: &str, rel: &str) -> String {
    if rel.ends_with(".jsonl") {
        format!(
            "{original}{{\"at\":\"2026-01-01T00:00:00Z\",\"user\":\"x\",\"action\":\"verdict.notes\",\"claim\":1,\"to\":\"{SECRET}\"}}\n"
        )
    } else if rel.ends_with(".toml") || rel == "factdesk.lock" {
        // The first string value gets the secret in front.
        original.replacen("= \"", &format!("= \"{SECRET} "), 1)
    } else {
        format!("{original}\n\n{SECRET} steht hier.\n")
    }
}

fn set_trap(dir: &Path, rel: &str, trap: Trap, outside: &Path) {
    let path = dir.join(rel);
    let original = match fs::read_to_string(&path) {
        Ok(t) => t,
        // No lock in a resting project: the outside one names a holder on another host.
        Err(_) => {
            "user = \"anna\"\nhost = \"elsewhere\"\npid = 1\nstarted = \"2026-01-01T00:00:00Z\"\n"
                .into()
        }
    };
    fs::remove_file(&path).ok();
    match trap {
        Trap::OutsideLink => {
            fs::write(outside, leaky_copy(&original, rel)).unwrap();
            symlink(outside, &path).unwrap();
        }
        Trap::Fifo => mkfifo(&path),
        Trap::Zero => symlink("/dev/zero", &path).unwrap(),
        Trap::Huge => {
            let f = fs::File::create(&path).unwrap();
            f.set_len(3 << 30).unwrap();
        }
    }
}

/// The commands a received project goes through: reading, exporting and one edit.
fn commands(export: &Path) -> Vec<Vec<String>> {
    let e = export.to_str().unwrap().to_string();
    [
        vec!["claims", "--json", "--all"],
        vec!["claim", "show", "1"],
        vec!["article", "ls"],
        vec!["history"],
        vec!["source", "ls"],
        vec!["search", "Container"],
        vec!["export", "--format", "html", "--out", &e, "--force"],
        vec!["export", "--format", "json", "--out", "-"],
        // Into the project's own exports/ folder.
        vec!["export", "--format", "md", "--force"],
        vec!["verdict", "set", "2", "--status", "in progress"],
        // Last: it reads every stored copy, and rebuilds the index.
        vec!["reindex"],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect()
}

/// Every file factdesk reads from a project, in the demo project.
fn project_files(dir: &Path) -> Vec<String> {
    let article = first_article(dir);
    let source = fs::read_dir(dir.join("sources"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .find(|n| n.ends_with(".md"))
        .unwrap();
    let stem = source.trim_end_matches(".md");
    let generation = fs::read_to_string(dir.join("index/CURRENT")).unwrap();
    vec![
        "factdesk.toml".into(),
        "claims/0001.toml".into(),
        format!("articles/{article}/article.toml"),
        format!("articles/{article}/text.txt"),
        "changes.jsonl".into(),
        "factdesk.lock".into(),
        format!("sources/{stem}.toml"),
        format!("sources/{source}"),
        "index/CURRENT".into(),
        format!("index/{}/meta.json", generation.trim()),
    ]
}

#[test]
fn a_received_project_never_reads_outside_itself_hangs_or_eats_memory() {
    let (tmp, pristine) = demo_project();
    let files = project_files(&pristine);
    let mut cases = 0;
    let mut named = 0;
    for rel in &files {
        for trap in TRAPS {
            let work = tmp.path().join("work");
            fs::remove_dir_all(&work).ok();
            copy_dir(&pristine, &work);
            let outside = tmp.path().join("outside.txt");
            set_trap(&work, rel, trap, &outside);
            let export = tmp.path().join("report.html");
            let mut refused_said = false;
            for args in commands(&export) {
                let argv: Vec<&str> = args.iter().map(String::as_str).collect();
                let Some(r) = fd_within(&work, &argv, LIMIT) else {
                    panic!("{rel} as {trap:?}: factdesk {args:?} hung");
                };
                cases += 1;
                assert!(
                    r.code == 0 || r.code == 1,
                    "{rel} as {trap:?}: {args:?} ended with {}: {}",
                    r.code,
                    r.stderr
                );
                let exported = fs::read_to_string(&export).unwrap_or_default();
                for (what, text) in [
                    ("stdout", &r.stdout),
                    ("stderr", &r.stderr),
                    ("export", &exported),
                ] {
                    assert!(
                        !text.contains(SECRET),
                        "{rel} as {trap:?}: {args:?} let the outside file into its {what}"
                    );
                }
                let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
                refused_said |= r.stderr.contains(name) && r.stderr.contains("refused");
                fs::remove_file(&export).ok();
            }
            assert!(
                refused_said,
                "{rel} as {trap:?}: no command named the refused file"
            );
            named += 1;
        }
    }
    eprintln!(
        "received project: {} files x {} traps, {cases} commands, none hung, leaked or crashed; every refused file named",
        files.len(),
        TRAPS.len()
    );
    assert_eq!(named, files.len() * TRAPS.len());
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// `article add` and `source add` of what is not a regular file, or too large: refused at once
/// with the file named, before the project is locked, nothing changed.
#[test]
fn article_and_source_add_refuse_fifos_devices_and_huge_files_at_once() {
    let (tmp, dir) = demo_project();
    let fifo = tmp.path().join("artikel.txt");
    mkfifo(&fifo);
    let huge = tmp.path().join("riesig.txt");
    fs::File::create(&huge).unwrap().set_len(2 << 30).unwrap();
    let zero = tmp.path().join("null.md");
    symlink("/dev/zero", &zero).unwrap();
    let before = snapshot(&dir);
    for (path, why) in [
        (&fifo, "FIFO"),
        (&huge, "too large"),
        (&zero, "device"),
        (&PathBuf::from("/dev/zero"), "device"),
    ] {
        for cmd in ["article", "source"] {
            let p = path.to_str().unwrap();
            let r = fd_within(&dir, &[cmd, "add", p], LIMIT)
                .unwrap_or_else(|| panic!("{cmd} add {p} hung"));
            assert_eq!(r.code, 1, "{cmd} add {p}: {}", r.stderr);
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(
                r.stderr.contains(name) && r.stderr.contains(why),
                "{cmd} add {p}: {}",
                r.stderr
            );
        }
    }
    assert!(!dir.join("factdesk.lock").exists());
    let after: Vec<_> = snapshot(&dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(dir.join("index")))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| !p.starts_with(dir.join("index")))
        .collect();
    assert!(before == after, "a refused file changed the project");
}

/// File names are text from outside too: no escape sequence, control or bidi character of a
/// name reaches the terminal or a stored file, whichever command prints or stores it.
#[test]
fn escapes_in_file_names_reach_neither_terminal_nor_stored_metadata() {
    let (tmp, dir) = demo_project();
    let names = [
        "\u{1b}]0;pwned\u{7}titel.md",
        "\u{1b}[31mrot.txt",
        "glocke\u{7}.txt",
        "c1\u{9b}31m.txt",
        "bidi\u{202e}dm.txt",
        "zeilen\numbruch.txt",
    ];
    let inbox = tmp.path().join("eingang\u{1b}[5m");
    fs::create_dir(&inbox).unwrap();
    let mut outputs: Vec<(String, Run)> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        fs::write(
            inbox.join(n),
            format!("Quelle {i}: Der Hafen Rason und Nummer {i}.\n"),
        )
        .unwrap();
        // An empty file (a failure line) and a copy (a note line) under hostile names too.
        fs::write(inbox.join(format!("leer-{n}")), "").unwrap();
    }
    fs::write(
        inbox.join("kopie\u{1b}[2J.txt"),
        "Quelle 0: Der Hafen Rason und Nummer 0.\n",
    )
    .unwrap();
    let r = fd(&dir, &["source", "add", inbox.to_str().unwrap()]);
    assert_eq!(r.code, 1, "the empty files fail: {}", r.stderr);
    assert!(r.stdout.contains("Notes"), "{}", r.stdout);
    outputs.push(("source add".into(), r));
    for n in names {
        let article = tmp.path().join(format!("artikel-{n}"));
        fs::write(
            &article,
            format!("Ein Artikel über {n:?}. Er nennt 1.000 Container.\n"),
        )
        .unwrap();
        let a = article.to_str().unwrap();
        outputs.push((
            format!("article add {n:?}"),
            fd(&dir, &["article", "add", a]),
        ));
        fs::write(&article, "").unwrap();
        outputs.push((
            format!("article add (empty) {n:?}"),
            fd(&dir, &["article", "add", a]),
        ));
        let out = tmp.path().join(format!("bericht-{n}.md"));
        outputs.push((
            format!("export {n:?}"),
            fd(
                &dir,
                &["export", "--format", "md", "--out", out.to_str().unwrap()],
            ),
        ));
        outputs.push((
            format!("source add missing {n:?}"),
            fd(
                &dir,
                &["source", "add", tmp.path().join(n).to_str().unwrap()],
            ),
        ));
    }
    fs::write(dir.join("claims/\u{1b}[31mx.toml"), "id = 1\n").unwrap();
    outputs.push(("claims".into(), fd(&dir, &["claims"])));
    outputs.push(("source ls".into(), fd(&dir, &["source", "ls", "--json"])));
    outputs.push(("article ls".into(), fd(&dir, &["article", "ls", "--json"])));
    let project = tmp.path().join("projekt\u{1b}]2;x\u{7}");
    outputs.push((
        "init".into(),
        fd_plain(&["init", project.to_str().unwrap()]),
    ));
    for (what, r) in &outputs {
        assert!(
            printable(&r.stdout) && printable(&r.stderr),
            "{what} printed a control character: {:?} {:?}",
            r.stdout,
            r.stderr
        );
    }
    // Stored metadata: the names sources and articles keep.
    let mut stored = 0;
    for sub in ["sources", "articles"] {
        for (path, bytes) in snapshot(&dir.join(sub)) {
            if path.extension().is_some_and(|e| e == "toml") {
                let text = String::from_utf8(bytes).unwrap();
                let v: toml::Table = toml::from_str(&text).unwrap();
                for key in ["original_name", "relative_path", "original_file"] {
                    if let Some(s) = v.get(key).and_then(|x| x.as_str()) {
                        stored += 1;
                        assert!(printable(s), "{}: {key} = {s:?}", path.display());
                    }
                }
            }
        }
    }
    assert!(
        stored >= 2 * names.len(),
        "only {stored} stored names checked"
    );
}

/// A failed git merge leaves both sides between markers: the file is reported as a git merge
/// conflict (not as a TOML error), exports that leave it out say so and exit 1, and every
/// other file still works.
#[test]
fn git_merge_conflicts_are_named_as_such() {
    let (tmp, dir) = demo_project();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .expect("git runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "start"]);
    let article = first_article(&dir);
    let article = article.as_str();
    let edits = |who: &str| {
        ok(fd(&dir, &["verdict", "set", "1", "--rating", who]));
        ok(fd(
            &dir,
            &["article", "edit", "--title", &format!("Titel {who}")],
        ));
        let m = fs::read_to_string(dir.join("factdesk.toml")).unwrap();
        fs::write(
            dir.join("factdesk.toml"),
            m.replacen("name = \"", &format!("name = \"{who} "), 1),
        )
        .unwrap();
    };
    git(&["checkout", "-qb", "kollegin"]);
    edits("Falsch");
    git(&["commit", "-qam", "kollegin"]);
    git(&["checkout", "-q", "main"]);
    edits("Richtig");
    git(&["commit", "-qam", "ich"]);
    git(&["merge", "-q", "kollegin"]);
    let conflicted = [
        "claims/0001.toml".to_string(),
        format!("articles/{article}/article.toml"),
        "factdesk.toml".to_string(),
        "changes.jsonl".to_string(),
    ];
    for f in &conflicted {
        assert!(
            fs::read_to_string(dir.join(f)).unwrap().contains("<<<<<<<"),
            "git left no conflict in {f}"
        );
    }
    // The manifest first: every command names it.
    let r = fd(&dir, &["claims"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("git merge conflict in factdesk.toml"),
        "{}",
        r.stderr
    );
    git(&["checkout", "--theirs", "factdesk.toml"]);
    let r = ok(fd(&dir, &["claims", "--json"]));
    assert!(
        r.stderr.contains("git merge conflict in claims/0001.toml"),
        "{}",
        r.stderr
    );
    let r = fd(&dir, &["claim", "show", "1"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("git merge conflict in claims/0001.toml"),
        "{}",
        r.stderr
    );
    let r = ok(fd(&dir, &["history"]));
    assert!(
        r.stderr.contains("git merge conflict in changes.jsonl"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("line "),
        "marker lines are not reported one by one: {}",
        r.stderr
    );
    let r = ok(fd(&dir, &["article", "ls"]));
    assert!(
        r.stderr.contains(&format!(
            "git merge conflict in articles/{article}/article.toml"
        )),
        "{}",
        r.stderr
    );
    for format in ["json", "md", "html", "csv"] {
        let out = tmp.path().join(format!("export.{format}"));
        let r = fd(
            &dir,
            &["export", "--format", format, "--out", out.to_str().unwrap()],
        );
        assert_eq!(
            r.code, 1,
            "{format}: an export missing files exits 1: {}",
            r.stderr
        );
        assert!(out.exists(), "{format}: the rest is exported");
        assert!(
            r.stderr
                .contains("skipped: git merge conflict in claims/0001.toml")
                && r.stderr.contains("incomplete"),
            "{format}: {}",
            r.stderr
        );
    }
    // A claim file in conflict is never overwritten.
    let r = fd(&dir, &["verdict", "set", "1", "--status", "done"]);
    assert_eq!(r.code, 1);
    assert!(fs::read_to_string(dir.join("claims/0001.toml"))
        .unwrap()
        .contains("<<<<<<<"));
}

/// Whole folders of a received project as symlinks to local folders: nothing in them is read
/// into output or exports, and nothing is written into them.
#[test]
fn symlinked_folders_are_neither_read_nor_written_through() {
    let (tmp, pristine) = demo_project();
    let article = first_article(&pristine);
    fs::create_dir(pristine.join("exports")).unwrap();
    fs::write(pristine.join("exports/report.md"), "# alt\n").unwrap();
    let folders = [
        "exports".to_string(),
        "claims".to_string(),
        format!("articles/{article}"),
        "sources".to_string(),
        "index".to_string(),
    ];
    let mut runs = 0;
    for folder in &folders {
        let work = tmp.path().join("work");
        fs::remove_dir_all(&work).ok();
        copy_dir(&pristine, &work);
        // The local folder: the project's own files, each with SECRET where it fits.
        let outside = tmp.path().join("lokal");
        fs::remove_dir_all(&outside).ok();
        copy_dir(&work.join(folder), &outside);
        for (p, bytes) in snapshot(&outside) {
            if let Ok(text) = String::from_utf8(bytes) {
                let rel = p.file_name().unwrap().to_str().unwrap();
                fs::write(&p, leaky_copy(&text, rel)).unwrap();
            }
        }
        fs::remove_dir_all(work.join(folder)).unwrap();
        symlink(&outside, work.join(folder)).unwrap();
        let before = snapshot(&outside);
        let export = tmp.path().join("report.html");
        let mut named = false;
        for args in commands(&export) {
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = fd_within(&work, &argv, LIMIT)
                .unwrap_or_else(|| panic!("{folder}: factdesk {args:?} hung"));
            runs += 1;
            assert!(
                r.code == 0 || r.code == 1,
                "{folder}: {args:?}: {}",
                r.stderr
            );
            let exported = fs::read_to_string(&export).unwrap_or_default();
            assert!(
                !r.stdout.contains(SECRET)
                    && !r.stderr.contains(SECRET)
                    && !exported.contains(SECRET),
                "{folder}: {args:?} read the local folder"
            );
            named |= r.stderr.contains("refused");
            fs::remove_file(&export).ok();
        }
        assert!(named, "{folder}: no command said what it refused");
        assert!(
            snapshot(&outside) == before,
            "{folder}: something was written into the local folder"
        );
    }
    eprintln!(
        "symlinked folders: {} folders, {runs} commands, nothing read or written through them",
        folders.len()
    );
}

/// Escape sequences hand-edited into a received project's files (a claim, the article's
/// metadata, a change-log line) or given as command-line values never reach the CLI's output
/// or an export: OSC 52 (writes the clipboard), CSI 6n (makes the terminal type a reply),
/// C1 controls and bidi overrides are shown as visible markers; what is saved is safe too.
#[test]
fn escapes_in_project_files_and_values_never_reach_cli_output_or_exports() {
    let (_tmp, dir) = demo_project();
    let osc52 = "\\u001b]52;c;ZWNobyBwd25lZAo=\\u0007";
    let dsr = "\\u001b[6n";
    let c1 = "\\u009b31m";
    let bidi = "\\u202e";
    // A claim file edited by hand (TOML escapes are how control characters get into it).
    let claim = dir.join("claims/0001.toml");
    let text = fs::read_to_string(&claim).unwrap();
    let text = text
        .replacen(
            "notes = \"\"",
            &format!("notes = \"Notiz {osc52} Ende\""),
            1,
        )
        .replacen("rating = \"\"", &format!("rating = \"Falsch{dsr}\""), 1)
        .replacen(
            "explanation = \"\"",
            &format!("explanation = \"Erkl{c1}rung {bidi}x\""),
            1,
        );
    assert!(
        text.contains("52;c;"),
        "the demo claim has empty notes: {text}"
    );
    fs::write(&claim, text).unwrap();
    let article = first_article(&dir);
    let meta = dir.join(format!("articles/{article}/article.toml"));
    let m = fs::read_to_string(&meta).unwrap();
    let m = m.replacen("title = \"", &format!("title = \"{dsr}{osc52}"), 1);
    fs::write(&meta, m).unwrap();
    let log = dir.join("changes.jsonl");
    let mut l = fs::read_to_string(&log).unwrap();
    l.push_str(&format!(
        "{{\"at\":\"2026-12-01T10:00:00Z\",\"user\":\"mallory{osc52}\",\"action\":\"verdict.notes\",\"claim\":1,\"to\":\"x{dsr}\"}}\n"
    ));
    fs::write(&log, l).unwrap();
    // A source's metadata edited by hand.
    let source_meta = fs::read_dir(dir.join("sources"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
        .unwrap();
    let sm = fs::read_to_string(&source_meta).unwrap();
    let sm = sm.replacen("title = \"", &format!("title = \"{osc52}{dsr}"), 1);
    assert!(sm.contains("52;c;"), "{sm}");
    fs::write(&source_meta, sm).unwrap();
    // A value from the command line, and a user name from the environment.
    let r = std::process::Command::new(bin())
        .args(["--project", dir.to_str().unwrap(), "verdict", "set", "2"])
        .args(["--explanation", "Wert \u{1b}]52;c;AAAA\u{7} \u{1b}[2J"])
        .env("FACTDESK_USER", "eve\u{1b}[31m")
        .env("FACTDESK_DATA_DIR", test_data_dir())
        .output()
        .unwrap();
    assert!(r.status.success(), "{r:?}");
    let stored = fs::read_to_string(dir.join("claims/0002.toml")).unwrap();
    assert!(
        !stored.contains("\\u001B") && !stored.contains("\\u001b"),
        "{stored}"
    );

    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    let commands: &[&[&str]] = &[
        &["claims", "--all"],
        &["claim", "show", "1"],
        &["claim", "show", "2"],
        &["history"],
        &["history", "--json"],
        &["article", "ls"],
        &["source", "ls"],
        &["source", "ls", "--json"],
        &["export", "--format", "csv", "--out", "-"],
        &["export", "--format", "json", "--out", "-"],
        &["export", "--format", "md", "--out", "-"],
    ];
    for args in commands {
        let r = fd(&dir, args);
        // CSV lines end in CRLF, as the format has it.
        let out = r.stdout.replace("\r\n", "\n");
        let bad: Vec<char> = out
            .chars()
            .chain(r.stderr.chars())
            .filter(|c| unsafe_char(*c))
            .collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}:\n{}", r.stdout);
    }
    // The sequences are taken out whole (the clipboard payload too); the text around stays.
    let shown = ok(fd(&dir, &["claim", "show", "1"])).stdout;
    assert!(shown.contains("Notiz") && shown.contains("Ende"), "{shown}");
    assert!(!shown.contains("ZWNob"), "{shown}");
    assert!(
        shown.contains("U+202E"),
        "a bidi override is shown as a marker: {shown}"
    );
}

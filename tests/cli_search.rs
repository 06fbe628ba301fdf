//! Sources and search through the binary: import, search with highlights, removal,
//! reindex, a damaged index, a changed German word list, and a BEIR queries file written as a TREC run.

mod common;
use common::*;
use std::fs;
use std::path::PathBuf;

fn search_json(dir: &std::path::Path, q: &str) -> serde_json::Value {
    let r = ok(fd(dir, &["search", q, "--json"]));
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn demo_search_finds_and_highlights_the_container_note() {
    let (_tmp, dir) = demo_project();
    let v = search_json(&dir, "tausend Container Tichorezk");
    let first = &v["sources"][0];
    assert!(
        first["title"].as_str().unwrap().contains("1.000 Container"),
        "{v:#}"
    );
    let p = &first["passages"][0];
    let snippet: Vec<char> = p["snippet"].as_str().unwrap().chars().collect();
    let words: Vec<String> = p["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            snippet[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect();
    assert!(
        words
            .iter()
            .any(|w| w == "tausend" || w == "Container" || w == "Tichorezk"),
        "{words:?}"
    );
    // Stemming: "Häuser" finds "Haus".
    let v = search_json(&dir, "Häuser");
    assert!(!v["sources"].as_array().unwrap().is_empty());
}

#[test]
fn malformed_query_is_a_one_line_user_error() {
    let (_tmp, dir) = demo_project();
    let r = fd(&dir, &["search", "title:("]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
}

/// Queries nested thousands of levels deep (brackets, NOT, minus signs) overflowed the stack
/// and aborted (exit 134). They are refused with a plain message; the lenient search of the
/// workstation reads their words instead and says so.
#[test]
fn a_deeply_nested_query_is_refused_not_a_crash() {
    let (_tmp, dir) = demo_project();
    let brackets = format!("{}Container{}", "(".repeat(10_000), ")".repeat(10_000));
    let nots = format!("{} Container", vec!["NOT"; 20_000].join(" "));
    let minus = format!("Zug {}Container", "-".repeat(5_000));
    for q in [&brackets, &nots] {
        let r = fd(&dir, &["search", q]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("levels deep"), "{}", r.stderr);
    }
    // A run of minus signs is refused by the grammar itself, plainly.
    let r = fd(&dir, &["search", &minus]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // Real nesting still works.
    let r = ok(fd(
        &dir,
        &["search", "((Container OR Zug) AND NOT (Flugzeug))"],
    ));
    assert!(r.stdout.contains("Container"), "{}", r.stdout);
    let (root, req) = (
        dir.join("index"),
        factdesk_index::SearchRequest {
            lenient: true,
            ..factdesk_index::SearchRequest::new(brackets.as_str())
        },
    );
    let index = factdesk_index::SearchIndex::open_or_create(root).unwrap();
    // On a thread with a small stack, as the workstation's search worker has.
    let found = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || index.search(&req).map(|r| (r.sources.len(), r.warnings)))
        .unwrap()
        .join()
        .unwrap()
        .unwrap();
    assert!(found.0 > 0, "the words are searched");
    assert!(
        found.1.iter().any(|w| w.contains("levels deep")),
        "{:?}",
        found.1
    );
}

#[test]
fn source_add_rm_and_reindex_keep_index_and_store_in_step() {
    let (tmp, dir) = demo_project();
    let folder = tmp.path().join("recherche");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("notiz.md"),
        "---\ntitle: Hafen Rason\ndate: 2023-10-20\n---\nDer Hafen Rason liegt im Nordosten.\n",
    )
    .unwrap();
    fs::write(
        folder.join("kaputt.bin.txt"),
        [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 0, 0, 0, 7, 8],
    )
    .unwrap();
    let r = fd(&dir, &["source", "add", folder.to_str().unwrap()]);
    // One input failed: exit code 1, and the rest is imported all the same.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("1 added"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("1 input could not be imported (named above); the other one was imported"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("kaputt.bin.txt"),
        "failure reported by file: {}",
        r.stderr
    );
    assert_eq!(
        search_json(&dir, "Rason")["sources"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Re-import touches nothing (the broken file fails again).
    let r = fd(&dir, &["source", "add", folder.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("0 added") && r.stdout.contains("1 unchanged"),
        "{}",
        r.stdout
    );
    // Date filter.
    assert_eq!(
        search_json(&dir, "Hafen date:[2023-10-19 TO 2023-10-21]")["sources"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Removal removes it from the index.
    let id = search_json(&dir, "Rason")["sources"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(fd(&dir, &["source", "rm", &id[..8]]));
    assert!(search_json(&dir, "Rason")["sources"]
        .as_array()
        .unwrap()
        .is_empty());
    // A damaged index is named in one line with the advice to reindex; reindex repairs it.
    for entry in fs::read_dir(dir.join("index")).unwrap().flatten() {
        if entry.path().is_dir() {
            for f in fs::read_dir(entry.path()).unwrap().flatten() {
                if f.file_name() == "meta.json" {
                    fs::write(f.path(), "{ not json").unwrap();
                }
            }
        }
    }
    let r = fd(&dir, &["search", "Container"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("reindex"), "{}", r.stderr);
    let r = ok(fd(&dir, &["reindex"]));
    assert!(r.stdout.contains("reindexed 8 documents"), "{}", r.stdout);
    assert!(!search_json(&dir, "Container")["sources"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn index_of_another_version_is_rebuilt_on_its_own() {
    let (_tmp, dir) = demo_project();
    assert!(!search_json(&dir, "Container")["sources"]
        .as_array()
        .unwrap()
        .is_empty());
    // The layout before one analysed field: the body held exact words only (its stems were
    // in other fields). Same files, other schema.
    let mut changed = false;
    for entry in fs::read_dir(dir.join("index")).unwrap().flatten() {
        let meta = entry.path().join("meta.json");
        if let Ok(text) = fs::read_to_string(&meta) {
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            for field in v["schema"].as_array_mut().unwrap() {
                if field["name"] == "body" {
                    field["options"]["indexing"]["tokenizer"] = "fd_raw".into();
                    changed = true;
                }
            }
            fs::write(&meta, v.to_string()).unwrap();
        }
    }
    assert!(changed, "no index generation found");
    let r = ok(fd(&dir, &["search", "Container", "--json"]));
    assert!(
        r.stderr.contains("search index rebuilt from sources"),
        "{}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(!v["sources"].as_array().unwrap().is_empty(), "{v:#}");
}

/// factdesk with `FACTDESK_GERMAN_WORDLIST` set to `words` (a missing file: no list).
fn fd_words(dir: &std::path::Path, words: &std::path::Path, args: &[&str]) -> Run {
    fd_env(
        dir,
        &[("FACTDESK_GERMAN_WORDLIST", words.as_os_str())],
        args,
    )
}

fn found_ids(r: &Run) -> usize {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["sources"].as_array().unwrap().len()
}

#[test]
fn index_is_rebuilt_when_the_german_word_list_changes() {
    let (tmp, dir) = demo_project();
    let words = tmp.path().join("words.txt");
    fs::write(&words, "Alter\nGutachten\n").unwrap();
    let none = tmp.path().join("no-such-list.txt");
    let note = tmp.path().join("notiz.txt");
    fs::write(&note, "Das Altersgutachten der Kommission liegt vor.\n").unwrap();
    ok(fd_words(
        &dir,
        &words,
        &["source", "add", note.to_str().unwrap()],
    ));
    let search = ["search", "Gutachten", "--json"];
    let r = ok(fd_words(&dir, &words, &search));
    assert!(!r.stderr.contains("rebuilt"), "{}", r.stderr);
    assert_eq!(
        found_ids(&r),
        1,
        "the part finds the compound: {}",
        r.stdout
    );
    // Without the list, documents and queries are no longer split: rebuilt, not found.
    let r = ok(fd_words(&dir, &none, &search));
    assert!(
        r.stderr.contains("rebuilt") && r.stderr.contains("German word list that is gone"),
        "{}",
        r.stderr
    );
    assert_eq!(found_ids(&r), 0, "{}", r.stdout);
    // Another list: rebuilt again, split with it.
    fs::write(&words, "Alter\nGutachten\nKommission\n").unwrap();
    let r = ok(fd_words(&dir, &words, &search));
    assert!(r.stderr.contains("rebuilt"), "{}", r.stderr);
    assert_eq!(found_ids(&r), 1, "{}", r.stdout);
}

/// The workstation imports on its saver while its search worker may open the index, in one
/// process that holds the project's lock: the marker of a running import (held locked) makes
/// that opener use the index as it is, while one left by a dead import is repaired.
#[test]
fn a_running_import_in_the_same_process_is_not_taken_for_an_interrupted_one() {
    use factdesk::project::{Access, Project};
    let (_tmp, dir) = demo_project();
    let writer = Project::open(&dir, Access::Write).unwrap();
    let reader = Project::open(&dir, Access::ReadOnly).unwrap();
    let running = factdesk::search::update_started(&writer).unwrap();
    assert!(dir.join("index/update-in-progress").exists());
    let (_index, notice) = factdesk::search::open_noting(&reader).unwrap();
    assert_eq!(notice, None, "rebuilt under the running import");
    factdesk::search::update_finished(&writer, running);
    assert!(!dir.join("index/update-in-progress").exists());

    // The import dies between its start and its end: the guard goes without a finish.
    drop(factdesk::search::update_started(&writer).unwrap());
    let (_index, notice) = factdesk::search::open_noting(&reader).unwrap();
    let notice = notice.expect("an interrupted import is repaired");
    assert!(notice.contains("was interrupted"), "{notice}");
    assert!(!dir.join("index/update-in-progress").exists());
}

#[test]
fn an_interrupted_source_add_is_repaired_on_the_next_search() {
    let (_tmp, dir) = demo_project();
    let has_container = |dir: &std::path::Path| {
        let r = ok(fd(dir, &["search", "Container", "--json"]));
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        (!v["sources"].as_array().unwrap().is_empty(), r.stderr)
    };
    assert!(has_container(&dir).0);
    // What a kill between two commits of an import leaves: sources/ has the files, the
    // index lacks them (here: all of them), and the marker `source add` wrote is still there.
    let empty: Vec<factdesk_index::SourceDoc> = Vec::new();
    factdesk_index::SearchIndex::rebuild_in(dir.join("index"), Default::default(), empty).unwrap();
    assert!(
        !has_container(&dir).0,
        "without the marker nothing repairs it"
    );
    fs::write(
        dir.join("index/update-in-progress"),
        "factdesk source add|rm\n",
    )
    .unwrap();

    // While another live process holds the project (an import running now), the marker is
    // expected: a reader must not rebuild the index under it.
    let mut importer = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let lock = format!(
        "user = \"anna\"\nhost = \"{}\"\npid = {}\npid_start = 0\nstarted = \"2026-11-28T02:00:00Z\"\n",
        factdesk::project::lock::hostname(),
        importer.id()
    );
    fs::write(dir.join("factdesk.lock"), lock).unwrap();
    let (found, stderr) = has_container(&dir);
    assert!(
        !found && stderr.is_empty(),
        "rebuilt under a live writer: {stderr}"
    );
    assert!(dir.join("index/update-in-progress").exists());
    importer.kill().unwrap();
    importer.wait().unwrap();

    // The holder is gone: the next search repairs (taking the stale lock meanwhile).
    let (found, stderr) = has_container(&dir);
    assert!(found, "not repaired; stderr: {stderr}");
    assert!(stderr.contains("was interrupted"), "{stderr}");
    assert!(!dir.join("index/update-in-progress").exists());
    assert!(
        !dir.join("factdesk.lock").exists(),
        "the repair's lock is released"
    );
    // Repaired once: the next search says nothing.
    let (found, stderr) = has_container(&dir);
    assert!(found && stderr.is_empty(), "{stderr}");

    // A finished `source add` leaves no marker behind.
    let note = dir.join("notiz.txt");
    fs::write(&note, "Eine Notiz über Tichorezk.").unwrap();
    ok(fd(&dir, &["source", "add", note.to_str().unwrap()]));
    assert!(!dir.join("index/update-in-progress").exists());
}

fn scifact() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/scifact");
    if d.join("corpus.jsonl").is_file() {
        Some(d)
    } else {
        eprintln!("skipped: ../shared/data/scifact is absent");
        None
    }
}

#[test]
fn scifact_queries_produce_a_valid_trec_run() {
    let Some(data) = scifact() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(fd_plain(&[
        "init",
        dir.to_str().unwrap(),
        "--language",
        "en",
    ]));
    let r = ok(fd(
        &dir,
        &["source", "add", data.join("corpus.jsonl").to_str().unwrap()],
    ));
    assert!(r.stdout.contains("5183 added"), "{}", r.stdout);
    let run = tmp.path().join("run.txt");
    ok(fd(
        &dir,
        &[
            "search",
            "--queries",
            data.join("queries_train.jsonl").to_str().unwrap(),
            "--top",
            "10",
            "--run",
            run.to_str().unwrap(),
        ],
    ));
    let text = fs::read_to_string(&run).unwrap();
    let queries = fs::read_to_string(data.join("queries_train.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    let corpus_ids: std::collections::HashSet<String> =
        fs::read_to_string(data.join("corpus.jsonl"))
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| v["_id"].as_str().unwrap().to_string())
            .collect();
    let mut qids = std::collections::HashSet::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.len(), 6, "TREC run line: {line}");
        assert_eq!(cols[1], "Q0");
        assert!(
            corpus_ids.contains(cols[2]),
            "docid is the corpus _id: {line}"
        );
        let rank: usize = cols[3].parse().unwrap();
        assert!((1..=10).contains(&rank));
        cols[4].parse::<f32>().unwrap();
        qids.insert(cols[0].to_string());
    }
    assert_eq!(qids.len(), queries, "every query has results");
}

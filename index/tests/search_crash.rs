//! Crash safety: a writer killed with SIGKILL, and damaged index files.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use factdesk_index::search::{IndexConfig, SearchIndex};
use factdesk_index::{IndexError, Lang, SearchRequest, SourceDoc};

const CHILD_ENV: &str = "FACTDESK_SEARCH_CRASH_CHILD_DIR";
const BATCH: usize = 50;

fn doc(n: usize) -> SourceDoc {
    SourceDoc {
        id: format!("{n:064x}"),
        title: format!("Dokument {n}"),
        language: Lang::De,
        text: format!(
            "Absatz eins von Dokument {n} über Häuser und Raketen.\n\n{}",
            "Ein längerer Absatz mit vielen Wörtern, damit der Schreiber zu tun hat. ".repeat(20)
        ),
        ..SourceDoc::default()
    }
}

/// The child side: imports forever, committing every BATCH documents and reporting each
/// commit on stdout. Runs only when the parent test starts this binary with CHILD_ENV set.
#[test]
fn crash_child_writer() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut index = SearchIndex::open_or_create(&dir).unwrap();
    let mut n = 0;
    loop {
        for _ in 0..BATCH {
            index.add(&doc(n)).unwrap();
            n += 1;
        }
        index.commit().unwrap();
        println!("committed {n}");
    }
}

#[test]
fn sigkill_during_import_keeps_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "crash_child_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &index_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut committed = 0;
    let mut commits_seen = 0;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("committed ") {
            committed = n.trim().parse::<usize>().unwrap();
            commits_seen += 1;
            if commits_seen == 3 {
                break;
            }
        }
    }
    // Let the child get well into its next uncommitted batch before killing it.
    std::thread::sleep(std::time::Duration::from_millis(150));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(committed >= 3 * BATCH);

    let mut index = SearchIndex::open_or_create(&index_dir).unwrap();
    let docs_found = index
        .search(&SearchRequest {
            limit: 100_000,
            passages_per_source: 1,
            ..SearchRequest::new("Absatz")
        })
        .unwrap()
        .sources
        .len();
    // Whole batches only: the last commit seen, or one more that finished before the kill.
    assert!(docs_found >= committed, "{docs_found} < {committed}");
    assert_eq!(docs_found % BATCH, 0, "partial batch visible: {docs_found}");
    // The dead writer's lock is gone.
    index.add(&doc(1_000_000)).unwrap();
    index.commit().unwrap();
}

fn live_generation(root: &Path) -> PathBuf {
    let name = std::fs::read_to_string(root.join("CURRENT")).unwrap();
    root.join(name.trim())
}

fn index_with_docs(root: &Path) {
    let mut index = SearchIndex::open_or_create(root).unwrap();
    for n in 0..5 {
        index.add(&doc(n)).unwrap();
    }
    index.commit().unwrap();
}

fn assert_damaged(root: &Path) {
    let err = SearchIndex::open_or_create(root).unwrap_err();
    assert!(matches!(err, IndexError::Damaged { .. }), "{err:?}");
    let message = err.to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(message.contains("factdesk reindex"), "{message}");
    // Rebuilding repairs it.
    let (index, passages) =
        SearchIndex::rebuild_in(root, IndexConfig::default(), (0..3).map(doc)).unwrap();
    assert!(passages >= 3);
    assert!(!index
        .search(&SearchRequest::new("Raketen"))
        .unwrap()
        .sources
        .is_empty());
}

#[test]
fn corrupt_meta_json_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("index");
    index_with_docs(&root);
    std::fs::write(live_generation(&root).join("meta.json"), b"{ not json").unwrap();
    assert_damaged(&root);
}

#[test]
fn missing_segment_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("index");
    index_with_docs(&root);
    let victim = std::fs::read_dir(live_generation(&root))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a segment postings file");
    std::fs::remove_file(victim).unwrap();
    assert_damaged(&root);
}

#[test]
fn missing_generation_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("index");
    index_with_docs(&root);
    std::fs::remove_dir_all(live_generation(&root)).unwrap();
    assert_damaged(&root);
}

/// Openers of a fresh index that race (the workstation's search worker and its saver, two
/// commands started together), with a rebuild among them: each gets a working index, none
/// deletes the generation another is building, and the rebuilt documents are what is found.
#[test]
fn concurrent_openers_and_a_rebuild_of_a_fresh_index_all_succeed() {
    const OPENERS: usize = 6;
    for round in 0..15 {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("index");
        let start = std::sync::Barrier::new(OPENERS + 1);
        std::thread::scope(|scope| {
            let openers: Vec<_> = (0..OPENERS)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        SearchIndex::open_or_create(&root).map(|_| ())
                    })
                })
                .collect();
            let rebuild = scope.spawn(|| {
                start.wait();
                SearchIndex::rebuild_in(&root, IndexConfig::default(), (0..3).map(doc)).map(|_| ())
            });
            for (n, opener) in openers.into_iter().enumerate() {
                let opened = opener.join().unwrap();
                assert!(opened.is_ok(), "round {round}, opener {n}: {opened:?}");
            }
            let rebuilt = rebuild.join().unwrap();
            assert!(rebuilt.is_ok(), "round {round}, rebuild: {rebuilt:?}");
        });
        let index = SearchIndex::open_or_create(&root).unwrap();
        let found = index.search(&SearchRequest::new("Dokument")).unwrap();
        assert_eq!(found.sources.len(), 3, "round {round}");
    }
}

//! The source store on real folders: import, re-import, duplicates, bad input, removal,
//! reindex.

use factdesk_index::store::{ImportEvent, ImportReport, SourceKind, SourceStore};
use factdesk_index::SourceDoc;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import(store: &SourceStore, paths: &[PathBuf]) -> (ImportReport, Vec<ImportEvent>) {
    let mut events = Vec::new();
    let report = store.import(paths, &mut |e| events.push(e));
    (report, events)
}

fn added(events: &[ImportEvent]) -> Vec<&SourceDoc> {
    events
        .iter()
        .filter_map(|e| match e {
            ImportEvent::Added(d) => Some(d),
            _ => None,
        })
        .collect()
}

fn stored_files(store: &SourceStore) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const EN: &[u8] =
    b"Vaccines\n\nThe study found that the vaccine reduced hospital admissions by half.";
const DE: &[u8] =
    b"Impfstoffe\n\nDie Studie ergab, dass der Impfstoff die Krankenhausaufnahmen halbierte.";

#[test]
fn import_folder_then_reimport_only_touches_changes() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let folder = input.path().join("quellen");
    write(&folder, "a.txt", EN);
    write(&folder, "sub/b.txt", DE);
    write(&folder, ".hidden.txt", b"secret");
    write(&folder, ".git/config", b"[core]");
    let store = SourceStore::open(project.path()).unwrap();

    let (report, events) = import(&store, std::slice::from_ref(&folder));
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (2, 0, 0),
        "{report}"
    );
    assert!(report.failed.is_empty(), "{report}");
    assert_eq!(report.files, 2);
    assert!(matches!(
        events.first(),
        Some(ImportEvent::Progress { done: 0, total: 2 })
    ));
    // The import ends with a checkpoint (files on disk, the index may commit) after the
    // last progress step, so nothing announced is left uncommitted.
    assert!(matches!(events.last(), Some(ImportEvent::Checkpoint)));
    assert!(matches!(
        events[events.len() - 2],
        ImportEvent::Progress { done: 2, total: 2 }
    ));
    assert_eq!(stored_files(&store).len(), 4, "{:?}", stored_files(&store));
    let list = store.list();
    assert_eq!(list.len(), 2);
    let b = list
        .iter()
        .find(|m| m.relative_path == "quellen/sub/b.txt")
        .unwrap();
    assert_eq!(b.title, "Impfstoffe");
    assert_eq!(b.language, factdesk_index::Lang::De);
    assert_eq!(b.encoding, "UTF-8");
    assert_eq!(b.size, DE.len() as u64);
    let old_b = b.id.clone();

    // Nothing changed: everything unchanged, nothing rewritten.
    let (report, _) = import(&store, std::slice::from_ref(&folder));
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (0, 0, 2),
        "{report}"
    );

    // One file edited, one added.
    write(
        &folder,
        "sub/b.txt",
        b"Impfstoffe\n\nDie Studie ergab keine Wirkung auf die Krankenhausaufnahmen.",
    );
    write(&folder, "c.md", b"# Neu\n\nEin neuer Text auf Deutsch.");
    let (report, events) = import(&store, std::slice::from_ref(&folder));
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (1, 1, 1),
        "{report}"
    );
    let updated = events.iter().find_map(|e| match e {
        ImportEvent::Updated { old_id, doc } => Some((old_id.clone(), doc.clone())),
        _ => None,
    });
    let (old_id, doc) = updated.unwrap();
    assert_eq!(old_id, old_b);
    assert!(doc.text.contains("keine Wirkung"));
    assert!(store.meta(&old_b).is_err(), "old version removed");
    assert_eq!(store.list().len(), 3);
    assert_eq!(stored_files(&store).len(), 6);
    println!("{report}");
}

#[test]
fn duplicates_by_content() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let a = write(input.path(), "a.txt", EN);
    let b = write(input.path(), "copy-of-a.txt", EN);
    let store = SourceStore::open(project.path()).unwrap();
    let (report, _) = import(&store, &[a, b]);
    assert_eq!((report.added, report.unchanged), (1, 1), "{report}");
    assert_eq!(store.list().len(), 1);
    assert!(report.notes.iter().any(|(_, n)| n.contains("same content")));
}

#[test]
fn bad_inputs_fail_one_by_one_and_import_goes_on() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let dir = input.path().join("mixed");
    write(&dir, "good.txt", EN);
    write(&dir, "binary.txt", b"\x00\x01\x02\x03binary\x00");
    write(&dir, "empty.txt", b"");
    write(
        &dir,
        "latin1.txt",
        b"B\xFCrger\n\nDie B\xFCrger w\xE4hlten am Sonntag einen neuen Gemeinderat.",
    );
    write(
        &dir,
        "cut.html",
        b"<html><body><article><p>Abgeschnittener Artikel \xC3\xBCber <b>Wahl",
    );
    write(&dir, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("malformed.pdf"), dir.join("malformed.pdf")).unwrap();
    std::fs::copy(fixtures.join("encrypted.pdf"), dir.join("encrypted.pdf")).unwrap();
    std::fs::copy(fixtures.join("valid.pdf"), dir.join("valid.pdf")).unwrap();
    let store = SourceStore::open(project.path()).unwrap();
    let (report, events) = import(&store, std::slice::from_ref(&dir));
    println!("{report}");
    let reason = |name: &str| {
        report
            .failed
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{name} not failed: {report}"))
    };
    assert_eq!(reason("binary.txt"), "not a text file (binary content)");
    assert_eq!(reason("empty.txt"), "empty file");
    assert_eq!(reason("image.png"), "unsupported file type .png");
    assert!(
        reason("malformed.pdf").starts_with("PDF could not be read"),
        "{report}"
    );
    assert_eq!(reason("encrypted.pdf"), "PDF is encrypted");
    assert_eq!(report.added, 4, "{report}");
    let docs = added(&events);
    let latin = docs.iter().find(|d| d.title == "Bürger").unwrap();
    assert!(latin.text.contains("wählten"));
    assert!(report
        .notes
        .iter()
        .any(|(p, n)| p.ends_with("latin1.txt") && n.contains("windows-1252")));
    let meta = store
        .list()
        .into_iter()
        .find(|m| m.original_name == "latin1.txt")
        .unwrap();
    assert_eq!(meta.encoding, "windows-1252");
    assert!(docs
        .iter()
        .any(|d| d.text.starts_with("Abgeschnittener Artikel über Wahl")));
    assert!(report
        .to_string()
        .contains("binary.txt: not a text file (binary content)"));
    // The alternate form keeps the counts and notes but leaves the failure list to the caller
    // (the CLI prints failures once, on stderr).
    let short = format!("{report:#}");
    assert!(short.contains("5 failed."), "{short}");
    assert!(!short.contains("binary.txt"), "{short}");
    assert!(short.contains("latin1.txt"), "{short}");
}

#[test]
fn gz_bomb_is_a_failed_file() {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..200 {
        e.write_all(&chunk).unwrap();
    }
    let bomb = write(input.path(), "bomb.txt.gz", &e.finish().unwrap());
    let store = SourceStore::open(project.path()).unwrap();
    let (report, _) = import(&store, &[bomb]);
    assert_eq!(report.failed.len(), 1, "{report}");
    assert!(
        report.failed[0].1.contains("decompression bomb"),
        "{report}"
    );
    assert!(store.list().is_empty());
}

#[test]
fn file_disappearing_mid_import() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let dir = input.path().join("f");
    write(&dir, "1.txt", EN);
    let doomed = write(&dir, "2.txt", DE);
    let store = SourceStore::open(project.path()).unwrap();
    let mut events = Vec::new();
    let report = store.import(std::slice::from_ref(&dir), &mut |e| {
        if matches!(e, ImportEvent::Progress { done: 1, .. }) {
            std::fs::remove_file(&doomed).unwrap();
        }
        events.push(e);
    });
    assert_eq!(report.added, 1, "{report}");
    assert_eq!(report.failed.len(), 1, "{report}");
    assert!(report.failed[0].1.contains("not found"), "{report}");
}

#[test]
fn unwritable_sources_folder() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let a = write(input.path(), "a.txt", EN);
    let b = write(input.path(), "b.txt", DE);
    let store = SourceStore::open(project.path()).unwrap();
    // Root ignores permission bits, so the folder is replaced by a file to make every write
    // fail; as a normal user the folder is made read-only instead.
    let is_root = unsafe { libc::geteuid() } == 0;
    if is_root {
        std::fs::remove_dir(store.dir()).unwrap();
        std::fs::write(store.dir(), b"not a folder").unwrap();
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let (report, events) = import(&store, &[a, b]);
    assert_eq!(report.added, 0, "{report}");
    assert_eq!(report.failed.len(), 2, "{report}");
    assert!(
        report
            .failed
            .iter()
            .all(|(_, r)| r.starts_with("could not store it")),
        "{report}"
    );
    assert!(added(&events).is_empty());
    if !is_root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn fifty_megabyte_one_line_file_imports() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let sentence = "Ein sehr langer Satz ohne Zeilenumbruch über die Wirtschaft und das Wetter. ";
    let big = write(
        input.path(),
        "big.txt",
        sentence
            .repeat(50 * 1024 * 1024 / sentence.len())
            .as_bytes(),
    );
    let store = SourceStore::open(project.path()).unwrap();
    let start = std::time::Instant::now();
    let (report, events) = import(&store, &[big]);
    println!("50 MB one-line import: {:?}", start.elapsed());
    assert_eq!(report.added, 1, "{report}");
    assert_eq!(added(&events)[0].language, factdesk_index::Lang::De);
    assert!(start.elapsed().as_secs() < 120);
}

#[test]
fn symlinks_outside_the_folder_are_not_followed() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let secret = write(
        outside.path(),
        "secret.txt",
        b"Secret\n\nThis file lives outside the imported folder.",
    );
    let dir = input.path().join("in");
    let inside = write(&dir, "real.txt", EN);
    std::os::unix::fs::symlink(&secret, dir.join("link-out.txt")).unwrap();
    std::os::unix::fs::symlink(&inside, dir.join("link-in.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.join("linked-dir")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    let store = SourceStore::open(project.path()).unwrap();
    let (report, events) = import(&store, std::slice::from_ref(&dir));
    assert_eq!(report.added, 1, "{report}");
    assert_eq!(report.unchanged, 1, "link-in.txt is a duplicate: {report}");
    assert!(added(&events).iter().all(|d| !d.text.contains("outside")));
}

#[test]
fn importing_the_project_itself_never_reads_sources() {
    let project = tempfile::tempdir().unwrap();
    write(project.path(), "notes/n.txt", EN);
    let store = SourceStore::open(project.path()).unwrap();
    let (report, _) = import(&store, &[project.path().to_owned()]);
    assert_eq!(report.added, 1, "{report}");
    let (report, _) = import(&store, &[project.path().to_owned()]);
    assert_eq!((report.added, report.unchanged), (0, 1), "{report}");
    assert_eq!(store.list().len(), 1);
}

#[test]
fn jsonl_corpus_one_doc_per_record_and_update() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let corpus = write(
        input.path(),
        "corpus.jsonl",
        b"{\"_id\":\"1\",\"title\":\"A\",\"text\":\"Alpha text about proteins.\"}\n{\"_id\":\"2\",\"title\":\"B\",\"text\":\"Beta text about genes.\"}\nnot json\n",
    );
    let store = SourceStore::open(project.path()).unwrap();
    let (report, events) = import(&store, std::slice::from_ref(&corpus));
    assert_eq!(report.added, 2, "{report}");
    assert_eq!(
        report.failed,
        vec![(
            corpus.clone(),
            "line 3: not a JSON record (expected ident at line 1 column 2)".to_owned()
        )]
    );
    let docs = added(&events);
    assert_eq!(docs[0].original_id.as_deref(), Some("1"));
    // The corpus is flushed to disk (a checkpoint) before any of its records is announced.
    let first_checkpoint = events
        .iter()
        .position(|e| *e == ImportEvent::Checkpoint)
        .expect("a checkpoint");
    let first_added = events
        .iter()
        .position(|e| matches!(e, ImportEvent::Added(_)))
        .unwrap();
    assert!(first_checkpoint < first_added, "{events:?}");
    let list = store.list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].kind, SourceKind::Corpus);
    assert_eq!(list[0].records, vec!["1".to_owned(), "2".to_owned()]);
    let id2 = docs[1].id.clone();
    assert_eq!(store.load_doc(&id2).unwrap().title, "B");

    // Record 2 changes, record 3 is new, record 1 stays.
    write(
        input.path(),
        "corpus.jsonl",
        b"{\"_id\":\"1\",\"title\":\"A\",\"text\":\"Alpha text about proteins.\"}\n{\"_id\":\"2\",\"title\":\"B\",\"text\":\"Beta text about genes, corrected.\"}\n{\"_id\":\"3\",\"title\":\"C\",\"text\":\"Gamma.\"}\n",
    );
    let (report, events) = import(&store, std::slice::from_ref(&corpus));
    assert_eq!(
        (report.added, report.unchanged, report.removed),
        (2, 1, 1),
        "{report}"
    );
    assert!(events.contains(&ImportEvent::Removed(id2.clone())));
    assert_eq!(store.list().len(), 1);
    let all: Vec<SourceDoc> = store.iter_docs().map(Result::unwrap).collect();
    assert_eq!(all.len(), 3);
    let ids = store.remove(&store.list()[0].id).unwrap();
    assert_eq!(ids.len(), 3);
    assert!(store.list().is_empty());
    assert!(
        stored_files(&store).is_empty(),
        "{:?}",
        stored_files(&store)
    );
}

#[test]
fn reindex_from_sources_alone_and_broken_metadata() {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let a = write(
        input.path(),
        "a.md",
        b"---\ntitle: Alpha\n---\nAlpha body in English, long enough to detect.",
    );
    let b = write(
        input.path(),
        "b.html",
        b"<title>Beta</title><p>Beta body.</p>",
    );
    let store = SourceStore::open(project.path()).unwrap();
    let (_, events) = import(&store, &[a, b]);
    let mut first: Vec<SourceDoc> = added(&events).into_iter().cloned().collect();
    first.sort_by(|x, y| x.id.cmp(&y.id));

    // A fresh handle on the same folder yields the same documents.
    let store = SourceStore::open(project.path()).unwrap();
    let mut again: Vec<SourceDoc> = store.iter_docs().map(Result::unwrap).collect();
    again.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(first, again);
    assert_eq!(store.load_doc(&first[0].id).unwrap(), first[0]);

    // Corrupt one metadata file: it is reported by name, the other still loads.
    let broken = store.dir().join(format!("{}.toml", first[0].id));
    std::fs::write(&broken, b"id = [unclosed").unwrap();
    let (metas, problems) = store.list_all();
    assert_eq!(metas.len(), 1);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .contains(&format!("{}.toml", first[0].id)),
        "{}",
        problems[0]
    );
    let results: Vec<_> = store.iter_docs().collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert_eq!(results.iter().filter(|r| r.is_err()).count(), 1);

    // A metadata file that points outside sources/ is refused.
    std::fs::write(&broken, format!("id = \"{}\"\nfile = \"../../etc/passwd\"\noriginal_name = \"x\"\nrelative_path = \"x\"\norigin = \"/x\"\nimported_at = \"\"\nsize = 1\nencoding = \"UTF-8\"\n", first[0].id)).unwrap();
    assert!(store.load_doc(&first[0].id).is_err());

    let removed = store.remove(&first[1].id).unwrap();
    assert_eq!(removed, vec![first[1].id.clone()]);
    assert!(store.load_doc(&first[1].id).is_err());
}

#[test]
fn scifact_corpus_import_and_reindex_if_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/scifact/corpus.jsonl");
    if !path.exists() {
        println!(
            "SKIP: shared SciFact corpus not found at {}",
            path.display()
        );
        return;
    }
    let project = tempfile::tempdir().unwrap();
    let store = SourceStore::open(project.path()).unwrap();
    let start = std::time::Instant::now();
    let mut added = 0;
    let report = store.import(&[path], &mut |e| {
        if matches!(e, ImportEvent::Added(_)) {
            added += 1;
        }
    });
    println!("SciFact import: {:?}", start.elapsed());
    assert_eq!(added, 5183, "{report}");
    assert!(report.failed.is_empty(), "{report}");
    assert_eq!(store.list()[0].records.len(), 5183);
    let start = std::time::Instant::now();
    let n = store.iter_docs().filter(|d| d.is_ok()).count();
    println!("SciFact reindex from sources/: {:?}", start.elapsed());
    assert_eq!(n, 5183);
}

/// A fresh store with one file imported from its own input folder: (project, input, file,
/// store); the temp folders live as long as the caller keeps them.
fn store_with_one_file(
    name: &str,
    bytes: &[u8],
) -> (tempfile::TempDir, tempfile::TempDir, PathBuf, SourceStore) {
    let project = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let file = write(input.path(), name, bytes);
    let store = SourceStore::open(project.path()).unwrap();
    let (report, _) = import(&store, std::slice::from_ref(&file));
    assert_eq!(report.added, 1, "{report}");
    (project, input, file, store)
}

#[test]
fn metadata_names_no_local_path_and_old_absolute_origins_still_match() {
    let (_project, input, file, store) = store_with_one_file("notiz.txt", EN);
    let meta_file = store.dir().join(format!("{}.toml", store.list()[0].id));
    let text = std::fs::read_to_string(&meta_file).unwrap();
    let local = input.path().to_string_lossy().into_owned();
    assert!(!text.contains(&local), "{text}");

    // A project written by an older version recorded the absolute path: a changed file at
    // that path still replaces its source instead of adding a second one.
    let absolute = std::path::absolute(&file).unwrap();
    let old_style: String = text
        .lines()
        .map(|l| {
            if l.starts_with("origin = ") {
                format!("origin = {:?}", absolute.to_string_lossy())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&meta_file, old_style).unwrap();
    std::fs::write(&file, DE).unwrap();
    let (report, _) = import(&store, std::slice::from_ref(&file));
    assert_eq!((report.added, report.updated), (0, 1), "{report:?}");
    assert_eq!(store.list().len(), 1);
    let rewritten = store.dir().join(format!("{}.toml", store.list()[0].id));
    assert!(!std::fs::read_to_string(rewritten).unwrap().contains(&local));
}

#[test]
fn a_short_stored_copy_is_refused_and_replaced_by_the_next_import() {
    // What a power cut before a checkpoint can leave: the metadata on disk, the copy short.
    let (_project, _input, file, store) = store_with_one_file("a.txt", EN);
    let meta = store.list().remove(0);
    let copy = store.dir().join(&meta.file);
    std::fs::write(&copy, &EN[..10]).unwrap();

    let err = store.load_doc(&meta.id).unwrap_err().to_string();
    assert!(err.contains(&meta.file), "{err}");
    assert!(err.contains("incomplete (10 of"), "{err}");

    // Same path, same content: not "unchanged", the copy is written again.
    let (report, _) = import(&store, std::slice::from_ref(&file));
    assert_eq!((report.added, report.unchanged), (1, 0), "{report}");
    assert_eq!(std::fs::read(&copy).unwrap(), EN);
    assert!(store.load_doc(&meta.id).is_ok());
}

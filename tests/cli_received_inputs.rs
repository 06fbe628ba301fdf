//! Found by the third outside pass: output that cannot be written, claim files that name
//! another claim, and endless inputs. Each through the real binary.

mod common;
use common::*;
use std::fs;
use std::process::Stdio;

/// factdesk with its standard output on `/dev/full` (every write fails: the disk is full).
fn to_full_disk(dir: &std::path::Path, args: &[&str]) -> Run {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    fd_command(dir, args)
        .stdout(Stdio::from(full))
        .output()
        .expect("factdesk runs")
        .into()
}

/// factdesk reading `input` on its standard input.
fn with_stdin(dir: &std::path::Path, args: &[&str], input: Stdio) -> Run {
    fd_command(dir, args)
        .stdin(input)
        .output()
        .expect("factdesk runs")
        .into()
}

#[test]
fn output_that_cannot_be_written_is_a_plain_error_and_what_was_saved_stays() {
    let (_tmp, dir) = demo_project();
    for args in [
        vec!["claims"],
        vec!["claims", "--json"],
        vec!["history"],
        vec!["claim", "show", "1"],
        vec!["source", "ls"],
        vec!["search", "Kim"],
    ] {
        let r = to_full_disk(&dir, &args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("cannot write the output"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("panicked") && !r.stderr.contains("src/"),
            "{}",
            r.stderr
        );
    }
    // An edit is saved, its lock released, and the failed output said.
    let r = to_full_disk(&dir, &["verdict", "set", "3", "--rating", "Falsch"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("what the command saved is kept"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("factdesk.lock").exists());
    let shown = ok(fd(&dir, &["claim", "show", "3"]));
    assert!(shown.stdout.contains("Falsch"), "{}", shown.stdout);
}

#[test]
fn a_claim_file_holding_another_claims_id_is_never_edited_as_that_claim() {
    let (_tmp, dir) = demo_project();
    let claims = dir.join("claims");
    let one = fs::read_to_string(claims.join("0001.toml")).unwrap();
    // A bad merge or hand edit: the id inside names claim 1.
    let five = fs::read_to_string(claims.join("0005.toml")).unwrap();
    fs::write(
        claims.join("0005.toml"),
        five.replacen("id = 5", "id = 1", 1),
    )
    .unwrap();
    // A link to another claim's file.
    fs::remove_file(claims.join("0007.toml")).unwrap();
    std::os::unix::fs::symlink("0008.toml", claims.join("0007.toml")).unwrap();
    let eight = fs::read_to_string(claims.join("0008.toml")).unwrap();
    for (id, names) in [("5", "holds claim id 1"), ("7", "holds claim id 8")] {
        let r = fd(&dir, &["verdict", "set", id, "--rating", "Falsch"]);
        assert_eq!(r.code, 1, "claim {id}: {}", r.stdout);
        assert!(r.stderr.contains(names), "{}", r.stderr);
    }
    assert_eq!(fs::read_to_string(claims.join("0001.toml")).unwrap(), one);
    assert_eq!(fs::read_to_string(claims.join("0008.toml")).unwrap(), eight);
}

#[test]
fn endless_inputs_are_refused_not_read_into_memory() {
    let (_tmp, dir) = demo_project();
    let run = dir.join("run.txt");
    let r = fd_within(
        &dir,
        &[
            "search",
            "--queries",
            "/dev/zero",
            "--run",
            run.to_str().unwrap(),
        ],
        std::time::Duration::from_secs(60),
    )
    .expect("search --queries /dev/zero ends");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("longer than 64 MiB"), "{}", r.stderr);
    let zero = fs::File::open("/dev/zero").unwrap();
    let r = with_stdin(
        &dir,
        &["verdict", "set", "1", "--explanation", "-"],
        Stdio::from(zero),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("more than 16 MiB"), "{}", r.stderr);
}

#[test]
fn a_sentence_too_long_to_be_a_claim_is_kept_in_the_article_but_not_made_a_claim() {
    let (tmp, dir) = demo_project();
    let before = fs::read_dir(dir.join("claims")).unwrap().count();
    let file = tmp.path().join("einzeilig.txt");
    let endless = "wort ".repeat(20_000);
    fs::write(
        &file,
        format!("Der Minister sagte, es gebe 290 Kilometer Autobahn.\n\n{endless}\n"),
    )
    .unwrap();
    ok(fd(&dir, &["article", "add", file.to_str().unwrap()]));
    let after = fs::read_dir(dir.join("claims")).unwrap().count();
    assert_eq!(after, before + 1, "only the real sentence is a claim");
    let r = ok(fd(&dir, &["claims", "--all"]));
    assert!(
        r.stderr.lines().all(|l| !l.contains("refused")),
        "{}",
        r.stderr
    );
}

#[test]
fn no_edit_writes_a_claim_file_too_large_to_be_read_back() {
    let (tmp, dir) = demo_project();
    let before = fs::read_to_string(dir.join("claims/0001.toml")).unwrap();
    // Just under the 16 MiB of standard input an explanation may take; the file around it
    // would pass the 16 MiB factdesk reads back.
    let big = tmp.path().join("big.txt");
    fs::write(&big, "a".repeat((16 << 20) - 16)).unwrap();
    let input = Stdio::from(fs::File::open(&big).unwrap());
    let r = with_stdin(&dir, &["verdict", "set", "1", "--explanation", "-"], input);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("more than the 16 MiB factdesk reads back"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.join("claims/0001.toml")).unwrap(),
        before
    );
    let listed = ok(fd(&dir, &["claims", "--all"]));
    assert!(!listed.stderr.contains("refused"), "{}", listed.stderr);
    let log = ok(fd(&dir, &["history", "1"]));
    assert!(
        !log.stdout.contains("verdict.explanation"),
        "{}",
        log.stdout
    );
}

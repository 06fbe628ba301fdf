//! Bad input: each gets a one-line error naming the file and the problem, exit code 1, and
//! nothing already saved changes.

mod common;
use common::*;
use std::fs;

fn assert_user_error_naming(r: &Run, needle: &str, problem: &str) {
    assert_eq!(r.code, 1, "exit code 1 expected; stderr: {}", r.stderr);
    assert_eq!(
        r.stderr.trim().lines().count(),
        1,
        "one line expected: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(needle),
        "error should name {needle:?}: {}",
        r.stderr
    );
    assert!(
        r.stderr.to_lowercase().contains(problem),
        "error should say {problem:?}: {}",
        r.stderr
    );
}

#[test]
fn article_bad_inputs_change_nothing() {
    let (tmp, dir) = demo_project();
    let before = snapshot(&dir);
    let missing = tmp.path().join("fehlt.txt");
    assert_user_error_naming(
        &fd(&dir, &["article", "add", missing.to_str().unwrap()]),
        "fehlt.txt",
        "no such file",
    );

    let binary = tmp.path().join("bild.txt");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 251) as u8));
    fs::write(&binary, png).unwrap();
    assert_user_error_naming(
        &fd(&dir, &["article", "add", binary.to_str().unwrap()]),
        "bild.txt",
        "binary",
    );

    let empty = tmp.path().join("leer.txt");
    fs::write(&empty, "").unwrap();
    assert_user_error_naming(
        &fd(&dir, &["article", "add", empty.to_str().unwrap()]),
        "leer.txt",
        "empty",
    );

    let blank = tmp.path().join("blank.md");
    fs::write(&blank, "---\ntitle: nur Kopf\n---\n\n   \n").unwrap();
    assert_user_error_naming(
        &fd(&dir, &["article", "add", blank.to_str().unwrap()]),
        "blank.md",
        "no readable text",
    );

    let pdf = tmp.path().join("artikel.pdf");
    fs::write(&pdf, "%PDF-1.4").unwrap();
    assert_user_error_naming(
        &fd(&dir, &["article", "add", pdf.to_str().unwrap()]),
        "artikel.pdf",
        ".pdf",
    );

    let folder = tmp.path().join("ordner.txt");
    fs::create_dir(&folder).unwrap();
    assert_user_error_naming(
        &fd(&dir, &["article", "add", folder.to_str().unwrap()]),
        "ordner.txt",
        "directory",
    );

    assert_eq!(
        before,
        snapshot(&dir),
        "a failed import must not change the project"
    );
}

#[test]
fn windows_1252_article_is_read_with_a_warning_naming_the_file() {
    let (tmp, dir) = demo_project();
    let path = tmp.path().join("cp1252.txt");
    // "Größere Häuser kosten 3,5 Mio. Euro." in Windows-1252.
    // Windows-1252 agrees with Latin-1 for these letters: one byte per character.
    let bytes: Vec<u8> =
        "Größere Häuser in München kosten 3,5 Mio. Euro. Das sagte der Bürgermeister am 13. März."
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
    fs::write(&path, &bytes).unwrap();
    let r = ok(fd(&dir, &["article", "add", path.to_str().unwrap()]));
    assert!(
        r.stderr.contains("cp1252.txt") && r.stderr.contains("not UTF-8"),
        "{}",
        r.stderr
    );
    let claims = claims_json(&dir);
    assert!(
        claims
            .iter()
            .any(|c| c["text"] == "Größere Häuser in München kosten 3,5 Mio. Euro."),
        "umlauts decoded"
    );
}

#[test]
fn same_article_twice_is_refused() {
    let (tmp, dir) = demo_project();
    let p = tmp.path().join("a.txt");
    fs::write(&p, "Ein Satz. Noch einer.").unwrap();
    ok(fd(&dir, &["article", "add", p.to_str().unwrap()]));
    let r = fd(&dir, &["article", "add", p.to_str().unwrap()]);
    assert_user_error_naming(&r, "a.txt", "already imported");
}

#[test]
fn broken_claim_file_is_reported_and_never_overwritten() {
    let (_tmp, dir) = demo_project();
    let path = dir.join("claims").join("0003.toml");
    let broken = "id = 3\narticle = \"x\"\nspan = [1, \nthis is not toml\n";
    fs::write(&path, broken).unwrap();
    // Listing goes on and names the file.
    let r = ok(fd(&dir, &["claims"]));
    assert!(r.stderr.contains("0003.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("line"),
        "the problem's line is named: {}",
        r.stderr
    );
    // Writing to it is refused, and the file stays as the user left it.
    let r = fd(&dir, &["verdict", "set", "3", "--rating", "Falsch"]);
    assert_user_error_naming(&r, "0003.toml", "line");
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    // A new claim does not take its id.
    ok(fd(&dir, &["claim", "add", "--span", "0:9"]));
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    // Invalid UTF-8 in a claim file.
    let path7 = dir.join("claims").join("0007.toml");
    fs::write(&path7, b"id = 7\ntext = \"\xff\xfe\"\n").unwrap();
    let r = fd(&dir, &["verdict", "set", "7", "--status", "done"]);
    assert_user_error_naming(&r, "0007.toml", "utf-8");
}

#[test]
fn newer_manifest_format_is_refused_by_name() {
    let (_tmp, dir) = demo_project();
    let path = dir.join("factdesk.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("format = 1", "format = 2");
    fs::write(&path, &text).unwrap();
    let before = snapshot(&dir);
    for args in [
        vec!["claims"],
        vec!["verdict", "set", "1", "--status", "done"],
    ] {
        let r = fd(&dir, &args);
        assert_user_error_naming(&r, "factdesk.toml", "newer");
    }
    assert_eq!(before, snapshot(&dir));
}

#[test]
fn broken_manifest_names_the_line() {
    let (_tmp, dir) = demo_project();
    let path = dir.join("factdesk.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\n[organisation\nname = 1\n");
    fs::write(&path, &text).unwrap();
    let r = fd(&dir, &["claims"]);
    assert_user_error_naming(&r, "factdesk.toml", "line");
}

#[test]
fn a_date_that_is_no_day_of_the_calendar_is_refused_everywhere_a_date_is_taken() {
    let (tmp, dir) = demo_project();
    let article = tmp.path().join("neu.txt");
    fs::write(&article, "Der Minister sagte am Montag etwas Neues.\n").unwrap();
    let art = article.to_str().unwrap();
    let before = snapshot(&dir);
    for bad in [
        "2023-02-30",
        "2023-02-29",
        "2100-02-29",
        "2023-04-31",
        "2023-13-01",
        "31.6.2024",
    ] {
        let r = fd(&dir, &["article", "add", art, "--date", bad]);
        assert_user_error_naming(&r, &format!("--date \"{bad}\""), "yyyy-mm-dd");
        let r = fd(&dir, &["article", "edit", "--date", bad]);
        assert_user_error_naming(&r, &format!("--date \"{bad}\""), "yyyy-mm-dd");
        let r = fd(&dir, &["search", "Minister", "--after", bad]);
        assert_user_error_naming(&r, bad, "not a date");
    }
    let r = fd(&dir, &["article", "edit", "--date", "2023-02-30"]);
    assert!(
        r.stderr.contains("February 2023 has 28 days"),
        "{}",
        r.stderr
    );
    assert_eq!(before, snapshot(&dir), "a refused date must change nothing");

    // A leap day exists; a date in an article's front matter that does not is left empty.
    ok(fd(&dir, &["article", "edit", "--date", "2024-02-29"]));
    let front = tmp.path().join("kopf.md");
    fs::write(
        &front,
        "---\ntitle: Kopf\ndate: 2023-02-30\n---\n\nEin Satz im Text.\n",
    )
    .unwrap();
    ok(fd(&dir, &["article", "add", front.to_str().unwrap()]));
    let r = ok(fd(&dir, &["article", "ls", "--json"]));
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let dates: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["date"].as_str().unwrap_or(""))
        .collect();
    assert!(dates.contains(&"2024-02-29"), "{dates:?}");
    assert!(!dates.iter().any(|d| d.contains("02-30")), "{dates:?}");
}

#[test]
fn a_hostile_lock_is_described_field_by_field_and_hides_nothing_of_the_message() {
    let (_tmp, dir) = demo_project();
    let lock = "user = \"anna\\u001b]8;;http://x\\u0007\"\nhost = \"h\\u001b[31mred\\u009b\"\n\
                pid = 1\npid_start = 0\nstarted = \"2026\\u202e\"\n";
    fs::write(dir.join("factdesk.lock"), lock).unwrap();
    let r = fd(&dir, &["verdict", "set", "1", "--notes", "x"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("being edited by anna on hred (pid 1, since 2026"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("try again when they are done"),
        "{}",
        r.stderr
    );
    assert!(
        printable(&r.stderr) && !r.stderr.contains('\u{1b}'),
        "{:?}",
        r.stderr
    );
}

#[test]
fn a_hand_edited_rating_off_the_scale_is_named_and_never_published() {
    let (_tmp, dir) = demo_project();
    ok(fd(
        &dir,
        &["claim", "edit", "2", "--claimant", "Dmitri Peskow"],
    ));
    ok(fd(
        &dir,
        &[
            "verdict",
            "set",
            "2",
            "--rating",
            "Falsch",
            "--explanation",
            "Es gibt Belege.",
        ],
    ));
    // Someone edits the file by hand (or a merge brings a label of another desk's scale),
    // with an escape sequence in it.
    let path = dir.join("claims").join("0002.toml");
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replace("rating = \"Falsch\"", "rating = \"Fake\\u001b[31mROT\"");
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    // Listing names the file and the scale's labels, without the escape.
    let r = ok(fd(&dir, &["claims"]));
    assert!(
        r.stderr
            .contains("claims/0002.toml: rating \"FakeROT\" is not on the")
            && r.stderr.contains("Falsch"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
    // It cannot be set to done, approved or published.
    let r = fd(&dir, &["verdict", "set", "2", "--status", "done"]);
    assert_user_error_naming(&r, "claim 2", "not on the");
    assert_eq!(claims_json(&dir)[1]["status"], "open");
    // Marked done by hand too: the ClaimReview export refuses, naming the claim.
    fs::write(
        &path,
        edited.replace("status = \"open\"", "status = \"done\""),
    )
    .unwrap();
    let out = dir.join("cr.jsonld");
    let r = fd(
        &dir,
        &[
            "export",
            "--format",
            "claimreview",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        r.code == 1
            && r.stderr
                .contains("claim 2: rating \"FakeROT\" is not on the"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    // A rating from the scale makes it publishable.
    ok(fd(&dir, &["verdict", "set", "2", "--rating", "falsch"]));
    let r = ok(fd(
        &dir,
        &[
            "export",
            "--format",
            "claimreview",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(!r.stderr.contains("not on the"), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v[0]["reviewRating"]["alternateName"], "Falsch");
}

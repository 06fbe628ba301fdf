//! A claim's text is one line as a reader sees it: tabs, line breaks and soft hyphens from an
//! article, a command-line value or a hand-edited claim file are normalised, and what the
//! CLI prints carries none of them.

mod common;
use common::*;
use std::fs;

fn texts(dir: &std::path::Path) -> Vec<String> {
    claims_json(dir)
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_plain(text: &str) {
    assert!(!text.contains(['\t', '\u{ad}', '\r']), "{text:?}");
    assert!(printable(text), "{text:?}");
}

#[test]
fn tabs_and_soft_hyphens_are_normalised_at_import_edit_and_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(fd_plain(&["init", dir.to_str().unwrap()]));
    let article = tmp.path().join("a.txt");
    fs::write(
        &article,
        "Der Kreml\u{ad}sprecher sagte am Dienstag etwas.\n\nTabulator\there mit\u{200b}Nullbreite.\n",
    )
    .unwrap();
    ok(fd(&dir, &["article", "add", article.to_str().unwrap()]));
    let imported = texts(&dir);
    assert!(
        imported.contains(&"Der Kremlsprecher sagte am Dienstag etwas.".to_owned()),
        "{imported:?}"
    );
    assert!(
        imported.contains(&"Tabulator here mit⟨U+200B⟩Nullbreite.".to_owned()),
        "{imported:?}"
    );

    // An edit from the command line.
    ok(fd(
        &dir,
        &["claim", "edit", "1", "--text", "Neu\tmit\u{ad}\n Tab"],
    ));
    assert_eq!(texts(&dir)[0], "Neu mitTab");

    // A claim file edited by hand: read normalised, listed without a tab.
    let path = dir.join("claims/0002.toml");
    let raw = fs::read_to_string(&path).unwrap();
    let edited = raw.replacen(
        "text = \"Tabulator here mit⟨U+200B⟩Nullbreite.\"",
        "text = \"Hand\\tbearbeitet\\u00ADer Text\\u2060.\"",
        1,
    );
    assert_ne!(raw, edited, "{raw}");
    fs::write(&path, edited).unwrap();
    // The word joiner is shown, as the sanitiser shows every hidden character.
    assert_eq!(texts(&dir)[1], "Hand bearbeiteter Text⟨U+2060⟩.");
    for args in [
        &["claims"][..],
        &["claims", "--all"],
        &["claim", "show", "2"],
    ] {
        let r = ok(fd(&dir, args));
        assert_plain(&r.stdout);
        assert!(r.stdout.contains("Hand bearbeiteter Text"), "{}", r.stdout);
    }
}

//! `:add URL/PATH...` in the real workstation (tmux, 80x24) against the test HTTP server on
//! 127.0.0.1 (tests/web/server.py): a page fetched from the palette is searchable at once,
//! and the sources pane and the reader show its URL and capture; a failing URL is named with
//! its reason and adds nothing; keys keep working while a slow server answers.

mod common;
#[path = "web/support.rs"]
mod support;
#[path = "common/tmux.rs"]
mod tmux;

use std::path::{Path, PathBuf};

use common::{ok, test_data_dir};
use serde_json::Value;
use support::{fd, Server, PROXY_VARS};
use tmux::Tmux;

fn new_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(common::fd_plain(&["init", dir.to_str().unwrap()]));
    (tmp, dir)
}

fn sources(dir: &Path) -> Vec<Value> {
    serde_json::from_str(&ok(fd(dir, &["source", "ls", "--json"])).stdout).unwrap()
}

/// The workstation on `dir` at 80x24, with no proxy from the environment (the loopback is
/// reached directly).
fn workstation(name: &str, dir: &Path) -> Option<Tmux> {
    let data = format!("FACTDESK_DATA_DIR={}", test_data_dir().display());
    let mut cmd = vec!["env"];
    for var in PROXY_VARS {
        cmd.extend(["-u", var]);
    }
    let bin = common::bin().display().to_string();
    let dir = dir.display().to_string();
    cmd.extend(["FACTDESK_USER=tester", &data, &bin, "open", &dir]);
    let t = Tmux::start(name, &cmd, 80, 24)?;
    t.wait_for("? help");
    Some(t)
}

fn palette(t: &Tmux, line: &str) {
    t.keys(&[":"]);
    t.text(line);
    t.keys(&["Enter"]);
}

#[test]
fn a_page_added_from_the_palette_is_searchable_and_shows_its_capture() {
    let server = Server::start();
    let (_tmp, dir) = new_project();
    let Some(t) = workstation("add", &dir) else {
        return;
    };
    let url = server.url("/page");
    palette(&t, &format!("add {url}"));
    t.wait_for("added 1 source");
    // Searching finds the page by a word only it has, and the pane names where it came from.
    t.keys(&["Tab", "/"]);
    t.text("Wladiwostok");
    let screen = t.wait_for("Hafenbericht Rason");
    assert!(screen.contains(&url), "{screen}");
    assert!(screen.contains("captured 20"), "{screen}");
    assert!(screen.contains(", sha256 "), "{screen}");
    // The reader: publisher, URL and capture time above the text.
    t.keys(&["Enter", "Enter"]);
    let screen = t.wait_for("Esc closes");
    let listed = sources(&dir);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let at = listed[0]["captured_at"].as_str().unwrap().to_string();
    let sha = listed[0]["sha256"].as_str().unwrap().to_string();
    let shown = format!(
        "captured {} {} UTC, sha256 {}",
        &at[..10],
        &at[11..16],
        &sha[..12]
    );
    assert!(screen.contains(&shown), "{shown} not in\n{screen}");
    assert!(screen.contains(&url), "{screen}");
    assert!(screen.contains("Testzeitung"), "{screen}");
    assert!(screen.contains("Wladiwostok"), "{screen}");
    // Every line fits the 80 columns: nothing wrapped into the next one.
    for line in screen.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}

#[test]
fn a_failing_url_is_named_with_its_reason_and_the_rest_is_added() {
    let server = Server::start();
    let (tmp, dir) = new_project();
    let Some(t) = workstation("fail", &dir) else {
        return;
    };
    let missing = server.url("/missing");
    palette(&t, &format!("add {missing}"));
    let screen = t.wait_for("nothing added");
    assert!(screen.contains("/missing: HTTP 404"), "{screen}");
    assert!(sources(&dir).is_empty());
    let stored: Vec<_> = std::fs::read_dir(dir.join("sources"))
        .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(stored.is_empty(), "nothing half-written: {stored:?}");
    // A file and a failing URL: the file is added, the URL named.
    let note = tmp.path().join("notiz.txt");
    std::fs::write(&note, "Eine Notiz mit dem Wort Quittungsbeleg.\n").unwrap();
    palette(
        &t,
        &format!("add {} {}", note.display(), server.url("/broken")),
    );
    let screen = t.wait_for("added 1 source;");
    assert!(screen.contains("/broken: HTTP 500"), "{screen}");
    assert_eq!(sources(&dir).len(), 1);
    t.keys(&["Tab", "/"]);
    t.text("Quittungsbeleg");
    t.wait_for("Eine Notiz mit dem Wort Quittungsbeleg");
}

#[test]
fn keys_work_while_a_slow_server_answers() {
    let server = Server::start();
    let (_tmp, dir) = new_project();
    let Some(t) = workstation("slow", &dir) else {
        return;
    };
    // /slow answers after 4 s: the pane switch is drawn before the page is stored.
    palette(&t, &format!("add {}", server.url("/slow")));
    t.wait_for("adding sources: 1 of 1");
    t.keys(&["Tab"]);
    // The key cleared the message; the status bar still says sources are being added.
    let screen = t.wait_for("to suggest evidence");
    assert!(screen.contains("adding sources…"), "{screen}");
    assert!(sources(&dir).is_empty(), "the fetch was still running");
    t.wait_for("added 1 source");
    assert_eq!(sources(&dir).len(), 1);
}

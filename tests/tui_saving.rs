//! Typed text is never lost: a field changed on disk while it is open in the editor keeps both
//! versions (found by content, not by the file's time), and text whose save fails goes into a
//! recovery file that `q` points to before it quits.

mod common;
use common::desk::Desk;
use std::time::Duration;

use crossterm::event::KeyCode;
use factdesk::tui::msg::Msg;
use factdesk::tui::recovery;

/// Change a claim file behind the workstation's back and give the file its old time again, as
/// a copy with preserved times (`cp -p`, `rsync -t`, some `git` checkouts) would.
fn outside_keeping_mtime(d: &Desk, id: u32, explanation: &str) {
    let path = d.root.join(format!("claims/{id:04}.toml"));
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    d.outside(id, |c| c.verdict.explanation = explanation.into());
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
}

fn autosave(d: &mut Desk) {
    d.now += Duration::from_millis(500);
    d.msg(Msg::Tick);
}

#[test]
fn an_outside_change_to_the_field_being_edited_keeps_both_versions() {
    let mut d = Desk::new();
    let id = d.id();
    d.key(KeyCode::Char('e'));
    d.keys("Meine Begründung.");
    autosave(&mut d);
    assert_eq!(d.disk(id).verdict.explanation, "Meine Begründung.");
    // Typing goes on while a colleague's version lands on disk with the old file time.
    d.keys(" Zweiter Satz.");
    outside_keeping_mtime(&d, id, "Ihre Begründung.");
    autosave(&mut d);
    let on_disk = d.disk(id).verdict.explanation;
    assert!(
        on_disk.starts_with("Meine Begründung. Zweiter Satz."),
        "{on_disk}"
    );
    assert!(on_disk.contains("changed outside this editor"), "{on_disk}");
    assert!(on_disk.ends_with("Ihre Begründung."), "{on_disk}");
    assert!(
        d.s.message.contains("both versions kept"),
        "{}",
        d.s.message
    );
    // The editor shows both too, and later typing does not count as another conflict.
    let editor = &d.s.editing().unwrap().editor.text;
    assert_eq!(editor, &on_disk);
    // The cursor stays in the typed version: typing goes on there.
    d.keys(" Ende");
    autosave(&mut d);
    let want = on_disk.replacen("Zweiter Satz.", "Zweiter Satz. Ende", 1);
    assert_eq!(d.disk(id).verdict.explanation, want);
    assert_eq!(
        d.disk(id)
            .verdict
            .explanation
            .matches("changed outside")
            .count(),
        1
    );
}

#[test]
fn an_outside_change_before_the_editor_opened_is_kept_too() {
    let mut d = Desk::new();
    let id = d.id();
    // The workstation still shows the empty explanation; the file already has another.
    outside_keeping_mtime(&d, id, "Schon da.");
    d.key(KeyCode::Char('e'));
    d.keys("Neu.");
    d.key(KeyCode::Esc);
    let on_disk = d.disk(id).verdict.explanation;
    assert!(
        on_disk.starts_with("Neu.") && on_disk.ends_with("Schon da."),
        "{on_disk}"
    );
}

#[test]
fn a_one_line_field_keeps_the_other_version_in_the_notes() {
    let mut d = Desk::new();
    let id = d.id();
    let theirs = "Ein anderer Wortlaut der Behauptung.";
    d.key(KeyCode::Char('E'));
    d.key(KeyCode::Backspace);
    d.outside(id, |c| c.text = theirs.into());
    d.key(KeyCode::Enter);
    let c = d.disk(id);
    assert_ne!(c.text, theirs, "the typed text is saved");
    assert!(c.verdict.notes.contains(theirs), "{}", c.verdict.notes);
    assert!(d.s.message.contains("in the notes"), "{}", d.s.message);
}

#[test]
fn a_failing_save_keeps_the_text_in_a_recovery_file_and_q_says_where() {
    let mut d = Desk::new();
    std::env::set_var("FACTDESK_DATA_DIR", d.root.parent().unwrap().join("data"));
    let id = d.id();
    d.key(KeyCode::Char('e'));
    d.keys("Nicht verlieren");
    // Someone breaks the claim file by hand: the saver refuses to overwrite it.
    let path = d.root.join(format!("claims/{id:04}.toml"));
    let good = std::fs::read(&path).unwrap();
    std::fs::write(&path, "<<<<<<< HEAD\nkaputt\n").unwrap();
    autosave(&mut d);
    let kept = recovery::find(&d.root);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].entry.text, "Nicht verlieren");
    assert_eq!(kept[0].entry.claim, id);
    assert!(d.s.message.contains(&kept[0].path), "{}", d.s.message);
    // The first q says where the text is; the second quits.
    d.key(KeyCode::Esc);
    d.keys("q");
    assert!(!d.s.quit);
    assert!(d.s.message.contains(&kept[0].path), "{}", d.s.message);
    d.keys("q");
    assert!(d.s.quit);
    // Repaired and saved after all: the recovery file goes.
    std::fs::write(&path, good).unwrap();
    d.s.quit = false;
    d.key(KeyCode::Char('e'));
    d.keys("!");
    autosave(&mut d);
    assert!(recovery::find(&d.root).is_empty());
}

#[test]
fn each_explanation_save_logs_one_line_and_saves_that_change_nothing_log_none() {
    let mut d = Desk::new();
    let before = d.log().lines().count();
    d.key(KeyCode::Char('e'));
    d.keys("Belegt");
    autosave(&mut d);
    autosave(&mut d);
    d.keys(" durch zwei Quellen");
    d.key(KeyCode::Esc);
    // Opening and closing the editor again, typing and deleting back: nothing to log.
    d.key(KeyCode::Char('e'));
    d.keys("x");
    d.key(KeyCode::Backspace);
    autosave(&mut d);
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('q'));
    let log = d.log();
    let new: Vec<&str> = log.lines().skip(before).collect();
    assert_eq!(new.len(), 2, "{new:#?}");
    assert!(new[1].contains("durch zwei Quellen"), "{new:#?}");
    let mut seen = std::collections::HashSet::new();
    assert!(
        new.iter().all(|l| seen.insert(*l)),
        "identical lines: {new:#?}"
    );
}

#[test]
fn suggestions_belong_to_their_claim_and_go_when_another_becomes_current() {
    let mut d = Desk::new();
    let first = d.id();
    d.suggest();
    assert_eq!(d.s.search.for_claim, Some(first));
    assert!(!d.s.search.hits.is_empty());
    // A suggestion for the first claim still on its way when `]` is pressed is dropped too.
    d.key(KeyCode::Char('S'));
    let stale = d.s.search.gen;
    d.key(KeyCode::Tab);
    d.key(KeyCode::Char(']'));
    let second = d.id();
    assert_ne!(first, second);
    assert!(
        d.s.search.hits.is_empty(),
        "suggestions of claim {first} still shown"
    );
    assert_eq!(d.s.search.for_claim, None);
    d.msg(Msg::SearchDone {
        gen: stale,
        label: "1 suggested passage".into(),
        hits: factdesk::tui::workers::load_searcher(&d.root)
            .suggest("Kreml", 3)
            .hits,
    });
    assert!(d.s.search.hits.is_empty(), "a stale answer was taken");
    // `a` in the sources pane attaches nothing to the second claim.
    d.s.focus = factdesk::tui::state::Focus::Sources;
    let evidence = d.disk(second).verdict.evidence.len();
    d.key(KeyCode::Char('a'));
    d.key(KeyCode::Char('s'));
    assert_eq!(d.disk(second).verdict.evidence.len(), evidence);
}

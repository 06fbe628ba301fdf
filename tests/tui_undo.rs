//! Undo and redo in the workstation, one test per kind of edit: each edit is made with the
//! keys a user presses and saved through the real saver on the demo project; then another
//! field of the same claim is changed on disk behind the workstation's back (a colleague, a
//! `git pull`); then `u` must restore exactly the previous value of exactly the field the edit
//! changed, keep the outside change, log what it did, and `Ctrl-r` must redo it.

mod common;
use common::desk::Desk;
use std::time::Duration;

use crossterm::event::KeyCode;
use factdesk::edit::undo::{self, Step};
use factdesk::project::claim::{Claim, Stance, Status, Triage};
use factdesk::project::{Access, Project};
use factdesk::tui::msg::Msg;
use factdesk::tui::run::load_state;

/// The outside change every test makes: a note by someone else.
const THEIRS: &str = "Notiz eines Kollegen";

fn theirs(c: &mut Claim) {
    c.verdict.notes = THEIRS.into();
}

#[test]
fn undo_of_a_rating_restores_the_rating_only() {
    let mut d = Desk::new();
    let id = d.id();
    let before = d.disk(id);
    d.keys("rj");
    d.key(KeyCode::Enter);
    let rated = d.disk(id).verdict.rating;
    assert_eq!(rated, d.s.scale.ratings[0].label);
    d.outside(id, theirs);
    d.undo();
    let after = d.disk(id);
    assert_eq!(
        after.verdict.rating, before.verdict.rating,
        "the rating is back"
    );
    assert_eq!(
        after.triage, before.triage,
        "rating a candidate kept it; undone too"
    );
    assert_eq!(after.verdict.notes, THEIRS, "the outside change stays");
    assert!(d.s.message.contains("rating"), "{}", d.s.message);
    let log = d.log();
    assert!(
        log.contains(&format!(
            "\"action\":\"undo verdict.rating\",\"claim\":{id},\"from\":\"{rated}\",\"to\":\"\""
        )),
        "{log}"
    );
    d.redo();
    assert_eq!(d.disk(id).verdict.rating, rated);
    assert_eq!(d.disk(id).verdict.notes, THEIRS);
}

#[test]
fn undo_of_a_status_restores_the_status_only() {
    let mut d = Desk::new();
    let id = d.id();
    d.keys("s");
    assert_eq!(d.disk(id).verdict.status, Status::InProgress);
    d.outside(id, |c| c.verdict.explanation = "von draußen".into());
    d.undo();
    let after = d.disk(id);
    assert_eq!(after.verdict.status, Status::Open);
    assert_eq!(after.verdict.explanation, "von draußen");
    d.redo();
    assert_eq!(d.disk(id).verdict.status, Status::InProgress);
    assert_eq!(d.disk(id).verdict.explanation, "von draußen");
}

#[test]
fn undo_of_an_editing_session_restores_the_explanation_as_it_was() {
    let mut d = Desk::new();
    let id = d.id();
    d.outside(id, |c| c.verdict.explanation = "Alt.".into());
    // The workstation has not seen that yet: reload, as a fresh start would.
    d.s = load_state(d.saver.project()).unwrap();
    d.key(KeyCode::Char('e'));
    d.keys(" Neu");
    // Two autosaves in one session, then Esc.
    d.now += Duration::from_millis(500);
    d.msg(Msg::Tick);
    d.keys(" mehr");
    d.now += Duration::from_millis(500);
    d.msg(Msg::Tick);
    d.key(KeyCode::Esc);
    assert_eq!(d.disk(id).verdict.explanation, "Alt. Neu mehr");
    d.outside(id, theirs);
    d.undo();
    assert_eq!(
        d.disk(id).verdict.explanation,
        "Alt.",
        "the whole session, at once"
    );
    assert_eq!(d.disk(id).verdict.notes, THEIRS);
    d.redo();
    assert_eq!(d.disk(id).verdict.explanation, "Alt. Neu mehr");
}

#[test]
fn undo_of_notes_restores_the_notes_only() {
    let mut d = Desk::new();
    let id = d.id();
    d.key(KeyCode::Char('3'));
    d.key(KeyCode::Char('o'));
    d.keys("Meine Notiz");
    d.key(KeyCode::Esc);
    assert_eq!(d.disk(id).verdict.notes, "Meine Notiz");
    d.outside(id, |c| c.verdict.rating = "Falsch".into());
    d.undo();
    assert_eq!(d.disk(id).verdict.notes, "");
    assert_eq!(d.disk(id).verdict.rating, "Falsch");
    d.redo();
    assert_eq!(d.disk(id).verdict.notes, "Meine Notiz");
}

#[test]
fn undo_of_evidence_add_stance_and_remove() {
    let mut d = Desk::new();
    let id = d.id();
    d.suggest();
    d.keys("ar");
    let added = d.disk(id).verdict.evidence;
    assert_eq!(added.len(), 1);
    // Stance: t in the verdict pane.
    d.key(KeyCode::Char('3'));
    d.keys("t");
    assert_eq!(d.disk(id).verdict.evidence[0].stance, Stance::Context);
    d.outside(id, theirs);
    d.undo();
    assert_eq!(d.disk(id).verdict.evidence, added, "the stance is back");
    assert_eq!(d.disk(id).verdict.notes, THEIRS);
    // Remove: x, then undo puts it back.
    d.keys("x");
    assert!(d.disk(id).verdict.evidence.is_empty());
    d.undo();
    assert_eq!(d.disk(id).verdict.evidence, added);
    // Undo of the add, while a colleague added an item of their own.
    let mut other = added[0].clone();
    other.quote = "ein anderer Beleg".into();
    d.outside(id, |c| c.verdict.evidence.push(other.clone()));
    d.undo();
    assert_eq!(
        d.disk(id).verdict.evidence,
        vec![other],
        "only the attached item left"
    );
    assert_eq!(d.disk(id).verdict.notes, THEIRS);
}

#[test]
fn undo_of_keep_and_drop() {
    let mut d = Desk::new();
    let id = d.id();
    assert_eq!(d.disk(id).triage, Triage::Candidate);
    d.keys("K");
    assert_eq!(d.disk(id).triage, Triage::Kept);
    d.outside(id, theirs);
    d.undo();
    assert_eq!(d.disk(id).triage, Triage::Candidate);
    assert_eq!(d.disk(id).verdict.notes, THEIRS);
    d.keys("d");
    assert_eq!(d.disk(id).triage, Triage::Dropped);
    d.undo();
    assert_eq!(d.disk(id).triage, Triage::Candidate);
    d.redo();
    assert_eq!(d.disk(id).triage, Triage::Dropped);
}

#[test]
fn undo_of_split_and_merge_keeps_the_verdict_changed_meanwhile() {
    let mut d = Desk::new();
    let id = d.id();
    let original = d.disk(id);
    d.keys("ww");
    d.keys("x");
    let second =
        d.s.claims
            .iter()
            .map(|c| c.id)
            .max()
            .filter(|n| *n > 14)
            .expect("a new claim");
    d.outside(id, |c| c.verdict.rating = "Falsch".into());
    d.undo();
    let back = d.disk(id);
    assert_eq!(
        (back.text.as_str(), back.span),
        (original.text.as_str(), original.span)
    );
    assert_eq!(
        back.verdict.rating, "Falsch",
        "the rating set meanwhile stays"
    );
    assert!(
        d.saver.project().claim(second).is_err(),
        "the split-off claim is gone"
    );
    d.redo();
    assert!(d.saver.project().claim(second).is_ok(), "redo splits again");
    assert_eq!(d.disk(id).verdict.rating, "Falsch");
    d.undo();
    // Merge with the next claim, then undo: the second claim comes back as it was.
    let next =
        d.s.claims
            .iter()
            .find(|c| c.span[0] >= original.span[1])
            .unwrap()
            .clone();
    d.keys("m");
    assert!(d.saver.project().claim(next.id).is_err());
    d.outside(id, theirs);
    d.undo();
    assert_eq!(d.disk(next.id).text, next.text);
    assert_eq!(d.disk(id).span, original.span);
    assert_eq!(d.disk(id).verdict.notes, THEIRS);
    assert_eq!(d.disk(id).verdict.rating, "Falsch");
}

#[test]
fn undo_of_a_claim_text_edit_and_of_a_new_claim() {
    let mut d = Desk::new();
    let id = d.id();
    let original = d.disk(id).text;
    d.keys("E");
    for _ in 0..5 {
        d.key(KeyCode::Backspace);
    }
    d.key(KeyCode::Enter);
    let edited = d.disk(id).text;
    assert_ne!(edited, original);
    d.outside(id, theirs);
    d.undo();
    assert_eq!(d.disk(id).text, original);
    assert_eq!(d.disk(id).verdict.notes, THEIRS);
    // A new claim from a visual selection: undo removes it, redo brings it back.
    d.keys("G");
    d.keys("v");
    d.keys("hhhh");
    d.key(KeyCode::Enter);
    let new = d.id();
    assert!(new > 14);
    d.undo();
    assert!(d.saver.project().claim(new).is_err());
    d.redo();
    assert!(d.saver.project().claim(new).is_ok());
}

#[test]
fn undo_of_a_claimant_edit_restores_the_claimant_only() {
    // The workstation does not edit claimants (the CLI does); the undo step is the same kind.
    let dir = tempfile::tempdir().unwrap();
    factdesk::demo::ensure(dir.path()).unwrap();
    let mut p = Project::open(dir.path(), Access::Write).unwrap();
    let before = p.claim(1).unwrap();
    let after = factdesk::edit::edit_claim(&mut p, 1, None, None, Some("Kirby".into())).unwrap();
    let step = Step::between(std::slice::from_ref(&before), &[after]);
    let mut c = p.claim(1).unwrap();
    c.verdict.notes = THEIRS.into();
    p.save_claim(&mut c, vec![]).unwrap();
    undo::apply(&mut p, &step).unwrap();
    let back = p.claim(1).unwrap();
    assert_eq!(back.claimant, before.claimant);
    assert_eq!(back.verdict.notes, THEIRS);
}

#[test]
fn a_field_changed_since_the_edit_is_left_alone_and_reported() {
    let mut d = Desk::new();
    let id = d.id();
    d.keys("rj");
    d.key(KeyCode::Enter);
    // Someone else re-rated it meanwhile: undo must not overwrite their rating.
    d.outside(id, |c| c.verdict.rating = "Falsch".into());
    d.undo();
    assert_eq!(d.disk(id).verdict.rating, "Falsch");
    assert!(d.s.message.contains("changed since"), "{}", d.s.message);
}

#[test]
fn nothing_to_undo_or_redo_says_so() {
    let mut d = Desk::new();
    d.undo();
    assert!(d.s.message.contains("nothing to undo"), "{}", d.s.message);
    d.redo();
    assert!(d.s.message.contains("nothing to redo"), "{}", d.s.message);
}

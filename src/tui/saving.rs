//! Edits leave the state as save jobs for the saver (the project's one writer), and come back
//! as the claims on disk. The saver keeps the undo and redo steps; the state only knows how
//! many there are.

use crate::project::claim::Triage;

use super::editing::{self, EditTarget};
use super::msg::{Effect, Job, SaveFailure, Saved};
use super::state::{Mode, SaveState, State};

/// Queue `job` for the saver.
pub fn save(s: &mut State, fx: &mut Vec<Effect>, job: Job) {
    if s.read_only() {
        return;
    }
    s.save = SaveState::Pending;
    fx.push(Effect::save(job));
}

/// The saver's answer: the claims as now on disk, or why they are not.
pub fn saved(s: &mut State, result: Result<Saved, SaveFailure>, fx: &mut Vec<Effect>) {
    let done = match result {
        Ok(done) => done,
        Err(f) => return failed(s, f),
    };
    if done.text_saved {
        s.unsaved = None;
        s.quit_asked = false;
    }
    let editing = s.editing().map(|e| (e.claim, e.target));
    for mut c in done.claims {
        // Keystrokes typed while the save ran stay on screen; they are saved next.
        if let Some((id, t)) = editing.filter(|(id, _)| *id == c.id) {
            if let Some(old) = s.claims.iter().find(|x| x.id == id) {
                match t {
                    EditTarget::Explanation => {
                        c.verdict.explanation = old.verdict.explanation.clone()
                    }
                    EditTarget::Notes => c.verdict.notes = old.verdict.notes.clone(),
                    _ => {}
                }
            }
        }
        s.put_claim(c);
    }
    s.claims.retain(|c| !done.removed.contains(&c.id));
    (s.undo_depth, s.redo_depth) = (done.undo_depth, done.redo_depth);
    if let Some(m) = done.message {
        s.message = m;
    }
    if let Some(c) = done.conflict {
        both_versions(s, c);
    }
    if let Some(id) = done.select {
        s.select_claim(id);
    } else if s.claim().is_none() {
        nearest_claim(s);
    }
    if s.dirty_since.is_none() {
        s.save = SaveState::Saved(Some(done.at));
    }
    if let Some(id) = s.current {
        fx.push(Effect::history(id));
    }
}

fn failed(s: &mut State, f: SaveFailure) {
    s.save = SaveState::Failed(f.why.clone());
    if let Some(kept) = f.kept {
        s.message = match &kept {
            Ok(path) => format!("not saved ({}); your text is kept in {path}", f.why),
            Err(why) => format!("not saved ({}) and not kept: {why}", f.why),
        };
        s.unsaved = Some(kept);
    }
}

/// The field changed on disk while it was edited: the saver kept both, put the other version
/// after the typed text (multi-line fields) or into the notes, and the editor shows it.
fn both_versions(s: &mut State, c: super::msg::Conflict) {
    s.message = c.message;
    if let Mode::Editing(ed) = &mut s.mode {
        if ed.claim == c.claim && ed.target == c.field && !c.appended.is_empty() {
            let cursor = ed.editor.cursor;
            ed.editor.text.push_str(&c.appended);
            ed.editor.cursor = cursor;
            // The claim as shown (and as the next editor opens it) is what the file holds now:
            // both versions. Kept stale, the next edit of the field wrote the other one away.
            let text = ed.editor.text.clone();
            if let Some(claim) = s.claims.iter_mut().find(|x| x.id == c.claim) {
                match c.field {
                    EditTarget::Explanation => claim.verdict.explanation = text,
                    EditTarget::Notes => claim.verdict.notes = text,
                    _ => {}
                }
            }
        }
    }
}

/// The current claim was removed (an undone new claim): go to the nearest one.
fn nearest_claim(s: &mut State) {
    let at = s.article_pane.cursor;
    let next = s
        .claims
        .iter()
        .filter(|c| c.triage != Triage::Dropped)
        .min_by_key(|c| c.span[0].abs_diff(at))
        .map(|c| c.id);
    s.current = None;
    if let Some(id) = next {
        s.select_claim(id);
    }
}

/// `u`: undo the newest edit (the saver knows which; a save still under way counts).
pub fn undo(s: &mut State, fx: &mut Vec<Effect>) {
    if s.undo_depth == 0 && s.save != SaveState::Pending {
        s.message = "nothing to undo".into();
        return;
    }
    editing::flush(s, fx);
    save(s, fx, Job::Undo);
}

/// `Ctrl-r`: redo the edit undone last.
pub fn redo(s: &mut State, fx: &mut Vec<Effect>) {
    if s.redo_depth == 0 && s.save != SaveState::Pending {
        s.message = "nothing to redo".into();
        return;
    }
    save(s, fx, Job::Redo);
}

/// `q`: save what the editor holds and quit. While typed text is unsaved or sources are
/// still being added, the first `q` says what quitting leaves behind and the second quits;
/// text kept nowhere keeps the workstation open (`:quit!` leaves anyway).
pub fn quit(s: &mut State, fx: &mut Vec<Effect>) {
    if let Some(Err(why)) = &s.unsaved {
        s.message = format!(
            "not quitting: your text could not be saved nor kept ({why}); fix that and press Ctrl-s, or :quit! leaves anyway"
        );
        return;
    }
    let mut left = Vec::new();
    if let Some(Ok(path)) = &s.unsaved {
        left.push(format!(
            "your last text was not saved; it is kept in {path} and offered back at the next start"
        ));
    }
    if !s.adding.is_empty() {
        left.push(format!("abandons adding {} (not done yet)", adding_list(s)));
    }
    if left.is_empty() || s.quit_asked {
        return force_quit(s, fx);
    }
    s.quit_asked = true;
    let q = s
        .keymap
        .key_of(super::keymap::Context::Global, super::action::Action::Quit);
    s.message = format!("{q} again quits · {}", left.join(" · "));
}

/// The arguments of the `:add`s not answered yet, as typed (terminal-safe when shown).
pub fn adding_list(s: &State) -> String {
    s.adding
        .iter()
        .flat_map(|(_, args)| args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lock was free: this workstation, opened read-only, is the writer now; the claims as
/// the other writer left them replace the ones read at the start.
pub fn lock_taken(s: &mut State, claims: Vec<crate::project::claim::Claim>) {
    s.banner = None;
    s.message = "the other factdesk is done: this workstation can edit the project now".into();
    let ids: Vec<u32> = claims.iter().map(|c| c.id).collect();
    if !claims.is_empty() {
        s.claims.retain(|c| ids.contains(&c.id));
        for c in claims {
            s.put_claim(c);
        }
    }
    if s.claim().is_none() {
        nearest_claim(s);
    }
}

/// Quit whatever is unsaved (`:quit!`).
pub fn force_quit(s: &mut State, fx: &mut Vec<Effect>) {
    editing::flush(s, fx);
    s.quit = true;
    fx.push(Effect::Quit);
}

//! Edits leave the state as save jobs for the saver (the project's one writer), and come back
//! as the claims on disk. Undo steps are kept here, newest last.

use crate::project::claim::Triage;

use super::editing::EditTarget;
use super::msg::{Effect, Job, Saved, UndoStep};
use super::state::{SaveState, State};

/// Queue `job` for the saver, with an undo step for edits of the current claim.
pub fn save(s: &mut State, fx: &mut Vec<Effect>, job: Job) {
    if s.read_only() {
        return;
    }
    if let Some(c) = s.claim().filter(|_| !job.restructures()) {
        let step = UndoStep {
            restore: vec![c.clone()],
            remove: Vec::new(),
        };
        s.undo.push(step);
    }
    s.save = SaveState::Pending;
    fx.push(Effect::save(job));
}

/// The saver's answer: the claims as now on disk.
pub fn saved(s: &mut State, result: Result<Saved, String>, fx: &mut Vec<Effect>) {
    let done = match result {
        Ok(done) => done,
        Err(e) => {
            s.save = SaveState::Failed(e);
            return;
        }
    };
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
    s.undo.extend(done.undo);
    if let Some(id) = done.select {
        s.select_claim(id);
    } else if s.claim().is_none() {
        // The current claim was removed (an undone new claim): go to the nearest one.
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
    if s.dirty_since.is_none() {
        s.save = SaveState::Saved(Some(done.at));
    }
    if let Some(id) = s.current {
        fx.push(Effect::history(id));
    }
}

/// `u`: undo the newest edit.
pub fn undo(s: &mut State, fx: &mut Vec<Effect>) {
    if s.undo.is_empty() {
        s.message = "nothing to undo".into();
        return;
    }
    if s.read_only() {
        return;
    }
    let Some(step) = s.undo.pop() else {
        return;
    };
    s.save = SaveState::Pending;
    s.message = undo_message(&step);
    fx.push(Effect::save(Job::Undo(step)));
}

fn undo_message(step: &UndoStep) -> String {
    let ids = |v: &[u32]| {
        v.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let restored: Vec<u32> = step.restore.iter().map(|c| c.id).collect();
    let (restored, removed) = (ids(&restored), ids(&step.remove));
    match (restored.is_empty(), removed.is_empty()) {
        (false, true) => format!("undid the last edit of claim {restored}"),
        (true, false) => format!("undid: removed new claim {removed}"),
        _ => format!("undid: claim {restored} restored, claim {removed} removed"),
    }
}

/// `q`: save what the editor holds and quit.
pub fn quit(s: &mut State, fx: &mut Vec<Effect>) {
    super::editing::flush(s, fx);
    s.quit = true;
    fx.push(Effect::Quit);
}

//! Editing mode: the explanation, the notes, the claim's text or a free-text rating in an
//! `Editor`. Explanation and notes are saved 0.4 s after the last keystroke (`flush`) and when
//! the editor closes; a claim's text and a free rating when the editor closes.

use std::time::{Duration, Instant};

use crate::edit::VerdictChange;

use super::action::Action;
use super::editor::Editor;
use super::msg::{Effect, Job, UndoStep};
use super::state::{Focus, Mode, SaveState, State};

/// Quiet time after the last keystroke before an editor's text is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(400);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTarget {
    Explanation,
    Notes,
    ClaimText,
    FreeRating,
}

impl EditTarget {
    /// Multi-line targets take Enter as a new line; the others finish with it.
    pub fn multi_line(self) -> bool {
        matches!(self, EditTarget::Explanation | EditTarget::Notes)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Editing {
    pub claim: u32,
    pub target: EditTarget,
    pub editor: Editor,
}

/// Open the editor on the current claim's `target`.
pub fn open(s: &mut State, target: EditTarget) {
    let Some(c) = s.claim() else {
        return;
    };
    let text = match target {
        EditTarget::Explanation => c.verdict.explanation.clone(),
        EditTarget::Notes => c.verdict.notes.clone(),
        EditTarget::ClaimText => c.text.clone(),
        EditTarget::FreeRating => c.verdict.rating.clone(),
    };
    let (id, step) = (
        c.id,
        UndoStep {
            restore: vec![c.clone()],
            remove: Vec::new(),
        },
    );
    if s.read_only() {
        return;
    }
    s.undo.push(step);
    s.mode = Mode::Editing(Editing {
        claim: id,
        target,
        editor: Editor::new(&text),
    });
    if target != EditTarget::ClaimText {
        s.focus = Focus::Verdict;
    }
}

/// A key action while editing.
pub fn action(s: &mut State, a: Action, now: Instant, fx: &mut Vec<Effect>) {
    let Some(ed) = s.editing_mut() else {
        return;
    };
    let multi = ed.target.multi_line();
    let e = &mut ed.editor;
    let changed = match a {
        Action::Close => return close(s, fx),
        Action::SaveNow => return flush(s, fx),
        Action::Confirm if !multi => return close(s, fx),
        Action::Confirm => {
            e.insert("\n");
            true
        }
        Action::Undo => e.undo(),
        Action::DeleteBack => {
            e.backspace();
            true
        }
        Action::DeleteForward => {
            e.delete();
            true
        }
        Action::Left => moved(e, Editor::left),
        Action::Right => moved(e, Editor::right),
        Action::Up => moved(e, Editor::up),
        Action::Down => moved(e, Editor::down),
        Action::LineStart => moved(e, Editor::home),
        Action::LineEnd => moved(e, Editor::end),
        _ => false,
    };
    if changed {
        mirror(s, now);
    }
}

fn moved(e: &mut Editor, f: fn(&mut Editor)) -> bool {
    f(e);
    false
}

/// Typed or pasted text.
pub fn type_text(s: &mut State, text: &str, now: Instant) {
    if let Some(ed) = s.editing_mut() {
        ed.editor.insert(text);
        mirror(s, now);
    }
}

/// Copy the editor's text into the claim shown, and mark it unsaved.
fn mirror(s: &mut State, now: Instant) {
    let Some(ed) = s.editing() else {
        return;
    };
    let (text, target) = (ed.editor.text.clone(), ed.target);
    if let Some(c) = s.claim_mut() {
        match target {
            EditTarget::Explanation => c.verdict.explanation = text,
            EditTarget::Notes => c.verdict.notes = text,
            _ => return,
        }
    }
    s.dirty_since = Some(now);
    s.save = SaveState::Pending;
}

/// Save the editor's text when typing has paused long enough.
pub fn tick(s: &mut State, now: Instant, fx: &mut Vec<Effect>) {
    if s.dirty_since
        .is_some_and(|t| now.duration_since(t) >= AUTOSAVE_AFTER)
    {
        flush(s, fx);
    }
}

/// Save the open editor's text now if it changed.
pub fn flush(s: &mut State, fx: &mut Vec<Effect>) {
    if s.dirty_since.take().is_none() {
        return;
    }
    let Some(ed) = s.editing() else {
        return;
    };
    let text = ed.editor.text.clone();
    let id = ed.claim;
    let change = match ed.target {
        EditTarget::Explanation => VerdictChange {
            explanation: Some(text),
            ..Default::default()
        },
        EditTarget::Notes => VerdictChange {
            notes: Some(text),
            ..Default::default()
        },
        // Claim text and a free rating are saved when the editor closes.
        EditTarget::ClaimText | EditTarget::FreeRating => return,
    };
    s.save = SaveState::Pending;
    fx.push(Effect::save(Job::Verdict { id, change }));
}

/// Leave the editor, saving what it holds.
pub fn close(s: &mut State, fx: &mut Vec<Effect>) {
    flush(s, fx);
    let Mode::Editing(ed) = std::mem::take(&mut s.mode) else {
        return;
    };
    let text = ed.editor.text.trim().to_string();
    let unchanged = s.claim().is_some_and(|c| match ed.target {
        EditTarget::ClaimText => c.text == text,
        EditTarget::FreeRating => c.verdict.rating == text,
        _ => true,
    });
    if unchanged {
        return;
    }
    s.save = SaveState::Pending;
    match ed.target {
        EditTarget::ClaimText if !text.is_empty() => {
            fx.push(Effect::save(Job::EditText { id: ed.claim, text }))
        }
        EditTarget::FreeRating => fx.push(Effect::save(Job::Verdict {
            id: ed.claim,
            change: VerdictChange {
                rating: Some(text),
                ..Default::default()
            },
        })),
        _ => {}
    }
}

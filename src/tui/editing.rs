//! Editing mode: the explanation, the notes, the claim's text or a free-text rating in an
//! `Editor`. Explanation and notes are saved 0.4 s after the last keystroke (`flush`) and when
//! the editor closes; a claim's text and a free rating when the editor closes.

use std::time::{Duration, Instant};

use super::action::Action;
use super::editor::Editor;
use super::msg::{Effect, Job};
use super::state::{Focus, Mode, SaveState, State};

/// Quiet time after the last keystroke before an editor's text is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(400);

pub use super::msg::EditTarget;

#[derive(Debug, Clone, PartialEq)]
pub struct Editing {
    pub claim: u32,
    pub target: EditTarget,
    pub editor: Editor,
    /// The field as it was when the editor opened: the saver compares it with the file to
    /// notice a change made meanwhile by someone else.
    pub base: String,
    pub session: u64,
}

/// Open the editor on the current claim's `target`.
pub fn open(s: &mut State, target: EditTarget) {
    let Some(c) = s.claim() else {
        return;
    };
    let text = target.of(c).to_string();
    open_with(s, c.id, target, text.clone(), text);
}

/// Open the editor on `target` of claim `id` holding `text`; `base` is the field as it was
/// (a recovered text differs from it).
pub fn open_with(s: &mut State, id: u32, target: EditTarget, text: String, base: String) {
    if s.read_only() {
        return;
    }
    s.edit_session += 1;
    s.mode = Mode::Editing(Editing {
        claim: id,
        target,
        editor: Editor::new(&text),
        base,
        session: s.edit_session,
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

/// Save the open editor's text now if it changed (explanation and notes; a claim's text and
/// a free rating are saved when the editor closes).
pub fn flush(s: &mut State, fx: &mut Vec<Effect>) {
    if s.dirty_since.take().is_none() {
        return;
    }
    let Some(ed) = s.editing() else {
        return;
    };
    if !ed.target.multi_line() {
        return;
    }
    let job = text_job(ed, ed.editor.text.clone());
    s.save = SaveState::Pending;
    fx.push(Effect::save(job));
}

fn text_job(ed: &Editing, text: String) -> Job {
    Job::Text {
        id: ed.claim,
        field: ed.target,
        text,
        base: ed.base.clone(),
        session: ed.session,
    }
}

/// Leave the editor, saving what it holds.
pub fn close(s: &mut State, fx: &mut Vec<Effect>) {
    flush(s, fx);
    let Mode::Editing(ed) = std::mem::take(&mut s.mode) else {
        return;
    };
    if ed.target.multi_line() {
        return;
    }
    let text = ed.editor.text.trim().to_string();
    let unchanged = text == ed.base.trim();
    if unchanged {
        return;
    }
    if ed.target == EditTarget::ClaimText && text.is_empty() {
        // A claim needs its words: say why the old text is back rather than keep it silently.
        let drop = s.keymap.key_of(
            super::keymap::Context::Article,
            super::action::Action::DropClaim,
        );
        s.message =
            format!("a claim cannot be empty: its text is unchanged ({drop} drops a claim)");
        return;
    }
    s.save = SaveState::Pending;
    fx.push(Effect::save(text_job(&ed, text)));
}

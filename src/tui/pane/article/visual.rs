//! Visual mode in the article: `v` selects characters, `V` whole sentences, from the cursor;
//! the article's movement keys extend the selection, Enter makes it a new claim, Esc cancels.

use crate::tui::action::Action;
use crate::tui::msg::{Effect, Job};
use crate::tui::saving::save;
use crate::tui::state::{Mode, State};
use crate::tui::text_cursor;

use super::cursor;

pub use crate::tui::text_cursor::Visual;

/// `v` / `V`: start selecting at the cursor; the same key again ends visual mode, the other
/// switches between characters and sentences.
pub fn start(s: &mut State, by_sentence: bool) {
    let c = s.article_pane.cursor;
    s.mode = match text_cursor::toggle(s.visual(), c, by_sentence) {
        Some(v) => Mode::Visual(v),
        None => Mode::Normal,
    };
}

/// The selected characters `[start, end)`.
pub fn selection(s: &State) -> Option<[usize; 2]> {
    let v = s.visual()?;
    let l = &s.article_view()?.layout;
    Some(text_cursor::selection(l, v, s.article_pane.cursor))
}

/// An action in visual mode: its own keys, else the article's movement keys.
pub fn action(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    match a {
        Action::Close => s.mode = Mode::Normal,
        Action::Confirm => {
            if let Some(job) = finish(s) {
                save(s, fx, job);
            }
        }
        Action::Visual => start(s, false),
        Action::VisualSentences => start(s, true),
        a if cursor::move_cursor(s, a) => {}
        _ => {
            let km = &s.keymap;
            let ctx = crate::tui::keymap::Context::Visual;
            s.message = format!(
                "visual: move to extend · {} new claim · {} cancel",
                km.key_of(ctx, Action::Confirm),
                km.key_of(ctx, Action::Close)
            );
        }
    }
}

/// The selection, without whitespace at its ends, as a new claim.
fn finish(s: &mut State) -> Option<Job> {
    let span = selection(s)?;
    s.mode = Mode::Normal;
    let art = s.article_view()?;
    let Some(span) = text_cursor::trimmed(&art.layout, span) else {
        s.message = "nothing selected".into();
        return None;
    };
    Some(Job::AddClaim {
        article: art.meta.id.clone(),
        span,
    })
}

//! Visual mode in the article: `v` selects characters, `V` whole sentences, from the cursor;
//! the article's movement keys extend the selection, Enter makes it a new claim, Esc cancels.

use crate::tui::action::Action;
use crate::tui::msg::{Effect, Job};
use crate::tui::saving::save;
use crate::tui::state::{Mode, State};

use super::cursor;

/// Visual mode: the selection runs from `anchor` to the text cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Visual {
    pub anchor: usize,
    pub by_sentence: bool,
}

/// `v` / `V`: start selecting at the cursor; the same key again ends visual mode, the other
/// switches between characters and sentences.
pub fn start(s: &mut State, by_sentence: bool) {
    match &mut s.mode {
        Mode::Visual(v) if v.by_sentence == by_sentence => s.mode = Mode::Normal,
        Mode::Visual(v) => v.by_sentence = by_sentence,
        _ => {
            s.mode = Mode::Visual(Visual {
                anchor: s.article_pane.cursor,
                by_sentence,
            })
        }
    }
}

/// The selected characters `[start, end)`.
pub fn selection(s: &State) -> Option<[usize; 2]> {
    let v = s.visual()?;
    let l = &s.article_view()?.layout;
    let cur = s.article_pane.cursor;
    let (a, b) = (v.anchor.min(cur), v.anchor.max(cur));
    Some(if v.by_sentence {
        let (first, last) = (l.sentence_at(a), l.sentence_at(b));
        [first[0].min(a), last[1].max(first[1])]
    } else {
        [a, (b + 1).min(l.char_len()).max(a)]
    })
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
    let text = art.layout.slice(span);
    let n = text.chars().count();
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    if lead == n {
        s.message = "nothing selected".into();
        return None;
    }
    let trail = text.chars().rev().take_while(|c| c.is_whitespace()).count();
    Some(Job::AddClaim {
        article: art.meta.id.clone(),
        span: [span[0] + lead, span[1] - trail],
    })
}

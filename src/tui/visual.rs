//! Visual mode in the article: `v` selects characters, `V` whole sentences, from the cursor;
//! the movement keys extend the selection, Enter makes it a new claim, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::cursor;
use super::keymap::{Context, Key};
use super::state::{State, Visual};
use super::update::Job;

/// `v` / `V`: start selecting at the cursor; the same key again ends visual mode, the other
/// switches between characters and sentences.
pub fn start(s: &mut State, by_sentence: bool) {
    match &mut s.visual {
        Some(v) if v.by_sentence == by_sentence => s.visual = None,
        Some(v) => v.by_sentence = by_sentence,
        None => {
            s.visual = Some(Visual {
                anchor: s.cursor,
                by_sentence,
            })
        }
    }
}

/// The selected characters `[start, end)`.
pub fn selection(s: &State) -> Option<[usize; 2]> {
    let v = s.visual.as_ref()?;
    let l = &s.article_view()?.layout;
    let (a, b) = (v.anchor.min(s.cursor), v.anchor.max(s.cursor));
    Some(if v.by_sentence {
        let (first, last) = (l.sentence_at(a), l.sentence_at(b));
        [first[0].min(a), last[1].max(first[1])]
    } else {
        [a, (b + 1).min(l.char_len()).max(a)]
    })
}

/// A key in visual mode; Enter gives the job that creates the claim.
pub fn key(s: &mut State, k: KeyEvent) -> Option<Job> {
    match k.code {
        KeyCode::Esc => {
            s.visual = None;
            return None;
        }
        KeyCode::Enter => return finish(s),
        _ => {}
    }
    match s.keymap.lookup(Context::Article, Key::from_event(&k)) {
        Some(Action::Visual) => start(s, false),
        Some(Action::VisualSentences) => start(s, true),
        Some(a) if cursor::move_cursor(s, a) => {}
        _ => s.message = "visual: move to extend · Enter new claim · Esc cancel".into(),
    }
    None
}

/// The selection, without whitespace at its ends, as a new claim.
fn finish(s: &mut State) -> Option<Job> {
    let span = selection(s)?;
    s.visual = None;
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

//! `/` in the article: type a word, Enter goes to its next occurrence (case-insensitive),
//! `n`/`N` to the next and previous ones.

use crate::tui::action::Action;
use crate::tui::state::{Mode, State};

pub fn start(s: &mut State) {
    s.article_pane.find = Some(String::new());
    s.mode = Mode::Finding;
}

/// An action while typing the search.
pub fn action(s: &mut State, a: Action) {
    match a {
        Action::Close => {
            s.article_pane.find = None;
            s.mode = Mode::Normal;
        }
        Action::Confirm => {
            s.mode = Mode::Normal;
            next(s, true);
        }
        Action::DeleteBack => {
            if let Some(f) = s.article_pane.find.as_mut() {
                f.pop();
            }
        }
        _ => {}
    }
}

pub fn type_text(s: &mut State, text: &str) {
    s.article_pane
        .find
        .get_or_insert_with(String::new)
        .push_str(&text.replace('\n', " "));
}

/// Move to the next (or previous) occurrence of the article search, case-insensitively.
pub fn next(s: &mut State, forward: bool) {
    let Some(needle) = s.article_pane.find.clone().filter(|f| !f.is_empty()) else {
        return;
    };
    let Some(art) = s.articles.get(s.article) else {
        return;
    };
    let (w, _) = s.article_area();
    let text = &art.layout.text;
    let hay = text.to_lowercase();
    let needle = needle.to_lowercase();
    // Lower-casing can change byte lengths; fall back to the original text then.
    let hay = if hay.len() == text.len() {
        hay
    } else {
        text.clone()
    };
    let vis = art.layout.visible(s.article_pane.scroll, w, 1);
    let here = vis.first().map_or(0, |l| l.byte_start);
    let found = if forward {
        hay[(here + 1).min(hay.len())..]
            .find(&needle)
            .map(|i| i + here + 1)
            .or_else(|| hay.find(&needle))
    } else {
        hay[..here].rfind(&needle).or_else(|| hay.rfind(&needle))
    };
    match found {
        Some(b) if text.is_char_boundary(b) => {
            let c = text[..b].chars().count();
            s.article_pane.scroll = art.layout.scroll_at_char(c, w);
            s.article_pane.cursor = c;
        }
        _ => s.message = format!("not found: {needle}"),
    }
}

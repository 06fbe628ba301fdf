//! The article's text cursor: movement keys move it, and the view scrolls just enough to keep
//! it on screen. Split and visual mode work from it.

use super::action::Action;
use super::state::State;

/// Move the cursor for movement action `a`; false when `a` is not one.
pub fn move_cursor(s: &mut State, a: Action) -> bool {
    let (w, h) = s.article_area();
    let Some(art) = s.articles.get(s.article) else {
        return false;
    };
    let l = &art.layout;
    let last = l.char_len().saturating_sub(1);
    let c = s.cursor.min(last);
    let page = h.saturating_sub(2).max(1);
    let to = match a {
        Action::Left => c.saturating_sub(1),
        Action::Right => (c + 1).min(last),
        Action::Down => l.line_move(c, 1, true, w),
        Action::Up => l.line_move(c, 1, false, w),
        // A page moves the view and the cursor together, so the cursor keeps its row.
        Action::PageDown => {
            s.scroll = l.scroll_down(s.scroll, page, w);
            l.line_move(c, page, true, w)
        }
        Action::PageUp => {
            s.scroll = l.scroll_up(s.scroll, page, w);
            l.line_move(c, page, false, w)
        }
        Action::Top => 0,
        Action::Bottom => last,
        Action::WordNext => l.word_next(c),
        Action::WordPrev => l.word_prev(c),
        Action::SentenceNext => l.sentence_next(c),
        Action::SentencePrev => l.sentence_prev(c),
        _ => return false,
    };
    s.cursor = to;
    follow(s);
    true
}

/// Scroll the article by as little as needed to show the cursor's line.
pub fn follow(s: &mut State) {
    let (w, h) = s.article_area();
    let Some(art) = s.articles.get(s.article) else {
        return;
    };
    let l = &art.layout;
    let (at, _) = l.line_of(s.cursor, w);
    let pos = |x: super::article::Scroll| (x.para, x.line);
    let last_shown = l.scroll_down(s.scroll, h.saturating_sub(1), w);
    if pos(at) < pos(s.scroll) {
        s.scroll = at;
    } else if pos(at) > pos(last_shown) {
        s.scroll = l.scroll_up(at, h.saturating_sub(1), w);
    }
}

//! The article's text cursor: movement keys move it, and the view scrolls just enough to keep
//! it on screen. Split and visual mode work from it.

use crate::tui::action::Action;
use crate::tui::state::State;

/// Move the cursor for movement action `a`; false when `a` is not one.
pub fn move_cursor(s: &mut State, a: Action) -> bool {
    let (w, h) = s.article_area();
    let Some(art) = s.articles.get(s.article) else {
        return false;
    };
    let l = &art.layout;
    let last = l.char_len().saturating_sub(1);
    let c = s.article_pane.cursor.min(last);
    let page = h.saturating_sub(2).max(1);
    let to = match a {
        Action::Left => c.saturating_sub(1),
        Action::Right => (c + 1).min(last),
        Action::Down => l.line_move(c, 1, true, w),
        Action::Up => l.line_move(c, 1, false, w),
        // A page moves the view and the cursor together, so the cursor keeps its row.
        Action::PageDown => {
            s.article_pane.scroll = l.scroll_down(s.article_pane.scroll, page, w);
            l.line_move(c, page, true, w)
        }
        Action::PageUp => {
            s.article_pane.scroll = l.scroll_up(s.article_pane.scroll, page, w);
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
    s.article_pane.cursor = to;
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
    // One pass over the visible lines (each paragraph wrapped once), not a line-by-line walk.
    let vis = l.visible(s.article_pane.scroll, w, h);
    let (Some(first), Some(last)) = (vis.first(), vis.last()) else {
        return;
    };
    let c = s.article_pane.cursor;
    let last_end = if vis.len() < h {
        usize::MAX
    } else {
        last.char_end
    };
    if c < first.char_start {
        s.article_pane.scroll = l.line_of(c, w).0;
    } else if c > last_end || (c == last_end && !l.ends_para(last)) {
        s.article_pane.scroll = l.scroll_up(l.line_of(c, w).0, h.saturating_sub(1), w);
    }
}

//! The article's text cursor: movement keys move it, and the view scrolls just enough to keep
//! it on screen. Split and visual mode work from it.

use crate::tui::action::Action;
use crate::tui::state::State;
use crate::tui::text_cursor;

/// Move the cursor for movement action `a`; false when `a` is not one.
pub fn move_cursor(s: &mut State, a: Action) -> bool {
    let view = s.article_area();
    let Some(art) = s.articles.get(s.article) else {
        return false;
    };
    let p = &mut s.article_pane;
    let Some(to) = text_cursor::moved(&art.layout, p.cursor, &mut p.scroll, a, view) else {
        return false;
    };
    p.cursor = to;
    follow(s);
    true
}

/// Scroll the article by as little as needed to show the cursor's line.
pub fn follow(s: &mut State) {
    let view = s.article_area();
    let Some(art) = s.articles.get(s.article) else {
        return;
    };
    let p = &mut s.article_pane;
    p.scroll = text_cursor::follow(&art.layout, p.cursor, p.scroll, view);
}

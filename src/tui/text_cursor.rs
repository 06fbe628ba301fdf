//! A text cursor over a laid-out text, shared by the article pane and the source reader:
//! movement keys move it, the view scrolls just enough to keep it on screen, and `v`/`V`
//! select from an anchor by character or by sentence.

use super::action::Action;
use super::text_layout::{Scroll, TextLayout};

/// A selection in progress: it runs from `anchor` to the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Visual {
    pub anchor: usize,
    pub by_sentence: bool,
}

/// `v` / `V` at cursor `c`: start selecting; the same key again ends the selection, the other
/// switches between characters and sentences.
pub fn toggle(v: Option<&Visual>, c: usize, by_sentence: bool) -> Option<Visual> {
    match v {
        Some(v) if v.by_sentence == by_sentence => None,
        Some(v) => Some(Visual {
            anchor: v.anchor,
            by_sentence,
        }),
        None => Some(Visual {
            anchor: c,
            by_sentence,
        }),
    }
}

/// The selected characters `[start, end)`, from the anchor to cursor `c`.
pub fn selection(l: &TextLayout, v: &Visual, c: usize) -> [usize; 2] {
    let (a, b) = (v.anchor.min(c), v.anchor.max(c));
    if v.by_sentence {
        let (first, last) = (l.sentence_at(a), l.sentence_at(b));
        [first[0].min(a), last[1].max(first[1])]
    } else {
        [a, (b + 1).min(l.char_len()).max(a)]
    }
}

/// `span` without whitespace at its ends; None when it holds nothing else.
pub fn trimmed(l: &TextLayout, span: [usize; 2]) -> Option<[usize; 2]> {
    let text = l.slice(span);
    let n = text.chars().count();
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    if lead == n {
        return None;
    }
    let trail = text.chars().rev().take_while(|c| c.is_whitespace()).count();
    Some([span[0] + lead, span[1] - trail])
}

/// `span` grown to whole words at both ends: a quote that cuts a word misquotes. A "word"
/// longer than 200 characters is cut where it is (a hash, a URL).
pub fn whole_words(l: &TextLayout, span: [usize; 2]) -> [usize; 2] {
    let word = |c: usize| {
        l.slice([c, c + 1])
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    };
    let [mut a, mut b] = span;
    for _ in 0..200 {
        if a == 0 || !(word(a - 1) && word(a)) {
            break;
        }
        a -= 1;
    }
    for _ in 0..200 {
        if b == 0 || b >= l.char_len() || !(word(b - 1) && word(b)) {
            break;
        }
        b += 1;
    }
    [a, b]
}

/// Cursor `c` moved by action `a` in a view of `w` x `h` scrolled to `scroll` (a page moves
/// the view with the cursor, so the cursor keeps its row); None when `a` is not a movement.
pub fn moved(
    l: &TextLayout,
    c: usize,
    scroll: &mut Scroll,
    a: Action,
    (w, h): (usize, usize),
) -> Option<usize> {
    let last = l.char_len().saturating_sub(1);
    let c = c.min(last);
    let page = h.saturating_sub(2).max(1);
    Some(match a {
        Action::Left => c.saturating_sub(1),
        Action::Right => (c + 1).min(last),
        Action::Down => l.line_move(c, 1, true, w),
        Action::Up => l.line_move(c, 1, false, w),
        Action::PageDown => {
            *scroll = l.scroll_down(*scroll, page, w);
            l.line_move(c, page, true, w)
        }
        Action::PageUp => {
            *scroll = l.scroll_up(*scroll, page, w);
            l.line_move(c, page, false, w)
        }
        Action::Top => 0,
        Action::Bottom => last,
        Action::WordNext => l.word_next(c),
        Action::WordPrev => l.word_prev(c),
        Action::SentenceNext => l.sentence_next(c),
        Action::SentencePrev => l.sentence_prev(c),
        _ => return None,
    })
}

/// `scroll` moved by as little as needed to show cursor `c`'s line.
pub fn follow(l: &TextLayout, c: usize, scroll: Scroll, (w, h): (usize, usize)) -> Scroll {
    // One pass over the visible lines (each paragraph wrapped once), not a line-by-line walk.
    let vis = l.visible(scroll, w, h);
    let (Some(first), Some(last)) = (vis.first(), vis.last()) else {
        return scroll;
    };
    let last_end = if vis.len() < h {
        usize::MAX
    } else {
        last.char_end
    };
    if c < first.char_start {
        l.line_of(c, w).0
    } else if c > last_end || (c == last_end && !l.ends_para(last)) {
        l.scroll_up(l.line_of(c, w).0, h.saturating_sub(1), w)
    } else {
        scroll
    }
}

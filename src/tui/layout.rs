//! Where the panes go: three columns on wide terminals, one pane with a tab line at 80x24.

use ratatui::layout::Rect;

use super::state::Focus;

/// Terminals at least this wide show the three panes side by side.
pub const WIDE: u16 = 120;
/// The verdict column's least width in the three-column layout.
const VERDICT_MIN: u16 = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub wide: bool,
    pub tabs: Option<Rect>,
    pub article: Rect,
    pub sources: Rect,
    pub verdict: Rect,
    pub status: Rect,
}

pub fn panes(w: u16, h: u16) -> Panes {
    let status = Rect::new(0, h.saturating_sub(1), w, 1.min(h));
    let body_h = h.saturating_sub(1);
    if w >= WIDE {
        // The verdict column holds "Rating  Größtenteils richtig  [r]" on one line (it wrapped
        // at 120 columns when it got 30%); the article gets the larger part of the rest.
        let v = (w * 30 / 100).max(VERDICT_MIN).min(w / 2);
        let a = (w - v) * 57 / 100;
        let s = w - v - a;
        Panes {
            wide: true,
            tabs: None,
            article: Rect::new(0, 0, a, body_h),
            sources: Rect::new(a, 0, s, body_h),
            verdict: Rect::new(a + s, 0, v, body_h),
            status,
        }
    } else {
        let body = Rect::new(0, 1.min(body_h), w, body_h.saturating_sub(1));
        Panes {
            wide: false,
            tabs: Some(Rect::new(0, 0, w, 1.min(h))),
            article: body,
            sources: body,
            verdict: body,
            status,
        }
    }
}

impl Panes {
    pub fn of(&self, f: Focus) -> Rect {
        match f {
            Focus::Article => self.article,
            Focus::Sources => self.sources,
            Focus::Verdict => self.verdict,
        }
    }
}

/// The text area inside a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_terminals_get_tabs_and_wide_ones_columns() {
        let p = panes(80, 24);
        assert!(!p.wide && p.tabs.is_some());
        assert_eq!(p.article.height, 22);
        let p = panes(160, 48);
        assert!(p.wide);
        assert_eq!(p.article.width + p.sources.width + p.verdict.width, 160);
    }
}

//! Enter on a hit or an evidence item: the whole source, opened at the passage (highlighted).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::msg::{Provenance, ReaderDoc};
use crate::tui::provenance::fit;
use crate::tui::safe::{safe, shown, StyledRuns};
use crate::tui::state::{Mode, State};
use crate::tui::text_layout::{Scroll, TextLayout};

use super::{boxed, Overlay};

#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub source: String,
    pub title: String,
    pub provenance: Provenance,
    pub text: TextLayout,
    pub range: [usize; 2],
    pub scroll: Scroll,
}

/// The searcher read the source: show it, unless the user has moved on to something else.
pub fn open(s: &mut State, doc: ReaderDoc) {
    if !matches!(s.mode, Mode::Normal | Mode::Overlay(Overlay::Reader(_))) {
        return;
    }
    let layout = TextLayout::new(doc.text);
    let (w, h) = s.article_area();
    let scroll = layout.reveal(Scroll::default(), doc.range[0], w, h);
    s.mode = Mode::Overlay(Overlay::Reader(Box::new(Reader {
        source: doc.source,
        title: doc.title,
        provenance: doc.provenance,
        text: layout,
        range: doc.range,
        scroll,
    })));
}

pub fn action(s: &mut State, a: Action) {
    if a == Action::Help {
        // The help lists the reader's keys and goes back to the reader when it closes.
        return super::help::open(s);
    }
    let (w, h) = s.article_area();
    let Mode::Overlay(Overlay::Reader(r)) = &mut s.mode else {
        return;
    };
    let l = &r.text;
    r.scroll = match a {
        Action::Down => l.scroll_down(r.scroll, 1, w),
        Action::Up => l.scroll_up(r.scroll, 1, w),
        Action::PageDown => l.scroll_down(r.scroll, h.saturating_sub(2), w),
        Action::PageUp => l.scroll_up(r.scroll, h.saturating_sub(2), w),
        Action::Top => Scroll::default(),
        Action::Bottom => l.bottom(w, h),
        Action::Close => {
            s.mode = Mode::Normal;
            return;
        }
        _ => r.scroll,
    };
}

pub fn draw(f: &mut Frame, s: &State, rd: &Reader, area: Rect) {
    let t = &s.theme;
    f.render_widget(Clear, area);
    let close = s
        .keymap
        .key_of(crate::tui::keymap::Context::Reader, Action::Close);
    let b = boxed(t, &format!("{} ({close} closes)", safe(&rd.title)));
    let inside = b.inner(area);
    f.render_widget(b, area);
    // Where the source comes from, above its text; a short window keeps two text lines.
    let head: Vec<Line> = rd
        .provenance
        .lines()
        .iter()
        .take(usize::from(inside.height.saturating_sub(2)))
        .map(|l| Line::from(Span::styled(fit(l, usize::from(inside.width)), t.muted)))
        .collect();
    let head_h = head.len() as u16;
    f.render_widget(
        Paragraph::new(head),
        Rect::new(inside.x, inside.y, inside.width, head_h),
    );
    let a = Rect::new(
        inside.x,
        inside.y + head_h,
        inside.width,
        inside.height - head_h,
    );
    let mut lines = Vec::new();
    for l in rd
        .text
        .visible(rd.scroll, a.width as usize, a.height as usize)
    {
        let text = &rd.text.text[l.byte_start..l.byte_end];
        let mut runs = StyledRuns::new(t.text);
        for (i, (ch, width)) in shown(text).enumerate() {
            let c = l.char_start + i;
            let st = if c >= rd.range[0] && c < rd.range[1] {
                t.matched
            } else {
                t.text
            };
            runs.push(ch, width, st);
        }
        let spans = runs.finish();
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), a);
}

//! Enter on a hit or an evidence item: the whole source, opened at the passage (highlighted).
//! A cursor moves through it as in the article pane; `v`/`V` select by character or sentence,
//! and `a` attaches the selection (else the sentence at the cursor) as evidence.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::msg::{Hit, Provenance, ReaderDoc};
use crate::tui::pane::article::draw::selected_over;
use crate::tui::provenance::fit;
use crate::tui::safe::{safe, shown, StyledRuns};
use crate::tui::state::{Mode, State};
use crate::tui::text_cursor::{self, Visual};
use crate::tui::text_layout::{Scroll, TextLayout};

use super::{boxed, stance, Overlay};

#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub source: String,
    pub title: String,
    pub provenance: Provenance,
    pub text: TextLayout,
    pub range: [usize; 2],
    pub scroll: Scroll,
    /// The text cursor (a character offset in `text`).
    pub cursor: usize,
    /// The selection being made with `v` / `V`.
    pub visual: Option<Visual>,
}

impl Reader {
    /// The characters `a` attaches: the selection in whole words, else the sentence at the
    /// cursor.
    pub fn quote_span(&self) -> Option<[usize; 2]> {
        let l = &self.text;
        let span = match &self.visual {
            Some(v) => text_cursor::whole_words(l, text_cursor::selection(l, v, self.cursor)),
            None => l.sentence_at(self.cursor),
        };
        text_cursor::trimmed(l, span)
    }
}

/// The searcher read the source: show it, unless the user has moved on to something else.
pub fn open(s: &mut State, doc: ReaderDoc) {
    if !matches!(s.mode, Mode::Normal | Mode::Overlay(Overlay::Reader(_))) {
        return;
    }
    let layout = TextLayout::new(doc.text);
    let cursor = doc.range[0].min(layout.char_len().saturating_sub(1));
    let mut r = Reader {
        source: doc.source,
        title: doc.title,
        provenance: doc.provenance,
        text: layout,
        range: doc.range,
        scroll: Scroll::default(),
        cursor,
        visual: None,
    };
    let (w, h) = text_view(s.size, &r);
    r.scroll = r.text.reveal(Scroll::default(), cursor, w, h);
    s.mode = Mode::Overlay(Overlay::Reader(Box::new(r)));
}

/// The reader covers the screen but the status bar, which keeps its messages and hints.
fn frame(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, size.1.saturating_sub(1))
}

/// Lines of provenance above the text: all of them, as long as two text lines remain.
fn head_height(inside: Rect, r: &Reader) -> u16 {
    let n = r.provenance.lines().len() as u16;
    n.min(inside.height.saturating_sub(2))
}

/// Where the text goes, for the cursor's movement and the drawing alike.
fn text_rect(size: (u16, u16), r: &Reader) -> Rect {
    let inside = boxed_inner(frame(size));
    let head = head_height(inside, r);
    Rect::new(
        inside.x,
        inside.y + head,
        inside.width,
        inside.height - head,
    )
}

fn boxed_inner(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

/// The text area's columns and rows at screen `size`.
pub fn text_view(size: (u16, u16), r: &Reader) -> (usize, usize) {
    let a = text_rect(size, r);
    (usize::from(a.width).max(1), usize::from(a.height).max(1))
}

pub fn action(s: &mut State, a: Action) {
    match a {
        // The help lists the reader's keys and goes back to the reader when it closes.
        Action::Help => return super::help::open(s),
        Action::Attach => return attach(s),
        _ => {}
    }
    let size = s.size;
    let Mode::Overlay(Overlay::Reader(r)) = &mut s.mode else {
        return;
    };
    let view = text_view(size, r);
    match a {
        Action::Close if r.visual.is_some() => r.visual = None,
        Action::Close => s.mode = Mode::Normal,
        Action::Visual | Action::VisualSentences => {
            let by_sentence = a == Action::VisualSentences;
            r.visual = text_cursor::toggle(r.visual.as_ref(), r.cursor, by_sentence);
        }
        a => {
            if let Some(to) = text_cursor::moved(&r.text, r.cursor, &mut r.scroll, a, view) {
                r.cursor = to;
                r.scroll = text_cursor::follow(&r.text, to, r.scroll, view);
            }
        }
    }
}

/// `a`: the quote goes to the stance prompt, which comes back to the reader afterwards.
fn attach(s: &mut State) {
    let Some(id) = s.current else {
        s.message = "no claim selected: pick a claim first, then attach from the reader".into();
        return;
    };
    let Mode::Overlay(Overlay::Reader(r)) = &mut s.mode else {
        return;
    };
    let Some(span) = r.quote_span() else {
        s.message = "nothing selected".into();
        return;
    };
    let hit = Hit {
        source: r.source.clone(),
        title: r.title.clone(),
        provenance: r.provenance.clone(),
        passage: r.text.slice(span).to_string(),
        range: span,
        marks: Vec::new(),
        score: 0.0,
    };
    r.visual = None;
    let Mode::Overlay(Overlay::Reader(back)) = std::mem::replace(&mut s.mode, Mode::Normal) else {
        return;
    };
    stance::open_from(s, hit, Some(back));
    s.message = format!("attach to claim {id}: pick the stance");
}

pub fn draw(f: &mut Frame, s: &State, rd: &Reader, _screen: Rect) {
    let t = &s.theme;
    let area = frame(s.size);
    f.render_widget(Clear, area);
    let ctx = crate::tui::keymap::Context::Reader;
    let close = s.keymap.key_of(ctx, Action::Close);
    let attach = s.keymap.key_of(ctx, Action::Attach);
    // The source's title on top; below, which claim `a` attaches to, since the reader
    // covers the verdict pane that would say it.
    let to = match s.current {
        Some(id) => format!(" {attach} attaches to claim {id} · {close} closes "),
        None => format!(" {close} closes "),
    };
    let b = boxed(t, &safe(&rd.title)).title_bottom(Line::from(to).right_aligned());
    let inside = b.inner(area);
    f.render_widget(b, area);
    // Where the source comes from, above its text; a short window keeps two text lines.
    let head: Vec<Line> = rd
        .provenance
        .lines()
        .iter()
        .take(usize::from(head_height(inside, rd)))
        .map(|l| Line::from(Span::styled(fit(l, usize::from(inside.width)), t.muted)))
        .collect();
    let head_h = head.len() as u16;
    f.render_widget(
        Paragraph::new(head),
        Rect::new(inside.x, inside.y, inside.width, head_h),
    );
    let a = text_rect(s.size, rd);
    f.render_widget(Paragraph::new(text_lines(s, rd, a)), a);
}

/// The visible lines: the passage opened at highlighted, the selection and cursor over it.
fn text_lines<'a>(s: &State, rd: &'a Reader, a: Rect) -> Vec<Line<'a>> {
    let t = &s.theme;
    let selected = rd
        .visual
        .as_ref()
        .map(|v| text_cursor::selection(&rd.text, v, rd.cursor));
    let mut lines = Vec::new();
    for l in rd
        .text
        .visible(rd.scroll, a.width as usize, a.height as usize)
    {
        let text = &rd.text.text[l.byte_start..l.byte_end];
        let mut runs = StyledRuns::new(t.text);
        for (i, (ch, width)) in shown(text).enumerate() {
            let c = l.char_start + i;
            let mut st = if c >= rd.range[0] && c < rd.range[1] {
                t.matched
            } else {
                t.text
            };
            if c == rd.cursor || selected.is_some_and(|r| r[0] <= c && c < r[1]) {
                st = selected_over(st, t.selection);
            }
            runs.push(ch, width, st);
        }
        let mut spans = runs.finish();
        if rd.cursor == l.char_end && rd.text.ends_para(&l) {
            spans.push(Span::styled(" ", t.selection));
        }
        lines.push(Line::from(spans));
    }
    lines
}

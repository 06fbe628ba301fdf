//! The layout: which panes are drawn where, then the status bar and the overlay on top.
//! Each pane and overlay draws itself; every piece of article or source text passes through
//! `safe` first.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::action::Action;
use super::keymap::Context;
use super::layout::panes;
use super::overlay;
use super::pane::{article, sources, verdict};
use super::state::{Focus, State};

pub fn draw(f: &mut Frame, s: &State) {
    let area = f.area();
    let p = panes(area.width, area.height);
    if let Some(t) = p.tabs {
        tabs(f, s, t);
    }
    for focus in Focus::ALL {
        if p.wide || s.focus == focus {
            let r = p.of(focus);
            match focus {
                Focus::Article => article::draw(f, s, r),
                Focus::Sources => sources::draw(f, s, r),
                Focus::Verdict => verdict::draw(f, s, r),
            }
        }
    }
    super::status::draw(f, s, p.status);
    overlay::draw(f, s, area);
}

/// The tab line of narrow terminals: one pane at a time.
fn tabs(f: &mut Frame, s: &State, r: Rect) {
    let mut spans = Vec::new();
    for (i, focus) in Focus::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, focus.title());
        let style = if *focus == s.focus {
            s.theme.selection
        } else {
            s.theme.muted
        };
        spans.push(Span::styled(label, style));
    }
    let next = s.keymap.key_of(Context::Global, Action::FocusNext);
    spans.push(Span::styled(format!("  {next}: next pane"), s.theme.muted));
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

//! `?`: the keys of the pane, overlay or mode it was opened from, from the keymap.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::state::{Mode, State};

use super::{boxed, centered, Overlay};

#[derive(Debug, Clone, PartialEq)]
pub struct Help {
    /// First line shown (the help is longer than 24 lines).
    pub top: usize,
    /// The context whose keys are shown.
    pub of: Context,
    /// The mode to go back to when the help closes.
    pub under: Box<Mode>,
}

pub fn open(s: &mut State) {
    let of = s.context();
    let under = Box::new(std::mem::take(&mut s.mode));
    s.mode = Mode::Overlay(Overlay::Help(Help { top: 0, of, under }));
}

/// The contexts listed: a pane's own keys and the ones that work everywhere, else the keys of
/// the overlay or mode.
fn sections(of: Context) -> Vec<Context> {
    let mut v = vec![of];
    let mut at = of.fallback();
    while let Some(c) = at {
        v.push(c);
        at = c.fallback();
    }
    v
}

/// Lines of the help (each section has a heading) and how many fit.
pub fn size(s: &State, h: &Help) -> (usize, usize) {
    let len: usize = sections(h.of)
        .into_iter()
        .map(|c| s.keymap.rows(c).len() + 1)
        .sum();
    (len, s.size.1.saturating_sub(4) as usize)
}

pub fn action(s: &mut State, a: Action) {
    let Some(Overlay::Help(h)) = s.overlay() else {
        return;
    };
    let (len, shown) = size(s, h);
    let page = shown.saturating_sub(1).max(1);
    let Mode::Overlay(Overlay::Help(h)) = &mut s.mode else {
        return;
    };
    h.top = match a {
        Action::Down => h.top + 1,
        Action::Up => h.top.saturating_sub(1),
        Action::PageDown => h.top + page,
        Action::PageUp => h.top.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => len,
        Action::Close => {
            let under = std::mem::take(&mut h.under);
            s.mode = *under;
            return;
        }
        _ => h.top,
    }
    .min(len.saturating_sub(shown));
}

pub fn draw(f: &mut Frame, s: &State, h: &Help, area: Rect) {
    let t = &s.theme;
    let r = centered(area, 76, area.height.saturating_sub(2));
    let mut lines = Vec::new();
    for ctx in sections(h.of) {
        lines.push(Line::styled(ctx.title(), t.title));
        for (keys, a) in s.keymap.rows(ctx) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), t.border_focus),
                Span::raw(a.describe(ctx)),
            ]));
        }
    }
    let (len, shown) = size(s, h);
    let top = h.top.min(len.saturating_sub(shown));
    let km = &s.keymap;
    let more = if len > shown {
        format!(
            " {}/{} {} scroll ·",
            km.key_of(Context::Help, Action::Down),
            km.key_of(Context::Help, Action::Up),
            km.key_of(Context::Help, Action::PageDown)
        )
    } else {
        String::new()
    };
    let foot = Span::styled(
        format!(
            "{more} {} closes · all keys: docs/keys.md ",
            km.keys_for(Context::Help, Action::Close)
                [..2.min(km.keys_for(Context::Help, Action::Close).len())]
                .join(" or ")
        ),
        t.muted,
    );
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .scroll((top.min(u16::MAX as usize) as u16, 0))
            .block(boxed(t, "Help").title_bottom(foot)),
        r,
    );
}

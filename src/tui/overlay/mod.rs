//! Overlays drawn over the panes: help, the rating picker, the stance prompt, the command
//! palette, the reader and the claims overview. Each module owns its state, handles the
//! actions of its keymap context and draws itself; this file only dispatches.
//!
//! Adding an overlay: a module with its state struct, `open`, `action` and `draw`; a variant
//! here (and in `context`, `action`, `draw`); a `Context` in keymap.rs with its default keys
//! (its section in keys.toml and docs/keys.md follow from that).

pub mod claims;
pub mod help;
pub mod palette;
pub mod rating;
pub mod reader;
pub mod recovery;
pub mod stance;

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

use super::action::Action;
use super::keymap::Context;
use super::msg::Effect;
use super::state::State;
use super::theme::Theme;

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help(help::Help),
    Rating(rating::RatingPicker),
    Stance(stance::StancePrompt),
    Palette(palette::Palette),
    Reader(Box<reader::Reader>),
    Claims(claims::ClaimsOverview),
    Recovery(recovery::RecoveryPrompt),
}

impl Overlay {
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help(_) => Context::Help,
            Overlay::Rating(_) => Context::Rating,
            Overlay::Stance(_) => Context::Stance,
            Overlay::Palette(_) => Context::Palette,
            Overlay::Reader(_) => Context::Reader,
            Overlay::Claims(o) if o.typing => Context::ClaimsFilter,
            Overlay::Claims(_) => Context::Claims,
            Overlay::Recovery(_) => Context::Recovery,
        }
    }
}

/// An action while an overlay is open.
pub fn action(s: &mut State, o: Context, a: Action, now: Instant, fx: &mut Vec<Effect>) {
    match o {
        Context::Help => help::action(s, a),
        Context::Rating => rating::action(s, a, fx),
        Context::Stance => stance::action(s, a, fx),
        Context::Palette => palette::action(s, a, now, fx),
        Context::Reader => reader::action(s, a),
        Context::Claims => claims::action(s, a, fx),
        Context::ClaimsFilter => claims::filter_action(s, a),
        Context::Recovery => recovery::action(s, a, now, fx),
        _ => {}
    }
}

pub fn draw(f: &mut Frame, s: &State, area: Rect) {
    let Some(o) = s.overlay() else {
        return;
    };
    match o {
        Overlay::Help(h) => help::draw(f, s, h, area),
        Overlay::Rating(r) => rating::draw(f, s, r, area),
        Overlay::Stance(p) => stance::draw(f, s, p, area),
        Overlay::Palette(p) => palette::draw(f, s, p, area),
        Overlay::Reader(r) => reader::draw(f, s, r, area),
        Overlay::Claims(c) => claims::draw(f, s, c, area),
        Overlay::Recovery(p) => recovery::draw(f, s, p, area),
    }
}

/// A box of `w` x `h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// An overlay's border and title.
pub fn boxed<'a>(t: &Theme, title: &str) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(t.border_focus)
        .title(Span::styled(format!(" {title} "), t.title))
}

//! `r`: pick the rating from the project's scale (a free-text scale opens an editor instead).

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::edit::VerdictChange;
use crate::tui::action::Action;
use crate::tui::editing::{self, EditTarget};
use crate::tui::msg::{Effect, Job};
use crate::tui::saving::save;
use crate::tui::state::{Mode, State};

use super::{boxed, centered, Overlay};

#[derive(Debug, Clone, PartialEq)]
pub struct RatingPicker {
    /// 0 is "(none)", then the scale's ratings in order.
    pub sel: usize,
}

pub fn open(s: &mut State) {
    let Some(c) = s.claim() else {
        return;
    };
    if s.scale.is_free_text() {
        return editing::open(s, EditTarget::FreeRating);
    }
    let cur = c.verdict.rating.clone();
    let sel = s
        .scale
        .ratings
        .iter()
        .position(|r| r.label == cur)
        .map_or(0, |i| i + 1);
    s.mode = Mode::Overlay(Overlay::Rating(RatingPicker { sel }));
}

pub fn action(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let n = s.scale.ratings.len() + 1;
    let Mode::Overlay(Overlay::Rating(p)) = &mut s.mode else {
        return;
    };
    match a {
        Action::Down => p.sel = (p.sel + 1).min(n - 1),
        Action::Up => p.sel = p.sel.saturating_sub(1),
        Action::Confirm => {
            let sel = p.sel;
            s.mode = Mode::Normal;
            choose(s, sel, fx);
        }
        Action::Close => s.mode = Mode::Normal,
        _ => {}
    }
}

fn choose(s: &mut State, sel: usize, fx: &mut Vec<Effect>) {
    let label = match sel {
        0 => String::new(),
        i => s.scale.ratings[i - 1].label.clone(),
    };
    let Some(id) = s.current else {
        return;
    };
    if let Some(c) = s.claim_mut() {
        c.verdict.rating = label.clone();
    }
    let change = VerdictChange {
        rating: Some(label),
        ..Default::default()
    };
    save(s, fx, Job::Verdict { id, change });
}

pub fn draw(f: &mut Frame, s: &State, p: &RatingPicker, area: Rect) {
    let t = &s.theme;
    let labels: Vec<String> = std::iter::once("(none)".to_string())
        .chain(s.scale.ratings.iter().map(|r| r.label.clone()))
        .collect();
    let r = centered(area, 40, labels.len() as u16 + 2);
    let lines: Vec<Line> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == p.sel { t.selection } else { t.text };
            Line::styled(format!(" {l} "), style)
        })
        .collect();
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(boxed(t, &format!("Rating: {}", s.scale.name))),
        r,
    );
}

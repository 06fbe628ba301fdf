//! After `a`: is the passage evidence that supports, refutes or gives context?

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::project::claim::Stance;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::msg::{Effect, Hit, Job};
use crate::tui::saving::save;
use crate::tui::state::{Mode, State};

use super::reader::Reader;
use super::{boxed, centered, Overlay};

#[derive(Debug, Clone, PartialEq)]
pub struct StancePrompt {
    pub sel: usize,
    /// What is attached: the passage (or the part of it) and where it is in its source.
    pub hit: Box<Hit>,
    /// Opened from the reader: it comes back after the choice (or Esc), to attach more.
    pub back: Option<Box<Reader>>,
}

pub fn open(s: &mut State, hit: Hit) {
    open_from(s, hit, None);
}

pub fn open_from(s: &mut State, hit: Hit, back: Option<Box<Reader>>) {
    s.mode = Mode::Overlay(Overlay::Stance(StancePrompt {
        sel: 0,
        hit: Box::new(hit),
        back,
    }));
}

const CHOICES: [(Action, Stance); 3] = [
    (Action::StanceSupports, Stance::Supports),
    (Action::StanceRefutes, Stance::Refutes),
    (Action::StanceContext, Stance::Context),
];

pub fn action(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Mode::Overlay(Overlay::Stance(p)) = &mut s.mode else {
        return;
    };
    let pick = match a {
        Action::Down => {
            p.sel = (p.sel + 1).min(2);
            None
        }
        Action::Up => {
            p.sel = p.sel.saturating_sub(1);
            None
        }
        Action::Confirm => Some(p.sel),
        a => CHOICES.iter().position(|(x, _)| *x == a),
    };
    let hit = p.hit.clone();
    if a != Action::Close && pick.is_none() {
        return;
    }
    s.mode = match p.back.take() {
        Some(r) => Mode::Overlay(Overlay::Reader(r)),
        None => Mode::Normal,
    };
    let Some(i) = pick else {
        return;
    };
    let Some(id) = s.current else {
        return;
    };
    let stance = CHOICES[i].1;
    let job = Job::AddEvidence {
        id,
        source: hit.source.clone(),
        quote: hit.passage.clone(),
        range: hit.range,
        stance,
    };
    save(s, fx, job);
    s.message = format!("attached as {} evidence to claim {id}", stance.as_str());
}

pub fn draw(f: &mut Frame, s: &State, p: &StancePrompt, area: Rect) {
    let t = &s.theme;
    let r = centered(area, 44, 5);
    let lines: Vec<Line> = CHOICES
        .iter()
        .enumerate()
        .map(|(i, (a, st))| {
            let key = s.keymap.key_of(Context::Stance, *a);
            let style = if i == p.sel { t.selection } else { t.text };
            Line::styled(format!(" {key}  {} ", st.as_str()), style)
        })
        .collect();
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(boxed(t, "Attach as evidence that...")),
        r,
    );
}

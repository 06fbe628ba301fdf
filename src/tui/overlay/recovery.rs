//! At start: text kept in recovery files by an earlier session whose saves failed. Enter puts
//! the selected text back into its claim's field (and saves it), `d` discards it, Esc decides
//! later (the file stays and is offered again next time).

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::editing;
use crate::tui::keymap::Context;
use crate::tui::msg::{Effect, ToSaver};
use crate::tui::recovery::Found;
use crate::tui::safe::safe;
use crate::tui::state::{Mode, State};

use super::{boxed, centered, Overlay};

#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryPrompt {
    pub found: Vec<Found>,
    pub sel: usize,
}

pub fn open(s: &mut State, found: Vec<Found>) {
    if !found.is_empty() {
        s.mode = Mode::Overlay(Overlay::Recovery(RecoveryPrompt { found, sel: 0 }));
    }
}

pub fn action(s: &mut State, a: Action, now: Instant, fx: &mut Vec<Effect>) {
    let Mode::Overlay(Overlay::Recovery(p)) = &mut s.mode else {
        return;
    };
    let n = p.found.len();
    match a {
        Action::Down => p.sel = (p.sel + 1).min(n.saturating_sub(1)),
        Action::Up => p.sel = p.sel.saturating_sub(1),
        Action::Close => s.mode = Mode::Normal,
        Action::Discard => {
            let f = p.found.remove(p.sel.min(n - 1));
            p.sel = p.sel.min(p.found.len().saturating_sub(1));
            if p.found.is_empty() {
                s.mode = Mode::Normal;
            }
            s.message = format!(
                "discarded the kept {} of claim {}",
                f.entry.field.name(),
                f.entry.claim
            );
            fx.push(Effect::Saver(ToSaver::DiscardRecovery(f.path)));
        }
        Action::Confirm => {
            // The others (if any) are offered again at the next start.
            let f = p.found.remove(p.sel.min(n - 1));
            s.mode = Mode::Normal;
            restore(s, f, now, fx);
        }
        _ => {}
    }
}

/// The kept text into its field, saved at once (the editor stays open on it).
fn restore(s: &mut State, f: Found, now: Instant, fx: &mut Vec<Effect>) {
    let e = f.entry;
    if !s.claims.iter().any(|c| c.id == e.claim) {
        s.message = format!(
            "claim {} is not in the project any more; the text stays in {}",
            e.claim, f.path
        );
        return;
    }
    s.select_claim(e.claim);
    editing::open_with(s, e.claim, e.field, e.text, e.base);
    if s.editing().is_none() {
        return;
    }
    s.dirty_since = Some(now);
    if e.field.multi_line() {
        editing::flush(s, fx);
    } else {
        editing::close(s, fx);
    }
    s.message = format!(
        "the kept {} of claim {} is back and saved",
        e.field.name(),
        e.claim
    );
    fx.push(Effect::Saver(ToSaver::RecoveryRestored {
        path: f.path,
        claim: e.claim,
        field: e.field,
    }));
}

pub fn draw(f: &mut Frame, s: &State, p: &RecoveryPrompt, area: Rect) {
    let t = &s.theme;
    let r = centered(area, 78, (p.found.len() as u16 * 3 + 5).min(area.height));
    let mut lines = vec![Line::styled(
        "Text typed in an earlier session could not be saved and was kept:",
        t.warning,
    )];
    for (i, f) in p.found.iter().enumerate() {
        let e = &f.entry;
        let style = if i == p.sel { t.selection } else { t.text };
        let first: String = e
            .text
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        lines.push(Line::styled(
            format!(
                "claim {} {} ({} characters, {}): “{}”",
                e.claim,
                e.field.name(),
                e.text.chars().count(),
                e.kept_at,
                safe(&first)
            ),
            style,
        ));
        lines.push(Line::styled(format!("  {}", safe(&f.path)), t.muted));
    }
    let km = &s.keymap;
    let key = |a| km.key_of(Context::Recovery, a);
    lines.push(Line::styled(
        format!(
            "{} put it back · {} discard · {} later",
            key(Action::Confirm),
            key(Action::Discard),
            key(Action::Close)
        ),
        t.muted,
    ));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(t, "Recovered text")),
        r,
    );
}

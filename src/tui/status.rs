//! The status bar: the project, the save state, a message, and the keys that matter now,
//! taken from the keymap of the current context (a user's keys.toml shows here too).

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::action::Action;
use super::keymap::Context;
use super::overlay::Overlay;
use super::safe::safe;
use super::state::{Mode, SaveState, State};
use unicode_width::UnicodeWidthStr;

pub fn draw(f: &mut Frame, s: &State, r: Rect) {
    let t = &s.theme;
    let save = match &s.save {
        SaveState::Saved(None) => "saved".to_string(),
        SaveState::Saved(Some(at)) => format!("saved {at}"),
        SaveState::Pending => "saving…".to_string(),
        // A message needs the room more (it says why, or what to do now).
        SaveState::Failed(_) if !s.message.is_empty() => "SAVE FAILED".to_string(),
        SaveState::Failed(e) => format!("SAVE FAILED: {e}"),
    };
    // A message needs the room more than the project's full name does; a wide terminal has
    // room for both.
    let keep = match s.message.is_empty() {
        true => (usize::from(r.width) / 3).max(24),
        false => (usize::from(r.width) / 8).max(12),
    };
    let name: String = safe(&s.project_name).chars().take(keep).collect();
    let name = name.trim_end();
    let mut spans = vec![Span::styled(
        format!(" {name} "),
        t.status_bar.add_modifier(Modifier::BOLD),
    )];
    let save_style = if matches!(s.save, SaveState::Failed(_)) {
        t.error
    } else {
        t.status_bar
    };
    let mut fixed = vec![Span::styled(format!(" {save} "), save_style)];
    if !s.problems.is_empty() {
        let n = s.problems.len();
        let files = if n == 1 { "file" } else { "files" };
        fixed.push(Span::styled(format!(" {n} {files} not read "), t.error));
    }
    if !s.adding.is_empty() && !s.message.starts_with("adding") {
        // A key clears the message; that sources are still being added must stay in view.
        fixed.push(Span::styled(" adding sources… ", t.warning));
    }
    let message = match (&s.mode, &s.article_pane.find) {
        _ if !s.message.is_empty() => safe(&s.message),
        (Mode::Finding, Some(find)) => format!("find: {}▏", safe(find)),
        _ => String::new(),
    };
    let banner = s.banner.as_deref().map(safe).unwrap_or_default();
    let used: usize = spans.iter().chain(&fixed).map(|sp| sp.width()).sum();
    let avail = usize::from(r.width).saturating_sub(used);
    // The message, or else the banner, whole on the status line when it fits; else the
    // status line keeps a short mark and the text goes on up to two lines above it.
    let mark = banner.split(':').next().unwrap_or_default().to_string();
    let (inline_banner, inline_message, above) = match (banner.is_empty(), message.is_empty()) {
        (_, true) if banner.width() + 2 <= avail => (banner, String::new(), None),
        (_, true) => (mark, String::new(), Some(banner)),
        (true, false) if message.width() + 2 <= avail => (banner, message, None),
        (false, false) if mark.width() + message.width() + 4 <= avail => (mark, message, None),
        (_, false) => (mark, String::new(), Some(message)),
    };
    if !inline_banner.is_empty() {
        spans.push(Span::styled(format!(" {inline_banner} "), t.warning));
    }
    spans.extend(fixed);
    if !inline_message.is_empty() {
        spans.push(Span::styled(format!(" {inline_message} "), t.warning));
    }
    if let Some(text) = above {
        draw_above(f, s, r, &text);
    }
    let used: usize = spans.iter().map(|sp| sp.width()).sum();
    let room = usize::from(r.width).saturating_sub(used + 1);
    spans.push(Span::styled(format!(" {}", hints(s, room)), t.status_bar));
    f.render_widget(Paragraph::new(Line::from(spans)).style(t.status_bar), r);
}

/// A message (or banner) too long for the status line, on up to two lines just above it,
/// over the panes' bottom edge until the message goes.
fn draw_above(f: &mut Frame, s: &State, r: Rect, text: &str) {
    let width = usize::from(r.width).saturating_sub(2);
    let lines = super::fit::lines(text, width, 2);
    let n = (lines.len() as u16).min(r.y);
    let area = Rect::new(r.x, r.y - n, r.width, n);
    let text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(Span::styled(format!(" {l} "), s.theme.warning)))
        .collect();
    f.render_widget(ratatui::widgets::Clear, area);
    f.render_widget(Paragraph::new(text).style(s.theme.status_bar), area);
}

/// What the keys hint for the current context: a lead word and the actions worth showing.
fn hint_set(s: &State) -> (Option<String>, Vec<(Action, &'static str)>) {
    use Action::*;
    let with = |v: &[Action]| v.iter().map(|a| (*a, a.short())).collect::<Vec<_>>();
    match &s.mode {
        Mode::Editing(_) => (Some("type".into()), vec![(Close, "done"), (Undo, "undo")]),
        Mode::Searching => (Some("type to search".into()), vec![(Confirm, "results")]),
        Mode::Finding => (
            Some("find in article".into()),
            vec![(Confirm, "go"), (Close, "cancel")],
        ),
        Mode::Visual(v) => {
            let what = if v.by_sentence {
                "SENTENCES"
            } else {
                "CHARACTERS"
            };
            (
                Some(format!("VISUAL {what} · move to extend")),
                vec![(Confirm, "new claim"), (Close, "cancel")],
            )
        }
        Mode::Overlay(Overlay::Reader(r)) => {
            let lead = match &r.visual {
                Some(v) if v.by_sentence => "SELECT SENTENCES · move to extend",
                Some(_) => "SELECT · move to extend",
                None => "READER",
            };
            let set = with(&[Help, Attach, Visual, VisualSentences, Close]);
            (Some(lead.into()), set)
        }
        Mode::Overlay(_) => (None, with(&[Confirm, Close])),
        Mode::Normal => {
            let pick: &[Action] = match s.context() {
                Context::Article => &[NextClaim, NextOpenClaim, SearchArticle, DropClaim],
                Context::Sources => &[SearchSources, SuggestEvidence, Attach, OpenReader],
                _ => &[PickRating, CycleStatus, EditExplanation, CycleStance],
            };
            // Help and quit first: at 80 columns the rest may be cut off.
            let mut v = with(&[Help, Quit]);
            v.extend(with(pick));
            v.extend(with(&[FocusNext]));
            (None, v)
        }
    }
}

/// The hints as shown: "key label" pairs joined by " · ", keys from the keymap, as many
/// whole pairs as fit in `room` columns (a hint is never cut mid-word).
fn hints(s: &State, room: usize) -> String {
    let ctx = s.context();
    let (lead, set) = hint_set(s);
    let mut parts: Vec<String> = lead.into_iter().collect();
    for (a, label) in set {
        if let Some(key) = s.keymap.first_key(ctx, a) {
            parts.push(format!("{key} {label}"));
        }
    }
    let mut out = String::new();
    for p in parts {
        let sep = if out.is_empty() { "" } else { " · " };
        if out.width() + sep.width() + p.width() > room {
            break;
        }
        out.push_str(sep);
        out.push_str(&p);
    }
    out
}

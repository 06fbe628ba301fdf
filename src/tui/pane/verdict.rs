//! The verdict pane: the current claim, its rating and status, earlier verdicts from the
//! library, the explanation, the evidence (select, change stance, remove, read), the notes and
//! the claim's history.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::edit::VerdictChange;
use crate::project::claim::{Claim, Stance, Status, Triage};
use crate::tui::action::Action;
use crate::tui::editing::{self, EditTarget};
use crate::tui::editor::Editor;
use crate::tui::keymap::Context;
use crate::tui::msg::{Effect, Job, ToSearcher};
use crate::tui::safe::{safe, safe_char};
use crate::tui::saving::save;
use crate::tui::state::{Focus, State};

use super::{block, library};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerdictPane {
    /// The selected evidence item.
    pub evidence_sel: usize,
    /// The current claim's change log, oldest first.
    pub history: Vec<String>,
    /// Rows scrolled by PgDn/PgUp; `None`: as far as needed to show the selected evidence
    /// item (moving the selection, or acting on it, goes back to that).
    pub scroll: Option<usize>,
}

/// An action of the verdict context; false when it is not one.
pub fn action(s: &mut State, a: Action, fx: &mut Vec<Effect>) -> bool {
    use Action::*;
    // What is acted on is shown: the pane follows the selection again.
    if matches!(
        a,
        Down | Up | Top | Bottom | CycleStance | RemoveEvidence | OpenReader
    ) {
        s.verdict_pane.scroll = None;
    }
    match a {
        Down | Up | Top | Bottom => select(s, a),
        PageDown | PageUp => {
            let page = s.size.1.saturating_sub(4).max(1) as usize;
            let at = s.verdict_pane.scroll.unwrap_or(0);
            s.verdict_pane.scroll = Some(if a == PageDown {
                at + page
            } else {
                at.saturating_sub(page)
            });
        }
        EditNotes => editing::open(s, EditTarget::Notes),
        CycleStance => cycle_stance(s, fx),
        OpenReader => {
            let sel = s.verdict_pane.evidence_sel;
            let target = s
                .claim()
                .and_then(|c| c.verdict.evidence.get(sel))
                .map(|e| (e.source.clone(), e.range.unwrap_or([0, 0])));
            if let Some((source, range)) = target {
                fx.push(Effect::Searcher(ToSearcher::Open { source, range }));
            }
        }
        RemoveEvidence => remove_evidence(s, fx),
        _ => return false,
    }
    true
}

fn select(s: &mut State, a: Action) {
    let n = s.claim().map_or(0, |c| c.verdict.evidence.len());
    if n == 0 {
        return;
    }
    let sel = &mut s.verdict_pane.evidence_sel;
    *sel = match a {
        Action::Down => (*sel + 1).min(n - 1),
        Action::Up => sel.saturating_sub(1),
        Action::Top => 0,
        _ => n - 1,
    };
}

fn cycle_stance(s: &mut State, fx: &mut Vec<Effect>) {
    let n = s.verdict_pane.evidence_sel;
    let Some(c) = s.claim() else {
        return;
    };
    if let Some(e) = c.verdict.evidence.get(n) {
        let i = Stance::ALL.iter().position(|x| *x == e.stance).unwrap_or(0);
        let stance = Stance::ALL[(i + 1) % 3];
        let id = c.id;
        save(s, fx, Job::SetStance { id, n, stance });
    }
}

fn remove_evidence(s: &mut State, fx: &mut Vec<Effect>) {
    let sel = s.verdict_pane.evidence_sel;
    let Some(c) = s.claim() else {
        return;
    };
    let Some(e) = c.verdict.evidence.get(sel) else {
        return;
    };
    let (id, n) = (c.id, sel + 1);
    let quote: String = e.quote.chars().take(40).collect();
    let cut = if quote.len() < e.quote.len() {
        "…"
    } else {
        ""
    };
    let source = e.source.get(..8).unwrap_or(&e.source).to_string();
    let before = fx.len();
    save(s, fx, Job::RemoveEvidence { id, n });
    if fx.len() > before {
        // The shortest of the undo keys (`u` rather than `Ctrl-z`).
        let undo = s
            .keymap
            .keys_for(Context::Global, Action::Undo)
            .into_iter()
            .min_by_key(|k| k.chars().count())
            .unwrap_or_else(|| "-".into());
        s.message = format!(
            "removed evidence {n} of claim {id} („{}{cut}“, source {source}); {undo} brings it back",
            quote.trim()
        );
    }
    s.verdict_pane.evidence_sel = sel.saturating_sub(1);
}

/// `s`: the next status.
pub fn cycle_status(s: &mut State, fx: &mut Vec<Effect>) {
    let Some(c) = s.claim() else {
        return;
    };
    let i = Status::ALL
        .iter()
        .position(|x| *x == c.verdict.status)
        .unwrap_or(0);
    // Done is the end: going round to open again by one key too many would undo the check.
    let Some(&status) = Status::ALL.get(i + 1) else {
        let undo = s.keymap.key_of(Context::Global, Action::Undo);
        s.message = format!("the claim is done already ({undo} undoes the last status change)");
        return;
    };
    let id = c.id;
    if let Some(c) = s.claim_mut() {
        c.verdict.status = status;
    }
    let change = VerdictChange {
        status: Some(status),
        ..Default::default()
    };
    save(s, fx, Job::Verdict { id, change });
}

/// The change log lines of a claim arrived.
pub fn history(s: &mut State, claim: u32, lines: Vec<String>) {
    if s.current == Some(claim) {
        s.verdict_pane.history = lines;
    }
}

fn key(s: &State, a: Action) -> String {
    s.keymap.key_of(Context::Verdict, a)
}

pub fn draw(f: &mut Frame, s: &State, r: Rect) {
    let Some(c) = s.claim() else {
        let b = block(s, Focus::Verdict, " Verdict ".into());
        f.render_widget(Paragraph::new("No claim selected").block(b), r);
        return;
    };
    let b = block(s, Focus::Verdict, format!(" Claim {} ", c.id));
    let mut lines = head_lines(s, c);
    lines.extend(library::verdict_lines(s, c));
    lines.extend(explanation_lines(s, c));
    let evidence_at = lines.len() + 2;
    lines.extend(evidence_lines(s, c));
    lines.extend(notes_lines(s, c));
    let t = &s.theme;
    let history = &s.verdict_pane.history;
    if !history.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("History", t.muted));
        lines.extend(
            history
                .iter()
                .rev()
                .take(6)
                .map(|h| Line::styled(safe(h), t.muted)),
        );
    }
    let inner = b.inner(r);
    let rows: Vec<usize> = lines.iter().map(|l| wrapped_rows(l, inner.width)).collect();
    let total: usize = rows.iter().sum();
    let height = inner.height as usize;
    let scroll = match s.verdict_pane.scroll {
        Some(n) => n.min(total.saturating_sub(height)),
        None => {
            // The selected item from its first to its last row on screen (its start wins when
            // it is taller than the pane).
            let item = evidence_at + s.verdict_pane.evidence_sel;
            let start: usize = rows.iter().take(item).sum();
            let end = start + rows.get(item).copied().unwrap_or(0);
            end.saturating_sub(height).min(start)
        }
    };
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(u16::MAX as usize) as u16, 0))
            .block(b),
        r,
    );
}

/// How many rows `line` takes when word-wrapped to `width` columns, the way ratatui's
/// `Wrap { trim: false }` breaks it: words kept whole where they fit, longer ones cut.
fn wrapped_rows(line: &Line, width: u16) -> usize {
    let width = width.max(1) as usize;
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut rows = 1;
    let mut col = 0;
    for word in text.split_inclusive(' ') {
        let w = unicode_width::UnicodeWidthStr::width(word.trim_end_matches(' '));
        let with_space = unicode_width::UnicodeWidthStr::width(word);
        if col > 0 && col + w > width {
            rows += 1;
            col = 0;
        }
        if w > width {
            rows += (col + w - 1) / width;
            col = (col + w) % width;
        } else {
            col += with_space;
        }
    }
    rows
}

/// The open editor when it edits `target` of claim `c`.
fn editor_on<'a>(s: &'a State, c: &Claim, target: EditTarget) -> Option<&'a Editor> {
    s.editing()
        .filter(|e| e.claim == c.id && e.target == target)
        .map(|e| &e.editor)
}

fn head_lines<'a>(s: &State, c: &Claim) -> Vec<Line<'a>> {
    let t = &s.theme;
    let mut lines = Vec::new();
    if let Some(e) = editor_on(s, c, EditTarget::ClaimText) {
        lines.push(Line::styled(
            format!(
                "Claim text ({} or {} saves it, {} undoes typing):",
                s.keymap.key_of(Context::Editor, Action::Confirm),
                s.keymap.key_of(Context::Editor, Action::Close),
                s.keymap.key_of(Context::Editor, Action::Undo)
            ),
            t.warning,
        ));
        lines.extend(editor_lines(s, e));
    } else {
        lines.push(Line::styled(format!("“{}”", safe(&c.text)), t.title));
    }
    let (rating, rating_style) = if c.verdict.rating.is_empty() {
        ("(none)".to_string(), t.muted)
    } else {
        (
            safe(&c.verdict.rating),
            t.tone(s.scale.tone_of(&c.verdict.rating)),
        )
    };
    lines.push(Line::from(vec![
        Span::styled("Rating  ", t.muted),
        Span::styled(rating, rating_style),
        Span::styled(format!("  [{}]", key(s, Action::PickRating)), t.muted),
    ]));
    let triage = match c.triage {
        Triage::Candidate => "candidate",
        Triage::Kept => "checking",
        Triage::Dropped => "dropped",
    };
    lines.push(Line::from(vec![
        Span::styled("Status  ", t.muted),
        Span::raw(c.verdict.status.as_str()),
        Span::styled(
            format!(" · {triage}  [{}]", key(s, Action::CycleStatus)),
            t.muted,
        ),
    ]));
    if !c.claimant.trim().is_empty() {
        let palette = s.keymap.key_of(Context::Global, Action::Palette);
        let how = if c.claimant_detected {
            format!(", detected: {palette}claimant confirms")
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled("Said by ", t.muted),
            Span::raw(safe(&c.claimant)),
            Span::styled(format!(" ({}{how})", c.claimant_kind.as_str()), t.muted),
        ]));
    }
    let mut desk = Vec::new();
    if !c.assignee.is_empty() {
        desk.push(format!("assigned to {}", safe(&c.assignee)));
    }
    if !c.verdict.author.is_empty() {
        desk.push(format!("by {}", safe(&c.verdict.author)));
    }
    if !c.verdict.reviewer.is_empty() {
        desk.push(format!("approved by {}", safe(&c.verdict.reviewer)));
    }
    if !desk.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Desk    ", t.muted),
            Span::raw(desk.join(" · ")),
        ]));
    }
    lines.extend(conflict_lines(s, c));
    lines.push(Line::raw(""));
    lines
}

/// A conflict sync recorded: each field with its values numbered as `:resolve` takes them.
fn conflict_lines<'a>(s: &State, c: &Claim) -> Vec<Line<'a>> {
    let t = &s.theme;
    let fields = crate::resolve::fields(c);
    if fields.is_empty() {
        return Vec::new();
    }
    let palette = s.keymap.key_of(Context::Global, Action::Palette);
    let mut lines = vec![Line::styled(
        format!("Conflict from sync ({palette}resolve [FIELD] N|both settles it):"),
        t.warning,
    )];
    for field in fields {
        lines.push(Line::styled(format!("  {}", safe(&field)), t.warning));
        for (i, v) in crate::resolve::values_of(c, &field).iter().enumerate() {
            let shown = crate::project::team::Conflict::show(v).replace('\n', " ");
            lines.push(Line::raw(format!("    {}) {}", i + 1, safe(&shown))));
        }
    }
    lines
}

fn explanation_lines<'a>(s: &State, c: &Claim) -> Vec<Line<'a>> {
    let text = &c.verdict.explanation;
    let empty = text.is_empty().then_some("(none yet)");
    text_field(s, c, EditTarget::Explanation, "Explanation", text, empty)
}

/// A text field of the verdict: its heading with its key, and its text or the editor on it.
/// `empty` is what an empty field shows; `None` leaves an empty field out.
fn text_field<'a>(
    s: &State,
    c: &Claim,
    target: EditTarget,
    name: &str,
    text: &str,
    empty: Option<&str>,
) -> Vec<Line<'a>> {
    let t = &s.theme;
    if let Some(e) = editor_on(s, c, target) {
        let close = s.keymap.key_of(Context::Editor, Action::Close);
        let mut lines = vec![Line::styled(
            format!("{name} (editing, {close} to finish):"),
            t.warning,
        )];
        lines.extend(editor_lines(s, e));
        return lines;
    }
    if text.is_empty() && empty.is_none() {
        return Vec::new();
    }
    let action = match target {
        EditTarget::Notes => Action::EditNotes,
        _ => Action::EditExplanation,
    };
    let mut lines = vec![Line::styled(
        format!("{name}  [{}]", key(s, action)),
        t.muted,
    )];
    match empty {
        Some(e) => lines.push(Line::styled(e.to_string(), t.muted)),
        None => lines.extend(text.lines().map(|l| Line::raw(safe(l)))),
    }
    lines
}

fn evidence_lines<'a>(s: &State, c: &Claim) -> Vec<Line<'a>> {
    let t = &s.theme;
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            format!(
                "Evidence ({})  [{} read, {} stance, {} remove]",
                c.verdict.evidence.len(),
                key(s, Action::OpenReader),
                key(s, Action::CycleStance),
                key(s, Action::RemoveEvidence)
            ),
            t.muted,
        ),
    ];
    for (i, e) in c.verdict.evidence.iter().enumerate() {
        let sel = s.focus == Focus::Verdict && i == s.verdict_pane.evidence_sel;
        let style = if sel { t.selection } else { t.text };
        let stance_style = match e.stance {
            Stance::Supports => t.claim_true,
            Stance::Refutes => t.claim_false,
            Stance::Context => t.claim_mixed,
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", i + 1), style),
            Span::styled(e.stance.as_str().to_string(), stance_style),
            Span::styled(format!(" {}", safe(&e.quote)), style),
        ]));
    }
    lines
}

fn notes_lines<'a>(s: &State, c: &Claim) -> Vec<Line<'a>> {
    text_field(s, c, EditTarget::Notes, "Notes", &c.verdict.notes, None)
}

/// An editor's text with its cursor cell.
pub fn editor_lines<'a>(s: &State, e: &Editor) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut off = 0;
    for l in e.text.split('\n') {
        let end = off + l.len();
        if (off..=end).contains(&e.cursor) {
            let at = e.cursor - off;
            let (a, b) = l.split_at(at);
            let mut chars = b.chars();
            let cur = chars
                .next()
                .map_or(" ".to_string(), |c| safe_char(c).to_string());
            out.push(Line::from(vec![
                Span::raw(safe(a)),
                Span::styled(cur, s.theme.selection),
                Span::raw(safe(chars.as_str())),
            ]));
        } else {
            out.push(Line::raw(safe(l)));
        }
        off = end + 1;
    }
    out
}

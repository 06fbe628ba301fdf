//! Drawing the state. Every piece of article or source text passes through `safe` first.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::project::claim::{Claim, Triage};

use super::article::TextLayout;
use super::keymap::Context;
use super::layout::{inner, panes};
use super::safe::{safe, safe_char};
use super::state::{EditTarget, Focus, Overlay, SaveState, State};

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
                Focus::Article => article(f, s, r),
                Focus::Sources => sources(f, s, r),
                Focus::Verdict => verdict(f, s, r),
            }
        }
    }
    status(f, s, p.status);
    overlay(f, s, area);
}

fn block<'a>(s: &State, focus: Focus, title: String) -> Block<'a> {
    let style = if s.focus == focus {
        s.theme.border_focus
    } else {
        s.theme.border
    };
    Block::new()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, s.theme.title))
}

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
    spans.push(Span::styled("  Tab: next pane", s.theme.muted));
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

/// The style of an article character at `c`: the current claim, else its claim's verdict mark.
struct Marks<'a> {
    claims: Vec<&'a Claim>,
    max_end: Vec<usize>,
}

impl<'a> Marks<'a> {
    fn new(claims: &'a [Claim], article: &str) -> Marks<'a> {
        let claims: Vec<&Claim> = claims
            .iter()
            .filter(|c| c.article == article && c.triage != Triage::Dropped)
            .collect();
        let mut max_end = Vec::with_capacity(claims.len());
        let mut m = 0;
        for c in &claims {
            m = m.max(c.span[1]);
            max_end.push(m);
        }
        Marks { claims, max_end }
    }

    /// Claims overlapping [a, b), found by binary search (claims are sorted by start).
    fn overlapping(&self, a: usize, b: usize) -> Vec<&'a Claim> {
        let end = self.claims.partition_point(|c| c.span[0] < b);
        let mut out = Vec::new();
        let mut i = end;
        while i > 0 {
            i -= 1;
            if self.max_end[i] <= a {
                break;
            }
            if self.claims[i].span[1] > a {
                out.push(self.claims[i]);
            }
        }
        out
    }
}

fn claim_style(s: &State, c: &Claim) -> Style {
    if Some(c.id) == s.current {
        return s.theme.current;
    }
    if c.verdict.rating.is_empty() {
        if c.triage == Triage::Candidate {
            return s.theme.claim_candidate;
        }
        return s.theme.claim_open;
    }
    s.theme.tone(s.scale.tone_of(&c.verdict.rating))
}

pub fn article(f: &mut Frame, s: &State, r: Rect) {
    let Some(a) = s.article_view() else {
        let b = block(s, Focus::Article, " Article ".into());
        f.render_widget(
            Paragraph::new("No article yet: factdesk article add FILE").block(b),
            r,
        );
        return;
    };
    let title = format!(" {} ", safe(&a.meta.title));
    let b = block(s, Focus::Article, title);
    let area = inner(r);
    f.render_widget(b, r);
    let marks = Marks::new(&s.claims, &a.meta.id);
    let lines = article_lines(
        s,
        &a.layout,
        &marks,
        area.width as usize,
        area.height as usize,
    );
    f.render_widget(Paragraph::new(lines), area);
}

fn article_lines<'a>(
    s: &State,
    layout: &'a TextLayout,
    marks: &Marks,
    w: usize,
    h: usize,
) -> Vec<Line<'a>> {
    let find = s
        .find
        .as_ref()
        .filter(|f| !f.is_empty())
        .map(|f| f.to_lowercase());
    let selected = super::visual::selection(s);
    let cursor = (s.focus == Focus::Article && s.overlay == Overlay::None && s.editing.is_none())
        .then_some(s.cursor);
    let mut out = Vec::with_capacity(h);
    for l in layout.visible(s.scroll, w, h) {
        let text = &layout.text[l.byte_start..l.byte_end];
        let over = marks.overlapping(l.char_start, l.char_end.max(l.char_start + 1));
        let lower = find.as_ref().map(|_| text.to_lowercase());
        let mut spans: Vec<Span> = Vec::new();
        let mut run = String::new();
        let mut run_style = s.theme.text;
        for (i, (bi, ch)) in text.char_indices().enumerate() {
            let c = l.char_start + i;
            let mut style = s.theme.text;
            // Overlapping claims: the current one wins, then the innermost (latest start).
            let hit = over
                .iter()
                .filter(|x| x.span[0] <= c && c < x.span[1])
                .max_by_key(|x| (Some(x.id) == s.current, x.span[0]));
            if let Some(x) = hit {
                style = claim_style(s, x);
            }
            if let (Some(f), Some(lw)) = (&find, &lower) {
                if lw.len() == text.len() && in_match(lw, f, bi) {
                    style = s.theme.matched;
                }
            }
            if cursor == Some(c) || selected.is_some_and(|r| r[0] <= c && c < r[1]) {
                style = selected_over(style, s.theme.selection);
            }
            if style != run_style && !run.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut run), run_style));
            }
            run_style = style;
            run.push(safe_char(ch));
        }
        if !run.is_empty() {
            spans.push(Span::styled(run, run_style));
        }
        // The cursor on a line break (or the text's end) shows as a cell after the line.
        if cursor == Some(l.char_end) && layout.ends_para(&l) {
            spans.push(Span::styled(" ", s.theme.selection));
        }
        out.push(Line::from(spans));
    }
    out
}

/// The selection's style over a character styled `base`. Reverse video on a reversed current
/// claim (the monochrome look) would cancel out, so there it shows as bold underline.
fn selected_over(base: Style, sel: Style) -> Style {
    if base.add_modifier.contains(Modifier::REVERSED)
        && sel.add_modifier.contains(Modifier::REVERSED)
    {
        return base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    }
    sel
}

fn in_match(hay: &str, needle: &str, at: usize) -> bool {
    let from = at.saturating_sub(needle.len());
    let mut i = from;
    while i <= at && i < hay.len() {
        if hay.is_char_boundary(i) && hay[i..].starts_with(needle) && i + needle.len() > at {
            return true;
        }
        i += 1;
    }
    false
}

pub fn sources(f: &mut Frame, s: &State, r: Rect) {
    let title = if s.search.busy {
        " Sources: searching... ".to_string()
    } else if s.search.label.is_empty() {
        " Sources ".to_string()
    } else {
        format!(" Sources: {} ", s.search.label)
    };
    let b = block(s, Focus::Sources, title);
    let area = inner(r);
    f.render_widget(b, r);
    if area.height == 0 {
        return;
    }
    let cursor = if s.search.typing { "▏" } else { "" };
    let prompt = Line::from(vec![
        Span::styled("/ ", s.theme.muted),
        Span::raw(safe(&s.search.input)),
        Span::styled(cursor, s.theme.border_focus),
    ]);
    f.render_widget(
        Paragraph::new(prompt),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let list = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    if s.search.hits.is_empty() {
        let hint = if s.search.label.is_empty() {
            "/ to search, S to suggest evidence for the claim"
        } else {
            "no matching passages"
        };
        f.render_widget(
            Paragraph::new(Span::styled(hint, s.theme.muted)).wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    // Each hit: a source heading when the source changes, then up to three snippet lines.
    let mut lines: Vec<Line> = Vec::new();
    let mut sel_line = 0;
    let mut prev: Option<&str> = None;
    let w = list.width.max(1) as usize;
    for (i, h) in s.search.hits.iter().enumerate() {
        if prev != Some(h.source.as_str()) {
            let mut head = h.title.clone();
            if !h.publisher.is_empty() {
                head.push_str(" · ");
                head.push_str(&h.publisher);
            }
            if !h.date.is_empty() {
                head.push_str(" · ");
                head.push_str(&h.date);
            }
            lines.push(Line::from(Span::styled(head, s.theme.title)));
            prev = Some(h.source.as_str());
        }
        if i == s.search.sel {
            sel_line = lines.len();
        }
        let snippet = snippet_lines(s, h, w, i == s.search.sel);
        lines.extend(snippet);
    }
    let height = list.height as usize;
    let top = (sel_line + 3).saturating_sub(height);
    let shown: Vec<Line> = lines.into_iter().skip(top).take(height).collect();
    f.render_widget(Paragraph::new(shown), list);
}

/// Up to three wrapped lines of a passage around its first match, matches highlighted.
fn snippet_lines<'a>(
    s: &State,
    h: &'a super::search::Hit,
    w: usize,
    selected: bool,
) -> Vec<Line<'a>> {
    let first = h.marks.first().map_or(0, |m| m.0);
    // Start a little before the first match, on a char boundary.
    let mut start = first.saturating_sub(w / 2);
    while !h.passage.is_char_boundary(start) {
        start -= 1;
    }
    // Begin at a word, not in the middle of one.
    if start > 0 {
        if let Some(sp) = h.passage[start..first].find(' ') {
            start += sp + 1;
        }
    }
    // Only three lines are shown: wrap a bounded slice (four lines of 4-byte chars), not the
    // rest of a passage that may be thousands of chars long, for each hit on every frame.
    let mut end = h.passage.len().min(start + 16 * w.max(1));
    while !h.passage.is_char_boundary(end) {
        end -= 1;
    }
    let body = &h.passage[start..end];
    let wrapped = super::article::wrap(body, start, 0, w.saturating_sub(2).max(1));
    let base = if selected {
        s.theme.selection
    } else {
        s.theme.text
    };
    let lead = if selected { "▶ " } else { "  " };
    wrapped
        .into_iter()
        .take(3)
        .map(|l| {
            let mut spans = vec![Span::styled(lead, base)];
            let mut pos = l.byte_start;
            for &(a, b) in &h.marks {
                let (a, b) = (a.max(pos), b.min(l.byte_end));
                if a >= b {
                    continue;
                }
                spans.push(Span::styled(safe(&h.passage[pos..a]), base));
                spans.push(Span::styled(
                    safe(&h.passage[a..b]),
                    s.theme.matched.add_modifier(if selected {
                        Modifier::BOLD
                    } else {
                        Modifier::empty()
                    }),
                ));
                pos = b;
            }
            spans.push(Span::styled(safe(&h.passage[pos..l.byte_end]), base));
            Line::from(spans)
        })
        .collect()
}

pub fn verdict(f: &mut Frame, s: &State, r: Rect) {
    let Some(c) = s.claim() else {
        let b = block(s, Focus::Verdict, " Verdict ".into());
        f.render_widget(Paragraph::new("No claim selected").block(b), r);
        return;
    };
    let b = block(s, Focus::Verdict, format!(" Claim {} ", c.id));
    let t = &s.theme;
    let mut lines: Vec<Line> = Vec::new();
    let triage = match c.triage {
        Triage::Candidate => "candidate",
        Triage::Kept => "checking",
        Triage::Dropped => "dropped",
    };
    let editing = s.editing.as_ref().filter(|e| e.claim == c.id);
    if let Some(e) = editing.filter(|e| e.target == EditTarget::ClaimText) {
        lines.push(Line::styled(
            "Claim text (Enter saves, Esc cancels):",
            t.warning,
        ));
        lines.extend(editor_lines(s, &e.editor));
    } else {
        lines.push(Line::styled(format!("“{}”", safe(&c.text)), t.title));
    }
    lines.push(Line::from(vec![
        Span::styled("Rating  ", t.muted),
        Span::styled(
            if c.verdict.rating.is_empty() {
                "(none)".to_string()
            } else {
                safe(&c.verdict.rating)
            },
            if c.verdict.rating.is_empty() {
                t.muted
            } else {
                t.tone(s.scale.tone_of(&c.verdict.rating))
            },
        ),
        Span::styled("  [r]", t.muted),
    ]));
    lines.push(Line::from(vec![
        Span::styled("Status  ", t.muted),
        Span::raw(c.verdict.status.as_str()),
        Span::styled(format!(" · {triage}  [s]"), t.muted),
    ]));
    lines.push(Line::raw(""));
    lines.extend(super::library::verdict_lines(s, c));
    match editing.filter(|e| e.target == EditTarget::Explanation) {
        Some(e) => {
            lines.push(Line::styled(
                "Explanation (editing, Esc to finish):",
                t.warning,
            ));
            lines.extend(editor_lines(s, &e.editor));
        }
        None => {
            lines.push(Line::styled("Explanation  [e]", t.muted));
            if c.verdict.explanation.is_empty() {
                lines.push(Line::styled("(none yet)", t.muted));
            } else {
                lines.extend(c.verdict.explanation.lines().map(|l| Line::raw(safe(l))));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Evidence ({})  [Enter read, t stance, x remove]",
            c.verdict.evidence.len()
        ),
        t.muted,
    ));
    for (i, e) in c.verdict.evidence.iter().enumerate() {
        let sel = s.focus == Focus::Verdict && i == s.evidence_sel;
        let style = if sel { t.selection } else { t.text };
        let stance_style = match e.stance.as_str() {
            "supports" => t.claim_true,
            "refutes" => t.claim_false,
            _ => t.claim_mixed,
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", i + 1), style),
            Span::styled(e.stance.as_str().to_string(), stance_style),
            Span::styled(format!(" {}", safe(&e.quote)), style),
        ]));
    }
    match editing.filter(|e| e.target == EditTarget::Notes) {
        Some(e) => {
            lines.push(Line::styled("Notes (editing, Esc to finish):", t.warning));
            lines.extend(editor_lines(s, &e.editor));
        }
        None if !c.verdict.notes.is_empty() => {
            lines.push(Line::styled("Notes  [o]", t.muted));
            lines.extend(c.verdict.notes.lines().map(|l| Line::raw(safe(l))));
        }
        None => {}
    }
    if !s.history.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("History", t.muted));
        lines.extend(
            s.history
                .iter()
                .rev()
                .take(6)
                .map(|h| Line::styled(safe(h), t.muted)),
        );
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(b), r);
}

fn editor_lines<'a>(s: &State, e: &super::editor::Editor) -> Vec<Line<'a>> {
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

fn status(f: &mut Frame, s: &State, r: Rect) {
    let t = &s.theme;
    let save = match &s.save {
        SaveState::Saved(None) => "saved".to_string(),
        SaveState::Saved(Some(at)) => format!("saved {at}"),
        SaveState::Pending => "saving…".to_string(),
        SaveState::Failed(e) => format!("SAVE FAILED: {e}"),
    };
    let hints = if s.editing.is_some() {
        "type · Esc done · Ctrl-z undo".to_string()
    } else if s.search.typing {
        "type to search · Enter/Esc results".to_string()
    } else if s.find_typing {
        "find in article · Enter go · Esc cancel".to_string()
    } else if let Some(v) = &s.visual {
        let what = if v.by_sentence {
            "SENTENCES"
        } else {
            "CHARACTERS"
        };
        format!("VISUAL {what} · move to extend · Enter new claim · Esc cancel")
    } else {
        hints(s)
    };
    // A message needs the room more than the project's full name does.
    let keep = if s.message.is_empty() { 24 } else { 12 };
    let name: String = safe(&s.project_name).chars().take(keep).collect();
    let name = name.trim_end();
    let mut spans = vec![Span::styled(
        format!(" {name} "),
        t.status_bar.add_modifier(Modifier::BOLD),
    )];
    if let Some(b) = &s.banner {
        spans.push(Span::styled(format!(" {b} "), t.warning));
    }
    let save_style = if matches!(s.save, SaveState::Failed(_)) {
        t.error
    } else {
        t.status_bar
    };
    spans.push(Span::styled(format!(" {save} "), save_style));
    if !s.message.is_empty() {
        spans.push(Span::styled(format!(" {} ", s.message), t.warning));
    } else if let Some(find) = &s.find {
        if s.find_typing {
            spans.push(Span::styled(format!(" find: {find}▏ "), t.warning));
        }
    }
    spans.push(Span::styled(format!(" {hints}"), t.status_bar));
    f.render_widget(Paragraph::new(Line::from(spans)).style(t.status_bar), r);
}

/// The most useful keys of the focused pane, for the status bar.
fn hints(s: &State) -> String {
    use super::action::Action::*;
    let ctx = s.context();
    let pick: &[_] = match s.focus {
        Focus::Article => &[NextClaim, NextOpenClaim, SearchArticle, DropClaim],
        Focus::Sources => &[SearchSources, SuggestEvidence, Attach, OpenReader],
        Focus::Verdict => &[PickRating, CycleStatus, EditExplanation, CycleStance],
    };
    // Help and quit first: at 80 columns the rest may be cut off. Keys come from the keymap,
    // so a user's keys.toml shows here too.
    let out: Vec<String> = [Help, Quit]
        .iter()
        .chain(pick)
        .chain(&[FocusNext])
        .filter_map(|a| {
            let k = s.keymap.keys_for(ctx, *a);
            let k = if k.is_empty() {
                s.keymap.keys_for(Context::Global, *a)
            } else {
                k
            };
            k.first().map(|k| format!("{k} {}", short(*a)))
        })
        .collect();
    out.join(" · ")
}

fn short(a: super::action::Action) -> &'static str {
    use super::action::Action::*;
    match a {
        Help => "help",
        Quit => "quit",
        FocusNext => "pane",
        NextClaim => "next claim",
        NextOpenClaim => "next open",
        SearchArticle => "find",
        DropClaim => "drop",
        SearchSources => "search",
        SuggestEvidence => "suggest",
        Attach => "attach",
        OpenReader => "read",
        PickRating => "rating",
        CycleStatus => "status",
        EditExplanation => "explain",
        CycleStance => "stance",
        _ => "",
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn overlay(f: &mut Frame, s: &State, area: Rect) {
    let t = &s.theme;
    let boxed = |title: &str| {
        Block::new()
            .borders(Borders::ALL)
            .border_style(t.border_focus)
            .title(Span::styled(format!(" {title} "), t.title))
    };
    match &s.overlay {
        Overlay::None => {}
        Overlay::Help => {
            let r = centered(area, 76, area.height.saturating_sub(2));
            let mut lines = Vec::new();
            for ctx in [s.context(), Context::Global] {
                lines.push(Line::styled(ctx.title(), t.title));
                for (keys, a) in s.keymap.rows(ctx) {
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {keys:<18}"), t.border_focus),
                        Span::raw(a.describe()),
                    ]));
                }
            }
            let (len, shown) = s.help_size();
            let top = s.help_top.min(len.saturating_sub(shown));
            let more = if len > shown {
                " j/k PgDn scroll ·"
            } else {
                ""
            };
            let foot = Span::styled(
                format!("{more} Esc or ? closes · all keys: docs/keys.md "),
                t.muted,
            );
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .scroll((top.min(u16::MAX as usize) as u16, 0))
                    .block(boxed("Help").title_bottom(foot)),
                r,
            );
        }
        Overlay::Rating { sel } => {
            let labels: Vec<String> = std::iter::once("(none)".to_string())
                .chain(s.scale.ratings.iter().map(|r| r.label.clone()))
                .collect();
            let r = centered(area, 40, labels.len() as u16 + 2);
            let lines: Vec<Line> = labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let style = if i == *sel { t.selection } else { t.text };
                    Line::styled(format!(" {l} "), style)
                })
                .collect();
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines).block(boxed(&format!("Rating: {}", s.scale.name))),
                r,
            );
        }
        Overlay::Stance { sel, .. } => {
            let r = centered(area, 44, 5);
            let lines: Vec<Line> = ["s  supports", "r  refutes", "c  context"]
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    Line::styled(
                        format!(" {l} "),
                        if i == *sel { t.selection } else { t.text },
                    )
                })
                .collect();
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines).block(boxed("Attach as evidence that...")),
                r,
            );
        }
        Overlay::Palette { input } => {
            let r = Rect::new(area.x, area.y, area.width, 3.min(area.height));
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(format!(":{input}▏"))
                    .block(boxed("quit · theme NAME · scale · claims · help")),
                r,
            );
        }
        Overlay::Reader(rd) => {
            let r = area;
            f.render_widget(Clear, r);
            let b = boxed(&format!("{} (Esc closes)", safe(&rd.title)));
            let a = b.inner(r);
            f.render_widget(b, r);
            let mut lines = Vec::new();
            for l in rd
                .text
                .visible(rd.scroll, a.width as usize, a.height as usize)
            {
                let text = &rd.text.text[l.byte_start..l.byte_end];
                let mut spans = Vec::new();
                for (i, ch) in text.chars().enumerate() {
                    let c = l.char_start + i;
                    let st = if c >= rd.range[0] && c < rd.range[1] {
                        t.matched
                    } else {
                        t.text
                    };
                    spans.push(Span::styled(safe_char(ch).to_string(), st));
                }
                lines.push(Line::from(spans));
            }
            f.render_widget(Paragraph::new(lines), a);
        }
        Overlay::Claims { sel, filter, sort } => {
            let rows = super::overview::rows(&s.claims, &s.scale, *filter, *sort);
            let r = area;
            f.render_widget(Clear, r);
            let filter_name = filter
                .and_then(|i| crate::project::claim::Status::ALL.get(i))
                .map_or("all", |st| st.as_str());
            let b = boxed(&format!(
                "Claims: {filter_name}, by {sort:?} (f filter, o sort, Enter go, Esc close)"
            ));
            let mut a = b.inner(r);
            f.render_widget(b, r);
            // The last line says why the selected claim was ranked as it is.
            if a.height > 2 {
                let why = rows
                    .get(*sel)
                    .map(|id| super::overview::reasons(&s.claims, &s.articles, *id))
                    .unwrap_or_default();
                let line = Rect::new(a.x, a.y + a.height - 1, a.width, 1);
                f.render_widget(
                    Paragraph::new(Line::styled(format!("why: {}", safe(&why)), t.muted)),
                    line,
                );
                a.height -= 1;
            }
            let h = a.height as usize;
            let top = sel.saturating_sub(h.saturating_sub(1));
            let lines: Vec<Line> = rows
                .iter()
                .enumerate()
                .skip(top)
                .take(h)
                .filter_map(|(i, id)| {
                    let c = s.claims.iter().find(|c| c.id == *id)?;
                    let style = if i == *sel { t.selection } else { t.text };
                    Some(Line::styled(
                        format!(
                            "{:>4} {:<12} {:<22} {}",
                            c.id,
                            c.verdict.status.as_str(),
                            safe(&c.verdict.rating),
                            safe(&c.text)
                        ),
                        style,
                    ))
                })
                .collect();
            f.render_widget(Paragraph::new(lines), a);
        }
    }
}

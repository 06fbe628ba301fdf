//! The sources pane: a search box (search as you type, on the search worker; older answers
//! never replace newer ones), suggested evidence for the claim, and the hits grouped by
//! source. `a` attaches the selected hit, Enter opens it in the reader.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::layout::inner;
use crate::tui::msg::{Effect, Hit, ToSearcher};
use crate::tui::overlay::stance;
use crate::tui::safe::safe;
use crate::tui::state::{Focus, Mode, State};
use crate::tui::text_layout::wrap;

use super::block;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchBox {
    pub input: String,
    /// Generation of the newest request; results of older ones are dropped.
    pub gen: u64,
    pub busy: bool,
    pub label: String,
    pub hits: Vec<Hit>,
    pub sel: usize,
    pub top: usize,
    /// The claim the hits were suggested for: suggestions belong to it, and go when another
    /// claim becomes current (a typed search belongs to no claim and stays).
    pub for_claim: Option<u32>,
}

impl SearchBox {
    /// Drop suggestions made for a claim other than `current` (an answer still on its way
    /// is dropped too: its generation is old).
    pub fn follow_claim(&mut self, current: u32) {
        if self.for_claim.is_some_and(|c| c != current) {
            let gen = self.gen + 1;
            *self = SearchBox {
                gen,
                input: std::mem::take(&mut self.input),
                ..SearchBox::default()
            };
        }
    }
}

/// An action of the sources context; false when it is not one.
pub fn action(s: &mut State, a: Action, fx: &mut Vec<Effect>) -> bool {
    use Action::*;
    match a {
        Down | Up | PageDown | PageUp | Top | Bottom => select(s, a),
        SearchSources => start_typing(s),
        OpenReader => {
            if let Some(h) = s.search.hits.get(s.search.sel) {
                fx.push(Effect::Searcher(ToSearcher::Open {
                    source: h.source.clone(),
                    range: h.range,
                }));
            }
        }
        Attach => attach(s),
        _ => return false,
    }
    true
}

fn select(s: &mut State, a: Action) {
    let n = s.search.hits.len();
    if n == 0 {
        return;
    }
    let page = 5;
    s.search.sel = match a {
        Action::Down => (s.search.sel + 1).min(n - 1),
        Action::Up => s.search.sel.saturating_sub(1),
        Action::PageDown => (s.search.sel + page).min(n - 1),
        Action::PageUp => s.search.sel.saturating_sub(page),
        Action::Top => 0,
        _ => n - 1,
    };
}

/// `/` (or `i`): type into the search box.
pub fn start_typing(s: &mut State) {
    s.focus = Focus::Sources;
    s.mode = Mode::Searching;
}

fn attach(s: &mut State) {
    if s.current.is_none() {
        s.message = "no claim selected".into();
    } else if let Some(h) = s.search.hits.get(s.search.sel) {
        let hit = h.clone();
        stance::open(s, hit);
    } else {
        s.message = "search or suggest evidence first".into();
    }
}

/// An action while typing in the search box.
pub fn input_action(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    match a {
        Action::Close | Action::Confirm | Action::Down => s.mode = Mode::Normal,
        Action::DeleteBack => {
            s.search.input.pop();
            search(s, fx);
        }
        Action::ClearInput => {
            s.search.input.clear();
            search(s, fx);
        }
        _ => {}
    }
}

/// Typed or pasted text: one line, searched at once.
pub fn type_text(s: &mut State, text: &str, fx: &mut Vec<Effect>) {
    s.search.input.push_str(&text.replace('\n', " "));
    search(s, fx);
}

/// Paste without a search for each character (the next key searches).
pub fn paste(s: &mut State, text: &str) {
    s.search.input.push_str(&text.replace('\n', " "));
}

fn search(s: &mut State, fx: &mut Vec<Effect>) {
    s.search.for_claim = None;
    s.search.gen += 1;
    s.search.busy = true;
    fx.push(Effect::Searcher(ToSearcher::Search {
        gen: s.search.gen,
        query: s.search.input.clone(),
    }));
}

/// `S`: suggest evidence for the current claim.
pub fn suggest(s: &mut State, fx: &mut Vec<Effect>) {
    let Some(c) = s.claim() else {
        return;
    };
    let claim = c.text.clone();
    s.search.for_claim = Some(c.id);
    s.search.gen += 1;
    s.search.busy = true;
    s.search.input.clear();
    s.focus = Focus::Sources;
    fx.push(Effect::Searcher(ToSearcher::Suggest {
        gen: s.search.gen,
        claim,
    }));
}

/// The search worker's answer; stale generations are dropped.
pub fn done(s: &mut State, gen: u64, label: String, hits: Vec<Hit>) {
    if gen == s.search.gen {
        s.search.busy = false;
        s.search.label = label;
        s.search.hits = hits;
        s.search.sel = 0;
        s.search.top = 0;
    }
}

pub fn draw(f: &mut Frame, s: &State, r: Rect) {
    let title = if s.search.busy {
        " Sources: searching... ".to_string()
    } else if s.search.label.is_empty() {
        " Sources ".to_string()
    } else if let Some(id) = s.search.for_claim {
        format!(" Sources: {} for claim {id} ", s.search.label)
    } else {
        format!(" Sources: {} ", s.search.label)
    };
    let b = block(s, Focus::Sources, title);
    let area = inner(r);
    f.render_widget(b, r);
    if area.height == 0 {
        return;
    }
    let cursor = if s.mode == Mode::Searching { "▏" } else { "" };
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
            empty_hint(s)
        } else {
            "no matching passages".to_string()
        };
        f.render_widget(
            Paragraph::new(Span::styled(hint, s.theme.muted)).wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    let lines = hit_lines(s, list.width.max(1) as usize, list.height as usize);
    f.render_widget(Paragraph::new(lines), list);
}

fn empty_hint(s: &State) -> String {
    let km = &s.keymap;
    let ctx = crate::tui::keymap::Context::Sources;
    format!(
        "{} to search, {} to suggest evidence for the claim",
        km.key_of(ctx, Action::SearchSources),
        km.key_of(ctx, Action::SuggestEvidence)
    )
}

/// Each hit: a source heading when the source changes, then up to three snippet lines; the
/// window keeps the selected hit on screen.
fn hit_lines(s: &State, w: usize, height: usize) -> Vec<Line<'_>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut sel_line = 0;
    let mut prev: Option<&str> = None;
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
        lines.extend(snippet_lines(s, h, w, i == s.search.sel));
    }
    let top = (sel_line + 3).saturating_sub(height);
    lines.into_iter().skip(top).take(height).collect()
}

/// Up to three wrapped lines of a passage around its first match, matches highlighted.
fn snippet_lines<'a>(s: &State, h: &'a Hit, w: usize, selected: bool) -> Vec<Line<'a>> {
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
    let wrapped = wrap(body, start, 0, w.saturating_sub(2).max(1));
    let base = if selected {
        s.theme.selection
    } else {
        s.theme.text
    };
    let lead = if selected { "▶ " } else { "  " };
    let matched = s.theme.matched.add_modifier(if selected {
        Modifier::BOLD
    } else {
        Modifier::empty()
    });
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
                spans.push(Span::styled(safe(&h.passage[a..b]), matched));
                pos = b;
            }
            spans.push(Span::styled(safe(&h.passage[pos..l.byte_end]), base));
            Line::from(spans)
        })
        .collect()
}

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
use crate::tui::provenance::fit;
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
                // The reader opens at the sentences holding the matches, its cursor on the
                // first, so `V` `a` there takes what the search found.
                fx.push(Effect::Searcher(ToSearcher::Open {
                    source: h.source.clone(),
                    range: matched_sentences(h).range,
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
        let hit = matched_sentences(h);
        stance::open(s, hit);
    } else {
        s.message = "search or suggest evidence first".into();
    }
}

/// What `a` attaches of a hit: the sentences that hold its highlighted matches, from the
/// first to the last of them (one piece of the source, so the quote still occurs in it),
/// not the whole passage, which ran to 500-750 characters with notes for a one-sentence
/// claim. A hit without highlights is attached whole.
pub fn matched_sentences(h: &Hit) -> Hit {
    let sentences = crate::text::sentences::split(&h.passage);
    let holds_match = |sn: &&crate::text::sentences::Sentence| {
        h.marks.iter().any(|&(a, b)| a < sn.end && b > sn.start)
    };
    let (Some(first), Some(last)) = (
        sentences.iter().find(holds_match),
        sentences.iter().rev().find(holds_match),
    ) else {
        return h.clone();
    };
    let (start, end) = (first.start, last.end);
    let chars_before = |byte: usize| h.passage[..byte].chars().count();
    let mut out = h.clone();
    out.passage = h.passage[start..end].trim().to_string();
    let lead = h.passage[start..end].len() - h.passage[start..end].trim_start().len();
    let from = h.range[0] + chars_before(start + lead);
    out.range = [from, from + out.passage.chars().count()];
    out.marks = h
        .marks
        .iter()
        .filter(|&&(a, b)| a >= start + lead && b <= start + lead + out.passage.len())
        .map(|&(a, b)| (a - start - lead, b - start - lead))
        .collect();
    out
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

/// `:add` finished: say what came of it; new sources are searchable once the searcher has
/// reopened the index, and a search typed before is run again to show them.
pub fn added(s: &mut State, id: u64, summary: String, changed: bool, fx: &mut Vec<Effect>) {
    s.message = summary;
    s.adding.retain(|(n, _)| *n != id);
    if s.adding.is_empty() && s.unsaved.is_none() {
        // A `q` asked about this add: nothing is left behind by quitting now.
        s.quit_asked = false;
    }
    if !changed {
        return;
    }
    fx.push(Effect::Searcher(ToSearcher::Reload));
    if !s.search.input.trim().is_empty() {
        search(s, fx);
    }
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
    // The selected hit's URL and capture stay at the bottom, whatever is scrolled.
    let origin = s
        .search
        .hits
        .get(s.search.sel)
        .map(|h| h.provenance.origin_lines())
        .unwrap_or_default();
    let foot = (origin.len() as u16).min(list.height.saturating_sub(3));
    let hits = Rect::new(list.x, list.y, list.width, list.height - foot);
    let lines = hit_lines(s, hits.width.max(1) as usize, hits.height as usize);
    f.render_widget(Paragraph::new(lines), hits);
    let w = list.width as usize;
    let foot_lines: Vec<Line> = origin
        .iter()
        .take(foot as usize)
        .map(|l| Line::from(Span::styled(fit(l, w), s.theme.muted)))
        .collect();
    f.render_widget(
        Paragraph::new(foot_lines),
        Rect::new(list.x, hits.y + hits.height, list.width, foot),
    );
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
            let byline = h.provenance.byline();
            if !byline.is_empty() {
                head.push_str(" · ");
                head.push_str(&byline);
            }
            lines.push(Line::from(Span::styled(fit(&head, w), s.theme.title)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(passage: &str, word: &str, range0: usize) -> Hit {
        let at = passage.find(word).unwrap();
        Hit {
            source: "s".into(),
            title: "t".into(),
            provenance: Default::default(),
            passage: passage.into(),
            range: [range0, range0 + passage.chars().count()],
            marks: vec![(at, at + word.len())],
            score: 1.0,
        }
    }

    #[test]
    fn attaching_takes_the_sentences_that_hold_the_matches() {
        let p = "Der Zoll prüfte die Ladung. Über 1.000 Container fuhren nach Tichorezk. Notiz: später prüfen.";
        let h = hit(p, "Container", 100);
        let a = matched_sentences(&h);
        assert_eq!(a.passage, "Über 1.000 Container fuhren nach Tichorezk.");
        let from = 100 + p[..p.find("Über").unwrap()].chars().count();
        assert_eq!(a.range, [from, from + a.passage.chars().count()]);
        assert_eq!(&a.passage[a.marks[0].0..a.marks[0].1], "Container");
        // Matches in two sentences: both, and what lies between (one piece of the source).
        let mut two = h.clone();
        let z = p.find("Zoll").unwrap();
        two.marks.insert(0, (z, z + 4));
        assert_eq!(
            matched_sentences(&two).passage,
            "Der Zoll prüfte die Ladung. Über 1.000 Container fuhren nach Tichorezk."
        );
        // No highlight: the passage as it is.
        let mut none = h.clone();
        none.marks.clear();
        assert_eq!(matched_sentences(&none).passage, p);
    }
}

//! Drawing the article: claims marked by verdict, the current claim, find matches, the visual
//! selection and the cursor. Only the visible lines are laid out.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::project::claim::{Claim, Triage};
use crate::tui::layout::inner;
use crate::tui::pane::block;
use crate::tui::safe::{safe, shown, StyledRuns};
use crate::tui::state::{Focus, Mode, State};
use crate::tui::text_layout::TextLayout;

use super::visual;

pub fn draw(f: &mut Frame, s: &State, r: Rect) {
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

fn article_lines<'a>(
    s: &State,
    layout: &'a TextLayout,
    marks: &Marks,
    w: usize,
    h: usize,
) -> Vec<Line<'a>> {
    let find = s
        .article_pane
        .find
        .as_ref()
        .filter(|f| !f.is_empty())
        .map(|f| f.to_lowercase());
    let selected = visual::selection(s);
    let cursor_shown = s.focus == Focus::Article
        && matches!(s.mode, Mode::Normal | Mode::Visual(_) | Mode::Finding);
    let cursor = cursor_shown.then_some(s.article_pane.cursor);
    let mut out = Vec::with_capacity(h);
    for l in layout.visible(s.article_pane.scroll, w, h) {
        let text = &layout.text[l.byte_start..l.byte_end];
        let over = marks.overlapping(l.char_start, l.char_end.max(l.char_start + 1));
        let lower = find.as_ref().map(|_| text.to_lowercase());
        let mut runs = StyledRuns::new(s.theme.text);
        for (i, ((bi, _), (ch, width))) in text.char_indices().zip(shown(text)).enumerate() {
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
            runs.push(ch, width, style);
        }
        let mut spans = runs.finish();
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
pub fn selected_over(base: Style, sel: Style) -> Style {
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

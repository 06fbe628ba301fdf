//! `C`: the claims overview for triage: which claims are listed, in which order, and why the
//! triage ranks the selected one as it does.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::project::claim::{Claim, Status, Triage};
use crate::project::scale::Scale;
use crate::tui::action::Action;
use crate::tui::msg::Effect;
use crate::tui::safe::safe;
use crate::tui::state::{ArticleView, Mode, State};

use super::{boxed, Overlay};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClaimSort {
    #[default]
    Position,
    /// Most check-worthy first (the triage score), unscored last.
    Score,
    Status,
    Rating,
}

/// Whose claims the overview lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Who {
    #[default]
    Everyone,
    /// Assigned to the user.
    Mine,
    /// Waiting for review, and written by someone else.
    MyReview,
    /// Holding a conflict sync recorded.
    Conflicts,
    /// Assigned to this person.
    Assignee(String),
}

impl Who {
    fn name(&self) -> String {
        match self {
            Who::Everyone => "everyone's".into(),
            Who::Mine => "mine".into(),
            Who::MyReview => "needs my review".into(),
            Who::Conflicts => "with conflicts".into(),
            Who::Assignee(u) => format!("@{}", safe(u)),
        }
    }

    pub fn admits(&self, c: &Claim, user: &str) -> bool {
        match self {
            Who::Everyone => true,
            Who::Mine => c.assignee == user,
            Who::MyReview => crate::review::awaits_review_by(c, user),
            Who::Conflicts => !c.conflicts.is_empty(),
            Who::Assignee(u) => &c.assignee == u,
        }
    }
}

/// The next "whose" filter: everyone, mine, needs my review, with conflicts, then each other
/// assignee of the project in turn.
pub fn next_who(who: &Who, claims: &[Claim], user: &str) -> Who {
    let mut others: Vec<&str> = claims
        .iter()
        .map(|c| c.assignee.as_str())
        .filter(|a| !a.is_empty() && *a != user)
        .collect();
    others.sort_unstable();
    others.dedup();
    let first_other = |after: Option<&str>| {
        others
            .iter()
            .find(|a| after.is_none_or(|x| **a > x))
            .map_or(Who::Everyone, |a| Who::Assignee(a.to_string()))
    };
    match who {
        Who::Everyone => Who::Mine,
        Who::Mine => Who::MyReview,
        Who::MyReview => Who::Conflicts,
        Who::Conflicts => first_other(None),
        Who::Assignee(u) => first_other(Some(u)),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimsOverview {
    pub sel: usize,
    /// One status only (an index into `Status::ALL`), or all.
    pub filter: Option<usize>,
    pub sort: ClaimSort,
    pub who: Who,
    /// Only claims whose text holds this (any case); `/` types it.
    pub text: String,
    /// The text filter is being typed.
    pub typing: bool,
}

pub fn open(s: &mut State) {
    let sel = s
        .live_claims()
        .position(|c| Some(c.id) == s.current)
        .unwrap_or(0);
    s.mode = Mode::Overlay(Overlay::Claims(ClaimsOverview {
        sel,
        filter: None,
        sort: ClaimSort::default(),
        who: Who::default(),
        text: String::new(),
        typing: false,
    }));
}

pub fn action(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Mode::Overlay(Overlay::Claims(o)) = &mut s.mode else {
        return;
    };
    let rows = rows(&s.claims, &s.scale, o, &s.user);
    match a {
        Action::Down => o.sel = (o.sel + 1).min(rows.len().saturating_sub(1)),
        Action::Up => o.sel = o.sel.saturating_sub(1),
        Action::PageDown => o.sel = (o.sel + page(s.size)).min(rows.len().saturating_sub(1)),
        Action::PageUp => o.sel = o.sel.saturating_sub(page(s.size)),
        Action::Top => o.sel = 0,
        Action::Bottom => o.sel = rows.len().saturating_sub(1),
        Action::FilterText => o.typing = true,
        Action::FilterStatus => {
            o.filter = match o.filter {
                None => Some(0),
                Some(i) if i + 1 < Status::ALL.len() => Some(i + 1),
                _ => None,
            };
            o.sel = 0;
        }
        Action::CycleSort => o.sort = next_sort(o.sort),
        Action::FilterWho => {
            o.who = next_who(&o.who, &s.claims, &s.user);
            o.sel = 0;
        }
        Action::ToggleMark => {
            if let Some(&id) = rows.get(o.sel) {
                if !s.marked.remove(&id) {
                    s.marked.insert(id);
                }
                o.sel = (o.sel + 1).min(rows.len().saturating_sub(1));
            }
        }
        Action::Palette => {
            // The overview stays as it was (marks and all) for after the command.
            let back = o.clone();
            super::palette::open(s);
            if let Mode::Overlay(Overlay::Palette(p)) = &mut s.mode {
                p.back = Some(back);
            }
        }
        Action::Confirm => {
            let id = rows.get(o.sel).copied();
            s.mode = Mode::Normal;
            if let Some(id) = id {
                s.select_claim(id);
                fx.push(Effect::history(id));
            }
        }
        Action::Close => s.mode = Mode::Normal,
        _ => {}
    }
}

/// Rows a page moves: the overview's list height (the box, the title and the "why" line
/// taken off the screen).
fn page(size: (u16, u16)) -> usize {
    (size.1 as usize).saturating_sub(5).max(1)
}

/// A key while the text filter is typed: Enter keeps it, Esc clears it.
pub fn filter_action(s: &mut State, a: Action) {
    let Mode::Overlay(Overlay::Claims(o)) = &mut s.mode else {
        return;
    };
    match a {
        Action::Confirm => o.typing = false,
        Action::Close => {
            o.typing = false;
            o.text.clear();
        }
        Action::DeleteBack => {
            o.text.pop();
        }
        _ => {}
    }
    o.sel = 0;
}

pub fn type_text(s: &mut State, text: &str) {
    if let Mode::Overlay(Overlay::Claims(o)) = &mut s.mode {
        o.text.push_str(&text.replace('\n', " "));
        o.sel = 0;
    }
}

/// Ids of the claims shown: live claims, optionally one status only and whose, in the chosen
/// order.
pub fn rows(claims: &[Claim], scale: &Scale, o: &ClaimsOverview, user: &str) -> Vec<u32> {
    let filter = o.filter;
    let mut v: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.triage != Triage::Dropped)
        .filter(|c| filter.is_none_or(|i| Status::ALL.get(i) == Some(&c.verdict.status)))
        .filter(|c| o.who.admits(c, user))
        .filter(|c| o.text.is_empty() || contains_folded(&c.text, &o.text))
        .collect();
    match o.sort {
        ClaimSort::Position => {}
        ClaimSort::Score => v.sort_by(|a, b| {
            let key = |c: &Claim| c.score.unwrap_or(f32::NEG_INFINITY);
            key(b).total_cmp(&key(a))
        }),
        ClaimSort::Status => v.sort_by_key(|c| c.verdict.status),
        ClaimSort::Rating => v.sort_by_key(|c| {
            scale
                .find(&c.verdict.rating)
                .and_then(|r| r.value)
                .unwrap_or(i32::MAX)
        }),
    }
    v.into_iter().map(|c| c.id).collect()
}

/// Why the triage ranks claim `id` as it does ("number, date, attributed: sagte"), from the
/// built-in features in its article's language: a few microseconds, so it is computed for
/// the selected row when drawn.
pub fn reasons(claims: &[Claim], articles: &[ArticleView], id: u32) -> String {
    let Some(c) = claims.iter().find(|c| c.id == id) else {
        return String::new();
    };
    let lang = articles
        .iter()
        .find(|a| a.meta.id == c.article)
        .map_or("", |a| a.meta.language.as_str());
    let why = crate::triage::score_builtin(&c.text, lang).reasons;
    if why.is_empty() {
        "no triage reasons".into()
    } else {
        why.join(", ")
    }
}

/// Whether `text` holds `needle`, ignoring case (so "kreml" finds "Kreml", "GROSS" "groß"
/// does not: case only).
fn contains_folded(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(&needle.to_lowercase())
}

pub fn next_sort(s: ClaimSort) -> ClaimSort {
    match s {
        ClaimSort::Position => ClaimSort::Score,
        ClaimSort::Score => ClaimSort::Status,
        ClaimSort::Status => ClaimSort::Rating,
        ClaimSort::Rating => ClaimSort::Position,
    }
}

pub fn draw(f: &mut Frame, s: &State, o: &ClaimsOverview, area: Rect) {
    let t = &s.theme;
    let rows = rows(&s.claims, &s.scale, o, &s.user);
    f.render_widget(Clear, area);
    let filter_name = o
        .filter
        .and_then(|i| Status::ALL.get(i))
        .map_or("all", |st| st.as_str());
    let km = &s.keymap;
    let key = |a| km.key_of(crate::tui::keymap::Context::Claims, a);
    let b = boxed(
        t,
        &format!(
            // Enter and Esc go without saying; at 80 columns the rest just fits.
            "Claims: {filter_name}, {}{}, by {:?}{} ({} filter, {} whose, {} sort, {} mark)",
            o.who.name(),
            match (o.typing, o.text.is_empty()) {
                (true, _) => format!(", text “{}▏”", safe(&o.text)),
                (false, false) => format!(", text “{}”", safe(&o.text)),
                (false, true) => String::new(),
            },
            o.sort,
            match s.marked.len() {
                0 => String::new(),
                n => format!(", {n} marked: {}status/assign/triage", key(Action::Palette)),
            },
            key(Action::FilterStatus),
            key(Action::FilterWho),
            key(Action::CycleSort),
            key(Action::ToggleMark),
        ),
    );
    let mut a = b.inner(area);
    f.render_widget(b, area);
    // The last line says why the selected claim was ranked as it is.
    if a.height > 2 {
        let why = rows
            .get(o.sel)
            .map(|id| reasons(&s.claims, &s.articles, *id))
            .unwrap_or_default();
        let line = Rect::new(a.x, a.y + a.height - 1, a.width, 1);
        f.render_widget(
            Paragraph::new(Line::styled(format!("why: {}", safe(&why)), t.muted)),
            line,
        );
        a.height -= 1;
    }
    // Files that could not be read are listed first: their claims are missing below.
    let broken = s.problems.len().min(a.height as usize / 3);
    if broken > 0 {
        let mut lines: Vec<Line> = s.problems[..broken - 1]
            .iter()
            .map(|p| Line::styled(format!("not read: {}", safe(p)), t.error))
            .collect();
        lines.push(Line::styled(
            match s.problems.len() - (broken - 1) {
                1 => format!("not read: {}", safe(&s.problems[broken - 1])),
                more => format!("not read: {more} more files (factdesk claims lists them)"),
            },
            t.error,
        ));
        f.render_widget(
            Paragraph::new(lines),
            Rect {
                height: broken as u16,
                ..a
            },
        );
        a.y += broken as u16;
        a.height -= broken as u16;
    }
    let h = a.height as usize;
    let top = o.sel.saturating_sub(h.saturating_sub(1));
    // The rating column is as wide as the longest rating listed (none yet: one column), so an
    // 80-column overview leaves the room to the claims.
    let rating_w = rows
        .iter()
        .filter_map(|id| s.claims.iter().find(|c| c.id == *id))
        .map(|c| safe(&c.verdict.rating).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(1, 22);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(top)
        .take(h)
        .filter_map(|(i, id)| {
            let c = s.claims.iter().find(|c| c.id == *id)?;
            let style = if i == o.sel { t.selection } else { t.text };
            let mark = if s.marked.contains(&c.id) { '*' } else { ' ' };
            // Who has it, and a recorded conflict, before the text: what a desk lead scans.
            let mut desk = String::new();
            if !c.conflicts.is_empty() {
                desk.push_str("! ");
            }
            if !c.assignee.is_empty() {
                desk.push_str(&format!("@{} ", safe(&c.assignee)));
            }
            Some(Line::styled(
                format!(
                    "{mark}{:>4} {} {:<12} {:<rating_w$} {desk}{}",
                    c.id,
                    // The triage score in hundredths, two columns: 80 columns are tight.
                    c.score.map_or(" -".to_string(), |x| {
                        format!("{:>2}", ((x * 100.0).round() as i64).clamp(0, 99))
                    }),
                    c.verdict.status.as_str(),
                    if c.verdict.rating.is_empty() {
                        "-".to_string()
                    } else {
                        safe(&c.verdict.rating)
                    },
                    safe(&c.text)
                ),
                style,
            ))
        })
        .collect();
    f.render_widget(Paragraph::new(lines), a);
}

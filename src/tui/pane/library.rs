//! Earlier verdicts from the desk's verdict library in the verdict pane.
//!
//! A component of the verdict pane: its state (`LibraryPanel`), what changes it and how it is
//! drawn; the lookups themselves run on the library worker (`workers::library`).
//!
//! When the current claim changes, `request` asks the library worker for earlier verdicts of
//! the same claim (tagged with a generation: answers for a claim no longer shown are dropped).
//! `R` reuses the selected one: its rating, mapped to this project's scale, and a note with
//! its link, saved as one undoable edit. Lookups never run on the input loop.

use factdesk_index::library::LibraryEntry;
use ratatui::text::{Line, Span};

use crate::project::claim::Claim;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::msg::{Earlier, Effect, Job, Lookup};
use crate::tui::safe::safe;
use crate::tui::state::State;

/// Matches drawn in the verdict pane at most.
const SHOWN: usize = 3;
/// Characters of an earlier claim drawn: enough to compare, not a screenful.
const CLAIM_CHARS: usize = 140;

/// The library part of the workstation state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LibraryPanel {
    /// Generation of the newest lookup; older answers are dropped.
    pub gen: u64,
    /// The claim (id and text) the matches are for.
    pub key: Option<(u32, String)>,
    pub busy: bool,
    pub matches: Vec<Earlier>,
    /// Why the library could not be read, shown instead of matches.
    pub problem: Option<String>,
    pub sel: usize,
}

/// Ask for earlier verdicts when the current claim (or its text) changed since the last ask.
pub fn request(s: &mut State, fx: &mut Vec<Effect>) {
    // Runs after every message (ticks too): compare without copying.
    let same = match (s.claim(), &s.library.key) {
        (Some(c), Some((id, text))) => c.id == *id && c.text == *text,
        (None, None) => true,
        _ => false,
    };
    if same {
        return;
    }
    let claim = s.claim().cloned();
    let key = claim.as_ref().map(|c| (c.id, c.text.clone()));
    let p = &mut s.library;
    p.gen += 1;
    p.key = key;
    p.matches.clear();
    p.problem = None;
    p.sel = 0;
    p.busy = claim.is_some();
    if let Some(claim) = claim {
        fx.push(Effect::Library(Lookup {
            gen: p.gen,
            claim: Box::new(claim),
        }));
    }
}

/// A worker's answer; stale generations are ignored.
pub fn done(s: &mut State, gen: u64, result: Result<Vec<Earlier>, String>) {
    let p = &mut s.library;
    if gen != p.gen {
        return;
    }
    p.busy = false;
    p.sel = 0;
    match result {
        Ok(m) => p.matches = m,
        Err(e) => p.problem = Some(e),
    }
}

/// Select the next earlier verdict (wrapping).
pub fn next(s: &mut State) {
    let n = s.library.matches.len().min(SHOWN);
    if n == 0 {
        s.message = "no earlier verdict in the library for this claim".into();
        return;
    }
    s.library.sel = (s.library.sel + 1) % n;
}

/// The save that reuses the selected earlier verdict, with a status line saying what it
/// does; `None` (and a message) when there is nothing to reuse.
pub fn reuse_job(s: &mut State) -> Option<Job> {
    let id = s.current?;
    let Some(m) = s.library.matches.get(s.library.sel) else {
        s.message = if s.library.busy {
            "still looking in the verdict library".into()
        } else {
            "no earlier verdict in the library for this claim".into()
        };
        return None;
    };
    let note = note_for(m);
    if s.claim().is_some_and(|c| {
        c.verdict.notes.contains(&note) && m.reusable == Some(c.verdict.rating.clone())
    }) {
        s.message = "this earlier verdict is already reused".into();
        return None;
    }
    s.message = match &m.reusable {
        Some(r) => format!("reused {r} from {}", who(&m.entry)),
        None => format!(
            "“{}” is not on the {} scale: link added to the notes, rating left alone",
            safe(&m.entry.rating),
            s.scale.name
        ),
    };
    Some(Job::ReuseVerdict {
        id,
        rating: m.reusable.clone(),
        note,
    })
}

fn who(e: &LibraryEntry) -> String {
    if e.publisher.is_empty() {
        "the library".into()
    } else {
        e.publisher.clone()
    }
}

/// The note line a reuse adds: enough to find the earlier check again.
pub fn note_for(m: &Earlier) -> String {
    let e = &m.entry;
    let mut parts = vec![format!("Earlier verdict: {} ({})", e.rating, who(e))];
    if !e.date.is_empty() {
        parts.push(e.date.clone());
    }
    if !e.url.is_empty() {
        parts.push(e.url.clone());
    }
    parts.push(format!("similarity {:.2}", m.similarity));
    parts.join(", ")
}

fn key_name(s: &State, a: Action) -> String {
    s.keymap.key_of(Context::Verdict, a)
}

/// The verdict pane's "earlier verdicts" lines for claim `c` (none when there are none).
pub fn verdict_lines(s: &State, c: &Claim) -> Vec<Line<'static>> {
    let t = &s.theme;
    let p = &s.library;
    if p.key.as_ref().map(|k| k.0) != Some(c.id) {
        return Vec::new();
    }
    if let Some(problem) = &p.problem {
        return vec![Line::styled(format!("Library: {}", safe(problem)), t.muted)];
    }
    if p.matches.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        format!(
            "Earlier verdicts ({})  [{} reuse, {} next]",
            p.matches.len(),
            key_name(s, Action::ReuseVerdict),
            key_name(s, Action::NextEarlierVerdict)
        ),
        t.muted,
    )];
    for (i, m) in p.matches.iter().take(SHOWN).enumerate() {
        let e = &m.entry;
        let sel = i == p.sel;
        let mut head = vec![
            Span::styled(if sel { "▶ " } else { "  " }, t.text),
            Span::styled(format!("{:.2} ", m.similarity), t.muted),
            Span::styled(safe(&e.rating), t.tone(s.scale.tone_of(&e.rating))),
        ];
        let mut meta = vec![who(e)];
        if !e.date.is_empty() {
            meta.push(e.date.clone());
        }
        head.push(Span::styled(
            format!(" · {}", safe(&meta.join(" · "))),
            t.muted,
        ));
        if m.reusable.is_none() {
            head.push(Span::styled(" (not on this scale)", t.muted));
        }
        lines.push(Line::from(head));
        let style = if sel { t.selection } else { t.text };
        lines.push(Line::styled(
            format!("  “{}”", safe(&crate::text::shorten(&e.claim, CLAIM_CHARS))),
            style,
        ));
        if !e.url.is_empty() {
            lines.push(Line::styled(format!("  {}", safe(&e.url)), t.muted));
        }
    }
    lines.push(Line::raw(""));
    lines
}

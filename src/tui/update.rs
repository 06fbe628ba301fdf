//! The pure heart of the workstation: a message changes the state and returns the effects
//! (saves, searches) for the workers to run. No I/O here.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::edit::VerdictChange;
use crate::project::claim::{Claim, Stance, Status, Triage};

use super::action::Action;
use super::editor::Editor;
use super::keymap::Key;
use super::search::Hit;
use super::state::{EditTarget, Editing, Focus, Overlay, Reader, SaveState, State, UndoStep};

/// Quiet time after the last keystroke before an editor's text is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(400);

#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Verdict {
        id: u32,
        change: VerdictChange,
    },
    AddEvidence {
        id: u32,
        source: String,
        quote: String,
        range: [usize; 2],
        stance: Stance,
    },
    RemoveEvidence {
        id: u32,
        n: usize,
    },
    SetStance {
        id: u32,
        n: usize,
        stance: Stance,
    },
    Triage {
        id: u32,
        triage: Triage,
    },
    Split {
        id: u32,
        at: usize,
    },
    Merge {
        first: u32,
        second: u32,
    },
    EditText {
        id: u32,
        text: String,
    },
    /// A new claim from the article's characters `span`.
    AddClaim {
        article: String,
        span: [usize; 2],
    },
    Undo(UndoStep),
    /// Reuse an earlier verdict from the library: its rating (when this scale has it) and a
    /// note with its link, in one save.
    ReuseVerdict {
        id: u32,
        rating: Option<String>,
        note: String,
    },
}

impl Job {
    /// Jobs that create or remove claims: their undo step is built by the saver, which knows
    /// the new claim's id.
    fn restructures(&self) -> bool {
        matches!(
            self,
            Job::Split { .. } | Job::Merge { .. } | Job::AddClaim { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Save(Job),
    Search {
        gen: u64,
        query: String,
    },
    Suggest {
        gen: u64,
        claim: String,
    },
    OpenReader {
        source: String,
        range: [usize; 2],
    },
    History(u32),
    /// Look for earlier verdicts of a claim in the desk's library.
    LibraryLookup {
        gen: u64,
        claim: Box<Claim>,
    },
    /// Write an export into the project's exports/ folder (the saver owns the project).
    Export {
        format: crate::export::Format,
        force: bool,
    },
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub claims: Vec<Claim>,
    pub removed: Vec<u32>,
    pub select: Option<u32>,
    /// How to undo a split, merge or new claim.
    pub undo: Option<UndoStep>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Tick,
    Saved(Result<Saved, String>),
    /// A line for the status bar (e.g. where an export was written).
    Notice(String),
    SearchDone {
        gen: u64,
        label: String,
        hits: Vec<Hit>,
    },
    Reader {
        title: String,
        text: String,
        range: [usize; 2],
    },
    History {
        claim: u32,
        lines: Vec<String>,
    },
    LibraryDone {
        gen: u64,
        result: Result<Vec<super::library::Earlier>, String>,
    },
}

pub fn update(s: &mut State, msg: Msg, now: Instant) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(k) if k.kind != KeyEventKind::Release => key(s, k, now, &mut fx),
        Msg::Key(_) => {}
        Msg::Paste(t) => paste(s, &t, now),
        Msg::Resize(w, h) => {
            s.size = (w, h);
            s.reveal_char(s.cursor);
        }
        Msg::Tick => {
            if s.dirty_since
                .is_some_and(|t| now.duration_since(t) >= AUTOSAVE_AFTER)
            {
                flush(s, &mut fx);
            }
        }
        Msg::Saved(Ok(done)) => {
            let editing = s.editing.as_ref().map(|e| (e.claim, e.target));
            for mut c in done.claims {
                // Keystrokes typed while the save ran stay on screen; they are saved next.
                if let Some((id, t)) = editing {
                    if id == c.id {
                        if let Some(old) = s.claims.iter().find(|x| x.id == id) {
                            match t {
                                EditTarget::Explanation => {
                                    c.verdict.explanation = old.verdict.explanation.clone()
                                }
                                EditTarget::Notes => c.verdict.notes = old.verdict.notes.clone(),
                                _ => {}
                            }
                        }
                    }
                }
                s.put_claim(c);
            }
            s.claims.retain(|c| !done.removed.contains(&c.id));
            s.undo.extend(done.undo);
            if let Some(id) = done.select {
                s.select_claim(id);
            } else if s.claim().is_none() {
                // The current claim was removed (an undone new claim): go to the nearest one.
                let at = s.cursor;
                let next = s
                    .claims
                    .iter()
                    .filter(|c| c.triage != Triage::Dropped)
                    .min_by_key(|c| c.span[0].abs_diff(at))
                    .map(|c| c.id);
                s.current = None;
                if let Some(id) = next {
                    s.select_claim(id);
                }
            }
            if s.dirty_since.is_none() {
                s.save =
                    SaveState::Saved(Some(chrono::Local::now().format("%H:%M:%S").to_string()));
            }
            if let Some(id) = s.current {
                fx.push(Effect::History(id));
            }
        }
        Msg::Saved(Err(e)) => s.save = SaveState::Failed(e),
        Msg::Notice(text) => s.message = text,
        Msg::SearchDone { gen, label, hits } => {
            if gen == s.search.gen {
                s.search.busy = false;
                s.search.label = label;
                s.search.hits = hits;
                s.search.sel = 0;
                s.search.top = 0;
            }
        }
        Msg::Reader { title, text, range } => {
            let layout = super::article::TextLayout::new(text);
            let (w, h) = s.article_area();
            let scroll = layout.reveal(Default::default(), range[0], w, h);
            s.overlay = Overlay::Reader(Box::new(Reader {
                title,
                text: layout,
                range,
                scroll,
            }));
        }
        Msg::History { claim, lines } => {
            if s.current == Some(claim) {
                s.history = lines;
            }
        }
        Msg::LibraryDone { gen, result } => super::library::done(s, gen, result),
    }
    super::library::request(s, &mut fx);
    fx
}

/// Save the open editor's text now if it changed.
pub fn flush(s: &mut State, fx: &mut Vec<Effect>) {
    if s.dirty_since.take().is_none() {
        return;
    }
    let Some(ed) = s.editing.as_ref() else {
        return;
    };
    let text = ed.editor.text.clone();
    let id = ed.claim;
    let change = match ed.target {
        EditTarget::Explanation => VerdictChange {
            explanation: Some(text),
            ..Default::default()
        },
        EditTarget::Notes => VerdictChange {
            notes: Some(text),
            ..Default::default()
        },
        // Claim text and a free rating are saved when the editor closes.
        EditTarget::ClaimText | EditTarget::FreeRating => return,
    };
    s.save = SaveState::Pending;
    fx.push(Effect::Save(Job::Verdict { id, change }));
}

fn save(s: &mut State, fx: &mut Vec<Effect>, job: Job) {
    if s.banner.is_some() {
        s.message = "read-only: another factdesk holds the project".into();
        return;
    }
    if let Some(c) = s.claim().filter(|_| !job.restructures()) {
        let step = UndoStep {
            restore: vec![c.clone()],
            remove: Vec::new(),
        };
        s.undo.push(step);
    }
    s.save = SaveState::Pending;
    fx.push(Effect::Save(job));
}

fn paste(s: &mut State, t: &str, now: Instant) {
    if let Some(ed) = s.editing.as_mut() {
        ed.editor.insert(t);
        mirror(s, now);
    } else if s.search.typing {
        s.search.input.push_str(&t.replace('\n', " "));
    }
}

/// Copy the editor's text into the claim shown, and mark it unsaved.
fn mirror(s: &mut State, now: Instant) {
    let Some(ed) = s.editing.as_ref() else {
        return;
    };
    let (text, target) = (ed.editor.text.clone(), ed.target);
    if let Some(c) = s.claim_mut() {
        match target {
            EditTarget::Explanation => c.verdict.explanation = text,
            EditTarget::Notes => c.verdict.notes = text,
            _ => return,
        }
    }
    s.dirty_since = Some(now);
    s.save = SaveState::Pending;
}

fn key(s: &mut State, k: KeyEvent, now: Instant, fx: &mut Vec<Effect>) {
    s.message.clear();
    if s.overlay != Overlay::None {
        return overlay_key(s, k, fx);
    }
    if s.editing.is_some() {
        return editor_key(s, k, now, fx);
    }
    if s.search.typing {
        return search_key(s, k, fx);
    }
    if s.find_typing {
        return find_key(s, k);
    }
    if s.visual.is_some() {
        if let Some(job) = super::visual::key(s, k) {
            save(s, fx, job);
        }
        return;
    }
    if let Some(a) = s.keymap.lookup(s.context(), Key::from_event(&k)) {
        action(s, a, now, fx);
    }
}

pub fn action(s: &mut State, a: Action, now: Instant, fx: &mut Vec<Effect>) {
    match a {
        Action::Quit => {
            flush(s, fx);
            s.quit = true;
            fx.push(Effect::Quit);
        }
        Action::FocusNext | Action::FocusPrev => {
            let i = Focus::ALL.iter().position(|f| *f == s.focus).unwrap_or(0);
            let n = if a == Action::FocusNext { i + 1 } else { i + 2 };
            s.focus = Focus::ALL[n % 3];
        }
        Action::FocusArticle => s.focus = Focus::Article,
        Action::FocusSources => s.focus = Focus::Sources,
        Action::FocusVerdict => s.focus = Focus::Verdict,
        Action::Help => {
            s.help_top = 0;
            s.overlay = Overlay::Help
        }
        Action::Palette => {
            s.overlay = Overlay::Palette {
                input: String::new(),
            }
        }
        Action::ClaimsOverview => {
            let sel = s
                .claims
                .iter()
                .filter(|c| c.triage != Triage::Dropped)
                .position(|c| Some(c.id) == s.current)
                .unwrap_or(0);
            s.overlay = Overlay::Claims {
                sel,
                filter: None,
                sort: Default::default(),
            }
        }
        Action::NextClaim | Action::PrevClaim | Action::NextOpenClaim => {
            let live: Vec<&Claim> = s
                .claims
                .iter()
                .filter(|c| c.triage != Triage::Dropped)
                .collect();
            let i = live.iter().position(|c| Some(c.id) == s.current);
            let target = match (a, i) {
                (Action::PrevClaim, Some(i)) => live.get(i.saturating_sub(1)).map(|c| c.id),
                (Action::NextClaim, Some(i)) => live
                    .get((i + 1).min(live.len().saturating_sub(1)))
                    .map(|c| c.id),
                (Action::NextOpenClaim, i) => {
                    let start = i.map_or(0, |i| i + 1);
                    live.iter()
                        .cycle()
                        .skip(start)
                        .take(live.len())
                        .find(|c| c.verdict.status != Status::Done)
                        .map(|c| c.id)
                }
                (_, None) => live.first().map(|c| c.id),
                _ => None,
            };
            if let Some(id) = target {
                flush(s, fx);
                s.editing = None;
                s.select_claim(id);
                s.history.clear();
                fx.push(Effect::History(id));
            }
        }
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom => move_in_pane(s, a),
        Action::Left
        | Action::Right
        | Action::WordNext
        | Action::WordPrev
        | Action::SentenceNext
        | Action::SentencePrev => {
            super::cursor::move_cursor(s, a);
        }
        Action::SearchArticle => {
            s.find = Some(String::new());
            s.find_typing = true;
        }
        Action::NextMatch | Action::PrevMatch => find_next(s, a == Action::NextMatch),
        Action::Visual | Action::VisualSentences => {
            super::visual::start(s, a == Action::VisualSentences)
        }
        Action::KeepClaim | Action::DropClaim => {
            if let Some(id) = s.current {
                let triage = if a == Action::KeepClaim {
                    Triage::Kept
                } else {
                    Triage::Dropped
                };
                save(s, fx, Job::Triage { id, triage });
            }
        }
        Action::SplitClaim => {
            if let Some(c) = s.claim() {
                let (id, span, len) = (c.id, c.span, c.text.chars().count());
                // The claim's text is its span trimmed: count from its first character.
                let lead = s.article_view().map_or(0, |a| {
                    let t = a.layout.slice(span);
                    t.chars().take_while(|ch| ch.is_whitespace()).count()
                });
                match s.cursor.checked_sub(span[0] + lead) {
                    Some(at) if at > 0 && at < len && s.cursor < span[1] => {
                        save(s, fx, Job::Split { id, at })
                    }
                    _ => {
                        s.message = "put the cursor inside the claim, on the first character \
                                     of the second part (h l w b move it)"
                            .into()
                    }
                }
            }
        }
        Action::MergeClaim => {
            let live: Vec<&Claim> = s
                .claims
                .iter()
                .filter(|c| c.triage != Triage::Dropped)
                .collect();
            if let Some(i) = live.iter().position(|c| Some(c.id) == s.current) {
                if let Some(next) = live.get(i + 1).filter(|n| n.article == live[i].article) {
                    let (first, second) = (live[i].id, next.id);
                    save(s, fx, Job::Merge { first, second });
                }
            }
        }
        Action::EditClaim => open_editor(s, EditTarget::ClaimText),
        Action::SearchSources => {
            s.focus = Focus::Sources;
            s.search.typing = true;
        }
        Action::SuggestEvidence => {
            if let Some(c) = s.claim() {
                let claim = c.text.clone();
                s.search.gen += 1;
                s.search.busy = true;
                s.search.input.clear();
                s.focus = Focus::Sources;
                fx.push(Effect::Suggest {
                    gen: s.search.gen,
                    claim,
                });
            }
        }
        Action::OpenReader => {
            let target = match s.focus {
                Focus::Sources => s
                    .search
                    .hits
                    .get(s.search.sel)
                    .map(|h| (h.source.clone(), h.range)),
                _ => s
                    .claim()
                    .and_then(|c| c.verdict.evidence.get(s.evidence_sel))
                    .map(|e| (e.source.clone(), e.range.unwrap_or([0, 0]))),
            };
            if let Some((source, range)) = target {
                fx.push(Effect::OpenReader { source, range });
            }
        }
        Action::Attach => {
            if s.current.is_none() {
                s.message = "no claim selected".into();
            } else if let Some(h) = s.search.hits.get(s.search.sel) {
                s.overlay = Overlay::Stance {
                    sel: 0,
                    hit: Box::new(h.clone()),
                };
            } else {
                s.message = "search or suggest evidence first".into();
            }
        }
        Action::PickRating => {
            if s.current.is_some() {
                if s.scale.is_free_text() {
                    open_editor(s, EditTarget::FreeRating);
                } else {
                    let cur = s
                        .claim()
                        .map(|c| c.verdict.rating.clone())
                        .unwrap_or_default();
                    let sel = s
                        .scale
                        .ratings
                        .iter()
                        .position(|r| r.label == cur)
                        .map_or(0, |i| i + 1);
                    s.overlay = Overlay::Rating { sel };
                }
            }
        }
        Action::CycleStatus => {
            if let Some(c) = s.claim() {
                let i = Status::ALL
                    .iter()
                    .position(|x| *x == c.verdict.status)
                    .unwrap_or(0);
                let status = Status::ALL[(i + 1) % Status::ALL.len()];
                let id = c.id;
                if let Some(c) = s.claim_mut() {
                    c.verdict.status = status;
                }
                save(
                    s,
                    fx,
                    Job::Verdict {
                        id,
                        change: VerdictChange {
                            status: Some(status),
                            ..Default::default()
                        },
                    },
                );
            }
        }
        Action::EditExplanation => open_editor(s, EditTarget::Explanation),
        Action::EditNotes => open_editor(s, EditTarget::Notes),
        Action::CycleStance => {
            if let Some(c) = s.claim() {
                if let Some(e) = c.verdict.evidence.get(s.evidence_sel) {
                    let i = Stance::ALL.iter().position(|x| *x == e.stance).unwrap_or(0);
                    let stance = Stance::ALL[(i + 1) % 3];
                    let (id, n) = (c.id, s.evidence_sel);
                    save(s, fx, Job::SetStance { id, n, stance });
                }
            }
        }
        Action::RemoveEvidence => {
            if let Some(c) = s.claim() {
                if s.evidence_sel < c.verdict.evidence.len() {
                    let (id, n) = (c.id, s.evidence_sel + 1);
                    save(s, fx, Job::RemoveEvidence { id, n });
                    s.evidence_sel = s.evidence_sel.saturating_sub(1);
                }
            }
        }
        Action::ReuseVerdict => {
            if let Some(job) = super::library::reuse_job(s) {
                save(s, fx, job);
            }
        }
        Action::NextEarlierVerdict => super::library::next(s),
        Action::Undo => match s.undo.pop() {
            Some(step) if s.banner.is_none() => {
                s.save = SaveState::Pending;
                s.message = undo_message(&step);
                fx.push(Effect::Save(Job::Undo(step)));
            }
            Some(_) => s.message = "read-only: another factdesk holds the project".into(),
            None => s.message = "nothing to undo".into(),
        },
    }
    let _ = now;
}

fn undo_message(step: &UndoStep) -> String {
    let ids = |v: Vec<u32>| {
        v.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let restored = ids(step.restore.iter().map(|c| c.id).collect());
    match (restored.is_empty(), step.remove.is_empty()) {
        (false, true) => format!("undid the last edit of claim {restored}"),
        (true, false) => format!("undid: removed new claim {}", ids(step.remove.clone())),
        _ => format!(
            "undid: claim {restored} restored, claim {} removed",
            ids(step.remove.clone())
        ),
    }
}

fn open_editor(s: &mut State, target: EditTarget) {
    let Some(c) = s.claim() else {
        return;
    };
    let text = match target {
        EditTarget::Explanation => c.verdict.explanation.clone(),
        EditTarget::Notes => c.verdict.notes.clone(),
        EditTarget::ClaimText => c.text.clone(),
        EditTarget::FreeRating => c.verdict.rating.clone(),
    };
    if s.banner.is_some() {
        s.message = "read-only: another factdesk holds the project".into();
        return;
    }
    let id = c.id;
    let step = UndoStep {
        restore: vec![c.clone()],
        remove: Vec::new(),
    };
    s.undo.push(step);
    s.editing = Some(Editing {
        claim: id,
        target,
        editor: Editor::new(&text),
    });
    if target != EditTarget::ClaimText {
        s.focus = Focus::Verdict;
    }
}

fn move_in_pane(s: &mut State, a: Action) {
    match s.focus {
        Focus::Article => {
            super::cursor::move_cursor(s, a);
        }
        Focus::Sources => {
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
        Focus::Verdict => {
            let n = s.claim().map_or(0, |c| c.verdict.evidence.len());
            if n == 0 {
                return;
            }
            s.evidence_sel = match a {
                Action::Down | Action::PageDown => (s.evidence_sel + 1).min(n - 1),
                Action::Up | Action::PageUp => s.evidence_sel.saturating_sub(1),
                Action::Top => 0,
                _ => n - 1,
            };
        }
    }
}

fn editor_key(s: &mut State, k: KeyEvent, now: Instant, fx: &mut Vec<Effect>) {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let Some(ed) = s.editing.as_mut() else {
        return;
    };
    let e = &mut ed.editor;
    let mut changed = true;
    match k.code {
        KeyCode::Esc => {
            close_editor(s, fx);
            return;
        }
        KeyCode::Char('z') if ctrl => changed = e.undo(),
        KeyCode::Char('s') if ctrl => {
            flush(s, fx);
            return;
        }
        KeyCode::Char(c) if !ctrl => e.insert(c.encode_utf8(&mut [0; 4])),
        KeyCode::Enter => {
            if matches!(ed.target, EditTarget::ClaimText | EditTarget::FreeRating) {
                close_editor(s, fx);
                return;
            }
            e.insert("\n")
        }
        KeyCode::Backspace => e.backspace(),
        KeyCode::Delete => e.delete(),
        KeyCode::Left => {
            e.left();
            changed = false
        }
        KeyCode::Right => {
            e.right();
            changed = false
        }
        KeyCode::Up => {
            e.up();
            changed = false
        }
        KeyCode::Down => {
            e.down();
            changed = false
        }
        KeyCode::Home => {
            e.home();
            changed = false
        }
        KeyCode::End => {
            e.end();
            changed = false
        }
        _ => changed = false,
    }
    if changed {
        mirror(s, now);
    }
}

fn close_editor(s: &mut State, fx: &mut Vec<Effect>) {
    flush(s, fx);
    let Some(ed) = s.editing.take() else {
        return;
    };
    let text = ed.editor.text.trim().to_string();
    let unchanged = s.claim().is_some_and(|c| match ed.target {
        EditTarget::ClaimText => c.text == text,
        EditTarget::FreeRating => c.verdict.rating == text,
        _ => true,
    });
    if unchanged {
        return;
    }
    s.save = SaveState::Pending;
    match ed.target {
        EditTarget::ClaimText if !text.is_empty() => {
            fx.push(Effect::Save(Job::EditText { id: ed.claim, text }))
        }
        EditTarget::FreeRating => fx.push(Effect::Save(Job::Verdict {
            id: ed.claim,
            change: VerdictChange {
                rating: Some(text),
                ..Default::default()
            },
        })),
        _ => {}
    }
}

fn search_key(s: &mut State, k: KeyEvent, fx: &mut Vec<Effect>) {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Esc | KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
            s.search.typing = false;
            return;
        }
        KeyCode::Char('u') if ctrl => s.search.input.clear(),
        KeyCode::Char(c) if !ctrl => s.search.input.push(c),
        KeyCode::Backspace => {
            s.search.input.pop();
        }
        _ => return,
    }
    s.search.gen += 1;
    s.search.busy = true;
    fx.push(Effect::Search {
        gen: s.search.gen,
        query: s.search.input.clone(),
    });
}

fn find_key(s: &mut State, k: KeyEvent) {
    let f = s.find.get_or_insert_with(String::new);
    match k.code {
        KeyCode::Esc => {
            s.find = None;
            s.find_typing = false;
        }
        KeyCode::Enter => {
            s.find_typing = false;
            find_next(s, true);
        }
        KeyCode::Backspace => {
            f.pop();
        }
        KeyCode::Char(c) => f.push(c),
        _ => {}
    }
}

/// Move to the next (or previous) occurrence of the article search, case-insensitively.
fn find_next(s: &mut State, forward: bool) {
    let Some(needle) = s.find.clone().filter(|f| !f.is_empty()) else {
        return;
    };
    let Some(art) = s.articles.get(s.article) else {
        return;
    };
    let (w, _) = s.article_area();
    let text = &art.layout.text;
    let hay = text.to_lowercase();
    let needle = needle.to_lowercase();
    // Lower-casing can change byte lengths; fall back to the original text then.
    let hay = if hay.len() == text.len() {
        hay
    } else {
        text.clone()
    };
    let vis = art.layout.visible(s.scroll, w, 1);
    let here = vis.first().map_or(0, |l| l.byte_start);
    let found = if forward {
        hay[(here + 1).min(hay.len())..]
            .find(&needle)
            .map(|i| i + here + 1)
            .or_else(|| hay.find(&needle))
    } else {
        hay[..here].rfind(&needle).or_else(|| hay.rfind(&needle))
    };
    match found {
        Some(b) if text.is_char_boundary(b) => {
            let c = text[..b].chars().count();
            s.scroll = art.layout.scroll_at_char(c, w);
            s.cursor = c;
        }
        _ => s.message = format!("not found: {needle}"),
    }
}

fn overlay_key(s: &mut State, k: KeyEvent, fx: &mut Vec<Effect>) {
    let code = k.code;
    let esc = matches!(code, KeyCode::Esc | KeyCode::Char('q'));
    let down = matches!(code, KeyCode::Char('j') | KeyCode::Down);
    let up = matches!(code, KeyCode::Char('k') | KeyCode::Up);
    let (w, h) = s.article_area();
    match &mut s.overlay {
        Overlay::None => {}
        Overlay::Help => {
            let (len, shown) = s.help_size();
            let page = shown.saturating_sub(1).max(1);
            s.help_top = match code {
                _ if down => s.help_top + 1,
                _ if up => s.help_top.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => s.help_top + page,
                KeyCode::PageUp => s.help_top.saturating_sub(page),
                KeyCode::Char('g') | KeyCode::Home => 0,
                KeyCode::Char('G') | KeyCode::End => len,
                _ => s.help_top,
            }
            .min(len.saturating_sub(shown));
            if esc || code == KeyCode::Char('?') || code == KeyCode::Enter {
                s.overlay = Overlay::None
            }
        }
        Overlay::Rating { sel } => {
            let n = s.scale.ratings.len() + 1;
            if down {
                *sel = (*sel + 1).min(n - 1);
            } else if up {
                *sel = sel.saturating_sub(1);
            } else if code == KeyCode::Enter {
                let label = if *sel == 0 {
                    String::new()
                } else {
                    s.scale.ratings[*sel - 1].label.clone()
                };
                s.overlay = Overlay::None;
                if let Some(id) = s.current {
                    if let Some(c) = s.claim_mut() {
                        c.verdict.rating = label.clone();
                    }
                    save(
                        s,
                        fx,
                        Job::Verdict {
                            id,
                            change: VerdictChange {
                                rating: Some(label),
                                ..Default::default()
                            },
                        },
                    );
                }
            } else if esc {
                s.overlay = Overlay::None;
            }
        }
        Overlay::Stance { sel, hit } => {
            let pick = match code {
                KeyCode::Char('s') => Some(0),
                KeyCode::Char('r') => Some(1),
                KeyCode::Char('c') => Some(2),
                KeyCode::Enter => Some(*sel),
                _ => None,
            };
            if down {
                *sel = (*sel + 1).min(2);
            } else if up {
                *sel = sel.saturating_sub(1);
            } else if let Some(i) = pick {
                let hit = hit.clone();
                s.overlay = Overlay::None;
                if let Some(id) = s.current {
                    save(
                        s,
                        fx,
                        Job::AddEvidence {
                            id,
                            source: hit.source.clone(),
                            quote: hit.passage.clone(),
                            range: hit.range,
                            stance: Stance::ALL[i],
                        },
                    );
                    s.message = format!("attached as {} evidence", Stance::ALL[i].as_str());
                }
            } else if esc {
                s.overlay = Overlay::None;
            }
        }
        Overlay::Palette { input } => match code {
            KeyCode::Esc => s.overlay = Overlay::None,
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char(c) => input.push(c),
            KeyCode::Enter => {
                let cmd = input.trim().to_string();
                s.overlay = Overlay::None;
                palette(s, &cmd, fx);
            }
            _ => {}
        },
        Overlay::Reader(r) => {
            let l = &r.text;
            r.scroll = match code {
                KeyCode::Char('j') | KeyCode::Down => l.scroll_down(r.scroll, 1, w),
                KeyCode::Char('k') | KeyCode::Up => l.scroll_up(r.scroll, 1, w),
                KeyCode::PageDown | KeyCode::Char(' ') => {
                    l.scroll_down(r.scroll, h.saturating_sub(2), w)
                }
                KeyCode::PageUp => l.scroll_up(r.scroll, h.saturating_sub(2), w),
                KeyCode::Char('g') => Default::default(),
                KeyCode::Char('G') => l.bottom(w, h),
                _ => r.scroll,
            };
            if esc || code == KeyCode::Enter {
                s.overlay = Overlay::None;
            }
        }
        Overlay::Claims { sel, filter, sort } => {
            let rows = super::overview::rows(&s.claims, &s.scale, *filter, *sort);
            if down {
                *sel = (*sel + 1).min(rows.len().saturating_sub(1));
            } else if up {
                *sel = sel.saturating_sub(1);
            } else if code == KeyCode::Char('f') {
                *filter = match *filter {
                    None => Some(0),
                    Some(i) if i + 1 < Status::ALL.len() => Some(i + 1),
                    _ => None,
                };
                *sel = 0;
            } else if code == KeyCode::Char('o') {
                *sort = super::overview::next_sort(*sort);
            } else if code == KeyCode::Enter {
                let id = rows.get(*sel).copied();
                s.overlay = Overlay::None;
                if let Some(id) = id {
                    s.select_claim(id);
                    fx.push(Effect::History(id));
                }
            } else if esc || code == KeyCode::Char('C') {
                s.overlay = Overlay::None;
            }
        }
    }
}

fn palette(s: &mut State, cmd: &str, fx: &mut Vec<Effect>) {
    let mut words = cmd.split_whitespace();
    match (words.next(), words.next()) {
        (Some("q" | "quit"), _) => action(s, Action::Quit, Instant::now(), fx),
        (Some("theme"), Some(name)) => match s.themes.iter().find(|t| t.name == name) {
            Some(t) => s.theme = t.clone(),
            None => {
                let names: Vec<_> = s.themes.iter().map(|t| t.name.as_str()).collect();
                s.message = format!("no theme {name:?}; themes: {}", names.join(", "));
            }
        },
        (Some("scale"), _) => {
            s.message = format!("{}: {}", s.scale.name, s.scale.labels().join(" / "));
        }
        (Some("claims"), _) => action(s, Action::ClaimsOverview, Instant::now(), fx),
        (Some("export"), format) => {
            let force = words.next() == Some("force");
            match format.and_then(crate::export::Format::parse) {
                Some(format) => fx.push(Effect::Export { format, force }),
                None => {
                    s.message = "export FORMAT [force]: claimreview, md, html, csv or json".into()
                }
            }
        }
        (Some("help"), _) => s.overlay = Overlay::Help,
        (Some(other), _) => {
            s.message = format!(
                "unknown command {other:?}: quit, export FORMAT, theme NAME, scale, claims, help"
            )
        }
        (None, _) => {}
    }
}

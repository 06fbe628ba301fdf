//! The pure heart of the workstation: a message changes the state and returns the effects
//! (saves, searches, lookups) for the workers. No I/O and no clock here: `now` comes in.
//!
//! A key travels: `Key` -> the keymap of the current context (the focused pane, or the mode's
//! or overlay's own section) -> an `Action` -> the component that owns that context (a pane,
//! the editor, an overlay), then the actions that work everywhere. An unbound key in a text
//! input types its character.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::editing::{self, EditTarget};
use super::keymap::{Context, Key};
use super::msg::{Effect, Msg};
use super::overlay::{self, claims, help, palette, rating, reader};
use super::pane::article::{self, find, visual};
use super::pane::{library, sources, verdict};
use super::saving::{self, save};
use super::state::{Focus, State};

pub fn update(s: &mut State, msg: Msg, now: Instant) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(k) if k.kind != KeyEventKind::Release => key(s, k, now, &mut fx),
        Msg::Key(_) => {}
        Msg::Paste(t) => paste(s, &t, now),
        Msg::Resize(w, h) => {
            s.size = (w, h);
            s.fill_article_view();
            s.reveal_char(s.article_pane.cursor);
        }
        Msg::Tick => editing::tick(s, now, &mut fx),
        Msg::Shutdown => {
            // Closing saves what a one-line editor holds too (the claim text, a free rating):
            // a flush saves only the multi-line ones, which autosave as they are typed.
            editing::close(s, &mut fx);
            fx.push(Effect::Quit);
        }
        Msg::Saved(r) => saving::saved(s, r, &mut fx),
        Msg::Notice(text) => s.message = text,
        Msg::SearchDone { gen, label, hits } => sources::done(s, gen, label, hits),
        Msg::Reader(doc) => reader::open(s, *doc),
        Msg::History { claim, lines } => verdict::history(s, claim, lines),
        Msg::LibraryDone { gen, result } => library::done(s, gen, result),
        Msg::SourcesAdded {
            id,
            summary,
            changed,
        } => sources::added(s, id, summary, changed, &mut fx),
        Msg::LockTaken(claims) => saving::lock_taken(s, claims),
        Msg::LockHeld(banner) => {
            s.banner = Some(banner);
            s.message = "still read-only: the other factdesk is not done yet".into();
        }
    }
    if std::mem::take(&mut s.want_lock) {
        fx.push(Effect::Saver(super::msg::ToSaver::TakeLock));
    }
    library::request(s, &mut fx);
    fx
}

fn key(s: &mut State, k: KeyEvent, now: Instant, fx: &mut Vec<Effect>) {
    s.message.clear();
    let ctx = s.context();
    if let Some(a) = s.keymap.lookup(ctx, Key::from_event(&k)) {
        return dispatch(s, ctx, a, now, fx);
    }
    // A terminal sends Esc and the key typed right after it (one read over SSH) the way it
    // sends Alt-key: `ESC x`. In a text input, where Esc leaves, an unbound Alt-key is taken
    // as Esc and then the key, as terminal editors do.
    if ctx.is_input() && k.modifiers == KeyModifiers::ALT {
        key(s, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), now, fx);
        return key(s, KeyEvent::new(k.code, KeyModifiers::NONE), now, fx);
    }
    if ctx.is_input() && !k.modifiers.contains(KeyModifiers::CONTROL) {
        if let Some(c) = k.code.as_char() {
            type_text(s, ctx, c.encode_utf8(&mut [0; 4]), now, fx);
        }
    }
}

/// Hand action `a`, found in context `ctx`, to the component that owns the context.
fn dispatch(s: &mut State, ctx: Context, a: Action, now: Instant, fx: &mut Vec<Effect>) {
    match ctx {
        Context::Editor => editing::action(s, a, now, fx),
        Context::Search => sources::input_action(s, a, fx),
        Context::Find => find::action(s, a),
        Context::Visual => visual::action(s, a, fx),
        Context::Global | Context::Article | Context::Sources | Context::Verdict => {
            let done = match s.focus {
                Focus::Article => article::action(s, a, fx),
                Focus::Sources => sources::action(s, a, fx),
                Focus::Verdict => verdict::action(s, a, fx),
            };
            if !done {
                global(s, a, fx);
            }
        }
        overlay => overlay::action(s, overlay, a, now, fx),
    }
}

/// The actions that work in every pane.
fn global(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    use Action::*;
    match a {
        Quit => saving::quit(s, fx),
        FocusNext | FocusPrev => {
            let i = Focus::ALL.iter().position(|f| *f == s.focus).unwrap_or(0);
            let n = if a == FocusNext { i + 1 } else { i + 2 };
            s.focus = Focus::ALL[n % 3];
        }
        FocusArticle => s.focus = Focus::Article,
        FocusSources => s.focus = Focus::Sources,
        FocusVerdict => s.focus = Focus::Verdict,
        Help => help::open(s),
        Palette => palette::open(s),
        ClaimsOverview => claims::open(s),
        NextClaim | PrevClaim | NextOpenClaim => super::nav::step(s, a, fx),
        SuggestEvidence => sources::suggest(s, fx),
        PickRating => rating::open(s),
        CycleStatus => verdict::cycle_status(s, fx),
        EditExplanation => editing::open(s, EditTarget::Explanation),
        ReuseVerdict => {
            if let Some(job) = library::reuse_job(s) {
                save(s, fx, job);
            }
        }
        NextEarlierVerdict => library::next(s),
        Undo => saving::undo(s, fx),
        Redo => saving::redo(s, fx),
        _ => {}
    }
}

/// A typed character in a text input.
fn type_text(s: &mut State, ctx: Context, text: &str, now: Instant, fx: &mut Vec<Effect>) {
    match ctx {
        Context::Editor => editing::type_text(s, text, now),
        Context::Search => sources::type_text(s, text, fx),
        Context::Find => find::type_text(s, text),
        Context::Palette => palette::type_text(s, text),
        Context::ClaimsFilter => claims::type_text(s, text),
        _ => {}
    }
}

/// Bracketed paste: the text goes into the input being typed in, as one edit.
fn paste(s: &mut State, text: &str, now: Instant) {
    match s.context() {
        Context::Editor => editing::type_text(s, text, now),
        Context::Search => sources::paste(s, text),
        Context::Find => find::type_text(s, text),
        Context::Palette => palette::type_text(s, text),
        Context::ClaimsFilter => claims::type_text(s, text),
        _ => {}
    }
}

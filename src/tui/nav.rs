//! Moving between claims: `]` `[` `}`, and going to a claim from the overview.

use crate::project::claim::Status;

use super::action::Action;
use super::editing;
use super::msg::Effect;
use super::state::{Mode, State};

/// `]`, `[` or `}`.
pub fn step(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let live: Vec<(u32, Status)> = s.live_claims().map(|c| (c.id, c.verdict.status)).collect();
    let i = live.iter().position(|c| Some(c.0) == s.current);
    let target = match (a, i) {
        (Action::PrevClaim, Some(i)) => live.get(i.saturating_sub(1)).map(|c| c.0),
        (Action::NextClaim, Some(i)) => live
            .get((i + 1).min(live.len().saturating_sub(1)))
            .map(|c| c.0),
        (Action::NextOpenClaim, i) => {
            let start = i.map_or(0, |i| i + 1);
            live.iter()
                .cycle()
                .skip(start)
                .take(live.len())
                .find(|c| c.1 != Status::Done)
                .map(|c| c.0)
        }
        (_, None) => live.first().map(|c| c.0),
        _ => None,
    };
    if let Some(id) = target {
        go_to(s, id, fx);
    }
}

/// Make claim `id` current: the editor is saved and closed, its history asked for.
pub fn go_to(s: &mut State, id: u32, fx: &mut Vec<Effect>) {
    editing::flush(s, fx);
    if matches!(s.mode, Mode::Editing(_)) {
        s.mode = Mode::Normal;
    }
    s.select_claim(id);
    s.verdict_pane.history.clear();
    fx.push(Effect::history(id));
}

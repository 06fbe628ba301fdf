//! The article pane: the article with its claims marked, a text cursor, the article search,
//! visual mode for new claims, and the claim edits made from the text (keep, drop, split,
//! merge, edit).

pub mod cursor;
pub mod draw;
pub mod find;
pub mod visual;

use crate::project::claim::Triage;

use crate::tui::action::Action;
use crate::tui::editing::{self, EditTarget};
use crate::tui::msg::{Effect, Job};
use crate::tui::saving::save;
use crate::tui::state::State;
use crate::tui::text_layout::Scroll;

pub use draw::draw;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticlePane {
    pub scroll: Scroll,
    /// The text cursor, a character offset.
    pub cursor: usize,
    /// The article search (`/`), kept after Enter for `n`/`N`.
    pub find: Option<String>,
}

/// An action of the article context; false when it is not one.
pub fn action(s: &mut State, a: Action, fx: &mut Vec<Effect>) -> bool {
    use Action::*;
    match a {
        Down | Up | PageDown | PageUp | Top | Bottom | Left | Right | WordNext | WordPrev
        | SentenceNext | SentencePrev => {
            cursor::move_cursor(s, a);
        }
        SearchArticle => find::start(s),
        NextMatch | PrevMatch => find::next(s, a == NextMatch),
        Visual | VisualSentences => visual::start(s, a == VisualSentences),
        KeepClaim | DropClaim => {
            if let Some(id) = s.current {
                let triage = if a == KeepClaim {
                    Triage::Kept
                } else {
                    Triage::Dropped
                };
                save(s, fx, Job::Triage { id, triage });
            }
        }
        SplitClaim => split(s, fx),
        MergeClaim => merge(s, fx),
        EditClaim => editing::open(s, EditTarget::ClaimText),
        _ => return false,
    }
    true
}

/// `x`: split the current claim at the cursor.
fn split(s: &mut State, fx: &mut Vec<Effect>) {
    let Some(c) = s.claim() else {
        return;
    };
    let (id, span, len) = (c.id, c.span, c.text.chars().count());
    // The claim's text is its span trimmed: count from its first character.
    let lead = s.article_view().map_or(0, |a| {
        let t = a.layout.slice(span);
        t.chars().take_while(|ch| ch.is_whitespace()).count()
    });
    let cursor = s.article_pane.cursor;
    match cursor.checked_sub(span[0] + lead) {
        Some(at) if at > 0 && at < len && cursor < span[1] => save(s, fx, Job::Split { id, at }),
        _ => {
            s.message = "put the cursor inside the claim, on the first character of the second \
                         part (h l w b move it)"
                .into()
        }
    }
}

/// `m`: merge the current claim with the next one of its article.
fn merge(s: &mut State, fx: &mut Vec<Effect>) {
    let live: Vec<_> = s.live_claims().collect();
    let Some(i) = live.iter().position(|c| Some(c.id) == s.current) else {
        return;
    };
    if let Some(next) = live.get(i + 1).filter(|n| n.article == live[i].article) {
        let (first, second) = (live[i].id, next.id);
        save(s, fx, Job::Merge { first, second });
    }
}

//! The three panes. Each module owns its state, handles the actions of its keymap context
//! (returning whether it did) and draws itself.

pub mod article;
pub mod library;
pub mod sources;
pub mod verdict;

use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

use super::state::{Focus, State};

/// A pane's border and title; the focused pane's border stands out.
pub fn block<'a>(s: &State, focus: Focus, title: String) -> Block<'a> {
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

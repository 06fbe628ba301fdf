//! Colours by role. Built-in themes use ANSI colour names so any terminal shows them;
//! `mono` works without colour (NO_COLOR): marks by underline, selection by reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::project::scale::Tone;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub current: Style,
    pub selection: Style,
    pub matched: Style,
    pub warning: Style,
    pub claim_true: Style,
    pub claim_false: Style,
    pub claim_mixed: Style,
    pub claim_unproven: Style,
    pub claim_open: Style,
    pub claim_candidate: Style,
    pub status_bar: Style,
}

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const UL: Modifier = Modifier::UNDERLINED;

impl Theme {
    pub fn dark() -> Theme {
        Theme {
            name: "dark".into(),
            text: Style::new(),
            muted: fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            border: fg(Color::DarkGray),
            border_focus: fg(Color::Cyan),
            current: Style::new().bg(Color::Blue).fg(Color::White),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().fg(Color::Black).bg(Color::Yellow),
            warning: fg(Color::LightRed).add_modifier(Modifier::BOLD),
            claim_true: fg(Color::Green).add_modifier(UL),
            claim_false: fg(Color::Red).add_modifier(UL),
            claim_mixed: fg(Color::Yellow).add_modifier(UL),
            claim_unproven: fg(Color::Magenta).add_modifier(UL),
            claim_open: fg(Color::Cyan).add_modifier(UL),
            claim_candidate: Style::new().add_modifier(UL),
            status_bar: Style::new().bg(Color::DarkGray).fg(Color::White),
        }
    }

    pub fn light() -> Theme {
        Theme {
            name: "light".into(),
            muted: fg(Color::Gray),
            border_focus: fg(Color::Blue),
            current: Style::new().bg(Color::LightCyan).fg(Color::Black),
            claim_open: fg(Color::Blue).add_modifier(UL),
            status_bar: Style::new().bg(Color::Gray).fg(Color::Black),
            ..Theme::dark()
        }
    }

    pub fn high_contrast() -> Theme {
        let b = Modifier::BOLD;
        Theme {
            name: "high-contrast".into(),
            text: fg(Color::White),
            muted: fg(Color::White),
            border: fg(Color::White),
            border_focus: fg(Color::LightYellow).add_modifier(b),
            current: Style::new()
                .bg(Color::White)
                .fg(Color::Black)
                .add_modifier(b),
            claim_true: fg(Color::LightGreen).add_modifier(UL | b),
            claim_false: fg(Color::LightRed).add_modifier(UL | b),
            claim_mixed: fg(Color::LightYellow).add_modifier(UL | b),
            claim_unproven: fg(Color::LightMagenta).add_modifier(UL | b),
            claim_open: fg(Color::LightCyan).add_modifier(UL | b),
            status_bar: Style::new().bg(Color::White).fg(Color::Black),
            ..Theme::dark()
        }
    }

    /// No colour at all: every role that matters is still visible through modifiers.
    pub fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            name: "mono".into(),
            text: plain,
            muted: Style::new().add_modifier(Modifier::DIM),
            title: Style::new().add_modifier(Modifier::BOLD),
            border: plain,
            border_focus: Style::new().add_modifier(Modifier::BOLD),
            current: Style::new().add_modifier(Modifier::REVERSED),
            selection: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            matched: Style::new().add_modifier(Modifier::BOLD | UL),
            warning: Style::new().add_modifier(Modifier::BOLD),
            claim_true: Style::new().add_modifier(UL),
            claim_false: Style::new().add_modifier(UL | Modifier::BOLD),
            claim_mixed: Style::new().add_modifier(UL | Modifier::ITALIC),
            claim_unproven: Style::new().add_modifier(UL | Modifier::ITALIC),
            claim_open: Style::new().add_modifier(UL),
            claim_candidate: Style::new().add_modifier(UL | Modifier::DIM),
            status_bar: Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn builtin() -> Vec<Theme> {
        vec![
            Theme::dark(),
            Theme::light(),
            Theme::high_contrast(),
            Theme::mono(),
        ]
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::True => self.claim_true,
            Tone::False => self.claim_false,
            Tone::Mixed => self.claim_mixed,
            Tone::Unproven => self.claim_unproven,
            Tone::Other => self.claim_open,
        }
    }
}

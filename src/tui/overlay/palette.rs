//! `:` the command palette. Commands are a table: the palette's hint line, its "unknown
//! command" message and docs/keys.md all come from `COMMANDS`.
//!
//! Adding a command: one `Command` entry with a `run` function taking the words after the
//! command's name. It changes the state like any action and returns effects for the workers
//! (see `export` below); it never does I/O itself.

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::msg::{Effect, ToSaver};
use crate::tui::state::{Mode, State};

use super::{boxed, claims, help, Overlay};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Palette {
    pub input: String,
}

pub struct Command {
    /// The name typed, then other names it answers to.
    pub names: &'static [&'static str],
    /// How it is written, for the hint line and the docs (`export FORMAT [force]`).
    pub usage: &'static str,
    pub help: &'static str,
    pub run: fn(&mut State, &[&str], Instant, &mut Vec<Effect>),
}

pub const COMMANDS: &[Command] = &[
    Command {
        names: &["export"],
        usage: "export FORMAT [force]",
        help: "writes `claimreview`, `md`, `html`, `csv` or `json` into the project's \
               `exports/` folder (as `factdesk export --format FORMAT`); an existing file is \
               kept unless `force` is given; the status bar says where it was written or what \
               is missing",
        run: export,
    },
    Command {
        names: &["claim"],
        usage: "claim N (or N)",
        help: "makes claim N current (`:76` is enough)",
        run: goto_claim,
    },
    Command {
        names: &["claims"],
        usage: "claims",
        help: "the claims overview (filter, sort, triage)",
        run: |s, _, _, _| claims::open(s),
    },
    Command {
        names: &["scale"],
        usage: "scale",
        help: "shows the project's rating scale",
        run: |s, _, _, _| {
            s.message = format!("{}: {}", s.scale.name, s.scale.labels().join(" / "));
        },
    },
    Command {
        names: &["theme"],
        usage: "theme NAME",
        help: "switches theme: `dark`, `light`, `high-contrast`, `monochrome`, or one of yours",
        run: theme,
    },
    Command {
        names: &["help"],
        usage: "help",
        help: "the help overlay",
        run: |s, _, _, _| help::open(s),
    },
    Command {
        names: &["quit", "q"],
        usage: "quit",
        help: "saves and quits",
        run: |s, _, _, fx| crate::tui::saving::quit(s, fx),
    },
    Command {
        names: &["quit!", "q!"],
        usage: "quit!",
        help: "quits even when typed text could be neither saved nor kept in a recovery file",
        run: |s, _, _, fx| crate::tui::saving::force_quit(s, fx),
    },
];

/// The hint shown in the palette's title: every command's usage.
pub fn hint() -> String {
    COMMANDS
        .iter()
        .map(|c| c.usage)
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn open(s: &mut State) {
    s.mode = Mode::Overlay(Overlay::Palette(Palette::default()));
}

pub fn action(s: &mut State, a: Action, now: Instant, fx: &mut Vec<Effect>) {
    let Mode::Overlay(Overlay::Palette(p)) = &mut s.mode else {
        return;
    };
    match a {
        Action::Close => s.mode = Mode::Normal,
        Action::DeleteBack => {
            p.input.pop();
        }
        Action::Confirm => {
            let cmd = p.input.trim().to_string();
            s.mode = Mode::Normal;
            run(s, &cmd, now, fx);
        }
        _ => {}
    }
}

pub fn type_text(s: &mut State, text: &str) {
    if let Mode::Overlay(Overlay::Palette(p)) = &mut s.mode {
        p.input.push_str(&text.replace('\n', " "));
    }
}

/// Run a command line.
pub fn run(s: &mut State, line: &str, now: Instant, fx: &mut Vec<Effect>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((name, args)) = words.split_first() else {
        return;
    };
    if name.parse::<u32>().is_ok() {
        return goto_claim(s, &[name], now, fx);
    }
    match COMMANDS.iter().find(|c| c.names.contains(name)) {
        Some(c) => (c.run)(s, args, now, fx),
        None => {
            let names: Vec<&str> = COMMANDS.iter().map(|c| c.usage).collect();
            s.message = format!("unknown command {name:?}: {}", names.join(", "));
        }
    }
}

fn export(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    let force = args.get(1) == Some(&"force");
    match args.first().and_then(|f| crate::export::Format::parse(f)) {
        Some(format) => fx.push(Effect::Saver(ToSaver::Export { format, force })),
        None => s.message = "export FORMAT [force]: claimreview, md, html, csv or json".into(),
    }
}

fn goto_claim(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    let Some(id) = args
        .first()
        .and_then(|a| a.trim_start_matches('#').parse::<u32>().ok())
    else {
        s.message = "claim N: the claim's number".into();
        return;
    };
    if s.claims.iter().any(|c| c.id == id) {
        s.select_claim(id);
        fx.push(Effect::history(id));
    } else {
        s.message = format!("no claim {id}");
    }
}

fn theme(s: &mut State, args: &[&str], _: Instant, _: &mut Vec<Effect>) {
    let Some(name) = args.first() else {
        s.message = "theme NAME".into();
        return;
    };
    match s.themes.iter().find(|t| t.name == *name) {
        Some(t) => s.theme = t.clone(),
        None => {
            let names: Vec<_> = s.themes.iter().map(|t| t.name.as_str()).collect();
            s.message = format!("no theme {name:?}; themes: {}", names.join(", "));
        }
    }
}

pub fn draw(f: &mut Frame, s: &State, p: &Palette, area: Rect) {
    let r = Rect::new(area.x, area.y, area.width, 3.min(area.height));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(format!(":{}▏", crate::tui::safe::safe(&p.input)))
            .block(boxed(&s.theme, &hint())),
        r,
    );
}

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

use crate::project::claim::{Status, Triage};
use crate::resolve::Resolution;
use crate::tui::action::Action;
use crate::tui::msg::{BulkChange, Effect, Job, ReviewStep, ToSaver};
use crate::tui::state::{Mode, State};

use super::{boxed, claims, help, Overlay};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Palette {
    pub input: String,
    /// Opened from the claims overview: it comes back after the command (or Esc), with its
    /// filters, so bulk commands on marked claims can follow one another.
    pub back: Option<claims::ClaimsOverview>,
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
        names: &["add"],
        usage: "add URL/PATH...",
        help: "adds web pages, files and folders as sources (as `factdesk source add`): each \
               URL is fetched once and kept as a WARC capture; fetching runs in the \
               background, keys keep working, and edits made meanwhile are saved when it is \
               done; the status bar says what was added or, for each URL that failed, why",
        run: add,
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
        names: &["status"],
        usage: "status STATUS",
        help: "sets `open`, `in-progress`, `needs-review` or `done` on the claims marked in the \
               overview (Space), else on the current claim; with two-person review only \
               `approve` makes a claim done",
        run: status,
    },
    Command {
        names: &["assign"],
        usage: "assign USER|-",
        help: "assigns the marked claims (else the current one) to USER; `-` unassigns",
        run: assign,
    },
    Command {
        names: &["triage"],
        usage: "triage keep|drop|candidate",
        help: "keeps the marked claims (else the current one) for checking, drops them, or \
               makes them candidates again",
        run: triage,
    },
    Command {
        names: &["request"],
        usage: "request",
        help: "asks for review of the current claim (as `factdesk review request`)",
        run: |s, _, _, fx| review(s, ReviewStep::Request, fx),
    },
    Command {
        names: &["approve"],
        usage: "approve [COMMENT]",
        help: "approves the current claim's verdict (someone other than its author; logged \
               with a hash of what was approved), which makes it done",
        run: |s, args, _, fx| {
            let comment = (!args.is_empty()).then(|| args.join(" "));
            review(s, ReviewStep::Approve(comment), fx)
        },
    },
    Command {
        names: &["reject"],
        usage: "reject COMMENT",
        help: "sends the current claim back to in progress, with the comment saying why",
        run: |s, args, _, fx| {
            if args.is_empty() {
                s.message = "reject needs a comment: what has to change".into();
            } else {
                review(s, ReviewStep::Reject(args.join(" ")), fx)
            }
        },
    },
    Command {
        names: &["claimant"],
        usage: "claimant [NAME|-]",
        help: "confirms who made the current claim as factdesk detected it, or sets NAME \
               (`-`: nobody), as `claim confirm-claimant` and `claim edit --claimant` do",
        run: claimant,
    },
    Command {
        names: &["resolve"],
        usage: "resolve [FIELD] N|both",
        help: "settles a conflict sync recorded in the current claim: value N as the verdict \
               pane lists it, or `both` texts joined (as `factdesk claim resolve`)",
        run: resolve,
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
    let back = || match p.back.clone() {
        Some(o) => Mode::Overlay(Overlay::Claims(o)),
        None => Mode::Normal,
    };
    match a {
        Action::Close => s.mode = back(),
        Action::DeleteBack => {
            p.input.pop();
        }
        Action::Confirm => {
            let cmd = p.input.trim().to_string();
            s.mode = back();
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
    // `--force` as on the command line, or `force` as the hint writes it.
    let force = matches!(args.get(1), Some(&"force" | &"--force" | &"-f"));
    match args.first().and_then(|f| crate::export::Format::parse(f)) {
        Some(format) => fx.push(Effect::Saver(ToSaver::Export { format, force })),
        None => s.message = "export FORMAT [force]: claimreview, md, html, csv or json".into(),
    }
}

fn add(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    if args.is_empty() {
        s.message = "add URL/PATH...: web pages, files or folders to add as sources".into();
        return;
    }
    if s.read_only() {
        return;
    }
    let n = args.len();
    s.message = format!(
        "adding {n} source{}… (keep working; the status bar says when it is done)",
        if n == 1 { "" } else { "s" }
    );
    let id = s.next_add;
    s.next_add += 1;
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    s.adding.push((id, args.clone()));
    fx.push(Effect::Fetch { id, args });
}

/// The claims a bulk command acts on: the marked ones, else the current one. The marks are
/// used up.
fn targets(s: &mut State) -> Vec<u32> {
    if s.marked.is_empty() {
        s.current.into_iter().collect()
    } else {
        std::mem::take(&mut s.marked).into_iter().collect()
    }
}

fn bulk(s: &mut State, change: BulkChange, fx: &mut Vec<Effect>) {
    let ids = targets(s);
    if ids.is_empty() {
        s.message = "no claim selected".into();
        return;
    }
    crate::tui::saving::save(s, fx, Job::Bulk { ids, change });
}

fn status(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    match Status::parse(&args.join(" ")) {
        Some(st) => bulk(s, BulkChange::Status(st), fx),
        None => {
            let names: Vec<&str> = Status::ALL.iter().map(|st| st.as_str()).collect();
            s.message = format!("status is one of: {}", names.join(", "));
        }
    }
}

fn assign(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    match args {
        [] => s.message = "assign needs a name (`-` unassigns)".into(),
        ["-"] => bulk(s, BulkChange::Assign(String::new()), fx),
        words => bulk(s, BulkChange::Assign(words.join(" ")), fx),
    }
}

fn triage(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    let t = match args {
        ["keep" | "kept" | "check"] => Triage::Kept,
        ["drop" | "dropped"] => Triage::Dropped,
        ["candidate"] => Triage::Candidate,
        _ => {
            s.message = "triage is one of: keep, drop, candidate".into();
            return;
        }
    };
    bulk(s, BulkChange::Triage(t), fx);
}

fn review(s: &mut State, step: ReviewStep, fx: &mut Vec<Effect>) {
    match s.current {
        Some(id) => crate::tui::saving::save(s, fx, Job::Review { id, step }),
        None => s.message = "no claim selected".into(),
    }
}

fn claimant(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    let Some(id) = s.current else {
        s.message = "no claim selected".into();
        return;
    };
    let name = match args {
        [] => None,
        ["-"] => Some(String::new()),
        words => Some(words.join(" ")),
    };
    crate::tui::saving::save(s, fx, Job::Claimant { id, name });
}

fn resolve(s: &mut State, args: &[&str], _: Instant, fx: &mut Vec<Effect>) {
    let Some(id) = s.current else {
        s.message = "no claim selected".into();
        return;
    };
    let (field, how) = match args {
        [how] => (None, *how),
        [field, how] => (Some(field.to_string()), *how),
        _ => {
            s.message = "resolve [FIELD] N|both: N as the verdict pane lists the values".into();
            return;
        }
    };
    let how = match how {
        "both" => Resolution::Both,
        n => match n.parse::<usize>() {
            Ok(n) if n > 0 => Resolution::Pick(n),
            _ => {
                s.message = format!("resolve: {n:?} is neither a value's number nor `both`");
                return;
            }
        },
    };
    crate::tui::saving::save(s, fx, Job::Resolve { id, field, how });
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

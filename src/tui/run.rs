//! The terminal side: raw mode and the alternate screen, the loop (events in, `update`,
//! effects to the workers, one frame per batch), and a clean exit.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::project::{Access, Project};

use super::color::ColorDepth;
use super::config::{self, Config};
use super::input::{spawn_input, spawn_signals, Event, Tty};
use super::msg::{Effect, Lookup, Msg, ToSaver, ToSearcher};
use super::state::{ArticleView, State};
use super::update::update;
use super::workers::fetcher::Fetch;
use super::workers::{spawn_fetcher, spawn_library, spawn_saver, spawn_searcher, Stopped};

#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Append per-frame render time and key-to-frame latency (microseconds) to this file.
    pub trace_timings: Option<PathBuf>,
    /// `--theme NAME`: overrides the config's theme.
    pub theme: Option<String>,
}

/// Load a project into a fresh state (also used by tests and benchmarks).
pub fn load_state(project: &Project) -> Result<State> {
    let (metas, mut problems) = project.articles()?;
    let mut articles = Vec::new();
    for m in metas {
        let a = project.article(&m.id)?;
        articles.push(ArticleView {
            meta: a.meta,
            layout: super::text_layout::TextLayout::new(a.text),
        });
    }
    let set = project.load_claims()?;
    problems.extend(set.problems.into_iter().map(|p| p.message));
    let mut s = State::new(
        project.manifest().name.clone(),
        project.scale().clone(),
        articles,
        set.claims,
    );
    s.problems = relative_to(project.root(), problems);
    s.user = project.user().to_string();
    if let Some(first) = s.problems.first() {
        let key = s.keymap.key_of(
            super::keymap::Context::Global,
            super::action::Action::ClaimsOverview,
        );
        s.message = match s.problems.len() {
            1 => format!("not read: {first} ({key} lists it)"),
            n => format!("{n} files not read, the first: {first} ({key} lists them)"),
        };
    }
    // The built-in themes as this terminal shows them; `open` adds the user's config.
    let project_theme = project.manifest().theme.as_deref();
    let _ = config::apply(
        &mut s,
        Config::default(),
        None,
        project_theme,
        ColorDepth::from_env(),
    );
    Ok(s)
}

/// Problems name files by their full path: inside the project its relative path says enough.
fn relative_to(root: &Path, problems: Vec<String>) -> Vec<String> {
    let prefix = format!("{}/", root.display());
    problems
        .into_iter()
        .map(|p| p.strip_prefix(&prefix).map_or(p.clone(), str::to_string))
        .collect()
}

fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

pub fn open(dir: &Path, opts: Options) -> Result<()> {
    let (project, banner) = open_project(dir)?;
    let t0 = Instant::now();
    let mut state = load_state(&project)?;
    let cfg = config::load(config::config_dir().as_deref());
    let config_errors = config::apply(
        &mut state,
        cfg,
        opts.theme.as_deref(),
        project.manifest().theme.as_deref(),
        ColorDepth::from_env(),
    );
    state.banner = banner;
    if state.banner.is_none() {
        // Text an earlier session could not save is offered back first.
        let found = super::recovery::find(project.root());
        super::overlay::recovery::open(&mut state, found);
    }
    let trace = match &opts.trace_timings {
        Some(p) => Some(io::BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    let (tx, rx) = mpsc::channel::<Event>();
    let root = project.root().to_path_buf();
    let workers = Workers::start(project, &tx);
    // A writer wedged at a signal (a long import of files): leave anyway, but not in the
    // alternate screen and not holding the lock.
    spawn_signals(tx.clone(), move || {
        restore_terminal();
        crate::project::lock::release_if_ours(&root);
    })?;

    let prev_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        prev_hook(info);
    }));
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    let term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = term.size()?;
    state.size = (size.width, size.height);
    let tty = Tty::open();
    spawn_input(tx.clone(), tty);
    let mut frames = Frames {
        term,
        trace,
        t0,
        first: true,
        last_key: None,
        gone: tx,
    };
    let signalled = run_loop(&mut state, &rx, tty, &workers, &mut frames);
    let stopped = workers.stop();
    restore_terminal();
    for k in &stopped.kept {
        eprintln!("factdesk: {k}");
    }
    state.adding.retain(|(id, _)| !stopped.added.contains(id));
    if !state.adding.is_empty() {
        eprintln!(
            "factdesk: not added, the workstation closed first: {}; add them again (:add, or factdesk source add)",
            factdesk_index::sanitize::sanitize_text(&super::saving::adding_list(&state))
        );
    }
    // The status bar showed the first config error, shortened; here is every one in full.
    for e in &config_errors {
        eprintln!("factdesk: config: {e} (the default was used)");
    }
    // Typed text that is only in a recovery file is not saved: not a clean exit.
    let code = i32::from(!stopped.kept.is_empty());
    if signalled || code != 0 {
        // The input thread may be stuck on a dead terminal, and the fetcher on a slow
        // server; leave without waiting for them.
        std::process::exit(code);
    }
    Ok(())
}

/// The project for writing, or read-only with a banner when another factdesk holds it (the
/// saver takes the lock once it is free).
fn open_project(dir: &Path) -> Result<(Project, Option<String>)> {
    // Commands waiting for the lock refuse at once when it is the workstation's.
    crate::project::lock::set_program(crate::project::lock::WORKSTATION);
    match Project::open(dir, Access::Write) {
        Ok(p) => Ok((p, None)),
        Err(e) => {
            let msg = crate::error::one_line(&e);
            if !(msg.contains("lock") || msg.contains("being edited")) {
                return Err(e);
            }
            Ok((
                Project::open(dir, Access::ReadOnly)?,
                Some(super::workers::writer::banner(dir, &msg)),
            ))
        }
    }
}

/// The workers' channels. Each effect names its worker: forwarding is all there is to do.
struct Workers {
    saver: mpsc::Sender<ToSaver>,
    fetcher: mpsc::Sender<Fetch>,
    searcher: mpsc::Sender<ToSearcher>,
    library: mpsc::Sender<Lookup>,
    saver_thread: std::thread::JoinHandle<Stopped>,
}

impl Workers {
    fn start(project: Project, events: &mpsc::Sender<Event>) -> Workers {
        let root = project.root().to_path_buf();
        let (msg_tx, msg_rx) = mpsc::channel::<Msg>();
        // Worker answers are forwarded into the one event channel.
        let tx = events.clone();
        std::thread::spawn(move || {
            while let Ok(m) = msg_rx.recv() {
                if tx.send(Event::Msg(m)).is_err() {
                    break;
                }
            }
        });
        let (saver, save_rx) = mpsc::channel();
        let saver_thread = spawn_saver(project, save_rx, msg_tx.clone());
        let (fetcher, fetch_rx) = mpsc::channel();
        spawn_fetcher(fetch_rx, saver.clone(), msg_tx.clone());
        let (searcher, search_rx) = mpsc::channel();
        let (library, library_rx) = mpsc::channel();
        spawn_library(root.clone(), library_rx, msg_tx.clone());
        spawn_searcher(root, search_rx, msg_tx);
        Workers {
            saver,
            fetcher,
            searcher,
            library,
            saver_thread,
        }
    }

    /// Send each effect to its worker; true when one says to quit.
    fn forward(&self, fx: Vec<Effect>) -> bool {
        let mut quit = false;
        for e in fx {
            match e {
                Effect::Saver(cmd) => {
                    let _ = self.saver.send(cmd);
                }
                Effect::Searcher(cmd) => {
                    let _ = self.searcher.send(cmd);
                }
                Effect::Library(lookup) => {
                    let _ = self.library.send(lookup);
                }
                Effect::Fetch { id, args } => {
                    let _ = self.fetcher.send(Fetch { id, args });
                }
                Effect::Quit => quit = true,
            }
        }
        quit
    }

    /// The saver finishes every queued save, then drops the project (and its lock); what it
    /// says about text kept in recovery files and which `:add`s it stored. A fetch under way
    /// is not waited for: what it would hand over comes after the stop and is dropped.
    fn stop(self) -> Stopped {
        let _ = self.saver.send(ToSaver::Stop);
        self.saver_thread.join().unwrap_or_default()
    }
}

/// Drawing, with the optional timing trace.
struct Frames {
    term: Terminal<CrosstermBackend<io::Stdout>>,
    trace: Option<io::BufWriter<std::fs::File>>,
    t0: Instant,
    first: bool,
    /// When the oldest key not yet answered by a frame was read.
    last_key: Option<Instant>,
    /// Told when drawing fails: the terminal is gone.
    gone: mpsc::Sender<Event>,
}

impl Frames {
    fn draw(&mut self, state: &State) {
        let f0 = Instant::now();
        let _ = execute!(io::stdout(), BeginSynchronizedUpdate);
        let drawn = self.term.draw(|f| super::view::draw(f, state));
        let _ = execute!(io::stdout(), EndSynchronizedUpdate);
        if drawn.is_err() {
            // The terminal is gone (writes fail): save like on a hang-up, then leave.
            let _ = self.gone.send(Event::InputGone);
        }
        let now = Instant::now();
        if let Some(w) = self.trace.as_mut() {
            if self.first {
                let _ = writeln!(
                    w,
                    "first-frame-us {}",
                    now.duration_since(self.t0).as_micros()
                );
            }
            let key = self
                .last_key
                .take()
                .map_or(-1, |k| now.duration_since(k).as_micros() as i64);
            let _ = writeln!(
                w,
                "frame-us {} key-to-frame-us {key}",
                now.duration_since(f0).as_micros()
            );
        }
        self.first = false;
    }
}

/// Until quit: wait for events, apply all that are pending, forward the effects, draw once.
/// True when the loop ended on a signal or a lost terminal.
fn run_loop(
    state: &mut State,
    rx: &mpsc::Receiver<Event>,
    tty: Tty,
    workers: &Workers,
    frames: &mut Frames,
) -> bool {
    let mut dirty = true;
    let mut signalled = false;
    loop {
        if dirty {
            frames.draw(state);
            dirty = false;
        }
        let ev = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(ev) => Some(ev),
            // A hung-up terminal without SIGHUP (not our controlling terminal) is seen here
            // even if the input thread is stuck.
            Err(RecvTimeoutError::Timeout) if tty.hung_up() => Some(Event::InputGone),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return signalled,
        };
        // Drain everything pending, then draw once.
        let mut batch: Vec<Event> = ev.into_iter().collect();
        while let Ok(e) = rx.try_recv() {
            batch.push(e);
        }
        batch.push(Event::Msg(Msg::Tick));
        let mut fx = Vec::new();
        for e in batch {
            let m = match e {
                Event::Input(m, at) => {
                    frames.last_key = frames.last_key.or(Some(at));
                    m
                }
                Event::Msg(m) => m,
                Event::Signal | Event::InputGone => {
                    signalled = true;
                    Msg::Shutdown
                }
            };
            let tick = m == Msg::Tick;
            let before = fx.len();
            fx.extend(update(state, m, Instant::now()));
            if !tick || fx.len() > before {
                dirty = true;
            }
        }
        if workers.forward(fx) {
            return signalled;
        }
    }
}

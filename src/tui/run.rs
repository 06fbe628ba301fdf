//! The terminal side: raw mode, the input and signal threads, the draw loop, effects to workers.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
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
use super::state::{ArticleView, State};
use super::update::{update, Effect, Msg};
use super::workers::{spawn_saver, spawn_searcher, SaveCmd, SearchCmd};

#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Append per-frame render time and key-to-frame latency (microseconds) to this file.
    pub trace_timings: Option<PathBuf>,
    /// `--theme NAME`: overrides the config's theme.
    pub theme: Option<String>,
}

enum Event2 {
    Msg(Msg),
    /// A key or paste, with when the input thread read it: key-to-frame latency then also
    /// counts the time the key waited for the loop (behind a frame or a batch of updates).
    Input(Msg, Instant),
    Signal,
    InputGone,
}

/// Load a project into a fresh state (also used by tests and benchmarks).
pub fn load_state(project: &Project) -> Result<State> {
    let (metas, _) = project.articles()?;
    let mut articles = Vec::new();
    for m in metas {
        let a = project.article(&m.id)?;
        articles.push(ArticleView {
            meta: a.meta,
            layout: super::article::TextLayout::new(a.text),
        });
    }
    let claims = project.load_claims()?.claims;
    let mut s = State::new(
        project.manifest().name.clone(),
        project.scale().clone(),
        articles,
        claims,
    );
    // The built-in themes as this terminal shows them; `open` adds the user's config.
    let _ = config::apply(&mut s, Config::default(), None, ColorDepth::from_env());
    Ok(s)
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
    let (project, banner) = match Project::open(dir, Access::Write) {
        Ok(p) => (p, None),
        Err(e) => {
            let msg = crate::error::one_line(&e);
            if !(msg.contains("lock") || msg.contains("being edited")) {
                return Err(e);
            }
            (
                Project::open(dir, Access::ReadOnly)?,
                Some(format!("READ-ONLY: {msg}")),
            )
        }
    };
    let t0 = Instant::now();
    let mut state = load_state(&project)?;
    let cfg = config::load(config::config_dir().as_deref());
    let config_errors = config::apply(
        &mut state,
        cfg,
        opts.theme.as_deref(),
        ColorDepth::from_env(),
    );
    state.banner = banner;
    let root = project.root().to_path_buf();
    let mut trace = match &opts.trace_timings {
        Some(p) => Some(io::BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };

    let (tx, rx) = mpsc::channel::<Event2>();
    let (msg_tx, msg_rx) = mpsc::channel::<Msg>();
    // Worker answers are forwarded into the one event channel.
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            while let Ok(m) = msg_rx.recv() {
                if tx.send(Event2::Msg(m)).is_err() {
                    break;
                }
            }
        });
    }
    let (save_tx, save_rx) = mpsc::channel();
    let saver = spawn_saver(project, save_rx, msg_tx.clone());
    let (search_tx, search_rx) = mpsc::channel();
    let (library_tx, library_rx) = mpsc::channel();
    super::library::spawn_worker(root.clone(), library_rx, msg_tx.clone());
    spawn_searcher(root, search_rx, msg_tx);
    spawn_signals(tx.clone())?;

    let prev_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        prev_hook(info);
    }));
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = term.size()?;
    state.size = (size.width, size.height);
    let tx_self = tx.clone();
    let tty = Tty::open();
    spawn_input(tx, tty);

    let mut dirty = true;
    let mut last_key: Option<Instant> = None;
    let mut first = true;
    let mut signalled = false;
    loop {
        if dirty {
            let f0 = Instant::now();
            let _ = execute!(io::stdout(), BeginSynchronizedUpdate);
            let drawn = term.draw(|f| super::view::draw(f, &state));
            let _ = execute!(io::stdout(), EndSynchronizedUpdate);
            if drawn.is_err() {
                // The terminal is gone (writes fail): save like on a hang-up, then leave.
                let _ = tx_self.send(Event2::InputGone);
            }
            let now = Instant::now();
            if let Some(w) = trace.as_mut() {
                if first {
                    let _ = writeln!(w, "first-frame-us {}", now.duration_since(t0).as_micros());
                }
                let key = last_key
                    .take()
                    .map_or(-1, |k| now.duration_since(k).as_micros() as i64);
                let _ = writeln!(
                    w,
                    "frame-us {} key-to-frame-us {key}",
                    now.duration_since(f0).as_micros()
                );
            }
            first = false;
            dirty = false;
        }
        let ev = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(ev) => Some(ev),
            // A hung-up terminal without SIGHUP (not our controlling terminal) is seen here
            // even if the input thread is stuck.
            Err(RecvTimeoutError::Timeout) if tty.hung_up() => Some(Event2::InputGone),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        // Drain everything pending, then draw once.
        let mut batch: Vec<Event2> = ev.into_iter().collect();
        while let Ok(e) = rx.try_recv() {
            batch.push(e);
        }
        batch.push(Event2::Msg(Msg::Tick));
        let mut fx = Vec::new();
        for e in batch {
            let e = match e {
                Event2::Input(m, at) => {
                    last_key = last_key.or(Some(at));
                    Event2::Msg(m)
                }
                other => other,
            };
            match e {
                Event2::Input(m, _) | Event2::Msg(m) => {
                    let tick = m == Msg::Tick;
                    let before = fx.len();
                    fx.extend(update(&mut state, m, Instant::now()));
                    if !tick || fx.len() > before {
                        dirty = true;
                    }
                }
                Event2::Signal | Event2::InputGone => {
                    signalled = true;
                    super::update::flush(&mut state, &mut fx);
                    fx.push(Effect::Quit);
                }
            }
        }
        let mut quit = false;
        for e in fx {
            match e {
                Effect::Save(job) => {
                    let _ = save_tx.send(SaveCmd::Job(job));
                }
                Effect::History(id) => {
                    let _ = save_tx.send(SaveCmd::History(id));
                }
                Effect::Export { format, force } => {
                    let _ = save_tx.send(SaveCmd::Export { format, force });
                }
                Effect::Search { gen, query } => {
                    let _ = search_tx.send(SearchCmd::Search { gen, query });
                }
                Effect::Suggest { gen, claim } => {
                    let _ = search_tx.send(SearchCmd::Suggest { gen, claim });
                }
                Effect::OpenReader { source, range } => {
                    let _ = search_tx.send(SearchCmd::Open { source, range });
                }
                Effect::LibraryLookup { gen, claim } => {
                    let _ = library_tx.send(super::library::Lookup { gen, claim });
                }
                Effect::Quit => quit = true,
            }
        }
        if quit {
            break;
        }
    }
    // The saver finishes every queued save, then drops the project (and its lock).
    let _ = save_tx.send(SaveCmd::Stop);
    let _ = saver.join();
    restore_terminal();
    // The status bar showed the first config error, shortened; here is every one in full.
    for e in &config_errors {
        eprintln!("factdesk: config: {e} (the default was used)");
    }
    if signalled {
        // The input thread may be stuck on a dead terminal; leave without waiting for it.
        std::process::exit(0);
    }
    Ok(())
}

/// The terminal crossterm reads from (stdin if it is one, else /dev/tty), watched for a
/// hang-up: when the other side closes without sending SIGHUP, reads return end-of-file
/// forever and crossterm's blocking `read` would spin instead of failing.
#[derive(Clone, Copy)]
struct Tty {
    fd: i32,
}

impl Tty {
    fn open() -> Tty {
        // SAFETY: isatty and open are plain syscalls on a constant path.
        let fd = unsafe {
            if libc::isatty(0) == 1 {
                0
            } else {
                // Kept open for the life of the process; only polled.
                libc::open(c"/dev/tty".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC)
            }
        };
        Tty { fd }
    }

    /// Wait up to `ms` for input; true when the terminal has hung up.
    fn wait(self, ms: i32) -> bool {
        if self.fd < 0 {
            return false;
        }
        let mut p = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let r = unsafe { libc::poll(&mut p, 1, ms) };
        r > 0 && p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
    }

    fn hung_up(self) -> bool {
        self.wait(0)
    }
}

fn spawn_input(tx: Sender<Event2>, tty: Tty) {
    std::thread::spawn(move || loop {
        // Only call crossterm when it has something to read (or queued from an earlier
        // read), so a dead terminal is noticed here instead of spinning inside it.
        let ready = match event::poll(Duration::ZERO) {
            Ok(r) => r,
            Err(_) => {
                let _ = tx.send(Event2::InputGone);
                return;
            }
        };
        if !ready {
            if tty.wait(250) {
                let _ = tx.send(Event2::InputGone);
                return;
            }
            continue;
        }
        let ev = match event::read() {
            Ok(ev) => ev,
            Err(_) => {
                // The terminal is gone: stop reading instead of spinning.
                let _ = tx.send(Event2::InputGone);
                return;
            }
        };
        let at = Instant::now();
        let event = match ev {
            Event::Key(k) => Event2::Input(Msg::Key(k), at),
            Event::Paste(p) => Event2::Input(Msg::Paste(p), at),
            Event::Resize(w, h) => Event2::Msg(Msg::Resize(w, h)),
            _ => continue,
        };
        if tx.send(event).is_err() {
            return;
        }
    });
}

fn spawn_signals(tx: Sender<Event2>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Event2::Signal);
            // If the main loop is wedged, leave anyway within a second.
            std::thread::sleep(Duration::from_millis(900));
            std::process::exit(1);
        }
    });
    Ok(())
}

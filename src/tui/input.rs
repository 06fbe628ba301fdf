//! The terminal's input side, on threads of their own: the key reader and the signal
//! watcher. Both feed the loop's one channel with `Event`s.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::event::{self, Event as TermEvent};

use super::msg::Msg;

/// What the input side tells the loop.
pub enum Event {
    Msg(Msg),
    /// A key or paste, with when the input thread read it: key-to-frame latency then also
    /// counts the time the key waited for the loop (behind a frame or a batch of updates).
    Input(Msg, Instant),
    Signal,
    InputGone,
}

/// The terminal crossterm reads from (stdin if it is one, else /dev/tty), watched for a
/// hang-up: when the other side closes without sending SIGHUP, reads return end-of-file
/// forever and crossterm's blocking `read` would spin instead of failing.
#[derive(Clone, Copy)]
pub struct Tty {
    fd: i32,
}

impl Tty {
    pub fn open() -> Tty {
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

    pub fn hung_up(self) -> bool {
        self.wait(0)
    }
}

/// How long one crossterm poll waits before the reader watches the terminal itself.
/// crossterm's `/dev/tty` source (the `use-dev-tty` feature) polls level-triggered, so bytes
/// it has not read yet (a burst over its 1024-byte buffer) are seen again by the next poll;
/// its default mio source is edge-triggered and left them unread until the next key, while
/// our own poll saw them and spun. Its zero-timeout poll never reads, hence a short wait.
const CROSSTERM_WAIT: Duration = Duration::from_millis(20);

pub fn spawn_input(tx: Sender<Event>, tty: Tty) {
    std::thread::spawn(move || loop {
        // crossterm waits a little; then this thread waits on the terminal itself, so a dead
        // terminal (a hang-up without readable bytes) is noticed here instead of spinning
        // inside crossterm's poll.
        let ready = match event::poll(CROSSTERM_WAIT) {
            Ok(r) => r,
            Err(_) => {
                let _ = tx.send(Event::InputGone);
                return;
            }
        };
        if !ready {
            if tty.wait(250) {
                let _ = tx.send(Event::InputGone);
                return;
            }
            continue;
        }
        let ev = match event::read() {
            Ok(ev) => ev,
            Err(_) => {
                // The terminal is gone: stop reading instead of spinning.
                let _ = tx.send(Event::InputGone);
                return;
            }
        };
        let at = Instant::now();
        let event = match ev {
            TermEvent::Key(k) => Event::Input(Msg::Key(k), at),
            TermEvent::Paste(p) => Event::Input(Msg::Paste(p), at),
            TermEvent::Resize(w, h) => Event::Msg(Msg::Resize(w, h)),
            _ => continue,
        };
        if tx.send(event).is_err() {
            return;
        }
    });
}

/// Every signal whose default is to end the process and that can be caught: a hang-up, an
/// interrupt (Ctrl-C sent with `kill -INT` or by a terminal, raw mode keeps it from the
/// keyboard), quit, termination, the user signals, timers and limits, a broken pipe, power.
/// The faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE) and SIGKILL/SIGSTOP are not among them.
pub fn terminating_signals() -> Vec<i32> {
    use libc::*;
    #[allow(unused_mut)]
    let mut v = vec![
        SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
        SIGXFSZ, SIGPIPE,
    ];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    v.extend([SIGPWR, SIGSTKFLT, SIGIO]);
    v
}

/// On any terminating signal: tell the loop (it saves, releases the lock and leaves the
/// alternate screen), and leave anyway within a second if the loop is wedged, after
/// `on_wedged` (which gives the terminal back and releases the lock).
pub fn spawn_signals(tx: Sender<Event>, on_wedged: impl FnOnce() + Send + 'static) -> Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(terminating_signals())?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Event::Signal);
            std::thread::sleep(Duration::from_millis(850));
            on_wedged();
            std::process::exit(1);
        }
    });
    Ok(())
}

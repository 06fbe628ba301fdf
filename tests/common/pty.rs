//! A real pseudo-terminal for driving the `factdesk` TUI without tmux: every byte the
//! program writes to its terminal is kept (for escape-sequence checks), keys are written to
//! the master, and the master can be closed to simulate a dropped connection.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Pty {
    pub child: Child,
    writer: Option<File>,
    out: Arc<Mutex<Vec<u8>>>,
    close: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    reaped: bool,
    /// The exit code once reaped (None while running, or when ended by a signal).
    pub exit_code: Option<i32>,
    _home: tempfile::TempDir,
}

/// How the child sees the terminal.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ctty {
    /// The PTY is the child's controlling terminal: closing the master sends it SIGHUP.
    Controlling,
    /// The child only has the PTY as stdin/stdout/stderr: a closed master shows up as read
    /// and write errors, with no signal (as after `nohup` or in some SSH setups).
    NotControlling,
}

fn openpty(w: u16, h: u16) -> (OwnedFd, OwnedFd) {
    // Both ends close-on-exec from the start: tests run in parallel, and a master leaked
    // into another test's child would keep that terminal open after we close it.
    let flags = libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC;
    // SAFETY: plain syscalls; every descriptor is checked before it is wrapped.
    unsafe {
        let m = libc::posix_openpt(flags);
        assert!(m >= 0, "posix_openpt: {}", std::io::Error::last_os_error());
        let master = OwnedFd::from_raw_fd(m);
        assert_eq!(libc::grantpt(m), 0);
        assert_eq!(libc::unlockpt(m), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(m, name.as_mut_ptr(), name.len()), 0);
        let s = libc::open(name.as_ptr(), flags);
        assert!(s >= 0, "open slave: {}", std::io::Error::last_os_error());
        let slave = OwnedFd::from_raw_fd(s);
        let ws = libc::winsize {
            ws_row: h,
            ws_col: w,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        assert_eq!(libc::ioctl(s, libc::TIOCSWINSZ, &ws), 0);
        (master, slave)
    }
}

impl Pty {
    /// Start `bin args` on a fresh `w`x`h` PTY with a private HOME and config directories.
    pub fn spawn(bin: &Path, args: &[&str], w: u16, h: u16, ctty: Ctty) -> Pty {
        Pty::spawn_env(bin, args, w, h, ctty, &[])
    }

    /// `spawn` with more environment variables.
    pub fn spawn_env(
        bin: &Path,
        args: &[&str],
        w: u16,
        h: u16,
        ctty: Ctty,
        env: &[(&str, &Path)],
    ) -> Pty {
        let home = tempfile::tempdir().unwrap();
        let (master, slave) = openpty(w, h);
        let mut cmd = Command::new(bin);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("TERM", "xterm-256color")
            .env("FACTDESK_USER", "tester")
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        let controlling = ctty == Ctty::Controlling;
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if controlling && libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn on the PTY");
        // The parent's copies of the slave went with `cmd`: once the child is gone, reads
        // on the master fail and the reader ends.
        drop(cmd);
        let writer = File::from(master.try_clone().unwrap());
        let out = Arc::new(Mutex::new(Vec::new()));
        let close = Arc::new(AtomicBool::new(false));
        let reader = {
            let (out, close) = (out.clone(), close.clone());
            std::thread::spawn(move || read_all(master, &out, &close))
        };
        Pty {
            child,
            writer: Some(writer),
            out,
            close,
            reader: Some(reader),
            reaped: false,
            exit_code: None,
            _home: home,
        }
    }

    /// The workstation (`factdesk open DIR`) on a fresh `w`x`h` PTY.
    pub fn workstation(dir: &Path, w: u16, h: u16, ctty: Ctty) -> Pty {
        Pty::spawn(&super::bin(), &["open", dir.to_str().unwrap()], w, h, ctty)
    }

    /// The workstation with more environment variables (a shared data directory, ...).
    pub fn workstation_env(dir: &Path, w: u16, h: u16, ctty: Ctty, env: &[(&str, &Path)]) -> Pty {
        let args = ["open", dir.to_str().unwrap()];
        Pty::spawn_env(&super::bin(), &args, w, h, ctty, env)
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Every byte written to the terminal so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.out.lock().unwrap().clone()
    }

    pub fn len(&self) -> usize {
        self.out.lock().unwrap().len()
    }

    /// Write raw input (keys) to the terminal.
    pub fn send(&mut self, s: &str) {
        if let Some(w) = self.writer.as_mut() {
            let _ = w.write_all(s.as_bytes());
            let _ = w.flush();
        }
        std::thread::sleep(Duration::from_millis(40));
    }

    /// Write `bytes` in one `write_all` on a thread of its own (a burst larger than the
    /// terminal's buffer blocks until the program reads it, and a program that stops reading
    /// must fail the test, not hang it).
    pub fn send_burst(&self, bytes: Vec<u8>) -> JoinHandle<()> {
        let mut w = self
            .writer
            .as_ref()
            .expect("terminal open")
            .try_clone()
            .unwrap();
        std::thread::spawn(move || {
            let _ = w.write_all(&bytes);
            let _ = w.flush();
        })
    }

    /// Wait until `what` appears in the output written after byte `from`.
    pub fn wait_for_after(&self, from: usize, what: &str, secs: u64) -> bool {
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(secs) {
            let b = self.bytes();
            if b.len() > from && contains(&b[from..], what.as_bytes()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn wait_for(&self, what: &str, secs: u64) -> bool {
        self.wait_for_after(0, what, secs)
    }

    /// Wait until the output has been quiet for `quiet` (the screen is drawn).
    pub fn settle(&self, quiet: Duration) {
        let t0 = Instant::now();
        let mut last = self.len();
        let mut since = Instant::now();
        while t0.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(20));
            let n = self.len();
            if n != last {
                last = n;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }

    /// Close the master side: the terminal is gone.
    pub fn close_master(&mut self) {
        self.writer = None;
        self.close.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }

    /// Wait up to `limit` for the child to exit and reap it; the CPU time (user + system)
    /// it used over its whole life, or None if it still runs.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<Duration> {
        let t0 = Instant::now();
        loop {
            let mut status = 0;
            // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
            let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: out-pointers to live locals.
            let r = unsafe { libc::wait4(self.pid(), &mut status, libc::WNOHANG, &mut ru) };
            if r == self.pid() {
                self.reaped = true;
                if libc::WIFEXITED(status) {
                    self.exit_code = Some(libc::WEXITSTATUS(status));
                }
                let tv = |t: libc::timeval| {
                    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
                };
                return Some(tv(ru.ru_utime) + tv(ru.ru_stime));
            }
            if t0.elapsed() >= limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if !self.reaped {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.close_master();
    }
}

fn read_all(master: OwnedFd, out: &Mutex<Vec<u8>>, close: &AtomicBool) {
    let fd = master.as_raw_fd();
    let mut f = File::from(master);
    let mut buf = [0u8; 8192];
    while !close.load(Ordering::SeqCst) {
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let r = unsafe { libc::poll(&mut p, 1, 50) };
        if r <= 0 {
            continue;
        }
        match f.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => out.lock().unwrap().extend_from_slice(&buf[..n]),
        }
    }
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// CPU time (user + system, in clock ticks) a process has used, from /proc.
pub fn cpu_ticks(pid: i32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may contain spaces) start at state (field 3).
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// Clock ticks per second for `cpu_ticks`.
pub fn ticks_per_sec() -> u64 {
    // SAFETY: plain sysconf query.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 {
        t as u64
    } else {
        100
    }
}

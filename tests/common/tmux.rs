//! A real terminal for the workstation tests: a tmux server of its own, keys sent with
//! `send-keys`, the screen read with `capture-pane`. Skips when tmux is missing, unless CI is
//! set.
#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
    home: tempfile::TempDir,
}

impl Tmux {
    pub fn start(name: &str, cmd: &[&str], w: u16, h: u16) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            if std::env::var_os("CI").is_some() {
                panic!("tmux is required on CI");
            }
            eprintln!("SKIP: tmux is not installed");
            return None;
        }
        let home = tempfile::tempdir().unwrap();
        let socket = format!("fd-{name}-{}", std::process::id());
        let t = Tmux { socket, home };
        let hp = t.home.path().display().to_string();
        let mut args: Vec<String> = vec![
            "new-session".into(),
            "-d".into(),
            "-x".into(),
            w.to_string(),
            "-y".into(),
            h.to_string(),
            "env".into(),
            format!("HOME={hp}"),
            format!("XDG_CONFIG_HOME={hp}/config"),
            format!("XDG_DATA_HOME={hp}/data"),
            "TERM=xterm-256color".into(),
        ];
        args.extend(cmd.iter().map(|s| s.to_string()));
        t.tmux(&args.iter().map(String::as_str).collect::<Vec<_>>());
        Some(t)
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "0", k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub fn text(&self, s: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", s]);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    pub fn wait_for(&self, what: &str) -> String {
        let t0 = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return self.settled(s, what);
            }
            if t0.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A capture can fall between a frame's first and last bytes (a CI run saw a paragraph
    /// cut mid-line under its title): capture again until two agree, keeping the last one
    /// that still shows `what`.
    fn settled(&self, mut s: String, what: &str) -> String {
        for _ in 0..5 {
            std::thread::sleep(Duration::from_millis(40));
            let next = self.screen();
            if next == s || !next.contains(what) {
                return s;
            }
            s = next;
        }
        s
    }

    pub fn pane_pid(&self) -> Option<i32> {
        self.tmux(&["list-panes", "-t", "0", "-F", "#{pane_pid}"])
            .trim()
            .parse()
            .ok()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

//! Input bursts: a paste without bracketed paste, or keys queued over a slow link, arrive as
//! one large read. Every byte must reach the editor, and the reader must not spin a core
//! afterwards (crossterm's edge-triggered source used to stop after 1024 bytes and leave the
//! rest unread, while our own level-triggered poll saw them and looped).

mod common;
use common::pty::{cpu_ticks, ticks_per_sec, Ctty, Pty};
use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

use factdesk::project::claim::Status;
use factdesk::project::{Access, Project};

fn explanation(dir: &Path) -> String {
    Project::open(dir, Access::ReadOnly)
        .and_then(|p| p.claim(1))
        .map(|c| c.verdict.explanation)
        .unwrap_or_default()
}

/// `n` bytes of words, each unique, so a lost or repeated chunk shows.
fn burst_text(n: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < n {
        s.push_str(&format!("w{i:05} "));
        i += 1;
    }
    s.truncate(n);
    s.push_str("ENDE");
    s
}

fn cpu_ms(pid: i32) -> u64 {
    cpu_ticks(pid).expect("factdesk runs") * 1000 / ticks_per_sec()
}

#[test]
fn a_64_kb_burst_arrives_whole_without_spinning() {
    let (_tmp, dir) = demo_project();
    let mut t = Pty::workstation(&dir, 100, 30, Ctty::Controlling);
    assert!(t.wait_for("? help", 20), "the workstation did not start");
    t.settle(Duration::from_millis(150));
    t.send("e");
    assert!(t.wait_for("editing", 10), "no editor");
    let before = explanation(&dir);
    for round in 0..2 {
        let text = burst_text(64 * 1024);
        let writer = t.send_burst(text.clone().into_bytes());
        let want = format!("{before}{}", text.repeat(round + 1));
        let t0 = Instant::now();
        while explanation(&dir) != want {
            let got = explanation(&dir);
            assert!(
                t0.elapsed() < Duration::from_secs(90),
                "round {round}: {} of {} characters arrived; the end: {:?}",
                got.chars().count(),
                want.chars().count(),
                got.chars().rev().take(40).collect::<String>()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        writer.join().unwrap();
        eprintln!(
            "round {round}: 64 KiB typed and saved in {:?}",
            t0.elapsed()
        );
        // Idle now: the reader must wait, not loop. The redraw and bookkeeping that follow a
        // save of 64 KiB are let finish first; a spinning reader takes a whole core (about
        // 2000 ms in 2000 ms), while the measured idle costs 0-20 ms on a quiet machine and
        // up to ~180 ms on a loaded one, so the bound is a quarter of the time.
        let pid = t.pid();
        std::thread::sleep(Duration::from_millis(500));
        let (c0, w0) = (cpu_ms(pid), Instant::now());
        std::thread::sleep(Duration::from_millis(2000));
        let (spent, wall) = (cpu_ms(pid) - c0, w0.elapsed().as_millis() as u64);
        eprintln!("round {round}: {spent} ms CPU in {wall} ms idle after the burst");
        assert!(
            spent < wall / 4,
            "round {round}: {spent} ms of CPU in {wall} ms of idle time (spinning)"
        );
    }
    t.send("\x1b");
    t.send("q");
    assert!(
        t.wait_exit(Duration::from_secs(5)).is_some(),
        "did not quit"
    );
}

fn status(dir: &Path) -> Option<Status> {
    Project::open(dir, Access::ReadOnly)
        .and_then(|p| p.claim(1))
        .map(|c| c.verdict.status)
        .ok()
}

#[test]
fn esc_and_keys_sent_in_one_write_leave_the_editor_and_run() {
    // Over SSH `Esc s s` typed quickly arrives in one read, which looks like Alt-s, s.
    let (_tmp, dir) = demo_project();
    let mut t = Pty::workstation(&dir, 100, 30, Ctty::Controlling);
    assert!(t.wait_for("? help", 20), "the workstation did not start");
    t.settle(Duration::from_millis(150));
    let before = status(&dir);
    t.send("e");
    assert!(t.wait_for("editing", 10), "no editor");
    t.send("Belegt.");
    t.send_burst(b"\x1bss".to_vec()).join().unwrap();
    let t0 = Instant::now();
    while status(&dir) == before || explanation(&dir).is_empty() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "status still {before:?}, explanation {:?}",
            explanation(&dir)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    t.settle(Duration::from_millis(300));
    assert!(
        explanation(&dir).ends_with("Belegt."),
        "{:?}",
        explanation(&dir)
    );
    // `s` stops at done.
    let at = |s: Option<Status>| Status::ALL.iter().position(|o| Some(*o) == s);
    assert_eq!(
        at(status(&dir)),
        at(before).map(|i| (i + 2).min(Status::ALL.len() - 1)),
        "two `s` from {before:?}"
    );
    t.send("q");
    assert!(
        t.wait_exit(Duration::from_secs(5)).is_some(),
        "did not quit"
    );
}

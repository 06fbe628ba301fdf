//! The workstation under a real pseudo-terminal loses its connection in every way a user's
//! SSH session can: SIGTERM, SIGHUP, and a closed terminal (with and without the hang-up
//! signal). Each time an explanation typed a moment before (not yet autosaved) must be on
//! disk, the process gone within a second, and it must not have burnt CPU on the way out.

mod common;
use common::pty::{cpu_ticks, ticks_per_sec, Ctty, Pty};
use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// How the terminal goes away.
#[derive(Clone, Copy, Debug)]
enum Loss {
    Signal(i32),
    CloseMaster,
}

fn on_disk(dir: &Path, text: &str) -> bool {
    std::fs::read_dir(dir.join("claims")).unwrap().any(|e| {
        std::fs::read_to_string(e.unwrap().path())
            .unwrap_or_default()
            .contains(text)
    })
}

fn lose_terminal_mid_edit(loss: Loss, ctty: Ctty, typed: &str) {
    let (_tmp, dir) = demo_project();
    let mut t = Pty::workstation(&dir, 80, 24, ctty);
    assert!(t.wait_for("? help", 20), "the workstation did not start");
    t.settle(Duration::from_millis(150));
    let mark = t.len();
    t.send("e");
    assert!(t.wait_for_after(mark, "editing", 10), "no editor");
    let mark = t.len();
    t.send(typed);
    // Unchanged cells are skipped with cursor moves, so words arrive one by one.
    let last_word = typed.rsplit(' ').next().unwrap();
    assert!(
        t.wait_for_after(mark, last_word, 10),
        "the typed text is not shown"
    );
    let unsaved = !on_disk(&dir, typed);
    let pid = t.pid();
    let before = cpu_ticks(pid).expect("factdesk runs");
    let t0 = Instant::now();
    match loss {
        // SAFETY: plain syscall on our own child.
        Loss::Signal(sig) => unsafe {
            libc::kill(pid, sig);
        },
        Loss::CloseMaster => t.close_master(),
    }
    let cpu = t.wait_exit(Duration::from_secs(3));
    let took = t0.elapsed();
    let cpu = cpu.unwrap_or_else(|| {
        let now = cpu_ticks(pid).unwrap_or(0);
        panic!(
            "{loss:?}: factdesk still runs after {took:?}; CPU meanwhile {} ticks of {}/s",
            now.saturating_sub(before),
            ticks_per_sec()
        )
    });
    assert!(
        took < Duration::from_secs(1),
        "{loss:?}: exit took {took:?}"
    );
    let before = Duration::from_millis(before * 1000 / ticks_per_sec());
    let spent = cpu.saturating_sub(before);
    // A tick is 10 ms: the save and the exit need a few; a spinning loop would need ~1 per 10 ms.
    assert!(
        spent < Duration::from_millis(300),
        "{loss:?}: {spent:?} of CPU between the loss and the exit"
    );
    assert!(
        on_disk(&dir, typed),
        "{loss:?}: the typed edit is not on disk"
    );
    assert!(!dir.join("factdesk.lock").exists(), "{loss:?}: lock left");
    eprintln!(
        "{loss:?} ({}): gone after {took:?}, {spent:?} CPU, edit was unsaved at the loss: {unsaved}",
        if ctty == Ctty::Controlling {
            "controlling terminal"
        } else {
            "not the controlling terminal"
        }
    );
}

#[test]
fn sigterm_mid_edit_saves_and_exits_within_a_second() {
    lose_terminal_mid_edit(
        Loss::Signal(libc::SIGTERM),
        Ctty::Controlling,
        "Beendet mitten im Satz",
    );
}

#[test]
fn sighup_mid_edit_saves_and_exits_within_a_second() {
    lose_terminal_mid_edit(
        Loss::Signal(libc::SIGHUP),
        Ctty::Controlling,
        "Aufgelegt mitten im Satz",
    );
}

#[test]
fn closed_terminal_mid_edit_saves_and_exits_within_a_second() {
    // The kernel hangs up the session of a closed controlling terminal.
    lose_terminal_mid_edit(
        Loss::CloseMaster,
        Ctty::Controlling,
        "Verbindung weg im Satz",
    );
}

#[test]
fn closed_terminal_without_hangup_signal_saves_and_exits() {
    // No SIGHUP arrives: only reads and writes on the terminal start failing.
    lose_terminal_mid_edit(
        Loss::CloseMaster,
        Ctty::NotControlling,
        "Stumm getrennt im Satz",
    );
}

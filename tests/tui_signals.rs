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
    let at_loss = t.len();
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
    if let Loss::Signal(_) = loss {
        // The terminal was given back: the alternate screen left. (The bytes were written
        // before the exit; the test's reader may still be catching up.)
        assert!(
            t.wait_for_after(at_loss, "\x1b[?1049l", 2),
            "{loss:?}: the alternate screen was not left"
        );
    }
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

#[test]
fn sigint_mid_edit_saves_and_exits_within_a_second() {
    // Raw mode keeps Ctrl-C from the keyboard; `kill -INT` and some terminals still send it.
    lose_terminal_mid_edit(
        Loss::Signal(libc::SIGINT),
        Ctty::Controlling,
        "Unterbrochen mitten im Satz",
    );
}

#[test]
fn every_other_terminating_signal_saves_and_exits_too() {
    let mut class = vec![
        libc::SIGQUIT,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGALRM,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGPIPE,
    ];
    #[cfg(target_os = "linux")]
    class.extend([libc::SIGPWR, libc::SIGIO, libc::SIGSTKFLT]);
    for sig in class {
        lose_terminal_mid_edit(
            Loss::Signal(sig),
            Ctty::Controlling,
            &format!("Signal {sig} im Satz"),
        );
    }
}

/// How the workstation ends while its saves fail.
#[derive(Clone, Copy, Debug)]
enum Exit {
    /// `q` twice: the first says where the text is kept.
    Quit,
    Signal(i32),
    CloseMaster,
}

fn recovered(data: &Path) -> Vec<String> {
    std::fs::read_dir(data.join("recovery"))
        .map(|rd| {
            rd.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The workstation on a 100x30 PTY with its desk data (and recovery files) in `data`.
fn workstation_with_data(dir: &Path, data: &Path) -> Pty {
    Pty::workstation_env(
        dir,
        100,
        30,
        Ctty::Controlling,
        &[("FACTDESK_DATA_DIR", data)],
    )
}

/// Type into the explanation, break the claim file by hand so the saves fail, then leave.
fn exit_while_saves_fail(
    exit: Exit,
    typed: &str,
) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (tmp, dir) = demo_project();
    let data = tmp.path().join("data");
    let mut t = workstation_with_data(&dir, &data);
    assert!(t.wait_for("? help", 20), "the workstation did not start");
    t.settle(Duration::from_millis(150));
    t.send("e");
    assert!(t.wait_for("editing", 10), "no editor");
    // The current claim is the first of the demo: break its file (a git conflict left in it).
    let file = dir.join("claims/0001.toml");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("<<<<<<< HEAD\n{good}=======\n>>>>>>> theirs\n"),
    )
    .unwrap();
    let mark = t.len();
    t.send(typed);
    assert!(
        t.wait_for_after(mark, "not saved", 10),
        "{exit:?}: the failure is not shown"
    );
    match exit {
        Exit::Quit => {
            t.send("\x1b");
            let mark = t.len();
            t.send("q");
            assert!(
                t.wait_for_after(mark, "q again quits", 10),
                "{exit:?}: no warning"
            );
            t.send("q");
        }
        // SAFETY: plain syscall on our own child.
        Exit::Signal(sig) => unsafe {
            libc::kill(t.pid(), sig);
        },
        Exit::CloseMaster => t.close_master(),
    }
    assert!(
        t.wait_exit(Duration::from_secs(3)).is_some(),
        "{exit:?}: still running"
    );
    if let Exit::Quit = exit {
        // Quitting with text that is only in a recovery file is not a clean exit.
        assert_eq!(t.exit_code, Some(1), "{exit:?}");
    }
    let kept = recovered(&data);
    assert_eq!(kept.len(), 1, "{exit:?}: {kept:?}");
    assert!(kept[0].contains(typed), "{exit:?}: {}", kept[0]);
    if !matches!(exit, Exit::CloseMaster) {
        assert!(
            t.wait_for("offered back at the next start", 2),
            "{exit:?}: not said where"
        );
    }
    assert!(!dir.join("factdesk.lock").exists(), "{exit:?}: lock left");
    std::fs::write(&file, good).unwrap();
    (tmp, dir, data)
}

#[test]
fn typed_text_survives_every_exit_while_saves_fail_and_comes_back() {
    for (exit, typed) in [
        (Exit::Signal(libc::SIGTERM), "Beendet ohne Speichern"),
        (Exit::Signal(libc::SIGINT), "Unterbrochen ohne Speichern"),
        (Exit::CloseMaster, "Getrennt ohne Speichern"),
    ] {
        exit_while_saves_fail(exit, typed);
    }
    // q, then the next start offers the text back; Enter saves it into the (repaired) claim.
    let (_tmp, dir, data) = exit_while_saves_fail(Exit::Quit, "Beim Beenden gerettet");
    let mut t = workstation_with_data(&dir, &data);
    assert!(t.wait_for("Recovered text", 20), "not offered back");
    // The text wraps in the overlay: its first words are enough.
    assert!(
        t.wait_for("Beim Beenden", 5),
        "{}",
        String::from_utf8_lossy(&t.bytes())
    );
    t.send("\r");
    let t0 = Instant::now();
    while !on_disk(&dir, "Beim Beenden gerettet") {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the recovered text was not saved"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    t.send("\x1b");
    t.send("q");
    assert!(t.wait_exit(Duration::from_secs(3)).is_some());
    assert!(
        recovered(&data).is_empty(),
        "the recovery file is gone once saved"
    );
}

//! A workstation opened while another factdesk holds the project is read-only, says who
//! holds it, and becomes the writer by itself once the other one is done (no restart).
//! Both are real workstations in tmux.

mod common;
#[path = "common/tmux.rs"]
mod tmux;

use common::*;
use std::path::Path;
use std::time::{Duration, Instant};
use tmux::Tmux;

fn on_disk_within(dir: &Path, text: &str, secs: u64) -> bool {
    let t0 = Instant::now();
    loop {
        let found = std::fs::read_dir(dir.join("claims")).unwrap().any(|e| {
            std::fs::read_to_string(e.unwrap().path())
                .unwrap_or_default()
                .contains(text)
        });
        if found || t0.elapsed() >= Duration::from_secs(secs) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn gone_within(pid: i32, secs: u64) -> bool {
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(secs) {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.is_empty() || stat.contains(") Z ") {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn a_read_only_workstation_becomes_the_writer_when_the_holder_is_done() {
    let (_tmp, dir) = demo_project();
    let bin = bin().display().to_string();
    let p = dir.display().to_string();
    // The holder: a workstation of its own, a real process with the lock.
    let Some(holder) = Tmux::start("holder", &[&bin, "open", &p], 120, 35) else {
        return;
    };
    holder.wait_for("? help");
    let holder_pid = holder.pane_pid().expect("holder pid");
    let t = Tmux::start("reader", &[&bin, "open", &p], 120, 35).unwrap();
    let screen = t.wait_for("READ-ONLY");
    // The whole banner is on the two lines above the status line: who, and what happens.
    assert!(screen.contains("is editing this project"), "{screen}");
    assert!(
        screen.contains(&format!("pid {holder_pid}")),
        "holder {holder_pid}: {screen}"
    );
    assert!(screen.contains("by itself once they are done"), "{screen}");
    assert!(!screen.contains("open it read-only"), "{screen}");
    // An edit is refused while the holder runs, and says so.
    t.keys(&["e"]);
    t.wait_for("still read-only");
    // The holder quits: the read-only one takes the lock by itself.
    holder.keys(&["q"]);
    assert!(gone_within(holder_pid, 5), "the holder did not quit");
    t.wait_for("can edit the project now");
    let pid = t.pane_pid().expect("pid");
    let lock = std::fs::read_to_string(dir.join("factdesk.lock")).unwrap();
    assert!(lock.contains(&format!("pid = {pid}")), "{lock}");
    assert!(!t.screen().contains("READ-ONLY"), "{}", t.screen());
    // And it edits.
    t.keys(&["e"]);
    t.wait_for("editing");
    t.text(" Nach dem Warten");
    t.keys(&["Escape"]);
    assert!(
        on_disk_within(&dir, "Nach dem Warten", 10),
        "the edit was not saved"
    );
    t.keys(&["q"]);
    assert!(gone_within(pid, 5), "did not quit");
    assert!(!dir.join("factdesk.lock").exists(), "lock left");
}

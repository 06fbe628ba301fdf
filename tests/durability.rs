//! Saving never loses data: kill -9 while saving, and the one-writer lock.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Not a test on its own: when `FACTDESK_SAVER_DIR` is set, this is the child process that
/// saves claim 2 in a loop until it is killed.
#[test]
fn saver_child() {
    let Ok(dir) = std::env::var("FACTDESK_SAVER_DIR") else {
        return;
    };
    use factdesk::project::{changelog::Change, Access, Project};
    let mut project = Project::open(std::path::Path::new(&dir), Access::Write).unwrap();
    for n in 0u64.. {
        let mut c = project.claim(2).unwrap();
        c.verdict.explanation =
            format!("Schritt {n}: {}", "x".repeat(3000 + (n % 7) as usize * 500));
        let change = Change::new("verdict.explanation")
            .claim(2)
            .to_value(format!("Schritt {n}"));
        project.save_claim(&mut c, vec![change]).unwrap();
        // Tell the parent how far we got: it checks that no completed save is lost.
        println!("{n}");
    }
}

#[test]
fn kill_9_while_saving_never_leaves_an_unreadable_claim_file() {
    let (_tmp, dir) = demo_project();
    let iterations = 100;
    let mut stale_locks = 0;
    let mut finished_saves = 0;
    for i in 0..iterations {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "saver_child", "--nocapture", "--test-threads=1"])
            .env("FACTDESK_SAVER_DIR", &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(15 + (i * 37 % 90) as u64));
        child.kill().unwrap(); // SIGKILL
        let out = child.wait_with_output().unwrap();
        let confirmed: Option<u64> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .rev()
            .find_map(|l| l.trim().parse().ok());
        if dir.join("factdesk.lock").exists() {
            stale_locks += 1;
        }
        // Every claim file parses (claims prints no warning, only that it finished a save
        // killed half-way); the last confirmed save is on disk (at most the one in flight is
        // missing) and is the change log's last entry; the change log reads; the project
        // opens for writing again (the dead process's lock is taken over).
        let r = fd(&dir, &["claims", "--json"]);
        let finished = r
            .stderr
            .lines()
            .filter(|l| l.starts_with("factdesk: an edit interrupted by a crash has been finished"))
            .count();
        finished_saves += finished;
        assert!(
            r.stderr.lines().count() == finished,
            "iteration {i}: {}",
            r.stderr
        );
        let claims: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        let c2 = claims
            .iter()
            .find(|c| c["id"] == 2)
            .expect("claim 2 present");
        if let Some(n) = confirmed {
            let on_disk: u64 = c2["explanation"]
                .as_str()
                .unwrap()
                .strip_prefix("Schritt ")
                .and_then(|s| s.split(':').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| {
                    panic!(
                        "iteration {i}: explanation is not one of ours: {}",
                        c2["explanation"]
                    )
                });
            assert!(
                on_disk >= n,
                "iteration {i}: save {n} was confirmed but disk has {on_disk}"
            );
            let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap();
            let logged = log
                .lines()
                .rev()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .find(|v| v["claim"] == 2 && v["action"] == "verdict.explanation")
                .map(|v| v["to"].as_str().unwrap_or("").to_string());
            assert_eq!(
                logged,
                Some(format!("Schritt {on_disk}")),
                "iteration {i}: the change log's last save is not the one on disk"
            );
        }
        let h = fd(&dir, &["history"]);
        assert_eq!(h.code, 0, "iteration {i}: {}", h.stderr);
        assert!(
            h.stderr.is_empty(),
            "iteration {i}: only a torn last line may be skipped: {}",
            h.stderr
        );
        ok(fd(
            &dir,
            &["verdict", "set", "2", "--status", "in progress"],
        ));
    }
    eprintln!("{iterations} kills while saving: every claim file readable, no confirmed save lost, log and file agree; {finished_saves} saves killed half-way finished; {stale_locks} stale locks taken over");
}

/// The lock of a live process (a `sleep`) written by hand, as `program` would hold it.
fn live_lock(dir: &std::path::Path, program: &str) -> (std::process::Child, String) {
    let holder = Command::new("sleep").arg("30").spawn().unwrap();
    let program = if program.is_empty() {
        String::new()
    } else {
        format!("program = \"{program}\"\n")
    };
    let lock = format!(
        "user = \"anna\"\nhost = \"{}\"\npid = {}\npid_start = 0\nstarted = \"2026-11-27T10:00:00Z\"\n{program}",
        factdesk::project::lock::hostname(),
        holder.id()
    );
    std::fs::write(dir.join("factdesk.lock"), &lock).unwrap();
    (holder, lock)
}

#[test]
fn second_writer_is_refused_with_the_holder_named_and_can_read() {
    let (_tmp, dir) = demo_project();
    // Hold the lock with a real second process: a shell that keeps its lock file alive is
    // not possible, so write the lock of a live process (a workstation's) by hand.
    let (holder, lock) = live_lock(&dir, "workstation");
    let start = Instant::now();
    let r = fd(&dir, &["verdict", "set", "1", "--rating", "Richtig"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("the workstation of anna")
            && r.stderr.contains(&format!("pid {}", holder.id())),
        "{}",
        r.stderr
    );
    // A workstation holds the lock for hours: nobody waits for it.
    assert!(!r.stderr.contains("waiting"), "{}", r.stderr);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    // Reading works meanwhile.
    assert!(!claims_json(&dir).is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.join("factdesk.lock")).unwrap(),
        lock,
        "the holder's lock is untouched"
    );
    // When the holder dies, its lock is stale and taken over.
    let mut holder = holder;
    holder.kill().unwrap();
    holder.wait().unwrap();
    let start = Instant::now();
    ok(fd(&dir, &["verdict", "set", "1", "--rating", "Richtig"]));
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(
        !dir.join("factdesk.lock").exists(),
        "released after the command"
    );
}

#[test]
fn lock_from_another_host_is_reported_not_taken() {
    let (_tmp, dir) = demo_project();
    let lock = "user = \"ben\"\nhost = \"laptop-of-ben\"\npid = 4242\nstarted = \"2026-11-27T10:00:00Z\"\n";
    std::fs::write(dir.join("factdesk.lock"), lock).unwrap();
    let r = fd(&dir, &["claim", "drop", "1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("ben on laptop-of-ben"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("factdesk.lock")).unwrap(),
        lock
    );
}

#[test]
fn a_command_waits_for_another_command_holding_the_lock_and_says_so() {
    let (_tmp, dir) = demo_project();
    let (mut holder, _) = live_lock(&dir, "");
    // The holding "command" ends after a second: its lock is then stale and taken over.
    let ender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1200));
        holder.kill().unwrap();
        holder.wait().unwrap();
    });
    let r = fd(
        &dir,
        &["verdict", "set", "1", "--explanation", "nach dem Warten"],
    );
    ender.join().unwrap();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("waiting for anna on") && r.stderr.contains("to finish"),
        "{}",
        r.stderr
    );
    let c = claims_json(&dir);
    assert_eq!(c[0]["explanation"], "nach dem Warten");
    // FACTDESK_LOCK_WAIT bounds the wait (0: refuse at once).
    let (mut holder, lock) = live_lock(&dir, "");
    let r = fd_env(
        &dir,
        &[("FACTDESK_LOCK_WAIT", "0".as_ref())],
        &["verdict", "set", "1", "--explanation", "sofort"],
    );
    assert!(
        r.code == 1 && r.stderr.contains("being edited by anna"),
        "{}",
        r.stderr
    );
    let start = Instant::now();
    let r = fd_env(
        &dir,
        &[("FACTDESK_LOCK_WAIT", "1.5".as_ref())],
        &["verdict", "set", "1", "--explanation", "zu lange"],
    );
    assert!(
        r.code == 1 && r.stderr.contains("being edited by anna"),
        "{}",
        r.stderr
    );
    assert!(start.elapsed() >= Duration::from_millis(1500));
    assert_eq!(
        std::fs::read_to_string(dir.join("factdesk.lock")).unwrap(),
        lock
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(claims_json(&dir)[0]["explanation"], "nach dem Warten");
}

/// A search that must rebuild the index (a fresh clone has none) becomes a writer for that
/// moment: it queues behind a running command like every other writer.
#[test]
fn a_search_that_must_rebuild_the_index_waits_for_a_running_command() {
    let (_tmp, dir) = demo_project();
    std::fs::remove_dir_all(dir.join("index")).unwrap();
    let (mut holder, _) = live_lock(&dir, "");
    let ender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1200));
        holder.kill().unwrap();
        holder.wait().unwrap();
    });
    let r = fd(&dir, &["search", "Peskow"]);
    ender.join().unwrap();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("waiting for anna on"), "{}", r.stderr);
    assert!(r.stderr.contains("rebuilt from sources/"), "{}", r.stderr);
    assert!(r.stdout.contains("Peskow"), "{}", r.stdout);
    assert!(
        !dir.join("factdesk.lock").exists(),
        "released after the search"
    );
}

#[test]
fn commands_started_at_once_take_turns_and_all_succeed() {
    let (_tmp, dir) = demo_project();
    let n = 8;
    let children: Vec<_> = (1..=n)
        .map(|i| {
            fd_command(
                &dir,
                &[
                    "verdict",
                    "set",
                    &i.to_string(),
                    "--explanation",
                    &format!("parallel {i}"),
                ],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "command {}: {}",
            i + 1,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let claims = claims_json(&dir);
    for i in 1..=n {
        assert_eq!(claims[i - 1]["explanation"], format!("parallel {i}"));
    }
    let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap();
    let logged = log
        .lines()
        .filter(|l| l.contains("\"verdict.explanation\""))
        .count();
    assert_eq!(logged, n, "one log entry per command");
    assert!(!dir.join("factdesk.lock").exists());
}

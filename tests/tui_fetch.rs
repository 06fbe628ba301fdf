//! Edits made while `:add URL` waits for a slow server: the fetch runs on a thread of its
//! own, so each finished edit reaches the disk at once, and a signal or `q` during the fetch
//! saves everything, releases the lock, gives the terminal back and abandons the fetch.
//! The server is a real one on 127.0.0.1 that sends two bytes every 200 ms and never ends.

mod common;
use common::pty::{Ctty, Pty};
use common::*;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A page that trickles for up to two minutes; counts the requests it got.
struct Drip {
    port: u16,
    requests: Arc<AtomicUsize>,
}

impl Drip {
    fn start() -> Drip {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { return };
                let seen = seen.clone();
                std::thread::spawn(move || {
                    let mut head = Vec::new();
                    let mut b = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") && conn.read(&mut b).unwrap_or(0) == 1 {
                        head.push(b[0]);
                    }
                    seen.fetch_add(1, Ordering::SeqCst);
                    let _ = conn.write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>",
                    );
                    for _ in 0..600 {
                        if conn.write_all(b"ab").is_err() {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(200));
                    }
                });
            }
        });
        Drip { port, requests }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/drip", self.port)
    }

    fn wait_for_request(&self) {
        let t0 = Instant::now();
        while self.requests.load(Ordering::SeqCst) == 0 {
            assert!(t0.elapsed() < Duration::from_secs(20), "no request arrived");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The claim files and what they hold (not the temporary files of a write under way).
fn claim_files(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    std::fs::read_dir(dir.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// Wait up to `secs` for a claim file to hold `text`.
fn on_disk_within(dir: &Path, text: &str, secs: u64) -> bool {
    let t0 = Instant::now();
    loop {
        if claim_files(dir).values().any(|t| t.contains(text)) {
            return true;
        }
        if t0.elapsed() >= Duration::from_secs(secs) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Web captures in `sources/` (the demo's sources are notes).
fn sources_stored(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("sources"))
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".warc.gz"))
                .count()
        })
        .unwrap_or(0)
}

/// The workstation on the demo with `:add` of the dripping page under way; a rating and an
/// explanation made meanwhile are on disk before the fetch could end.
fn edits_during_a_fetch(drip: &Drip) -> (tempfile::TempDir, PathBuf, Pty) {
    let (tmp, dir) = demo_project();
    let data = tmp.path().join("data");
    let env = [("FACTDESK_DATA_DIR", data.as_path())];
    let mut t = Pty::workstation_env(&dir, 120, 35, Ctty::Controlling, &env);
    assert!(t.wait_for("? help", 20), "the workstation did not start");
    t.settle(Duration::from_millis(150));
    let before = claim_files(&dir);
    let mark = t.len();
    t.send(":");
    t.send(&format!("add {}\r", drip.url()));
    drip.wait_for_request();
    assert!(t.wait_for_after(mark, "fetching", 10), "no progress shown");
    // Next claim, a rating: saved while the fetch runs.
    t.send("]");
    t.send("r");
    t.send("j");
    t.send("\r");
    let t0 = Instant::now();
    let rated = loop {
        let now = claim_files(&dir);
        if let Some((p, _)) = now.iter().find(|(p, a)| before.get(*p) != Some(a)) {
            break p.clone();
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the rating did not reach the disk during the fetch"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    t.send("e");
    t.send(" Waehrend des Abrufs");
    t.send("\x1b");
    assert!(
        on_disk_within(&dir, "Waehrend des Abrufs", 10),
        "the explanation did not reach the disk during the fetch"
    );
    assert_eq!(sources_stored(&dir), 0, "the fetch was still running");
    let now = claim_files(&dir);
    assert!(
        now[&rated].contains("Waehrend des Abrufs"),
        "rating and explanation are on the same claim: {rated:?}\n{}\nwas\n{}",
        now[&rated],
        before[&rated]
    );
    (tmp, dir, t)
}

#[test]
fn sigterm_during_a_fetch_saves_every_edit_releases_the_lock_and_exits_at_once() {
    let drip = Drip::start();
    let (_tmp, dir, mut t) = edits_during_a_fetch(&drip);
    // Notes typed but not yet autosaved when the signal comes.
    t.send("3");
    t.send("o");
    let mark = t.len();
    t.send("Notiz beim Signal");
    assert!(
        t.wait_for_after(mark, "Signal", 10),
        "the notes are not shown"
    );
    let at_loss = t.len();
    let t0 = Instant::now();
    // SAFETY: plain syscall on our own child.
    unsafe {
        libc::kill(t.pid(), libc::SIGTERM);
    }
    assert!(
        t.wait_exit(Duration::from_secs(5)).is_some(),
        "still running 5 s after SIGTERM during a fetch"
    );
    let took = t0.elapsed();
    eprintln!("SIGTERM during a fetch: gone after {took:?}");
    assert!(took < Duration::from_secs(1), "exit took {took:?}");
    assert_eq!(t.exit_code, Some(0), "every edit was saved");
    assert!(
        on_disk_within(&dir, "Notiz beim Signal", 0),
        "the notes were lost"
    );
    assert!(on_disk_within(&dir, "Waehrend des Abrufs", 0));
    assert!(!dir.join("factdesk.lock").exists(), "lock left");
    assert!(
        t.wait_for_after(at_loss, "\x1b[?1049l", 2),
        "the alternate screen was not left"
    );
    assert!(
        t.wait_for_after(at_loss, "not added, the workstation closed first", 2),
        "the abandoned fetch is not named: {}",
        String::from_utf8_lossy(&t.bytes()[at_loss..])
    );
    assert_eq!(sources_stored(&dir), 0);
}

#[test]
fn q_during_a_fetch_says_it_is_abandoned_and_the_second_q_quits() {
    let drip = Drip::start();
    let (_tmp, dir, mut t) = edits_during_a_fetch(&drip);
    let mark = t.len();
    t.send("q");
    assert!(
        t.wait_for_after(mark, "abandons adding", 10),
        "no word about the fetch: {}",
        String::from_utf8_lossy(&t.bytes()[mark..])
    );
    let t0 = Instant::now();
    t.send("q");
    assert!(
        t.wait_exit(Duration::from_secs(5)).is_some(),
        "the second q did not quit during the fetch"
    );
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
    assert_eq!(t.exit_code, Some(0));
    assert!(!dir.join("factdesk.lock").exists(), "lock left");
    assert!(t.wait_for_after(mark, "not added, the workstation closed first", 2));
    assert_eq!(sources_stored(&dir), 0);
}

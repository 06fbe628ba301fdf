//! Crash harness: a driver process edits claims and verdicts, adds evidence and imports
//! sources through the real `factdesk` binary in a loop, confirming each finished edit on
//! stdout; the parent SIGKILLs the driver's whole process group (the running `factdesk` dies
//! too) at random moments, then checks the project with the real binary.
//!
//! `FACTDESK_KILLS` sets the number of kills (default 25, for CI). The documented full run:
//! `FACTDESK_KILLS=500 cargo test --release --test reliability_crash -- --nocapture`.

mod common;
use common::pty::{contains, Ctty, Pty};
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Claims of the demo project (one per sentence of the seed article).
const CLAIMS: u64 = 14;
/// Claims 1..=EDITED get verdict, claimant and evidence edits from the CLI driver.
const EDITED: u64 = 12;
/// Split and merged again by the CLI driver; the claims split off it get ids above CLAIMS.
const SPLIT_CLAIM: u32 = 13;
/// Its notes are edited in the workstation by the TUI rounds (no CLI edit touches them).
const TUI_CLAIM: u64 = 1;

/// The driver: runs when `FACTDESK_CRASH_DIR` is set (the parent re-executes this binary).
#[test]
fn crash_driver_child() {
    let Ok(dir) = std::env::var("FACTDESK_CRASH_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let inbox = PathBuf::from(std::env::var("FACTDESK_CRASH_INBOX").unwrap());
    let mut seq: u64 = std::env::var("FACTDESK_CRASH_SEQ")
        .unwrap()
        .parse()
        .unwrap();
    let mut last_source: Option<(String, String)> = None;
    // Claims split off SPLIT_CLAIM by earlier drivers (a kill may have left one).
    let mut partners: Vec<u32> = {
        let r = ok(fd(&dir, &["claims", "--json", "--all"]));
        let v: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        v.iter()
            .filter_map(|c| c["id"].as_u64())
            .filter(|&id| id > CLAIMS)
            .map(|id| id as u32)
            .collect()
    };
    loop {
        seq += 1;
        let claim = (seq % EDITED + 1).to_string();
        let (args, confirm): (Vec<String>, String) = match seq % 5 {
            0 => (
                vec![
                    "verdict".into(),
                    "set".into(),
                    claim.clone(),
                    "--explanation".into(),
                    format!("E{seq}"),
                ],
                format!("explanation {claim} {seq}"),
            ),
            1 => (
                vec![
                    "claim".into(),
                    "edit".into(),
                    claim.clone(),
                    "--claimant".into(),
                    format!("C{seq}"),
                ],
                format!("claimant {claim} {seq}"),
            ),
            3 if last_source.is_some() => {
                let (id, quote) = last_source.clone().unwrap();
                (
                    vec![
                        "evidence".into(),
                        "add".into(),
                        claim.clone(),
                        "--source".into(),
                        id,
                        "--quote".into(),
                        quote,
                        "--stance".into(),
                        "supports".into(),
                        "--note".into(),
                        format!("N{seq}"),
                    ],
                    format!("evidence {claim} {seq}"),
                )
            }
            4 if !partners.is_empty() => {
                let p = partners[0];
                (
                    vec![
                        "claim".into(),
                        "merge".into(),
                        SPLIT_CLAIM.to_string(),
                        p.to_string(),
                    ],
                    format!("merge {p} {seq}"),
                )
            }
            4 => (
                vec![
                    "claim".into(),
                    "split".into(),
                    SPLIT_CLAIM.to_string(),
                    "--at".into(),
                    "20".into(),
                ],
                // The new claim's id is read from the command's output below.
                format!("split {{}} {seq}"),
            ),
            _ => {
                // A new source, sometimes large so that kills land inside the import.
                let token = token(seq);
                let quote = format!("Der Beleg {token} steht in diesem Satz.");
                let filler = "Ein weiterer Satz füllt die Quelle mit Text. "
                    .repeat(if seq % 3 == 0 { 4000 } else { 20 });
                let body = format!("---\ntitle: Quelle {token}\n---\n\n{quote}\n\n{filler}\n");
                let file = inbox.join(format!("quelle-{seq}.md"));
                std::fs::write(&file, &body).unwrap();
                let id = factdesk_index::extract::content_hash(body.as_bytes());
                last_source = Some((id.clone(), quote));
                (
                    vec!["source".into(), "add".into(), file.to_str().unwrap().into()],
                    format!("source {id} {seq}"),
                )
            }
        };
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = fd(&dir, &argv);
        if r.code == 0 {
            let confirm = if args[1] == "split" {
                // "claim 13: ...\nclaim N: ..."
                let id: u32 = r
                    .stdout
                    .lines()
                    .nth(1)
                    .and_then(|l| l.strip_prefix("claim "))
                    .and_then(|l| l.split(':').next())
                    .and_then(|n| n.parse().ok())
                    .expect("split prints the new claim");
                partners.push(id);
                confirm.replace("{}", &id.to_string())
            } else {
                if args[1] == "merge" {
                    partners.remove(0);
                }
                confirm
            };
            println!("ok {confirm}");
        } else {
            println!("fail {seq} {args:?}: {}", r.stderr.trim());
        }
    }
}

fn token(seq: u64) -> String {
    format!("zqx{seq}q")
}

/// What the drivers confirmed: per claim the newest explanation and claimant seq, evidence
/// notes, source ids with their seq, which split-off claims exist, and what the TUI rounds
/// typed into the notes of TUI_CLAIM and saw saved on disk.
#[derive(Default)]
struct Confirmed {
    explanation: BTreeMap<u64, u64>,
    claimant: BTreeMap<u64, u64>,
    evidence: BTreeMap<u64, BTreeSet<u64>>,
    sources: BTreeMap<String, u64>,
    split_alive: BTreeMap<u64, bool>,
    tui_typed: String,
    tui_saved: BTreeSet<u64>,
    edits: u64,
    per_kind: BTreeMap<String, u64>,
}

fn seq_of(v: &serde_json::Value, prefix: char) -> u64 {
    v.as_str()
        .and_then(|s| s.strip_prefix(prefix))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn kill_group(child: &std::process::Child) {
    // SAFETY: plain syscall; the driver was made leader of its own process group.
    unsafe {
        libc::kill(-(child.id() as i32), libc::SIGKILL);
    }
}

/// Waits until no process of group `pgid` runs any more (zombies aside). A SIGKILLed process
/// in the middle of a system call that waits for the disk (`syncfs` under load) lives on
/// until the call returns; checking the project before then would check a live writer.
fn wait_group_dead(pgid: u32) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let alive = std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
            .any(|stat| {
                // Fields after the parenthesised name: state, ppid, pgrp.
                let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
                let f: Vec<&str> = rest.split_whitespace().collect();
                f.len() > 2 && f[2] == pgid.to_string() && !matches!(f[0], "Z" | "X")
            });
        if !alive {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("processes of group {pgid} outlived SIGKILL by 30 s");
}

fn search_finds(dir: &Path, token: &str) -> Option<bool> {
    let r = fd(dir, &["search", token, "--json"]);
    if r.code != 0 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&r.stdout).ok()?;
    Some(
        v["sources"]
            .as_array()?
            .iter()
            .any(|s| s["title"].as_str().is_some_and(|t| t.contains(token))),
    )
}

/// Parse the driver's confirmations into `c`; returns the highest seq seen and the count of
/// failed edits.
fn take_confirmations(k: u32, stdout: &str, c: &mut Confirmed, mut max_seq: u64) -> (u64, u32) {
    let mut failed = 0;
    for line in stdout.lines() {
        // libtest's "test crash_driver_child ... " has no line break of its own: the first
        // confirmation follows it on the same line.
        let line = line.rsplit_once(" ... ").map_or(line, |(_, rest)| rest);
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["ok", kind, key, s] => {
                let s: u64 = s.parse().unwrap();
                max_seq = max_seq.max(s);
                c.edits += 1;
                *c.per_kind.entry(kind.to_string()).or_default() += 1;
                match *kind {
                    "explanation" => {
                        c.explanation.insert(key.parse().unwrap(), s);
                    }
                    "claimant" => {
                        c.claimant.insert(key.parse().unwrap(), s);
                    }
                    "evidence" => {
                        c.evidence
                            .entry(key.parse().unwrap())
                            .or_default()
                            .insert(s);
                    }
                    "source" => {
                        c.sources.insert(key.to_string(), s);
                    }
                    "split" => {
                        c.split_alive.insert(key.parse().unwrap(), true);
                    }
                    "merge" => {
                        c.split_alive.insert(key.parse().unwrap(), false);
                    }
                    _ => panic!("unknown confirmation {line}"),
                }
            }
            ["fail", ..] => {
                failed += 1;
                eprintln!("kill {k}: driver edit failed: {line}");
            }
            _ => {}
        }
    }
    (max_seq, failed)
}

/// Round statistics of the TUI rounds.
#[derive(Default)]
struct TuiStats {
    rounds: u32,
    started: u32,
    read_only: u32,
    typed: u64,
}

fn notes_on_disk(dir: &Path) -> Option<String> {
    let t = std::fs::read_to_string(dir.join(format!("claims/{TUI_CLAIM:04}.toml"))).ok()?;
    let v: toml::Table = toml::from_str(&t).ok()?;
    Some(v.get("verdict")?.get("notes")?.as_str()?.to_string())
}

/// One TUI round: the workstation on a PTY edits the notes of TUI_CLAIM (typing a token,
/// sometimes pausing past the autosave delay) until it is SIGKILLed at `kill_after`. A token
/// counts as confirmed once it was seen in the claim file on disk before the kill.
fn tui_round(
    dir: &Path,
    kill_after: Duration,
    seq: &mut u64,
    c: &mut Confirmed,
    st: &mut TuiStats,
) {
    st.rounds += 1;
    let deadline = Instant::now() + kill_after;
    let mut t = Pty::workstation(dir, 100, 30, Ctty::Controlling);
    let wait = |t: &Pty, from: usize, what: &str| -> bool {
        while Instant::now() < deadline {
            let b = t.bytes();
            if b.len() > from && contains(&b[from..], what.as_bytes()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    };
    let mut rng = *seq ^ 0x9e37_79b9_7f4a_7c15;
    if wait(&t, 0, "? help") {
        st.started += 1;
        if contains(&t.bytes(), b"READ-ONLY") {
            st.read_only += 1;
        }
        let mark = t.len();
        t.send("3");
        t.send("o");
        if wait(&t, mark, "editing") {
            while Instant::now() < deadline {
                *seq += 1;
                let piece = format!(" T{seq}");
                // Typed text is in flight until it is seen on disk.
                c.tui_typed.push_str(&piece);
                st.typed += 1;
                t.send(&piece);
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                // Half the pauses outlast the autosave delay (400 ms).
                let pause = Duration::from_millis(rng % 800);
                let until = (Instant::now() + pause).min(deadline);
                while Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(20));
                }
                observe_saved(dir, c);
            }
        }
    }
    // SAFETY: plain syscall on our own child (leader of its own session).
    unsafe {
        libc::kill(t.pid(), libc::SIGKILL);
    }
    t.wait_exit(Duration::from_secs(10));
}

/// Record every TUI token that is in the notes on disk right now.
fn observe_saved(dir: &Path, c: &mut Confirmed) {
    if let Some(n) = notes_on_disk(dir) {
        for w in n.split_whitespace() {
            if let Some(s) = w.strip_prefix('T').and_then(|x| x.parse().ok()) {
                c.tui_saved.insert(s);
            }
        }
    }
}

#[test]
fn kill_9_during_edits_and_imports_loses_at_most_the_edit_in_flight() {
    let kills: u32 = std::env::var("FACTDESK_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let (tmp, dir) = demo_project();
    let inbox = tmp.path().join("eingang");
    std::fs::create_dir(&inbox).unwrap();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut seq = 0u64;
    let mut c = Confirmed::default();
    let mut tui = TuiStats::default();
    let (mut failed, mut torn_logs, mut stale_locks, mut reindexed, mut index_unopenable) =
        (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut finished_edits = 0u32;
    let (mut pending_after_read, mut carried_pending) = (0u32, false);
    let mut last_driver_output = String::new();
    let mut checked_sources: BTreeSet<String> = BTreeSet::new();
    let original_text = claims_json(&dir)
        .iter()
        .find(|cl| cl["id"] == SPLIT_CLAIM)
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    let started = Instant::now();
    for k in 0..kills {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        if k % 5 == 4 {
            // Every fifth round is the workstation; it needs ~100-300 ms to start.
            let delay = Duration::from_millis(250 + rng % 2000);
            tui_round(&dir, delay, &mut seq, &mut c, &mut tui);
        } else {
            // The driver needs ~100 ms to start; most kills land in the middle of a command.
            let delay = Duration::from_millis(80 + rng % 900);
            let child = Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "crash_driver_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("FACTDESK_CRASH_DIR", &dir)
                .env("FACTDESK_CRASH_INBOX", &inbox)
                .env("FACTDESK_CRASH_SEQ", seq.to_string())
                .process_group(0)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(delay);
            kill_group(&child);
            let pgid = child.id();
            let out = child.wait_with_output().unwrap();
            wait_group_dead(pgid);
            last_driver_output = String::from_utf8_lossy(&out.stdout).into_owned();
            let (max_seq, f) = take_confirmations(k, &last_driver_output, &mut c, seq);
            failed += f;
            // The edit in flight used max_seq + 1; continue after it so seqs never repeat.
            seq = max_seq + 2;
        }
        if dir.join("factdesk.lock").exists() {
            stale_locks += 1;
        }

        // 1. Every claim file parses, and every confirmed edit is on disk.
        // An edit killed half-way is finished by this first command, which says so.
        let r = fd(&dir, &["claims", "--json", "--all"]);
        let finished = r
            .stderr
            .lines()
            .filter(|l| {
                l.starts_with("factdesk: an edit interrupted by a crash has been finished (")
            })
            .count();
        finished_edits += finished as u32;
        assert!(
            r.code == 0 && r.stderr.lines().count() == finished,
            "kill {k}: claims: {}",
            r.stderr
        );
        let claims: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        let ids: BTreeSet<u64> = claims.iter().filter_map(|cl| cl["id"].as_u64()).collect();
        for id in 1..=CLAIMS {
            assert!(ids.contains(&id), "kill {k}: claim {id} is gone");
        }
        // An edit the reading command could not finish (it found the lock still held) lands
        // at the next writer: then one more merge or split may show at the next check.
        let left_pending = dir.join("edit-in-progress").exists();
        if left_pending {
            pending_after_read += 1;
            eprintln!(
                "kill {k}: an edit was left pending by the first read; lock: {:?}",
                std::fs::read_to_string(dir.join("factdesk.lock")).ok()
            );
        }
        let allowance = 1 + usize::from(carried_pending);
        carried_pending = left_pending;
        // A confirmed split-off claim may only be gone through the merge in flight.
        let gone: Vec<u64> = c
            .split_alive
            .iter()
            .filter(|(id, alive)| **alive && !ids.contains(id))
            .map(|(id, _)| *id)
            .collect();
        if gone.len() > allowance {
            let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap_or_default();
            let about: Vec<&str> = log
                .lines()
                .filter(|l| {
                    gone.iter().any(|id| {
                        l.contains(&format!("claim {id}"))
                            || l.contains(&format!("\"claim\":{id},"))
                    })
                })
                .collect();
            panic!(
                "kill {k}: split-off claims {gone:?} are gone; their log:\n{}\ndriver said:\n{}",
                about.join("\n"),
                last_driver_output
                    .lines()
                    .rev()
                    .take(12)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        for id in gone {
            c.split_alive.insert(id, false);
        }
        // Split-off claims: the confirmed ones, plus at most the one split in flight.
        let extra = ids.iter().filter(|&&id| id > CLAIMS).count();
        let alive = c.split_alive.values().filter(|a| **a).count();
        assert!(
            extra <= alive + allowance,
            "kill {k}: {extra} split-off claims, {alive} confirmed"
        );
        for cl in &claims {
            let id = cl["id"].as_u64().unwrap();
            if id == SPLIT_CLAIM as u64 {
                let t = cl["text"].as_str().unwrap();
                assert!(
                    original_text.starts_with(t),
                    "kill {k}: claim {id} is neither whole nor split: {t}"
                );
            }
            if let Some(&s) = c.explanation.get(&id) {
                assert!(
                    seq_of(&cl["explanation"], 'E') >= s,
                    "kill {k}: claim {id} lost explanation {s}: {}",
                    cl["explanation"]
                );
            }
            if let Some(&s) = c.claimant.get(&id) {
                assert!(
                    seq_of(&cl["claimant"], 'C') >= s,
                    "kill {k}: claim {id} lost claimant {s}: {}",
                    cl["claimant"]
                );
            }
            let notes: BTreeSet<u64> = cl["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| seq_of(&e["note"], 'N'))
                .collect();
            for s in c.evidence.get(&id).into_iter().flatten() {
                assert!(notes.contains(s), "kill {k}: claim {id} lost evidence N{s}");
            }
        }
        // The change log and the files agree: an edit is there whole or not at all, also a
        // split or merge killed between its log line and its files.
        if let Err(why) = log_agrees_with_files(&dir, &claims) {
            panic!("kill {k}: {why}");
        }
        // The TUI's notes: a prefix of everything typed, holding every token seen saved.
        let notes = notes_on_disk(&dir).expect("notes of the TUI claim");
        assert!(
            c.tui_typed.starts_with(&notes),
            "kill {k}: TUI notes on disk are not what was typed: {notes:?}"
        );
        for s in &c.tui_saved {
            assert!(
                notes.split_whitespace().any(|w| w == format!("T{s}")),
                "kill {k}: TUI edit T{s} was saved before the kill and is lost: {notes:?}"
            );
        }
        // What was typed but never saved is gone for good: the next round starts from disk.
        c.tui_typed = notes;
        // 2. The change log reads (a torn last line is skipped silently).
        let h = fd(&dir, &["history"]);
        assert!(
            h.code == 0 && h.stderr.is_empty(),
            "kill {k}: history: {}",
            h.stderr
        );
        let log = std::fs::read(dir.join("changes.jsonl")).unwrap();
        if !log.is_empty() && !log.ends_with(b"\n") {
            torn_logs += 1;
        }
        // 3. Every confirmed source is listed, and the index finds every listed source that
        //    was not checked before: an import killed between two commits leaves a marker,
        //    and the next use of the index rebuilds it from sources/ by itself. `reindex` by
        //    hand is the fallback, counted (and it must never be needed).
        let r = ok(fd(&dir, &["source", "ls", "--json"]));
        let listed: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        let listed: BTreeMap<String, String> = listed
            .iter()
            .map(|s| {
                (
                    s["id"].as_str().unwrap().to_string(),
                    s["title"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        for id in c.sources.keys() {
            assert!(
                listed.contains_key(id),
                "kill {k}: confirmed source {id} is not listed"
            );
        }
        let fresh: Vec<String> = listed
            .iter()
            .filter(|(id, t)| !checked_sources.contains(*id) && t.starts_with("Quelle zqx"))
            .map(|(_, t)| t.trim_start_matches("Quelle ").to_string())
            .collect();
        let probe = fresh.first().cloned().unwrap_or_else(|| "Container".into());
        let all_found = |dir: &Path| -> Option<bool> {
            if fresh.is_empty() {
                return search_finds(dir, &probe).map(|_| true);
            }
            let mut all = true;
            for t in &fresh {
                all &= search_finds(dir, t)?;
            }
            Some(all)
        };
        match all_found(&dir) {
            Some(true) => {}
            state => {
                if state.is_none() {
                    index_unopenable += 1;
                }
                reindexed += 1;
                let r = fd(&dir, &["search", &probe, "--json"]);
                eprintln!(
                    "kill {k}: the index lacks a listed source ({fresh:?}); marker {}, lock {:?}, search: {} {}",
                    dir.join("index/update-in-progress").exists(),
                    std::fs::read_to_string(dir.join("factdesk.lock")).ok(),
                    r.code,
                    r.stderr.trim()
                );
                ok(fd(&dir, &["reindex"]));
                assert_eq!(
                    all_found(&dir),
                    Some(true),
                    "kill {k}: reindex did not repair the index"
                );
            }
        }
        checked_sources.extend(listed.into_keys());
    }
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(
        reindexed, 0,
        "the index needed `reindex` by hand after {reindexed} kills (unopenable {index_unopenable} times)"
    );
    eprintln!(
        "crash harness: {kills} kills in {secs:.0} s; {} confirmed CLI edits {:?}; \
         {} TUI rounds ({} started, {} read-only), {} TUI edits typed, {} seen saved; \
         0 confirmed edits lost; {failed} driver edits failed; {torn_logs} torn change-log tails; \
         {finished_edits} edits killed half-way finished by the next command \
         ({pending_after_read} left to the next writer); \
         {stale_locks} stale locks taken over; \
         index: {index_unopenable} times unopenable, {reindexed} reindex repairs needed",
        c.edits,
        c.per_kind,
        tui.rounds,
        tui.started,
        tui.read_only,
        tui.typed,
        c.tui_saved.len(),
    );
    assert_eq!(failed, 0, "driver edits failed after a crash");
    assert_eq!(
        tui.read_only, 0,
        "the workstation did not take over a stale lock"
    );
}

/// The lock file a process that died left behind: a real pid of this host that is gone.
fn write_stale_lock(dir: &Path) {
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let lock = format!(
        "user = \"gone\"\nhost = \"{}\"\npid = {pid}\npid_start = 1\nstarted = \"2026-11-27T10:00:00Z\"\n",
        factdesk::project::lock::hostname()
    );
    std::fs::write(dir.join("factdesk.lock"), lock).unwrap();
}

/// Whether the change log says what the claim files hold: the claims it created and did not
/// delete are the claim files, and each claim's text, explanation, claimant and notes are the
/// last value logged for them (when one was).
fn log_agrees_with_files(dir: &Path, claims: &[serde_json::Value]) -> Result<(), String> {
    let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap_or_default();
    let mut alive = BTreeSet::new();
    let mut last: BTreeMap<(u64, &str), String> = BTreeMap::new();
    for v in log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
    {
        let Some(id) = v["claim"].as_u64() else {
            continue;
        };
        let to = v["to"].as_str().unwrap_or("").to_string();
        match v["action"].as_str().unwrap_or("") {
            "claim.create" => {
                alive.insert(id);
                last.insert((id, "text"), to);
            }
            "claim.delete" => {
                alive.remove(&id);
            }
            "claim.split" => {
                let text = to.split(" | claim ").next().unwrap_or("").to_string();
                last.insert((id, "text"), text);
            }
            "claim.merge" => {
                let text = to
                    .rsplit_once(" (+ claim ")
                    .map_or("", |(t, _)| t)
                    .to_string();
                last.insert((id, "text"), text);
            }
            "verdict.explanation" => {
                last.insert((id, "explanation"), to);
            }
            "claim.claimant" => {
                last.insert((id, "claimant"), to);
            }
            "verdict.notes" => {
                last.insert((id, "notes"), to);
            }
            _ => {}
        }
    }
    let files: BTreeSet<u64> = claims.iter().filter_map(|c| c["id"].as_u64()).collect();
    if files != alive {
        return Err(format!(
            "the change log's claims {alive:?} are not the claim files {files:?}"
        ));
    }
    for c in claims {
        let id = c["id"].as_u64().unwrap();
        for field in ["text", "explanation", "claimant", "notes"] {
            // A claimant detected at import is not logged on its own.
            let Some(logged) = last.get(&(id, field)) else {
                continue;
            };
            let on_disk = c[field].as_str().unwrap_or("");
            if on_disk != logged {
                return Err(format!(
                    "claim {id}'s {field} is {on_disk:?} on disk, {logged:?} in the change log"
                ));
            }
        }
    }
    Ok(())
}

/// The `verdict.explanation` entries of `claim` in the change log, as (from, to).
fn explanation_log(dir: &Path, claim: u64) -> Vec<(String, String)> {
    let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap_or_default();
    log.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["claim"] == claim && v["action"] == "verdict.explanation")
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            (s("from"), s("to"))
        })
        .collect()
}

/// How the concurrent stale-lock rounds went.
#[derive(Default, Debug)]
struct TakeoverStats {
    rounds: u32,
    winners: u32,
    refused: u32,
    forked_rounds: u32,
    /// Rounds in which the built binary's path held another build than at the start (the
    /// takers ran the pinned copy all the same).
    rebuilt_rounds: u32,
}

/// `rounds` times: a stale lock of a dead process, then `takers` `verdict set` processes let
/// go at the same instant (each waits in a shell `read` until the parent writes a line to all
/// of them). Whoever holds the lock edits the explanation of one claim, so two holders at once
/// show up in the change log as a fork: an entry whose `from` is not the previous entry's
/// `to`. Every taker must either succeed or be refused with the holder named. Every taker
/// runs `exe`, one pinned build: a taker of another version (with another takeover) would
/// fork the log without any fault of this one.
fn stale_lock_takeover_rounds(
    dir: &Path,
    exe: &Path,
    rounds: u32,
    takers: usize,
    leave_lock: fn(&Path, u32),
) -> TakeoverStats {
    use std::io::Write;
    const CLAIM: u64 = 14;
    let mut st = TakeoverStats::default();
    let built = file_identity(&bin());
    for round in 0..rounds {
        let before = explanation_log(dir, CLAIM).len();
        leave_lock(dir, round);
        let mut children: Vec<std::process::Child> = (0..takers)
            .map(|t| {
                Command::new("sh")
                    .args(["-c", "read _ && exec \"$0\" \"$@\""])
                    .arg(exe)
                    .arg("--project")
                    .arg(dir)
                    .args(["verdict", "set", &CLAIM.to_string(), "--explanation"])
                    .arg(format!("R{round}T{t}"))
                    .env("FACTDESK_USER", "tester")
                    .env("FACTDESK_DATA_DIR", test_data_dir())
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        // Give every shell time to reach its `read`, then release them all at once.
        std::thread::sleep(Duration::from_millis(30));
        for c in &mut children {
            c.stdin.take().unwrap().write_all(b"go\n").unwrap();
        }
        for c in children {
            let out = c.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => st.winners += 1,
                Some(1) if stderr.contains("being edited by") => st.refused += 1,
                other => panic!("round {round}: a taker ended with {other:?}: {stderr}"),
            }
        }
        st.rounds += 1;
        if file_identity(&bin()) != built {
            st.rebuilt_rounds += 1;
        }
        let log = explanation_log(dir, CLAIM);
        let forked = log[before..]
            .iter()
            .enumerate()
            .any(|(i, (from, _))| i + before > 0 && *from != log[i + before - 1].1);
        if forked {
            st.forked_rounds += 1;
            eprintln!(
                "round {round}: the change log forked: {:?}",
                &log[before.saturating_sub(1)..]
            );
        }
        let on_disk = claims_json(dir)
            .into_iter()
            .find(|c| c["id"] == CLAIM)
            .unwrap()["explanation"]
            .as_str()
            .unwrap()
            .to_string();
        // Two holders at once also leave the file with one writer's text and the log's last
        // entry with the other's: counted with the fork.
        assert!(
            forked || Some(&on_disk) == log.last().map(|(_, to)| to),
            "round {round}: the claim file and the change log disagree"
        );
        assert!(
            !dir.join("factdesk.lock").exists(),
            "round {round}: a lock is left although every taker has exited"
        );
    }
    st
}

/// Stale-lock takeover is atomic against other takers. `FACTDESK_TAKEOVER_ROUNDS` sets the
/// rounds (default 150, the CI length: see docs/reliability.md for how often the racy takeover
/// failed it), `FACTDESK_TAKEOVER_TAKERS` the processes per round (default 6).
#[test]
fn concurrent_stale_lock_takers_never_hold_the_lock_together() {
    let rounds: u32 = std::env::var("FACTDESK_TAKEOVER_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let takers: usize = std::env::var("FACTDESK_TAKEOVER_TAKERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    let (tmp, dir) = demo_project();
    let exe = pinned_bin(tmp.path());
    let started = Instant::now();
    let st = stale_lock_takeover_rounds(&dir, &exe, rounds, takers, |dir, _| write_stale_lock(dir));
    eprintln!(
        "stale-lock takeover: {} rounds of {takers} takers in {:.0} s: {} edits, {} refused, {} rounds forked; in {} rounds the built binary's path held another build than the pinned copy",
        st.rounds,
        started.elapsed().as_secs_f64(),
        st.winners,
        st.refused,
        st.forked_rounds,
        st.rebuilt_rounds
    );
    assert!(st.winners >= st.rounds, "every round has a winner: {st:?}");
    assert_eq!(
        st.forked_rounds, 0,
        "two processes held the lock at once: {st:?}"
    );
}

/// What a power cut or a hand edit can leave as `factdesk.lock`: nothing, zeros, or a lock cut
/// off before its pid. No process is named, so it is taken over like a stale lock, by exactly
/// one of the processes that find it at once.
fn write_orphan_lock(dir: &Path, round: u32) {
    let left: &[u8] = match round % 3 {
        0 => b"",
        1 => b"\0\0\0\0\0\0\0\0",
        _ => b"user = \"gone\"\nhost = \"some",
    };
    std::fs::write(dir.join("factdesk.lock"), left).unwrap();
}

#[test]
fn concurrent_takers_of_an_empty_or_cut_off_lock_never_hold_it_together() {
    let (rounds, takers) = (30, 6);
    let (tmp, dir) = demo_project();
    let exe = pinned_bin(tmp.path());
    let st = stale_lock_takeover_rounds(&dir, &exe, rounds, takers, write_orphan_lock);
    eprintln!("orphan-lock takeover: {st:?}");
    assert!(st.winners >= st.rounds, "every round has a winner: {st:?}");
    assert_eq!(
        st.forked_rounds, 0,
        "two processes held the lock at once: {st:?}"
    );
}

/// The rating and status of claim 1 on disk (None while the file does not parse).
fn verdict_on_disk(dir: &Path) -> Option<(String, String)> {
    let p = factdesk::project::Project::open(dir, factdesk::project::Access::ReadOnly).ok()?;
    let c = p.claim(1).ok()?;
    Some((c.verdict.rating, c.verdict.status.as_str().to_string()))
}

/// One workstation round on claim 1: pick a rating, move the status on, undo both, each step
/// confirmed on disk before the next; SIGKILLed at `kill_after`. The states the claim may be
/// in after the kill; whether the round finished.
fn undo_round(dir: &Path, kill_after: Duration) -> (Vec<(String, String)>, bool) {
    let deadline = Instant::now() + kill_after;
    let before = verdict_on_disk(dir).expect("claim 1 parses");
    let mut allowed = vec![before.clone()];
    let mut t = Pty::workstation(dir, 100, 30, Ctty::Controlling);
    let until = |what: &dyn Fn(&(String, String)) -> bool| -> bool {
        while Instant::now() < deadline {
            if verdict_on_disk(dir).is_some_and(|v| what(&v)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    };
    let mut finished = false;
    let started = {
        let t0 = Instant::now();
        while Instant::now() < deadline && !contains(&t.bytes(), b"? help") {
            std::thread::sleep(Duration::from_millis(10));
        }
        t0.elapsed() < kill_after && contains(&t.bytes(), b"? help")
    };
    if started {
        t.send("3r");
        t.send("j\r");
        // The new rating is whatever the picker's next row is: learn it from the disk.
        if until(&|v| v.0 != before.0) {
            let rated = verdict_on_disk(dir).unwrap();
            allowed.push(rated.clone());
            t.send("s");
            // A claim done already stays done: then only the rating is undone.
            let moved = before.1 != "done" && until(&|v| v.1 != rated.1);
            if moved {
                allowed.push(verdict_on_disk(dir).unwrap());
                t.send("u");
            }
            if !moved || until(&|v| *v == rated) {
                t.send("u");
                finished = until(&|v| *v == before);
            }
        }
    }
    // SAFETY: plain syscall on our own child (leader of its own session).
    unsafe {
        libc::kill(t.pid(), libc::SIGKILL);
    }
    t.wait_exit(Duration::from_secs(10));
    (allowed, finished)
}

/// Undo entries in the change log that change nothing (the old bug logged `from "Richtig" to
/// "Richtig"` and wrote a stale snapshot back).
fn empty_undos(dir: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap_or_default();
    log.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["action"].as_str().is_some_and(|a| a.starts_with("undo")))
        .filter(|v| v["from"] == v["to"])
        .map(|v| v.to_string())
        .collect()
}

#[test]
fn kill_9_during_workstation_ratings_statuses_and_undo() {
    let rounds: u32 = std::env::var("FACTDESK_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(10, |k: u32| (k / 2).max(1));
    let (_tmp, dir) = demo_project();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut finished = 0;
    for k in 0..rounds {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // A round takes ~200-400 ms (debug build): about half are killed before they
        // finish, at any step, the start included.
        let kill_after = Duration::from_millis(60 + rng % 400);
        let (allowed, done) = undo_round(&dir, kill_after);
        finished += u32::from(done);
        let now = verdict_on_disk(&dir);
        assert!(
            now.as_ref().is_some_and(|v| allowed.contains(v)),
            "round {k}: claim 1 is {now:?}, expected one of {allowed:?}"
        );
        if done {
            assert_eq!(
                now.as_ref(),
                allowed.first(),
                "round {k}: undo did not restore"
            );
        }
        let empty = empty_undos(&dir);
        assert!(
            empty.is_empty(),
            "round {k}: undo logged no change: {empty:?}"
        );
    }
    eprintln!("workstation undo rounds: {rounds}, finished before the kill: {finished}");
    assert!(
        finished > 0,
        "no round finished: the harness checks nothing"
    );
}

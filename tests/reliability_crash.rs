//! Crash harness: a driver process edits claims and verdicts, adds evidence and imports
//! sources through the real `factdesk` binary in a loop, confirming each finished edit on
//! stdout; the parent SIGKILLs the driver's whole process group (the running `factdesk` dies
//! too) at random moments, then checks the project with the real binary.
//!
//! `FACTDESK_KILLS` sets the number of kills (default 25, for CI). The documented full run:
//! `FACTDESK_KILLS=500 cargo test --release --test reliability_crash -- --nocapture`.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Claims of the demo project (one per sentence of the seed article).
const CLAIMS: u64 = 14;

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
    loop {
        seq += 1;
        let claim = (seq % CLAIMS + 1).to_string();
        let (args, confirm): (Vec<String>, String) = match seq % 4 {
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
            println!("ok {confirm}");
        } else {
            println!("fail {seq} {args:?}: {}", r.stderr.trim());
        }
    }
}

fn token(seq: u64) -> String {
    format!("zqx{seq}q")
}

/// What the driver confirmed: per claim the newest explanation and claimant seq, evidence
/// notes, and source ids with their seq.
#[derive(Default)]
struct Confirmed {
    explanation: BTreeMap<u64, u64>,
    claimant: BTreeMap<u64, u64>,
    evidence: BTreeMap<u64, BTreeSet<u64>>,
    sources: BTreeMap<String, u64>,
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
    let (mut failed, mut torn_logs, mut stale_locks, mut reindexed, mut index_unopenable) =
        (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut checked_sources: BTreeSet<String> = BTreeSet::new();
    let started = Instant::now();
    for k in 0..kills {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
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
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut max_seq = seq;
        for line in stdout.lines() {
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
        // The edit in flight used max_seq + 1; continue after it so seqs never repeat.
        seq = max_seq + 2;
        if dir.join("factdesk.lock").exists() {
            stale_locks += 1;
        }

        // 1. Every claim file parses, and every confirmed edit is on disk.
        let r = fd(&dir, &["claims", "--json"]);
        assert!(
            r.code == 0 && r.stderr.is_empty(),
            "kill {k}: claims: {}",
            r.stderr
        );
        let claims: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(claims.len() as u64, CLAIMS, "kill {k}");
        for cl in &claims {
            let id = cl["id"].as_u64().unwrap();
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
        // 3. Every confirmed source is listed; the index opens, or reindex repairs it, and
        //    then finds every listed source that was not checked before.
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
    eprintln!(
        "crash harness: {kills} kills in {secs:.0} s; {} confirmed edits {:?}; \
         0 confirmed edits lost; {failed} driver edits failed; {torn_logs} torn change-log tails; {stale_locks} stale locks taken over; \
         index: {index_unopenable} times unopenable, {reindexed} reindex repairs needed",
        c.edits, c.per_kind
    );
    assert_eq!(failed, 0, "driver edits failed after a crash");
}

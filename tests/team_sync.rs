//! `factdesk sync` between members of a desk: a bare hub repository in a temporary folder and
//! clones of it, real git, each member with their own FACTDESK_USER and git identity.

mod desk_support;
#[path = "common/tmux.rs"]
mod tmux;

use desk_support::{demo, files_with_markers, project_files, Desk, Member};

fn rating(m: &Member, id: u32) -> String {
    m.claim(id)["rating"].as_str().unwrap_or("").to_string()
}

#[test]
fn first_sync_pushes_to_an_empty_hub_and_a_clone_gets_the_project() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    assert_eq!(project_files(&anna.dir), project_files(&ben.dir));
    // The drivers are named in the committed attributes; the ignore rules keep the lock
    // and the index out.
    let attributes = std::fs::read_to_string(ben.dir.join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("claims/*.toml merge=factdesk-claim"),
        "{attributes}"
    );
    assert!(
        attributes.contains("changes.jsonl merge=factdesk-log"),
        "{attributes}"
    );
    let tracked = anna.git(&["ls-files"]).ok().stdout;
    assert!(
        !tracked
            .lines()
            .any(|l| l.starts_with("index/") || l == "factdesk.lock"),
        "{tracked}"
    );
    // Nothing new (an export is this member's own file): a second sync commits nothing.
    anna.fd(&["export", "--format", "md"]).ok();
    let r = anna.sync();
    assert!(r.stdout.contains("nothing new to commit"), "{}", r.stdout);
    assert!(
        r.stdout.contains("in step with origin/main"),
        "{}",
        r.stdout
    );
}

#[test]
fn sync_explains_a_project_without_git_or_remote() {
    let tmp = tempfile::tempdir().unwrap();
    let m = Member {
        name: "anna".into(),
        dir: tmp.path().join("p"),
        data: tmp.path().join("data"),
    };
    demo(&m);
    let r = m.fd(&["sync"]).fails();
    assert!(
        r.stderr.contains("not a git repository") && r.stderr.contains("git remote add"),
        "{}",
        r.stderr
    );
    m.git(&["init", "--quiet"]).ok();
    let r = m.fd(&["sync"]).fails();
    assert!(r.stderr.contains("no remote"), "{}", r.stderr);
}

#[test]
fn edits_of_different_claims_and_of_different_fields_of_one_claim_merge_cleanly() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    anna.set(2, &["--rating", "Unbelegt"]);
    anna.set(5, &["--explanation", "Anna: Lawrow reiste am 18. Oktober."]);
    ben.set(7, &["--rating", "Teilweise falsch"]);
    ben.set(5, &["--notes", "Ben: Reuters-Meldung prüfen"]);
    anna.sync();
    let r = ben.sync();
    assert!(
        r.stdout.contains("claims changed by the sync"),
        "{}",
        r.stdout
    );
    anna.sync();
    for m in [anna, ben] {
        assert_eq!(rating(m, 2), "Unbelegt");
        assert_eq!(rating(m, 7), "Teilweise falsch");
        let c5 = m.claim(5);
        assert_eq!(c5["explanation"], "Anna: Lawrow reiste am 18. Oktober.");
        assert_eq!(c5["notes"], "Ben: Reuters-Meldung prüfen");
        assert_eq!(c5["conflicts"].as_array().unwrap().len(), 0, "{c5}");
        assert!(files_with_markers(&m.dir).is_empty());
    }
    assert_eq!(project_files(&anna.dir), project_files(&ben.dir));
}

#[test]
fn the_same_field_changed_on_both_sides_is_kept_as_a_conflict_then_resolved() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    anna.set(
        9,
        &[
            "--rating",
            "Richtig",
            "--explanation",
            "Satellitenbilder belegen es.",
        ],
    );
    ben.set(
        9,
        &[
            "--rating",
            "Unbelegt",
            "--explanation",
            "Der Inhalt der Container ist unbekannt.",
        ],
    );
    anna.sync();
    let r = ben.sync();
    assert!(
        r.stdout.contains("conflicts kept") && r.stdout.contains("claim 9"),
        "{}",
        r.stdout
    );
    anna.sync();
    for m in [anna, ben] {
        assert!(
            files_with_markers(&m.dir).is_empty(),
            "{:?}",
            files_with_markers(&m.dir)
        );
        let c = m.claim(9);
        let conflicts = c["conflicts"].as_array().unwrap();
        let mut fields: Vec<&str> = conflicts
            .iter()
            .map(|k| k["field"].as_str().unwrap())
            .collect();
        fields.sort();
        assert_eq!(fields, ["verdict.explanation", "verdict.rating"], "{c}");
        // Ben merged: his value stays in the field, both are recorded.
        assert_eq!(c["rating"], "Unbelegt");
        let rating = conflicts
            .iter()
            .find(|k| k["field"] == "verdict.rating")
            .unwrap();
        assert_eq!(rating["values"], serde_json::json!(["Unbelegt", "Richtig"]));
    }
    // Visible in the list and in `claim show`, with who wrote which value.
    let list = anna.fd(&["claims", "--conflicts"]).ok().stdout;
    assert!(
        list.contains("[conflict]") && list.trim().lines().count() == 1,
        "{list}"
    );
    let show = anna.fd(&["claim", "show", "9"]).ok().stdout;
    assert!(show.contains("conflict in verdict.rating"), "{show}");
    assert!(
        show.contains("1 (ben): Unbelegt") && show.contains("2 (anna): Richtig"),
        "{show}"
    );
    // A conflicted claim cannot be approved or published.
    anna.set(9, &["--status", "needs review"]);
    let r = ben.fd(&["review", "approve", "9"]).fails();
    assert!(r.stderr.contains("conflict"), "{}", r.stderr);
    // Resolve: pick the rating, combine the explanations.
    let r = anna
        .fd(&["claim", "resolve", "9", "rating", "--pick", "2"])
        .ok();
    assert!(
        r.stdout.contains("still in conflict: verdict.explanation"),
        "{}",
        r.stdout
    );
    anna.fd(&["claim", "resolve", "9", "explanation", "--both"])
        .ok();
    let c = anna.claim(9);
    assert_eq!(c["rating"], "Richtig");
    assert_eq!(
        c["explanation"],
        "Der Inhalt der Container ist unbekannt.\n\nSatellitenbilder belegen es."
    );
    assert!(c["conflicts"].as_array().unwrap().is_empty());
    anna.sync();
    ben.sync();
    assert_eq!(ben.claim(9)["rating"], "Richtig");
    assert!(ben.claim(9)["conflicts"].as_array().unwrap().is_empty());
    assert_eq!(project_files(&anna.dir), project_files(&ben.dir));
}

#[test]
fn concurrent_log_appends_merge_as_a_union_ordered_by_time() {
    let desk = Desk::new(&["anna", "ben", "carl"], demo);
    let before = desk.m(0).log_lines().len();
    for (i, m) in desk.members.iter().enumerate() {
        for round in 0..3 {
            let id = (i * 3 + round + 1) as u32;
            m.set(id, &["--notes", &format!("{} round {round}", m.name)]);
        }
    }
    for m in &desk.members {
        m.sync();
    }
    for m in &desk.members {
        m.sync();
    }
    let logs: Vec<Vec<String>> = desk.members.iter().map(Member::log_lines).collect();
    assert_eq!(logs[0], logs[1]);
    assert_eq!(logs[1], logs[2]);
    let log = &logs[0];
    assert_eq!(log.len(), before + 9, "every entry once");
    let unique: std::collections::BTreeSet<&String> = log.iter().collect();
    assert_eq!(unique.len(), log.len(), "no duplicates");
    let times: Vec<String> = log
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["at"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "ordered by time");
    for m in &desk.members {
        let mine = log
            .iter()
            .filter(|l| {
                l.contains(&format!("\"user\":\"{}\"", m.name)) && l.contains("verdict.notes")
            })
            .count();
        assert_eq!(mine, 3, "{}'s entries", m.name);
    }
}

#[test]
fn claims_added_on_both_sides_under_one_number_both_survive() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    let add = |m: &Member, text: &str| {
        m.fd(&["claim", "add", "--text", text]).ok();
    };
    add(anna, "Quelle: Agenturen");
    add(ben, "Der Kreml-Sprecher bekräftigte");
    ben.set(15, &["--notes", "Bens neue Behauptung"]);
    anna.sync();
    // Anna's claim 15 is on the hub: it keeps its number; Ben's, shared with nobody yet,
    // gets the next free one.
    let r = ben.sync();
    assert!(r.stdout.contains("claim 15 here was given to another claim on the desk meanwhile: this one is claim 16 now"), "{}", r.stdout);
    anna.sync();
    for m in [anna, ben] {
        assert_eq!(m.claim(15)["text"], "Quelle: Agenturen");
        let c16 = m.claim(16);
        assert_eq!(c16["text"], "Der Kreml-Sprecher bekräftigte");
        assert_eq!(c16["notes"], "Bens neue Behauptung");
    }
    // Ben's log entries about his claim moved with it to number 16.
    let history = anna.fd(&["history", "16"]).ok().stdout;
    assert!(
        history.contains("Bens neue Behauptung") && history.contains("claim.renumber"),
        "{history}"
    );
    assert!(
        history.contains("Der Kreml-Sprecher bekräftigte"),
        "{history}"
    );
    let history15 = anna.fd(&["history", "15"]).ok().stdout;
    assert!(!history15.contains("Bens neue Behauptung"), "{history15}");
    assert!(!history15.contains("Der Kreml-Sprecher"), "{history15}");
    assert_eq!(project_files(&anna.dir), project_files(&ben.dir));
}

#[test]
fn a_claim_removed_here_but_edited_there_is_kept() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    anna.fd(&["claim", "rm", "14"]).ok();
    ben.set(14, &["--notes", "doch prüfen"]);
    anna.sync();
    let r = ben.sync();
    assert!(
        r.stdout
            .contains("claim 14: removed here but edited elsewhere: kept"),
        "{}",
        r.stdout
    );
    anna.sync();
    assert_eq!(anna.claim(14)["notes"], "doch prüfen");
}

#[test]
fn sync_is_refused_while_a_workstation_holds_the_project() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let anna = desk.m(0);
    anna.set(3, &["--notes", "noch nicht gespeichert?"]);
    // A live process of this machine holds the lock, as an open workstation does.
    let mut holder = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    let pid = holder.id();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let start: u64 = stat[stat.rfind(')').unwrap() + 2..]
        .split_whitespace()
        .nth(19)
        .unwrap()
        .parse()
        .unwrap();
    let lock = format!(
        "user = \"anna\"\nhost = \"{}\"\npid = {pid}\npid_start = {start}\nstarted = \"2026-12-01T09:00:00Z\"\nprogram = \"workstation\"\n",
        factdesk::project::lock::hostname()
    );
    std::fs::write(anna.dir.join("factdesk.lock"), lock).unwrap();
    let commits = anna.git(&["rev-list", "--count", "HEAD"]).ok().stdout;
    let r = anna.fd(&["sync"]).fails();
    assert!(
        r.stderr.contains("not synced") && r.stderr.contains(&format!("pid {pid}")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("unsaved edits"), "{}", r.stderr);
    assert_eq!(
        anna.git(&["rev-list", "--count", "HEAD"]).ok().stdout,
        commits,
        "nothing committed"
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    // Once the holder is gone, the stale lock is taken over and the sync goes through.
    anna.sync();
    assert_ne!(
        anna.git(&["rev-list", "--count", "HEAD"]).ok().stdout,
        commits
    );
}

#[test]
fn after_one_sync_a_plain_git_pull_merges_claims_with_the_driver() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    ben.sync(); // installs the drivers in ben's repository config
    anna.set(4, &["--rating", "Unbelegt"]);
    anna.sync();
    ben.set(4, &["--notes", "per Hand gezogen"]);
    ben.git(&["commit", "--quiet", "-am", "ben by hand"]).ok();
    ben.git(&[
        "pull",
        "--quiet",
        "--no-rebase",
        "--no-edit",
        "origin",
        "main",
    ])
    .ok();
    assert!(files_with_markers(&ben.dir).is_empty());
    let c = ben.claim(4);
    assert_eq!(
        (c["rating"].as_str(), c["notes"].as_str()),
        (Some("Unbelegt"), Some("per Hand gezogen"))
    );
}

#[test]
fn verdicts_arriving_through_sync_are_filed_in_each_members_library() {
    let desk = Desk::new(&["anna", "ben"], |m| {
        let dir = m.dir.to_str().unwrap();
        m.fd(&["init", dir, "--language", "en", "--scale", "politifact"])
            .ok();
        let article = m.dir.with_extension("txt");
        std::fs::write(
            &article,
            "Unemployment fell to 3.4 percent in January, the lowest rate since 1969.\n",
        )
        .unwrap();
        m.fd(&["article", "add", article.to_str().unwrap()]).ok();
    });
    let (anna, ben) = (desk.m(0), desk.m(1));
    anna.set(1, &["--rating", "True", "--explanation", "BLS figures."]);
    anna.sync();
    let before = ben.fd(&["library", "ls", "--json"]).ok().stdout;
    assert!(!before.contains("Unemployment fell"), "{before}");
    ben.sync();
    let after = ben.fd(&["library", "ls", "--json"]).ok().stdout;
    let entries: Vec<serde_json::Value> = serde_json::from_str(&after).unwrap();
    let e = entries
        .iter()
        .find(|e| {
            e["claim"]
                .as_str()
                .unwrap_or("")
                .contains("Unemployment fell")
        })
        .unwrap_or_else(|| panic!("not filed: {after}"));
    assert_eq!(e["rating"], "True");
    assert!(e["origin"]
        .as_str()
        .unwrap()
        .contains(ben.dir.file_name().unwrap().to_str().unwrap()));
}

#[test]
fn an_approval_merged_with_a_later_edit_from_another_machine_is_voided() {
    let desk = Desk::new(&["anna", "ben"], |m| {
        demo(m);
        let manifest = m.dir.join("factdesk.toml");
        let text = std::fs::read_to_string(&manifest).unwrap() + "\n[review]\ntwo_person = true\n";
        std::fs::write(manifest, text).unwrap();
    });
    let (anna, ben) = (desk.m(0), desk.m(1));
    anna.set(
        2,
        &["--rating", "Unbelegt", "--explanation", "Erste Fassung."],
    );
    anna.fd(&["review", "request", "2"]).ok();
    anna.sync();
    ben.sync();
    // Ben approves what he pulled while Anna, offline, rewrites the explanation.
    ben.fd(&["review", "approve", "2"]).ok();
    anna.set(2, &["--explanation", "Zweite Fassung."]);
    anna.sync();
    let r = ben.sync();
    assert!(
        r.stdout.contains("claim 2: approval voided"),
        "{}",
        r.stdout
    );
    anna.sync();
    for m in [anna, ben] {
        let c = m.claim(2);
        assert_eq!(c["explanation"], "Zweite Fassung.");
        assert_eq!(
            (c["status"].as_str(), c["reviewer"].as_str()),
            (Some("needs-review"), Some("")),
            "{}: {c}",
            m.name
        );
    }
    // The void is on record, and Ben can approve the new version.
    assert!(anna
        .fd(&["history", "2"])
        .ok()
        .stdout
        .contains("review.void"));
    ben.fd(&["review", "approve", "2"]).ok();
    assert_eq!(ben.claim(2)["status"], "done");
}

#[test]
fn sources_arriving_through_sync_are_searchable_at_once() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    // Ben's clone builds its index (not kept in git) on first search.
    ben.fd(&["search", "Kirby"]).ok();
    let note = desk.tmp.path().join("zollbericht.md");
    std::fs::write(
        &note,
        "# Zollbericht\n\nDer Frachter Angara lief im Hafen Rajin ein.\n",
    )
    .unwrap();
    anna.fd(&["source", "add", note.to_str().unwrap()]).ok();
    anna.sync();
    assert!(!ben
        .fd(&["search", "Angara"])
        .ok()
        .stdout
        .contains("Zollbericht"));
    let r = ben.sync();
    assert!(r.stdout.contains("search index rebuilt"), "{}", r.stdout);
    let found = ben.fd(&["search", "Angara"]).ok();
    assert!(
        found.stdout.contains("Zollbericht"),
        "{}\n{}",
        found.stdout,
        found.stderr
    );
}

/// The same with a real workstation in a real terminal (tmux): while it is open, with an
/// explanation typed and saved in it, `sync` is refused and commits nothing; once it has quit, the next
/// sync carries the text to the hub and a colleague gets it.
#[test]
fn sync_waits_for_a_real_workstation_and_then_carries_what_was_typed_in_it() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    let bin = env!("CARGO_BIN_EXE_factdesk");
    let dir = anna.dir.display().to_string();
    let data = format!("FACTDESK_DATA_DIR={}", anna.data.display());
    let cmd = [
        "env",
        "FACTDESK_USER=anna",
        "GIT_CONFIG_GLOBAL=/dev/null",
        &data,
        bin,
        "open",
        &dir,
    ];
    let Some(t) = tmux::Tmux::start("sync", &cmd, 100, 30) else {
        return;
    };
    t.wait_for("? help");
    t.keys(&["e"]);
    t.wait_for("editing");
    t.text("Zollzahlen erfragt");
    t.keys(&["Escape"]);
    t.wait_for("saved ");
    let commits = anna.git(&["rev-list", "--count", "HEAD"]).ok().stdout;
    let r = anna.fd(&["sync"]).fails();
    assert!(
        r.stderr.contains("not synced") && r.stderr.contains("unsaved edits"),
        "{}",
        r.stderr
    );
    assert_eq!(
        anna.git(&["rev-list", "--count", "HEAD"]).ok().stdout,
        commits,
        "nothing committed while the workstation is open"
    );
    t.keys(&["q"]);
    let t0 = std::time::Instant::now();
    while anna.dir.join("factdesk.lock").exists() {
        assert!(t0.elapsed().as_secs() < 20, "the workstation did not quit");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    anna.sync();
    ben.sync();
    let noted: Vec<_> = ben
        .claims()
        .into_iter()
        .filter(|c| {
            c["explanation"]
                .as_str()
                .unwrap_or("")
                .contains("Zollzahlen erfragt")
        })
        .collect();
    assert_eq!(noted.len(), 1, "ben has anna's text: {:?}", ben.claims());
}

/// A field a sync left with two values is not decided: the reports show both values marked,
/// and the claim cannot be set to done until `factdesk claim resolve` settles it.
#[test]
fn an_open_conflict_is_marked_in_the_reports_and_blocks_done() {
    let desk = Desk::new(&["anna", "ben"], demo);
    let (anna, ben) = (desk.m(0), desk.m(1));
    anna.set(
        9,
        &["--rating", "Richtig", "--explanation", "Annas Begründung."],
    );
    ben.set(
        9,
        &["--rating", "Unbelegt", "--explanation", "Bens Begründung."],
    );
    anna.sync();
    ben.sync();
    let report = |format: &str| {
        ben.fd(&["export", "--format", format, "--out", "-"])
            .ok()
            .stdout
    };
    let md = report("md");
    let marked = "- **⚠ Ungeklärter Sync-Konflikt:** Bewertung: “Unbelegt” / “Richtig”";
    assert!(md.contains(marked), "{md}");
    assert!(
        md.contains("Begründung: “Bens Begründung.” / “Annas Begründung.”"),
        "{md}"
    );
    let html = report("html");
    assert!(
        html.contains("⚠ Ungeklärter Sync-Konflikt</dt><dd class=\"conflict\">Bewertung: “Unbelegt” / “Richtig”"),
        "{html}"
    );

    // Done is refused while a field is open, naming it and the command that settles it.
    let before = ben.claim(9);
    let done = ["verdict", "set", "9", "--status", "done"];
    let r = ben.fd(&done).fails();
    assert!(
        r.stderr.contains("not set to done")
            && r.stderr.contains("verdict.explanation, verdict.rating")
            && r.stderr.contains("`factdesk claim resolve 9 explanation`"),
        "{}",
        r.stderr
    );
    assert_eq!(ben.claim(9), before, "a refused edit changes nothing");

    ben.fd(&["claim", "resolve", "9", "rating", "--pick", "1"])
        .ok();
    let r = ben.fd(&done).fails();
    assert!(
        r.stderr.contains("conflict in verdict.explanation open"),
        "{}",
        r.stderr
    );
    ben.fd(&["claim", "resolve", "9", "explanation", "--pick", "1"])
        .ok();
    ben.fd(&done).ok();
    assert!(!report("md").contains("Sync-Konflikt"));
}

//! The desk's rules on one project: who is working, two-person review, corrections after
//! publishing, assignments and bulk actions. Real binary, real files; several people are
//! several FACTDESK_USER values on the same folder.

mod desk_support;

use std::path::Path;

use desk_support::{demo, git_in, Member};
use factdesk::edit;
use factdesk::project::claim::{Status, Triage};
use factdesk::project::{Access, Project};

struct Office {
    _tmp: tempfile::TempDir,
    people: Vec<Member>,
}

/// The demo project, worked on by anna, ben and carl.
fn office(two_person: bool) -> Office {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let people: Vec<Member> = ["anna", "ben", "carl"]
        .iter()
        .map(|n| Member {
            name: n.to_string(),
            dir: dir.clone(),
            data: tmp.path().join("data"),
        })
        .collect();
    demo(&people[0]);
    if two_person {
        let manifest = dir.join("factdesk.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        text.push_str("\n[review]\ntwo_person = true\n");
        std::fs::write(&manifest, text).unwrap();
    }
    Office { _tmp: tmp, people }
}

fn last_entry(dir: &Path, action: &str) -> serde_json::Value {
    let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap();
    let line = log
        .lines()
        .rev()
        .find(|l| l.contains(&format!("\"action\":\"{action}\"")))
        .unwrap_or_else(|| panic!("no {action} in the log"));
    serde_json::from_str(line).unwrap()
}

#[test]
fn two_person_review_refuses_the_author_and_lets_a_second_person_approve() {
    let o = office(true);
    let (anna, ben, carl) = (&o.people[0], &o.people[1], &o.people[2]);
    anna.set(
        2,
        &[
            "--rating",
            "Unbelegt",
            "--explanation",
            "Keine Belege genannt.",
        ],
    );
    assert_eq!(anna.claim(2)["author"], "anna");
    let r = anna
        .fd(&["verdict", "set", "2", "--status", "done"])
        .fails();
    assert!(
        r.stderr.contains("two-person review") && r.stderr.contains("review approve 2"),
        "{}",
        r.stderr
    );
    let r = ben.fd(&["review", "approve", "2"]).fails();
    assert!(
        r.stderr.contains("review request 2"),
        "approve before a request: {}",
        r.stderr
    );
    anna.fd(&["review", "request", "2"]).ok();
    assert_eq!(anna.claim(2)["status"], "needs-review");
    // Only someone else sees it as theirs to review.
    assert!(ben
        .fd(&["claims", "--to-review"])
        .ok()
        .stdout
        .contains("   2 "));
    assert!(anna
        .fd(&["claims", "--to-review"])
        .ok()
        .stdout
        .trim()
        .is_empty());
    let r = anna.fd(&["review", "approve", "2"]).fails();
    assert!(r.stderr.contains("anna wrote this verdict"), "{}", r.stderr);
    let r = anna
        .fd(&["verdict", "set", "2", "--reviewer", "anna"])
        .fails();
    assert!(r.stderr.contains("review approve"), "{}", r.stderr);

    ben.fd(&["review", "approve", "2", "--comment", "Passt."])
        .ok();
    let c = ben.claim(2);
    assert_eq!(
        (c["status"].as_str(), c["reviewer"].as_str()),
        (Some("done"), Some("ben"))
    );
    let approval = last_entry(&anna.dir, "review.approve");
    assert_eq!(approval["user"], "ben");
    assert_eq!(approval["note"], "Passt.");
    assert!(
        approval["to"].as_str().unwrap().starts_with("sha256:"),
        "{approval}"
    );
    assert!(
        approval["at"].as_str().unwrap().starts_with("20"),
        "{approval}"
    );

    // A later change of the explanation voids the approval: back to review, no reviewer.
    anna.set(
        2,
        &[
            "--explanation",
            "Keine Belege genannt; Satellitenbilder zeigen Container.",
        ],
    );
    let c = anna.claim(2);
    assert_eq!(
        (c["status"].as_str(), c["reviewer"].as_str()),
        (Some("needs-review"), Some(""))
    );
    assert_eq!(last_entry(&anna.dir, "review.void")["from"], "ben");
    // Notes are not the verdict: they change nothing about an approval.
    ben.fd(&["review", "approve", "2"]).ok();
    anna.set(2, &["--notes", "Anmerkung"]);
    assert_eq!(anna.claim(2)["status"], "done");

    // Everyone who wrote rating or explanation is an author: the third person approves.
    anna.set(5, &["--rating", "Richtig"]);
    ben.set(5, &["--explanation", "Laut Reuters."]);
    anna.fd(&["review", "request", "5"]).ok();
    let r = anna.fd(&["review", "approve", "5"]).fails();
    assert!(r.stderr.contains("anna wrote"), "{}", r.stderr);
    let r = ben.fd(&["review", "approve", "5"]).fails();
    assert!(r.stderr.contains("ben wrote"), "{}", r.stderr);
    carl.fd(&["review", "approve", "5"]).ok();

    // A rejection sends it back with the comment.
    anna.set(7, &["--rating", "Falsch", "--explanation", "Nein."]);
    anna.fd(&["review", "request", "7"]).ok();
    let r = ben.fd(&["review", "reject", "7", "--comment", ""]).fails();
    assert!(r.stderr.contains("comment"), "{}", r.stderr);
    ben.fd(&["review", "reject", "7", "--comment", "Quelle fehlt."])
        .ok();
    let c = anna.claim(7);
    assert_eq!(c["status"], "in-progress");
    let show = anna.fd(&["claim", "show", "7"]).ok().stdout;
    assert!(show.contains("review:      Quelle fehlt."), "{show}");
    // Only approved claims can be published.
    let r = anna.fd(&["review", "publish", "7"]).fails();
    assert!(r.stderr.contains("not done"), "{}", r.stderr);
}

#[test]
fn a_published_verdict_changes_only_with_a_correction_shown_in_every_report() {
    let o = office(false);
    let anna = &o.people[0];
    anna.fd(&["claim", "edit", "2", "--claimant", "Dmitri Peskow"])
        .ok();
    anna.set(
        2,
        &[
            "--rating",
            "Unbelegt",
            "--explanation",
            "Erste Fassung.",
            "--status",
            "done",
        ],
    );
    let exports = anna.dir.join("exports");
    // A draft publishes nothing.
    anna.fd(&["export", "--format", "html", "--draft", "--out", "-"])
        .ok();
    assert!(anna.claim(2)["published"].as_array().unwrap().is_empty());
    let r = anna.fd(&["export", "--format", "html"]).ok();
    assert!(r.stdout.contains("published: claim 2"), "{}", r.stdout);
    // Exporting again with nothing changed adds no version.
    anna.fd(&["export", "--format", "md"]).ok();
    assert_eq!(anna.claim(2)["published"].as_array().unwrap().len(), 1);

    let r = anna
        .fd(&["verdict", "set", "2", "--rating", "Falsch"])
        .fails();
    assert!(
        r.stderr.contains("was published on") && r.stderr.contains("--correction"),
        "{}",
        r.stderr
    );
    assert_eq!(anna.claim(2)["rating"], "Unbelegt", "nothing changed");
    let r = anna
        .fd(&[
            "verdict",
            "set",
            "2",
            "--notes",
            "x",
            "--correction",
            "nichts",
        ])
        .fails();
    assert!(
        r.stderr.contains("neither rating nor explanation changed"),
        "{}",
        r.stderr
    );
    anna.set(
        2,
        &[
            "--rating",
            "Falsch",
            "--explanation",
            "Zweite Fassung.",
            "--correction",
            "Neue Satellitenbilder belegen Lieferungen.",
        ],
    );
    let c = anna.claim(2);
    assert_eq!(
        c["corrections"][0]["text"],
        "Neue Satellitenbilder belegen Lieferungen."
    );
    assert_eq!(c["corrections"][0]["by"], "anna");

    for (format, file) in [
        ("html", "report.html"),
        ("md", "report.md"),
        ("json", "report.json"),
    ] {
        anna.fd(&["export", "--format", format, "--force"]).ok();
        let text = std::fs::read_to_string(exports.join(file)).unwrap();
        assert!(
            text.contains("Neue Satellitenbilder belegen Lieferungen."),
            "{format}"
        );
        let heading = if format == "json" {
            "corrections"
        } else {
            "Korrekturen"
        };
        assert!(text.contains(heading), "{format} has a corrections section");
    }
    anna.fd(&["export", "--format", "claimreview", "--force"])
        .ok();
    let reviews: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(exports.join("claimreview.jsonld")).unwrap())
            .unwrap();
    let review = &reviews[0];
    let first = c["published"][0]["at"].as_str().unwrap();
    assert_eq!(review["datePublished"], first[..10]);
    let corrected = c["corrections"][0]["at"].as_str().unwrap();
    assert_eq!(review["dateModified"], corrected[..10]);
    assert_eq!(review["reviewRating"]["alternateName"], "Falsch");

    // Both published versions stay readable in the history.
    let history = anna.fd(&["history", "2"]).ok().stdout;
    assert!(
        history.contains("published version 1") && history.contains("Erste Fassung."),
        "{history}"
    );
    assert!(
        history.contains("published version 2") && history.contains("Zweite Fassung."),
        "{history}"
    );
    assert!(history.contains("verdict.correction"), "{history}");
}

#[test]
fn an_export_while_the_project_is_held_still_writes_and_names_what_was_not_recorded() {
    let o = office(false);
    let anna = &o.people[0];
    anna.fd(&["claim", "edit", "3", "--claimant", "Peskow"])
        .ok();
    anna.set(
        3,
        &[
            "--rating",
            "Richtig",
            "--explanation",
            "Ja.",
            "--status",
            "done",
        ],
    );
    let mut holder = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    let pid = holder.id();
    let lock = format!(
        "user = \"ben\"\nhost = \"{}\"\npid = {pid}\nstarted = \"2026-12-01T09:00:00Z\"\nprogram = \"workstation\"\n",
        factdesk::project::lock::hostname()
    );
    std::fs::write(anna.dir.join("factdesk.lock"), lock).unwrap();
    let r = anna.fd(&["export", "--format", "md"]).ok();
    assert!(anna.dir.join("exports/report.md").exists());
    assert!(
        r.stderr.contains("claim 3 not recorded as published")
            && r.stderr.contains("review publish 3"),
        "{}",
        r.stderr
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    anna.fd(&["review", "publish", "3"]).ok();
    assert_eq!(anna.claim(3)["published"].as_array().unwrap().len(), 1);
}

#[test]
fn assignments_filter_the_claim_list() {
    let o = office(false);
    let (anna, ben) = (&o.people[0], &o.people[1]);
    anna.fd(&["claim", "assign", "3", "ben"]).ok();
    anna.fd(&["claim", "assign", "9", "anna"]).ok();
    let ids = |r: desk_support::Run| -> Vec<String> {
        r.stdout
            .lines()
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(anna.fd(&["claims", "--assignee", "ben"]).ok()), ["3"]);
    assert_eq!(ids(ben.fd(&["claims", "--mine"]).ok()), ["3"]);
    assert_eq!(ids(anna.fd(&["claims", "--mine"]).ok()), ["9"]);
    assert!(anna.fd(&["claims"]).ok().stdout.contains("@ben"));
    let entry = last_entry(&anna.dir, "claim.assign");
    assert_eq!(
        (entry["user"].as_str(), entry["to"].as_str()),
        (Some("anna"), Some("anna"))
    );
    anna.fd(&["claim", "unassign", "3"]).ok();
    assert!(ben.fd(&["claims", "--mine"]).ok().stdout.trim().is_empty());
}

#[test]
fn who_is_working_comes_from_factdesk_user_then_git_then_the_account() {
    let o = office(false);
    let dir = &o.people[0].dir;
    let run = |factdesk_user: Option<&str>, args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_factdesk"));
        cmd.arg("--project").arg(dir).args(args);
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        match factdesk_user {
            Some(u) => cmd.env("FACTDESK_USER", u),
            None => cmd.env_remove("FACTDESK_USER"),
        };
        assert!(cmd.status().unwrap().success());
    };
    let account = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| {
            String::from_utf8(
                std::process::Command::new("id")
                    .arg("-un")
                    .output()
                    .unwrap()
                    .stdout,
            )
            .unwrap()
            .trim()
            .to_string()
        });
    run(None, &["verdict", "set", "1", "--notes", "a"]);
    assert_eq!(last_entry(dir, "verdict.notes")["user"], account.as_str());
    git_in(dir, &["init", "--quiet"]).ok();
    git_in(dir, &["config", "user.email", "anna@desk.example"]).ok();
    run(None, &["verdict", "set", "1", "--notes", "b"]);
    assert_eq!(
        last_entry(dir, "verdict.notes")["user"],
        "anna@desk.example"
    );
    git_in(dir, &["config", "user.name", "Anna Berg"]).ok();
    run(None, &["verdict", "set", "1", "--rating", "Richtig"]);
    assert_eq!(last_entry(dir, "verdict.rating")["user"], "Anna Berg");
    let c: serde_json::Value = serde_json::from_str(
        &o.people[1]
            .fd(&["claim", "show", "1", "--json"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(c["author"], "Anna Berg");
    run(Some("ben"), &["verdict", "set", "1", "--notes", "c"]);
    assert_eq!(last_entry(dir, "verdict.notes")["user"], "ben");
}

#[test]
fn bulk_actions_change_every_claim_they_can_and_name_the_others() {
    let o = office(true);
    let dir = &o.people[0].dir;
    let mut p = Project::open(dir, Access::Write).unwrap();
    let bulk = edit::set_status_many(&mut p, &[1, 2, 99], Status::InProgress);
    assert_eq!(bulk.saved.len(), 2);
    assert_eq!(bulk.failed.len(), 1);
    assert!(bulk.failed[0].contains("99"), "{:?}", bulk.failed);
    // Done stays the reviewer's, for many claims as for one.
    let bulk = edit::set_status_many(&mut p, &[1, 2], Status::Done);
    assert!(bulk.saved.is_empty());
    assert!(
        bulk.failed.iter().all(|m| m.contains("two-person review")),
        "{:?}",
        bulk.failed
    );
    let bulk = edit::assign_many(&mut p, &[3, 4, 5], "ben");
    assert_eq!(bulk.saved.len(), 3);
    let bulk = edit::set_triage_many(&mut p, &[3, 4], Triage::Dropped);
    assert_eq!(bulk.saved.len(), 2);
    let set = p.load_claims().unwrap();
    for c in &set.claims {
        match c.id {
            1 | 2 => assert_eq!(c.verdict.status, Status::InProgress),
            3 | 4 => assert_eq!((c.assignee.as_str(), c.triage), ("ben", Triage::Dropped)),
            5 => assert_eq!(c.assignee, "ben"),
            _ => assert_eq!(c.verdict.status, Status::Open),
        }
    }
}

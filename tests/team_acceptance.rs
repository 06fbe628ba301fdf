//! Acceptance for #16: three clones edit the demo project and sync in turns. They end with
//! identical projects in which no edit is lost; conflicts are kept and visible; no file holds
//! git conflict markers.

mod desk_support;

use desk_support::{demo, files_with_markers, project_files, Desk, Member};
use serde_json::Value;

/// An edit someone made: after the syncs the claim must hold `value` in `field`, or keep it
/// as one of the values of a recorded conflict.
struct Edit {
    who: &'static str,
    claim: u32,
    field: &'static str,
    value: &'static str,
}

fn set(m: &Member, claim: u32, field: &'static str, value: &'static str, edits: &mut Vec<Edit>) {
    let flag = format!("--{field}");
    m.set(claim, &[&flag, value]);
    edits.push(Edit {
        who: match m.name.as_str() {
            "anna" => "anna",
            "ben" => "ben",
            _ => "carl",
        },
        claim,
        field,
        value,
    });
}

/// `who` quotes the source as evidence for claim 5. The quotes name who made them, so they are
/// not in the source: kept as unverified.
fn quote(who: &Member, source: &str, text: &str, stance: &str) {
    who.fd(&[
        "evidence",
        "add",
        "5",
        "--source",
        source,
        "--quote",
        text,
        "--stance",
        stance,
        "--unverified",
    ])
    .ok();
}

fn kept(c: &Value, e: &Edit) -> bool {
    if c[e.field] == e.value {
        return true;
    }
    let path = format!("verdict.{}", e.field);
    c["conflicts"].as_array().unwrap().iter().any(|k| {
        k["field"] == path.as_str() && k["values"].as_array().unwrap().iter().any(|v| v == e.value)
    })
}

#[test]
fn three_clones_syncing_in_turns_end_identical_with_no_edit_lost() {
    let desk = Desk::new(&["anna", "ben", "carl"], demo);
    let (anna, ben, carl) = (desk.m(0), desk.m(1), desk.m(2));
    let mut edits = Vec::new();
    let source = {
        let r = anna.fd(&["source", "ls", "--json"]).ok();
        let list: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
        list[0]["id"].as_str().unwrap().to_string()
    };

    // Round 1: different claims, different fields of one claim, the same field twice.
    set(anna, 2, "rating", "Unbelegt", &mut edits);
    set(
        anna,
        2,
        "explanation",
        "Anna: keine Belege genannt.",
        &mut edits,
    );
    anna.fd(&["claim", "assign", "9", "carl"]).ok();
    anna.fd(&["claim", "add", "--text", "Quelle: Agenturen"])
        .ok();
    set(ben, 2, "notes", "Ben: Zitat prüfen", &mut edits);
    set(ben, 7, "rating", "Teilweise falsch", &mut edits);
    set(
        ben,
        9,
        "explanation",
        "Ben: Satellitenbilder zeigen Container.",
        &mut edits,
    );
    quote(ben, &source, "Ben zitiert", "context");
    ben.fd(&["claim", "add", "--text", "Der Kreml-Sprecher bekräftigte"])
        .ok();
    set(carl, 9, "rating", "Richtig", &mut edits);
    set(
        carl,
        9,
        "explanation",
        "Carl: Kirby bestätigte die Lieferungen.",
        &mut edits,
    );
    set(carl, 7, "notes", "Carl: NYT-Artikel lesen", &mut edits);
    carl.fd(&["claim", "keep", "1", "3"]).ok();
    carl.fd(&["claim", "add", "--text", "Den Bildern ist zu entnehmen"])
        .ok();
    for m in [anna, ben, carl] {
        m.sync();
    }

    // Round 2: on top of what each has seen, plus another clash.
    set(anna, 11, "rating", "Unbelegt", &mut edits);
    set(anna, 12, "notes", "Anna: Tichorezk", &mut edits);
    set(ben, 2, "rating", "Falsch", &mut edits);
    edits.retain(|e| !(e.claim == 2 && e.field == "rating" && e.who == "anna"));
    quote(ben, &source, "Ben zitiert nochmal", "refutes");
    set(carl, 12, "notes", "Carl: 290 Kilometer", &mut edits);
    quote(carl, &source, "Carl zitiert", "supports");
    for m in [anna, ben, carl, anna, ben] {
        m.sync();
    }
    // Once more each: nothing new anywhere.
    for m in [anna, ben, carl] {
        let r = m.sync();
        assert!(
            r.stdout.contains("nothing new to commit"),
            "{}: {}",
            m.name,
            r.stdout
        );
    }

    // Identical projects, the same commit everywhere, no conflict markers.
    let head = anna.git(&["rev-parse", "HEAD"]).ok().stdout;
    for m in [ben, carl] {
        assert_eq!(
            m.git(&["rev-parse", "HEAD"]).ok().stdout,
            head,
            "{}",
            m.name
        );
        assert!(
            project_files(&m.dir) == project_files(&anna.dir),
            "{} differs from anna",
            m.name
        );
    }
    for m in [anna, ben, carl] {
        assert!(
            files_with_markers(&m.dir).is_empty(),
            "{}: {:?}",
            m.name,
            files_with_markers(&m.dir)
        );
        assert!(
            m.git(&["status", "--porcelain"])
                .ok()
                .stdout
                .trim()
                .is_empty(),
            "{} is clean",
            m.name
        );
    }

    // No edit lost: every value is in its field or kept in a conflict.
    for e in &edits {
        let c = carl.claim(e.claim);
        assert!(
            kept(&c, e),
            "{}'s {} of claim {} = {:?} lost: {c}",
            e.who,
            e.field,
            e.claim,
            e.value
        );
    }
    assert_eq!(carl.claim(9)["assignee"], "carl");
    assert_eq!(carl.claim(1)["triage"], "kept");
    assert_eq!(carl.claim(3)["triage"], "kept");
    let quotes: Vec<String> = carl.claim(5)["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["quote"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(quotes.len(), 3, "{quotes:?}");
    for q in ["Ben zitiert", "Ben zitiert nochmal", "Carl zitiert"] {
        assert!(quotes.iter().any(|x| x == q), "{q} lost: {quotes:?}");
    }
    // The three new claims each have a number of their own.
    let claims = carl.claims();
    let new_ids: Vec<u64> = [
        "Quelle: Agenturen",
        "Der Kreml-Sprecher bekräftigte",
        "Den Bildern ist zu entnehmen",
    ]
    .iter()
    .map(|t| {
        claims
            .iter()
            .filter(|c| c["text"] == *t)
            .map(|c| c["id"].as_u64().unwrap())
            .max()
            .unwrap()
    })
    .collect();
    let mut sorted = new_ids.clone();
    sorted.sort();
    assert_eq!(sorted, [15, 16, 17], "{new_ids:?}");
    // Anna's was on the hub first: it kept its number.
    assert_eq!(new_ids[0], 15, "{new_ids:?}");

    // Conflicts kept and visible: claim 9's explanation, claim 12's notes.
    let listed = anna.fd(&["claims", "--conflicts"]).ok().stdout;
    let ids: Vec<&str> = listed
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["9", "12"], "{listed}");
    let show = ben.fd(&["claim", "show", "12"]).ok().stdout;
    assert!(show.contains("conflict in verdict.notes"), "{show}");
    assert!(
        show.contains("Anna: Tichorezk") && show.contains("Carl: 290 Kilometer"),
        "{show}"
    );
    // Every member's log holds every member's entries once.
    let log = anna.log_lines();
    let unique: std::collections::BTreeSet<&String> = log.iter().collect();
    assert_eq!(unique.len(), log.len());
    for who in ["anna", "ben", "carl"] {
        assert!(
            log.iter()
                .any(|l| l.contains(&format!("\"user\":\"{who}\"")) && l.contains("verdict.")),
            "{who}"
        );
    }
}

//! The foundation end to end: demo, claims, verdicts, evidence, export, through the binary.

mod common;
use common::*;

#[test]
fn demo_lists_every_sentence_of_the_seed_article_as_a_claim() {
    let (_tmp, dir) = demo_project();
    let claims = claims_json(&dir);
    let seed = include_str!("../src/demo/article.txt");
    let texts: Vec<&str> = claims.iter().map(|c| c["text"].as_str().unwrap()).collect();
    for sentence in factdesk::text::sentences::split_str(seed) {
        assert!(
            texts.contains(&sentence),
            "sentence missing from claims: {sentence}"
        );
    }
    for t in &texts {
        assert!(
            !t.ends_with("17.10.2023") && !t.ends_with("(17.10.2023"),
            "cut at the date: {t}"
        );
        assert!(!t.ends_with("am 13."), "cut at the ordinal: {t}");
    }
    for key in [
        "id",
        "article",
        "text",
        "span",
        "status",
        "rating",
        "explanation",
        "evidence",
    ] {
        assert!(
            claims[0].get(key).is_some(),
            "claim JSON lacks {key}: {}",
            claims[0]
        );
    }
    // The span points at the text in the article's normalised text.
    let article_id = claims[0]["article"].as_str().unwrap();
    let text =
        std::fs::read_to_string(dir.join("articles").join(article_id).join("text.txt")).unwrap();
    for c in &claims {
        let span = c["span"].as_array().unwrap();
        let (a, b) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        let slice: String = text.chars().skip(a).take(b - a).collect();
        assert_eq!(slice, c["text"].as_str().unwrap());
    }
}

#[test]
fn every_field_round_trips_through_the_cli() {
    let (_tmp, dir) = demo_project();
    ok(fd(
        &dir,
        &[
            "verdict",
            "set",
            "7",
            "--rating",
            "teilweise FALSCH",
            "--status",
            "needs review",
            "--explanation",
            "Zeile 1\nZeile 2",
            "--notes",
            "NYT prüfen",
            "--reviewer",
            "anna",
        ],
    ));
    let sources = ok(fd(&dir, &["source", "ls", "--json"]));
    let sources: Vec<serde_json::Value> = serde_json::from_str(&sources.stdout).unwrap();
    let nyt = sources
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains("New York Times"))
        .expect("NYT note");
    let id = nyt["id"].as_str().unwrap();
    ok(fd(
        &dir,
        &[
            "evidence",
            "add",
            "7",
            "--source",
            &id[..10],
            "--quote",
            "Er sagt nicht, dass Kim sich bereit erklärt habe",
            "--stance",
            "refutes",
        ],
    ));
    ok(fd(
        &dir,
        &[
            "claim",
            "edit",
            "7",
            "--claimant",
            "New York Times (laut Artikel)",
        ],
    ));
    let c = &claims_json(&dir)
        .into_iter()
        .find(|c| c["id"] == 7)
        .unwrap();
    assert_eq!(c["rating"], "Teilweise falsch");
    // Machine-readable output spells statuses as the claim files do.
    assert_eq!(c["status"], "needs-review");
    assert_eq!(c["explanation"], "Zeile 1\nZeile 2");
    assert_eq!(c["notes"], "NYT prüfen");
    assert_eq!(c["reviewer"], "anna");
    assert_eq!(c["claimant"], "New York Times (laut Artikel)");
    assert_eq!(c["triage"], "kept");
    let ev = &c["evidence"][0];
    assert_eq!(ev["source"], id);
    assert_eq!(ev["stance"], "refutes");
    let range = ev["range"]
        .as_array()
        .expect("quote found in the source, so it has a range");
    assert!(range[0].as_u64().unwrap() < range[1].as_u64().unwrap());
    // And the history shows each change.
    let h = ok(fd(&dir, &["history", "7"]));
    for action in [
        "verdict.rating",
        "verdict.status",
        "verdict.explanation",
        "evidence.add",
        "claim.claimant",
    ] {
        assert!(
            h.stdout.contains(action),
            "history lacks {action}:\n{}",
            h.stdout
        );
    }
}

#[test]
fn unknown_rating_is_a_user_error_listing_the_scale() {
    let (_tmp, dir) = demo_project();
    let r = fd(&dir, &["verdict", "set", "1", "--rating", "Pants on Fire"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Größtenteils richtig"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "one line: {}", r.stderr);
}

#[test]
fn split_of_a_span_that_starts_with_whitespace_cuts_the_span_where_the_text_is_cut() {
    let (_tmp, dir) = demo_project();
    let text = "etwa 290 Kilometer von der russischen Grenze zur Ukraine entfernt";
    ok(fd(&dir, &["claim", "add", "--text", text]));
    let added = claims_json(&dir)
        .into_iter()
        .find(|c| c["text"] == text)
        .unwrap();
    let span = [
        added["span"][0].as_u64().unwrap(),
        added["span"][1].as_u64().unwrap(),
    ];
    // The same words, selected with the space before them (as a mouse or visual mode may).
    let wide = format!("{}:{}", span[0] - 1, span[1]);
    let r = ok(fd(&dir, &["claim", "add", "--span", &wide]));
    let id: String = r.stdout["added claim ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    ok(fd(&dir, &["claim", "split", &id, "--at", "19"]));
    let id: u64 = id.parse().unwrap();
    let claims = claims_json(&dir);
    let second = claims
        .iter()
        .find(|c| c["id"].as_u64() == Some(id + 1))
        .unwrap();
    assert_eq!(
        second["text"],
        "von der russischen Grenze zur Ukraine entfernt"
    );
    // The second part's span starts at "von", not one character early.
    assert_eq!(second["span"][0].as_u64().unwrap(), span[0] + 19);
    let first = claims
        .iter()
        .find(|c| c["id"].as_u64() == Some(id))
        .unwrap();
    assert_eq!(first["text"], "etwa 290 Kilometer");
}

#[test]
fn claim_add_split_merge_drop_rm() {
    let (_tmp, dir) = demo_project();
    let before = claims_json(&dir).len();
    let r = ok(fd(
        &dir,
        &[
            "claim",
            "add",
            "--text",
            "etwa 290 Kilometer von der russischen Grenze zur Ukraine entfernt",
        ],
    ));
    assert!(r.stdout.contains("290 Kilometer"));
    let claims = claims_json(&dir);
    assert_eq!(claims.len(), before + 1);
    let new_id = claims
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .max()
        .unwrap();
    ok(fd(
        &dir,
        &["claim", "split", &new_id.to_string(), "--at", "19"],
    ));
    let claims = claims_json(&dir);
    let parts: Vec<&serde_json::Value> = claims
        .iter()
        .filter(|c| c["id"].as_u64().unwrap() >= new_id)
        .collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["text"], "etwa 290 Kilometer");
    ok(fd(
        &dir,
        &[
            "claim",
            "merge",
            &new_id.to_string(),
            &(new_id + 1).to_string(),
        ],
    ));
    let merged = claims_json(&dir)
        .into_iter()
        .find(|c| c["id"].as_u64() == Some(new_id))
        .unwrap();
    assert_eq!(
        merged["text"],
        "etwa 290 Kilometer von der russischen Grenze zur Ukraine entfernt"
    );
    ok(fd(&dir, &["claim", "drop", &new_id.to_string()]));
    assert_eq!(claims_json(&dir).len(), before);
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&ok(fd(&dir, &["claims", "--json", "--all"])).stdout).unwrap();
    assert_eq!(
        all.len(),
        before + 1,
        "dropped claims stay on disk as labels"
    );
    ok(fd(&dir, &["claim", "rm", &new_id.to_string()]));
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&ok(fd(&dir, &["claims", "--json", "--all"])).stdout).unwrap();
    assert_eq!(all.len(), before);
}

#[test]
fn export_json_and_markdown_and_refuse_overwrite() {
    let (tmp, dir) = demo_project();
    ok(fd(
        &dir,
        &[
            "verdict",
            "set",
            "1",
            "--rating",
            "Richtig",
            "--explanation",
            "Peskow sagte das am 17.10.2023 in Peking.",
        ],
    ));
    let out = tmp.path().join("report.md");
    ok(fd(
        &dir,
        &["export", "--format", "md", "--out", out.to_str().unwrap()],
    ));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("Richtig") && md.contains("Peking"), "{md}");
    let again = fd(
        &dir,
        &["export", "--format", "md", "--out", out.to_str().unwrap()],
    );
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("--force"));
    ok(fd(
        &dir,
        &[
            "export",
            "--format",
            "md",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ],
    ));
    let json = ok(fd(&dir, &["export", "--format", "json", "--out", "-"]));
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["articles"][0]["claims"][0]["rating"], "Richtig");
}

#[test]
fn every_command_has_help_and_completions_work() {
    for args in [
        vec!["--help"],
        vec!["init", "--help"],
        vec!["article", "add", "--help"],
        vec!["article", "edit", "--help"],
        vec!["history", "--help"],
        vec!["claims", "--help"],
        vec!["claim", "add", "--help"],
        vec!["claim", "edit", "--help"],
        vec!["claim", "rm", "--help"],
        vec!["verdict", "set", "--help"],
        vec!["evidence", "add", "--help"],
        vec!["source", "add", "--help"],
        vec!["export", "--help"],
        vec!["demo", "--help"],
    ] {
        let r = fd_plain(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("Usage:"), "{args:?}");
    }
    let r = ok(fd_plain(&["completions", "bash"]));
    assert!(r.stdout.contains("factdesk"));
    let r = fd_plain(&["no-such-command"]);
    assert_eq!(r.code, 1, "usage errors are user errors");
}

#[test]
fn project_is_found_from_a_subdirectory() {
    let (_tmp, dir) = demo_project();
    let sub = dir.join("claims");
    let r = std::process::Command::new(bin())
        .current_dir(&sub)
        .args(["claims", "--json"])
        .output()
        .unwrap();
    assert!(r.status.success());
    let none = tempfile::tempdir().unwrap();
    let r = std::process::Command::new(bin())
        .current_dir(none.path())
        .args(["claims"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("not inside a factdesk project"));
}

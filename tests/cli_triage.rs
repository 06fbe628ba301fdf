//! Check-worthiness through the binary: scores on import, sorting, training the desk model.

mod common;
use common::*;

#[test]
fn demo_claims_sorted_by_score_put_the_checkable_ones_first() {
    let (_tmp, dir) = demo_project();
    let r = ok(fd(&dir, &["claims", "--json", "--sort", "score"]));
    let claims: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let texts: Vec<&str> = claims.iter().map(|c| c["text"].as_str().unwrap()).collect();
    let rank = |needle: &str| {
        texts
            .iter()
            .position(|t| t.contains(needle))
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    for needle in [
        "tausend Container",
        "zwischen dem 7. September",
        "290 Kilometer",
        "New York Times",
    ] {
        assert!(
            rank(needle) < 7,
            "{needle} ranks {} of {}",
            rank(needle) + 1,
            texts.len()
        );
    }
    let quelle = claims
        .iter()
        .find(|c| c["text"] == "Quelle: Agenturen")
        .unwrap();
    assert!(
        quelle["score"].as_f64().unwrap() < 0.2,
        "boilerplate scores low: {quelle}"
    );
    let r = ok(fd(&dir, &["claim", "show", "9"]));
    assert!(r.stdout.contains("check-worthiness"), "{}", r.stdout);
}

#[test]
fn triage_train_learns_from_kept_and_dropped_claims() {
    let (tmp, dir) = demo_project();
    ok(fd(&dir, &["claim", "keep", "1", "5", "7", "9", "11", "12"]));
    ok(fd(&dir, &["claim", "drop", "3", "4", "8", "14"]));
    let data = tmp.path().join("data");
    let r = std::process::Command::new(bin())
        .args(["triage", "train", "--from", dir.to_str().unwrap()])
        .env("FACTDESK_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(factdesk::triage::model_path(&data).is_file());
    let r = std::process::Command::new(bin())
        .args(["--project", dir.to_str().unwrap(), "triage", "score"])
        .env("FACTDESK_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // Scores are not edits: the change log has no line for them.
    let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap();
    assert!(!log.contains("score"));
}

//! Numbers, dates and quantities across German and English through what a user runs:
//! `factdesk init`, `source add` of a BEIR corpus (language detected per record), and
//! `search --claim` / `search --queries`. Each German claim shares only its number, date or
//! quantity with the English record it must find (no dictionary), and another record holds
//! the same digits meaning something else.

mod common;
use common::*;
use std::fs;
use std::path::Path;

const CORPUS: &[(&str, &str)] = &[
    ("miles", "The new pipeline runs for 180 miles from the port to the refinery in the north of the country."),
    ("feet", "The old pipeline was laid 180 feet below the surface of the bay, far from the shipping lanes."),
    ("thousand", "A thousand troops were moved to the border region over the weekend, officials said."),
    ("one", "The reading on the scale was 1.000 when the inspectors checked it in the morning."),
    ("date", "The border crossing was closed on Oct. 13, 2025, after days of protests by farmers."),
    ("other-date", "The border crossing was reopened on Oct. 31, 2025, when the protests by farmers ended."),
    ("year", "The company shipped 2,025 parcels from its warehouse during the holidays."),
    ("kilometre", "The new tunnel under the river is 1 km long and opened in spring."),
    ("twenty-five", "Twenty-five soldiers were wounded in the attack on the convoy."),
    ("slashed", "The ferry stopped running on 10/14/2025 after the storm."),
];

fn fd_no_dict(dir: &Path, args: &[&str]) -> Run {
    fd_env(
        dir,
        &[("FACTDESK_DICTIONARY", std::ffi::OsStr::new(""))],
        args,
    )
}

fn first_id(r: &Run) -> String {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v.as_array()
        .and_then(|a| a.first())
        .and_then(|h| h["original_id"].as_str().or(h["source_id"].as_str()))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn german_claims_find_english_records_by_their_numbers_dates_and_quantities() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(fd_plain(&["init", dir.to_str().unwrap()]));
    let corpus = tmp.path().join("corpus.jsonl");
    let lines: Vec<String> = CORPUS
        .iter()
        .map(|(id, text)| serde_json::json!({"_id": id, "title": "", "text": text}).to_string())
        .collect();
    fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    ok(fd_no_dict(
        &dir,
        &["source", "add", corpus.to_str().unwrap()],
    ));
    let claims = [
        ("c1", "Die neue Leitung ist 290 Kilometer lang.", "miles"),
        ("c2", "Es waren 1.000 Soldaten.", "thousand"),
        ("c3", "Am 13. Oktober 2025 wurde geschlossen.", "date"),
    ];
    // Numbers written as words: a German compound, "ein" before a unit.
    let worded = [
        ("Fünfundzwanzig Soldaten wurden verletzt.", "twenty-five"),
        ("Die Röhre ist ein Kilometer lang.", "kilometre"),
        // A US date written with slashes.
        ("Ab dem 14.10.2025 fuhr sie nicht mehr.", "slashed"),
    ];
    for (claim, want) in claims.iter().map(|(_, c, w)| (*c, *w)).chain(worded) {
        let r = ok(fd_no_dict(
            &dir,
            &["search", "--claim", claim, "--json", "--lexical"],
        ));
        assert_eq!(first_id(&r), want, "{claim}: {}", r.stdout);
    }
    // A year written alone finds no amount, and "1.000" in a German claim is not the English
    // "1.000" (one).
    for claim in ["Im Jahr 2025 wurde gewählt.", "Es waren 1.000 Soldaten."] {
        let r = ok(fd_no_dict(
            &dir,
            &["search", "--claim", claim, "--json", "--lexical"],
        ));
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let ids: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["original_id"].as_str())
            .collect();
        assert!(
            !ids.contains(&"year") && !ids.contains(&"one"),
            "{claim}: {ids:?}"
        );
    }
    // The same claims as a BEIR queries file, ranked into a TREC run.
    let queries = tmp.path().join("queries.jsonl");
    let lines: Vec<String> = claims
        .iter()
        .map(|(id, text, _)| serde_json::json!({"_id": id, "text": text}).to_string())
        .collect();
    fs::write(&queries, lines.join("\n") + "\n").unwrap();
    let run = tmp.path().join("run.trec");
    ok(fd_no_dict(
        &dir,
        &[
            "search",
            "--queries",
            queries.to_str().unwrap(),
            "--run",
            run.to_str().unwrap(),
            "--lexical",
        ],
    ));
    let text = fs::read_to_string(&run).unwrap();
    for (qid, _, want) in claims {
        let top = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|f| f[0] == qid && f[3] == "1")
            .map(|f| f[2].to_string());
        assert_eq!(top.as_deref(), Some(want), "{qid}: {text}");
    }
}

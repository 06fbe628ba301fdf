//! Claimants detected from the attribution in the sentence and the article: German and
//! English patterns, organisations, short names and roles resolved to the full name used
//! earlier, and the demo project's claims through the binary (detected, confirmed, edited).

mod common;
use common::*;

use factdesk::claimant::{detect, Detected};
use factdesk::project::claim::ClaimantKind::{self, Organization, Person};

fn who(article: &[&str], lang: &str) -> Vec<Option<(String, ClaimantKind)>> {
    detect(article, lang)
        .into_iter()
        .map(|d| d.map(|Detected { name, kind }| (name, kind)))
        .collect()
}

fn some(name: &str, kind: ClaimantKind) -> Option<(String, ClaimantKind)> {
    Some((name.to_string(), kind))
}

#[test]
fn german_patterns() {
    let cases: &[(&str, Option<(String, ClaimantKind)>)] = &[
        (
            "Es gebe keine Beweise, sagte der russische Präsidentensprecher Dmitri Peskow.",
            some("Dmitri Peskow", Person),
        ),
        (
            "Die Vereinigten Staaten behaupteten am 13., Nordkorea habe Container geschickt.",
            some("Vereinigte Staaten", Organization),
        ),
        (
            "Laut Bundesinnenministerin Nancy Faeser ist die Lage ernst.",
            some("Nancy Faeser", Person),
        ),
        (
            "Nach Angaben von Medien wie der New York Times hatte sich Kim bereit erklärt, Moskau zu helfen.",
            some("New York Times", Organization),
        ),
        (
            "Nach Angaben der Bundesregierung wurden 300 Anträge gestellt.",
            some("Bundesregierung", Organization),
        ),
        (
            "Dem Robert-Koch-Institut zufolge stieg die Inzidenz.",
            some("Robert-Koch-Institut", Organization),
        ),
        (
            "Einen Tag später verurteilte das Vereinigte Königreich die Entscheidung.",
            some("Vereinigtes Königreich", Organization),
        ),
        (
            "Darüber hinaus veröffentlichte das Weiße Haus Bilder, die Transporte zeigen.",
            some("Weißes Haus", Organization),
        ),
        ("Der Himmel war am Montag grau.", None),
        ("Experten erklärten, das sei unbedenklich.", None),
        ("Er sagte, das sei falsch.", None),
    ];
    for (sentence, want) in cases {
        assert_eq!(&who(&[sentence], "de")[0], want, "{sentence}");
    }
}

#[test]
fn english_patterns() {
    let cases: &[(&str, Option<(String, ClaimantKind)>)] = &[
        (
            "Obama said the deficit had doubled since 2008.",
            some("Obama", Person),
        ),
        (
            "\u{201c}We cut taxes for the middle class,\u{201d} said John Kirby, the spokesman.",
            some("John Kirby", Person),
        ),
        (
            "According to the CBO, the deficit will shrink.",
            some("CBO", Organization),
        ),
        (
            "The White House claimed that 1,000 containers were shipped.",
            some("White House", Organization),
        ),
        ("Officials said the road was closed.", None),
        ("He said that was wrong.", None),
        ("The weather was fine.", None),
    ];
    for (sentence, want) in cases {
        assert_eq!(&who(&[sentence], "en")[0], want, "{sentence}");
    }
}

#[test]
fn short_names_and_roles_resolve_to_the_full_name_used_earlier() {
    let article = [
        "Der Kreml erklärte, es gebe keine Beweise, sagte der russische Präsidentensprecher Dmitri Peskow.",
        "Die Geheimdienste „berichten dies ständig“, sagte Peskow in Peking.",
        "Der Kreml-Sprecher bekräftigte, dass Russland die Beziehungen ausbauen werde.",
        "„Wir werden diese Beziehungen in allen Bereichen ausbauen.“",
        "Der Wetterbericht sagt Regen voraus.",
        "Peskow erklärte später, er habe nichts hinzuzufügen.",
    ];
    let got = who(&article, "de");
    for i in [0, 1, 2, 3, 5] {
        assert_eq!(got[i], some("Dmitri Peskow", Person), "sentence {}", i + 1);
    }
    assert_eq!(got[4], None, "{got:?}");
    // A short name nobody introduced stays as it is.
    assert_eq!(
        who(&["Die Lage sei ernst, sagte Müller."], "de")[0],
        some("Müller", Person)
    );
    let en = [
        "\u{201c}It is over,\u{201d} said Senator Elizabeth Warren.",
        "Warren said the bill would pass.",
    ];
    assert_eq!(who(&en, "en")[1], some("Elizabeth Warren", Person));
}

#[test]
fn demo_claims_carry_detected_claimants() {
    let (_tmp, dir) = demo_project();
    let claims = claims_json(&dir);
    let of = |needle: &str| {
        claims
            .iter()
            .find(|c| c["text"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no claim with {needle:?}"))
    };
    for needle in [
        "sagte der russische Präsidentensprecher Dmitri Peskow",
        "sagte Peskow in Peking",
        "Der Kreml-Sprecher bekräftigte",
    ] {
        let c = of(needle);
        assert_eq!(c["claimant"], "Dmitri Peskow", "{c}");
        assert_eq!(c["claimant_kind"], "person", "{c}");
        assert_eq!(c["claimant_detected"], true, "{c}");
    }
    let us = of("Die Vereinigten Staaten behaupteten");
    assert_eq!(us["claimant"], "Vereinigte Staaten", "{us}");
    assert_eq!(us["claimant_kind"], "organization", "{us}");
    let quelle = of("Quelle: Agenturen");
    assert_eq!(quelle["claimant"], "", "{quelle}");
    assert_eq!(quelle["claimant_detected"], false);

    // The claim file says so, in the documented keys.
    let id = us["id"].as_u64().unwrap() as u32;
    let file = dir.join("claims").join(format!("{id:04}.toml"));
    let toml = std::fs::read_to_string(&file).unwrap();
    assert!(
        toml.contains("claimant = \"Vereinigte Staaten\"\nclaimant_kind = \"organization\"\nclaimant_detected = true\n"),
        "{toml}"
    );

    // Confirming keeps the value and ends "detected"; the change log says who and what.
    let r = ok(fd(&dir, &["claim", "confirm-claimant", &id.to_string()]));
    assert!(r.stdout.contains("confirmed"), "{}", r.stdout);
    let toml = std::fs::read_to_string(&file).unwrap();
    assert!(!toml.contains("claimant_detected"), "{toml}");
    assert!(toml.contains("claimant = \"Vereinigte Staaten\""), "{toml}");
    let log = std::fs::read_to_string(dir.join("changes.jsonl")).unwrap();
    assert!(log.contains("claim.claimant.confirm"), "{log}");

    // Editing sets name and kind (read from the name unless given) and is not "detected".
    let peskow = of("sagte Peskow in Peking")["id"].to_string();
    ok(fd(&dir, &["claim", "edit", &peskow, "--claimant", "Kreml"]));
    let c = claim_json(&dir, &peskow);
    assert_eq!(
        (&c["claimant"], &c["claimant_kind"], &c["claimant_detected"]),
        (
            &serde_json::json!("Kreml"),
            &serde_json::json!("organization"),
            &serde_json::json!(false)
        )
    );
    ok(fd(
        &dir,
        &["claim", "edit", &peskow, "--claimant-kind", "person"],
    ));
    assert_eq!(claim_json(&dir, &peskow)["claimant_kind"], "person");
    // Nothing to confirm on a claim without claimant: a clear error.
    let quelle_id = quelle["id"].to_string();
    let r = fd(&dir, &["claim", "confirm-claimant", &quelle_id]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no claimant to confirm"), "{}", r.stderr);
}

fn claim_json(dir: &std::path::Path, id: &str) -> serde_json::Value {
    let r = ok(fd(dir, &["claim", "show", id, "--json"]));
    serde_json::from_str(&r.stdout).unwrap()
}

//! The desk model: training, save/load round trip, refusal of foreign or
//! outdated files, and scoring that keeps the built-in reasons.

use factdesk::triage::{train, Model, Scorer, TrainOptions};

fn desk_decisions() -> Vec<(String, bool)> {
    let mut v = Vec::new();
    let places = ["Berlin", "Hamburg", "München", "Köln", "Leipzig"];
    for (i, city) in places.iter().cycle().take(60).enumerate() {
        v.push((
            format!(
                "In {city} stieg die Zahl der Wohnungslosen 2022 um {} Prozent.",
                3 + i
            ),
            true,
        ));
        v.push((
            format!(
                "Der Senat erklärte, im Jahr 20{:02} seien {} Millionen Euro ausgegeben worden.",
                i % 20,
                i + 2
            ),
            true,
        ));
        v.push((format!("Was sagen Sie dazu, {city}?"), false));
        v.push(("Ich finde das alles ziemlich traurig.".to_string(), false));
    }
    v
}

#[test]
fn trained_model_ranks_claims_above_chatter_and_keeps_reasons() {
    let model = train(
        &desk_decisions(),
        &TrainOptions {
            lang: "de".into(),
            ..Default::default()
        },
    );
    let claim = "In Dresden stieg die Zahl der Wohnungslosen 2021 um 12 Prozent.";
    let chatter = "Was sagen Sie dazu, Dresden?";
    assert!(
        model.score(claim) > model.threshold,
        "{}",
        model.score(claim)
    );
    assert!(
        model.score(chatter) < model.threshold,
        "{}",
        model.score(chatter)
    );
    let t = Scorer::with_model(model).score(claim, "de");
    assert!(t.reasons.iter().any(|r| r == "number"), "{:?}", t.reasons);
    assert!(t.reasons.iter().any(|r| r == "date"), "{:?}", t.reasons);
}

#[test]
fn save_and_load_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("models/checkworthy.json");
    let model = train(&desk_decisions(), &TrainOptions::default());
    model.save(&path).unwrap();
    let loaded = Model::load(&path).unwrap();
    for s in [
        "In Bonn stieg die Zahl um 7 Prozent.",
        "Ich finde das alles ziemlich traurig.",
        "",
    ] {
        assert_eq!(model.score(s), loaded.score(s), "{s}");
    }
    assert_eq!(model.threshold, loaded.threshold);
    // Saving again over the old file works (atomic replace).
    loaded.save(&path).unwrap();
}

#[test]
fn naive_bayes_scaling_is_folded_into_the_saved_weights() {
    // Models trained before the scaling (no nb, 2^18 buckets) and models
    // with it are saved the same way and both score identically after load.
    let dir = tempfile::tempdir().unwrap();
    let plain_opts = TrainOptions {
        nb: 0.0,
        hash_bits: 18,
        ..TrainOptions::default()
    };
    assert!(TrainOptions::default().nb > 0.0);
    let plain = train(&desk_decisions(), &plain_opts);
    let scaled = train(&desk_decisions(), &TrainOptions::default());
    let claim = "In Bonn stieg die Zahl um 7 Prozent.";
    assert_ne!(plain.score(claim), scaled.score(claim));
    for (name, model) in [("plain", &plain), ("scaled", &scaled)] {
        let path = dir.path().join(format!("{name}.json"));
        model.save(&path).unwrap();
        let json = std::fs::read_to_string(&path).unwrap();
        assert!(!json.contains("\"nb"), "{name}: no scale table is saved");
        let loaded = Model::load(&path).unwrap();
        assert_eq!(model.score(claim), loaded.score(claim), "{name}");
        assert!(loaded.score(claim) > loaded.threshold, "{name}");
    }
}

#[test]
fn load_refuses_foreign_and_outdated_files() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "not json").unwrap();
    let err = format!("{:#}", Model::load(&garbage).unwrap_err());
    assert!(err.contains("garbage.json"), "{err}");

    let path = dir.path().join("model.json");
    train(&desk_decisions(), &TrainOptions::default())
        .save(&path)
        .unwrap();
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    json["version"] = serde_json::json!(999);
    let old = dir.path().join("old.json");
    std::fs::write(&old, serde_json::to_vec(&json).unwrap()).unwrap();
    let err = format!("{:#}", Model::load(&old).unwrap_err());
    assert!(
        err.contains("old.json") && err.contains("version 999"),
        "{err}"
    );

    let missing = dir.path().join("missing.json");
    let err = format!("{:#}", Model::load(&missing).unwrap_err());
    assert!(err.contains("missing.json"), "{err}");
}

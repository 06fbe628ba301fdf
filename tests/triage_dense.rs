//! Sentence embeddings joining the desk's model (standardised, a stacked regression of their own):
//! the model remembers its encoder, scores without it when it is missing, uses it when it
//! is installed, and refuses an encoder that returns vectors of the wrong shape.
//!
//! multilingual-e5-small is not part of this crate; `Synonyms` stands in as an encoder whose
//! vectors carry meaning the words do not: three words for rising prices share one axis.

use std::sync::Arc;

use factdesk::triage::{train_docs, LabelledDoc, Model, Scorer, Sentence, SentenceEncoder};
use factdesk::triage::{TrainOptions, Triage};

struct Synonyms {
    id: &'static str,
    dim: usize,
}

/// Words for rising costs and for leisure: each training article uses one of them once, so
/// the words themselves teach the n-grams little and the meaning the encoder gives them is
/// what generalises. The first of each list is never in training.
const PRICES: &[&str] = &[
    "preisanstieg",
    "inflation",
    "teuerung",
    "mieterhöhung",
    "stromrechnung",
    "spritpreis",
    "nebenkosten",
    "gebühren",
    "zinsen",
    "tarife",
    "heizöl",
    "butterpreis",
    "abgaben",
    "maut",
    "beitragssatz",
    "fahrkarten",
    "rundfunkbeitrag",
    "grundsteuer",
    "wasserzins",
    "kitagebühr",
    "pachten",
];
const LEISURE: &[&str] = &[
    "ferien",
    "sommer",
    "urlaub",
    "wanderung",
    "badesee",
    "picknick",
    "konzert",
    "ausflug",
    "grillabend",
    "kinoabend",
    "strandtag",
    "radtour",
    "gartenfest",
    "zeltlager",
    "kegeln",
    "museumsnacht",
    "segeltörn",
    "bergtour",
    "tanzkurs",
    "spieleabend",
    "flohmarkt",
];

impl SentenceEncoder for Synonyms {
    fn id(&self) -> &str {
        self.id
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn encode(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let t = t.to_lowercase();
                let has = |set: &[&str]| set.iter().any(|w| t.contains(w)) as u8 as f32;
                let mut v = vec![has(PRICES), has(LEISURE), t.len() as f32 / 100.0];
                v.truncate(self.dim);
                v
            })
            .collect())
    }
}

const E5ISH: Synonyms = Synonyms {
    id: "test-synonyms",
    dim: 3,
};

/// Articles whose check-worthy sentence names a cost, the other one a pastime, in the same
/// frame.
fn articles() -> Vec<String> {
    let cities = ["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Bremen"];
    PRICES[1..]
        .iter()
        .zip(&LEISURE[1..])
        .enumerate()
        .map(|(i, (price, leisure))| {
            let c = cities[i % cities.len()];
            format!("Das Thema in {c} heißt {price}. Das Thema in {c} heißt {leisure}.")
        })
        .collect()
}

fn train_on(articles: &[String], encoder: Option<&dyn SentenceEncoder>) -> anyhow::Result<Model> {
    let split: Vec<Vec<String>> = articles
        .iter()
        .map(|a| {
            factdesk::text::sentences::split_str(a)
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    let docs: Vec<LabelledDoc> = split
        .iter()
        .map(|s| LabelledDoc {
            sentences: s.iter().map(|t| Sentence::new(t)).collect(),
            labels: vec![Some(true), Some(false)],
        })
        .collect();
    let opts = TrainOptions {
        lang: "de".into(),
        ..Default::default()
    };
    train_docs(&docs, &opts, encoder)
}

fn reasons_ok(t: &Triage) {
    assert!(!t.reasons.is_empty(), "score {} without reasons", t.score);
}

#[test]
fn embeddings_carry_meaning_to_words_never_seen_in_training() {
    let model = train_on(&articles(), Some(&E5ISH)).unwrap();
    assert_eq!(model.encoder_id(), Some("test-synonyms"));

    // The saved model keeps the encoder's id and its standardised block.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkworthy.json");
    model.save(&path).unwrap();
    let model = Model::load(&path).unwrap();
    assert_eq!(model.encoder_id(), Some("test-synonyms"));

    let unseen = "Das Thema in Dresden heißt Preisanstieg.";
    let leisure = "Das Thema in Dresden heißt Ferientag.";

    // Without the encoder: it says which one is missing and still scores, with reasons.
    let plain = Scorer::with_model(model.clone());
    assert_eq!(plain.missing_encoder(), Some("test-synonyms"));
    let without = plain.score(unseen, "de");
    reasons_ok(&without);

    // An encoder of another name is not used either.
    let other = Scorer::with_model(model.clone()).with_encoder(Arc::new(Synonyms {
        id: "another-model",
        dim: 3,
    }));
    assert_eq!(other.missing_encoder(), Some("test-synonyms"));
    assert_eq!(other.score(unseen, "de").score, without.score);

    // With it, the unseen word for rising prices pulls like the ones seen in training.
    let full = Scorer::with_model(model).with_encoder(Arc::new(E5ISH));
    assert_eq!(full.missing_encoder(), None);
    let with = full.score(unseen, "de");
    let low = full.score(leisure, "de");
    reasons_ok(&with);
    reasons_ok(&low);
    assert!(
        with.score > without.score + 0.1 && with.score > low.score + 0.1,
        "with {} / without {} / leisure {}",
        with.score,
        without.score,
        low.score
    );
    assert!(
        with.reasons
            .iter()
            .any(|r| r == "meaning close to check-worthy sentences"),
        "{:?}",
        with.reasons
    );
}

#[test]
fn an_encoder_returning_vectors_of_the_wrong_length_is_refused() {
    let broken = Synonyms {
        id: "broken",
        dim: 4, // promises 4 numbers, returns 3
    };
    let err = format!("{:#}", train_on(&articles(), Some(&broken)).unwrap_err());
    assert!(err.contains("broken") && err.contains("wrong"), "{err}");
}

//! German news as a desk reads it: in articles written for these tests (in the style of the
//! disinformation pieces fact-checkers take apart) the false statements rank in their
//! article's top third with the built-in scorer and no training, and no score comes without
//! reasons: over every sentence of the demo and of these articles, and over a sample of each
//! public data set when `../shared/data` is there.

use std::path::PathBuf;

use factdesk::triage::eval::{load, Format};
use factdesk::triage::{score_builtin, score_builtin_doc, train, Scorer, Sentence, TrainOptions};

/// (article, the false statements in it).
const ARTICLES: &[(&str, &[&str])] = &[
    (
        "Das Fusion-Festival in Lärz sollte am Mittwoch mit einem großen Konzert beginnen. \
         Viele Besucher hatten sich seit Monaten darauf gefreut. \
         Die Bundesregierung ließ das Festival nach nur einem Tag abbrechen, ohne Gründe zu nennen. \
         Am Eingang standen lange Schlangen. \
         Ein Besucher erzählte, er sei extra aus Bayern angereist. \
         Die Stimmung war trotz des Regens gut. \
         Die Polizei setzte nach Angaben von Augenzeugen Wasserwerfer gegen friedliche Besucher ein. \
         Viele Gäste packten enttäuscht ihre Zelte zusammen. \
         Wie es im nächsten Jahr weitergeht, ist offen. \
         Die Veranstalter wollen sich in den kommenden Tagen äußern. \
         Bis dahin bleibt das Gelände gesperrt. \
         Fotos: privat",
        &[
            "Die Bundesregierung ließ das Festival",
            "Die Polizei setzte",
        ],
    ),
    (
        "Seit Wochen wird in der Stadt über die neue Umgehungsstraße gestritten. \
         Anwohner fürchten mehr Lärm und Abgase. \
         Laut einer internen Studie des Umweltamts sind die Stickoxidwerte in der Innenstadt seit 2019 um 40 Prozent gestiegen. \
         Die Stadtverwaltung verschwieg diese Zahlen monatelang. \
         Bei einer Bürgerversammlung am Montag war der Saal voll. \
         Viele Redner machten ihrem Ärger Luft. \
         Ein Sprecher der Stadt wollte sich dazu nicht äußern. \
         Die nächste Sitzung des Stadtrats ist für Juni geplant. \
         Bis dahin sammelt eine Initiative Unterschriften. \
         Jeder kann sich beteiligen.",
        &[
            "Stickoxidwerte in der Innenstadt seit 2019 um 40 Prozent",
            "Die Stadtverwaltung verschwieg",
        ],
    ),
    (
        "Die Impfkampagne stockt seit dem Frühjahr. \
         In den Arztpraxen bleiben viele Termine leer. \
         Das Gesundheitsministerium zahlte den Herstellern nach Recherchen dieser Zeitung mehr als doppelt so viel wie im Vorjahr. \
         Der Vertrag sei geheim, heißt es. \
         Viele Ärzte sind verunsichert. \
         Sie wünschen sich klare Aussagen. \
         Patienten fragen immer wieder nach. \
         Eine Antwort gibt es bislang nicht. \
         Die Debatte dürfte weitergehen.",
        &["Das Gesundheitsministerium zahlte"],
    ),
];

fn sentences(text: &str) -> Vec<String> {
    factdesk::text::sentences::split_str(text)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Rank (0 = first) of each sentence by score within its article.
fn ranks(scores: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut rank = vec![0; scores.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r;
    }
    rank
}

#[test]
fn false_statements_rank_in_their_articles_top_third() {
    let (mut hits, mut total) = (0, 0);
    for (text, falsehoods) in ARTICLES {
        let sents = sentences(text);
        let doc: Vec<Sentence> = sents.iter().map(|s| Sentence::new(s)).collect();
        let scored = score_builtin_doc(&doc, "de");
        let scores: Vec<f32> = scored.iter().map(|t| t.score).collect();
        let rank = ranks(&scores);
        let top = sents.len().div_ceil(3);
        for needle in *falsehoods {
            let i = sents
                .iter()
                .position(|s| s.contains(needle))
                .unwrap_or_else(|| panic!("no sentence with {needle:?}: {sents:#?}"));
            total += 1;
            eprintln!(
                "{needle:?}: rank {} of {} ({:.2}) {:?}",
                rank[i] + 1,
                sents.len(),
                scores[i],
                scored[i].reasons
            );
            if rank[i] < top {
                hits += 1;
            }
        }
    }
    // Every one of these is in its top third; the real-news target is 55 %.
    assert_eq!(hits, total, "{hits} of {total} in the top third");
}

#[test]
fn the_reported_causal_claim_about_an_institution_has_reasons() {
    let t = score_builtin(
        "Die Bundesregierung ließ das Festival nach nur einem Tag abbrechen, ohne Gründe zu nennen.",
        "de",
    );
    assert!(
        t.reasons
            .iter()
            .any(|r| r.starts_with("institution acted: Bundesregierung")),
        "{t:?}"
    );
    let c = score_builtin("Mehr Menschen als im Vorjahr verloren ihre Arbeit.", "de");
    assert!(
        c.reasons
            .iter()
            .any(|r| r.starts_with("comparison with a reference")),
        "{c:?}"
    );
    // A bound on a number is a quantity, not a comparison with a reference.
    let b = score_builtin("Es kamen mehr als tausend Menschen.", "de");
    assert!(!b.reasons.iter().any(|r| r.contains("reference")), "{b:?}");
    let e = score_builtin("Unemployment is higher than in 2010.", "en");
    assert!(
        e.reasons.iter().any(|r| r.contains("with a reference")),
        "{e:?}"
    );
    // "in Berlin" is where something happened, not who acted.
    let place = score_builtin("In Berlin stoppte ein Bus vor dem Rathaus.", "de");
    assert!(
        !place
            .reasons
            .iter()
            .any(|r| r.contains("institution acted: Berlin")),
        "{place:?}"
    );
}

/// A sample of each data set's sentences (every `step`-th), when the data are present.
fn data_samples() -> Vec<(String, &'static str)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut out = Vec::new();
    for (file, format) in [
        ("claimbuster/claimbuster_train.json", Format::ClaimBuster),
        ("claimbuster/CT19-T1-Training.csv", Format::Ct19),
        ("germeval2021/train.csv", Format::GermEval),
    ] {
        let path = dir.join(file);
        if !path.exists() {
            eprintln!("SKIP sample: {} not found", path.display());
            continue;
        }
        let rows = load(&path, format).unwrap();
        out.extend(rows.into_iter().step_by(7).map(|e| (e.text, format.lang())));
    }
    out
}

fn odd_inputs() -> Vec<(String, &'static str)> {
    [
        "",
        "   ",
        "?!",
        "„“",
        "…",
        "\u{202e}abc",
        "Ja.",
        "ok",
        "12.",
        "Quelle: Agenturen",
    ]
    .iter()
    .map(|s| (s.to_string(), "de"))
    .collect()
}

#[test]
fn no_score_without_reasons() {
    let mut texts: Vec<(String, &str)> = sentences(factdesk::demo::ARTICLE)
        .into_iter()
        .map(|s| (s, "de"))
        .collect();
    for (a, _) in ARTICLES {
        texts.extend(sentences(a).into_iter().map(|s| (s, "de")));
    }
    texts.extend(odd_inputs());
    texts.extend(data_samples());
    let model = train(
        &texts
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.clone(), i % 3 == 0))
            .collect::<Vec<_>>(),
        &TrainOptions::default(),
    );
    let scorers = [Scorer::builtin(), Scorer::with_model(model)];
    for scorer in &scorers {
        for (s, lang) in &texts {
            let t = scorer.score(s, lang);
            assert!(!t.reasons.is_empty(), "no reasons for {s:?} ({scorer:?})");
            assert!(t.reasons.iter().all(|r| !r.trim().is_empty()), "{t:?}");
        }
        // In context as well: a whole article at once.
        let demo = sentences(factdesk::demo::ARTICLE);
        let doc: Vec<Sentence> = demo.iter().map(|s| Sentence::new(s)).collect();
        for (s, t) in demo.iter().zip(scorer.score_doc(&doc, "de")) {
            assert!(!t.reasons.is_empty(), "no reasons for {s:?} in its article");
        }
    }
}

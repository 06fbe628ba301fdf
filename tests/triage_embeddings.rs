//! Sentence embeddings of the installed model in the desk's check-worthiness model, through
//! the binary: `triage train` and `eval checkworthy` use them when a model is installed
//! (and say so), `--no-embeddings` leaves them out, `article add` and `triage score` score
//! with them, and a desk whose model wants embeddings that are not installed still scores,
//! saying why once. The real multilingual-e5-small runs when `FACTDESK_TEST_WHEELS` names
//! the folder of its PyPI wheels (as `.ci/run` does); the rest runs everywhere.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use factdesk::triage::{train_docs, LabelledDoc, Sentence, SentenceEncoder, TrainOptions};

const E5: &str = "multilingual-e5-small-q4";

/// factdesk with its own data directory (models and the desk's model are desk-wide).
fn at(data: &Path, project: Option<&Path>, args: &[&str]) -> Run {
    let mut c = std::process::Command::new(bin());
    if let Some(p) = project {
        c.arg("--project").arg(p);
    }
    c.args(args)
        .env("FACTDESK_USER", "tester")
        .env("FACTDESK_DATA_DIR", data)
        .output()
        .expect("factdesk runs")
        .into()
}

fn ok_at(data: &Path, project: Option<&Path>, args: &[&str]) -> Run {
    let r = at(data, project, args);
    assert_eq!(
        r.code, 0,
        "factdesk {args:?}\nstdout: {}\nstderr: {}",
        r.stdout, r.stderr
    );
    r
}

/// Labelled sentences of a small desk: figures and events are worth checking, courtesy
/// and questions are not; wording varies so words alone do not separate them.
fn labelled(dir: &Path) -> PathBuf {
    let worth = [
        "Unemployment in Ohio rose by 4 percent in 2019.",
        "The city spent 3 billion dollars on new schools last year.",
        "Die Regierung hat die Steuern im Jahr 2020 um zehn Prozent erhöht.",
        "Crime fell to its lowest level in thirty years.",
        "Das Ministerium zahlte 2021 über 40 Millionen Euro an Berater.",
        "Our exports to China doubled during my first term.",
        "Die Inflation lag im Oktober bei 8,8 Prozent.",
        "The senator voted against the veterans bill twice.",
        "Half of all new jobs went to part-time workers.",
        "Der Konzern hat im vergangenen Jahr 2.000 Stellen gestrichen.",
    ];
    let not = [
        "Thank you all for coming tonight.",
        "Vielen Dank für die Einladung, es ist schön hier zu sein.",
        "What would you say to the people watching at home?",
        "Ich freue mich auf die Diskussion.",
        "Let me finish my point, please.",
        "Das ist eine gute Frage.",
        "I love this country and its people.",
        "Wir sehen uns nach der Pause wieder.",
        "Good evening and welcome to the debate.",
        "Darüber können wir gerne später sprechen.",
    ];
    let mut rows = Vec::new();
    for (w, n) in worth.iter().zip(not.iter()) {
        rows.push(serde_json::json!({"text": w, "label": 1}));
        rows.push(serde_json::json!({"text": n, "label": 0}));
    }
    let path = dir.join("labelled.json");
    std::fs::write(&path, serde_json::to_vec(&rows).unwrap()).unwrap();
    path
}

fn article(dir: &Path) -> PathBuf {
    let path = dir.join("article.txt");
    std::fs::write(
        &path,
        "Good evening and thank you for having me.\n\n\
         The governor said unemployment fell by 2 percent in 2022.\n\n\
         Die Stadt gab im vergangenen Jahr 12 Millionen Euro für Straßen aus.\n\n\
         I am glad to see so many friends here.\n\n\
         Our schools received twice as much money as in 2015.\n\n\
         Let us talk about that after the break.\n",
    )
    .unwrap();
    path
}

fn add_article(data: &Path, project: &Path, dir: &Path) -> Run {
    ok_at(
        data,
        Some(project),
        &["article", "add", article(dir).to_str().unwrap()],
    )
}

fn scores(data: &Path, project: &Path) -> Vec<f64> {
    let r = ok_at(data, Some(project), &["claims", "--json"]);
    let claims: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    claims
        .iter()
        .map(|c| c["score"].as_f64().expect("every claim is scored"))
        .collect()
}

fn saved_encoder(data: &Path) -> Option<String> {
    let bytes = std::fs::read(factdesk::triage::model_path(data)).unwrap();
    let m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    m["extra"]["encoder"].as_str().map(str::to_string)
}

#[test]
fn the_installed_model_embeds_for_training_eval_and_scoring() {
    let Some(wheels) = test_wheels() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok_at(&data, None, &["model", "add", wheels.to_str().unwrap()]);
    let file = labelled(tmp.path());
    let file_arg = file.to_str().unwrap();

    let r = ok_at(&data, None, &["triage", "train", "--data", file_arg]);
    assert!(
        r.stdout
            .contains(&format!("with sentence embeddings of {E5}")),
        "{}",
        r.stdout
    );
    assert_eq!(saved_encoder(&data).as_deref(), Some(E5));
    let model = factdesk::triage::Model::load(&factdesk::triage::model_path(&data)).unwrap();
    let names = &model.extra.as_ref().unwrap().names;
    assert_eq!(
        names.iter().filter(|n| n.starts_with("embedding ")).count(),
        384,
        "one input per dimension of e5-small"
    );

    let project = tmp.path().join("p");
    ok_at(&data, None, &["init", project.to_str().unwrap()]);
    let add = add_article(&data, &project, tmp.path());
    assert!(!add.stderr.contains("not installed"), "{}", add.stderr);
    let with = scores(&data, &project);
    assert_eq!(with.len(), 6);

    // The lexical model on the same labels scores the same claims differently.
    let r = ok_at(
        &data,
        None,
        &["triage", "train", "--data", file_arg, "--no-embeddings"],
    );
    assert!(
        r.stdout
            .contains("without sentence embeddings (--no-embeddings)"),
        "{}",
        r.stdout
    );
    assert_eq!(saved_encoder(&data), None);
    let r = ok_at(&data, Some(&project), &["triage", "score"]);
    assert!(!r.stdout.contains("re-scored 0 "), "{}", r.stdout);
    let without = scores(&data, &project);
    assert_ne!(with, without, "embeddings changed no score");

    // eval checkworthy says which design it measured, in both outputs.
    let eval = |extra: &[&str]| {
        let mut args = vec![
            "eval",
            "checkworthy",
            "--train",
            file_arg,
            "--test",
            file_arg,
            "--format",
            "claimbuster",
            "--json",
        ];
        args.extend_from_slice(extra);
        let r = ok_at(&data, None, &args);
        serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap()
    };
    assert_eq!(eval(&[])["embeddings"], E5);
    assert!(eval(&["--no-embeddings"])["embeddings"].is_null());

    // Every sentence was embedded once and kept beside the model; vectors read back from
    // the cache give the same report as vectors just embedded.
    let cache = find_file(&data, factdesk::triage_encoder::CACHE_FILE).expect("a sentence cache");
    let record = 16 + 4 * 384;
    let len = std::fs::metadata(&cache).unwrap().len() as usize;
    assert_eq!((len - 12) % record, 0);
    assert!((len - 12) / record >= 20, "{} records", (len - 12) / record);
    std::fs::remove_file(&cache).unwrap();
    let fresh = eval(&[]);
    let cached = eval(&[]);
    assert_eq!(fresh, cached);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().len() as usize,
        12 + 20 * record
    );
}

fn find_file(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}

/// Stands in for an encoder the desk once had: a model trained with it names it.
struct Gone;

impl SentenceEncoder for Gone {
    fn id(&self) -> &str {
        E5
    }
    fn dim(&self) -> usize {
        4
    }
    fn encode(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let digits = t.chars().filter(|c| c.is_ascii_digit()).count() as f32;
                vec![
                    digits,
                    t.len() as f32 / 50.0,
                    1.0,
                    (digits > 0.0) as u8 as f32,
                ]
            })
            .collect())
    }
}

#[test]
fn a_model_wanting_embeddings_that_are_not_installed_scores_without_them_and_says_so_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let rows: Vec<(String, bool)> = (0..30)
        .flat_map(|i| {
            [
                (format!("Taxes rose by {i} percent in 2010."), true),
                ("Thank you, it is great to be here.".to_string(), false),
            ]
        })
        .collect();
    let docs: Vec<LabelledDoc> = rows
        .iter()
        .map(|(t, y)| LabelledDoc {
            sentences: vec![Sentence::new(t)],
            labels: vec![Some(*y)],
        })
        .collect();
    let model = train_docs(&docs, &TrainOptions::default(), Some(&Gone)).unwrap();
    model.save(&factdesk::triage::model_path(&data)).unwrap();
    assert_eq!(saved_encoder(&data).as_deref(), Some(E5));

    let project = tmp.path().join("p");
    ok_at(&data, None, &["init", project.to_str().unwrap()]);
    let add = add_article(&data, &project, tmp.path());
    let notice = format!("trained with sentence embeddings of {E5}, which is not installed");
    assert_eq!(
        add.stderr.matches(&notice).count(),
        1,
        "said once: {}",
        add.stderr
    );
    let scored = scores(&data, &project);
    assert_eq!(scored.len(), 6);
    assert!(scored.iter().all(|s| (0.0..=1.0).contains(s)));
    // Re-scoring and explaining go on without them too, with reasons.
    let r = ok_at(&data, Some(&project), &["triage", "score"]);
    assert_eq!(r.stderr.matches(&notice).count(), 1, "{}", r.stderr);
    let r = ok_at(&data, Some(&project), &["claim", "show", "2"]);
    assert!(r.stdout.contains("check-worthiness"), "{}", r.stdout);
    assert!(r.stderr.contains(&notice), "{}", r.stderr);

    // Without a model installed, training and eval are lexical and say why.
    let file = labelled(tmp.path());
    let r = ok_at(
        &data,
        None,
        &["triage", "train", "--data", file.to_str().unwrap()],
    );
    assert!(
        r.stdout
            .contains("without sentence embeddings (no model installed"),
        "{}",
        r.stdout
    );
    let r = ok_at(
        &data,
        None,
        &[
            "eval",
            "checkworthy",
            "--train",
            file.to_str().unwrap(),
            "--test",
            file.to_str().unwrap(),
            "--format",
            "claimbuster",
        ],
    );
    assert!(
        r.stdout
            .contains("design     trained without sentence embeddings (no model installed"),
        "{}",
        r.stdout
    );
}

//! Check-worthiness designs compared by 5-fold cross-validation inside the **tune** part of
//! each training set (`bench/splits/*_tune.txt`; CheckThat! 2019: whole debates per fold),
//! for the built-in features and the trained model. The dev parts are measured once per
//! design through `factdesk eval checkworthy` (bench/cw_dev.sh), never here.
//! `examples/cw_baseline.py` scores the TF-IDF + logistic regression baseline.
//!
//! cargo run --release --example cw_cv [-- DATA_DIR] [--only NAME] [--whole] [--epochs N]
//!   [--bits N] [--lr X] [--l2 X] [--chars LO-HI] [--no-balance] [--nb X]
//!   [--seed N] [--no-idf] [--ensemble N] [--char-weight X] [--no-context] [--embeddings] [--no-head]
//!
//! `--embeddings` trains and scores with the installed model's sentence embeddings, as
//! `factdesk eval checkworthy` does (`factdesk model add`; FACTDESK_DATA_DIR picks the data
//! directory). Sentences come from the model's cache after their first run.
//!
//! `--whole` cross-validates the whole training file instead (the protocol before the
//! tune/dev split; its figures are not comparable with the tune-part ones).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use factdesk::triage::eval::{
    labelled_docs, load_part, options_for, report, score_examples, EvalReport, Example, Format,
    Part,
};
use factdesk::triage::{train_docs, Scorer};

const FOLDS: usize = 5;

/// Fold of each example: file order for sentence sets, whole debates
/// (sorted by name) for CheckThat!.
pub fn folds(data: &[Example], format: Format) -> Vec<usize> {
    if format == Format::Ct19 {
        let mut names: Vec<&str> = data.iter().filter_map(|e| e.group.as_deref()).collect();
        names.sort_unstable();
        names.dedup();
        let rank: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        data.iter()
            .map(|e| rank[e.group.as_deref().unwrap_or("")] % FOLDS)
            .collect()
    } else {
        (0..data.len()).map(|i| i % FOLDS).collect()
    }
}

fn show(name: &str, r: &EvalReport) {
    let map = r.map.map_or(String::new(), |m| format!("  MAP {m:.3}"));
    println!(
        "  {name:<10} F1 {:.3}  P {:.3}  R {:.3}  AP {:.3}{map}",
        r.f1, r.precision, r.recall, r.ap
    );
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut only: Option<String> = None;
    let mut whole = false;
    let mut blocks = false;
    let mut embeddings = false;
    let splits = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/splits");
    let mut tweak: Vec<(String, String)> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--only" => only = args.next(),
            "--whole" => whole = true,
            "--blocks" => blocks = true,
            "--embeddings" => embeddings = true,
            "--no-balance" | "--balance" | "--idf" | "--no-idf" | "--no-context" | "--no-head" => {
                tweak.push((a, String::new()))
            }
            s if s.starts_with("--") => tweak.push((a.clone(), args.next().unwrap_or_default())),
            _ => dir = PathBuf::from(a),
        }
    }
    let encoder = if embeddings {
        let e = factdesk::triage_encoder::active().ok_or_else(|| {
            anyhow::anyhow!("--embeddings: no model installed (factdesk model add)")
        })?;
        println!("sentence embeddings of {}", e.id());
        Some(e)
    } else {
        None
    };
    for (name, file, format, split) in [
        (
            "claimbuster",
            "claimbuster/claimbuster_train.json",
            Format::ClaimBuster,
            "claimbuster_train_tune.txt",
        ),
        (
            "ct19",
            "claimbuster/CT19-T1-Training.csv",
            Format::Ct19,
            "ct19_train_tune.txt",
        ),
        (
            "germeval",
            "germeval2021/train.csv",
            Format::GermEval,
            "germeval2021_train_tune.txt",
        ),
    ] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let path = dir.join(file);
        if !path.exists() {
            println!("{name}: skipped, {} not found", path.display());
            continue;
        }
        let ids = splits.join(split);
        let part = Part {
            file: &path,
            ids: (!whole).then_some(ids.as_path()),
        };
        let data = load_part(part, format)?;
        let fold = if blocks {
            // Contiguous fifths in file order: neighbouring rows (threads, topics) stay
            // together, as they do between a training and a later test set.
            (0..data.len()).map(|i| i * FOLDS / data.len()).collect()
        } else {
            folds(&data, format)
        };
        let mut opts = options_for(format);
        for (k, v) in &tweak {
            match k.as_str() {
                "--epochs" => opts.epochs = v.parse()?,
                "--bits" => opts.hash_bits = v.parse()?,
                "--lr" => opts.learning_rate = v.parse()?,
                "--l2" => opts.l2 = v.parse()?,
                "--no-balance" => opts.balance_classes = false,
                "--balance" => opts.balance_classes = true,
                "--idf" => opts.idf = true,
                "--no-idf" => opts.idf = false,
                "--ensemble" => opts.ensemble = v.parse()?,
                "--char-weight" => opts.char_weight = v.parse()?,
                "--nb" => opts.nb = v.parse()?,
                "--seed" => opts.seed = v.parse()?,
                "--no-context" => opts.context = false,
                "--no-head" => opts.embedding_head = false,
                "--chars" => {
                    let (lo, hi) = v.split_once('-').unwrap_or(("0", "0"));
                    opts.char_ngrams = (lo.parse()?, hi.parse()?);
                }
                other => anyhow::bail!("unknown option {other}"),
            }
        }
        let lang = format.lang();
        let labels: Vec<bool> = data.iter().map(|e| e.label).collect();
        let groups: Option<Vec<String>> = (format == Format::Ct19).then(|| {
            data.iter()
                .map(|e| e.group.clone().unwrap_or_default())
                .collect()
        });
        let builtin = Scorer::builtin();
        let builtin_scores = score_examples(&builtin, &data, lang);

        let mut model_scores = vec![0.0f32; data.len()];
        let mut thresholds = Vec::new();
        let mut blends = Vec::new();
        let mut train_secs = 0.0;
        for f in 0..FOLDS {
            let train_set: Vec<Example> = data
                .iter()
                .zip(&fold)
                .filter(|(_, k)| **k != f)
                .map(|(e, _)| e.clone())
                .collect();
            let t = Instant::now();
            let model = train_docs(&labelled_docs(&train_set), &opts, encoder.as_deref())?;
            train_secs += t.elapsed().as_secs_f64();
            thresholds.push(model.threshold);
            blends.push(model.blend);
            let held: Vec<usize> = (0..data.len()).filter(|i| fold[*i] == f).collect();
            let held_out: Vec<Example> = held.iter().map(|&i| data[i].clone()).collect();
            let scorer = match &encoder {
                Some(e) => Scorer::with_model(model).with_encoder(e.clone()),
                None => Scorer::with_model(model),
            };
            for (i, s) in held.iter().zip(score_examples(&scorer, &held_out, lang)) {
                model_scores[*i] = s;
            }
        }
        // Each fold's model has its own threshold: classify per fold.
        let predicted_scores: Vec<f32> = model_scores
            .iter()
            .zip(&fold)
            .map(|(s, k)| s - thresholds[*k] + 0.5)
            .collect();
        let n_pos = labels.iter().filter(|y| **y).count();
        println!(
            "{name} ({}): {} sentences, {n_pos} check-worthy, {FOLDS}-fold CV; training {:.2} s per fold",
            if whole { "whole training file" } else { "tune part" },
            data.len(),
            train_secs / FOLDS as f64
        );
        println!("  built-in share of the blend per fold (internal CV): {blends:?}");
        show(
            "built-in",
            &report(
                &builtin_scores,
                &labels,
                builtin.threshold(lang),
                groups.as_deref(),
            ),
        );
        show(
            "model",
            &report(&predicted_scores, &labels, 0.5, groups.as_deref()),
        );
        if std::env::var_os("CW_ORACLE").is_some() {
            // Diagnosis only: the F1 a perfect threshold would give.
            let mut pairs: Vec<(f32, bool)> = predicted_scores
                .iter()
                .copied()
                .zip(labels.iter().copied())
                .collect();
            let t = factdesk::triage::best_f1_threshold(&mut pairs);
            show(
                "oracle-t",
                &report(&predicted_scores, &labels, t, groups.as_deref()),
            );
        }
    }
    Ok(())
}

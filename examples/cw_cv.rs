//! Honest check-worthiness figures from the public training splits only:
//! 5-fold cross-validation (CheckThat! 2019: whole debates per fold) of the
//! built-in features and of the trained model. `examples/cw_baseline.py`
//! scores the TF-IDF + logistic regression baseline on the same folds.
//!
//! cargo run --release --example cw_cv [-- DATA_DIR] [--only NAME] [--epochs N]
//!   [--bits N] [--lr X] [--l2 X] [--chars LO-HI] [--no-balance] [--nb X]
//!   [--seed N] [--no-idf] [--ensemble N] [--char-weight X]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use factdesk::triage::eval::{
    load, options_for, report, score_examples, EvalReport, Example, Format,
};
use factdesk::triage::model::{train, Scorer};

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
    let mut tweak: Vec<(String, String)> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--only" => only = args.next(),
            "--no-balance" | "--balance" | "--idf" | "--no-idf" => tweak.push((a, String::new())),
            s if s.starts_with("--") => tweak.push((a.clone(), args.next().unwrap_or_default())),
            _ => dir = PathBuf::from(a),
        }
    }
    for (name, file, format) in [
        (
            "claimbuster",
            "claimbuster/claimbuster_train.json",
            Format::ClaimBuster,
        ),
        ("ct19", "claimbuster/CT19-T1-Training.csv", Format::Ct19),
        ("germeval", "germeval2021/train.csv", Format::GermEval),
    ] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let path = dir.join(file);
        if !path.exists() {
            println!("{name}: skipped, {} not found", path.display());
            continue;
        }
        let data = load(&path, format)?;
        let fold = folds(&data, format);
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
            let train_set: Vec<(String, bool)> = data
                .iter()
                .zip(&fold)
                .filter(|(_, k)| **k != f)
                .map(|(e, _)| (e.text.clone(), e.label))
                .collect();
            let t = Instant::now();
            let model = train(&train_set, &opts);
            train_secs += t.elapsed().as_secs_f64();
            thresholds.push(model.threshold);
            blends.push(model.blend);
            for (i, e) in data.iter().enumerate() {
                if fold[i] == f {
                    model_scores[i] = model.score_lang(&e.text, lang);
                }
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
            "{name}: {} sentences, {n_pos} check-worthy, {FOLDS}-fold CV; training {:.2} s per fold",
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
            let t = factdesk::triage::model::best_f1_threshold(&mut pairs);
            show(
                "oracle-t",
                &report(&predicted_scores, &labels, t, groups.as_deref()),
            );
        }
    }
    Ok(())
}

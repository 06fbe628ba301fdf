//! `factdesk eval checkworthy`: load a labelled test set (and optionally a
//! training set), score it, report F1 / precision / recall of the
//! check-worthy class, average precision and, for CheckThat! 2019, the mean
//! average precision over debates.

mod load;
mod metrics;

use std::path::Path;

use serde::Serialize;

pub use load::{load, load_labelled, Example, Format};
pub use metrics::{average_precision, mean_average_precision, precision_recall_f1};

use super::model::{train, Scorer, TrainOptions};

/// What the CLI prints with `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EvalReport {
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
    pub ap: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<f64>,
}

/// Metrics of scores against labels; `groups` (debates) adds MAP.
pub fn report(
    scores: &[f32],
    labels: &[bool],
    threshold: f32,
    groups: Option<&[String]>,
) -> EvalReport {
    let predicted: Vec<bool> = scores.iter().map(|s| *s >= threshold).collect();
    let (precision, recall, f1) = precision_recall_f1(&predicted, labels);
    EvalReport {
        f1,
        precision,
        recall,
        ap: average_precision(scores, labels),
        map: groups.map(|g| mean_average_precision(scores, labels, g)),
    }
}

/// Training options that suit a benchmark format's language.
pub fn options_for(format: Format) -> TrainOptions {
    TrainOptions {
        lang: format.lang().to_string(),
        ..TrainOptions::default()
    }
}

/// Scores `examples` with `scorer` in the format's language.
pub fn score_examples(scorer: &Scorer, examples: &[Example], lang: &str) -> Vec<f32> {
    examples
        .iter()
        .map(|e| scorer.probability(&e.text, lang))
        .collect()
}

/// Evaluates the built-in features, or a model trained on `train_file`, on
/// `test`.
pub fn run_eval(
    train_file: Option<&Path>,
    test: &Path,
    format: Format,
) -> anyhow::Result<EvalReport> {
    let test_set = load(test, format)?;
    if test_set.is_empty() {
        anyhow::bail!("{}: no labelled examples", test.display());
    }
    let scorer = match train_file {
        Some(p) => {
            let train_set = load(p, format)?;
            let pairs: Vec<(String, bool)> =
                train_set.into_iter().map(|e| (e.text, e.label)).collect();
            Scorer::with_model(train(&pairs, &options_for(format)))
        }
        None => Scorer::builtin(),
    };
    let scores = score_examples(&scorer, &test_set, format.lang());
    let labels: Vec<bool> = test_set.iter().map(|e| e.label).collect();
    let groups: Option<Vec<String>> = (format == Format::Ct19).then(|| {
        test_set
            .iter()
            .map(|e| e.group.clone().unwrap_or_default())
            .collect()
    });
    Ok(report(
        &scores,
        &labels,
        scorer.threshold(format.lang()),
        groups.as_deref(),
    ))
}

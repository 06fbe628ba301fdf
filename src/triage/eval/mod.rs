//! `factdesk eval checkworthy`: load a labelled test set (and optionally a
//! training set), each optionally cut to a fixed part (`--train-ids`, `--test-ids`), score
//! it, report F1 / precision / recall of the check-worthy class, average precision and,
//! for CheckThat! 2019, the mean average precision over debates.

mod load;
mod metrics;
mod split;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

pub use load::{load, load_labelled, Example, Format};
pub use metrics::{average_precision, mean_average_precision, precision_recall_f1};
pub use split::{read_ids, select, split_key};

use super::context::Sentence;
use super::dense::SentenceEncoder;
use super::model::Scorer;
use super::train::{train_docs, LabelledDoc, TrainOptions};

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

/// A data file, or the part of it a split file lists.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub file: &'a Path,
    pub ids: Option<&'a Path>,
}

/// The examples of a part, in file order.
pub fn load_part(part: Part, format: Format) -> anyhow::Result<Vec<Example>> {
    let data = load(part.file, format)?;
    match part.ids {
        Some(ids) => select(data, format, part.file, ids),
        None => Ok(data),
    }
}

/// The texts the examples form, as index ranges: a debate's sentences (consecutive rows of
/// one `group`) are one text, every other example a text of its own.
pub fn documents(examples: &[Example]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < examples.len() {
        let g = &examples[start].group;
        let len = match g {
            Some(_) => examples[start..]
                .iter()
                .take_while(|e| &e.group == g)
                .count(),
            None => 1,
        };
        out.push(start..start + len);
        start += len;
    }
    out
}

fn sentences(examples: &[Example]) -> Vec<Sentence<'_>> {
    examples
        .iter()
        .map(|e| Sentence {
            text: &e.text,
            speaker: e.speaker.as_deref(),
        })
        .collect()
}

/// The examples as labelled texts for training.
pub fn labelled_docs(examples: &[Example]) -> Vec<LabelledDoc<'_>> {
    documents(examples)
        .into_iter()
        .map(|r| LabelledDoc {
            sentences: sentences(&examples[r.clone()]),
            labels: examples[r].iter().map(|e| Some(e.label)).collect(),
        })
        .collect()
}

/// Scores `examples` with `scorer` in the format's language, each in its text.
pub fn score_examples(scorer: &Scorer, examples: &[Example], lang: &str) -> Vec<f32> {
    let ranges = documents(examples);
    let docs: Vec<Vec<Sentence>> = ranges
        .into_iter()
        .map(|r| sentences(&examples[r]))
        .collect();
    let refs: Vec<&[Sentence]> = docs.iter().map(|d| d.as_slice()).collect();
    scorer
        .probabilities_docs(&refs, lang)
        .into_iter()
        .flatten()
        .collect()
}

/// Evaluates the built-in features, or a model trained on `train_part`, on `test`.
pub fn run_eval(
    train_part: Option<Part>,
    test: Part,
    format: Format,
) -> anyhow::Result<EvalReport> {
    run_eval_with(train_part, test, format, None)
}

/// [`run_eval`] with a sentence encoder: the model is trained with its embeddings and
/// tested with them (the built-in features alone do not use it).
pub fn run_eval_with(
    train_part: Option<Part>,
    test: Part,
    format: Format,
    encoder: Option<Arc<dyn SentenceEncoder>>,
) -> anyhow::Result<EvalReport> {
    let test_set = load_part(test, format)?;
    if test_set.is_empty() {
        anyhow::bail!("{}: no labelled examples", test.file.display());
    }
    let scorer = match train_part {
        Some(p) => {
            let train_set = load_part(p, format)?;
            let docs = labelled_docs(&train_set);
            let model = train_docs(&docs, &options_for(format), encoder.as_deref())?;
            let scorer = Scorer::with_model(model);
            match encoder {
                Some(e) => scorer.with_encoder(e),
                None => scorer,
            }
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

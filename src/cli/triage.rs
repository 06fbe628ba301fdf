//! `eval checkworthy`.

use anyhow::Result;

use super::args::EvalCheckworthyArgs;
use crate::error::user_error;
use crate::triage::eval::{run_eval_with, Format, Part};

pub fn eval(a: EvalCheckworthyArgs) -> Result<()> {
    let format: Format = a
        .format
        .parse()
        .map_err(|e: anyhow::Error| user_error(e.to_string()))?;
    let train = a.train.as_deref().map(|file| Part {
        file,
        ids: a.train_ids.as_deref(),
    });
    let test = Part {
        file: &a.test,
        ids: a.test_ids.as_deref(),
    };
    // Only a trained model uses embeddings: the built-in features alone never load the model.
    let encoder = match train {
        Some(_) => embeddings_unless(a.no_embeddings),
        None => None,
    };
    let design = match (&train, &encoder) {
        (None, _) => "built-in features, no training".to_string(),
        (Some(_), Some(e)) => format!("trained with sentence embeddings of {}", e.id()),
        (Some(_), None) => format!(
            "trained without sentence embeddings ({})",
            why_lexical(a.no_embeddings)
        ),
    };
    let embeddings = encoder.as_ref().map(|e| e.id().to_string());
    let report = run_eval_with(train, test, format, encoder)
        .map_err(|e| user_error(crate::error::one_line(&e)))?;
    if a.json {
        let mut v = serde_json::to_value(report)?;
        v["embeddings"] = serde_json::json!(embeddings);
        println!("{v}");
    } else {
        println!("design     {design}");
        println!("F1         {:.4}", report.f1);
        println!("precision  {:.4}", report.precision);
        println!("recall     {:.4}", report.recall);
        println!("AP         {:.4}", report.ap);
        if let Some(map) = report.map {
            println!("MAP        {map:.4}");
        }
    }
    Ok(())
}

/// The installed model's sentence encoder, unless `--no-embeddings` was given.
fn embeddings_unless(
    no_embeddings: bool,
) -> Option<std::sync::Arc<dyn crate::triage::SentenceEncoder>> {
    if no_embeddings {
        None
    } else {
        crate::triage_encoder::active()
    }
}

fn why_lexical(no_embeddings: bool) -> &'static str {
    if no_embeddings {
        "--no-embeddings"
    } else {
        "no model installed: `factdesk model add`"
    }
}

pub fn run(ctx: &super::Ctx, cmd: super::args::TriageCmd) -> Result<()> {
    use super::args::TriageCmd;
    match cmd {
        TriageCmd::Train {
            projects,
            data,
            format,
            no_embeddings,
        } => train(projects, data, format, no_embeddings),
        TriageCmd::Score => rescore(ctx),
        TriageCmd::Reset => {
            let path = crate::desk::model_path()?;
            match std::fs::remove_file(&path) {
                Ok(()) => println!(
                    "removed {}; scoring uses the built-in features",
                    crate::fsx::shown(&path)
                ),
                Err(_) => println!(
                    "no model at {}; scoring uses the built-in features",
                    crate::fsx::shown(&path)
                ),
            }
            Ok(())
        }
    }
}

fn train(
    projects: Vec<std::path::PathBuf>,
    data: Vec<std::path::PathBuf>,
    format: Option<String>,
    no_embeddings: bool,
) -> Result<()> {
    use crate::project::claim::Triage;
    use crate::project::{Access, Project};
    // Each article's claims in order are one text: undecided candidates give their
    // neighbours context but are not learnt from.
    let mut articles: Vec<Vec<(String, Option<bool>)>> = Vec::new();
    for dir in &projects {
        let project = Project::open(&Project::find_root(dir)?, Access::ReadOnly)?;
        let claims = project.load_claims()?.claims;
        let mut labelled = 0;
        for group in crate::triage::claims::by_article(&claims) {
            let doc: Vec<(String, Option<bool>)> = group
                .iter()
                .map(|&i| {
                    let label = match claims[i].triage {
                        Triage::Kept => Some(true),
                        Triage::Dropped => Some(false),
                        Triage::Candidate => None,
                    };
                    (claims[i].text.clone(), label)
                })
                .collect();
            labelled += doc.iter().filter(|(_, y)| y.is_some()).count();
            articles.push(doc);
        }
        println!("{}: {labelled} labelled claims", crate::fsx::shown(dir));
    }
    let format: Option<Format> = format
        .map(|f| {
            f.parse()
                .map_err(|e: anyhow::Error| user_error(e.to_string()))
        })
        .transpose()?;
    let mut rows = Vec::new();
    for file in &data {
        let loaded = match format {
            Some(f) => crate::triage::eval::load(file, f),
            None => crate::triage::eval::load_labelled(file),
        }
        .map_err(|e| user_error(crate::error::one_line(&e)))?;
        println!(
            "{}: {} labelled sentences",
            crate::fsx::shown(file),
            loaded.len()
        );
        rows.extend(loaded);
    }
    let mut docs: Vec<crate::triage::LabelledDoc> = articles
        .iter()
        .map(|a| crate::triage::LabelledDoc {
            sentences: a
                .iter()
                .map(|(t, _)| crate::triage::Sentence::new(t))
                .collect(),
            labels: a.iter().map(|(_, y)| *y).collect(),
        })
        .collect();
    docs.extend(crate::triage::eval::labelled_docs(&rows));
    let labels = docs.iter().flat_map(|d| d.labels.iter().flatten());
    let (total, positives) = labels.fold((0, 0), |(n, p), y| (n + 1, p + *y as usize));
    if positives == 0 || positives == total {
        crate::user_bail!(
            "need both check-worthy and not check-worthy examples (have {positives} of {total})"
        );
    }
    let started = std::time::Instant::now();
    let options = crate::triage::TrainOptions {
        lang: "auto".into(),
        ..Default::default()
    };
    let encoder = embeddings_unless(no_embeddings);
    let model = crate::triage::train_docs(&docs, &options, encoder.as_deref())?;
    let path = crate::desk::model_path()?;
    model.save(&path)?;
    let with = match model.encoder_id() {
        Some(id) => format!("with sentence embeddings of {id}"),
        None => format!(
            "without sentence embeddings ({})",
            why_lexical(no_embeddings)
        ),
    };
    println!(
        "trained on {total} sentences ({positives} check-worthy) {with} in {:.1} s; saved {}",
        started.elapsed().as_secs_f64(),
        crate::fsx::shown(&path)
    );
    Ok(())
}

fn rescore(ctx: &super::Ctx) -> Result<()> {
    let scorer = crate::desk::scorer();
    // Scored on a read-only view (embedding can take a while), then written under the lock;
    // claims edited in between are scored again there.
    let scored = {
        let project = ctx.open(crate::project::Access::ReadOnly)?;
        let claims = project.load_claims()?.claims;
        let scores = project_scores(&project, scorer, &claims);
        (claims, scores)
    };
    let mut project = ctx.open(crate::project::Access::Write)?;
    let claims = project.load_claims()?.claims;
    let scores = if same_texts(&claims, &scored.0) {
        scored.1
    } else {
        project_scores(&project, scorer, &claims)
    };
    let mut changed = 0;
    for (mut c, p) in claims.into_iter().zip(scores) {
        let s = Some(crate::import::round_score(p));
        if c.score != s {
            c.score = s;
            // A score is not an edit anyone made: no change-log line.
            project.save_claim(&mut c, vec![])?;
            changed += 1;
        }
    }
    println!("re-scored {changed} claims");
    Ok(())
}

fn project_scores(
    project: &crate::project::Project,
    scorer: &crate::triage::Scorer,
    claims: &[crate::project::claim::Claim],
) -> Vec<f32> {
    let langs = article_languages(project);
    crate::triage::claims::probabilities(scorer, claims, |a| {
        langs.get(a).cloned().unwrap_or_default()
    })
}

/// Whether two loads of the claims are the same texts in the same places.
fn same_texts(a: &[crate::project::claim::Claim], b: &[crate::project::claim::Claim]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            (x.id, &x.article, x.span, &x.text) == (y.id, &y.article, y.span, &y.text)
        })
}

/// Language of each article by id (articles that cannot be read are left out: their claims
/// are scored with the language guessed per sentence).
pub fn article_languages(
    project: &crate::project::Project,
) -> std::collections::HashMap<String, String> {
    let (metas, _) = project.articles().unwrap_or_default();
    metas.into_iter().map(|m| (m.id, m.language)).collect()
}

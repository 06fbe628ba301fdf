//! `eval checkworthy`.

use anyhow::Result;

use super::args::EvalCheckworthyArgs;
use crate::error::user_error;
use crate::triage::eval::{run_eval, Format};

pub fn eval(a: EvalCheckworthyArgs) -> Result<()> {
    let format: Format = a
        .format
        .parse()
        .map_err(|e: anyhow::Error| user_error(e.to_string()))?;
    let report = run_eval(a.train.as_deref(), &a.test, format)
        .map_err(|e| user_error(crate::error::one_line(&e)))?;
    if a.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
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

pub fn run(ctx: &super::Ctx, cmd: super::args::TriageCmd) -> Result<()> {
    use super::args::TriageCmd;
    match cmd {
        TriageCmd::Train {
            projects,
            data,
            format,
        } => train(projects, data, format),
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
) -> Result<()> {
    use crate::project::claim::Triage;
    use crate::project::{Access, Project};
    let mut examples: Vec<(String, bool)> = Vec::new();
    for dir in &projects {
        let project = Project::open(&Project::find_root(dir)?, Access::ReadOnly)?;
        let before = examples.len();
        for c in project.load_claims()?.claims {
            match c.triage {
                Triage::Kept => examples.push((c.text, true)),
                Triage::Dropped => examples.push((c.text, false)),
                Triage::Candidate => {}
            }
        }
        println!(
            "{}: {} labelled claims",
            crate::fsx::shown(dir),
            examples.len() - before
        );
    }
    let format: Option<Format> = format
        .map(|f| {
            f.parse()
                .map_err(|e: anyhow::Error| user_error(e.to_string()))
        })
        .transpose()?;
    for file in &data {
        let rows = match format {
            Some(f) => crate::triage::eval::load(file, f),
            None => crate::triage::eval::load_labelled(file),
        }
        .map_err(|e| user_error(crate::error::one_line(&e)))?;
        println!(
            "{}: {} labelled sentences",
            crate::fsx::shown(file),
            rows.len()
        );
        examples.extend(rows.into_iter().map(|e| (e.text, e.label)));
    }
    let positives = examples.iter().filter(|e| e.1).count();
    if positives == 0 || positives == examples.len() {
        crate::user_bail!(
            "need both check-worthy and not check-worthy examples (have {positives} of {})",
            examples.len()
        );
    }
    let started = std::time::Instant::now();
    let options = crate::triage::TrainOptions {
        lang: "auto".into(),
        ..Default::default()
    };
    let model = crate::triage::train(&examples, &options);
    let path = crate::desk::model_path()?;
    model.save(&path)?;
    println!(
        "trained on {} sentences ({positives} check-worthy) in {:.1} s; saved {}",
        examples.len(),
        started.elapsed().as_secs_f64(),
        crate::fsx::shown(&path)
    );
    Ok(())
}

fn rescore(ctx: &super::Ctx) -> Result<()> {
    let mut project = ctx.open(crate::project::Access::Write)?;
    let scorer = crate::desk::scorer();
    let set = project.load_claims()?;
    let mut changed = 0;
    for mut c in set.claims {
        let lang = project
            .article(&c.article)
            .map(|a| a.meta.language)
            .unwrap_or_default();
        let s = Some(crate::import::round_score(
            scorer.probability(&c.text, &lang),
        ));
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

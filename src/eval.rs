//! `factdesk eval beir`: retrieval quality measured the way users get it.
//!
//! A fresh project made as `factdesk init` makes it (German by default), the corpus added by
//! the code of `factdesk source add`, every query run by the code of `factdesk search
//! --queries`, then nDCG@10 and Recall@100 of that run. No other path produces a figure.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use factdesk_index::eval::{self, BeirQuery, Run, Scores};

use crate::error::user_error;
use crate::project::manifest::Manifest;
use crate::project::{Access, Project};

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct BeirEval {
    /// BEIR `corpus.jsonl` (`{_id, title, text}` per line): added as one source.
    pub corpus: PathBuf,
    /// BEIR `queries.jsonl` (`{_id, text}`): each runs as a claim.
    pub queries: PathBuf,
    /// Qrels (`query-id corpus-id score`).
    pub qrels: PathBuf,
    /// Only these query ids (one per line), e.g. a tune or dev split.
    pub ids: Option<PathBuf>,
    /// The project's default language (`init --language`): the fallback for texts whose own
    /// words do not decide their language.
    pub project_language: String,
    /// Documents ranked per query.
    pub depth: usize,
}

/// The outcome.
#[derive(Debug, Clone)]
pub struct BeirReport {
    pub scores: Scores,
    pub run: Run,
    /// Documents the import added.
    pub documents: usize,
    /// Wall seconds of `source add`.
    pub index_secs: f64,
    /// Mean milliseconds per query.
    pub query_ms: f64,
}

/// Query ids listed in `path` (one per line; blank lines and `#` comments skipped).
pub fn read_ids(path: &Path) -> Result<HashSet<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| user_error(format!("{}: {e}", crate::fsx::shown(path))))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// Builds the project in `work` (which must not hold one yet), imports, queries and scores.
pub fn evaluate_beir(e: &BeirEval, work: &Path) -> Result<BeirReport> {
    let read = |p: &Path, what: &str| -> anyhow::Error {
        user_error(format!("{}: cannot read the {what}", crate::fsx::shown(p)))
    };
    let qrels = eval::load_qrels(&e.qrels)
        .map_err(|err| user_error(format!("{}: {err}", crate::fsx::shown(&e.qrels))))?;
    let ids = e.ids.as_deref().map(read_ids).transpose()?;
    let queries: Vec<BeirQuery> = eval::load_queries(&e.queries)
        .map_err(|err| user_error(format!("{}: {err}", crate::fsx::shown(&e.queries))))?
        .into_iter()
        .filter(|q| qrels.contains_key(&q.id))
        .filter(|q| ids.as_ref().is_none_or(|ids| ids.contains(&q.id)))
        .collect();
    if queries.is_empty() {
        return Err(read(&e.queries, "queries: none has qrels (or is in --ids)"));
    }
    let dir = work.join("project");
    Project::init(
        &dir,
        &Manifest::new("eval", &e.project_language, "correctiv"),
    )?;
    let mut project = Project::open(&dir, Access::Write)?;
    let started = Instant::now();
    let report =
        crate::search::add_sources(&mut project, std::slice::from_ref(&e.corpus), &mut |_| {})?;
    let index_secs = started.elapsed().as_secs_f64();
    if let Some((path, reason)) = report.failed.first() {
        if report.added == 0 {
            return Err(user_error(format!("{}: {reason}", crate::fsx::shown(path))));
        }
    }
    let index = crate::search::open(&project)?;
    let started = Instant::now();
    let run = crate::search::claims_run(&project, &index, &queries, e.depth)?;
    let query_ms = started.elapsed().as_secs_f64() * 1000.0 / queries.len() as f64;
    let mut judged = qrels;
    judged.retain(|q, _| queries.iter().any(|x| &x.id == q));
    Ok(BeirReport {
        scores: eval::score_run(&run, &judged),
        run,
        documents: report.added,
        index_secs,
        query_ms,
    })
}

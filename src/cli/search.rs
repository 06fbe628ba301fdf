//! `search`, `reindex` and `eval beir`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use factdesk_index::eval::{self, BeirPaths};
use factdesk_index::{SearchRequest, SearchResults};
use serde::Serialize;

use super::args::{EvalBeirArgs, ReindexArgs, SearchArgs};
use super::Ctx;
use crate::error::user_error;
use crate::project::Access;
use crate::{search, user_bail};

pub fn run(ctx: &Ctx, a: SearchArgs) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let index = search::open(&project)?;
    let lang = factdesk_index::Lang::from_code(&project.manifest().language);
    if let Some(claim) = &a.claim {
        return super::suggest::run(&index, claim, lang, a.limit, a.json, a.lexical);
    }
    if let Some(queries) = a.queries {
        let out = a
            .run
            .ok_or_else(|| user_error("--queries needs --run OUT (the TREC run file to write)"))?;
        let spec = BatchSpec {
            top: a.top,
            tag: &a.tag,
            lexical_only: a.lexical,
            fusion_weights: a.fusion_weights.as_deref().map(parse_weights).transpose()?,
        };
        return batch(&project, &index, &queries, &out, &spec);
    }
    let Some(query) = a.query else {
        user_bail!("give a QUERY, or --queries FILE.jsonl --run OUT");
    };
    let mut req = SearchRequest::new(query);
    req.limit = a.limit;
    req.fuzzy = a.fuzzy;
    req.after = a.after;
    req.before = a.before;
    let results = index
        .search(&req)
        .map_err(|e| user_error(format!("query: {e}")))?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&ResultsJson::from(&results))?
        );
    } else {
        print_results(&results);
    }
    Ok(())
}

fn print_results(results: &SearchResults) {
    for w in &results.warnings {
        eprintln!("factdesk: query: {w}");
    }
    if results.relaxed {
        eprintln!("factdesk: no source has all the words; showing sources with any of them");
    }
    if results.sources.is_empty() {
        println!("no matches");
    }
    for hit in &results.sources {
        let s = &hit.source;
        println!(
            "{}  {}  {}  {}",
            &s.id[..12.min(s.id.len())],
            s.date.as_deref().unwrap_or("—"),
            s.title,
            s.publisher
        );
        for p in &hit.passages {
            println!(
                "    [{}..{}] {}",
                p.chars.start,
                p.chars.end,
                emphasise(&p.snippet.text, &p.snippet.highlights)
            );
        }
    }
}

/// The snippet with matches in «…» (plain text: the CLI writes no escape sequences).
fn emphasise(text: &str, highlights: &[factdesk_index::search::Highlight]) -> String {
    let mut out = String::with_capacity(text.len() + highlights.len() * 4);
    let mut at = 0;
    for h in highlights {
        if h.bytes.start < at || h.bytes.end > text.len() {
            continue;
        }
        out.push_str(&text[at..h.bytes.start]);
        out.push('«');
        out.push_str(&text[h.bytes.clone()]);
        out.push('»');
        at = h.bytes.end;
    }
    out.push_str(&text[at..]);
    out
}

#[derive(Serialize)]
struct ResultsJson<'a> {
    sources: Vec<SourceJson<'a>>,
    warnings: &'a [String],
    relaxed: bool,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    original_id: Option<&'a str>,
    title: &'a str,
    publisher: &'a str,
    url: &'a str,
    date: Option<&'a str>,
    /// A web capture's provenance (url asked for, final_url, captured_at, http_status,
    /// sha256, warc), as the index holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    capture: Option<&'a factdesk_index::Capture>,
    score: f32,
    passages: Vec<PassageJson<'a>>,
}

#[derive(Serialize)]
struct PassageJson<'a> {
    score: f32,
    /// Character range of the passage in the source's text.
    chars: [usize; 2],
    snippet: &'a str,
    /// Character range of the snippet in the source's text.
    snippet_chars: [usize; 2],
    /// Highlighted words as character ranges into `snippet`.
    highlights: Vec<[usize; 2]>,
}

impl<'a> From<&'a SearchResults> for ResultsJson<'a> {
    fn from(r: &'a SearchResults) -> Self {
        ResultsJson {
            sources: r
                .sources
                .iter()
                .map(|h| SourceJson {
                    id: &h.source.id,
                    original_id: h.source.original_id.as_deref(),
                    title: &h.source.title,
                    publisher: &h.source.publisher,
                    url: &h.source.url,
                    date: h.source.date.as_deref(),
                    capture: h.source.capture.as_ref(),
                    score: h.score,
                    passages: h
                        .passages
                        .iter()
                        .map(|p| PassageJson {
                            score: p.score,
                            chars: [p.chars.start, p.chars.end],
                            snippet: &p.snippet.text,
                            snippet_chars: [
                                p.snippet.source_chars.start,
                                p.snippet.source_chars.end,
                            ],
                            highlights: p
                                .snippet
                                .highlights
                                .iter()
                                .map(|h| [h.chars.start, h.chars.end])
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
            warnings: &r.warnings,
            relaxed: r.relaxed,
        }
    }
}

/// How `search --queries` ranks.
struct BatchSpec<'a> {
    top: usize,
    tag: &'a str,
    lexical_only: bool,
    fusion_weights: Option<(f32, f32)>,
}

fn parse_weights(s: &str) -> Result<(f32, f32)> {
    let parsed = s.split_once(',').and_then(|(a, b)| {
        let (a, b) = (a.trim().parse::<f32>().ok()?, b.trim().parse::<f32>().ok()?);
        ((0.0..=1.0).contains(&a) && (0.0..=1.0).contains(&b)).then_some((a, b))
    });
    parsed.ok_or_else(|| {
        user_error(format!(
            "--fusion-weights {s:?}: expected SAME,CROSS, each 0..1"
        ))
    })
}

/// One search per line of a BEIR queries file, written as a TREC run: each line ranked as
/// a claim, with semantic ranks fused in when a model is installed.
fn batch(
    project: &crate::project::Project,
    index: &factdesk_index::SearchIndex,
    queries: &Path,
    out: &Path,
    spec: &BatchSpec,
) -> Result<()> {
    let qs = eval::load_queries(queries)
        .map_err(|e| user_error(format!("{}: {e}", crate::fsx::shown(queries))))?;
    let (mut semantic, notice) = if spec.lexical_only {
        (None, None)
    } else {
        crate::semantic::open(index)
    };
    if let (Some(sem), Some((same, cross))) = (semantic.as_mut(), spec.fusion_weights) {
        sem.weights.same_language = same;
        sem.weights.cross_language = cross;
    }
    if let Some(n) = notice {
        eprintln!("factdesk: {n}");
    }
    if qs
        .iter()
        .any(|q| crate::search::lacks_dictionary_for(&q.text))
    {
        let hint = factdesk_index::search::translate::INSTALL_HINT;
        eprintln!("factdesk: note: {hint}");
    }
    let run = match semantic.as_mut() {
        Some(sem) => {
            let options = search::claims_options(project, spec.top);
            super::suggest::fused_run(index, sem, &qs, &options)?
        }
        None => search::claims_run(project, index, &qs, spec.top)?,
    };
    let file =
        File::create(out).map_err(|e| user_error(format!("{}: {e}", crate::fsx::shown(out))))?;
    let mut w = BufWriter::new(file);
    // Keep the queries file's order, so the run reads like its input.
    write_run_in_order(&mut w, &qs, &run, spec.tag)?;
    w.flush()?;
    println!(
        "wrote {} ({} queries, top {}{})",
        crate::fsx::shown(out),
        qs.len(),
        spec.top,
        match &semantic {
            Some(s) => format!(", lexical and semantic ranks fused, model {}", s.model.name),
            None => String::new(),
        }
    );
    Ok(())
}

fn write_run_in_order(
    w: &mut impl Write,
    qs: &[eval::BeirQuery],
    run: &eval::Run,
    tag: &str,
) -> Result<()> {
    for q in qs {
        let Some(ranked) = run.get(&q.id) else {
            continue;
        };
        for (rank, (doc, score)) in ranked.iter().enumerate() {
            writeln!(w, "{} Q0 {} {} {:.6} {}", q.id, doc, rank + 1, score, tag)?;
        }
    }
    Ok(())
}

pub fn reindex(ctx: &Ctx, a: ReindexArgs) -> Result<()> {
    let project = ctx.open(Access::Write)?;
    let (index, docs, passages, failures) = search::rebuild(&project)?;
    for f in &failures {
        eprintln!("factdesk: {f}");
    }
    println!(
        "reindexed {docs} documents ({passages} passages){}",
        if failures.is_empty() {
            String::new()
        } else {
            format!(", {} failed", failures.len())
        }
    );
    // Vectors are kept by the text they were made from: only new passages are embedded.
    let (root, index_dir) = (project.root().to_path_buf(), project.index_dir());
    drop(index);
    drop(project);
    crate::semantic::after_index_change(
        &root,
        &index_dir,
        super::sources::embed_mode(a.background),
    );
    Ok(())
}

pub fn eval_beir(a: EvalBeirArgs) -> Result<()> {
    let work = match &a.keep {
        Some(dir) => {
            if dir.exists() {
                user_bail!(
                    "{}: already exists (--keep needs a new folder)",
                    crate::fsx::shown(dir)
                );
            }
            dir.clone()
        }
        None => tempdir_for_eval()?,
    };
    let result = eval_beir_in(&a, &work);
    if a.keep.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    let report = result?;
    if let Some(out) = &a.run {
        let file = File::create(out)
            .map_err(|e| user_error(format!("{}: {e}", crate::fsx::shown(out))))?;
        let mut w = BufWriter::new(file);
        eval::write_trec_run(&mut w, &report.run, "factdesk")?;
        w.flush()?;
    }
    if a.json {
        println!(
            "{}",
            serde_json::json!({
                "ndcg@10": report.scores.ndcg_at_10,
                "recall@100": report.scores.recall_at_100,
                "queries": report.scores.queries,
                "documents": report.documents,
                "index_seconds": report.index_secs,
                "query_ms": report.query_ms,
            })
        );
    } else {
        println!("documents   {}", report.documents);
        println!("queries     {}", report.scores.queries);
        println!("nDCG@10     {:.4}", report.scores.ndcg_at_10);
        println!("Recall@100  {:.4}", report.scores.recall_at_100);
        println!(
            "source add  {:.1} s, {:.2} ms per query",
            report.index_secs, report.query_ms
        );
    }
    Ok(())
}

fn eval_beir_in(a: &EvalBeirArgs, work: &Path) -> Result<crate::eval::BeirReport> {
    let paths = match (&a.cranfield, &a.corpus, &a.queries, &a.qrels) {
        (Some(dir), ..) => {
            let (docs, queries, qrels) = eval::load_cranfield(dir)
                .map_err(|e| user_error(format!("{}: {e}", crate::fsx::shown(dir))))?;
            eval::write_beir(&work.join("cranfield"), &docs, &queries, &qrels)?
        }
        (None, Some(corpus), Some(queries), Some(qrels)) => BeirPaths {
            corpus: corpus.clone(),
            queries: queries.clone(),
            qrels: qrels.clone(),
        },
        _ => user_bail!("give --corpus, --queries and --qrels, or --cranfield DIR"),
    };
    for p in [&paths.corpus, &paths.queries, &paths.qrels] {
        if !p.is_file() {
            user_bail!("{}: no such file", crate::fsx::shown(p));
        }
    }
    let spec = crate::eval::BeirEval {
        corpus: paths.corpus,
        queries: paths.queries,
        qrels: paths.qrels,
        ids: a.ids.clone(),
        project_language: a.language.clone(),
        depth: 100,
    };
    crate::eval::evaluate_beir(&spec, work)
}

fn tempdir_for_eval() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("factdesk-eval-{}", std::process::id()));
    // Left by an earlier run with the same process id.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

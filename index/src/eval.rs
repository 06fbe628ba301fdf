//! Retrieval evaluation: BEIR-style loaders, nDCG@k and Recall@k, TREC run files, and the
//! query runner behind `factdesk search --queries` (the app's `factdesk eval beir` builds a
//! project with `source add` and scores that runner's output).
//!
//! Metrics follow trec_eval (as pytrec_eval does for BEIR): nDCG uses linear gains
//! (the qrel grade), a log2(rank + 1) discount and the ideal ranking of the query's own
//! qrels; grades <= 0 count as not relevant; a query's score is averaged over the queries
//! that have at least one relevant document, and a query with no results scores 0.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::extract::detect_lang_or;
use crate::search::{EvidenceWeights, SearchIndex};
use crate::source::Lang;

/// Relevance judgements: query id -> document id -> grade.
pub type Qrels = HashMap<String, HashMap<String, i32>>;

/// A corpus document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BeirDoc {
    /// Document id (`_id`).
    #[serde(rename = "_id")]
    pub id: String,
    /// Title (may be empty).
    #[serde(default)]
    pub title: String,
    /// Body text.
    #[serde(default)]
    pub text: String,
}

/// A query.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BeirQuery {
    /// Query id (`_id`).
    #[serde(rename = "_id")]
    pub id: String,
    /// Query text.
    pub text: String,
}

fn invalid(path: &Path, line: usize, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}:{line}: {what}", crate::sanitize::shown_path(path)),
    )
}

/// Longest line of a JSONL file read: a whole document, never an endless stream
/// (`/dev/zero`, a line without end), which would otherwise fill the memory.
const MAX_JSONL_LINE: u64 = 64 << 20;

/// Calls `each` with every line of `path` (numbered from 1, line end removed), each read up
/// to [`MAX_JSONL_LINE`] bytes.
fn bounded_lines(
    path: &Path,
    mut each: impl FnMut(usize, &str) -> io::Result<()>,
) -> io::Result<()> {
    use std::io::Read;
    let mut reader = BufReader::new(fs::File::open(path)?);
    let mut buf = Vec::new();
    for n in 1.. {
        buf.clear();
        let got = (&mut reader)
            .take(MAX_JSONL_LINE + 1)
            .read_until(b'\n', &mut buf)?;
        if got == 0 {
            break;
        }
        if buf.len() as u64 > MAX_JSONL_LINE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "line {n} is longer than {} MiB (not a text file of lines?)",
                    MAX_JSONL_LINE >> 20
                ),
            ));
        }
        let line = String::from_utf8_lossy(&buf);
        each(n, line.trim_end_matches(['\n', '\r']))?;
    }
    Ok(())
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> io::Result<Vec<T>> {
    let mut out = Vec::new();
    bounded_lines(path, |n, line| {
        if !line.trim().is_empty() {
            out.push(serde_json::from_str(line).map_err(|e| invalid(path, n, e))?);
        }
        Ok(())
    })?;
    Ok(out)
}

/// Reads a BEIR `corpus.jsonl` (`{_id, title, text}` per line).
pub fn load_corpus(path: &Path) -> io::Result<Vec<BeirDoc>> {
    read_jsonl(path)
}

/// Reads a BEIR `queries.jsonl` (`{_id, text}` per line).
pub fn load_queries(path: &Path) -> io::Result<Vec<BeirQuery>> {
    read_jsonl(path)
}

/// Reads qrels: `query-id corpus-id score` (tab or space separated, header optional), or
/// TREC's `query-id 0 corpus-id score`.
pub fn load_qrels(path: &Path) -> io::Result<Qrels> {
    let mut qrels = Qrels::new();
    bounded_lines(path, |n, line| {
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').map(str::trim).collect()
        } else {
            line.split_whitespace().collect()
        };
        let (q, d, g) = match cols.as_slice() {
            [] | [""] => return Ok(()),
            [q, d, g] => (q, d, g),
            [q, _, d, g] => (q, d, g),
            _ => return Err(invalid(path, n, "expected query-id corpus-id score")),
        };
        let Ok(grade) = g.parse::<i32>() else {
            if n == 1 {
                return Ok(()); // header
            }
            return Err(invalid(path, n, format!("score '{g}' is not an integer")));
        };
        qrels
            .entry(q.to_string())
            .or_default()
            .insert(d.to_string(), grade);
        Ok(())
    })?;
    Ok(qrels)
}

/// nDCG@k of one ranking (document ids, best first).
pub fn ndcg_at(ranking: &[String], judged: &HashMap<String, i32>, k: usize) -> f64 {
    let gain = |d: &String| f64::from(judged.get(d).copied().unwrap_or(0).max(0));
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, d)| gain(d) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &g)| f64::from(g) / ((i + 2) as f64).log2())
        .sum();
    if idcg == 0.0 {
        0.0
    } else {
        dcg / idcg
    }
}

/// Recall@k of one ranking: share of the relevant documents found in the first k.
pub fn recall_at(ranking: &[String], judged: &HashMap<String, i32>, k: usize) -> f64 {
    let relevant = judged.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|d| judged.get(*d).is_some_and(|&g| g > 0))
        .count();
    found as f64 / relevant as f64
}

/// Rankings per query id: document ids with scores, best first.
pub type Run = HashMap<String, Vec<(String, f32)>>;

/// Mean nDCG@10 and Recall@100 of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Mean nDCG@10.
    pub ndcg_at_10: f64,
    /// Mean Recall@100.
    pub recall_at_100: f64,
    /// Queries averaged over (those with at least one relevant document).
    pub queries: usize,
}

/// Scores a run against qrels.
pub fn score_run(run: &Run, qrels: &Qrels) -> Scores {
    let mut ndcg = 0.0;
    let mut recall = 0.0;
    let mut queries = 0;
    for (qid, judged) in qrels {
        if !judged.values().any(|&g| g > 0) {
            continue;
        }
        queries += 1;
        let ranking: Vec<String> = run
            .get(qid)
            .map(|r| r.iter().map(|(d, _)| d.clone()).collect())
            .unwrap_or_default();
        ndcg += ndcg_at(&ranking, judged, 10);
        recall += recall_at(&ranking, judged, 100);
    }
    let n = queries.max(1) as f64;
    Scores {
        ndcg_at_10: ndcg / n,
        recall_at_100: recall / n,
        queries,
    }
}

/// Writes a run in TREC format: `qid Q0 docid rank score tag`.
pub fn write_trec_run(out: &mut impl Write, run: &Run, tag: &str) -> io::Result<()> {
    let mut qids: Vec<&String> = run.keys().collect();
    qids.sort();
    for qid in qids {
        for (rank, (doc, score)) in run[qid].iter().enumerate() {
            writeln!(out, "{qid} Q0 {doc} {} {score:.6} {tag}", rank + 1)?;
        }
    }
    Ok(())
}

/// How queries are run.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalOptions {
    /// Language of a query whose own words do not decide it (each query's language is
    /// detected on its own).
    pub language: Lang,
    /// Query weights.
    pub weights: EvidenceWeights,
    /// Documents ranked per query (>= 100 for Recall@100).
    pub depth: usize,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            language: Lang::En,
            weights: EvidenceWeights::default(),
            depth: 100,
        }
    }
}

/// Runs every query against an index as a claim, each in its own detected language
/// (`options.language` when its words do not decide it).
pub fn run_queries(
    index: &SearchIndex,
    queries: &[BeirQuery],
    options: &EvalOptions,
) -> tantivy::Result<Run> {
    let mut run = Run::new();
    for q in queries {
        let lang = detect_lang_or(&q.text, options.language);
        let ranked =
            index.rank_sources_for_claim(&q.text, lang, options.depth, &options.weights)?;
        run.insert(q.id.clone(), ranked);
    }
    Ok(run)
}

/// Paths of a BEIR-layout dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeirPaths {
    /// `corpus.jsonl`.
    pub corpus: PathBuf,
    /// `queries.jsonl`.
    pub queries: PathBuf,
    /// Qrels TSV.
    pub qrels: PathBuf,
}

/// Writes a dataset in BEIR layout (`corpus.jsonl`, `queries.jsonl`, `qrels.tsv` in `dir`),
/// so that data in another layout (Cranfield) can be imported and queried like BEIR data.
pub fn write_beir(
    dir: &Path,
    docs: &[BeirDoc],
    queries: &[BeirQuery],
    qrels: &Qrels,
) -> io::Result<BeirPaths> {
    fs::create_dir_all(dir)?;
    let paths = BeirPaths {
        corpus: dir.join("corpus.jsonl"),
        queries: dir.join("queries.jsonl"),
        qrels: dir.join("qrels.tsv"),
    };
    let mut out = io::BufWriter::new(fs::File::create(&paths.corpus)?);
    for d in docs {
        let line = serde_json::json!({"_id": d.id, "title": d.title, "text": d.text});
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    let mut out = io::BufWriter::new(fs::File::create(&paths.queries)?);
    for q in queries {
        writeln!(out, "{}", serde_json::json!({"_id": q.id, "text": q.text}))?;
    }
    out.flush()?;
    let mut out = io::BufWriter::new(fs::File::create(&paths.qrels)?);
    let mut rows: Vec<(&String, &String, i32)> = qrels
        .iter()
        .flat_map(|(q, judged)| judged.iter().map(move |(d, g)| (q, d, *g)))
        .collect();
    rows.sort();
    for (q, d, g) in rows {
        writeln!(out, "{q}\t{d}\t{g}")?;
    }
    out.flush()?;
    Ok(paths)
}

/// Cranfield 1400 (`cran.all.1400`, `cran.qry`, `cranqrel` in `dir`) as BEIR data.
/// Quirks handled: CRLF lines; query `.I` numbers are not sequential and the qrels number
/// queries 1..225 by position; grades run 1 (best) to 4, -1 marks marginal documents. Gains
/// become 5 - grade (4 = best), marginal ones 0 (not relevant).
pub fn load_cranfield(dir: &Path) -> io::Result<(Vec<BeirDoc>, Vec<BeirQuery>, Qrels)> {
    let records = |path: &Path| -> io::Result<Vec<(String, HashMap<char, String>)>> {
        let text = fs::read_to_string(path)?;
        let mut out: Vec<(String, HashMap<char, String>)> = Vec::new();
        let mut field = ' ';
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if let Some(id) = line.strip_prefix(".I") {
                out.push((id.trim().to_string(), HashMap::new()));
                field = ' ';
            } else if line.len() == 2 && line.starts_with('.') {
                field = line.chars().nth(1).unwrap_or(' ');
            } else if let Some((_, fields)) = out.last_mut() {
                let f = fields.entry(field).or_default();
                if !f.is_empty() {
                    f.push(' ');
                }
                f.push_str(line.trim());
            }
        }
        Ok(out)
    };
    let docs = records(&dir.join("cran.all.1400"))?
        .into_iter()
        .map(|(id, mut f)| BeirDoc {
            id,
            title: f.remove(&'T').unwrap_or_default(),
            text: f.remove(&'W').unwrap_or_default(),
        })
        .collect();
    let queries = records(&dir.join("cran.qry"))?
        .into_iter()
        .enumerate()
        .map(|(n, (_, mut f))| BeirQuery {
            id: (n + 1).to_string(),
            text: f.remove(&'W').unwrap_or_default(),
        })
        .collect();
    let mut qrels = load_qrels(&dir.join("cranqrel"))?;
    for judged in qrels.values_mut() {
        for g in judged.values_mut() {
            *g = if (1..=4).contains(g) { 5 - *g } else { 0 };
        }
    }
    Ok((docs, queries, qrels))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, i32)]) -> HashMap<String, i32> {
        pairs.iter().map(|(d, g)| (d.to_string(), *g)).collect()
    }

    fn ranking(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ndcg_matches_hand_computation() {
        let j = judged(&[("a", 2), ("b", 1), ("x", 0)]);
        assert!((ndcg_at(&ranking(&["a", "b"]), &j, 10) - 1.0).abs() < 1e-12);
        // b first, a second: (1 + 2/log2 3) / (2 + 1/log2 3)
        let expected = (1.0 + 2.0 / 3f64.log2()) / (2.0 + 1.0 / 3f64.log2());
        assert!((ndcg_at(&ranking(&["b", "a"]), &j, 10) - expected).abs() < 1e-12);
        assert_eq!(ndcg_at(&ranking(&["x"]), &j, 10), 0.0);
        // Cut-off: a at rank 2 with k = 1 counts nothing.
        assert_eq!(ndcg_at(&ranking(&["x", "a"]), &j, 1), 0.0);
    }

    #[test]
    fn recall_counts_relevant_only() {
        let j = judged(&[("a", 1), ("b", 1), ("m", -1)]);
        assert_eq!(recall_at(&ranking(&["a", "m", "z"]), &j, 100), 0.5);
        assert_eq!(recall_at(&ranking(&["z", "a"]), &j, 1), 0.0);
    }

    #[test]
    fn qrels_with_and_without_header_and_trec_run() {
        let dir = std::env::temp_dir().join(format!("fd-eval-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("q.tsv");
        fs::write(&p, "query-id\tcorpus-id\tscore\n1\td1\t1\n1\td2\t2\n").unwrap();
        let q = load_qrels(&p).unwrap();
        assert_eq!(q["1"]["d2"], 2);
        fs::write(&p, "1 0 d1 1\r\n2 0 d3 -1\r\n").unwrap();
        let q = load_qrels(&p).unwrap();
        assert_eq!(q["2"]["d3"], -1);
        fs::write(&p, "1 d1 x\n").unwrap();
        assert!(load_qrels(&p).is_err() || load_qrels(&p).unwrap().is_empty());
        let mut run = Run::new();
        run.insert("1".into(), vec![("d2".into(), 3.5), ("d1".into(), 1.25)]);
        let scores = score_run(&run, &load_qrels(&dir.join("none")).unwrap_or_default());
        assert_eq!(scores.queries, 0);
        let mut out = Vec::new();
        write_trec_run(&mut out, &run, "factdesk").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1 Q0 d2 1 3.500000 factdesk\n1 Q0 d1 2 1.250000 factdesk\n"
        );
        let _ = fs::remove_dir_all(dir);
    }
}

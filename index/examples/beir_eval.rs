//! Retrieval quality on the evaluation sets in `../shared/data` (SciFact train split,
//! the Climate-FEVER derived sentence task, Cranfield).
//!
//! `cargo run --release -p factdesk-index --example beir_eval [-- DATA_DIR [--sweep] [--run-dir DIR]]`
//!
//! `--sweep` also prints the variants the defaults were chosen from (SciFact train only).

use std::path::{Path, PathBuf};

use factdesk_index::eval::{self, BeirPaths, EvalOptions};
use factdesk_index::search::EvidenceWeights;

fn data_dir(arg: Option<String>) -> Option<PathBuf> {
    let candidates = [
        arg.map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("scifact").is_dir())
}

fn report(name: &str, r: &eval::EvalReport) {
    println!(
        "{name:<44} nDCG@10 {:.4}  R@100 {:.4}  ({} queries, {} docs, index {:.2}s, {:.2} ms/query)",
        r.scores.ndcg_at_10, r.scores.recall_at_100, r.scores.queries, r.documents, r.index_secs, r.query_ms
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sweep = args.iter().any(|a| a == "--sweep");
    let run_dir = args
        .iter()
        .position(|a| a == "--run-dir")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let grid = args.iter().any(|a| a == "--grid");
    let positional = args.iter().find(|a| !a.starts_with("--")).cloned();
    let Some(data) = data_dir(positional) else {
        println!("SKIP: shared evaluation data not found (expected ../shared/data beside the repository)");
        return Ok(());
    };
    let work = std::env::temp_dir().join(format!("factdesk-beir-{}", std::process::id()));
    let save = |name: &str, r: &eval::EvalReport| -> std::io::Result<()> {
        if let Some(dir) = &run_dir {
            std::fs::create_dir_all(dir)?;
            let mut f = std::fs::File::create(dir.join(format!("{name}.trec")))?;
            eval::write_trec_run(&mut f, &r.run, "factdesk")?;
        }
        Ok(())
    };

    let scifact = BeirPaths {
        corpus: data.join("scifact/corpus.jsonl"),
        queries: data.join("scifact/queries_train.jsonl"),
        qrels: data.join("scifact/qrels_train.tsv"),
    };
    let defaults = EvalOptions::default();
    let r = eval::evaluate_beir(&scifact, &work.join("scifact"), &defaults)?;
    report("scifact train (defaults)", &r);
    save("scifact-train", &r)?;

    if grid {
        // Weight-only variants share one index: query many times, index once.
        let corpus = eval::load_corpus(&scifact.corpus)?;
        let qrels = eval::load_qrels(&scifact.qrels)?;
        let queries: Vec<_> = eval::load_queries(&scifact.queries)?
            .into_iter()
            .filter(|q| qrels.contains_key(&q.id))
            .collect();
        let sources = eval::to_sources(&corpus, &defaults);
        let config = factdesk_index::search::IndexConfig {
            passages: factdesk_index::search::PassageConfig::whole_document(),
            ..Default::default()
        };
        let (index, _) =
            factdesk_index::SearchIndex::rebuild_in(work.join("grid"), config, sources.iter())?;
        let mut rows = Vec::new();
        for title in [0.0, 0.2] {
            for exact in [0.0, 0.2, 0.4] {
                for name in [0.5, 1.0, 1.5, 2.0] {
                    for number in [0.5, 1.0, 1.5, 2.0] {
                        let weights = EvidenceWeights {
                            title,
                            exact,
                            name,
                            number,
                            ..EvidenceWeights::default()
                        };
                        let options = EvalOptions {
                            weights,
                            ..defaults.clone()
                        };
                        let run = eval::run_queries(&index, &queries, &options)?;
                        let s = eval::score_run(&run, &qrels);
                        rows.push((
                            s.ndcg_at_10,
                            s.recall_at_100,
                            format!("title {title} exact {exact} name {name} number {number}"),
                        ));
                    }
                }
            }
        }
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (n, r, label) in rows.iter().take(15) {
            println!("grid {label:<44} nDCG@10 {n:.4}  R@100 {r:.4}");
        }
    }

    if sweep {
        let corpus = eval::load_corpus(&scifact.corpus)?;
        let qrels = eval::load_qrels(&scifact.qrels)?;
        let queries: Vec<_> = eval::load_queries(&scifact.queries)?
            .into_iter()
            .filter(|q| qrels.contains_key(&q.id))
            .collect();
        let w = EvidenceWeights::default();
        let variants: Vec<(&str, EvalOptions)> = vec![
            (
                "passages (max passage score)",
                EvalOptions {
                    whole_documents: false,
                    ..defaults.clone()
                },
            ),
            (
                "title not in body",
                EvalOptions {
                    title_in_body: false,
                    ..defaults.clone()
                },
            ),
            (
                "no title field",
                EvalOptions {
                    weights: EvidenceWeights { title: 0.0, ..w },
                    ..defaults.clone()
                },
            ),
            (
                "title 1.0",
                EvalOptions {
                    weights: EvidenceWeights { title: 1.0, ..w },
                    ..defaults.clone()
                },
            ),
            (
                "no exact field",
                EvalOptions {
                    weights: EvidenceWeights { exact: 0.0, ..w },
                    ..defaults.clone()
                },
            ),
            (
                "exact 0.6",
                EvalOptions {
                    weights: EvidenceWeights { exact: 0.6, ..w },
                    ..defaults.clone()
                },
            ),
            (
                "no names/numbers/dates",
                EvalOptions {
                    weights: EvidenceWeights {
                        name: 0.0,
                        number: 0.0,
                        date: 0.0,
                        phrase: 0.0,
                        ..w
                    },
                    ..defaults.clone()
                },
            ),
            (
                "names 1.0 numbers 1.0",
                EvalOptions {
                    weights: EvidenceWeights {
                        name: 1.0,
                        number: 1.0,
                        ..w
                    },
                    ..defaults.clone()
                },
            ),
            (
                "stemmed as German (wrong stemmer)",
                EvalOptions {
                    language: factdesk_index::Lang::Other,
                    ..defaults.clone()
                },
            ),
        ];
        for (name, options) in variants {
            let r = eval::evaluate(&corpus, &queries, &qrels, &work.join("sweep"), &options)?;
            report(&format!("scifact train: {name}"), &r);
        }
    }

    let climate = BeirPaths {
        corpus: data.join("climate-fever/derived_sentence_corpus.jsonl"),
        queries: data.join("climate-fever/derived_queries.jsonl"),
        qrels: data.join("climate-fever/derived_qrels.tsv"),
    };
    let r = eval::evaluate_beir(&climate, &work.join("climate"), &defaults)?;
    report("climate-fever derived", &r);
    save("climate-fever-derived", &r)?;

    let (docs, queries, qrels) = eval::load_cranfield(&data.join("cranfield"))?;
    let r = eval::evaluate(&docs, &queries, &qrels, &work.join("cranfield"), &defaults)?;
    report("cranfield (gain 5-grade, -1 -> 0)", &r);
    save("cranfield", &r)?;

    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

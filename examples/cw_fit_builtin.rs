//! Refits the built-in feature weights (src/triage/weights.rs) on the tune parts of the
//! public training splits (bench/splits/*_tune.txt; the dev parts stay unseen): English
//! on ClaimBuster, German on GermEval 2021. Prints Rust arrays to paste, the F1-best
//! threshold, and the tune-part AP.
//!
//! cargo run --release --example cw_fit_builtin [DATA_DIR]

use std::path::PathBuf;

use factdesk::triage::eval::{average_precision, load_part, Format, Part};
use factdesk::triage::features::{extract, ALL, N_FEATURES};

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn fit(xs: &[[f32; N_FEATURES]], ys: &[bool], l2: f64) -> (f64, Vec<f64>) {
    let n = xs.len() as f64;
    let mut b = 0.0;
    let mut w = vec![0.0f64; N_FEATURES];
    // Full-batch gradient descent with a fixed step: 24 parameters, convex.
    for _ in 0..4000 {
        let mut gb = 0.0;
        let mut gw = [0.0f64; N_FEATURES];
        for (x, y) in xs.iter().zip(ys) {
            let z = b + x.iter().zip(&w).map(|(a, c)| *a as f64 * c).sum::<f64>();
            let g = sigmoid(z) - if *y { 1.0 } else { 0.0 };
            gb += g;
            for j in 0..N_FEATURES {
                gw[j] += g * x[j] as f64;
            }
        }
        b -= 0.5 * gb / n;
        for j in 0..N_FEATURES {
            w[j] -= 0.5 * (gw[j] / n + l2 * w[j]);
        }
    }
    (b, w)
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let splits = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/splits");
    for (name, file, format, split) in [
        (
            "EN",
            "claimbuster/claimbuster_train.json",
            Format::ClaimBuster,
            "claimbuster_train_tune.txt",
        ),
        (
            "DE",
            "germeval2021/train.csv",
            Format::GermEval,
            "germeval2021_train_tune.txt",
        ),
    ] {
        let path = dir.join(file);
        if !path.exists() {
            eprintln!("skipping {name}: {} not found", path.display());
            continue;
        }
        let ids = splits.join(split);
        let data = load_part(
            Part {
                file: &path,
                ids: Some(&ids),
            },
            format,
        )?;
        let xs: Vec<[f32; N_FEATURES]> = data
            .iter()
            .map(|e| extract(&e.text, format.lang()).values)
            .collect();
        let ys: Vec<bool> = data.iter().map(|e| e.label).collect();
        let (b, w) = fit(&xs, &ys, 1e-3);
        let scores: Vec<f32> = xs
            .iter()
            .map(|x| sigmoid(b + x.iter().zip(&w).map(|(a, c)| *a as f64 * c).sum::<f64>()) as f32)
            .collect();
        let mut pairs: Vec<(f32, bool)> = scores.iter().copied().zip(ys.iter().copied()).collect();
        let t = factdesk::triage::best_f1_threshold(&mut pairs);
        println!(
            "// {name}: n={} AP(train)={:.3} F1-threshold={t:.3}",
            data.len(),
            average_precision(&scores, &ys)
        );
        println!("pub const {name}_BIAS: f32 = {b:.3};");
        println!("pub const {name}: [f32; N_FEATURES] = [");
        for (f, v) in ALL.iter().zip(&w) {
            println!("    {v:.3}, // {}", f.name());
        }
        println!("];");
    }
    Ok(())
}

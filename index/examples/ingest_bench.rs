//! Rough throughput figures for ingestion: `cargo run --release -p factdesk-index --example
//! ingest_bench`. Prints timings for hashing, decoding and sanitising 50 MB of text, for
//! html5ever on nested markup with and without factdesk's depth guard, and for the SciFact
//! corpus when the shared data folder is present.

use factdesk_index::extract::{content_hash, decode, extract_file};
use factdesk_index::sanitize::sanitize_text;
use std::path::Path;
use std::time::Instant;

fn main() {
    let sentence = "The quick brown fox jumps over the lazy dog again and again. ";
    let ascii = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    let t = Instant::now();
    let _ = content_hash(ascii.as_bytes());
    println!("sha256 50 MB: {:?}", t.elapsed());
    let t = Instant::now();
    let d = decode(ascii.as_bytes()).expect("text");
    println!("decode 50 MB UTF-8: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = sanitize_text(&d.text);
    println!("sanitize 50 MB ASCII: {:?}", t.elapsed());

    let de = "Die Straße führt über die Brücke, „sagte“ er – 5 € kostet’s.\n".repeat(800_000);
    let t = Instant::now();
    let _ = sanitize_text(&de);
    println!(
        "sanitize {} MB German with quotes: {:?}",
        de.len() >> 20,
        t.elapsed()
    );

    for n in [2_000usize, 10_000] {
        let html = format!("<html><body>{}x", "<div>".repeat(n));
        let t = Instant::now();
        let _ = scraper::Html::parse_document(&html);
        println!("html5ever, {n} nested divs, no guard: {:?}", t.elapsed());
    }
    let dir = std::env::temp_dir().join(format!("factdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let deep = dir.join("deep.html");
    std::fs::write(&deep, format!("<html><body>{}x", "<div>".repeat(100_000))).expect("write");
    let t = Instant::now();
    let _ = extract_file(&deep, &std::fs::read(&deep).expect("read"));
    println!(
        "extract_file, 100k nested divs (guarded): {:?}",
        t.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);

    let scifact =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/scifact/corpus.jsonl");
    match std::fs::read(&scifact) {
        Ok(bytes) => {
            let t = Instant::now();
            let out = extract_file(&scifact, &bytes).expect("corpus");
            println!(
                "SciFact corpus: {} records in {:?}",
                out.docs.len(),
                t.elapsed()
            );
        }
        Err(_) => println!("SciFact corpus not found; skipped"),
    }

    let gesetze = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/de-gesetze/gesetze_de.jsonl.gz");
    if gesetze.exists() {
        let project =
            std::env::temp_dir().join(format!("factdesk-bench-store-{}", std::process::id()));
        let store = factdesk_index::store::SourceStore::open(&project).expect("store");
        let t = Instant::now();
        let mut chars = 0usize;
        let report = store.import(&[gesetze], &mut |e| {
            if let factdesk_index::store::ImportEvent::Added(d) = e {
                chars += d.text.len();
            }
        });
        println!(
            "de-gesetze import (jsonl.gz): {} documents, {} MB text in {:?}; {} failed",
            report.added,
            chars >> 20,
            t.elapsed(),
            report.failed.len()
        );
        let t = Instant::now();
        let n = store.iter_docs().filter(|d| d.is_ok()).count();
        println!(
            "de-gesetze reindex from sources/: {n} documents in {:?}",
            t.elapsed()
        );
        let _ = std::fs::remove_dir_all(&project);
    } else {
        println!("de-gesetze not found; skipped");
    }
}

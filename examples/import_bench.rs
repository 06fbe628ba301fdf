//! Speed of `article add`: long articles (1 000 and 3 000 sentences) and single sentences
//! wrapped in many brackets or quotes, each imported into a fresh demo project on the disk
//! of the given folder (default: the system's temp folder).
//!
//! cargo run --release --example import_bench [DIR]

use std::path::{Path, PathBuf};
use std::time::Instant;

use factdesk::import::{import_article, ArticleInput};
use factdesk::project::{Access, Project};

/// CPU seconds of this process: on a shared machine wall time says more about the
/// neighbours, and the difference is time spent waiting for the disk.
fn cpu_secs() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn sentences(n: usize) -> String {
    (0..n)
        .map(|i| format!("Der Minister {i} sagte, es gebe viele Straßen. "))
        .collect()
}

fn wrapped(open: &str, close: &str, n: usize) -> String {
    format!(
        "{}Der Minister sagte, es gebe viele Straßen.{}",
        open.repeat(n),
        close.repeat(n)
    )
}

fn bench(base: &Path, name: &str, text: String) -> anyhow::Result<()> {
    let dir = base.join(format!("bench-{}", name.replace(['/', ' ', '\''], "_")));
    let _ = std::fs::remove_dir_all(&dir);
    factdesk::demo::ensure(&dir)?;
    let ext = if name.ends_with(".md") { "md" } else { "txt" };
    let mut project = Project::open(&dir, Access::Write)?;
    let input = ArticleInput {
        path: PathBuf::from(format!("bench.{ext}")),
        bytes: text.into_bytes(),
        fields: Default::default(),
        candidates: true,
    };
    let (wall, cpu) = (Instant::now(), cpu_secs());
    let report = import_article(&mut project, input)?;
    println!(
        "{name:<34} {:>6} claims  {:>7.2} s wall  {:>6.2} s CPU",
        report.claims,
        wall.elapsed().as_secs_f64(),
        cpu_secs() - cpu
    );
    drop(project);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let base = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    for n in [1_000, 3_000] {
        bench(&base, &format!("{n} sentences"), sentences(n))?;
    }
    for n in [8_000, 16_000, 32_000, 100_000] {
        bench(&base, &format!("{n} '[' ... ']'"), wrapped("[", "]", n))?;
    }
    bench(&base, "32000 '(' ... ']'", wrapped("(", "]", 32_000))?;
    bench(&base, "32000 „ ... “", wrapped("„", "“", 32_000))?;
    bench(&base, "50000 '(x) Er kam. '", "(x) Er kam. ".repeat(50_000))?;
    let t = "Der Minister sagte, es gebe viele Straßen.";
    bench(
        &base,
        "'> '*100000 .md",
        format!("{}{t}", "> ".repeat(100_000)),
    )?;
    bench(
        &base,
        "'- '*50000 .md",
        format!("{}{t}", "- ".repeat(50_000)),
    )?;
    bench(
        &base,
        "'['*100000 ']'*100000 .md",
        wrapped("[", "]", 100_000),
    )?;
    Ok(())
}

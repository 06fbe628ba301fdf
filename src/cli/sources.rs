//! `source add|ls|rm` and the hidden isolated PDF extractor.

use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::store::ImportEvent;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::args::SourceCmd;
use super::Ctx;
use crate::project::Access;
use crate::sources;

pub fn run(ctx: &Ctx, cmd: SourceCmd) -> Result<()> {
    match cmd {
        SourceCmd::Add { paths } => add(ctx, paths),
        SourceCmd::Ls { json } => {
            let project = ctx.open(Access::ReadOnly)?;
            let (metas, problems) = sources::list(&project)?;
            for p in problems {
                eprintln!("factdesk: warning: {p}");
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&metas)?);
            } else {
                for m in metas {
                    println!(
                        "{}  {:<10} {:<2}  {}{}",
                        &m.id[..12],
                        m.date.as_deref().unwrap_or("—"),
                        m.language.code(),
                        m.title,
                        if m.publisher.is_empty() {
                            String::new()
                        } else {
                            format!("  ({})", m.publisher)
                        }
                    );
                }
            }
            Ok(())
        }
        SourceCmd::Rm { id } => {
            let mut project = ctx.open(Access::Write)?;
            let mut index = crate::search::open(&project)?;
            // A mistyped id changes nothing: no marker for it.
            let id = sources::resolve(&project, &id)?;
            crate::search::update_started(&project)?;
            let removed = sources::remove(&mut project, &id)?;
            for doc in &removed {
                index
                    .remove(doc)
                    .map_err(|e| crate::error::user_error(e.to_string()))?;
            }
            index
                .commit()
                .map_err(|e| crate::error::user_error(e.to_string()))?;
            crate::search::update_finished(&project);
            println!("removed {} document(s) of source {id}", removed.len());
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, paths: Vec<PathBuf>) -> Result<()> {
    let mut project = ctx.open(Access::Write)?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} files {msg}").expect("valid template"),
    );
    let report = crate::search::add_sources(&mut project, &paths, &mut |ev| {
        if let ImportEvent::Progress { done, total } = ev {
            bar.set_length(*total as u64);
            bar.set_position(*done as u64);
        }
    })?;
    bar.finish_and_clear();
    // Failures once, on stderr (each naming its file); the summary and notes on stdout.
    for (path, reason) in &report.failed {
        eprintln!("factdesk: {}: {reason}", path.display());
    }
    println!("{report:#}");
    Ok(())
}

/// `factdesk __extract-pdf FILE`: runs in a child process; prints the text or fails alone.
pub fn extract_pdf_child(path: PathBuf) -> i32 {
    factdesk_index::pdf::run_extract_pdf_child(&path)
}

//! `source add|ls|rm` and the hidden isolated PDF extractor.

use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::store::ImportEvent;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::args::SourceCmd;
use super::Ctx;
use crate::project::Access;
use crate::semantic::{self, EmbedMode};
use crate::sources;

pub fn run(ctx: &Ctx, cmd: SourceCmd) -> Result<()> {
    match cmd {
        SourceCmd::Add { paths, background } => add(ctx, paths, background),
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
            let indexed = removed
                .iter()
                .try_for_each(|doc| index.remove(doc))
                .and_then(|()| index.commit());
            if let Err(e) = indexed {
                // The marker stays: the next use of the index rebuilds it without the source.
                return Err(crate::error::user_error(format!(
                    "source {id} is removed from sources/, but the search index could not be \
                     updated ({e}); it is rebuilt the next time it is used"
                )));
            }
            crate::search::update_finished(&project);
            println!("removed {} document(s) of source {id}", removed.len());
            // Nothing to embed, but the vectors' bookkeeping learns of the change.
            let (root, index_dir) = (project.root().to_path_buf(), project.index_dir());
            drop(index);
            drop(project);
            semantic::after_index_change(&root, &index_dir, EmbedMode::Background);
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, paths: Vec<PathBuf>, background: bool) -> Result<()> {
    let mut project = ctx.open(Access::Write)?;
    let mut index = crate::search::open(&project)?;
    crate::search::update_started(&project)?;
    let mut updater = crate::search::IndexUpdater::new(&mut index);
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} files {msg}").expect("valid template"),
    );
    let report = sources::import(&mut project, &paths, &mut |ev| {
        if let ImportEvent::Progress { done, total } = ev {
            bar.set_length(*total as u64);
            bar.set_position(*done as u64);
        }
        updater.apply(ev);
    })?;
    bar.finish_and_clear();
    if updater.finish()? {
        crate::search::update_finished(&project);
    }
    // Failures once, on stderr (each naming its file); the summary and notes on stdout.
    for (path, reason) in &report.failed {
        eprintln!("factdesk: {}: {reason}", crate::fsx::shown(path));
    }
    println!("{report:#}");
    // The lexical index is committed: search works now. Embedding runs without the
    // project's lock, so others can edit claims meanwhile.
    let (root, index_dir) = (project.root().to_path_buf(), project.index_dir());
    drop(index);
    drop(project);
    semantic::after_index_change(&root, &index_dir, embed_mode(background));
    sources::failures_as_error(&report)
}

pub fn embed_mode(background: bool) -> EmbedMode {
    if background {
        EmbedMode::Background
    } else {
        EmbedMode::Wait
    }
}

/// `factdesk __extract-pdf FILE`: runs in a child process; prints the text or fails alone.
pub fn extract_pdf_child(path: PathBuf) -> i32 {
    factdesk_index::pdf::run_extract_pdf_child(&path)
}

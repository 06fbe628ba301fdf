//! `source add|ls|rm` and the hidden isolated PDF extractor.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::store::{ImportEvent, SourceInput};
use factdesk_index::web::FetchOptions;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::args::SourceCmd;
use super::Ctx;
use crate::project::Access;
use crate::semantic::{self, EmbedMode};
use crate::sources;

pub fn run(ctx: &Ctx, cmd: SourceCmd) -> Result<()> {
    match cmd {
        SourceCmd::Add {
            paths,
            background,
            timeout,
            max_size,
        } => add(ctx, paths, background, timeout, max_size),
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
                        "{}  {:<10} {:<2}  {}{}{}",
                        &m.id[..12],
                        m.date.as_deref().unwrap_or("—"),
                        m.language.code(),
                        m.title,
                        if m.publisher.is_empty() {
                            String::new()
                        } else {
                            format!("  ({})", m.publisher)
                        },
                        match m.captured_at.get(..10) {
                            Some(day) => format!("  [{} captured {day}]", m.url),
                            None => String::new(),
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
            let updating = crate::search::update_started(&project)?;
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
            crate::search::update_finished(&project, updating);
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

fn add(
    ctx: &Ctx,
    args: Vec<OsString>,
    background: bool,
    timeout: Option<u64>,
    max_size: Option<String>,
) -> Result<()> {
    let web = web_options(timeout, max_size.as_deref())?;
    let inputs: Vec<SourceInput> = args.iter().map(|a| SourceInput::parse(a)).collect();
    let unit = if inputs.iter().any(|i| matches!(i, SourceInput::Url(_))) {
        "files and URLs"
    } else {
        "files"
    };
    // URLs are fetched before the lock is taken (a slow server would otherwise hold up every
    // other writer and the workstation), once the project is known to be there.
    drop(ctx.open(Access::ReadOnly)?);
    let inputs = fetch_urls(inputs, &web);
    let mut project = ctx.open(Access::Write)?;
    let mut index = crate::search::open(&project)?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {unit} {{msg}}"))
            .expect("valid template"),
    );
    let report = sources::add_and_index(&mut project, &mut index, &inputs, &web, &mut |ev| {
        if let ImportEvent::Progress { done, total } = ev {
            bar.set_length(*total as u64);
            bar.set_position(*done as u64);
        }
    })?;
    bar.finish_and_clear();
    // Failures once, on stderr (each naming its file or URL); the summary and notes on stdout.
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

/// Each URL fetched (its failure kept for the import to report), with a progress bar when
/// there are several.
fn fetch_urls(inputs: Vec<SourceInput>, web: &FetchOptions) -> Vec<SourceInput> {
    let urls = inputs
        .iter()
        .filter(|i| matches!(i, SourceInput::Url(_)))
        .count();
    let target = if urls > 1 {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(urls as u64), target);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} URLs fetched").expect("valid template"),
    );
    let fetched = inputs
        .into_iter()
        .map(|input| {
            let was_url = matches!(input, SourceInput::Url(_));
            let input = input.fetched(web);
            if was_url {
                bar.inc(1);
            }
            input
        })
        .collect();
    bar.finish_and_clear();
    fetched
}

pub fn embed_mode(background: bool) -> EmbedMode {
    if background {
        EmbedMode::Background
    } else {
        EmbedMode::Wait
    }
}

/// `--timeout` and `--max-size` as fetch options.
pub fn web_options(timeout: Option<u64>, max_size: Option<&str>) -> Result<FetchOptions> {
    if timeout == Some(0) {
        return Err(crate::error::user_error(
            "--timeout 0: give at least 1 second",
        ));
    }
    let max = max_size.map(parse_size).transpose()?;
    Ok(sources::web_options(timeout, max))
}

/// `50MB`, `500KB`, `1GB`, `2M` (binary units) or a plain number of megabytes.
pub fn parse_size(s: &str) -> Result<u64> {
    let t = s.trim().to_ascii_uppercase();
    let (num, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t.as_str(), "MB"),
    };
    let shift = match unit.trim().trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => 64,
    };
    match (num.parse::<u64>(), shift) {
        (Ok(n), 0..=30) if n > 0 => Ok(n << shift),
        _ => Err(crate::error::user_error(format!(
            "--max-size {s:?}: give a size such as 50MB, 500KB or 1GB"
        ))),
    }
}

/// `factdesk __extract-pdf FILE`: runs in a child process; prints the text or fails alone.
pub fn extract_pdf_child(path: PathBuf) -> i32 {
    factdesk_index::pdf::run_extract_pdf_child(&path)
}

//! `export`: files go only where asked, and never over an existing file without --force.
//! A report or ClaimReview publishes the finished verdicts it carries (unless `--draft`).

use std::io::Write;

use anyhow::Result;

use super::args::ExportArgs;
use super::Ctx;
use crate::error::user_error;
use crate::export::{self, ExportOptions, Format};
use crate::project::{lock, Access, LoadProblem, Project};

pub fn run(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let format = Format::from(a.format);
    let options = ExportOptions::from_args(format, a.delimiter.as_deref())?;
    let root = ctx.root()?;
    let publish = format.publishes() && !a.draft;
    // Publishing writes to claims; while the project is held elsewhere the file is still
    // exported, and what it would have published is named.
    let (mut project, held_by) = if publish {
        match super::open_writer(&root) {
            Ok(p) => (p, None),
            Err(_) => (
                Project::open(&root, Access::ReadOnly)?,
                lock::holder(&root).map(|h| crate::text::one_line(&h.describe())),
            ),
        }
    } else {
        (Project::open(&root, Access::ReadOnly)?, None)
    };
    let (data, due) = if publish {
        export::load_publishing(&project, format)?
    } else {
        (export::ExportData::load(&project)?, Vec::new())
    };
    warn(&data.problems);
    let (text, notes) = export::render_noted(&data, format, &options)?;
    warn(&notes);
    let to_stdout = a.out.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if to_stdout {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        let outcome = export::export_text(&project, format, a.out.as_deref(), &text, a.force)?;
        println!("wrote {}", crate::fsx::shown(&outcome));
    }
    if due.is_empty() {
        return incomplete(&data.skipped);
    }
    let ids: Vec<String> = due.iter().map(|(id, _)| id.to_string()).collect();
    if project.is_read_only() {
        eprintln!(
            "factdesk: warning: claim {} not recorded as published: the project is being edited by {}; run `factdesk review publish {}` once it is free",
            ids.join(", "),
            held_by.unwrap_or_else(|| "another factdesk".into()),
            ids.join(" ")
        );
        return incomplete(&data.skipped);
    }
    let published = export::record_published(&mut project, due)?;
    if !published.is_empty() && !to_stdout {
        let ids: Vec<String> = published.iter().map(u32::to_string).collect();
        println!("published: claim {}", ids.join(", "));
    }
    incomplete(&data.skipped)
}

fn warn(problems: &[String]) {
    for p in problems {
        eprintln!("factdesk: warning: {p}");
    }
}

/// An export that had to leave files out is written, and says so with exit code 1.
fn incomplete(skipped: &[LoadProblem]) -> Result<()> {
    for p in skipped {
        eprintln!("factdesk: skipped: {p}");
    }
    match skipped.len() {
        0 => Ok(()),
        n => Err(user_error(format!(
            "the export is incomplete: {n} file{} of the project could not be read (listed above)",
            if n == 1 { "" } else { "s" }
        ))),
    }
}

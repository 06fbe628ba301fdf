//! `export`: files go only where asked, and never over an existing file without --force.

use std::io::Write;

use anyhow::Result;

use super::args::ExportArgs;
use super::Ctx;
use crate::error::user_error;
use crate::export::{self, ExportData, ExportOptions, Format};
use crate::project::{Access, LoadProblem};

pub fn run(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let format = Format::from(a.format);
    let options = ExportOptions::from_args(format, a.delimiter.as_deref())?;
    if a.out.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        let data = ExportData::load(&project)?;
        warn(&data.problems);
        let text = export::render_with(&data, format, &options)?;
        std::io::stdout().write_all(text.as_bytes())?;
        return incomplete(&data.skipped);
    }
    let outcome = export::export_with(&project, format, &options, a.out.as_deref(), a.force)?;
    warn(&outcome.warnings);
    println!("wrote {}", crate::fsx::shown(&outcome.path));
    incomplete(&outcome.skipped)
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

//! `export`: files go only where asked, and never over an existing file without --force.

use std::io::Write;

use anyhow::Result;

use super::args::ExportArgs;
use super::Ctx;
use crate::export::{self, ExportData, Format};
use crate::project::Access;

pub fn run(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let format = Format::from(a.format);
    if a.out.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        let data = ExportData::load(&project)?;
        warn(&data.problems);
        let (text, notes) = export::render_noted(&data, format)?;
        warn(&notes);
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(());
    }
    let outcome = export::export(&project, format, a.out.as_deref(), a.force)?;
    warn(&outcome.warnings);
    println!("wrote {}", outcome.path.display());
    Ok(())
}

fn warn(problems: &[String]) {
    for p in problems {
        eprintln!("factdesk: warning: {p}");
    }
}

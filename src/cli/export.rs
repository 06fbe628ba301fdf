//! `export`: files go only where asked, and never over an existing file without --force.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::args::{ExportArgs, ExportFormat};
use super::Ctx;
use crate::export::{json, markdown, ExportData};
use crate::project::Access;
use crate::{fsx, user_bail};

pub fn run(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let data = ExportData::load(&project)?;
    for p in &data.problems {
        eprintln!("factdesk: warning: {p}");
    }
    let (text, ext) = match a.format {
        ExportFormat::Json => (json::render(&data), "json"),
        ExportFormat::Md => (markdown::render(&data), "md"),
    };
    let out: PathBuf = match a.out {
        Some(p) if p.as_os_str() == "-" => {
            std::io::stdout().write_all(text.as_bytes())?;
            return Ok(());
        }
        Some(p) => p,
        None => {
            let dir = project.root().join("exports");
            std::fs::create_dir_all(&dir)?;
            dir.join(format!("report.{ext}"))
        }
    };
    if out.exists() && !a.force {
        user_bail!("{}: exists; add --force to overwrite it", out.display());
    }
    fsx::write_atomic(&out, text.as_bytes())?;
    println!("wrote {}", out.display());
    Ok(())
}

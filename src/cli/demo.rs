//! `demo`: a ready project from the embedded German article and source notes.

use std::path::PathBuf;

use anyhow::Result;

use super::args::DemoArgs;
use crate::demo;

pub fn run(a: DemoArgs) -> Result<()> {
    let dir = match a.dir {
        Some(d) => d,
        None => default_dir()?,
    };
    let created = demo::ensure(&dir)?;
    if created {
        println!("created the demo project in {}", crate::fsx::shown(&dir));
    } else {
        println!("using the demo project in {}", crate::fsx::shown(&dir));
    }
    if a.no_tui {
        println!(
            "next: factdesk --project {} claims",
            crate::fsx::shown(&dir)
        );
        return Ok(());
    }
    crate::cli::open_workstation(&dir, a.theme)
}

fn default_dir() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "factdesk", "factdesk")
        .ok_or_else(|| crate::error::user_error("no home directory: give the demo a DIR"))?;
    Ok(dirs.data_dir().join("demo"))
}

//! `model add|ls`, `embed` and the detached embedding worker (`__embed`).

use anyhow::Result;
use factdesk_index::embed::install;
use factdesk_index::embed::job::{self, Scope};
use factdesk_index::sanitize::sanitize_text;

use super::args::{EmbedArgs, ModelCmd};
use super::Ctx;
use crate::error::user_error;
use crate::project::Access;
use crate::semantic::{self, EmbedMode};

pub fn run(cmd: ModelCmd) -> Result<()> {
    let dir = semantic::models_dir()?;
    match cmd {
        ModelCmd::Add { paths } => {
            eprintln!("factdesk: checking and installing the model (this reads ~100 MB)...");
            let model = install::install(&dir, &paths).map_err(|e| user_error(e.to_string()))?;
            println!(
                "installed model {} ({}) in {}; it is the active model",
                model.name,
                sanitize_text(&model.origin),
                model.dir.display()
            );
            println!(
                "next: `factdesk reindex` (or `factdesk embed`) in a project embeds its sources"
            );
            Ok(())
        }
        ModelCmd::Ls { json } => {
            let (models, problems) = install::list(&dir);
            for p in problems {
                eprintln!("factdesk: warning: {}", sanitize_text(&p));
            }
            let active = install::active(&dir).map(|m| m.name);
            if json {
                let list: Vec<_> = models
                    .iter()
                    .map(|m| {
                        serde_json::json!({
                            "name": m.name,
                            "id": m.id(),
                            "layout": m.layout,
                            "origin": m.origin,
                            "files": m.files,
                            "active": active.as_deref() == Some(m.name.as_str()),
                            "dir": m.dir,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            if models.is_empty() {
                println!("no model installed; see `factdesk model add --help`");
            }
            for m in &models {
                let mark = if active.as_deref() == Some(m.name.as_str()) {
                    "*"
                } else {
                    " "
                };
                println!(
                    "{mark} {:<28} {:<13} {}",
                    sanitize_text(&m.name),
                    format!("{:?}", m.layout),
                    sanitize_text(&m.origin)
                );
                for (file, sha) in &m.files {
                    println!("      {file}  sha256 {sha}");
                }
            }
            Ok(())
        }
    }
}

/// `factdesk embed`: embeds the passages that have no vector yet (after a kill, or when
/// the model was added after the sources).
pub fn embed(ctx: &Ctx, a: EmbedArgs) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    // Opening builds or repairs the index when needed.
    let index = crate::search::open(&project)?;
    drop(index);
    let Some(model) = semantic::active_model() else {
        return Err(user_error(
            "no model installed; see `factdesk model add --help`",
        ));
    };
    let mode = if a.background {
        EmbedMode::Background
    } else {
        EmbedMode::Wait
    };
    let dir = semantic::vectors_dir(&project.index_dir(), &model);
    let chosen = match (a.all, a.candidates) {
        (true, _) => Some(Scope::All),
        (_, true) => Some(Scope::Candidates),
        _ => None,
    };
    if let Some(scope) = chosen {
        job::set_scope(&dir, scope)
            .map_err(|e| user_error(format!("{}: {e}", crate::fsx::shown(&dir))))?;
    }
    semantic::after_index_change(project.root(), &project.index_dir(), mode);
    if mode == EmbedMode::Wait {
        let status = job::status(&dir);
        match semantic::scope_of(&project.index_dir(), &model) {
            _ if !status.complete => {}
            Scope::All => println!("every passage has its vector ({})", model.name),
            Scope::Candidates => println!(
                "the sources suggested for every claim have their vectors ({}); searches embed the rest they need",
                model.name
            ),
        }
    }
    Ok(())
}

/// `factdesk __embed`: the detached worker.
pub fn worker(ctx: &Ctx) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    semantic::worker_main(project.root(), &project.index_dir())
}

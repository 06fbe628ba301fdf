//! `library add-project|import|match|ls`: the desk's verdict library.

use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::library::{LibraryEntry, Match};
use serde_json::json;

use super::args::LibraryCmd;
use super::Ctx;
use crate::library;
use crate::project::{Access, Project};

pub fn run(ctx: &Ctx, cmd: LibraryCmd) -> Result<()> {
    match cmd {
        LibraryCmd::AddProject { dir } => add_project(ctx, dir),
        LibraryCmd::Import { files } => import(files),
        LibraryCmd::Match { claim, all, json } => find(ctx, claim, all, json),
        LibraryCmd::Ls { json } => list(json),
    }
}

fn add_project(ctx: &Ctx, dir: Option<PathBuf>) -> Result<()> {
    let root = match dir {
        Some(d) => Project::find_root(&d)?,
        None => ctx.root()?,
    };
    let project = Project::open(&root, Access::ReadOnly)?;
    let mut lib = library::open()?;
    let report = library::sync_project(&mut lib, &project)?;
    for p in &report.problems {
        eprintln!("factdesk: warning: {p}");
    }
    println!(
        "{}: {} rated claims in the library ({} entries replaced); {} entries in all",
        crate::fsx::shown(&root),
        report.added,
        report.replaced,
        lib.len()
    );
    Ok(())
}

fn import(files: Vec<PathBuf>) -> Result<()> {
    let mut lib = library::open()?;
    let mut failed = 0;
    for file in &files {
        match library::import_claimreview(&mut lib, file) {
            Ok(report) => {
                for s in &report.skipped {
                    eprintln!("factdesk: warning: {s}");
                }
                println!(
                    "{}: {} checks imported, {} skipped",
                    crate::fsx::shown(file),
                    report.added,
                    report.skipped.len()
                );
            }
            Err(e) => {
                failed += 1;
                eprintln!("factdesk: {}", crate::error::one_line(&e));
            }
        }
    }
    if failed > 0 {
        crate::user_bail!("{failed} of {} files could not be imported", files.len());
    }
    Ok(())
}

fn entry_json(e: &LibraryEntry) -> serde_json::Value {
    json!({
        "origin": e.origin,
        "claim": e.claim,
        "rating": e.rating,
        "explanation": e.explanation,
        "date": e.date,
        "url": e.url,
        "publisher": e.publisher,
        "claimant": e.claimant,
        "language": e.lang.code(),
    })
}

fn find(ctx: &Ctx, id: u32, all: bool, as_json: bool) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let claim = project.claim(id)?;
    let matches: Vec<Match> = if all {
        let lib = library::open()?;
        let lang = match factdesk_index::Lang::from_code(&project.manifest().language) {
            factdesk_index::Lang::De => factdesk_index::Lang::De,
            _ => factdesk_index::Lang::En,
        };
        lib.find_similar(
            &claim.text,
            lang,
            library::MAX_MATCHES,
            Some(&library::claim_origin(&project, id)),
        )
        .map_err(|e| crate::error::user_error(e.to_string()))?
    } else {
        library::matches_for(&project, &claim)?
    };
    if as_json {
        let items: Vec<_> = matches
            .iter()
            .map(|m| {
                let mut v = entry_json(&m.entry);
                v["similarity"] = json!(m.similarity);
                v["reusable_rating"] = json!(library::reusable_rating(&project, m));
                v
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(());
    }
    if matches.is_empty() {
        println!(
            "no earlier verdict resembles claim {id} (similarity {:.2} or more){}",
            library::SAME_CLAIM,
            if all { "" } else { "; --all shows near misses" }
        );
        return Ok(());
    }
    for m in &matches {
        let e = &m.entry;
        println!(
            "{:.2}  {}  {}  {}",
            m.similarity,
            if e.date.is_empty() { "—" } else { &e.date },
            e.rating,
            if e.publisher.is_empty() {
                "—"
            } else {
                &e.publisher
            }
        );
        println!("      {}", e.claim);
        if !e.url.is_empty() {
            println!("      {}", e.url);
        }
        println!("      ({})", e.origin);
    }
    Ok(())
}

fn list(as_json: bool) -> Result<()> {
    let lib = library::open()?;
    let entries = lib
        .entries()
        .map_err(|e| crate::error::user_error(e.to_string()))?;
    if as_json {
        let items: Vec<_> = entries.iter().map(entry_json).collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(());
    }
    for e in &entries {
        let claim: String = e.claim.chars().take(80).collect();
        println!(
            "{:<10}  {:<2}  {:<16}  {}  [{}]",
            if e.date.is_empty() { "—" } else { &e.date },
            e.lang.code(),
            e.rating,
            claim,
            if e.publisher.is_empty() {
                "—"
            } else {
                &e.publisher
            }
        );
    }
    println!(
        "{} entries in {}",
        entries.len(),
        crate::fsx::shown(lib.dir())
    );
    Ok(())
}

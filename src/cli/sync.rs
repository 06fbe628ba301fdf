//! `sync`: the project's git remote is the desk's hub (see `crate::sync`).

use anyhow::Result;

use super::args::SyncArgs;
use super::Ctx;
use crate::project::lock;
use crate::sync::{self, Options, SyncReport};
use crate::text::one_line;
use crate::user_bail;

pub fn run(ctx: &Ctx, a: SyncArgs) -> Result<()> {
    let root = ctx.root()?;
    let mut project = match super::open_writer(&root) {
        Ok(p) => p,
        Err(e) => match lock::holder(&root) {
            // The workstation keeps edits in memory between autosaves: syncing under it
            // could commit half a change and then change files beneath it.
            Some(h) if h.program == lock::WORKSTATION => user_bail!(
                "not synced: {} holds this project and may have unsaved edits; close it (it saves as it quits) and run `factdesk sync` again",
                one_line(&h.describe())
            ),
            Some(h) => user_bail!(
                "not synced: {} holds this project; run `factdesk sync` again when it is done",
                one_line(&h.describe())
            ),
            None => return Err(e),
        },
    };
    let report = sync::sync(&mut project, &Options { remote: a.remote })?;
    print_report(&report);
    Ok(())
}

fn ids(list: &[u32]) -> String {
    list.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_report(r: &SyncReport) {
    for n in &r.notes {
        eprintln!("factdesk: {n}");
    }
    match &r.committed {
        Some(subject) => println!("committed: {}", one_line(subject)),
        None => println!("nothing new to commit here"),
    }
    if r.first_push {
        println!(
            "pushed to the empty remote {}: branch {} created",
            r.remote, r.branch
        );
    } else {
        println!("in step with {}/{}", r.remote, r.branch);
    }
    if !r.incoming.is_empty() {
        println!("claims changed by the sync: {}", ids(&r.incoming));
    }
    for (old, new) in &r.renumbered {
        println!("claim {old} here was given to another claim on the desk meanwhile: this one is claim {new} now");
    }
    for id in &r.voided {
        println!("claim {id}: approval voided (its verdict changed after approval); it needs review again");
    }
    for id in &r.kept_edited {
        println!("claim {id}: removed here but edited elsewhere: kept (`factdesk claim rm {id}` if it should go)");
    }
    if r.index_rebuilt {
        println!("search index rebuilt for the new sources");
    }
    if !r.conflicted.is_empty() {
        println!(
            "conflicts kept (both values in the claim): claim {}; see `factdesk claim show ID`, settle with `factdesk claim resolve ID`",
            ids(&r.conflicted)
        );
    }
}

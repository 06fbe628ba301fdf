//! The verdict-library worker: earlier verdicts of a claim from the desk's library, off the
//! input loop; only the newest lookup is answered.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use factdesk_index::library::VerdictLibrary;

use crate::project::claim::Claim;
use crate::project::{Access, Project};
use crate::tui::msg::{Earlier, Lookup, Msg};

/// Earlier verdicts of `claim`, for the panel. `library` is the worker's open library: opened
/// on the first lookup that finds one, refreshed (not reopened) on the next ones, since the
/// saver files verdicts into it meanwhile.
pub fn lookup(
    library: &mut Option<VerdictLibrary>,
    project: &Project,
    claim: &Claim,
) -> Result<Vec<Earlier>, String> {
    let err = |e: anyhow::Error| crate::error::one_line(&e);
    match library {
        Some(lib) => lib.refresh().map_err(|e| e.to_string())?,
        None => *library = crate::library::open_existing().map_err(err)?,
    }
    let Some(lib) = library.as_ref() else {
        return Ok(Vec::new());
    };
    let found = crate::library::matches_in(lib, project, claim).map_err(err)?;
    Ok(found
        .into_iter()
        .map(|m| Earlier {
            reusable: crate::library::reusable_rating(project, &m),
            similarity: m.similarity,
            entry: m.entry,
        })
        .collect())
}

/// Run the library worker: it answers the newest lookup only, reading the project read-only.
pub fn spawn_worker(root: PathBuf, rx: Receiver<Lookup>, tx: Sender<Msg>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let project =
            Project::open(&root, Access::ReadOnly).map_err(|e| crate::error::one_line(&e));
        let mut library = None;
        while let Ok(mut req) = rx.recv() {
            // Lookups for claims the user has already moved past are skipped.
            while let Ok(next) = rx.try_recv() {
                req = next;
            }
            let result = match &project {
                Ok(p) => lookup(&mut library, p, &req.claim),
                Err(e) => Err(e.clone()),
            };
            if tx
                .send(Msg::LibraryDone {
                    gen: req.gen,
                    result,
                })
                .is_err()
            {
                return;
            }
        }
    })
}

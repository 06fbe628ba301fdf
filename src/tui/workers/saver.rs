//! The saver: the project's one writer. It runs save jobs one at a time through `edit.rs`,
//! answers with the claims as saved, files verdicts into the desk's library after the claim is
//! on disk, and writes exports.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Result;

use crate::edit;
use crate::project::claim::Claim;
use crate::project::Project;

use crate::tui::msg::{Job, Msg, Saved, ToSaver, UndoStep};

/// A rated claim whose explanation was edited is filed into the library after this long
/// without another save (and when the workstation closes), not at every autosave.
const FILE_WHEN_IDLE: Duration = Duration::from_secs(2);

/// Run the saver; it ends (dropping the project and its lock) on `Stop` or when the channel
/// closes.
pub fn spawn_saver(mut project: Project, rx: Receiver<ToSaver>, tx: Sender<Msg>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        // Saved claims the library has not heard of yet (explanation and notes autosaves).
        let mut unfiled: BTreeMap<u32, Claim> = BTreeMap::new();
        loop {
            let cmd = match rx.recv_timeout(FILE_WHEN_IDLE) {
                Ok(cmd) => cmd,
                Err(RecvTimeoutError::Timeout) => {
                    file_in_library(&project, &mut unfiled, &[], &tx);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            match cmd {
                ToSaver::Job(job) => {
                    let files = files_library(&job);
                    let r = run_job(&mut project, job).map_err(|e| crate::error::one_line(&e));
                    let filed = match &r {
                        Ok(saved) if files => Some((saved.claims.clone(), saved.removed.clone())),
                        Ok(saved) => {
                            for c in saved
                                .claims
                                .iter()
                                .filter(|c| !c.verdict.rating.trim().is_empty())
                            {
                                unfiled.insert(c.id, c.clone());
                            }
                            None
                        }
                        Err(_) => None,
                    };
                    let _ = tx.send(Msg::Saved(r));
                    // After the claim is safe on disk: the library is a copy, its failure is
                    // reported, never a failed save.
                    if let Some((claims, removed)) = filed {
                        for c in claims {
                            unfiled.insert(c.id, c);
                        }
                        // A claim merged away leaves the library, whatever was typed into it.
                        for id in &removed {
                            unfiled.remove(id);
                        }
                        file_in_library(&project, &mut unfiled, &removed, &tx);
                    }
                }
                ToSaver::History(id) => {
                    let lines = project
                        .history(id)
                        .map(|h| {
                            h.iter()
                                .map(|c| {
                                    // Minutes are enough in a pane; the log has the rest.
                                    let at = c.at.get(..16).unwrap_or(&c.at).replace('T', " ");
                                    format!("{at} {} {}", c.user, c.what())
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let _ = tx.send(Msg::History { claim: id, lines });
                }
                ToSaver::Export { format, force } => {
                    let text = match crate::export::export(&project, format, None, force) {
                        Ok(o) => format!("wrote {}", o.path.display()),
                        Err(e) => crate::error::one_line(&e),
                    };
                    let _ = tx.send(Msg::Notice(text));
                }
                ToSaver::Stop => break,
            }
        }
        file_in_library(&project, &mut unfiled, &[], &tx);
    })
}

/// Files `claims` (emptying it) and `removed` into the desk's library.
fn file_in_library(
    project: &Project,
    claims: &mut BTreeMap<u32, Claim>,
    removed: &[u32],
    tx: &Sender<Msg>,
) {
    if claims.is_empty() && removed.is_empty() {
        return;
    }
    let claims: Vec<Claim> = std::mem::take(claims).into_values().collect();
    if let Err(e) = crate::library::file_claims(project, &claims, removed) {
        let _ = tx.send(Msg::Notice(format!(
            "saved; verdict library not updated: {}",
            crate::error::one_line(&e)
        )));
    }
}

/// Whether a job can change what the library holds of a claim (its rating, text or whether
/// it is live). Explanation and notes autosaves do not file at once: they would commit the
/// library at every pause in typing; the saver files them when typing stops
/// (`FILE_WHEN_IDLE`) or the workstation closes.
fn files_library(job: &Job) -> bool {
    match job {
        // Setting the status (to done, mostly) also carries the finished explanation.
        Job::Verdict { change, .. } => change.rating.is_some() || change.status.is_some(),
        Job::AddEvidence { .. } | Job::RemoveEvidence { .. } | Job::SetStance { .. } => false,
        Job::Triage { .. }
        | Job::Split { .. }
        | Job::Merge { .. }
        | Job::EditText { .. }
        | Job::AddClaim { .. }
        | Job::Undo(_)
        | Job::ReuseVerdict { .. } => true,
    }
}

fn one(c: Claim) -> Saved {
    Saved {
        claims: vec![c],
        removed: vec![],
        select: None,
        undo: None,
        at: String::new(),
    }
}

/// Run one job through `edit.rs`; the claims as saved, stamped with the time.
pub fn run_job(p: &mut Project, job: Job) -> Result<Saved> {
    let mut saved = apply(p, job)?;
    saved.at = chrono::Local::now().format("%H:%M:%S").to_string();
    Ok(saved)
}

fn apply(p: &mut Project, job: Job) -> Result<Saved> {
    Ok(match job {
        Job::Verdict { id, change } => one(edit::set_verdict(p, id, change)?),
        Job::AddEvidence {
            id,
            source,
            quote,
            range,
            stance,
        } => one(edit::add_evidence(p, id, &source, &quote, stance, Some(range), String::new())?.0),
        Job::RemoveEvidence { id, n } => one(edit::remove_evidence(p, id, n)?),
        Job::SetStance { id, n, stance } => one(edit::set_stance(p, id, n + 1, stance)?),
        Job::Triage { id, triage } => one(edit::set_triage(p, id, triage)?),
        Job::Split { id, at } => {
            let before = p.claim(id)?;
            let (a, b) = edit::split_claim(p, id, at)?;
            let undo = UndoStep {
                restore: vec![before],
                remove: vec![b.id],
            };
            Saved {
                claims: vec![a, b],
                select: Some(id),
                undo: Some(undo),
                ..one_of(vec![])
            }
        }
        Job::Merge { first, second } => {
            let restore = vec![p.claim(first)?, p.claim(second)?];
            Saved {
                claims: vec![edit::merge_claims(p, first, second)?],
                removed: vec![second],
                select: Some(first),
                undo: Some(UndoStep {
                    restore,
                    remove: vec![],
                }),
                at: String::new(),
            }
        }
        Job::ReuseVerdict { id, rating, note } => {
            one(edit::reuse_verdict(p, id, rating.as_deref(), &note)?)
        }
        Job::EditText { id, text } => one(edit::edit_claim(p, id, Some(text), None, None)?),
        Job::AddClaim { article, span } => {
            let c = edit::add_claim(p, &article, Some(span), None)?;
            let id = c.id;
            Saved {
                select: Some(id),
                undo: Some(UndoStep {
                    restore: vec![],
                    remove: vec![id],
                }),
                ..one(c)
            }
        }
        Job::Undo(step) => {
            let (claims, removed) = edit::restore_claims(p, step.restore, &step.remove)?;
            Saved {
                select: claims.first().map(|c| c.id),
                claims,
                removed,
                undo: None,
                at: String::new(),
            }
        }
    })
}

fn one_of(claims: Vec<Claim>) -> Saved {
    Saved {
        claims,
        removed: vec![],
        select: None,
        undo: None,
        at: String::new(),
    }
}

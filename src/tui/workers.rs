//! The workers that run effects off the input loop: one saves (it owns the writable Project
//! and so the lock), one searches. Both answer with `Msg`s.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Result;

use crate::edit;
use crate::project::changelog::Change;
use crate::project::claim::Claim;
use crate::project::Project;

use super::search::Searcher;
use super::state::UndoStep;
use super::update::{Job, Msg, Saved};

pub enum SaveCmd {
    Job(Job),
    History(u32),
    Export {
        format: crate::export::Format,
        force: bool,
    },
    Stop,
}

pub enum SearchCmd {
    Search { gen: u64, query: String },
    Suggest { gen: u64, claim: String },
    Open { source: String, range: [usize; 2] },
}

/// A rated claim whose explanation was edited is filed into the library after this long
/// without another save (and when the workstation closes), not at every autosave.
const FILE_WHEN_IDLE: Duration = Duration::from_secs(2);

/// Run the saver; it ends (dropping the project and its lock) on `Stop` or when the channel
/// closes.
pub fn spawn_saver(mut project: Project, rx: Receiver<SaveCmd>, tx: Sender<Msg>) -> JoinHandle<()> {
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
                SaveCmd::Job(job) => {
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
                SaveCmd::History(id) => {
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
                SaveCmd::Export { format, force } => {
                    let text = match crate::export::export(&project, format, None, force) {
                        Ok(o) => format!("wrote {}", o.path.display()),
                        Err(e) => crate::error::one_line(&e),
                    };
                    let _ = tx.send(Msg::Notice(text));
                }
                SaveCmd::Stop => break,
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

fn one(c: crate::project::claim::Claim) -> Saved {
    Saved {
        claims: vec![c],
        removed: vec![],
        select: None,
        undo: None,
    }
}

pub fn run_job(p: &mut Project, job: Job) -> Result<Saved> {
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
        Job::SetStance { id, n, stance } => {
            let mut c = p.claim(id)?;
            let Some(e) = c.verdict.evidence.get_mut(n) else {
                anyhow::bail!("claim {id} has no evidence item {}", n + 1);
            };
            let change = Change::new("evidence.stance")
                .claim(id)
                .from_to(e.stance.as_str(), stance.as_str());
            e.stance = stance;
            p.save_claim(&mut c, vec![change])?;
            one(c)
        }
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
                removed: vec![],
                select: Some(id),
                undo: Some(undo),
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
                claims: vec![c],
                removed: vec![],
                select: Some(id),
                undo: Some(UndoStep {
                    restore: vec![],
                    remove: vec![id],
                }),
            }
        }
        Job::Undo(step) => undo(p, step)?,
    })
}

/// Write back the claims of `step` (re-creating those a merge removed) and remove the ones
/// the undone edit created.
fn undo(p: &mut Project, step: UndoStep) -> Result<Saved> {
    let mut claims = Vec::new();
    for mut c in step.restore {
        match p.claim(c.id) {
            Ok(on_disk) => {
                // The log shows what the undo changed back: the text after a split or merge,
                // else the rating (the other verdict fields are long).
                let (from, to) = if on_disk.text != c.text {
                    (on_disk.text.clone(), c.text.clone())
                } else {
                    (on_disk.verdict.rating.clone(), c.verdict.rating.clone())
                };
                let change = Change::new("claim.undo").claim(c.id).from_to(from, to);
                p.save_claim(&mut c, vec![change])?;
            }
            Err(_) => p.create_claim(&c)?,
        }
        claims.push(c);
    }
    let mut removed = Vec::new();
    for id in step.remove {
        if p.claim(id).is_ok() {
            p.delete_claim(id)?;
            removed.push(id);
        }
    }
    Ok(Saved {
        select: claims.first().map(|c| c.id),
        claims,
        removed,
        undo: None,
    })
}

/// Run the searcher: it loads the project's sources, then answers the newest request only.
pub fn spawn_searcher(root: PathBuf, rx: Receiver<SearchCmd>, tx: Sender<Msg>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let searcher = Searcher::open(&root);
        if let Some(notice) = &searcher.notice {
            let _ = tx.send(Msg::Notice(notice.clone()));
        }
        while let Ok(mut cmd) = rx.recv() {
            // Requests typed while we were busy are superseded by the newest one.
            while let Ok(next) = rx.try_recv() {
                if let SearchCmd::Open { .. } = cmd {
                    handle(&searcher, cmd, &tx);
                }
                cmd = next;
            }
            handle(&searcher, cmd, &tx);
        }
    })
}

const LIMIT: usize = 30;

fn handle(searcher: &Searcher, cmd: SearchCmd, tx: &Sender<Msg>) {
    let msg = match cmd {
        SearchCmd::Search { gen, query } => {
            let hits = searcher.search(&query, LIMIT);
            let label = match &searcher.problem {
                Some(p) => p.clone(),
                None if query.trim().is_empty() => String::new(),
                None => format!("{} passages", hits.len()),
            };
            Msg::SearchDone { gen, label, hits }
        }
        SearchCmd::Suggest { gen, claim } => {
            let hits = searcher.suggest(&claim, LIMIT);
            Msg::SearchDone {
                gen,
                label: format!("{} suggested passages", hits.len()),
                hits,
            }
        }
        SearchCmd::Open { source, range } => match searcher.open_source(&source) {
            Some((title, text)) => Msg::Reader { title, text, range },
            None => return,
        },
    };
    let _ = tx.send(msg);
}

/// The searcher the worker uses, for tests and benchmarks that drive the update logic.
pub fn load_searcher(root: &std::path::Path) -> Searcher {
    Searcher::open(root)
}

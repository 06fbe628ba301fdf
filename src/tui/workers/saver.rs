//! The saver: the project's one writer. It runs save jobs one at a time through `edit.rs`,
//! keeps the undo and redo steps (each the field-by-field difference an edit made on disk),
//! keeps typed text it could not save in recovery files, files verdicts into the desk's
//! library after the claim is on disk, writes exports and adds sources (`:add`).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Result;

use crate::edit::undo::{self, Step};
use crate::edit::{self, VerdictChange};
use crate::project::claim::Claim;
use crate::project::Project;
use crate::tui::msg::{
    BulkChange, Conflict, EditTarget, Job, Msg, ReviewStep, SaveFailure, Saved, ToSaver,
};
use crate::tui::recovery;

/// A rated claim whose explanation was edited is filed into the library after this long
/// without another save (and when the workstation closes), not at every autosave.
const FILE_WHEN_IDLE: Duration = Duration::from_secs(2);

/// Undo steps kept at most.
const UNDO_LIMIT: usize = 500;

/// What the saver leaves behind when it stops.
#[derive(Debug, Default)]
pub struct Stopped {
    /// A line for each recovery file still holding text this session could not save
    /// (printed when the workstation exits).
    pub kept: Vec<String>,
    /// The `:add`s it stored (the others were abandoned).
    pub added: Vec<u64>,
}

/// Run the saver; it ends (dropping the project and its lock) on `Stop` or when the channel
/// closes. Opened read-only, it takes the lock once it is free.
pub fn spawn_saver(
    project: Project,
    rx: Receiver<ToSaver>,
    tx: Sender<Msg>,
) -> JoinHandle<Stopped> {
    std::thread::spawn(move || {
        let mut saver = Saver::new(project);
        let mut retaker = super::writer::Retaker::new();
        loop {
            let idle = match saver.project.is_read_only() {
                true => super::writer::RETRY_EVERY,
                false => FILE_WHEN_IDLE,
            };
            let cmd = match rx.recv_timeout(idle) {
                Ok(ToSaver::TakeLock) => {
                    if let Some(m) = retaker.try_take(&mut saver.project, true) {
                        let _ = tx.send(m);
                    }
                    continue;
                }
                Ok(cmd) => Some(cmd),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let stopping = matches!(cmd, Some(ToSaver::Stop));
            if let Some(m) = (!stopping)
                .then(|| retaker.try_take(&mut saver.project, false))
                .flatten()
            {
                let _ = tx.send(m);
            }
            match cmd {
                Some(cmd) => {
                    if !saver.handle(cmd, &tx) {
                        break;
                    }
                }
                None => saver.file_in_library(&[], &tx),
            }
        }
        saver.file_in_library(&[], &tx);
        Stopped {
            kept: saver.kept_notes(),
            added: saver.added,
        }
    })
}

pub struct Saver {
    project: Project,
    /// Newest last; an editing session's autosaves share one step.
    undo: Vec<(Step, Option<u64>)>,
    redo: Vec<Step>,
    /// The text this saver last wrote to a field: the editor's base moves on with it.
    written: HashMap<(u32, EditTarget), String>,
    /// Recovery files written for fields whose save failed.
    kept: BTreeMap<(u32, EditTarget), PathBuf>,
    /// Saved claims the library has not heard of yet (explanation and notes autosaves).
    unfiled: BTreeMap<u32, Claim>,
    /// The `:add`s stored.
    added: Vec<u64>,
}

impl Saver {
    pub fn new(project: Project) -> Saver {
        Saver {
            project,
            undo: Vec::new(),
            redo: Vec::new(),
            written: HashMap::new(),
            kept: BTreeMap::new(),
            unfiled: BTreeMap::new(),
            added: Vec::new(),
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// One command; false on `Stop`.
    fn handle(&mut self, cmd: ToSaver, tx: &Sender<Msg>) -> bool {
        match cmd {
            ToSaver::Job(job) => {
                let files = files_library(&job);
                let r = self.run(job);
                let filed = match &r {
                    Ok(saved) if files => Some((saved.claims.clone(), saved.removed.clone())),
                    Ok(saved) => {
                        for c in saved.claims.iter().filter(|c| !c.verdict.rating.is_empty()) {
                            self.unfiled.insert(c.id, c.clone());
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
                        self.unfiled.insert(c.id, c);
                    }
                    // A claim merged away leaves the library, whatever was typed into it.
                    for id in &removed {
                        self.unfiled.remove(id);
                    }
                    self.file_in_library(&removed, tx);
                }
            }
            ToSaver::History(id) => {
                let lines = history_lines(&self.project, id);
                let _ = tx.send(Msg::History { claim: id, lines });
            }
            ToSaver::Export { format, force } => {
                let text = match crate::export::export(&self.project, format, None, force) {
                    Ok(o) => format!("wrote {}", o.path.display()),
                    Err(e) => crate::error::one_line(&e),
                };
                let _ = tx.send(Msg::Notice(text));
            }
            ToSaver::AddSources { id, inputs } => {
                let answer = super::adding::add_sources(&mut self.project, id, &inputs, tx);
                self.added.push(id);
                let _ = tx.send(answer);
            }
            // Answered by the saver's loop, which keeps the retries.
            ToSaver::TakeLock => {}
            ToSaver::DiscardRecovery(path) => {
                let _ = std::fs::remove_file(&path);
            }
            ToSaver::RecoveryRestored { path, claim, field } => {
                // A failed save of the restored text wrote a fresh recovery file: keep it.
                if !self.kept.contains_key(&(claim, field)) {
                    let _ = std::fs::remove_file(&path);
                }
            }
            ToSaver::Stop => return false,
        }
        true
    }

    /// Run one job; the claims as saved, stamped with the time.
    pub fn run(&mut self, job: Job) -> Result<Saved, SaveFailure> {
        let typed = match &job {
            Job::Text {
                id,
                field,
                text,
                base,
                ..
            } => Some((*id, *field, text.clone(), base.clone())),
            _ => None,
        };
        let mut saved = match self.apply(job) {
            Ok(saved) => saved,
            Err(e) => {
                let why = crate::error::one_line(&e);
                let kept = typed.map(|t| self.keep(t, &why));
                return Err(SaveFailure { why, kept });
            }
        };
        if let Some((id, field, ..)) = typed {
            if self.kept.remove(&(id, field)).is_some() {
                recovery::remove(self.project.root(), id, field);
            }
            saved.text_saved = true;
        }
        saved.at = chrono::Local::now().format("%H:%M:%S").to_string();
        saved.undo_depth = self.undo.len();
        saved.redo_depth = self.redo.len();
        Ok(saved)
    }

    /// Typed text that could not be saved goes into a recovery file.
    fn keep(
        &mut self,
        (id, field, text, base): (u32, EditTarget, String, String),
        why: &str,
    ) -> Result<String, String> {
        let root = self.project.root().to_path_buf();
        let entry = recovery::Entry {
            project: root.display().to_string(),
            claim: id,
            field,
            text,
            base,
            kept_at: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            why: why.to_string(),
        };
        let path = recovery::write(&root, &entry)?;
        self.kept.insert((id, field), path.clone());
        Ok(path.display().to_string())
    }

    /// "kept in PATH" for each recovery file still holding text of this session.
    fn kept_notes(&self) -> Vec<String> {
        self.kept
            .iter()
            .map(|((id, field), path)| {
                format!(
                    "the {} of claim {id} could not be saved; it is kept in {} and offered back at the next start",
                    field.name(),
                    path.display()
                )
            })
            .collect()
    }

    fn apply(&mut self, job: Job) -> Result<Saved> {
        let session = match &job {
            Job::Text { session, .. } => Some(*session),
            _ => None,
        };
        match job {
            Job::Undo => return self.undo(),
            Job::Redo => return self.redo(),
            _ => {}
        }
        let before: Vec<Claim> = touched(&job)
            .into_iter()
            .filter_map(|id| self.project.claim(id).ok())
            .collect();
        let saved = match job {
            Job::Text {
                id,
                field,
                text,
                base,
                ..
            } => self.text(id, field, text, base)?,
            job => run_edit(&mut self.project, job)?,
        };
        let step = Step::between(&before, &saved.claims);
        self.remember(step, session);
        Ok(saved)
    }

    fn remember(&mut self, step: Step, session: Option<u64>) {
        if step.is_empty() {
            return;
        }
        self.redo.clear();
        match self.undo.last_mut() {
            Some((last, s)) if session.is_some() && *s == session => last.merge(step),
            _ => self.undo.push((step, session)),
        }
        self.undo.retain(|(s, _)| !s.is_empty());
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
    }

    fn undo(&mut self) -> Result<Saved> {
        let Some((step, _)) = self.undo.pop() else {
            return Ok(message("nothing to undo"));
        };
        let applied = match undo::apply(&mut self.project, &step) {
            Ok(a) => a,
            Err(e) => {
                self.undo.push((step, None));
                return Err(e);
            }
        };
        let text = format!("undid: {}", step.describe());
        if !applied.inverse.is_empty() {
            self.redo.push(applied.inverse.clone());
        }
        Ok(after_undo(applied, text))
    }

    fn redo(&mut self) -> Result<Saved> {
        let Some(step) = self.redo.pop() else {
            return Ok(message("nothing to redo"));
        };
        let applied = match undo::apply(&mut self.project, &step) {
            Ok(a) => a,
            Err(e) => {
                self.redo.push(step);
                return Err(e);
            }
        };
        let text = format!("redid: {}", applied.inverse.describe());
        if !applied.inverse.is_empty() {
            self.undo.push((applied.inverse.clone(), None));
        }
        Ok(after_undo(applied, text))
    }

    /// Save typed text into `field`; when the field changed on disk since the editor opened
    /// (and not by this saver), keep both versions and say so.
    fn text(&mut self, id: u32, field: EditTarget, text: String, base: String) -> Result<Saved> {
        let c = self.project.claim(id)?;
        let disk = field.of(&c).to_string();
        let mine = self.written.get(&(id, field));
        if disk == text {
            // Typed back to what is saved (or saved already): nothing to write or log.
            self.written.insert((id, field), disk);
            return Ok(one(c));
        }
        let changed_outside = disk != base && Some(&disk) != mine;
        let mut change = VerdictChange::default();
        let mut text = text;
        let mut conflict = None;
        if changed_outside {
            let at = chrono::Local::now().format("%H:%M").to_string();
            let (appended, message) = keep_both(field, &disk, &at, &c.verdict.notes);
            if field.multi_line() {
                text.push_str(&appended);
            } else {
                change.notes = Some(appended.clone());
            }
            conflict = Some(Conflict {
                claim: id,
                field,
                appended: if field.multi_line() {
                    appended
                } else {
                    String::new()
                },
                message,
            });
        }
        let saved = match field {
            EditTarget::ClaimText => {
                let c = edit::edit_claim(&mut self.project, id, Some(text), None, None)?;
                if change.notes.is_some() {
                    edit::set_verdict(&mut self.project, id, change)?
                } else {
                    c
                }
            }
            EditTarget::Explanation => {
                change.explanation = Some(text);
                edit::set_verdict(&mut self.project, id, change)?
            }
            EditTarget::Notes => {
                change.notes = Some(text);
                edit::set_verdict(&mut self.project, id, change)?
            }
            EditTarget::FreeRating => {
                change.rating = Some(text);
                edit::set_verdict(&mut self.project, id, change)?
            }
        };
        self.written
            .insert((id, field), field.of(&saved).to_string());
        Ok(Saved {
            conflict,
            ..one(saved)
        })
    }

    /// Files the unfiled claims (emptying the list) and `removed` into the desk's library.
    fn file_in_library(&mut self, removed: &[u32], tx: &Sender<Msg>) {
        if self.unfiled.is_empty() && removed.is_empty() {
            return;
        }
        let claims: Vec<Claim> = std::mem::take(&mut self.unfiled).into_values().collect();
        if let Err(e) = crate::library::file_claims(&self.project, &claims, removed) {
            let _ = tx.send(Msg::Notice(format!(
                "saved; verdict library not updated: {}",
                crate::error::one_line(&e)
            )));
        }
    }
}

/// Both versions of a field: what is appended to the typed text (multi-line fields) or the
/// notes (one-line fields), and the message for the status bar.
fn keep_both(field: EditTarget, theirs: &str, at: &str, notes: &str) -> (String, String) {
    let line = format!(
        "——— {at}: the {} was changed outside this editor (another user, git, a script); \
         both versions are kept, the other one is below ———",
        field.name()
    );
    let message = format!(
        "the {} was changed on disk while you edited it: both versions kept ({}); keep what is right",
        field.name(),
        if field.multi_line() {
            "the other one is below yours in the editor"
        } else {
            "the other one is in the notes"
        }
    );
    if field.multi_line() {
        (format!("\n\n{line}\n{theirs}"), message)
    } else {
        let sep = if notes.trim().is_empty() { "" } else { "\n" };
        (
            format!("{}{sep}{line}\n{theirs}", notes.trim_end()),
            message,
        )
    }
}

fn history_lines(project: &Project, id: u32) -> Vec<String> {
    project
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
        .unwrap_or_default()
}

/// The claims a job reads and changes (a new claim's id is not known before).
fn touched(job: &Job) -> Vec<u32> {
    match job {
        Job::Verdict { id, .. }
        | Job::AddEvidence { id, .. }
        | Job::RemoveEvidence { id, .. }
        | Job::SetStance { id, .. }
        | Job::Triage { id, .. }
        | Job::Split { id, .. }
        | Job::Text { id, .. }
        | Job::ReuseVerdict { id, .. }
        | Job::Review { id, .. }
        | Job::Claimant { id, .. }
        | Job::Resolve { id, .. } => vec![*id],
        Job::Bulk { ids, .. } => ids.clone(),
        Job::Merge { first, second } => vec![*first, *second],
        Job::AddClaim { .. } | Job::Undo | Job::Redo => vec![],
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
        Job::Text { field, .. } => matches!(field, EditTarget::ClaimText | EditTarget::FreeRating),
        Job::AddEvidence { .. } | Job::RemoveEvidence { .. } | Job::SetStance { .. } => false,
        Job::Triage { .. }
        | Job::Split { .. }
        | Job::Merge { .. }
        | Job::AddClaim { .. }
        | Job::Undo
        | Job::Redo
        | Job::ReuseVerdict { .. }
        | Job::Review { .. }
        | Job::Claimant { .. }
        | Job::Bulk { .. }
        | Job::Resolve { .. } => true,
    }
}

fn one(c: Claim) -> Saved {
    Saved {
        claims: vec![c],
        ..Saved::default()
    }
}

fn message(text: &str) -> Saved {
    Saved {
        message: Some(text.into()),
        ..Saved::default()
    }
}

fn after_undo(applied: undo::Applied, mut text: String) -> Saved {
    for s in &applied.skipped {
        text.push_str("; ");
        text.push_str(s);
    }
    Saved {
        select: applied.claims.first().map(|c| c.id),
        claims: applied.claims,
        removed: applied.removed,
        message: Some(text),
        ..Saved::default()
    }
}

/// The edits that are one call into `edit.rs`.
fn run_edit(p: &mut Project, job: Job) -> Result<Saved> {
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
            let (a, b) = edit::split_claim(p, id, at)?;
            Saved {
                claims: vec![a, b],
                select: Some(id),
                ..Saved::default()
            }
        }
        Job::Merge { first, second } => Saved {
            claims: vec![edit::merge_claims(p, first, second)?],
            removed: vec![second],
            select: Some(first),
            ..Saved::default()
        },
        Job::ReuseVerdict { id, rating, note } => {
            one(edit::reuse_verdict(p, id, rating.as_deref(), &note)?)
        }
        Job::AddClaim { article, span } => {
            let c = edit::add_claim(p, &article, Some(span), None)?;
            Saved {
                select: Some(c.id),
                ..one(c)
            }
        }
        Job::Review { id, step } => one(match step {
            ReviewStep::Request => crate::review::request(p, id)?,
            ReviewStep::Approve(comment) => crate::review::approve(p, id, comment.as_deref())?,
            ReviewStep::Reject(comment) => crate::review::reject(p, id, &comment)?,
        }),
        Job::Bulk { ids, change } => {
            let done = match &change {
                BulkChange::Status(st) => edit::set_status_many(p, &ids, *st),
                BulkChange::Assign(user) => edit::assign_many(p, &ids, user),
                BulkChange::Triage(t) => edit::set_triage_many(p, &ids, *t),
            };
            let mut text = format!(
                "{}: {} of {} claim{}",
                change.describe(),
                done.saved.len(),
                ids.len(),
                if ids.len() == 1 { "" } else { "s" }
            );
            for f in &done.failed {
                text.push_str("; ");
                text.push_str(f);
            }
            Saved {
                claims: done.saved,
                message: Some(text),
                ..Saved::default()
            }
        }
        Job::Claimant { id, name } => one(match name {
            None => edit::confirm_claimant(p, id)?,
            Some(name) => edit::set_claimant(p, id, &name, None)?,
        }),
        Job::Resolve { id, field, how } => {
            one(edit::resolve_conflict(p, id, field.as_deref(), how, None)?)
        }
        Job::Text { .. } | Job::Undo | Job::Redo => {
            anyhow::bail!("internal: typed text, undo and redo are run by the saver itself")
        }
    })
}

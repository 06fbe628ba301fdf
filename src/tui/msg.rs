//! What flows through the workstation: the messages the loop feeds into `update` (keys, ticks,
//! worker answers) and the effects `update` returns. Each effect names the worker it goes to,
//! so the loop only forwards it. Workers and components import their types from here.

use crossterm::event::KeyEvent;
use factdesk_index::library::LibraryEntry;

use crate::edit::VerdictChange;
use crate::project::claim::{Claim, Stance, Triage};

pub use super::provenance::Provenance;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Tick,
    /// A terminating signal, or the terminal is gone: save what was typed, then quit.
    Shutdown,
    Saved(Result<Saved, SaveFailure>),
    /// A line for the status bar (e.g. where an export was written).
    Notice(String),
    SearchDone {
        gen: u64,
        label: String,
        hits: Vec<Hit>,
    },
    Reader(Box<ReaderDoc>),
    History {
        claim: u32,
        lines: Vec<String>,
    },
    LibraryDone {
        gen: u64,
        result: Result<Vec<Earlier>, String>,
    },
    /// `:add` number `id` is done: what to say (what was added, each failure with its
    /// reason); the searcher is to reopen the index when anything was added.
    SourcesAdded {
        id: u64,
        summary: String,
        changed: bool,
    },
    /// The workstation opened read-only has taken the lock: it is the writer now. The claims
    /// as the other writer left them.
    LockTaken(Vec<Claim>),
    /// Asked to take the lock, it is still held: the banner to show (who holds it).
    LockHeld(String),
}

/// A source opened in the reader.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReaderDoc {
    pub source: String,
    pub title: String,
    pub provenance: Provenance,
    pub text: String,
    /// The passage to show first (character range in `text`).
    pub range: [usize; 2],
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// For the saver: it owns the writable project (and so the lock), one job at a time.
    Saver(ToSaver),
    /// For the search worker: only the newest search is answered.
    Searcher(ToSearcher),
    /// For the verdict-library worker: only the newest lookup is answered.
    Library(Lookup),
    /// For the fetcher: `:add` number `id`; its URLs are fetched there (the saver stays free
    /// for edits), then all of it goes to the saver to be stored.
    Fetch { id: u64, args: Vec<String> },
    /// Leave the loop (after the saver has finished what is queued).
    Quit,
}

impl Effect {
    pub fn save(job: Job) -> Effect {
        Effect::Saver(ToSaver::Job(job))
    }

    pub fn history(claim: u32) -> Effect {
        Effect::Saver(ToSaver::History(claim))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ToSaver {
    Job(Job),
    /// The change log lines of a claim, answered with `Msg::History`.
    History(u32),
    /// Write an export into the project's exports/ folder.
    Export {
        format: crate::export::Format,
        force: bool,
    },
    /// `:add` number `id`: import files, folders and URLs the fetcher has fetched already into
    /// `sources/` and the index; answered with `Msg::Notice` progress, then `SourcesAdded`.
    AddSources {
        id: u64,
        inputs: Vec<factdesk_index::store::SourceInput>,
    },
    /// Opened read-only: try to take the lock now (a user tried to edit), answered with
    /// `LockTaken` or `LockHeld`.
    TakeLock,
    /// Delete a recovery file the user chose to discard.
    DiscardRecovery(String),
    /// A recovery file's text was put back: delete the file once its save has succeeded.
    RecoveryRestored {
        path: String,
        claim: u32,
        field: EditTarget,
    },
    /// Finish every queued job, then drop the project (and its lock).
    Stop,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ToSearcher {
    Search {
        gen: u64,
        query: String,
    },
    Suggest {
        gen: u64,
        claim: String,
    },
    Open {
        source: String,
        range: [usize; 2],
    },
    /// Sources were added: reopen the index and the store (never skipped for a newer request).
    Reload,
}

/// Look for earlier verdicts of a claim in the desk's library.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    pub gen: u64,
    pub claim: Box<Claim>,
}

/// One edit for the saver.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Verdict {
        id: u32,
        change: VerdictChange,
    },
    AddEvidence {
        id: u32,
        source: String,
        quote: String,
        range: [usize; 2],
        stance: Stance,
    },
    RemoveEvidence {
        id: u32,
        n: usize,
    },
    SetStance {
        id: u32,
        n: usize,
        stance: Stance,
    },
    Triage {
        id: u32,
        triage: Triage,
    },
    Split {
        id: u32,
        at: usize,
    },
    Merge {
        first: u32,
        second: u32,
    },
    /// Text typed into an editor: `base` is the field as it was when the editor opened; the
    /// saver keeps both versions when the field on disk has changed since (not by it).
    Text {
        id: u32,
        field: EditTarget,
        text: String,
        base: String,
        /// The editing session: its autosaves undo as one step.
        session: u64,
    },
    /// A new claim from the article's characters `span`.
    AddClaim {
        article: String,
        span: [usize; 2],
    },
    /// `:request`, `:approve`, `:reject`: a step of second-person review, under the same
    /// rules as `factdesk review` (an author cannot approve their own verdict).
    Review {
        id: u32,
        step: ReviewStep,
    },
    /// One status, assignee or triage for several claims at once (the overview's marked
    /// claims, or the current one); each claim is saved or refused on its own.
    Bulk {
        ids: Vec<u32>,
        change: BulkChange,
    },
    /// `:resolve`: settle a conflict that sync recorded (as `factdesk claim resolve`).
    Resolve {
        id: u32,
        field: Option<String>,
        how: crate::resolve::Resolution,
    },
    /// `:claimant`: confirm the detected claimant (None) or set one by hand (empty: none).
    Claimant {
        id: u32,
        name: Option<String>,
    },
    /// Take back the newest edit (the saver keeps the undo and redo steps).
    Undo,
    Redo,
    /// Reuse an earlier verdict from the library: its rating (when this scale has it) and a
    /// note with its link, in one save.
    ReuseVerdict {
        id: u32,
        rating: Option<String>,
        note: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReviewStep {
    Request,
    Approve(Option<String>),
    Reject(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum BulkChange {
    Status(crate::project::claim::Status),
    /// Empty: unassign.
    Assign(String),
    Triage(crate::project::claim::Triage),
}

impl BulkChange {
    /// "status needs-review", "assigned to anna", "triage kept", for the status bar.
    pub fn describe(&self) -> String {
        use crate::project::claim::Triage;
        match self {
            BulkChange::Status(st) => format!("status {}", st.as_str()),
            BulkChange::Assign(u) if u.is_empty() => "unassigned".into(),
            BulkChange::Assign(u) => format!("assigned to {u}"),
            BulkChange::Triage(Triage::Kept) => "kept for checking".into(),
            BulkChange::Triage(Triage::Dropped) => "dropped".into(),
            BulkChange::Triage(Triage::Candidate) => "back to candidates".into(),
        }
    }
}

/// The text fields an editor can open on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum EditTarget {
    Explanation,
    Notes,
    ClaimText,
    FreeRating,
}

impl EditTarget {
    /// Multi-line targets take Enter as a new line; the others finish with it.
    pub fn multi_line(self) -> bool {
        matches!(self, EditTarget::Explanation | EditTarget::Notes)
    }

    pub fn name(self) -> &'static str {
        match self {
            EditTarget::Explanation => "explanation",
            EditTarget::Notes => "notes",
            EditTarget::ClaimText => "claim text",
            EditTarget::FreeRating => "rating",
        }
    }

    /// The field's text in `c`.
    pub fn of(self, c: &Claim) -> &str {
        match self {
            EditTarget::Explanation => &c.verdict.explanation,
            EditTarget::Notes => &c.verdict.notes,
            EditTarget::ClaimText => &c.text,
            EditTarget::FreeRating => &c.verdict.rating,
        }
    }
}

/// A job done: the claims as now on disk.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Saved {
    pub claims: Vec<Claim>,
    pub removed: Vec<u32>,
    /// The claim to make current (a split's first part, a new claim, what an undo restored).
    pub select: Option<u32>,
    /// When it was saved, local time `HH:MM:SS` (the saver reads the clock, `update` does not).
    pub at: String,
    /// Edits the saver can undo and redo now.
    pub undo_depth: usize,
    pub redo_depth: usize,
    /// For the status bar (what an undo did, what it left alone).
    pub message: Option<String>,
    /// A text field changed on disk while it was being edited: both versions were kept.
    pub conflict: Option<Conflict>,
    /// Typed text was saved: an earlier failure no longer holds unsaved text.
    pub text_saved: bool,
}

/// Both versions of a field edited here and changed elsewhere meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub claim: u32,
    pub field: EditTarget,
    /// What the saver appended to the typed text: a line saying what happened, then the other
    /// version (for one-line fields it went into the notes instead, and this is empty).
    pub appended: String,
    pub message: String,
}

/// A save that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveFailure {
    pub why: String,
    /// For typed text: where it is kept instead (a recovery file), or why it could not be.
    pub kept: Option<Result<String, String>>,
}

impl From<String> for SaveFailure {
    fn from(why: String) -> SaveFailure {
        SaveFailure { why, kept: None }
    }
}

/// A search hit as the sources pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub source: String,
    pub title: String,
    /// Publisher, date, URL and capture, terminal-safe.
    pub provenance: Provenance,
    /// The passage, terminal-safe, same characters as the source text.
    pub passage: String,
    /// Character range of the passage in the source's text.
    pub range: [usize; 2],
    /// Byte ranges of matched words inside `passage`.
    pub marks: Vec<(usize, usize)>,
    pub score: f32,
}

/// An earlier verdict resembling the current claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    pub entry: LibraryEntry,
    /// 0..1, see `factdesk_index::library::similarity`.
    pub similarity: f32,
    /// The rating this project's scale would give (see `library::reusable_rating`); `None`
    /// when the earlier label is not on this scale.
    pub reusable: Option<String>,
}

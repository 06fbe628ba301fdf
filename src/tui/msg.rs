//! What flows through the workstation: the messages the loop feeds into `update` (keys, ticks,
//! worker answers) and the effects `update` returns. Each effect names the worker it goes to,
//! so the loop only forwards it. Workers and components import their types from here.

use crossterm::event::KeyEvent;
use factdesk_index::library::LibraryEntry;

use crate::edit::VerdictChange;
use crate::project::claim::{Claim, Stance, Triage};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Tick,
    /// A terminating signal, or the terminal is gone: save what was typed, then quit.
    Shutdown,
    Saved(Result<Saved, String>),
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
}

/// A source opened in the reader.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReaderDoc {
    pub source: String,
    pub title: String,
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
    /// Finish every queued job, then drop the project (and its lock).
    Stop,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ToSearcher {
    Search { gen: u64, query: String },
    Suggest { gen: u64, claim: String },
    Open { source: String, range: [usize; 2] },
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
    EditText {
        id: u32,
        text: String,
    },
    /// A new claim from the article's characters `span`.
    AddClaim {
        article: String,
        span: [usize; 2],
    },
    Undo(UndoStep),
    /// Reuse an earlier verdict from the library: its rating (when this scale has it) and a
    /// note with its link, in one save.
    ReuseVerdict {
        id: u32,
        rating: Option<String>,
        note: String,
    },
}

impl Job {
    /// Jobs that create or remove claims: their undo step is built by the saver, which knows
    /// the new claim's id.
    pub fn restructures(&self) -> bool {
        matches!(
            self,
            Job::Split { .. } | Job::Merge { .. } | Job::AddClaim { .. }
        )
    }
}

/// What undoing one edit does: write these claims back as they were (re-creating any that
/// were removed) and remove the claims the edit created.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    pub restore: Vec<Claim>,
    pub remove: Vec<u32>,
}

/// A job done: the claims as now on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub claims: Vec<Claim>,
    pub removed: Vec<u32>,
    pub select: Option<u32>,
    /// How to undo a split, merge or new claim.
    pub undo: Option<UndoStep>,
    /// When it was saved, local time `HH:MM:SS` (the saver reads the clock, `update` does not).
    pub at: String,
}

/// A search hit as the sources pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub source: String,
    pub title: String,
    pub publisher: String,
    pub date: String,
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

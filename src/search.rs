//! The app's use of the search index: keeping it in step with `sources/` and rebuilding it.

use std::path::{Path, PathBuf};

use anyhow::Result;
use factdesk_index::eval;
use factdesk_index::store::{ImportEvent, ImportReport, SourceInput};
use factdesk_index::{IndexError, SearchIndex};

use crate::error::user_error;
use crate::project::lock::{self, LockInfo, ProjectLock};
use crate::project::Project;
use crate::sources;

/// An index failure as the CLI reports it (exit code 1: a rebuild, room on the disk or a
/// permission fixes it).
pub fn index_error(e: IndexError) -> anyhow::Error {
    user_error(e.to_string())
}

/// Written into the index folder while `source add` or `source rm` change `sources/` and the
/// index, removed after the last commit: if it is still there, one was killed between two
/// commits and the index disagrees with `sources/` (re-running the import would call the
/// missing sources unchanged).
const UPDATE_MARKER: &str = "update-in-progress";

/// Open the project's index, building it from `sources/` if needed; what was done is said on
/// stderr (command-line use).
pub fn open(project: &Project) -> Result<SearchIndex> {
    let (index, notice) = open_noting(project)?;
    if let Some(notice) = notice {
        eprintln!("factdesk: {notice}");
    }
    Ok(index)
}

/// Open the project's index for reading, rebuilding it from `sources/` when there is none yet
/// (a fresh clone of a project has sources but no index: `index/` is not kept in git), when an
/// import was interrupted, or when an older factdesk wrote it. Returns what was rebuilt and
/// why, for the caller to show (the workstation must not write to the terminal behind
/// ratatui). A rebuild happens only as the project's one writer (see [`writer_guard`]).
pub fn open_noting(project: &Project) -> Result<(SearchIndex, Option<String>)> {
    let dir = project.index_dir();
    crate::fsx::folder_in_project(&dir, project.root())?;
    if !dir.exists() && !sources::list(project)?.0.is_empty() {
        return rebuild_as_writer(project, "first use", lock::command_wait())?
            .ok_or_else(|| user_error(busy(project, "the search index is not built yet")));
    }
    // While an import runs (here or in another process) the marker is there too: then the
    // index is simply opened, and the import's commits show as it goes.
    if dir.join(UPDATE_MARKER).exists() && !update_running(&dir) {
        // No waiting here: while another process holds the lock, the marker is that
        // import's, running now.
        if let Some(rebuilt) = rebuild_as_writer(
            project,
            "the last `source add` or `source rm` was interrupted",
            std::time::Duration::ZERO,
        )? {
            return Ok(rebuilt);
        }
    }
    match SearchIndex::open_or_create(&dir) {
        Err(IndexError::Outdated { why, .. }) => {
            rebuild_as_writer(project, &format!("it {why}"), lock::command_wait())?
                .ok_or_else(|| user_error(busy(project, &format!("the search index {why}"))))
        }
        other => other.map(|i| (i, None)).map_err(index_error),
    }
}

/// Rebuilds the index from `sources/` if this process is (or can become, waiting at most
/// `wait` for a command holding the lock) the project's only writer; `None` when another
/// live process holds the project.
fn rebuild_as_writer(
    project: &Project,
    why: &str,
    wait: std::time::Duration,
) -> Result<Option<(SearchIndex, Option<String>)>> {
    let Some(_guard) = writer_guard(project, why, wait)? else {
        return Ok(None);
    };
    let (index, docs, ..) = rebuild(project)?;
    Ok(Some((
        index,
        Some(format!(
            "search index rebuilt from sources/ ({docs} documents): {why}"
        )),
    )))
}

fn busy(project: &Project, what: &str) -> String {
    let holder = lock::holder(project.root())
        .map(|h| h.describe())
        .unwrap_or_else(|| "another factdesk".into());
    format!("{what}, and the project is being edited by {holder}: try again when they are done")
}

/// What makes this process the only writer of the project while it repairs the index: the
/// lock it already holds (itself, or through another part of the same process, as the
/// workstation's saver does), else the lock taken now. `None` when another process holds
/// it: that one may be importing right now. An error when the lock cannot be taken for
/// another reason (a read-only project: a colleague's, or a read-only mount).
fn writer_guard(
    project: &Project,
    why: &str,
    wait: std::time::Duration,
) -> Result<Option<Option<ProjectLock>>> {
    if !project.is_read_only() {
        return Ok(Some(None));
    }
    let me = LockInfo::current();
    match lock::holder(project.root()) {
        Some(h) if h.pid == me.pid && h.host == me.host => Ok(Some(None)),
        _ => match ProjectLock::acquire_within(project.root(), wait) {
            Ok(lock) => Ok(Some(Some(lock))),
            Err(_) if lock::holder(project.root()).is_some() => Ok(None),
            Err(e) => Err(user_error(format!(
                "the search index must be rebuilt from sources/ ({why}), but this project cannot \
                 be changed from here ({}); ask someone who can write to it to run `factdesk reindex`",
                crate::error::one_line(&e)
            ))),
        },
    }
}

/// An import or removal under way: the marker file `index/update-in-progress`, held locked
/// (an advisory `flock`) for as long as the update runs. A marker that is there but not locked
/// was left by an update that died: the index may lack what it stored in `sources/`.
pub struct UpdateGuard {
    _marker: std::fs::File,
}

/// Marks the index as out of step with `sources/` until [`update_finished`]. The marker is
/// locked before it is put in place, so no opener ever sees it unlocked while this runs.
pub fn update_started(project: &Project) -> Result<UpdateGuard> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let dir = project.index_dir();
    std::fs::create_dir_all(&dir).map_err(|e| crate::fsx::io_error(&dir, "cannot create", &e))?;
    let marker = dir.join(UPDATE_MARKER);
    let tmp = dir.join(format!("{UPDATE_MARKER}.{}.tmp", std::process::id()));
    let fail = |e: &std::io::Error| crate::fsx::io_error(&marker, "cannot save", e);
    let _ = std::fs::remove_file(&tmp);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&tmp)
        .map_err(|e| fail(&e))?;
    let published = (|| {
        factdesk_index::flock::lock_exclusive(&file)?;
        file.write_all(b"factdesk source add|rm\n")?;
        file.sync_all()?;
        std::fs::rename(&tmp, &marker)?;
        std::fs::File::open(&dir)?.sync_all()
    })();
    if let Err(e) = published {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(&e));
    }
    Ok(UpdateGuard { _marker: file })
}

/// The last commit is done: the index agrees with `sources/` again.
pub fn update_finished(project: &Project, guard: UpdateGuard) {
    remove_marker(project);
    drop(guard);
}

fn remove_marker(project: &Project) {
    let dir = project.index_dir();
    if std::fs::remove_file(dir.join(UPDATE_MARKER)).is_ok() {
        let _ = crate::fsx::sync_dir(&dir);
    }
}

/// Whether the marker in `dir` is held by an update that is running now, in this process or
/// another. A marker that cannot be opened as a regular file counts as left behind.
fn update_running(dir: &Path) -> bool {
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(dir.join(UPDATE_MARKER))
    else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    factdesk_index::flock::held_elsewhere(&file)
}

/// Rebuild the index from `sources/` alone, whatever state the index folder is in (this is
/// how a damaged index is repaired). Returns the index, documents, passages and failures.
/// The caller must be the project's one writer (hold its lock, or see [`writer_guard`]).
pub fn rebuild(project: &Project) -> Result<(SearchIndex, usize, usize, Vec<String>)> {
    crate::fsx::folder_in_project(&project.index_dir(), project.root())?;
    let store = sources::store(project)?;
    let mut failures = Vec::new();
    let mut docs = 0usize;
    let iter = store.iter_docs().filter_map(|r| match r {
        Ok(doc) => {
            docs += 1;
            Some(doc)
        }
        Err(e) => {
            failures.push(e.to_string());
            None
        }
    });
    let (index, passages) = SearchIndex::rebuild_in(project.index_dir(), Default::default(), iter)
        .map_err(index_error)?;
    // Whatever an interrupted import left out, the new index has.
    remove_marker(project);
    Ok((index, docs, passages, failures))
}

/// `factdesk source add` of files and folders: stores them in `sources/` and indexes them as
/// they are stored (see [`sources::add_and_index`]). `eval beir` imports its corpus through
/// here; `on_event` sees each event first (progress bars).
pub fn add_sources(
    project: &mut Project,
    paths: &[PathBuf],
    on_event: &mut dyn FnMut(&ImportEvent),
) -> Result<ImportReport> {
    let mut index = open(project)?;
    let inputs: Vec<SourceInput> = paths.iter().cloned().map(SourceInput::Path).collect();
    let web = sources::web_options(None, None);
    sources::add_and_index(project, &mut index, &inputs, &web, on_event)
}

/// How `factdesk search --queries` (and `eval beir`) ranks: every query as a claim (suggest
/// evidence's query), in its own detected language, the project's language when its words
/// do not decide it; documents ranked by their best passage, `depth` per query.
pub fn claims_options(project: &Project, depth: usize) -> eval::EvalOptions {
    eval::EvalOptions {
        language: factdesk_index::Lang::from_code(&project.manifest().language),
        depth,
        ..eval::EvalOptions::default()
    }
}

/// The lexical run of `search --queries` (see [`claims_options`]); with a semantic model the
/// batch fuses its ranks in (`cli::suggest::fused_run`).
pub fn claims_run(
    project: &Project,
    index: &SearchIndex,
    queries: &[eval::BeirQuery],
    depth: usize,
) -> Result<eval::Run> {
    eval::run_queries(index, queries, &claims_options(project, depth))
        .map_err(|e| user_error(format!("search failed: {e}")))
}

/// Applies import events to the index as they arrive, committing at the importer's
/// checkpoints (the stored files are on disk by then), so a crash mid-import loses at most the
/// index entries since the last one, which the next `open` restores from `sources/` (see
/// [`update_started`]).
pub struct IndexUpdater<'a> {
    index: &'a mut SearchIndex,
    pub error: Option<IndexError>,
    /// Changes applied since the last checkpoint's commit.
    uncommitted: bool,
}

impl<'a> IndexUpdater<'a> {
    pub fn new(index: &'a mut SearchIndex) -> Self {
        IndexUpdater {
            index,
            error: None,
            uncommitted: false,
        }
    }

    pub fn apply(&mut self, ev: &ImportEvent) {
        if self.error.is_some() {
            return;
        }
        let result = match ev {
            ImportEvent::Added(doc) => self.index.add(doc).map(|_| ()),
            ImportEvent::Updated { old_id, doc } => self
                .index
                .remove(old_id)
                .and_then(|_| self.index.add(doc).map(|_| ())),
            ImportEvent::Removed(id) => self.index.remove(id),
            ImportEvent::Checkpoint => self.index.commit(),
            _ => return,
        };
        self.uncommitted = !matches!(ev, ImportEvent::Checkpoint);
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    /// Whether the index now agrees with `sources/`. The import ends with a checkpoint, which
    /// committed everything; without it (the last flush to disk failed) nothing more is
    /// committed, and the caller leaves the update marker for the next `open` to rebuild.
    pub fn finish(self) -> Result<bool> {
        if let Some(e) = self.error {
            return Err(index_error(e));
        }
        Ok(!self.uncommitted)
    }
}

/// Whether a German claim meets no dictionary to translate it into English (the user is
/// told how to install one; see `factdesk_index::search::translate`).
pub fn lacks_dictionary_for(claim: &str) -> bool {
    use factdesk_index::extract::detect_lang_or;
    use factdesk_index::search::translate;
    detect_lang_or(claim, factdesk_index::Lang::Other) == factdesk_index::Lang::De
        && translate::configured_path().is_none()
}

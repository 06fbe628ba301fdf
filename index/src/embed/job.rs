//! Embedding a project's passages: every passage of the index whose text has no vector yet
//! is embedded and appended to the vector store, in batches, each flushed to disk.
//!
//! Safe against kills and against changes to the index meanwhile, without the project's
//! edit lock: the vectors have their own lock ([`VectorStoreWriter`]), records are keyed by
//! the text embedded (a removed source leaves harmless orphans, a reindex finds its
//! passages already done), and a torn last record is cut by the next writer. Whoever
//! changes the index calls [`request`] after its commit; the embedder records which request
//! its last complete pass answered, so a search knows whether vectors are missing and a
//! request made while a pass runs is never lost (see [`run`]).

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use super::store::{key_of, Key, OpenWriter, VectorStore, VectorStoreWriter};
use super::{EmbedError, Encoder, Result, TextKind};
use crate::search::{SearchIndex, StoredPassage};

const WANTED: &str = "wanted";
const DONE: &str = "done";
const WORKER: &str = "worker.pid";
const SCOPE: &str = "scope";

/// Passages embedded per flush: what a kill can lose, and how often progress is reported.
const BATCH: usize = 64;

/// The text the model sees for a passage (after `passage: `): the source's title leads, as
/// in e5's training data, unless the passage already starts with it.
pub fn passage_input(p: &StoredPassage) -> String {
    let title = p.title.trim();
    if title.is_empty() || p.text.starts_with(title) {
        p.text.clone()
    } else {
        format!("{title}\n{}", p.text)
    }
}

/// The key of a passage in the vector store.
pub fn passage_key(p: &StoredPassage) -> Key {
    key_of(&passage_input(p))
}

fn read_token(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name))
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

fn write_token(dir: &Path, name: &str, token: &str) -> Result<()> {
    let tmp = dir.join(format!(".{name}.{}", std::process::id()));
    fs::write(&tmp, format!("{token}\n"))?;
    fs::File::open(&tmp)?.sync_all()?;
    fs::rename(&tmp, dir.join(name))?;
    Ok(())
}

/// Says that the index changed since the last embedding pass (call it after the commit).
pub fn request(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    write_token(dir, WANTED, &format!("{nanos}-{}", std::process::id()))
}

/// How far the vectors are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// The last pass answered the last request: every passage has its vector.
    pub complete: bool,
    /// An embedder process is alive now.
    pub running: bool,
}

/// Reads the state of a vector folder.
pub fn status(dir: &Path) -> Status {
    let wanted = read_token(dir, WANTED);
    let complete = !wanted.is_empty() && wanted == read_token(dir, DONE);
    let running = read_token(dir, WORKER)
        .parse::<i32>()
        .is_ok_and(|pid| pid > 0 && process_alive(pid));
    Status { complete, running }
}

fn process_alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    if unsafe { libc::kill(pid, 0) } != 0 {
        return false;
    }
    // A killed worker stays a zombie until its new parent reaps it: not running.
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => true,
    }
}

/// Progress of a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Passages embedded in this pass so far.
    pub done: usize,
    /// Passages this pass has to embed.
    pub total: usize,
    /// Passages of the index.
    pub passages: usize,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every passage has its vector; `embedded` were added.
    Done { embedded: usize },
    /// Another process is embedding this project; it will take the new passages too.
    Busy,
    /// The progress callback asked to stop (what was embedded is kept).
    Stopped { embedded: usize },
}

/// Which passages the embedder covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every passage.
    All,
    /// Only the plan's first passages (the lexical candidates of the project's claims): for
    /// a corpus too large to embed whole in reasonable time. Searches embed the candidates
    /// of other claims on demand.
    Candidates,
}

/// The scope chosen for a vector folder, if one was.
pub fn scope(dir: &Path) -> Option<Scope> {
    match read_token(dir, SCOPE).as_str() {
        "all" => Some(Scope::All),
        "candidates" => Some(Scope::Candidates),
        _ => None,
    }
}

/// Records the scope of a vector folder (it lasts until set again).
pub fn set_scope(dir: &Path, scope: Scope) -> Result<()> {
    fs::create_dir_all(dir)?;
    let token = match scope {
        Scope::All => "all",
        Scope::Candidates => "candidates",
    };
    write_token(dir, SCOPE, token)
}

/// What a run embeds.
pub struct Plan<'a> {
    pub scope: Scope,
    /// Passages to embed before any other, asked afresh for each pass (the index may have
    /// changed): the lexical candidates of the project's claims, so that their suggestions
    /// are fused first.
    pub first: &'a dyn Fn(&SearchIndex) -> Vec<StoredPassage>,
}

/// Embeds every passage of the index without a vector (of the plan's scope), until no
/// request is left. `open_index` opens the index afresh for each pass (a reindex may have
/// replaced it); `progress` is told after every batch and stops the run by returning
/// `false`.
pub fn run(
    dir: &Path,
    encoder: &Encoder,
    open_index: &dyn Fn() -> Result<SearchIndex>,
    plan: &Plan,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Outcome> {
    let mut embedded = 0;
    loop {
        let mut writer = match VectorStoreWriter::open(dir, encoder.dims()) {
            Ok(w) => w,
            Err(OpenWriter::Busy) => return Ok(Outcome::Busy),
            Err(OpenWriter::Failed(e)) => return Err(e),
        };
        write_token(dir, WORKER, &std::process::id().to_string())?;
        let mut known: HashSet<Key> = HashSet::new();
        let store = VectorStore::open(dir)?;
        loop {
            let token = read_token(dir, WANTED);
            let index = open_index()?;
            let (n, stopped) = pass(
                &index,
                &store,
                &mut known,
                &mut writer,
                encoder,
                plan,
                progress,
            )?;
            embedded += n;
            if stopped {
                let _ = fs::remove_file(dir.join(WORKER));
                return Ok(Outcome::Stopped { embedded });
            }
            if read_token(dir, WANTED) == token {
                write_token(dir, DONE, &token)?;
                break;
            }
        }
        let _ = fs::remove_file(dir.join(WORKER));
        drop(writer);
        // A request made after the last check found the lock taken and left the work to
        // this process: it is seen here, after the lock is released, and taken up again.
        if read_token(dir, WANTED) == read_token(dir, DONE) {
            return Ok(Outcome::Done { embedded });
        }
    }
}

/// One pass over the index: embeds what has no vector, the plan's first passages first.
/// Returns how many were embedded and whether the callback stopped it.
fn pass(
    index: &SearchIndex,
    store: &VectorStore,
    known: &mut HashSet<Key>,
    writer: &mut VectorStoreWriter,
    encoder: &Encoder,
    plan: &Plan,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<(usize, bool)> {
    let tantivy_err = |e: tantivy::TantivyError| EmbedError(format!("search index: {e}"));
    let missing = |k: &Key| !store.contains(k) && !known.contains(k);
    let mut first: Vec<(Key, StoredPassage, String)> = Vec::new();
    let mut first_keys: HashSet<Key> = HashSet::new();
    for p in (plan.first)(index) {
        let input = passage_input(&p);
        let key = key_of(&input);
        if missing(&key) && first_keys.insert(key) {
            first.push((key, p, input));
        }
    }
    // Then the count of the rest (and the set of texts to do), so progress has a total.
    let mut todo: HashSet<Key> = HashSet::new();
    let mut passages = 0;
    index
        .for_each_passage(&mut |p| {
            passages += 1;
            if plan.scope == Scope::All {
                let k = passage_key(&p);
                if missing(&k) && !first_keys.contains(&k) {
                    todo.insert(k);
                }
            }
            true
        })
        .map_err(tantivy_err)?;
    let mut state = Progress {
        done: 0,
        total: first.len() + todo.len(),
        passages,
    };
    if state.total == 0 || !progress(state) {
        return Ok((0, state.total > 0));
    }
    let mut flush = |batch: &mut Vec<(Key, StoredPassage, String)>,
                     known: &mut HashSet<Key>,
                     state: &mut Progress|
     -> Result<bool> {
        let inputs: Vec<&str> = batch.iter().map(|b| b.2.as_str()).collect();
        let vectors = encoder.embed(&inputs, TextKind::Passage)?;
        for ((key, p, _), v) in batch.iter().zip(&vectors) {
            writer.push(key, &p.source_id, p.passage, p.lang, v);
            known.insert(*key);
        }
        writer.flush()?;
        state.done += batch.len();
        batch.clear();
        Ok(progress(*state))
    };
    let mut batch: Vec<(Key, StoredPassage, String)> = Vec::with_capacity(BATCH);
    let mut rest = first.into_iter();
    loop {
        batch.extend(rest.by_ref().take(BATCH));
        if batch.is_empty() {
            break;
        }
        if !flush(&mut batch, known, &mut state)? {
            return Ok((state.done, true));
        }
    }
    if todo.is_empty() {
        return Ok((state.done, false));
    }
    let mut failure: Option<EmbedError> = None;
    let mut stopped = false;
    index
        .for_each_passage(&mut |p| {
            let input = passage_input(&p);
            let key = key_of(&input);
            if !todo.remove(&key) {
                return true;
            }
            batch.push((key, p, input));
            if batch.len() < BATCH {
                return true;
            }
            match flush(&mut batch, known, &mut state) {
                Ok(true) => true,
                Ok(false) => {
                    stopped = true;
                    false
                }
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        })
        .map_err(tantivy_err)?;
    if let Some(e) = failure {
        return Err(e);
    }
    if !stopped && !batch.is_empty() {
        stopped = !flush(&mut batch, known, &mut state)?;
    }
    Ok((state.done, stopped))
}

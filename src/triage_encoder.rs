//! The installed multilingual model (`factdesk model add`) as the sentence encoder of the
//! check-worthiness model (`triage::SentenceEncoder`): loaded at most once per process,
//! sentences embedded as e5 queries (its convention for short texts), progress on stderr
//! when many are embedded at once (a benchmark's 16,000 sentences take minutes).

use std::io::IsTerminal;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use factdesk_index::embed::{Encoder, InstalledModel, TextKind};

use crate::triage::SentenceEncoder;

/// The active model's encoder under the model's name ("multilingual-e5-small-q4"): a
/// check-worthiness model trained with it is scored with it only.
pub struct ModelEncoder {
    name: String,
    encoder: Encoder,
}

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
        Ok(ModelEncoder {
            name: model.name.clone(),
            encoder,
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
        let mut progress = (texts.len() >= SHOW_FROM).then(|| Progress::new(texts.len()));
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(CHUNK) {
            let vectors = self
                .encoder
                .embed(chunk, TextKind::Query)
                .map_err(|e| anyhow::anyhow!("model {}: {e}", self.name))?;
            out.extend(vectors);
            if let Some(p) = progress.as_mut() {
                p.at(out.len());
            }
        }
        if let Some(p) = progress {
            p.done(&self.name);
        }
        Ok(out)
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

//! Check-worthiness triage: which sentences of an article are worth checking
//! first, and why. Built-in language-aware features work without training;
//! a small linear model learnt from the desk's own decisions refines them.

pub mod actors;
pub mod claims;
pub mod context;
pub mod dense;
mod encode;
pub mod eval;
pub mod features;
mod head;
pub(crate) mod lexicon;
pub mod model;
mod news;
pub mod tokens;
pub mod train;
mod weights;

pub use context::Sentence;
pub use dense::SentenceEncoder;
pub use features::{score_builtin, score_builtin_doc, Triage};
pub use model::{Model, Scorer};
pub use train::{best_f1_threshold, train, train_docs, LabelledDoc, TrainOptions};

use std::path::{Path, PathBuf};

/// Where the desk model lives inside the user's data directory.
pub fn model_path(data_dir: &Path) -> PathBuf {
    data_dir.join("triage").join("checkworthy.json")
}

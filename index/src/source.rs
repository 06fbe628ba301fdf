//! The unit exchanged between ingestion and the search index.

use serde::{Deserialize, Serialize};

/// Language of a document, as far as the analyzers care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
    #[default]
    Other,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        match code.to_ascii_lowercase().as_str() {
            "de" | "deu" | "ger" | "german" | "deutsch" => Lang::De,
            "en" | "eng" | "english" => Lang::En,
            _ => Lang::Other,
        }
    }
}

/// One source document, already decoded, sanitised (no control or escape sequences) and
/// NFC-normalised. Character offsets into `text` are what evidence ranges refer to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SourceDoc {
    /// Content hash (lowercase hex SHA-256 of the stored original bytes; for records of a
    /// JSONL corpus, of the record).
    pub id: String,
    /// The identifier the document had in its corpus (BEIR `_id`), if any.
    pub original_id: Option<String>,
    pub title: String,
    pub publisher: String,
    pub author: String,
    pub url: String,
    /// ISO date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    pub language: Lang,
    pub text: String,
}

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
    /// Where and when a source from the web was captured; `None` for files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<Capture>,
}

/// Provenance of a web capture: what was asked for, what answered, when, and the archive
/// that holds exactly what came over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Capture {
    /// The URL asked for.
    pub url: String,
    /// The URL that answered, after redirects.
    pub final_url: String,
    /// When the first request was sent, RFC 3339 UTC.
    pub captured_at: String,
    pub http_status: u16,
    /// Lowercase hex SHA-256 of the payload (the body as sent, as `WARC-Payload-Digest`).
    pub sha256: String,
    /// The archive's path relative to the project, e.g. `sources/<id>.warc.gz`.
    pub warc: String,
}

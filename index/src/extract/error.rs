//! Why a file could not be extracted, in words a user understands.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("empty file")]
    Empty,
    #[error("no readable text found")]
    NoText,
    #[error("not a text file (binary content)")]
    Binary,
    #[error("{}", unsupported_message(.0))]
    Unsupported(String),
    #[error("PDF is encrypted")]
    PdfEncrypted,
    #[error("PDF could not be read: {0}")]
    PdfMalformed(String),
    #[error("text extraction took longer than {} s and was stopped", .0.as_secs())]
    Timeout(Duration),
    #[error("extracted text is larger than {} MiB", .0 / (1024 * 1024))]
    TooLarge(usize),
    #[error("compressed file expands to more than {} MiB (possible decompression bomb)", .0 / (1024 * 1024))]
    DecompressionBomb(usize),
    #[error("corrupt compressed data: {0}")]
    Corrupt(String),
    #[error("no valid records in corpus{}", .0.as_ref().map(|e| format!(" (first problem: {e})")).unwrap_or_default())]
    NoRecords(Option<String>),
    #[error("text extractor failed: {0}")]
    Extractor(String),
    #[error("could not read file: {0}")]
    Io(String),
    #[error("web archive: {0}")]
    Warc(String),
}

fn unsupported_message(ext: &str) -> String {
    if ext.is_empty() {
        "unsupported file type (no extension)".to_owned()
    } else {
        format!("unsupported file type .{ext}")
    }
}

impl From<std::io::Error> for ExtractError {
    fn from(e: std::io::Error) -> Self {
        ExtractError::Io(e.to_string())
    }
}

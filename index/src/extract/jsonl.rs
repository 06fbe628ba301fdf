//! BEIR corpus files: one JSON record `{"_id", "title", "text"}` per line.
//!
//! [`JsonlRecords`] walks the bytes lazily, one record at a time, so a large corpus is held
//! once (the bytes) and each document only while the caller handles it.

use super::{content_hash, detect_lang_or, meta::lang_from_tag};
use crate::sanitize::sanitize_text;
use crate::source::{Lang, SourceDoc};
use serde::Deserialize;
use std::fmt;

/// A record that could not be read, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Deserialize)]
struct Record {
    #[serde(rename = "_id", alias = "id", default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default, alias = "lang")]
    language: Option<String>,
}

/// Iterator over the records of a JSONL corpus held in memory. Blank lines are skipped; a
/// bad line yields an error and iteration goes on.
pub struct JsonlRecords<'a> {
    rest: &'a [u8],
    line: usize,
    fallback: Lang,
}

impl<'a> JsonlRecords<'a> {
    /// Records whose language neither a tag nor their text decides are `Other`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::with_fallback(bytes, Lang::Other)
    }

    /// Records whose language neither a tag nor their text decides get `fallback`.
    pub fn with_fallback(bytes: &'a [u8], fallback: Lang) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        JsonlRecords {
            rest: bytes,
            line: 0,
            fallback,
        }
    }
}

impl Iterator for JsonlRecords<'_> {
    type Item = Result<SourceDoc, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let (line, rest) = match self.rest.iter().position(|&b| b == b'\n') {
                Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
                None => (self.rest, &self.rest[..0]),
            };
            self.rest = rest;
            self.line += 1;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(
                parse_record(line, self.fallback).map_err(|reason| RecordError {
                    line: self.line,
                    reason,
                }),
            );
        }
    }
}

/// Parses one record; its id is the SHA-256 of the line's bytes. Its language is its tag, else
/// detected from its own text, else `fallback`.
pub fn parse_record(line: &[u8], fallback: Lang) -> Result<SourceDoc, String> {
    let rec: Record =
        serde_json::from_slice(line).map_err(|e| format!("not a JSON record ({e})"))?;
    let original_id = match rec.id {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => return Err("record has no \"_id\"".to_owned()),
    };
    let text = sanitize_text(rec.text.as_deref().unwrap_or("").trim());
    let title = sanitize_text(rec.title.as_deref().unwrap_or("").trim());
    if text.is_empty() && title.is_empty() {
        return Err("record has no text".to_owned());
    }
    let language = rec
        .language
        .as_deref()
        .and_then(lang_from_tag)
        .unwrap_or_else(|| detect_lang_or(if text.is_empty() { &title } else { &text }, fallback));
    Ok(SourceDoc {
        id: content_hash(line),
        original_id: original_id.map(|s| sanitize_text(&s)),
        title: title.split_whitespace().collect::<Vec<_>>().join(" "),
        publisher: String::new(),
        author: String::new(),
        url: rec.url.map(|u| sanitize_text(&u)).unwrap_or_default(),
        date: rec.date.as_deref().and_then(super::normalize_date),
        language,
        text,
        capture: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_bad_lines() {
        let data = b"{\"_id\":\"1\",\"title\":\"A\",\"text\":\"The cat sat on the mat.\"}\n\nnot json\n{\"title\":\"no id\",\"text\":\"x\"}\r\n{\"_id\":2,\"title\":\"B\",\"text\":\"Der Hund schl\xC3\xA4ft im Garten.\"}";
        let recs: Vec<_> = JsonlRecords::new(data).collect();
        assert_eq!(recs.len(), 4);
        let a = recs[0].as_ref().unwrap();
        assert_eq!(a.original_id.as_deref(), Some("1"));
        assert_eq!(a.id.len(), 64);
        assert_eq!(recs[1].as_ref().unwrap_err().line, 3);
        assert_eq!(recs[2].as_ref().unwrap_err().line, 4);
        let b = recs[3].as_ref().unwrap();
        assert_eq!(b.original_id.as_deref(), Some("2"));
        assert_eq!(b.language, crate::source::Lang::De);
    }
}

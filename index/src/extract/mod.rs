//! Extracting text and metadata from imported files.
//!
//! [`extract_file`] picks an extractor by file extension. Every text and metadata field that
//! comes out has been through [`crate::sanitize::sanitize_text`], and every document gets a
//! language (metadata `lang` when given, otherwise detected with whatlang).

mod decode;
mod error;
mod gz;
mod html;
pub mod jsonl;
mod jsonld;
mod lang;
mod markdown;
mod meta;
mod text;

pub use decode::{decode, Decoded};
pub use error::ExtractError;
pub use gz::{gunzip_capped, gz_limit_for};
pub use html::extract_html;
pub use jsonl::{JsonlRecords, RecordError};
pub use lang::{detect_lang, detect_lang_opt, detect_lang_or};
pub use markdown::extract_markdown;
pub use meta::{check_date, normalize_date, Meta};
pub use text::extract_txt;

use crate::pdf::PdfMode;
use crate::sanitize::sanitize_text;
use crate::source::SourceDoc;
use sha2::{Digest, Sha256};
use std::path::Path;

/// What came out of one file: one document, or for a JSONL corpus one per good record.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub docs: Vec<SourceDoc>,
    /// Encoding the bytes were decoded from ("binary" for PDF).
    pub encoding: &'static str,
    pub was_utf8: bool,
    /// JSONL records that could not be read (the others are in `docs`).
    pub bad_records: Vec<RecordError>,
}

impl Extracted {
    /// The document of a single-document file (txt, md, html, pdf, gz); `None` for a corpus
    /// with several records.
    pub fn single(self) -> Option<SourceDoc> {
        let mut docs = self.docs;
        (docs.len() == 1).then(|| docs.remove(0))
    }
}

/// How files are extracted; the defaults suit tests and tools, the app sets `pdf`.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    pub pdf: PdfMode,
    /// Language of a text whose own words do not decide it (the project's language; `Other`,
    /// which indexes with both stemmers, when there is none).
    pub fallback_language: crate::source::Lang,
}

/// Lowercase hex SHA-256 of `bytes`: the id of every stored source.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Extracts the documents in `bytes`, which were read from `path` (used for the extension,
/// the fallback title, and by the PDF extractor). PDFs are extracted in-process behind
/// `catch_unwind`; use [`extract_file_with`] and [`PdfMode::Isolated`] in an application.
pub fn extract_file(path: &Path, bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract_file_with(path, bytes, &ExtractOptions::default())
}

/// [`extract_file`] with explicit options.
pub fn extract_file_with(
    path: &Path,
    bytes: &[u8],
    opts: &ExtractOptions,
) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let id = content_hash(bytes);
    let ext = extension(path);
    if crate::web::capture::is_warc_path(path) {
        let mut out = crate::web::capture::extract_archive(bytes, opts)?;
        for doc in &mut out.docs {
            doc.id = id.clone();
        }
        return Ok(out);
    }
    if ext == "gz" {
        let inner = gunzip_capped(bytes, gz_limit_for(bytes.len()))?;
        let inner_path = path.with_extension("");
        let inner_ext = extension(&inner_path);
        if inner_ext == "gz" || inner_ext == "pdf" {
            return Err(ExtractError::Unsupported(format!("{inner_ext}.gz")));
        }
        // A plain `name.gz` is read as text.
        let inner_path = if inner_ext.is_empty() {
            inner_path.with_extension("txt")
        } else {
            inner_path
        };
        let mut out = extract_decoded(&inner_path, &inner, opts)?;
        if let ([doc], false) = (out.docs.as_mut_slice(), inner_ext == "jsonl") {
            doc.id = id;
        }
        return Ok(out);
    }
    let mut out = extract_decoded(path, bytes, opts)?;
    if let [doc] = out.docs.as_mut_slice() {
        if ext != "jsonl" {
            doc.id = id;
        }
    }
    Ok(out)
}

fn extract_decoded(
    path: &Path,
    bytes: &[u8],
    opts: &ExtractOptions,
) -> Result<Extracted, ExtractError> {
    let ext = extension(path);
    let stem = path
        .file_stem()
        .map(|s| sanitize_text(&s.to_string_lossy()))
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" => single(bytes, opts, |d| Ok(extract_txt(&d.text, &stem))),
        "md" | "markdown" => single(bytes, opts, |d| Ok(extract_markdown(&d.text, &stem))),
        "html" | "htm" | "xhtml" => single(bytes, opts, |d| Ok(extract_html(&d.text, &stem))),
        "jsonl" => {
            let mut docs = Vec::new();
            let mut bad = Vec::new();
            for rec in JsonlRecords::with_fallback(bytes, opts.fallback_language) {
                match rec {
                    Ok(doc) => docs.push(doc),
                    Err(e) => bad.push(e),
                }
            }
            if docs.is_empty() {
                return Err(ExtractError::NoRecords(bad.first().map(|e| e.to_string())));
            }
            Ok(Extracted {
                docs,
                encoding: "UTF-8",
                was_utf8: true,
                bad_records: bad,
            })
        }
        "pdf" => {
            let raw = crate::pdf::extract_pdf(path, bytes, &opts.pdf)?;
            let doc = finish(Meta::default(), &raw, &stem, opts)?;
            Ok(Extracted {
                docs: vec![doc],
                encoding: "binary",
                was_utf8: false,
                bad_records: Vec::new(),
            })
        }
        _ => Err(ExtractError::Unsupported(ext)),
    }
}

/// Decodes and runs a single-document extractor that returns metadata and raw body text.
fn single(
    bytes: &[u8],
    opts: &ExtractOptions,
    f: impl FnOnce(&Decoded) -> Result<(Meta, String), ExtractError>,
) -> Result<Extracted, ExtractError> {
    let decoded = decode(bytes)?;
    let (meta, body) = f(&decoded)?;
    let doc = finish(meta, &body, "", opts)?;
    Ok(Extracted {
        docs: vec![doc],
        encoding: decoded.encoding,
        was_utf8: decoded.was_utf8,
        bad_records: Vec::new(),
    })
}

/// Sanitises body and metadata, fills the title and the language, and builds the document.
/// The id is filled in by the caller (it depends on the stored bytes).
pub(crate) fn finish(
    meta: Meta,
    body: &str,
    fallback_title: &str,
    opts: &ExtractOptions,
) -> Result<SourceDoc, ExtractError> {
    let text = sanitize_text(body.trim());
    if text.trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    let clean = |s: Option<String>| s.map(|s| one_line(&sanitize_text(&s))).unwrap_or_default();
    let mut title = clean(meta.title);
    if title.is_empty() {
        title = one_line(&sanitize_text(fallback_title));
    }
    let language = meta
        .lang
        .unwrap_or_else(|| detect_lang_or(&text, opts.fallback_language));
    Ok(SourceDoc {
        id: String::new(),
        original_id: None,
        title,
        publisher: clean(meta.publisher),
        author: clean(meta.author),
        url: clean(meta.url),
        date: meta.date.as_deref().and_then(normalize_date),
        language,
        text,
        capture: None,
    })
}

/// Collapses whitespace (including line breaks) so metadata fits on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase extension of `path`, empty when there is none.
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

//! The `<id>.toml` metadata file of a stored source.

use super::StoreError;
use crate::source::{Capture, Lang, SourceDoc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One file or one corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    #[default]
    Document,
    /// A JSONL corpus: one stored file, one document per record.
    Corpus,
}

/// What `sources/<id>.toml` records about a stored file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SourceMeta {
    /// SHA-256 of the stored bytes.
    pub id: String,
    #[serde(default)]
    pub kind: SourceKind,
    /// File name of the original inside `sources/`, e.g. `<id>.html`.
    pub file: String,
    /// Name of the imported file.
    pub original_name: String,
    /// Path of the imported file relative to the folder that was imported (its own name
    /// when a single file was imported).
    pub relative_path: String,
    /// Where it was imported from, as [`origin_key`]: a re-import of the same path with other
    /// content replaces this source. Projects written before 2026-11-28 hold the absolute
    /// path itself; it is read the same way and replaced on the next write.
    pub origin: PathBuf,
    /// UTC, RFC 3339.
    pub imported_at: String,
    pub size: u64,
    pub encoding: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub language: Lang,
    /// Web captures (see [`Capture`]): the URL that answered after redirects ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub final_url: String,
    /// ... when it was captured (RFC 3339, UTC) ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub captured_at: String,
    /// ... its HTTP status ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// ... the SHA-256 of its payload (hex) ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// ... and the archive, relative to the project (`sources/<id>.warc.gz`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub warc: String,
    /// Corpora: number of records read and the corpus ids (`_id`) of those records.
    #[serde(default)]
    pub record_count: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
}

impl SourceMeta {
    /// Metadata fields stored here override what extraction found (they may have been
    /// corrected by the user); the id stays the document's own.
    pub fn apply_to(&self, doc: &mut SourceDoc) {
        let set = |field: &mut String, value: &str| {
            if !value.is_empty() {
                *field = value.to_owned();
            }
        };
        set(&mut doc.title, &self.title);
        set(&mut doc.publisher, &self.publisher);
        set(&mut doc.author, &self.author);
        set(&mut doc.url, &self.url);
        if self.date.is_some() {
            doc.date = self.date.clone();
        }
        doc.language = self.language;
        if let Some(capture) = self.capture() {
            doc.capture = Some(capture);
        }
    }

    /// The provenance of a web capture; `None` for files.
    pub fn capture(&self) -> Option<Capture> {
        if self.captured_at.is_empty() {
            return None;
        }
        Some(Capture {
            url: self.url.clone(),
            final_url: self.final_url.clone(),
            captured_at: self.captured_at.clone(),
            http_status: self.http_status.unwrap_or(0),
            sha256: self.sha256.clone(),
            warc: self.warc.clone(),
        })
    }

    /// Records a capture's provenance in the metadata.
    pub fn set_capture(&mut self, capture: &Capture) {
        self.url = capture.url.clone();
        self.final_url = capture.final_url.clone();
        self.captured_at = capture.captured_at.clone();
        self.http_status = Some(capture.http_status);
        self.sha256 = capture.sha256.clone();
        self.warc = capture.warc.clone();
    }
}

/// A 64-digit lowercase hex string: the only names the store reads as ids.
pub fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Prefix of an [`origin_key`].
const ORIGIN_KEY_PREFIX: &str = "path-sha256:";
/// Prefix of the origin of a web capture: the URL asked for (or the target URI of a page
/// imported from a WARC file). No path ever gets it.
pub const URL_ORIGIN_PREFIX: &str = "url:";

/// The origin recorded for an imported file: a SHA-256 of its absolute path. The path itself
/// is not written: projects are shared through git, and a home folder's layout is nobody
/// else's business. A key passes through unchanged, so old metadata (a plain path) and new
/// (a key) compare the same way.
pub fn origin_key(origin: &Path) -> PathBuf {
    let raw = origin.as_os_str().as_encoded_bytes();
    if raw.starts_with(ORIGIN_KEY_PREFIX.as_bytes())
        || raw.starts_with(URL_ORIGIN_PREFIX.as_bytes())
    {
        return origin.to_owned();
    }
    PathBuf::from(format!(
        "{ORIGIN_KEY_PREFIX}{}",
        crate::extract::content_hash(raw)
    ))
}

pub fn read_meta(path: &Path) -> Result<SourceMeta, StoreError> {
    let broken = |reason: String| StoreError::BrokenMeta {
        file: path.to_owned(),
        reason,
    };
    // A corpus's metadata lists its record ids: it may be large, but not unbounded. Only
    // files inside sources/ are read (a received project may hold symlinks to anywhere).
    let within = path.parent().unwrap_or(Path::new("."));
    let text = crate::bounded::read_text_bounded(path, super::MAX_FILE_SIZE, Some(within))
        .map_err(|e| broken(e.reason()))?;
    let mut meta: SourceMeta =
        toml::from_str(&text).map_err(|e| broken(first_line(&e.to_string())))?;
    // Written safe by the import, but a received or hand-edited file may hold escape
    // sequences, and `source ls` prints these fields.
    for field in [
        &mut meta.original_name,
        &mut meta.relative_path,
        &mut meta.imported_at,
        &mut meta.encoding,
        &mut meta.title,
        &mut meta.publisher,
        &mut meta.author,
        &mut meta.url,
        &mut meta.final_url,
        &mut meta.captured_at,
        &mut meta.sha256,
        &mut meta.warc,
    ]
    .into_iter()
    .chain(meta.date.as_mut())
    {
        if !crate::sanitize::is_terminal_safe(field) {
            *field = crate::sanitize::sanitize_text(field);
        }
    }
    if !is_hash(&meta.id) {
        return Err(broken("id is not a SHA-256 hash".to_owned()));
    }
    if meta.file.contains(['/', '\\']) || meta.file.starts_with('.') || meta.file.is_empty() {
        // The file name must stay inside sources/.
        return Err(broken(format!("invalid stored file name {:?}", meta.file)));
    }
    Ok(meta)
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// The text of `<id>.toml`.
pub fn meta_toml(meta: &SourceMeta) -> Result<String, StoreError> {
    toml::to_string(meta).map_err(|e| StoreError::Io {
        path: PathBuf::from(format!("{}.toml", meta.id)),
        reason: e.to_string(),
    })
}

/// Makes deletions in `dir` durable; failures only cost durability, so they are ignored.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Current UTC time as RFC 3339, without a date library.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(now_rfc3339().len(), 20);
    }
}

//! Web captures in the store: URLs fetched into WARC files, and the pages of WARC files
//! written by other tools. Each capture is a source of its own, `sources/<id>.warc.gz`,
//! never replaced by a later one: evidence keeps pointing at the version it quoted.

use std::path::{Path, PathBuf};

use super::import::{Known, Run};
use super::meta::{now_rfc3339, SourceKind, SourceMeta, URL_ORIGIN_PREFIX};
use super::walk::Candidate;
use super::SourceStore;
use crate::extract::{content_hash, extract_file_with};
use crate::source::SourceDoc;
use crate::store::ImportEvent;
use crate::web::capture::{capture_url, split_archive, CaptureArchive, SplitArchive};
use crate::web::wacz::{is_wacz_path, wacz_warcs};
use crate::web::FetchOptions;

/// A URL as it may be printed: normalised and percent-encoded when it parses, else stripped of
/// anything a terminal would act on, on one line and not endless.
pub fn display_url(url: &str) -> String {
    let shown = match url::Url::parse(url.trim()) {
        Ok(u) => u.to_string(),
        Err(_) => crate::sanitize::sanitize_text(url).replace(['\n', '\t'], " "),
    };
    if shown.chars().count() > 300 {
        let cut: String = shown.chars().take(300).collect();
        format!("{cut}…")
    } else {
        shown
    }
}

/// Two captures of the same URL with the same payload on the same (UTC) day: the second
/// adds nothing. On a later day it is a new version, proof the page was still the same.
fn same_capture(a: &SourceMeta, b: &SourceMeta) -> bool {
    let day = |m: &SourceMeta| m.captured_at.get(..10).unwrap_or("").to_owned();
    a.url == b.url && a.sha256 == b.sha256 && day(a) == day(b)
}

impl SourceStore {
    /// Fetches `url` and stores the capture.
    pub(super) fn import_url(
        &self,
        url: &str,
        web: &FetchOptions,
        known: &mut Known,
        run: &mut Run<'_>,
    ) -> Result<(), String> {
        let archive = capture_url(url, web).map_err(|e| e.to_string())?;
        self.import_capture(archive, known, run)
    }

    /// Stores a capture made by a fetch (here or on another thread), unless the same page
    /// was captured already today.
    pub(super) fn import_capture(
        &self,
        archive: CaptureArchive,
        known: &mut Known,
        run: &mut Run<'_>,
    ) -> Result<(), String> {
        let shown = PathBuf::from(display_url(&archive.capture.url));
        let name = archive.capture.url.clone();
        let (doc, meta) = self.capture_entry(&archive.bytes, &name, &name)?;
        if let Some(same) = known
            .captures
            .iter()
            .find(|m| same_capture(m, &meta) && self.is_stored(m))
        {
            let note = format!(
                "same content as its capture at {} (source {}); nothing new stored",
                same.captured_at,
                &same.id[..12]
            );
            let id = same.id.clone();
            run.note(&shown, note);
            run.emit(ImportEvent::Unchanged(id));
            return Ok(());
        }
        if let Some(older) = known
            .captures
            .iter()
            .filter(|m| m.url == meta.url)
            .max_by(|a, b| a.captured_at.cmp(&b.captured_at))
        {
            let note = format!(
                "a new version; the capture of {} (source {}) is kept",
                older.captured_at,
                &older.id[..12]
            );
            run.note(&shown, note);
        }
        self.add_capture(&archive.bytes, meta, doc, known, run)
    }

    /// The document and metadata of a capture file, read back from its bytes exactly as a
    /// reindex will read it.
    fn capture_entry(
        &self,
        bytes: &[u8],
        original_name: &str,
        relative_path: &str,
    ) -> Result<(SourceDoc, SourceMeta), String> {
        let id = content_hash(bytes);
        let file = format!("{id}.warc.gz");
        let extracted =
            extract_file_with(Path::new(&file), bytes, &self.opts).map_err(|e| e.to_string())?;
        let mut doc = extracted
            .docs
            .into_iter()
            .next()
            .ok_or_else(|| "no readable text found".to_owned())?;
        let mut capture = doc.capture.clone().unwrap_or_default();
        capture.warc = format!("sources/{file}");
        doc.id = id.clone();
        doc.capture = Some(capture.clone());
        let mut meta = SourceMeta {
            id,
            kind: SourceKind::Document,
            file,
            original_name: original_name.to_owned(),
            relative_path: relative_path.to_owned(),
            origin: PathBuf::from(format!("{URL_ORIGIN_PREFIX}{}", capture.url)),
            imported_at: now_rfc3339(),
            size: bytes.len() as u64,
            encoding: extracted.encoding.to_owned(),
            title: doc.title.clone(),
            publisher: doc.publisher.clone(),
            author: doc.author.clone(),
            date: doc.date.clone(),
            language: doc.language,
            ..SourceMeta::default()
        };
        meta.set_capture(&capture);
        Ok((doc, meta))
    }

    fn add_capture(
        &self,
        bytes: &[u8],
        meta: SourceMeta,
        doc: SourceDoc,
        known: &mut Known,
        run: &mut Run<'_>,
    ) -> Result<(), String> {
        self.store(bytes, &meta, run)?;
        known.ids.insert(meta.id.clone());
        known.captures.push(meta);
        run.emit(ImportEvent::Added(doc));
        Ok(())
    }

    /// A WARC (or WACZ) file from another tool: every successful HTML, text, JSON or PDF
    /// response becomes a capture of its own, with its URL and time from the records.
    pub(super) fn import_archive(
        &self,
        cand: &Candidate,
        bytes: &[u8],
        known: &mut Known,
        run: &mut Run<'_>,
    ) -> Result<(), String> {
        let split = if is_wacz_path(&cand.path) {
            split_collection(bytes)?
        } else {
            split_archive(bytes).map_err(|e| e.to_string())?
        };
        if split.pieces.is_empty() {
            return Err(format!(
                "no HTML, text, JSON or PDF page in this archive ({} other responses)",
                split.skipped
            ));
        }
        let name = cand
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut pages = 0usize;
        for piece in &split.pieces {
            let id = content_hash(&piece.bytes);
            if known.ids.contains(&id) && self.meta(&id).is_ok_and(|m| self.is_stored(&m)) {
                pages += 1;
                run.emit(ImportEvent::Unchanged(id));
                continue;
            }
            let entry = self.capture_entry(&piece.bytes, &name, &cand.relative);
            match entry
                .and_then(|(doc, meta)| self.add_capture(&piece.bytes, meta, doc, known, run))
            {
                Ok(()) => pages += 1,
                Err(reason) => run.fail(
                    &cand.path,
                    format!("page {}: {reason}", display_url(&piece.url)),
                ),
            }
            run.checkpoint_if_due(&self.dir);
        }
        run.note(
            &cand.path,
            format!(
                "web archive: {pages} page{} read, {} other response{} left out \
                 (redirects, errors, images, scripts, revisits)",
                if pages == 1 { "" } else { "s" },
                split.skipped,
                if split.skipped == 1 { "" } else { "s" }
            ),
        );
        Ok(())
    }
}

/// The pages of every WARC in a WACZ, as one archive: a broken WARC fails the whole file,
/// named, like a broken WARC given directly.
fn split_collection(bytes: &[u8]) -> Result<SplitArchive, String> {
    let mut all = SplitArchive::default();
    for (name, warc) in wacz_warcs(bytes)? {
        let split = split_archive(&warc).map_err(|e| format!("{name}: {e}"))?;
        all.pieces.extend(split.pieces);
        all.skipped += split.skipped;
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_safely() {
        assert_eq!(
            display_url("HTTP://Example.org/a b"),
            "http://example.org/a%20b"
        );
        let hostile = display_url("not a url \u{1b}]0;owned\u{7}\nnext");
        assert!(
            !hostile.contains('\u{1b}') && !hostile.contains('\n'),
            "{hostile}"
        );
        assert!(display_url(&"x".repeat(1000)).chars().count() <= 301);
    }

    #[test]
    fn only_the_same_payload_on_the_same_day_is_the_same_capture() {
        let at = |url: &str, sha: &str, when: &str| SourceMeta {
            url: url.to_owned(),
            sha256: sha.to_owned(),
            captured_at: when.to_owned(),
            ..SourceMeta::default()
        };
        let first = at("http://a.example/x", "aa", "2026-11-27T09:00:00Z");
        assert!(same_capture(
            &first,
            &at("http://a.example/x", "aa", "2026-11-27T23:59:59Z")
        ));
        // A later day is a new version, even with the same payload.
        assert!(!same_capture(
            &first,
            &at("http://a.example/x", "aa", "2026-11-28T00:00:00Z")
        ));
        assert!(!same_capture(
            &first,
            &at("http://a.example/x", "bb", "2026-11-27T09:00:00Z")
        ));
        assert!(!same_capture(
            &first,
            &at("http://a.example/y", "aa", "2026-11-27T09:00:00Z")
        ));
    }
}

//! The app's view of a project's sources: the store in `sources/` (factdesk-index), the ids
//! users type, and the text quotes point into.

use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::extract::ExtractOptions;
use factdesk_index::pdf::{IsolatedPdf, PdfMode};
use factdesk_index::store::{ImportEvent, ImportReport, SourceMeta, SourceStore};
use factdesk_index::SourceDoc;

use crate::error::user_error;
use crate::project::Project;
use crate::text::byte_to_char_offsets;

/// The hidden subcommand the isolated PDF extractor runs in a child process.
pub const EXTRACT_PDF_SUBCOMMAND: &str = "__extract-pdf";

/// The store of `project`, extracting PDFs in a child process of this binary so a malformed
/// PDF that panics the extractor (or runs away with time or memory) fails alone.
pub fn store(project: &Project) -> Result<SourceStore> {
    let store = SourceStore::open(project.root()).map_err(|e| user_error(e.to_string()))?;
    let pdf = match std::env::current_exe() {
        Ok(exe) => PdfMode::Isolated(IsolatedPdf::new(exe, &[EXTRACT_PDF_SUBCOMMAND])),
        Err(_) => PdfMode::Disabled,
    };
    // Texts whose own words do not decide their language (a name, a number) take the
    // project's.
    let fallback_language = factdesk_index::Lang::from_code(&project.manifest().language);
    Ok(store.with_options(ExtractOptions {
        pdf,
        fallback_language,
    }))
}

pub fn list(project: &Project) -> Result<(Vec<SourceMeta>, Vec<String>)> {
    let (metas, problems) = store(project)?.list_all();
    Ok((metas, problems.iter().map(|p| p.to_string()).collect()))
}

/// A full source id from an id or unique prefix (documents and corpus records).
pub fn resolve(project: &Project, id: &str) -> Result<String> {
    let id = id.trim().to_lowercase();
    if id.len() < 4 {
        return Err(user_error(format!(
            "source id {id:?} is too short (give at least 4 characters)"
        )));
    }
    let matches: Vec<String> = list(project)?
        .0
        .into_iter()
        .map(|m| m.id)
        .filter(|s| s.starts_with(&id))
        .collect();
    match matches.len() {
        1 => Ok(matches.into_iter().next().expect("one match")),
        0 if id.len() == 64 && store(project)?.load_doc(&id).is_ok() => Ok(id), // a corpus record
        0 => Err(user_error(format!(
            "no source {id:?} in this project (`factdesk source ls` lists them)"
        ))),
        _ => Err(user_error(format!("source id {id:?} is ambiguous"))),
    }
}

/// A source document with its full text, as the reader and evidence ranges see it.
pub fn load(project: &Project, id: &str) -> Result<SourceDoc> {
    store(project)?
        .load_doc(id)
        .map_err(|e| user_error(e.to_string()))
}

/// Character range of `quote` in the source's text, if it appears there verbatim.
pub fn find_quote(project: &Project, id: &str, quote: &str) -> Option<[usize; 2]> {
    let text = load(project, id).ok()?.text;
    let byte = text.find(quote)?;
    let c = byte_to_char_offsets(&text, &[byte, byte + quote.len()]);
    Some([c[0], c[1]])
}

/// Import files and folders into `sources/`; `on_event` sees every event (progress, and the
/// documents to index).
pub fn import(
    project: &mut Project,
    paths: &[PathBuf],
    on_event: &mut dyn FnMut(&ImportEvent),
) -> Result<ImportReport> {
    if project.is_read_only() {
        return Err(user_error(format!(
            "{}: opened read-only; nothing was imported",
            project.root().display()
        )));
    }
    let store = store(project)?;
    Ok(store.import(paths, &mut |ev| on_event(&ev)))
}

/// Remove a source; returns the document ids that left the store.
pub fn remove(project: &mut Project, id: &str) -> Result<Vec<String>> {
    if project.is_read_only() {
        return Err(user_error(format!(
            "{}: opened read-only; nothing was removed",
            project.root().display()
        )));
    }
    let id = resolve(project, id)?;
    store(project)?
        .remove(&id)
        .map_err(|e| user_error(e.to_string()))
}

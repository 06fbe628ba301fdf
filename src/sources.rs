//! The app's view of a project's sources: the store in `sources/` (factdesk-index), the ids
//! users type, and the text quotes point into.

use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::extract::ExtractOptions;
use factdesk_index::pdf::{IsolatedPdf, PdfMode};
use factdesk_index::store::{ImportEvent, ImportReport, SourceInput, SourceMeta, SourceStore};
use factdesk_index::web::FetchOptions;
use factdesk_index::SourceDoc;

use crate::error::user_error;
use crate::project::Project;

/// The hidden subcommand the isolated PDF extractor runs in a child process.
pub const EXTRACT_PDF_SUBCOMMAND: &str = "__extract-pdf";

/// The store of `project`, extracting PDFs in a child process of this binary so a malformed
/// PDF that panics the extractor (or runs away with time or memory) fails alone.
pub fn store(project: &Project) -> Result<SourceStore> {
    crate::fsx::folder_in_project(&project.sources_dir(), project.root())?;
    let store = SourceStore::open(project.root()).map_err(|e| user_error(e.to_string()))?;
    Ok(store.with_options(extract_options(project)))
}

/// How the app extracts text: PDFs in a child process of this binary; texts whose own words
/// do not decide their language (a name, a number) take the project's.
pub fn extract_options(project: &Project) -> ExtractOptions {
    let fallback_language = factdesk_index::Lang::from_code(&project.manifest().language);
    let pdf = match std::env::current_exe() {
        Ok(exe) => PdfMode::Isolated(IsolatedPdf::new(exe, &[EXTRACT_PDF_SUBCOMMAND])),
        Err(_) => PdfMode::Disabled,
    };
    ExtractOptions {
        pdf,
        fallback_language,
    }
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

/// Import files and folders into `sources/`; `on_event` sees every event (progress, and the
/// documents to index).
pub fn import(
    project: &mut Project,
    paths: &[PathBuf],
    on_event: &mut dyn FnMut(&ImportEvent),
) -> Result<ImportReport> {
    let inputs: Vec<SourceInput> = paths.iter().cloned().map(SourceInput::Path).collect();
    import_inputs(project, &inputs, &web_options(None, None), on_event)
}

/// Import files, folders and URLs (each fetched once and kept as a WARC capture) into
/// `sources/`, in the order given; `on_event` sees every event.
pub fn import_inputs(
    project: &mut Project,
    inputs: &[SourceInput],
    web: &FetchOptions,
    on_event: &mut dyn FnMut(&ImportEvent),
) -> Result<ImportReport> {
    if project.is_read_only() {
        return Err(user_error(format!(
            "{}: opened read-only; nothing was imported",
            crate::fsx::shown(project.root())
        )));
    }
    let store = store(project)?;
    Ok(store.import_inputs(inputs, web, &mut |ev| on_event(&ev)))
}

/// Imports `inputs` and keeps `index` in step, committing at the importer's checkpoints;
/// `on_event` sees every event (for progress). What `source add` runs, and what the
/// workstation's `:add PATH|URL` runs on a worker thread (it fetches: never on the UI thread).
/// The project must be open for writing.
pub fn add_and_index(
    project: &mut Project,
    index: &mut factdesk_index::SearchIndex,
    inputs: &[SourceInput],
    web: &FetchOptions,
    on_event: &mut dyn FnMut(&ImportEvent),
) -> Result<ImportReport> {
    let updating = crate::search::update_started(project)?;
    let mut updater = crate::search::IndexUpdater::new(index);
    let report = import_inputs(project, inputs, web, &mut |ev| {
        on_event(ev);
        updater.apply(ev);
    })?;
    if updater.finish()? {
        crate::search::update_finished(project, updating);
    }
    Ok(report)
}

/// How URLs are fetched: `--timeout` seconds and `--max-size` bytes when given, the
/// defaults (30 s, 50 MiB) otherwise; the User-Agent and archives name this factdesk.
pub fn web_options(timeout_secs: Option<u64>, max_size: Option<u64>) -> FetchOptions {
    let mut opts = FetchOptions::for_version(env!("CARGO_PKG_VERSION"));
    if let Some(secs) = timeout_secs {
        opts.timeout = std::time::Duration::from_secs(secs.max(1));
    }
    if let Some(bytes) = max_size {
        opts.max_size = bytes;
    }
    opts
}

/// How an import ends for the command that ran it: an error (exit code 1) when any input
/// failed, after the rest was imported. Every way of adding sources (files, folders, URLs)
/// ends through here, so they all follow the same rule.
pub fn failures_as_error(report: &ImportReport) -> Result<()> {
    match report.failed.len() {
        0 => Ok(()),
        n => {
            let done = report.added + report.updated + report.unchanged;
            Err(user_error(format!(
                "{n} input{} could not be imported (named above); {}",
                if n == 1 { "" } else { "s" },
                match done {
                    0 => "nothing was imported".to_string(),
                    1 => "the other one was imported".to_string(),
                    d => format!("the other {d} were imported"),
                }
            )))
        }
    }
}

/// Remove a source; returns the document ids that left the store.
pub fn remove(project: &mut Project, id: &str) -> Result<Vec<String>> {
    if project.is_read_only() {
        return Err(user_error(format!(
            "{}: opened read-only; nothing was removed",
            crate::fsx::shown(project.root())
        )));
    }
    let id = resolve(project, id)?;
    store(project)?
        .remove(&id)
        .map_err(|e| user_error(e.to_string()))
}

//! Export formats. [`ExportData`] loads what every format needs once; each format module turns
//! it into the file's text; [`export`] writes it where asked (the CLI and the workstation's
//! command palette both call it).

pub mod claimreview;
pub mod csv;
pub mod html;
pub mod json;
mod labels;
pub mod markdown;
mod report;
mod select;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use crate::error::user_error;
use crate::project::article::Article;
use crate::project::claim::Claim;
use crate::project::team::Publication;
use crate::project::{LoadProblem, Project};

pub use select::{is_reported, is_reviewed, is_web_url, left_out_reason, review_problems};

/// The formats `factdesk export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// schema.org ClaimReview JSON-LD, one object per reviewed claim.
    ClaimReview,
    Markdown,
    Html,
    Csv,
    Json,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::ClaimReview,
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::Json,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::ClaimReview => "claimreview",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim().to_lowercase();
        match s.as_str() {
            "markdown" => Some(Format::Markdown),
            "jsonld" | "json-ld" => Some(Format::ClaimReview),
            _ => Format::ALL.into_iter().find(|f| f.name() == s),
        }
    }

    /// Whether exporting in this format publishes the finished verdicts it carries (the
    /// reports and ClaimReview go to readers; CSV and JSON are the desk's working lists).
    pub fn publishes(self) -> bool {
        matches!(self, Format::ClaimReview | Format::Markdown | Format::Html)
    }

    /// File name in `<project>/exports/` when no `--out` is given.
    pub fn default_file_name(self) -> &'static str {
        match self {
            Format::ClaimReview => "claimreview.jsonld",
            Format::Markdown => "report.md",
            Format::Html => "report.html",
            Format::Csv => "claims.csv",
            Format::Json => "report.json",
        }
    }
}

/// What the report says about an evidence item's source: enough to cite and link it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceInfo {
    pub title: String,
    pub publisher: String,
    /// For a web capture: the URL asked for (the original).
    pub url: String,
    pub date: String,
    /// Web captures: the URL that answered, when, and the payload's SHA-256.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub final_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub captured_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sha256: String,
}

impl SourceInfo {
    fn of(doc: &factdesk_index::SourceDoc) -> SourceInfo {
        let capture = doc.capture.clone().unwrap_or_default();
        SourceInfo {
            title: doc.title.clone(),
            publisher: doc.publisher.clone(),
            url: doc.url.clone(),
            date: doc.date.clone().unwrap_or_default(),
            final_url: capture.final_url,
            captured_at: capture.captured_at,
            sha256: capture.sha256,
        }
    }
}

/// How a report cites a web capture: "captured 2026-11-27, sha256 3f9c21ab04de" (the day the
/// quoted version was captured and the start of its payload hash); `None` for files.
pub fn capture_citation(
    e: &crate::project::claim::Evidence,
    src: &SourceInfo,
    captured: &str,
) -> Option<String> {
    let at = e.captured_at.as_deref().unwrap_or(&src.captured_at);
    if at.is_empty() {
        return None;
    }
    let day = at.get(..10).unwrap_or(at);
    let mut out = format!("{captured} {day}");
    if !src.sha256.is_empty() {
        out.push_str(&format!(", sha256 {}", short_id(&src.sha256)));
    }
    Some(out)
}

/// Everything an export needs, loaded once.
pub struct ExportData {
    pub name: String,
    pub language: String,
    pub organisation: crate::project::manifest::Organisation,
    pub scale: crate::project::scale::Scale,
    /// Articles with their active (not dropped) claims, in id order.
    pub articles: Vec<(Article, Vec<Claim>)>,
    /// Metadata of every source that evidence points to, by full source id. An id missing
    /// here names a source that is no longer in the project (reported in `problems`).
    pub sources: BTreeMap<String, SourceInfo>,
    /// Warnings that leave nothing out (evidence citing a source no longer there).
    pub problems: Vec<String>,
    /// Files left out of the export because they could not be read (a broken claim or article
    /// file): the export is incomplete, which the CLI says with exit code 1.
    pub skipped: Vec<LoadProblem>,
    /// `[review] two_person`: only approved verdicts are final.
    pub two_person: bool,
}

impl ExportData {
    /// Load the project's articles with their active (not dropped) claims, and the metadata of
    /// the sources their evidence cites.
    pub fn load(project: &Project) -> Result<ExportData> {
        let set = project.load_claims()?;
        let (metas, mut skipped) = project.load_articles()?;
        skipped.extend(set.problems);
        let mut problems = Vec::new();
        let mut articles = Vec::new();
        for m in metas {
            let article = match project.article(&m.id) {
                Ok(a) => a,
                Err(e) => {
                    skipped.push(LoadProblem {
                        file: Path::new(crate::project::ARTICLES_DIR).join(&m.id),
                        claim: None,
                        kind: crate::project::ProblemKind::Unreadable,
                        message: crate::error::one_line(&e),
                    });
                    continue;
                }
            };
            let claims: Vec<Claim> = set
                .claims
                .iter()
                .filter(|c| c.article == m.id && c.is_active())
                .cloned()
                .collect();
            articles.push((article, claims));
        }
        let sources = load_sources(project, &articles, &mut problems);
        let manifest = project.manifest();
        Ok(ExportData {
            name: manifest.name.clone(),
            language: manifest.language.clone(),
            organisation: manifest.organisation.clone(),
            scale: project.scale().clone(),
            articles,
            sources,
            problems,
            skipped,
            two_person: manifest.review.two_person,
        })
    }

    pub fn source(&self, id: &str) -> Option<&SourceInfo> {
        self.sources.get(id)
    }
}

fn load_sources(
    project: &Project,
    articles: &[(Article, Vec<Claim>)],
    problems: &mut Vec<String>,
) -> BTreeMap<String, SourceInfo> {
    let mut out = BTreeMap::new();
    let cited: std::collections::BTreeSet<&str> = articles
        .iter()
        .flat_map(|(_, cs)| cs.iter())
        .flat_map(|c| c.verdict.evidence.iter())
        .map(|e| e.source.as_str())
        .collect();
    if cited.is_empty() {
        return out;
    }
    let store = match crate::sources::store(project) {
        Ok(s) => s,
        Err(e) => {
            problems.push(format!("sources: {e}"));
            return out;
        }
    };
    let (metas, _) = store.list_all();
    for m in metas {
        if cited.contains(m.id.as_str()) {
            let capture = m.capture().unwrap_or_default();
            out.insert(
                m.id.clone(),
                SourceInfo {
                    title: m.title,
                    publisher: m.publisher,
                    url: m.url,
                    date: m.date.unwrap_or_default(),
                    final_url: capture.final_url,
                    captured_at: capture.captured_at,
                    sha256: capture.sha256,
                },
            );
        }
    }
    // Corpus records are not listed as documents of their own: load them one by one.
    for id in cited {
        if out.contains_key(id) {
            continue;
        }
        match store.load_doc(id) {
            Ok(d) => {
                out.insert(id.to_string(), SourceInfo::of(&d));
            }
            Err(_) => problems.push(format!(
                "evidence cites source {id}, which is not in sources/"
            )),
        }
    }
    out
}

/// Settings of an export besides its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// The CSV's field separator: `,` (RFC 4180), `;` (what German spreadsheet programs
    /// expect), tab or `|`.
    pub csv_delimiter: char,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { csv_delimiter: ',' }
    }
}

impl ExportOptions {
    /// From `--delimiter` (only for CSV): one of `,` `;` `|`, or `tab` / a tab character.
    pub fn from_args(format: Format, delimiter: Option<&str>) -> Result<ExportOptions> {
        let Some(d) = delimiter else {
            return Ok(ExportOptions::default());
        };
        if format != Format::Csv {
            return Err(user_error(format!(
                "--delimiter is for --format csv, not {}",
                format.name()
            )));
        }
        let csv_delimiter = match d {
            "," | ";" | "|" | "\t" => d.chars().next().expect("one character"),
            "tab" | "\\t" => '\t',
            other => {
                return Err(user_error(format!(
                    "--delimiter {:?}: use ',', ';', '|' or tab",
                    crate::fsx::shown(std::path::Path::new(other))
                )))
            }
        };
        Ok(ExportOptions { csv_delimiter })
    }
}

/// The text of `format` for the loaded project. ClaimReview fails with a user error naming
/// every gap of a reviewed claim it would write, rather than exporting it half-filled.
pub fn render(data: &ExportData, format: Format) -> Result<String> {
    render_with(data, format, &ExportOptions::default())
}

/// [`render`] with explicit options.
pub fn render_with(data: &ExportData, format: Format, options: &ExportOptions) -> Result<String> {
    Ok(render_noted(data, format, options)?.0)
}

/// The text and the notes to show beside it: for ClaimReview, each claim left out with its
/// reason.
pub fn render_noted(
    data: &ExportData,
    format: Format,
    options: &ExportOptions,
) -> Result<(String, Vec<String>)> {
    Ok(match format {
        Format::ClaimReview => {
            let r = claimreview::render(data).map_err(|problems| {
                user_error(format!("ClaimReview not written: {}", problems.join("; ")))
            })?;
            (r.text, r.notes)
        }
        Format::Markdown => (markdown::render(data), Vec::new()),
        Format::Html => (html::render(data), Vec::new()),
        Format::Csv => (csv::render(data, options.csv_delimiter), Vec::new()),
        Format::Json => (json::render(data), Vec::new()),
    })
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOutcome {
    pub path: PathBuf,
    /// Warnings about the project met while loading (unreadable claim files, missing
    /// sources), then the export's notes (ClaimReview: the claims left out and why).
    pub warnings: Vec<String>,
    /// Files that could not be read and are missing from the export.
    pub skipped: Vec<LoadProblem>,
    /// Claims this export published (see [`export_published`]).
    pub published: Vec<u32>,
}

/// Export `project` as `format` to `out`, or to `<project>/exports/<default name>` when `out`
/// is `None`. An existing file is only replaced when `force` is set; without it the file is
/// created with create-new semantics, so a file that appears meanwhile is not overwritten either.
pub fn export(
    project: &Project,
    format: Format,
    out: Option<&Path>,
    force: bool,
) -> Result<ExportOutcome> {
    export_with(project, format, &ExportOptions::default(), out, force)
}

/// [`export`] with explicit options.
pub fn export_with(
    project: &Project,
    format: Format,
    options: &ExportOptions,
    out: Option<&Path>,
    force: bool,
) -> Result<ExportOutcome> {
    write_loaded(
        project,
        ExportData::load(project)?,
        format,
        options,
        out,
        force,
    )
}

/// Render loaded data and write it where [`export`] would; the outcome's warnings are the
/// load's problems followed by the export's notes.
fn write_loaded(
    project: &Project,
    data: ExportData,
    format: Format,
    options: &ExportOptions,
    out: Option<&Path>,
    force: bool,
) -> Result<ExportOutcome> {
    let (text, notes) = render_noted(&data, format, options)?;
    let path = export_text(project, format, out, &text, force)?;
    let mut warnings = data.problems;
    warnings.extend(notes);
    Ok(ExportOutcome {
        path,
        warnings,
        skipped: data.skipped,
        published: Vec::new(),
    })
}

/// The final verdicts of an export about to be published, with the publication each gets.
pub type Due = Vec<(u32, Publication)>;

/// Load for an export that publishes: the final claims it carries (see
/// [`crate::review::publication_due`]) get their publication in the loaded data already, so
/// the file shows the dates it will have on record.
pub fn load_publishing(project: &Project, format: Format) -> Result<(ExportData, Due)> {
    let mut data = ExportData::load(project)?;
    let mut due = Due::new();
    if format.publishes() {
        let two = data.two_person;
        for c in data.articles.iter_mut().flat_map(|(_, cs)| cs.iter_mut()) {
            if select::is_reported(c) && crate::review::publication_due(two, c) {
                let p = crate::review::new_publication(project.user(), c);
                c.verdict.published.push(p.clone());
                due.push((c.id, p));
            }
        }
    }
    Ok((data, due))
}

/// Record the publications of an export that was written. Returns the claims published.
pub fn record_published(project: &mut Project, due: Due) -> Result<Vec<u32>> {
    let mut ids = Vec::new();
    for (id, p) in due {
        if crate::review::record_publication(project, id, p)?.is_some() {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// [`export`], and the finished verdicts the file carries are recorded as published: from
/// then on, changing their rating or explanation needs a correction. The CLI runs this; the
/// workstation, which holds the project for writing, should too.
pub fn export_published(
    project: &mut Project,
    format: Format,
    options: &ExportOptions,
    out: Option<&Path>,
    force: bool,
) -> Result<ExportOutcome> {
    let (data, due) = load_publishing(project, format)?;
    let mut outcome = write_loaded(project, data, format, options, out, force)?;
    outcome.published = record_published(project, due)?;
    Ok(outcome)
}

/// Write an already rendered export where [`export`] would. Returns the path.
pub fn export_text(
    project: &Project,
    format: Format,
    out: Option<&Path>,
    text: &str,
    force: bool,
) -> Result<PathBuf> {
    let path = match out {
        Some(p) => p.to_path_buf(),
        None => {
            let dir = project.root().join("exports");
            // A received project's `exports` may be a symlink to anywhere.
            crate::fsx::folder_in_project(&dir, project.root())?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| crate::fsx::io_error(&dir, "cannot create", &e))?;
            dir.join(format.default_file_name())
        }
    };
    write(&path, text.as_bytes(), force)?;
    Ok(path)
}

fn write(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let exists_msg = || {
        user_error(format!(
            "{}: exists; add --force to overwrite it",
            crate::fsx::shown(path)
        ))
    };
    if path.is_dir() {
        return Err(user_error(format!(
            "{}: is a directory; give a file name",
            crate::fsx::shown(path)
        )));
    }
    // An export is written by renaming a new file over the old one: over a device, a FIFO or
    // a symlink that would replace the node itself (as root, /dev/full or /dev/stdout for
    // the whole machine), so only a regular file may be replaced.
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let why = if meta.file_type().is_symlink() {
            Some("a symbolic link".to_string())
        } else {
            factdesk_index::bounded::not_regular(&meta.file_type())
        };
        if let Some(why) = why {
            return Err(user_error(format!(
                "{}: not replaced: {why}; give the name of a regular file (`--out -` writes to \
                 standard output)",
                crate::fsx::shown(path)
            )));
        }
    }
    if let Some(part) = project_file(path) {
        return Err(user_error(format!(
            "{}: not replaced: it is {part} of a factdesk project; write the export elsewhere \
             (by default it goes into the project's exports/ folder)",
            crate::fsx::shown(path)
        )));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(user_error(format!(
                "{}: no such directory",
                crate::fsx::shown(parent)
            )));
        }
    }
    if force {
        return crate::fsx::write_atomic(path, bytes);
    }
    if path.exists() {
        return Err(exists_msg());
    }
    crate::fsx::create_atomic(path, bytes).map_err(|e| if path.exists() { exists_msg() } else { e })
}

/// What `path` is of a factdesk project it lies in (its manifest, change log, lock, a claim,
/// an article, a source or the index), or `None` for any other file (exports/ included).
fn project_file(path: &Path) -> Option<&'static str> {
    let full = std::path::absolute(path).ok()?;
    let parent = full.parent()?;
    let parent = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let full = parent.join(full.file_name()?);
    let root = full
        .ancestors()
        .skip(1)
        .find(|d| d.join(crate::project::manifest::MANIFEST_FILE).is_file())?;
    let rel = full.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let single = rel.components().count() == 1;
    match first {
        crate::project::manifest::MANIFEST_FILE if single => Some("the manifest"),
        "changes.jsonl" if single => Some("the change log"),
        "factdesk.lock" if single => Some("the lock"),
        "claims" => Some("a claim file"),
        "articles" => Some("an article file"),
        "sources" => Some("a source file"),
        "index" => Some("the search index"),
        _ => None,
    }
}

/// The first 12 characters of a source id: enough to tell sources apart in a report.
pub fn short_id(id: &str) -> &str {
    let end = id
        .char_indices()
        .nth(12)
        .map(|(i, _)| i)
        .unwrap_or(id.len());
    &id[..end]
}

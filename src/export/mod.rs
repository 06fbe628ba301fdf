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
use crate::project::Project;

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
    pub url: String,
    pub date: String,
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
    pub problems: Vec<String>,
}

impl ExportData {
    /// Load the project's articles with their active (not dropped) claims, and the metadata of
    /// the sources their evidence cites.
    pub fn load(project: &Project) -> Result<ExportData> {
        let set = project.load_claims()?;
        let (metas, mut problems) = project.articles()?;
        problems.extend(set.problems);
        let mut articles = Vec::new();
        for m in metas {
            let article = project.article(&m.id)?;
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
            out.insert(
                m.id.clone(),
                SourceInfo {
                    title: m.title,
                    publisher: m.publisher,
                    url: m.url,
                    date: m.date.unwrap_or_default(),
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
                out.insert(
                    id.to_string(),
                    SourceInfo {
                        title: d.title,
                        publisher: d.publisher,
                        url: d.url,
                        date: d.date.unwrap_or_default(),
                    },
                );
            }
            Err(_) => problems.push(format!(
                "evidence cites source {id}, which is not in sources/"
            )),
        }
    }
    out
}

/// The text of `format` for the loaded project. ClaimReview fails with a user error naming
/// every gap of a reviewed claim it would write, rather than exporting it half-filled.
pub fn render(data: &ExportData, format: Format) -> Result<String> {
    Ok(render_noted(data, format)?.0)
}

/// The text and the notes to show beside it: for ClaimReview, each claim left out with its
/// reason.
pub fn render_noted(data: &ExportData, format: Format) -> Result<(String, Vec<String>)> {
    Ok(match format {
        Format::ClaimReview => {
            let r = claimreview::render(data).map_err(|problems| {
                user_error(format!("ClaimReview not written: {}", problems.join("; ")))
            })?;
            (r.text, r.notes)
        }
        Format::Markdown => (markdown::render(data), Vec::new()),
        Format::Html => (html::render(data), Vec::new()),
        Format::Csv => (csv::render(data), Vec::new()),
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
    let data = ExportData::load(project)?;
    let (text, notes) = render_noted(&data, format)?;
    let path = match out {
        Some(p) => p.to_path_buf(),
        None => {
            let dir = project.root().join("exports");
            std::fs::create_dir_all(&dir)
                .map_err(|e| user_error(format!("{}: cannot create: {e}", dir.display())))?;
            dir.join(format.default_file_name())
        }
    };
    write(&path, text.as_bytes(), force)?;
    let mut warnings = data.problems;
    warnings.extend(notes);
    Ok(ExportOutcome { path, warnings })
}

fn write(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let exists_msg = || {
        user_error(format!(
            "{}: exists; add --force to overwrite it",
            path.display()
        ))
    };
    if path.is_dir() {
        return Err(user_error(format!(
            "{}: is a directory; give a file name",
            path.display()
        )));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(user_error(format!(
                "{}: no such directory",
                parent.display()
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

/// The first 12 characters of a source id: enough to tell sources apart in a report.
pub fn short_id(id: &str) -> &str {
    let end = id
        .char_indices()
        .nth(12)
        .map(|(i, _)| i)
        .unwrap_or(id.len());
    &id[..end]
}

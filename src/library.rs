//! The desk's verdict library, seen from projects: which claims go in, under which origin,
//! and which earlier verdicts a claim resembles. The index itself is
//! [`factdesk_index::library::VerdictLibrary`] in `data_dir()/library/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use factdesk_index::library::{
    claimreview, parse_claimreviews, LibraryEntry, LibraryError, Match, VerdictLibrary,
};
use factdesk_index::Lang;

use crate::error::user_error;
use crate::project::claim::Claim;
use crate::project::Project;

pub use factdesk_index::library::SAME_CLAIM;

pub const LIBRARY_DIR: &str = "library";
/// Matches shown for one claim at most.
pub const MAX_MATCHES: usize = 5;
/// Largest ClaimReview file read (bytes): published feeds are a few MB.
const MAX_IMPORT_BYTES: u64 = 64 << 20;

pub fn library_dir() -> Result<PathBuf> {
    Ok(crate::desk::data_dir()?.join(LIBRARY_DIR))
}

fn lib_err(e: LibraryError) -> anyhow::Error {
    user_error(e.to_string())
}

/// Opens (creating if needed) the desk's library.
pub fn open() -> Result<VerdictLibrary> {
    VerdictLibrary::open_or_create(library_dir()?).map_err(lib_err)
}

/// Every entry of a project shares this origin prefix.
pub fn project_prefix(project: &Project) -> String {
    let root = project
        .root()
        .canonicalize()
        .unwrap_or_else(|_| project.root().to_path_buf());
    format!("project:{}#", root.display())
}

pub fn claim_origin(project: &Project, claim_id: u32) -> String {
    format!("{}{claim_id}", project_prefix(project))
}

fn lang_of(code: &str) -> Lang {
    match Lang::from_code(code) {
        Lang::De => Lang::De,
        // The analyzers know German and English; anything else is compared the English way.
        _ => Lang::En,
    }
}

/// Language a project claim is compared in: its article's, else the project's.
fn claim_lang(project: &Project, articles: &BTreeMap<String, (String, String)>, c: &Claim) -> Lang {
    match articles.get(&c.article) {
        Some((lang, _)) if !lang.is_empty() => lang_of(lang),
        _ => lang_of(&project.manifest().language),
    }
}

/// article id -> (language, url)
fn article_info(project: &Project) -> Result<BTreeMap<String, (String, String)>> {
    let (metas, _) = project.articles()?;
    Ok(metas
        .into_iter()
        .map(|m| (m.id, (m.language, m.url)))
        .collect())
}

fn entry_for(
    project: &Project,
    articles: &BTreeMap<String, (String, String)>,
    claim: &Claim,
) -> Option<LibraryEntry> {
    let rating = claim.verdict.rating.trim();
    if rating.is_empty() || !claim.is_active() {
        return None;
    }
    let org = &project.manifest().organisation;
    let publisher = if org.name.is_empty() {
        project.manifest().name.clone()
    } else {
        org.name.clone()
    };
    // The desk has no published URL per claim: the article checked, else the organisation.
    let url = match articles.get(&claim.article) {
        Some((_, url)) if !url.is_empty() => url.clone(),
        _ => org.url.clone(),
    };
    Some(LibraryEntry {
        origin: claim_origin(project, claim.id),
        claim: claim.text.clone(),
        rating: rating.to_string(),
        explanation: claim.verdict.explanation.clone(),
        date: claim.updated.format("%Y-%m-%d").to_string(),
        url,
        publisher,
        claimant: claim.claimant.clone(),
        lang: claim_lang(project, articles, claim),
    })
}

/// What a sync did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Rated claims now in the library.
    pub added: usize,
    /// Entries of this project before the sync (replaced).
    pub replaced: usize,
    /// Claim files that could not be read.
    pub problems: Vec<String>,
}

/// Puts every rated claim of `project` into `lib` (replacing what the project gave before,
/// so claims whose rating was removed leave the library) and commits.
pub fn sync_project(lib: &mut VerdictLibrary, project: &Project) -> Result<SyncReport> {
    if !project.manifest().library.file {
        return Err(user_error(format!(
            "{}: this project keeps its verdicts out of the library ([library] file = false)",
            crate::fsx::shown(&project.root().join(crate::project::manifest::MANIFEST_FILE))
        )));
    }
    let set = project.load_claims()?;
    let articles = article_info(project)?;
    let replaced = lib
        .remove_origin_prefix(&project_prefix(project))
        .map_err(lib_err)?;
    let mut added = 0;
    for claim in &set.claims {
        if let Some(entry) = entry_for(project, &articles, claim) {
            lib.upsert(&entry).map_err(lib_err)?;
            added += 1;
        }
    }
    lib.commit().map_err(lib_err)?;
    Ok(SyncReport {
        added,
        replaced,
        problems: set.problems.into_iter().map(|p| p.message).collect(),
    })
}

/// What filing saved claims did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Filed {
    /// Entries added or replaced.
    pub filed: usize,
    /// Entries removed (rating cleared, claim dropped or merged away).
    pub removed: usize,
}

/// How long a save waits for another process's library writer before giving up.
const LOCK_TRIES: u32 = 20;
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// Same verdict as far as the library is concerned. The date is left out: it stays the date
/// the verdict was first filed, not that of the latest edit of the claim's notes.
fn same_filing(stored: &LibraryEntry, new: &LibraryEntry) -> bool {
    let excerpt: String = new
        .explanation
        .chars()
        .take(factdesk_index::library::EXPLANATION_CHARS)
        .collect();
    stored.claim == new.claim
        && stored.rating == new.rating
        && stored.explanation == excerpt
        && stored.url == new.url
        && stored.publisher == new.publisher
        && stored.claimant == new.claimant
        && stored.lang == new.lang
}

fn retry_locked<T>(
    mut op: impl FnMut() -> std::result::Result<T, LibraryError>,
) -> std::result::Result<T, LibraryError> {
    let mut tries = 0;
    loop {
        match op() {
            Err(LibraryError::Locked(_)) if tries + 1 < LOCK_TRIES => {
                tries += 1;
                std::thread::sleep(LOCK_WAIT);
            }
            other => return other,
        }
    }
}

/// Brings the library up to date with just-saved claims of `project`: a rated, active claim
/// is filed (replacing its earlier entry), any other leaves the library, and so do the ids
/// in `removed` (merged away). It reads first and takes the writer only when an entry
/// differs, so saves that change nothing the library keeps (status, evidence, notes) cost a
/// lookup; with no library and nothing rated it does not even create one.
pub fn file_claims(project: &Project, claims: &[Claim], removed: &[u32]) -> Result<Filed> {
    if !project.manifest().library.file {
        return Ok(Filed::default());
    }
    let dir = library_dir()?;
    let articles = if claims.iter().any(|c| !c.verdict.rating.trim().is_empty()) {
        article_info(project)?
    } else {
        BTreeMap::new()
    };
    let mut wanted: Vec<(String, Option<LibraryEntry>)> = claims
        .iter()
        .map(|c| {
            (
                claim_origin(project, c.id),
                entry_for(project, &articles, c),
            )
        })
        .collect();
    wanted.extend(removed.iter().map(|id| (claim_origin(project, *id), None)));
    if !dir.join("meta.json").exists() && wanted.iter().all(|(_, e)| e.is_none()) {
        return Ok(Filed::default());
    }
    let mut lib = VerdictLibrary::open_or_create(&dir).map_err(lib_err)?;
    let mut done = Filed::default();
    for (origin, entry) in &wanted {
        let stored = lib.get(origin).map_err(lib_err)?;
        match (stored, entry) {
            (None, None) => {}
            (Some(_), None) => {
                retry_locked(|| lib.remove(origin)).map_err(lib_err)?;
                done.removed += 1;
            }
            (Some(old), Some(new)) if same_filing(&old, new) => {}
            (_, Some(new)) => {
                retry_locked(|| lib.upsert(new)).map_err(lib_err)?;
                done.filed += 1;
            }
        }
    }
    if done != Filed::default() {
        lib.commit().map_err(lib_err)?;
    }
    Ok(done)
}

/// What importing one ClaimReview file did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub added: usize,
    /// One message per skipped entry (file and entry named).
    pub skipped: Vec<String>,
}

/// Imports a ClaimReview JSON-LD file, replacing what the same file gave before. Commits.
pub fn import_claimreview(lib: &mut VerdictLibrary, path: &Path) -> Result<ImportReport> {
    let bytes = crate::fsx::read_user_file(path, MAX_IMPORT_BYTES)?;
    let text = String::from_utf8_lossy(&bytes);
    let label = crate::fsx::shown(&path.canonicalize().unwrap_or_else(|_| path.to_path_buf()));
    let parsed = parse_claimreviews(&text, &label);
    lib.remove_origin_prefix(&claimreview::origin_prefix(&label))
        .map_err(lib_err)?;
    for entry in &parsed.entries {
        lib.upsert(entry).map_err(lib_err)?;
    }
    lib.commit().map_err(lib_err)?;
    Ok(ImportReport {
        added: parsed.entries.len(),
        skipped: parsed.skipped,
    })
}

/// Earlier verdicts that are the same claim as `claim` (similarity >= [`SAME_CLAIM`]), best
/// first, never the claim's own entry. An absent library gives no matches (and is not
/// created: the workstation calls this read-only).
pub fn matches_for(project: &Project, claim: &Claim) -> Result<Vec<Match>> {
    match open_existing()? {
        Some(lib) => matches_in(&lib, project, claim),
        None => Ok(Vec::new()),
    }
}

/// The desk's library if it exists (never created here: readers call this).
pub fn open_existing() -> Result<Option<VerdictLibrary>> {
    let dir = library_dir()?;
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    VerdictLibrary::open_or_create(&dir)
        .map(Some)
        .map_err(lib_err)
}

/// [`matches_for`] in a library already open (the workstation's lookup worker keeps one).
pub fn matches_in(lib: &VerdictLibrary, project: &Project, claim: &Claim) -> Result<Vec<Match>> {
    let articles = article_info(project)?;
    let lang = claim_lang(project, &articles, claim);
    let found = lib
        .find_similar(
            &claim.text,
            lang,
            MAX_MATCHES,
            Some(&claim_origin(project, claim.id)),
        )
        .map_err(lib_err)?;
    Ok(found.into_iter().filter(Match::is_same_claim).collect())
}

/// The rating a match gives this project's claim: the project's own label when the scale
/// has one of that name (any case), the match's text on a written-conclusion scale, else
/// `None` (another desk's label that this scale does not know: show it, do not copy it).
pub fn reusable_rating(project: &Project, m: &Match) -> Option<String> {
    let scale = project.scale();
    if scale.is_free_text() {
        return Some(m.entry.rating.clone());
    }
    scale.find(&m.entry.rating).map(|r| r.label.clone())
}

//! The project directory (format version 1): see docs/project-format.md.
//!
//! ```text
//! factdesk.toml        manifest
//! factdesk.lock        present while a process edits the project
//! changes.jsonl        append-only change log
//! articles/<id>/       original.<ext>, text.txt, article.toml
//! claims/NNNN.toml     one file per claim, with its verdict
//! sources/             imported sources by content hash (factdesk-index)
//! index/               search index, rebuildable from sources/
//! ```

pub mod article;
pub mod changelog;
pub mod claim;
pub mod conflict;
pub mod identity;
pub mod intent;
pub mod journal;
pub mod lock;
pub mod manifest;
pub mod scale;
pub mod team;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::user_error;
use crate::fsx;
use article::{Article, ArticleMeta};
use changelog::Change;
use claim::Claim;
use intent::FileOp;
use lock::ProjectLock;
use manifest::{Manifest, MANIFEST_FILE};
use scale::Scale;

pub const ARTICLES_DIR: &str = "articles";
pub const CLAIMS_DIR: &str = "claims";
pub const SOURCES_DIR: &str = "sources";
pub const INDEX_DIR: &str = "index";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Take the project lock; fail if another process holds it.
    Write,
    /// No lock: reading is always allowed.
    ReadOnly,
}

#[derive(Debug)]
pub struct Project {
    root: PathBuf,
    manifest: Manifest,
    scale: Scale,
    lock: Option<ProjectLock>,
    /// Who is working: resolved on first use (it may ask git).
    user: std::sync::OnceLock<String>,
    /// What opening repaired (an interrupted import taken back), for the caller to show.
    notices: Vec<String>,
}

/// Claims as loaded, plus one problem per claim file that could not be read.
#[derive(Debug, Default)]
pub struct ClaimSet {
    pub claims: Vec<Claim>,
    /// The claim files left out, as data (the CLI prints them, the workstation lists them).
    pub problems: Vec<LoadProblem>,
    /// Ids whose files exist but are broken: never reused, never overwritten.
    pub broken_ids: Vec<u32>,
}

/// Claim files changed by one edit: see [`Project::save_edit`].
#[derive(Default)]
pub struct ClaimEdit<'a> {
    /// New claims (ids unused); their creation is logged.
    pub create: &'a [Claim],
    /// A changed claim, saved (its `updated` time set).
    pub save: Option<&'a mut Claim>,
    /// A claim file removed.
    pub delete: Option<u32>,
    /// What to log besides the creations.
    pub changes: Vec<Change>,
}

/// A file of the project that could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadProblem {
    /// The file, relative to the project folder.
    pub file: PathBuf,
    /// For a claim file: the id its name stands for.
    pub claim: Option<u32>,
    pub kind: ProblemKind,
    /// The whole message, naming the file (terminal-safe).
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Git left the two sides of a merge in it.
    MergeConflict,
    /// It is there but does not parse (syntax, missing keys, not UTF-8).
    Unparsable,
    /// Not opened: a symlink leading outside the project, a FIFO, a device, too large.
    Refused,
    /// The operating system would not read it (permissions, I/O error).
    Unreadable,
    /// Its name is not a claim file name, or does not match the id inside.
    Misnamed,
}

impl std::fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl LoadProblem {
    fn new(root: &Path, path: &Path, kind: ProblemKind, message: String) -> LoadProblem {
        LoadProblem {
            file: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            claim: None,
            kind,
            // Parser messages may quote the file.
            message: factdesk_index::sanitize::sanitize_name(&message),
        }
    }
}

/// Reads a text file of the project at `root`: bounded, inside the project, UTF-8, and not
/// left in the middle of a git merge.
fn read_project_text(root: &Path, path: &Path, limit: u64) -> Result<String, LoadProblem> {
    let bytes = fsx::read_in_project(path, root, limit).map_err(|e| {
        let kind = match e.kind {
            factdesk_index::bounded::ReadErrorKind::Refused(_) => ProblemKind::Refused,
            factdesk_index::bounded::ReadErrorKind::Io(_) => ProblemKind::Unreadable,
        };
        LoadProblem::new(root, path, kind, e.to_string())
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        let msg = format!("{}: not UTF-8 text", fsx::shown(path));
        LoadProblem::new(root, path, ProblemKind::Unparsable, msg)
    })?;
    if let Some(msg) = conflict::describe(root, path, &text) {
        return Err(LoadProblem::new(
            root,
            path,
            ProblemKind::MergeConflict,
            msg,
        ));
    }
    Ok(text)
}

fn read_claim_file(root: &Path, path: &Path) -> Result<Claim, LoadProblem> {
    let text = read_project_text(root, path, fsx::MAX_META_FILE)?;
    Claim::parse(&text).map_err(|m| {
        let msg = format!("{}: {m}", fsx::shown(path));
        LoadProblem::new(root, path, ProblemKind::Unparsable, msg)
    })
}

/// A claim as its file holds it, refused when the file would be larger than factdesk reads
/// back (a huge text, explanation or notes): such a file could be neither read nor removed.
fn claim_toml(c: &Claim) -> Result<String> {
    let toml = c.to_toml();
    if toml.len() as u64 > fsx::MAX_META_FILE {
        return Err(user_error(format!(
            "claim {}: its file would take {} MiB, more than the {} MiB factdesk reads back; \
             shorten its text, explanation or notes",
            c.id,
            toml.len() >> 20,
            fsx::MAX_META_FILE >> 20
        )));
    }
    Ok(toml)
}

/// An article's metadata, its texts made terminal-safe.
fn read_meta(root: &Path, path: &Path) -> Result<ArticleMeta, LoadProblem> {
    let mut meta: ArticleMeta = read_toml(root, path)?;
    meta.sanitize();
    Ok(meta)
}

fn read_toml<T: serde::de::DeserializeOwned>(root: &Path, path: &Path) -> Result<T, LoadProblem> {
    let text = read_project_text(root, path, fsx::MAX_META_FILE)?;
    toml::from_str(&text).map_err(|e| {
        let msg = format!("{}: {}", fsx::shown(path), manifest::toml_error(&e, &text));
        LoadProblem::new(root, path, ProblemKind::Unparsable, msg)
    })
}

impl Project {
    /// Create a new project in `dir` (created if missing; must not hold a project yet).
    pub fn init(dir: &Path, manifest: &Manifest) -> Result<()> {
        if dir.join(MANIFEST_FILE).exists() {
            return Err(user_error(format!(
                "{}: a project already exists here",
                fsx::shown(&dir.join(MANIFEST_FILE))
            )));
        }
        manifest.scale().map_err(user_error)?;
        for sub in [ARTICLES_DIR, CLAIMS_DIR, SOURCES_DIR] {
            fs::create_dir_all(dir.join(sub))
                .map_err(|e| fsx::io_error(&dir.join(sub), "cannot create", &e))?;
        }
        fsx::write_atomic(
            &dir.join(".gitignore"),
            b"# written by factdesk: the lock is per session, the index is rebuilt from sources/\n/factdesk.lock\n/index/\n",
        )?;
        fsx::create_atomic(&dir.join(MANIFEST_FILE), manifest.to_toml().as_bytes())?;
        fsx::sync_dir(dir)?;
        Ok(())
    }

    /// The nearest directory at or above `start` that holds a manifest.
    pub fn find_root(start: &Path) -> Result<PathBuf> {
        let start = start
            .canonicalize()
            .map_err(|_| user_error(format!("{}: no such directory", fsx::shown(start))))?;
        for dir in start.ancestors() {
            // Whatever the manifest is (a FIFO, a symlink): opening it says what is wrong.
            if fs::symlink_metadata(dir.join(MANIFEST_FILE)).is_ok() {
                return Ok(dir.to_path_buf());
            }
        }
        Err(user_error(format!(
            "{}: not inside a factdesk project (no {MANIFEST_FILE} here or above); use --project DIR or `factdesk init DIR`",
            fsx::shown(&start)
        )))
    }

    /// Opens the project; a writer that finds the lock held is refused at once.
    pub fn open(root: &Path, access: Access) -> Result<Project> {
        Project::open_within(root, access, std::time::Duration::ZERO)
    }

    /// Opens the project for writing as a command does: queueing for at most `wait` behind
    /// another command's lock (see [`ProjectLock::acquire_within`]).
    pub fn open_waiting(root: &Path, wait: std::time::Duration) -> Result<Project> {
        Project::open_within(root, Access::Write, wait)
    }

    fn open_within(root: &Path, access: Access, wait: std::time::Duration) -> Result<Project> {
        let path = root.join(MANIFEST_FILE);
        let text = read_project_text(root, &path, fsx::MAX_META_FILE).map_err(|p| {
            user_error(match p.kind {
                ProblemKind::Unreadable if !path.exists() => {
                    format!("{}: no project manifest here", fsx::shown(&path))
                }
                _ => p.message,
            })
        })?;
        let manifest = Manifest::parse(&text)
            .map_err(|m| user_error(format!("{}: {m}", fsx::shown(&path))))?;
        let scale = manifest
            .scale()
            .map_err(|m| user_error(format!("{}: {m}", fsx::shown(&path))))?;
        let mut notices = Vec::new();
        let lock = match access {
            Access::Write => {
                // Nothing is ever written through a folder that leads out of the project.
                for sub in [ARTICLES_DIR, CLAIMS_DIR, SOURCES_DIR, INDEX_DIR, "exports"] {
                    fsx::folder_in_project(&root.join(sub), root)?;
                }
                let lock = ProjectLock::acquire_within(root, wait)?;
                notices.extend(repair_after_crash(root)?);
                Some(lock)
            }
            Access::ReadOnly => {
                // A reader sees no half import or edit either, unless its writer is still at
                // work; it also clears what a writer killed before its marker appeared left.
                if journal::is_pending(root)
                    || intent::is_pending(root)
                    || !journal::marker_temps(root).is_empty()
                {
                    for sub in [ARTICLES_DIR, CLAIMS_DIR] {
                        fsx::folder_in_project(&root.join(sub), root)?;
                    }
                    if let Ok(_lock) = ProjectLock::acquire(root) {
                        notices.extend(repair_after_crash(root)?);
                    }
                }
                None
            }
        };
        Ok(Project {
            root: root.to_path_buf(),
            manifest,
            scale,
            lock,
            user: std::sync::OnceLock::new(),
            notices,
        })
    }

    /// What opening the project repaired, one message each.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// Who is working on the project ([`identity::user_for`]): every change-log entry
    /// written through this project carries the name.
    pub fn user(&self) -> &str {
        self.user.get_or_init(|| identity::user_for(&self.root))
    }

    /// `changes`, each signed with [`Project::user`]: every entry of the log names who made it.
    fn signed(&self, changes: &[Change]) -> Vec<Change> {
        let user = self.user();
        changes
            .iter()
            .map(|c| Change {
                user: user.to_string(),
                ..c.clone()
            })
            .collect()
    }

    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    pub fn sources_dir(&self) -> PathBuf {
        self.root.join(SOURCES_DIR)
    }

    pub fn index_dir(&self) -> PathBuf {
        self.root.join(INDEX_DIR)
    }

    fn ensure_writable(&self) -> Result<()> {
        if self.lock.is_none() {
            return Err(user_error(format!(
                "{}: opened read-only; nothing was changed",
                fsx::shown(&self.root)
            )));
        }
        Ok(())
    }

    pub fn save_manifest(&mut self, manifest: Manifest) -> Result<()> {
        self.ensure_writable()?;
        let scale = manifest.scale().map_err(user_error)?;
        fsx::write_atomic(
            &self.root.join(MANIFEST_FILE),
            manifest.to_toml().as_bytes(),
        )?;
        self.manifest = manifest;
        self.scale = scale;
        Ok(())
    }

    // ----- articles -----

    pub fn articles(&self) -> Result<(Vec<ArticleMeta>, Vec<String>)> {
        let (metas, problems) = self.load_articles()?;
        Ok((metas, problems.into_iter().map(|p| p.message).collect()))
    }

    /// The articles' metadata, and every article folder whose metadata could not be read.
    pub fn load_articles(&self) -> Result<(Vec<ArticleMeta>, Vec<LoadProblem>)> {
        let dir = self.root.join(ARTICLES_DIR);
        let mut metas = Vec::new();
        let mut problems = Vec::new();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((metas, problems)),
            Err(e) => return Err(fsx::io_error(&dir, "cannot list", &e)),
        };
        for entry in entries.flatten() {
            let path = entry.path().join(article::META_FILE);
            if !entry.path().is_dir() {
                continue;
            }
            match read_meta(&self.root, &path) {
                Ok(m) => metas.push(m),
                Err(p) => problems.push(p),
            }
        }
        metas.sort_by(|a, b| a.imported.cmp(&b.imported).then(a.id.cmp(&b.id)));
        Ok((metas, problems))
    }

    /// Resolve an article id or unique prefix.
    pub fn resolve_article(&self, id: &str) -> Result<String> {
        let (metas, _) = self.articles()?;
        let matches: Vec<&ArticleMeta> = metas.iter().filter(|m| m.id.starts_with(id)).collect();
        match matches.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(user_error(format!("no article {id:?} in this project"))),
            _ => Err(user_error(format!("article id {id:?} is ambiguous"))),
        }
    }

    pub fn article(&self, id: &str) -> Result<Article> {
        let dir = self.root.join(ARTICLES_DIR).join(id);
        let meta = read_meta(&self.root, &dir.join(article::META_FILE))
            .map_err(|p| user_error(p.message))?;
        let text = read_project_text(
            &self.root,
            &dir.join(article::TEXT_FILE),
            fsx::MAX_DATA_FILE,
        )
        .map_err(|p| user_error(p.message))?;
        Ok(Article { meta, text })
    }

    /// Replace an article's metadata (title, URL, ...), logging each field that changed as
    /// `article.<field>`. The id, text and import facts stay as they are.
    pub fn save_article_meta(&mut self, meta: &ArticleMeta, changes: Vec<Change>) -> Result<()> {
        self.ensure_writable()?;
        let path = self
            .root
            .join(ARTICLES_DIR)
            .join(&meta.id)
            .join(article::META_FILE);
        // A broken file is the user's to repair, as with claims.
        read_meta(&self.root, &path)
            .map_err(|p| user_error(format!("{p}; not overwritten: repair the file first")))?;
        let mut meta = meta.clone();
        meta.sanitize();
        let toml = toml::to_string_pretty(&meta).expect("article meta serialises");
        let changes = self.signed(&changes);
        intent::commit(&self.root, &changes, &[FileOp::Replace(path, toml)])
    }

    /// Store a new article. `text` must already be sanitised; it is normalised here.
    pub fn add_article(
        &mut self,
        original_ext: &str,
        original: &[u8],
        text: &str,
        meta: ArticleMeta,
    ) -> Result<Article> {
        self.add_article_with_claims(original_ext, original, text, meta, &|_| Vec::new())
            .map(|(a, _)| a)
    }

    /// An error when the article `meta` names (by its id) is already in the project.
    pub fn check_not_imported(&self, meta: &ArticleMeta) -> Result<()> {
        let dir = self.root.join(ARTICLES_DIR).join(&meta.id);
        if dir.join(article::META_FILE).exists() {
            return Err(user_error(format!(
                "{}: already imported as article {}",
                display_name(&meta.original_file),
                meta.id
            )));
        }
        Ok(())
    }

    /// Store a new article and the claims `claims_for` makes of it (candidates), as one edit:
    /// when any write fails (a full disk), nothing of the article stays.
    pub fn add_article_with_claims(
        &mut self,
        original_ext: &str,
        original: &[u8],
        text: &str,
        mut meta: ArticleMeta,
        claims_for: &dyn Fn(&Article) -> Vec<Claim>,
    ) -> Result<(Article, Vec<Claim>)> {
        self.ensure_writable()?;
        let text = article::normalise(text);
        if text.is_empty() {
            return Err(user_error(format!(
                "{}: the article has no text",
                display_name(&meta.original_file)
            )));
        }
        meta.id = article::article_id(&text);
        self.check_not_imported(&meta)?;
        let dir = self.root.join(ARTICLES_DIR).join(&meta.id);
        meta.imported = claim::format_time(&claim::now());
        let article = Article { meta, text };
        let mut claims = claims_for(&article);
        let mut changes = vec![Change::new("article.add")
            .article(&article.meta.id)
            .to_value(article.meta.title.clone())];
        for c in &mut claims {
            c.sanitize();
            changes.push(
                Change::new("claim.create")
                    .claim(c.id)
                    .article(&c.article)
                    .to_value(c.text.clone()),
            );
        }
        let changes = self.signed(&changes);
        let root = self.root.clone();
        crate::interrupt::unit(|| {
            let pending = journal::PendingImport::begin(&root, &article.meta, &claims)?;
            let written = changelog::append(&root, &changes)
                .and_then(|_| write_import(&root, &dir, original_ext, original, &article, &claims));
            match written {
                Ok(()) => pending.finish(&root),
                // Nothing of a failed or interrupted import stays.
                Err(e) => Err(match pending.take_back(&root) {
                    Ok(()) => e,
                    Err(back) => e.context(crate::error::one_line(&back)),
                }),
            }
        })?;
        Ok((article, claims))
    }

    // ----- claims -----

    fn claim_path(&self, id: u32) -> PathBuf {
        self.root.join(CLAIMS_DIR).join(Claim::file_name(id))
    }

    pub fn load_claims(&self) -> Result<ClaimSet> {
        let dir = self.root.join(CLAIMS_DIR);
        let mut set = ClaimSet::default();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(set),
            Err(e) => return Err(fsx::io_error(&dir, "cannot list", &e)),
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let Some(file_id) = Claim::id_from_file_name(name) else {
                let msg = format!("{}: not a claim file name (NNNN.toml)", fsx::shown(&path));
                set.problems.push(LoadProblem::new(
                    &self.root,
                    &path,
                    ProblemKind::Misnamed,
                    msg,
                ));
                continue;
            };
            match read_claim_file(&self.root, &path) {
                Ok(c) if c.id == file_id => set.claims.push(c),
                Ok(c) => {
                    let msg = format!(
                        "{}: holds claim id {} but its name says {file_id}",
                        fsx::shown(&path),
                        c.id
                    );
                    let mut p = LoadProblem::new(&self.root, &path, ProblemKind::Misnamed, msg);
                    p.claim = Some(file_id);
                    set.problems.push(p);
                    set.broken_ids.push(file_id);
                }
                Err(mut p) => {
                    p.claim = Some(file_id);
                    set.problems.push(p);
                    set.broken_ids.push(file_id);
                }
            }
        }
        set.claims.sort_by_key(|c| c.id);
        Ok(set)
    }

    pub fn claim(&self, id: u32) -> Result<Claim> {
        let path = self.claim_path(id);
        if fs::symlink_metadata(&path).is_err() {
            return Err(user_error(format!("no claim {id} in this project")));
        }
        let c = read_claim_file(&self.root, &path).map_err(|p| user_error(p.message))?;
        // A merge or a hand edit can leave a file whose id is another claim's (or a link to
        // another claim's file): an edit of it would go to that other claim.
        if c.id != id {
            return Err(user_error(format!(
                "{}: holds claim id {} but its name says {id}; correct the id inside the \
                 file (or its name) before editing it",
                fsx::shown(&path),
                c.id
            )));
        }
        Ok(c)
    }

    /// An id no claim ever had: above every claim file and every id the change log names
    /// (a claim removed, or logged and never written because of a crash, keeps its id).
    pub fn next_claim_id(&self) -> Result<u32> {
        let set = self.load_claims()?;
        let max = set
            .claims
            .iter()
            .map(|c| c.id)
            .chain(set.broken_ids.iter().copied())
            .chain(changelog::max_claim_id(&self.root)?)
            .max()
            .unwrap_or(0);
        Ok(max + 1)
    }

    /// Write a new claim (its id must be unused) and log its creation.
    pub fn create_claim(&mut self, claim: &Claim) -> Result<()> {
        self.create_claims(std::slice::from_ref(claim))
    }

    pub fn create_claims(&mut self, claims: &[Claim]) -> Result<()> {
        self.save_edit(ClaimEdit {
            create: claims,
            ..ClaimEdit::default()
        })
    }

    /// Write a claim under a new number with its own log entry (a claim that arrived through
    /// sync under a number taken here; see `sync`). The id must be unused.
    pub fn create_claim_logged(&mut self, claim: &Claim, change: Change) -> Result<()> {
        self.ensure_writable()?;
        let op = FileOp::Create(self.claim_path(claim.id), claim_toml(claim)?);
        intent::commit(&self.root, &self.signed(&[change]), &[op])
    }

    /// Save an edited claim, logging `changes`. Refuses to replace a claim file that is broken
    /// on disk (someone edited it by hand): that file is the user's to repair.
    pub fn save_claim(&mut self, claim: &mut Claim, changes: Vec<Change>) -> Result<()> {
        self.save_edit(ClaimEdit {
            save: Some(claim),
            changes,
            ..ClaimEdit::default()
        })
    }

    pub fn delete_claim(&mut self, id: u32) -> Result<Claim> {
        let old = self.claim(id)?;
        self.save_edit(ClaimEdit {
            delete: Some(id),
            changes: vec![Change::new("claim.delete")
                .claim(id)
                .from_to(old.text.clone(), "")],
            ..ClaimEdit::default()
        })?;
        Ok(old)
    }

    /// One edit of claim files, logged and written as a whole: new claims (their
    /// `claim.create` entries are added here), one changed claim, one claim removed. When any
    /// write fails, what was written is taken back and so are the log entries, so a split or a
    /// merge that fails on a full disk leaves the project as it was; one killed half-way is
    /// finished by the next command (`intent.rs`).
    pub fn save_edit(&mut self, edit: ClaimEdit<'_>) -> Result<()> {
        self.ensure_writable()?;
        let ClaimEdit {
            create,
            save,
            delete,
            mut changes,
        } = edit;
        let saved = match save {
            Some(claim) => {
                let path = self.claim_path(claim.id);
                if fs::symlink_metadata(&path).is_ok() {
                    read_claim_file(&self.root, &path).map_err(|p| {
                        user_error(format!(
                            "{p}; not overwritten: repair or remove the file first"
                        ))
                    })?;
                }
                claim.updated = claim::now();
                // Command-line values (--explanation, FACTDESK_USER, ...) are stored safe too.
                claim.sanitize();
                Some((path, claim_toml(claim)?))
            }
            None => None,
        };
        // Every new file is checked before anything is logged or written.
        let created_toml = create
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.sanitize();
                claim_toml(&c)
            })
            .collect::<Result<Vec<_>>>()?;
        let creations = create.iter().map(|c| {
            Change::new("claim.create")
                .claim(c.id)
                .article(&c.article)
                .to_value(c.text.clone())
        });
        changes.splice(0..0, creations);
        let mut ops: Vec<FileOp> = create
            .iter()
            .zip(created_toml)
            .map(|(c, toml)| FileOp::Create(self.claim_path(c.id), toml))
            .collect();
        ops.extend(saved.map(|(path, toml)| FileOp::Replace(path, toml)));
        ops.extend(delete.map(|id| FileOp::Remove(self.claim_path(id))));
        let changes = self.signed(&changes);
        intent::commit(&self.root, &changes, &ops)
    }

    pub fn history(&self, claim: u32) -> Result<Vec<Change>> {
        changelog::history(&self.root, claim)
    }

    /// Claims grouped by article id, in id order.
    pub fn claims_by_article(&self) -> Result<BTreeMap<String, Vec<Claim>>> {
        let mut map: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
        for c in self.load_claims()?.claims {
            map.entry(c.article.clone()).or_default().push(c);
        }
        Ok(map)
    }
}

/// Repairs a crash can leave, done by whoever takes the lock next: an interrupted article
/// import is taken back, and temporary files of killed writes are removed.
fn repair_after_crash(root: &Path) -> Result<Vec<String>> {
    let mut notices: Vec<String> = intent::recover(root)?.into_iter().collect();
    notices.extend(journal::recover(root)?);
    journal::remove_leftovers(root);
    fsx::remove_stale_temps(&root.join(CLAIMS_DIR), fsx::STALE_TEMP);
    for dir in journal::article_folders(root) {
        fsx::remove_stale_temps(&dir, fsx::STALE_TEMP);
    }
    Ok(notices)
}

/// Writes an article folder (the metadata last: a folder without it is an interrupted
/// import) and its claims without waiting for the disk, then flushes them all at once: the
/// import's marker (see [`journal`]) makes the whole either stay or be taken back.
fn write_import(
    root: &Path,
    dir: &Path,
    original_ext: &str,
    original: &[u8],
    article: &Article,
    claims: &[Claim],
) -> Result<()> {
    use factdesk_index::store::staged::StagedWrites;
    let staged_error = |e: factdesk_index::store::StoreError| user_error(e.to_string());
    let (text, meta) = (&article.text, &article.meta);
    fs::create_dir_all(dir).map_err(|e| fsx::io_error(dir, "cannot create", &e))?;
    let mut files = StagedWrites::new(dir);
    let ext = sanitize_ext(original_ext);
    let original_path = dir.join(format!("{}.{ext}", article::ORIGINAL_STEM));
    files
        .write(&original_path, original)
        .map_err(staged_error)?;
    files
        .write(&dir.join(article::TEXT_FILE), text.as_bytes())
        .map_err(staged_error)?;
    let mut meta = meta.clone();
    meta.sanitize();
    let meta_toml = toml::to_string_pretty(&meta).expect("article meta serialises");
    files
        .write(&dir.join(article::META_FILE), meta_toml.as_bytes())
        .map_err(staged_error)?;
    let claims_dir = root.join(CLAIMS_DIR);
    let mut claim_files = StagedWrites::new(&claims_dir);
    for c in claims {
        crate::interrupt::check()?;
        let path = claims_dir.join(Claim::file_name(c.id));
        if fs::symlink_metadata(&path).is_ok() {
            return Err(user_error(format!(
                "{}: already exists; not overwritten",
                fsx::shown(&path)
            )));
        }
        claim_files
            .write(&path, claim_toml(c)?.as_bytes())
            .map_err(staged_error)?;
    }
    files.sync().map_err(staged_error)?;
    claim_files.sync().map_err(staged_error)?;
    fsx::sync_dir(&root.join(ARTICLES_DIR))
}

fn sanitize_ext(ext: &str) -> String {
    // Inner dots stay (`warc.gz`); the name never starts or ends with one.
    let e: String = ext
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .take(12)
        .collect::<String>()
        .trim_matches('.')
        .to_ascii_lowercase();
    if e.is_empty() {
        "txt".into()
    } else {
        e
    }
}

fn display_name(name: &str) -> &str {
    if name.is_empty() {
        "article"
    } else {
        name
    }
}

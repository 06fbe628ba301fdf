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
pub mod lock;
pub mod manifest;
pub mod scale;

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::error::user_error;
use crate::fsx;
use article::{Article, ArticleMeta};
use changelog::Change;
use claim::Claim;
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
}

/// Claims as loaded, plus one message per claim file that could not be read.
#[derive(Debug, Default)]
pub struct ClaimSet {
    pub claims: Vec<Claim>,
    pub problems: Vec<String>,
    /// Ids whose files exist but are broken: never reused, never overwritten.
    pub broken_ids: Vec<u32>,
}

impl Project {
    /// Create a new project in `dir` (created if missing; must not hold a project yet).
    pub fn init(dir: &Path, manifest: &Manifest) -> Result<()> {
        if dir.join(MANIFEST_FILE).exists() {
            return Err(user_error(format!(
                "{}: a project already exists here",
                dir.join(MANIFEST_FILE).display()
            )));
        }
        manifest.scale().map_err(user_error)?;
        for sub in [ARTICLES_DIR, CLAIMS_DIR, SOURCES_DIR] {
            fs::create_dir_all(dir.join(sub))
                .with_context(|| format!("{}: cannot create", dir.join(sub).display()))
                .map_err(|e| user_error(crate::error::one_line(&e)))?;
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
            .with_context(|| format!("{}: no such directory", start.display()))
            .map_err(|e| user_error(crate::error::one_line(&e)))?;
        for dir in start.ancestors() {
            if dir.join(MANIFEST_FILE).is_file() {
                return Ok(dir.to_path_buf());
            }
        }
        Err(user_error(format!(
            "{}: not inside a factdesk project (no {MANIFEST_FILE} here or above); use --project DIR or `factdesk init DIR`",
            start.display()
        )))
    }

    pub fn open(root: &Path, access: Access) -> Result<Project> {
        let path = root.join(MANIFEST_FILE);
        let text = fs::read_to_string(&path).map_err(|e| {
            user_error(match e.kind() {
                ErrorKind::NotFound => format!("{}: no project manifest here", path.display()),
                ErrorKind::InvalidData => format!("{}: not UTF-8 text", path.display()),
                _ => format!("{}: {e}", path.display()),
            })
        })?;
        let manifest =
            Manifest::parse(&text).map_err(|m| user_error(format!("{}: {m}", path.display())))?;
        let scale = manifest
            .scale()
            .map_err(|m| user_error(format!("{}: {m}", path.display())))?;
        let lock = match access {
            Access::Write => Some(ProjectLock::acquire(root)?),
            Access::ReadOnly => None,
        };
        Ok(Project {
            root: root.to_path_buf(),
            manifest,
            scale,
            lock,
        })
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
                self.root.display()
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
        let dir = self.root.join(ARTICLES_DIR);
        let mut metas = Vec::new();
        let mut problems = Vec::new();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok((metas, problems)),
            Err(e) => return Err(e).with_context(|| format!("{}: cannot list", dir.display())),
        };
        for entry in entries.flatten() {
            let path = entry.path().join(article::META_FILE);
            if !entry.path().is_dir() {
                continue;
            }
            match read_toml::<ArticleMeta>(&path) {
                Ok(m) => metas.push(m),
                Err(msg) => problems.push(msg),
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
        let meta = read_toml::<ArticleMeta>(&dir.join(article::META_FILE)).map_err(user_error)?;
        let text_path = dir.join(article::TEXT_FILE);
        let text = fs::read_to_string(&text_path)
            .map_err(|e| user_error(format!("{}: {e}", text_path.display())))?;
        Ok(Article { meta, text })
    }

    /// Store a new article. `text` must already be sanitised; it is normalised here.
    pub fn add_article(
        &mut self,
        original_ext: &str,
        original: &[u8],
        text: &str,
        mut meta: ArticleMeta,
    ) -> Result<Article> {
        self.ensure_writable()?;
        let text = article::normalise(text);
        if text.is_empty() {
            return Err(user_error(format!(
                "{}: the article has no text",
                display_name(&meta.original_file)
            )));
        }
        meta.id = article::article_id(&text);
        let dir = self.root.join(ARTICLES_DIR).join(&meta.id);
        if dir.join(article::META_FILE).exists() {
            return Err(user_error(format!(
                "{}: already imported as article {}",
                display_name(&meta.original_file),
                meta.id
            )));
        }
        meta.imported = claim::format_time(&claim::now());
        fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
        let ext = sanitize_ext(original_ext);
        fsx::write_atomic(
            &dir.join(format!("{}.{ext}", article::ORIGINAL_STEM)),
            original,
        )?;
        fsx::write_atomic(&dir.join(article::TEXT_FILE), text.as_bytes())?;
        // The metadata goes last: an article folder without it is an interrupted import.
        let meta_toml = toml::to_string_pretty(&meta).expect("article meta serialises");
        fsx::write_atomic(&dir.join(article::META_FILE), meta_toml.as_bytes())?;
        fsx::sync_dir(&self.root.join(ARTICLES_DIR))?;
        changelog::append(
            &self.root,
            &[Change::new("article.add")
                .article(&meta.id)
                .to_value(meta.title.clone())],
        )?;
        Ok(Article { meta, text })
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
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(set),
            Err(e) => return Err(e).with_context(|| format!("{}: cannot list", dir.display())),
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
                set.problems.push(format!(
                    "{}: not a claim file name (NNNN.toml)",
                    path.display()
                ));
                continue;
            };
            match read_claim_file(&path) {
                Ok(c) if c.id == file_id => set.claims.push(c),
                Ok(c) => {
                    set.problems.push(format!(
                        "{}: holds claim id {} but its name says {file_id}",
                        path.display(),
                        c.id
                    ));
                    set.broken_ids.push(file_id);
                }
                Err(msg) => {
                    set.problems.push(msg);
                    set.broken_ids.push(file_id);
                }
            }
        }
        set.claims.sort_by_key(|c| c.id);
        Ok(set)
    }

    pub fn claim(&self, id: u32) -> Result<Claim> {
        let path = self.claim_path(id);
        if !path.exists() {
            return Err(user_error(format!("no claim {id} in this project")));
        }
        read_claim_file(&path).map_err(user_error)
    }

    pub fn next_claim_id(&self) -> Result<u32> {
        let set = self.load_claims()?;
        let max = set
            .claims
            .iter()
            .map(|c| c.id)
            .chain(set.broken_ids.iter().copied())
            .max()
            .unwrap_or(0);
        Ok(max + 1)
    }

    /// Write a new claim (its id must be unused) and log its creation.
    pub fn create_claim(&mut self, claim: &Claim) -> Result<()> {
        self.create_claims(std::slice::from_ref(claim))
    }

    pub fn create_claims(&mut self, claims: &[Claim]) -> Result<()> {
        self.ensure_writable()?;
        let mut changes = Vec::with_capacity(claims.len());
        for c in claims {
            fsx::create_atomic(&self.claim_path(c.id), c.to_toml().as_bytes())?;
            changes.push(
                Change::new("claim.create")
                    .claim(c.id)
                    .article(&c.article)
                    .to_value(c.text.clone()),
            );
        }
        fsx::sync_dir(&self.root.join(CLAIMS_DIR))?;
        changelog::append(&self.root, &changes)
    }

    /// Save an edited claim, logging `changes`. Refuses to replace a claim file that is broken
    /// on disk (someone edited it by hand): that file is the user's to repair.
    pub fn save_claim(&mut self, claim: &mut Claim, changes: Vec<Change>) -> Result<()> {
        self.ensure_writable()?;
        let path = self.claim_path(claim.id);
        if path.exists() {
            read_claim_file(&path).map_err(|m| {
                user_error(format!(
                    "{m}; not overwritten: repair or remove the file first"
                ))
            })?;
        }
        claim.updated = claim::now();
        fsx::write_atomic(&path, claim.to_toml().as_bytes())?;
        changelog::append(&self.root, &changes)
    }

    pub fn delete_claim(&mut self, id: u32) -> Result<Claim> {
        self.ensure_writable()?;
        let old = self.claim(id)?;
        let path = self.claim_path(id);
        fs::remove_file(&path).with_context(|| format!("{}: cannot remove", path.display()))?;
        fsx::sync_dir(&self.root.join(CLAIMS_DIR))?;
        changelog::append(
            &self.root,
            &[Change::new("claim.delete")
                .claim(id)
                .from_to(old.text.clone(), "")],
        )?;
        Ok(old)
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

fn read_claim_file(path: &Path) -> Result<Claim, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
    Claim::parse(text).map_err(|m| format!("{}: {m}", path.display()))
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text)
        .map_err(|e| format!("{}: {}", path.display(), manifest::toml_error(&e, &text)))
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

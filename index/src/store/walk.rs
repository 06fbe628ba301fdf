//! Finding the files to import under the paths a user gave.

use std::fs;
use std::path::{Path, PathBuf};

/// A file to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    /// Path relative to the imported folder, with the folder's own name in front.
    pub relative: String,
}

/// Walks `paths` (files and folders, folders recursively and without recursion on the call
/// stack). Skips hidden files and folders inside folders, the store's own folder,
/// non-regular files (FIFOs would block a read forever), symlinked folders, and symlinked
/// files that point outside the folder being imported. Paths that cannot be imported at all
/// go to `failed`.
pub fn collect(
    paths: &[PathBuf],
    store_dir: &Path,
    failed: &mut Vec<(PathBuf, String)>,
) -> Vec<Candidate> {
    let store_canon = fs::canonicalize(store_dir).unwrap_or_else(|_| store_dir.to_owned());
    let mut out = Vec::new();
    for given in paths {
        let name = given
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| given.to_string_lossy().into_owned());
        let canon = match fs::canonicalize(given) {
            Ok(c) => c,
            Err(e) => {
                failed.push((given.clone(), reason_for(&e)));
                continue;
            }
        };
        if canon.starts_with(&store_canon) {
            failed.push((
                given.clone(),
                "is inside the project's sources folder".to_owned(),
            ));
            continue;
        }
        // An explicitly named path is followed even if it is a symlink: the user chose it.
        let meta = match fs::metadata(given) {
            Ok(m) => m,
            Err(e) => {
                failed.push((given.clone(), reason_for(&e)));
                continue;
            }
        };
        if meta.is_file() {
            out.push(Candidate {
                path: given.clone(),
                relative: name,
            });
        } else if meta.is_dir() {
            walk_dir(given, &canon, &name, &store_canon, &mut out, failed);
        } else {
            let why = crate::bounded::not_regular(&meta.file_type()).unwrap_or_default();
            failed.push((given.clone(), why));
        }
    }
    out
}

fn walk_dir(
    root: &Path,
    root_canon: &Path,
    root_name: &str,
    store_canon: &Path,
    out: &mut Vec<Candidate>,
    failed: &mut Vec<(PathBuf, String)>,
) {
    let mut stack = vec![(root.to_owned(), root_name.to_owned())];
    let mut found = Vec::new();
    while let Some((dir, rel)) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                failed.push((dir.clone(), reason_for(&e)));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let rel = format!("{rel}/{name}");
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                let is_store = fs::canonicalize(&path).is_ok_and(|c| c.starts_with(store_canon));
                if !is_store {
                    stack.push((path, rel));
                }
            } else if ft.is_file() {
                found.push(Candidate {
                    path,
                    relative: rel,
                });
            } else if ft.is_symlink() {
                // Symlinked folders are skipped: inside the root they are walked anyway,
                // outside it they must not be followed (and they could form cycles).
                let Ok(target) = fs::canonicalize(&path) else {
                    continue;
                };
                if target.starts_with(root_canon)
                    && !target.starts_with(store_canon)
                    && target.is_file()
                {
                    found.push(Candidate {
                        path,
                        relative: rel,
                    });
                }
            }
        }
    }
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    out.extend(found);
}

/// Turns an I/O error into words.
pub fn reason_for(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found (moved or deleted?)".to_owned(),
        _ => crate::bounded::io_reason(e),
    }
}

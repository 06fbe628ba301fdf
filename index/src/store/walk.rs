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

/// What the walk found besides the files: paths that cannot be imported at all (`failed`),
/// and entries of a folder it left out on purpose, each with the reason (`left_out`).
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<Candidate>,
    pub failed: Vec<(PathBuf, String)>,
    pub left_out: Vec<(PathBuf, String)>,
}

/// Walks `paths` (files and folders, folders recursively and without recursion on the call
/// stack). Leaves out, and says so: non-regular files (FIFOs would block a read for ever),
/// symlinked folders, symlinks to special files, broken symlinks and symlink loops, and
/// symlinked files that point outside the folder being imported. Hidden files and folders
/// inside folders and the store's own folder are skipped without a word (a `.git` folder
/// is no news). A named path that is not a file or folder is a failure.
pub fn collect(paths: &[PathBuf], store_dir: &Path) -> Walked {
    let store_canon = fs::canonicalize(store_dir).unwrap_or_else(|_| store_dir.to_owned());
    let mut out = Walked::default();
    for given in paths {
        match named_path(given, &store_canon) {
            Err(why) => out.failed.push((given.clone(), why)),
            Ok((canon, true)) => {
                let name = given
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| given.to_string_lossy().into_owned());
                walk_dir(given, &canon, &name, &store_canon, &mut out);
            }
            Ok((_, false)) => out.files.push(Candidate {
                path: given.clone(),
                relative: given
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| given.to_string_lossy().into_owned()),
            }),
        }
    }
    out
}

/// A path the user named: followed even if it is a symlink (the user chose it). Its
/// resolved form and whether it is a folder, or why it cannot be imported.
fn named_path(given: &Path, store_canon: &Path) -> Result<(PathBuf, bool), String> {
    // The type first: /dev/stdin on a pipe is a link to "pipe:[…]", which no path resolves
    // to, and "not found" would be wrong.
    let meta = fs::metadata(given).map_err(|e| match fs::symlink_metadata(given) {
        Ok(_) => symlink_reason(&e),
        Err(_) => reason_for(&e),
    })?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(named_special(&meta.file_type()));
    }
    let canon = fs::canonicalize(given).map_err(|e| reason_for(&e))?;
    if canon.starts_with(store_canon) {
        return Err("is inside the project's sources folder".to_owned());
    }
    Ok((canon, meta.is_dir()))
}

/// Why a named special file is refused, and what to do instead.
fn named_special(ft: &fs::FileType) -> String {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        return "is a pipe (FIFO), not a file: factdesk imports only regular files (save the text to \
                a file and add that)"
            .to_owned();
    }
    crate::bounded::not_regular(ft).unwrap_or_default()
}

fn walk_dir(root: &Path, root_canon: &Path, root_name: &str, store_canon: &Path, out: &mut Walked) {
    let mut stack = vec![(root.to_owned(), root_name.to_owned())];
    let mut found = Vec::new();
    while let Some((dir, rel)) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                out.failed.push((dir.clone(), reason_for(&e)));
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
            let ft = match entry.file_type() {
                Ok(ft) => ft,
                Err(e) => {
                    out.left_out.push((path, reason_for(&e)));
                    continue;
                }
            };
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
                match symlink_in_folder(&path, root_canon, store_canon) {
                    Ok(()) => found.push(Candidate {
                        path,
                        relative: rel,
                    }),
                    Err(Some(why)) => out.left_out.push((path, why)),
                    Err(None) => {}
                }
            } else {
                let why = crate::bounded::not_regular(&ft).unwrap_or_default();
                out.left_out.push((path, why));
            }
        }
    }
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    out.left_out.sort();
    out.files.extend(found);
}

/// A symlink inside a folder is imported when it leads to a regular file inside that folder.
/// Otherwise why not, or `None` for a symlink to a folder inside it (walked anyway).
fn symlink_in_folder(
    path: &Path,
    root_canon: &Path,
    store_canon: &Path,
) -> Result<(), Option<String>> {
    let target = fs::canonicalize(path).map_err(|e| Some(symlink_reason(&e)))?;
    let meta = fs::metadata(&target).map_err(|e| Some(symlink_reason(&e)))?;
    let inside = target.starts_with(root_canon) && !target.starts_with(store_canon);
    if meta.is_dir() {
        // Outside the folder it must not be followed; inside, it is walked anyway (and
        // following it could form a cycle).
        return if inside {
            Err(None)
        } else {
            Err(Some(
                "a symlink to a folder outside the one imported (not followed)".to_owned(),
            ))
        };
    }
    if !meta.is_file() {
        let what = crate::bounded::not_regular(&meta.file_type()).unwrap_or_default();
        return Err(Some(format!("a symlink to a special file ({what})")));
    }
    if !inside {
        return Err(Some(
            "a symlink to a file outside the folder imported (not followed)".to_owned(),
        ));
    }
    Ok(())
}

/// Why a symlink cannot be followed.
fn symlink_reason(e: &std::io::Error) -> String {
    if e.raw_os_error() == Some(libc::ELOOP) {
        "a symlink loop (it leads back to itself)".to_owned()
    } else if e.kind() == std::io::ErrorKind::NotFound {
        "a broken symlink (what it points to does not exist)".to_owned()
    } else {
        reason_for(e)
    }
}

/// Turns an I/O error into words.
pub fn reason_for(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found (moved or deleted?)".to_owned(),
        _ => crate::bounded::read_reason(e),
    }
}

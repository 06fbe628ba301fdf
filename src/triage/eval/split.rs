//! Fixed parts of a data set (`bench/splits/*.txt`): a list of ids, one a line, `#` starting
//! a comment. ClaimBuster rows are named by `sentence_id`, GermEval rows by `comment_id`,
//! CheckThat! rows by their debate's `file_name` (whole debates only).

use std::collections::HashSet;
use std::path::Path;

use anyhow::{anyhow, bail, Context};

use super::load::{Example, Format};

/// The ids listed in a split file.
pub fn read_ids(path: &Path) -> anyhow::Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let ids: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if ids.is_empty() {
        bail!("{}: no ids (one a line)", path.display());
    }
    Ok(ids)
}

/// What a split names a row by.
pub fn split_key(example: &Example, format: Format) -> Option<&str> {
    match format {
        Format::Ct19 => example.group.as_deref(),
        Format::ClaimBuster | Format::GermEval => example.id.as_deref(),
    }
}

/// The examples of `data` (read from `data_path`) whose id is listed in `ids_path`, in
/// file order. Every listed id must occur: a split file meant for another data set is an
/// error, not an empty part.
pub fn select(
    data: Vec<Example>,
    format: Format,
    data_path: &Path,
    ids_path: &Path,
) -> anyhow::Result<Vec<Example>> {
    let ids = read_ids(ids_path)?;
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let present: HashSet<&str> = data.iter().filter_map(|e| split_key(e, format)).collect();
    if present.is_empty() {
        bail!(
            "{}: rows carry no {} to select them by",
            data_path.display(),
            key_name(format)
        );
    }
    let missing: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|i| !present.contains(i))
        .collect();
    if let Some(first) = missing.first() {
        return Err(anyhow!(
            "{}: {} of its ids are not in {} (first: {first:?}); is it a split of another file?",
            ids_path.display(),
            missing.len(),
            data_path.display()
        ));
    }
    Ok(data
        .into_iter()
        .filter(|e| split_key(e, format).is_some_and(|k| wanted.contains(k)))
        .collect())
}

fn key_name(format: Format) -> &'static str {
    match format {
        Format::ClaimBuster => "sentence_id",
        Format::GermEval => "comment_id",
        Format::Ct19 => "file_name",
    }
}

//! The merge driver for metadata files (`articles/*/article.toml`, `sources/*.toml`). Their
//! contents are named by hash, so two sides meet here only when both imported the same file
//! (different import times and origins) or both corrected its metadata.

use toml::Table;

use super::table::{Later, Merger, Policy};

fn meta_policy(path: &str) -> Policy {
    match path {
        // Imported on both sides: the first import is the one that counts.
        "imported" | "imported_at" => Policy::Min,
        // Where each machine imported it from: a hash of a local path, which says nothing to
        // the other machine.
        "origin" => Policy::Later,
        _ => Policy::Ours,
    }
}

/// The merged text, and the keys where this machine's value replaced the other side's.
pub fn merge_meta(base: &str, ours: &str, theirs: &str) -> Result<(String, Vec<String>), String> {
    let parse = |text: &str, side: &str| -> Result<Table, String> {
        if text.trim().is_empty() {
            return Ok(Table::new());
        }
        toml::from_str(text).map_err(|e| format!("{side} version does not parse: {}", e.message()))
    };
    let b = parse(base, "the common")?;
    let o = parse(ours, "this machine's")?;
    let t = parse(theirs, "the incoming")?;
    let merger = Merger {
        policy: &meta_policy,
        later: Later::Ours,
    };
    let merged = merger.merge(&b, &o, &t);
    let text = toml::to_string_pretty(&merged.table).map_err(|e| e.to_string())?;
    Ok((text, merged.kept_ours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_source_imported_twice_merges_to_the_first_import() {
        let ours = "id = \"ab\"\nimported_at = \"2026-11-28T10:00:00Z\"\norigin = \"path-sha256:1\"\ntitle = \"T\"\n";
        let theirs = "id = \"ab\"\nimported_at = \"2026-11-27T10:00:00Z\"\norigin = \"path-sha256:2\"\ntitle = \"T\"\n";
        let (text, kept) = merge_meta("", ours, theirs).unwrap();
        assert!(text.contains("2026-11-27T10:00:00Z"), "{text}");
        assert!(kept.is_empty());
        let (_, kept) = merge_meta(
            ours,
            &ours.replace("\"T\"", "\"A\""),
            &ours.replace("\"T\"", "\"B\""),
        )
        .unwrap();
        assert_eq!(kept, ["title"]);
    }
}

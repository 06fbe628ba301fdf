//! The merge driver for `claims/NNNN.toml`: a three-way merge per field. Edits of different
//! fields merge cleanly; a field both sides changed differently keeps this machine's value
//! and records both in the claim's `conflicts` (never git markers).

use toml::{Table, Value};

use super::table::{FieldConflict, Later, Merger, Policy};
use crate::project::claim::Claim;
use crate::project::team::Conflict;

/// What merging two versions of a claim file gave.
#[derive(Debug, PartialEq)]
pub enum ClaimMerge {
    /// The merged file's text.
    Merged(String),
    /// Both sides created a claim under this number, but not the same claim: the desk's
    /// keeps the number, this machine's needs a new one.
    Separate,
}

/// How each field settles when both sides changed it. Content a person wrote is a conflict;
/// bookkeeping follows the side that changed last; lists of records are merged as sets.
fn claim_policy(path: &str) -> Policy {
    match path {
        "created" => Policy::Min,
        "updated" => Policy::Max,
        "score"
        | "verdict.author"
        | "verdict.reviewer"
        | "verdict.approved"
        | "verdict.approved_hash"
        | "verdict.review_comment" => Policy::Later,
        "verdict.evidence" | "verdict.corrections" | "verdict.published" | "conflicts" => {
            Policy::Set
        }
        _ => Policy::Conflict,
    }
}

fn parse(text: &str, side: &str) -> Result<Table, String> {
    // Checked as a claim too, so a broken side is refused here rather than merged into one.
    Claim::parse(text).map_err(|m| format!("{side} version does not parse: {m}"))?;
    toml::from_str(text).map_err(|e| format!("{side} version does not parse: {}", e.message()))
}

fn same_claim(a: &Table, b: &Table) -> bool {
    a.get("article") == b.get("article") && a.get("span") == b.get("span")
}

fn updated(t: &Table) -> &str {
    t.get("updated").and_then(Value::as_str).unwrap_or("")
}

fn recorded(c: FieldConflict) -> Conflict {
    // A field missing on one side is one written empty (empty strings are not stored).
    let value = |v: Option<Value>| v.unwrap_or_else(|| Value::String(String::new()));
    Conflict {
        field: c.path,
        base: c.base,
        values: vec![value(c.ours), value(c.theirs)],
    }
}

/// Merge `ours` (this machine) and `theirs` (incoming) from `base` (empty when both added
/// the file).
pub fn merge_claim(base: &str, ours: &str, theirs: &str) -> Result<ClaimMerge, String> {
    let o = parse(ours, "this machine's")?;
    let t = parse(theirs, "the incoming")?;
    let b = if base.trim().is_empty() {
        if !same_claim(&o, &t) {
            return Ok(ClaimMerge::Separate);
        }
        Table::new()
    } else {
        toml::from_str(base)
            .map_err(|e| format!("common version does not parse: {}", e.message()))?
    };
    let later = if updated(&t) > updated(&o) {
        Later::Theirs
    } else {
        Later::Ours
    };
    let merger = Merger {
        policy: &claim_policy,
        later,
    };
    let mut merged = merger.merge(&b, &o, &t);
    if !merged.conflicts.is_empty() {
        let mut list: Vec<Value> = match merged.table.remove("conflicts") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        for c in merged.conflicts.drain(..) {
            let v = Value::try_from(recorded(c)).map_err(|e| e.to_string())?;
            if !list.contains(&v) {
                list.push(v);
            }
        }
        merged.table.insert("conflicts".into(), Value::Array(list));
    }
    let text = toml::to_string(&merged.table).map_err(|e| e.to_string())?;
    let claim = Claim::parse(&text).map_err(|m| format!("the merged claim is not valid: {m}"))?;
    Ok(ClaimMerge::Merged(claim.to_toml()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"id = 4
article = "abcd1234"
span = [0, 10]
text = "Zehn Worte"
triage = "kept"
created = "2026-11-27T09:00:00Z"
updated = "2026-11-27T09:00:00Z"

[verdict]
rating = ""
status = "open"
explanation = ""
notes = ""
reviewer = ""
evidence = []
"#;

    fn edit(from: &str, pairs: &[(&str, &str)]) -> String {
        pairs
            .iter()
            .fold(from.to_string(), |s, (a, b)| s.replacen(a, b, 1))
    }

    fn merged(base: &str, ours: &str, theirs: &str) -> Claim {
        match merge_claim(base, ours, theirs).unwrap() {
            ClaimMerge::Merged(text) => Claim::parse(&text).unwrap(),
            ClaimMerge::Separate => panic!("not merged"),
        }
    }

    #[test]
    fn different_fields_merge_and_bookkeeping_follows_time() {
        let ours = edit(
            BASE,
            &[
                ("rating = \"\"", "rating = \"Falsch\""),
                ("09:00:00Z\"\n\n", "09:05:00Z\"\n\n"),
            ],
        );
        let theirs = edit(
            BASE,
            &[
                ("notes = \"\"", "notes = \"Quelle prüfen\""),
                ("09:00:00Z\"\n\n", "09:07:00Z\"\n\n"),
            ],
        );
        let c = merged(BASE, &ours, &theirs);
        assert_eq!(c.verdict.rating, "Falsch");
        assert_eq!(c.verdict.notes, "Quelle prüfen");
        assert!(c.conflicts.is_empty());
        assert_eq!(
            crate::project::claim::format_time(&c.updated),
            "2026-11-27T09:07:00Z"
        );
    }

    #[test]
    fn same_field_keeps_both_values() {
        let ours = edit(BASE, &[("rating = \"\"", "rating = \"Falsch\"")]);
        let theirs = edit(BASE, &[("rating = \"\"", "rating = \"Richtig\"")]);
        let c = merged(BASE, &ours, &theirs);
        assert_eq!(c.verdict.rating, "Falsch");
        assert_eq!(c.conflicts.len(), 1);
        assert_eq!(c.conflicts[0].field, "verdict.rating");
        assert_eq!(
            c.conflicts[0].values,
            vec![
                Value::String("Falsch".into()),
                Value::String("Richtig".into())
            ]
        );
        let text = c.to_toml();
        assert!(!text.contains("<<<<<<<"), "{text}");
    }

    #[test]
    fn two_new_claims_under_one_number_stay_apart() {
        let ours = edit(BASE, &[("span = [0, 10]", "span = [20, 30]")]);
        assert_eq!(merge_claim("", &ours, BASE).unwrap(), ClaimMerge::Separate);
        // The same sentence added on both sides is one claim.
        let c = merged("", BASE, BASE);
        assert!(c.conflicts.is_empty());
    }

    #[test]
    fn broken_side_is_refused_by_name() {
        let err = merge_claim(BASE, BASE, "id = 4\n<<<<<<< HEAD\n").unwrap_err();
        assert!(err.contains("incoming"), "{err}");
    }
}

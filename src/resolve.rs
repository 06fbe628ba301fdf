//! Settling a field that two people changed at once: a sync keeps both values in the claim
//! ([`crate::project::team::Conflict`]); `factdesk claim resolve` and the workstation pick one
//! or combine them here.

use anyhow::Result;

use crate::error::user_error;
use crate::project::changelog::Change;
use crate::project::claim::{Claim, Status};
use crate::project::team::Conflict;
use crate::project::Project;
use crate::{review, user_bail};

/// How to settle a conflicted field.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The n-th value (1-based, as `claim show` lists them).
    Pick(usize),
    /// A value written by hand (text fields take it as it is; others as a TOML value).
    Value(String),
    /// Every value of a text field, joined by a blank line.
    Both,
}

/// Short field names users type, and the claim file's paths they stand for.
const ALIASES: &[(&str, &str)] = &[
    ("rating", "verdict.rating"),
    ("explanation", "verdict.explanation"),
    ("status", "verdict.status"),
    ("notes", "verdict.notes"),
];

fn full_field(name: &str) -> String {
    let name = name.trim();
    ALIASES
        .iter()
        .find(|(short, _)| *short == name)
        .map_or(name.to_string(), |(_, full)| full.to_string())
}

/// The distinct values recorded for `field`, in the order first recorded.
pub fn values_of(c: &Claim, field: &str) -> Vec<toml::Value> {
    let mut out: Vec<toml::Value> = Vec::new();
    for k in c.conflicts.iter().filter(|k| k.field == field) {
        for v in &k.values {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
    }
    out
}

/// The conflicted fields of a claim, each once, in file order.
pub fn fields(c: &Claim) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in &c.conflicts {
        if !out.contains(&k.field) {
            out.push(k.field.clone());
        }
    }
    out
}

fn pick_field(c: &Claim, field: Option<&str>) -> Result<String> {
    let all = fields(c);
    if all.is_empty() {
        user_bail!("claim {} has no sync conflict to resolve", c.id);
    }
    match field.map(full_field) {
        Some(f) if all.contains(&f) => Ok(f),
        Some(f) => user_bail!(
            "claim {}: no conflict in {f:?}; conflicts are in {}",
            c.id,
            all.join(", ")
        ),
        None if all.len() == 1 => Ok(all[0].clone()),
        None => user_bail!(
            "claim {} has conflicts in {}: name the field to resolve",
            c.id,
            all.join(", ")
        ),
    }
}

fn chosen_value(
    c: &Claim,
    field: &str,
    values: &[toml::Value],
    how: &Resolution,
) -> Result<toml::Value> {
    match how {
        Resolution::Pick(n) => values.get(n.wrapping_sub(1)).cloned().ok_or_else(|| {
            user_error(format!(
                "claim {}: {field} has {} values; pick one of 1..{}",
                c.id,
                values.len(),
                values.len()
            ))
        }),
        Resolution::Both => {
            if field == "verdict.rating" || field == "verdict.status" {
                user_bail!(
                    "claim {}: {field} holds one value; pick one or write it with --value",
                    c.id
                );
            }
            let texts: Option<Vec<&str>> = values.iter().map(|v| v.as_str()).collect();
            let Some(texts) = texts else {
                user_bail!(
                    "claim {}: {field} is not text; pick a value or write one",
                    c.id
                );
            };
            let parts: Vec<&str> = texts
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .collect();
            Ok(toml::Value::String(parts.join("\n\n")))
        }
        Resolution::Value(text) => {
            if values.iter().all(|v| v.is_str()) {
                return Ok(toml::Value::String(text.clone()));
            }
            let doc: toml::Table = toml::from_str(&format!("v = {text}")).map_err(|_| {
                user_error(format!(
                    "claim {}: {text:?} is not a value {field} can hold (as it looks: {})",
                    c.id,
                    Conflict::show(&values[0])
                ))
            })?;
            doc.get("v")
                .cloned()
                .ok_or_else(|| user_error(format!("claim {}: no value given", c.id)))
        }
    }
}

/// Set the field at `path` ("verdict.rating") of the claim to `value`, checking the result is
/// still a claim.
fn with_field(c: &Claim, path: &str, value: toml::Value) -> Result<Claim> {
    let mut table = toml::Table::try_from(c).map_err(|e| user_error(e.to_string()))?;
    let mut slot = &mut table;
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or(path);
    for p in parts {
        slot = slot
            .entry(p.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .ok_or_else(|| user_error(format!("claim {}: {path} is not a field", c.id)))?;
    }
    slot.insert(last.to_string(), value);
    let text = toml::to_string(&table).map_err(|e| user_error(e.to_string()))?;
    Claim::parse(&text).map_err(|m| user_error(format!("claim {}: {path}: {m}", c.id)))
}

/// Settle the conflict in `field` of claim `id` (the only one when `None`): the field takes
/// the chosen value and the conflict record goes. A rating must be on the scale; a published
/// verdict that changes needs `correction`, as any edit would.
pub fn resolve_conflict(
    project: &mut Project,
    id: u32,
    field: Option<&str>,
    how: Resolution,
    correction: Option<&str>,
) -> Result<Claim> {
    let before = project.claim(id)?;
    let field = pick_field(&before, field)?;
    let values = values_of(&before, &field);
    let mut value = chosen_value(&before, &field, &values, &how)?;
    if field == "verdict.rating" {
        let label = crate::edit::canonical_rating(project, value.as_str().unwrap_or(""))?;
        value = toml::Value::String(label);
    }
    let mut after = with_field(&before, &field, value.clone())?;
    after.conflicts.retain(|k| k.field != field);
    let mut changes = vec![Change::new("claim.resolve")
        .claim(id)
        .from_to(field.clone(), Conflict::show(&value))];
    changes.extend(review::settle_verdict_edit(
        project, &before, &mut after, correction,
    )?);
    project.save_claim(&mut after, changes)?;
    Ok(after)
}

/// Who set `value` in `field`, as far as the change log says: the newest entry that wrote it.
pub fn value_author(
    project: &Project,
    id: u32,
    field: &str,
    value: &toml::Value,
) -> Option<String> {
    let action = match field {
        "text" => "claim.text",
        "claimant" => "claim.claimant",
        "assignee" => "claim.assign",
        "triage" => "claim.triage",
        f if f.starts_with("verdict.") => f,
        _ => return None,
    };
    let shown = Conflict::show(value);
    // Statuses are logged in their human spelling ("in progress"), stored as "in-progress".
    let wanted = if field == "verdict.status" {
        Status::parse(&shown).map_or(shown, |s| s.as_str().to_string())
    } else {
        shown
    };
    let history = project.history(id).ok()?;
    history
        .iter()
        .rev()
        .find(|ch| ch.action == action && ch.to.as_deref() == Some(wanted.as_str()))
        .map(|ch| ch.user.clone())
}

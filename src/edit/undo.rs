//! Undo and redo of claim edits, field by field.
//!
//! An edit's undo step is the difference between the claims before and after it, as read from
//! disk by the one writer: which claims it created or removed, and for each claim it changed,
//! the old and new value of exactly the fields that changed. Undoing writes the old value back
//! to exactly those fields, and only where the field still holds the edit's value: a field
//! changed since (by another user, a `git pull`, a script) is left as it is and reported, and
//! every other field keeps what is on disk. Undoing is itself an edit, so its own difference
//! is the redo step.

use anyhow::Result;

use crate::project::changelog::Change;
use crate::project::claim::{Claim, Evidence, Status, Triage};
use crate::project::Project;

/// One field's value, as undo compares and restores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Span([usize; 2]),
    Triage(Triage),
    Status(Status),
    Evidence(Vec<Evidence>),
}

impl Value {
    /// For the change log: text as it is.
    fn raw(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            other => other.show(),
        }
    }

    /// For messages.
    fn show(&self) -> String {
        match self {
            Value::Text(t) if t.is_empty() => "(none)".into(),
            Value::Text(t) => t.clone(),
            Value::Span(s) => format!("{}:{}", s[0], s[1]),
            Value::Triage(t) => format!("{t:?}").to_lowercase(),
            Value::Status(s) => s.as_str().into(),
            Value::Evidence(e) => format!("{} evidence items", e.len()),
        }
    }
}

/// The fields an edit can change, by the names the change log uses.
pub const FIELDS: [&str; 10] = [
    "claim.text",
    "claim.span",
    "claim.triage",
    "claim.claimant",
    "verdict.rating",
    "verdict.status",
    "verdict.explanation",
    "verdict.notes",
    "verdict.reviewer",
    "verdict.evidence",
];

pub fn get(c: &Claim, field: &str) -> Option<Value> {
    let v = &c.verdict;
    Some(match field {
        "claim.text" => Value::Text(c.text.clone()),
        "claim.span" => Value::Span(c.span),
        "claim.triage" => Value::Triage(c.triage),
        "claim.claimant" => Value::Text(c.claimant.clone()),
        "verdict.rating" => Value::Text(v.rating.clone()),
        "verdict.status" => Value::Status(v.status),
        "verdict.explanation" => Value::Text(v.explanation.clone()),
        "verdict.notes" => Value::Text(v.notes.clone()),
        "verdict.reviewer" => Value::Text(v.reviewer.clone()),
        "verdict.evidence" => Value::Evidence(v.evidence.clone()),
        _ => return None,
    })
}

fn set(c: &mut Claim, field: &str, value: Value) {
    let v = &mut c.verdict;
    match (field, value) {
        ("claim.text", Value::Text(t)) => c.text = t,
        ("claim.span", Value::Span(s)) => c.span = s,
        ("claim.triage", Value::Triage(t)) => c.triage = t,
        ("claim.claimant", Value::Text(t)) => c.claimant = t,
        ("verdict.rating", Value::Text(t)) => v.rating = t,
        ("verdict.status", Value::Status(s)) => v.status = s,
        ("verdict.explanation", Value::Text(t)) => v.explanation = t,
        ("verdict.notes", Value::Text(t)) => v.notes = t,
        ("verdict.reviewer", Value::Text(t)) => v.reviewer = t,
        ("verdict.evidence", Value::Evidence(e)) => v.evidence = e,
        _ => {}
    }
}

/// A field an edit changed: its value before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: Value,
    pub after: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClaimChange {
    /// The edit created this claim: undo removes it.
    Created(Claim),
    /// The edit removed this claim: undo creates it again.
    Removed(Claim),
    Changed {
        id: u32,
        fields: Vec<FieldChange>,
    },
}

/// What one edit changed, enough to take it back.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Step {
    pub changes: Vec<ClaimChange>,
}

impl Step {
    /// The difference between the claims an edit touched before it and after it (by id).
    pub fn between(before: &[Claim], after: &[Claim]) -> Step {
        let mut changes = Vec::new();
        for b in before {
            match after.iter().find(|a| a.id == b.id) {
                Some(a) => {
                    let fields = diff(b, a);
                    if !fields.is_empty() {
                        changes.push(ClaimChange::Changed { id: b.id, fields });
                    }
                }
                None => changes.push(ClaimChange::Removed(b.clone())),
            }
        }
        for a in after {
            if !before.iter().any(|b| b.id == a.id) {
                changes.push(ClaimChange::Created(a.clone()));
            }
        }
        Step { changes }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The claims the step is about.
    pub fn ids(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .changes
            .iter()
            .map(|c| match c {
                ClaimChange::Created(c) | ClaimChange::Removed(c) => c.id,
                ClaimChange::Changed { id, .. } => *id,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// `next` done after this step, as one step: the first value before, the last after.
    /// (Autosaves of one editing session undo together.)
    pub fn merge(&mut self, next: Step) {
        for n in next.changes {
            let ClaimChange::Changed { id, fields } = n else {
                self.changes.push(n);
                continue;
            };
            let mine = self.changes.iter_mut().find_map(|c| match c {
                ClaimChange::Changed { id: i, fields } if *i == id => Some(fields),
                _ => None,
            });
            let Some(mine) = mine else {
                self.changes.push(ClaimChange::Changed { id, fields });
                continue;
            };
            for f in fields {
                match mine.iter_mut().find(|m| m.field == f.field) {
                    Some(m) => m.after = f.after,
                    None => mine.push(f),
                }
            }
            mine.retain(|m| m.before != m.after);
        }
        self.changes
            .retain(|c| !matches!(c, ClaimChange::Changed { fields, .. } if fields.is_empty()));
    }

    /// What the step changed, for the status bar ("rating of claim 9").
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .changes
            .iter()
            .map(|c| match c {
                ClaimChange::Created(c) => format!("new claim {}", c.id),
                ClaimChange::Removed(c) => format!("removal of claim {}", c.id),
                ClaimChange::Changed { id, fields } => {
                    let names: Vec<&str> = fields.iter().map(|f| short_name(f.field)).collect();
                    format!("{} of claim {id}", names.join(", "))
                }
            })
            .collect();
        parts.join("; ")
    }
}

fn short_name(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

/// The fields that differ between two versions of a claim.
pub fn diff(before: &Claim, after: &Claim) -> Vec<FieldChange> {
    FIELDS
        .iter()
        .filter_map(|f| {
            let (b, a) = (get(before, f)?, get(after, f)?);
            (b != a).then_some(FieldChange {
                field: f,
                before: b,
                after: a,
            })
        })
        .collect()
}

/// What applying an undo (or redo) did.
#[derive(Debug, Default)]
pub struct Applied {
    /// The claims written, as now on disk.
    pub claims: Vec<Claim>,
    pub removed: Vec<u32>,
    /// Fields left alone because they changed since the edit ("rating of claim 9: now X").
    pub skipped: Vec<String>,
    /// The step that takes this back again (redo after an undo).
    pub inverse: Step,
}

/// Take `step` back: the old values into exactly the fields it changed, where they still hold
/// its new values; claims it created removed, claims it removed created again.
pub fn apply(project: &mut Project, step: &Step) -> Result<Applied> {
    let mut out = Applied::default();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for change in &step.changes {
        match change {
            ClaimChange::Created(c) => {
                if let Ok(now) = project.claim(c.id) {
                    project.delete_claim(c.id)?;
                    out.removed.push(c.id);
                    before.push(now);
                }
            }
            ClaimChange::Removed(c) => {
                if project.claim(c.id).is_ok() {
                    out.skipped
                        .push(format!("claim {} exists again; not re-created", c.id));
                    continue;
                }
                project.create_claim(c)?;
                after.push(c.clone());
                out.claims.push(c.clone());
            }
            ClaimChange::Changed { id, fields } => {
                let now = project.claim(*id)?;
                let (c, logged) = revert(&now, fields, &mut out.skipped);
                if logged.is_empty() {
                    continue;
                }
                let mut c = c;
                project.save_claim(&mut c, logged)?;
                before.push(now);
                after.push(c.clone());
                out.claims.push(c);
            }
        }
    }
    out.inverse = Step::between(&before, &after);
    Ok(out)
}

/// `now` with `fields` reverted where they still hold the edit's values; the changes to log.
fn revert(now: &Claim, fields: &[FieldChange], skipped: &mut Vec<String>) -> (Claim, Vec<Change>) {
    let mut c = now.clone();
    let mut logged = Vec::new();
    for f in fields {
        let Some(current) = get(&c, f.field) else {
            continue;
        };
        let restored = match (&f.before, &f.after, &current) {
            (Value::Evidence(b), Value::Evidence(a), Value::Evidence(cur)) => {
                Value::Evidence(revert_evidence(b, a, cur))
            }
            _ if current == f.after => f.before.clone(),
            _ => {
                skipped.push(format!(
                    "{} of claim {} changed since (now {}); left as it is",
                    short_name(f.field),
                    now.id,
                    short(&current.show())
                ));
                continue;
            }
        };
        if restored == current {
            continue;
        }
        logged.push(
            Change::new(&format!("undo {}", f.field))
                .claim(now.id)
                .from_to(current.raw(), restored.raw()),
        );
        set(&mut c, f.field, restored);
    }
    (c, logged)
}

fn short(s: &str) -> String {
    crate::text::shorten(s, 40)
}

/// Evidence items are told apart by source, quote and range.
fn same_item(x: &Evidence, y: &Evidence) -> bool {
    x.source == y.source && x.quote == y.quote && x.range == y.range
}

/// The evidence list `cur` with the edit from `before` to `after` taken back: items it added
/// removed, items it removed put back where they were, stances and notes it changed restored
/// (where they still hold its values). Items others added or changed meanwhile stay.
fn revert_evidence(before: &[Evidence], after: &[Evidence], cur: &[Evidence]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = cur
        .iter()
        .filter(|e| {
            let added =
                after.iter().any(|a| same_item(a, e)) && !before.iter().any(|b| same_item(b, e));
            !added
        })
        .cloned()
        .collect();
    for e in out.iter_mut() {
        let (Some(b), Some(a)) = (
            before.iter().find(|b| same_item(b, e)),
            after.iter().find(|a| same_item(a, e)),
        ) else {
            continue;
        };
        if a != b && e == a {
            *e = b.clone();
        }
    }
    for (i, b) in before.iter().enumerate() {
        let removed = !after.iter().any(|a| same_item(a, b));
        if removed && !out.iter().any(|e| same_item(e, b)) {
            out.insert(i.min(out.len()), b.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::claim::Stance;

    fn ev(q: &str, stance: Stance) -> Evidence {
        Evidence {
            source: "s".into(),
            quote: q.into(),
            range: None,
            stance,
            note: String::new(),
            captured_at: None,
            unverified: false,
        }
    }

    #[test]
    fn evidence_undo_keeps_what_others_did_meanwhile() {
        let a = ev("a", Stance::Supports);
        let b = ev("b", Stance::Refutes);
        let c = ev("c", Stance::Context);
        // The edit added b; someone added c since: undo removes b only.
        assert_eq!(
            revert_evidence(
                std::slice::from_ref(&a),
                &[a.clone(), b.clone()],
                &[a.clone(), b.clone(), c.clone()]
            ),
            vec![a.clone(), c.clone()]
        );
        // The edit removed a (first); undo puts it back in front.
        assert_eq!(
            revert_evidence(
                &[a.clone(), b.clone()],
                std::slice::from_ref(&b),
                &[b.clone(), c.clone()]
            ),
            vec![a.clone(), b.clone(), c.clone()]
        );
        // The edit changed b's stance; undo restores it unless it changed again.
        let b2 = ev("b", Stance::Supports);
        assert_eq!(
            revert_evidence(
                std::slice::from_ref(&b),
                std::slice::from_ref(&b2),
                std::slice::from_ref(&b2)
            ),
            vec![b.clone()]
        );
        let b3 = ev("b", Stance::Context);
        assert_eq!(
            revert_evidence(
                std::slice::from_ref(&b),
                std::slice::from_ref(&b2),
                std::slice::from_ref(&b3)
            ),
            vec![b3]
        );
    }

    #[test]
    fn merged_steps_span_from_the_first_before_to_the_last_after() {
        let c = |e: &str| {
            let mut c = Claim::parse(
                "id = 1\narticle = \"a\"\nspan = [0, 1]\ntext = \"x\"\ncreated = \"2024-01-01T00:00:00Z\"\nupdated = \"2024-01-01T00:00:00Z\"\n",
            )
            .unwrap();
            c.verdict.explanation = e.into();
            c
        };
        let mut s = Step::between(&[c("")], &[c("ab")]);
        s.merge(Step::between(&[c("ab")], &[c("abc")]));
        let ClaimChange::Changed { fields, .. } = &s.changes[0] else {
            panic!("{s:?}")
        };
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].before, Value::Text(String::new()));
        assert_eq!(fields[0].after, Value::Text("abc".into()));
        // Typing back to where it started leaves nothing to undo.
        s.merge(Step::between(&[c("abc")], &[c("")]));
        assert!(s.is_empty(), "{s:?}");
    }
}

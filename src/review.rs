//! The desk's rules for signing off and publishing verdicts, in one place: the CLI
//! (`factdesk review ...`, `verdict set`), the workstation (through `edit`) and sync all call
//! these, so a rule holds however a claim is changed.
//!
//! - With `[review] two_person = true` only [`approve`] moves a claim to done, and only by
//!   someone who did not write its rating or explanation.
//! - An approval holds the [`verdict_hash`] of what was approved; a later change of rating or
//!   explanation voids it (and, with two-person review, sends the claim back to review).
//! - Once published, a change of rating or explanation needs a correction notice.

use std::collections::BTreeSet;

use anyhow::Result;

use crate::project::changelog::Change;
use crate::project::claim::{self, Claim, Status};
use crate::project::team::{verdict_hash, Correction, Publication};
use crate::project::Project;
use crate::user_bail;

/// Whether the project requires a second person's approval before done.
pub fn two_person(project: &Project) -> bool {
    project.manifest().review.two_person
}

/// The fingerprint of a claim's current rating and explanation.
pub fn current_hash(c: &Claim) -> String {
    verdict_hash(&c.verdict.rating, &c.verdict.explanation)
}

/// Approved, and nothing that was approved has changed since.
pub fn approval_valid(c: &Claim) -> bool {
    !c.verdict.approved_hash.is_empty() && c.verdict.approved_hash == current_hash(c)
}

/// Whether `user` should look at the claim: it waits for review and they did not write it.
/// (The workstation's "needs my review" filter; [`approve`] checks the full history.)
pub fn awaits_review_by(c: &Claim, user: &str) -> bool {
    c.verdict.status == Status::NeedsReview && c.verdict.author != user
}

/// A verdict that may leave the desk: done, rated, no unresolved sync conflict, and with
/// two-person review an approval that still holds.
pub fn is_final(two_person: bool, c: &Claim) -> bool {
    c.verdict.status == Status::Done
        && !c.verdict.rating.trim().is_empty()
        && c.conflicts.is_empty()
        && (!two_person || approval_valid(c))
}

/// Final, and not yet published as it is now.
pub fn publication_due(two_person: bool, c: &Claim) -> bool {
    is_final(two_person, c)
        && c.verdict.published.last().map(|p| p.hash.as_str()) != Some(current_hash(c).as_str())
}

fn void_approval(project: &Project, c: &mut Claim, why: &str) -> Vec<Change> {
    if c.verdict.approved_hash.is_empty() && c.verdict.reviewer.is_empty() {
        return Vec::new();
    }
    let mut changes = vec![Change::new("review.void")
        .claim(c.id)
        .from_to(c.verdict.reviewer.clone(), "")
        .note(why)];
    c.verdict.reviewer.clear();
    c.verdict.approved.clear();
    c.verdict.approved_hash.clear();
    if two_person(project) && c.verdict.status == Status::Done {
        changes.push(status_change(c, Status::NeedsReview));
    }
    changes
}

fn status_change(c: &mut Claim, to: Status) -> Change {
    let change = Change::new("verdict.status")
        .claim(c.id)
        .from_to(c.verdict.status.as_str(), to.as_str());
    c.verdict.status = to;
    change
}

/// The rules and bookkeeping of an edit that took claim `before` to `after` (rating,
/// explanation or status changed by `verdict set`, the workstation, a bulk action or a
/// reused verdict). Refuses a move to done under two-person review and a change of a
/// published verdict without `correction`; records who wrote the verdict, the correction,
/// and voids an approval the edit invalidates. Returns the extra changes to log.
pub fn settle_verdict_edit(
    project: &Project,
    before: &Claim,
    after: &mut Claim,
    correction: Option<&str>,
) -> Result<Vec<Change>> {
    let id = after.id;
    if two_person(project)
        && after.verdict.status == Status::Done
        && before.verdict.status != Status::Done
    {
        user_bail!(
            "claim {id}: not set to done: this project has two-person review ([review] two_person in factdesk.toml), so only `factdesk review approve {id}` by someone other than its author moves it to done; ask for it with `factdesk review request {id}`"
        );
    }
    if after.verdict.status == Status::Done && before.verdict.status != Status::Done {
        refuse_done_while_conflicted(after)?;
        refuse_rating_off_scale(project, after)?;
    }
    let mut changes = Vec::new();
    let content_changed = current_hash(before) != current_hash(after);
    let correction = correction.map(str::trim).filter(|t| !t.is_empty());
    if content_changed {
        if let Some(first) = before.verdict.published.first() {
            let Some(text) = correction else {
                user_bail!(
                    "claim {id} was published on {}: a change of its rating or explanation needs a correction notice; add --correction \"what changed and why\"",
                    first.at.get(..10).unwrap_or(&first.at)
                );
            };
            let at = claim::format_time(&claim::now());
            after.verdict.corrections.push(Correction {
                at,
                by: project.user().to_string(),
                text: text.to_string(),
            });
            changes.push(Change::new("verdict.correction").claim(id).note(text));
        }
        after.verdict.author = project.user().to_string();
        if !after.verdict.approved_hash.is_empty() {
            changes.extend(void_approval(
                project,
                after,
                "rating or explanation changed after approval",
            ));
        }
    } else if correction.is_some() {
        user_bail!("claim {id}: --correction given, but neither rating nor explanation changed");
    }
    if after.verdict.status != Status::Done && before.verdict.status == Status::Done {
        changes.extend(void_approval(project, after, "reopened"));
    }
    Ok(changes)
}

/// A verdict that a sync left with two values in a field is not decided: done would report
/// (and let an export publish) this machine's value as the desk's.
/// A claim is not done with a rating its project's scale does not have: that label would be
/// published.
fn refuse_rating_off_scale(project: &Project, c: &Claim) -> Result<()> {
    match project.scale().off_scale(&c.verdict.rating) {
        Some(why) => user_bail!(
            "claim {}: not set to done: {why}; set one with `factdesk verdict set {} --rating …`",
            c.id,
            c.id
        ),
        None => Ok(()),
    }
}

fn refuse_done_while_conflicted(c: &Claim) -> Result<()> {
    let fields = crate::resolve::fields(c);
    let Some(first) = fields.first() else {
        return Ok(());
    };
    let short = first.strip_prefix("verdict.").unwrap_or(first);
    user_bail!(
        "claim {}: not set to done: a sync left a conflict in {} open; settle it first with `factdesk claim resolve {} {short}` (`factdesk claim show {}` lists the values)",
        c.id,
        fields.join(", "),
        c.id,
        c.id
    )
}

/// A merge can join an approval from one side with a new explanation from the other: void
/// every approval that no longer matches the verdict (sync calls this on merged claims).
pub fn void_if_stale(project: &Project, c: &mut Claim) -> Vec<Change> {
    if c.verdict.approved_hash.is_empty() || approval_valid(c) {
        return Vec::new();
    }
    void_approval(
        project,
        c,
        "rating or explanation changed on another machine after approval",
    )
}

/// Everyone who wrote the rating or explanation since its last approval: the recorded author
/// and every such change in the log. None of them may approve or reject it.
pub fn verdict_writers(project: &Project, c: &Claim) -> Result<BTreeSet<String>> {
    let history = project.history(c.id)?;
    let since = history
        .iter()
        .rposition(|ch| ch.action == "review.approve")
        .map_or(0, |i| i + 1);
    let mut writers: BTreeSet<String> = history[since..]
        .iter()
        .filter(|ch| writes_verdict(&ch.action, ch.from.as_deref()))
        .map(|ch| ch.user.clone())
        .collect();
    if !c.verdict.author.is_empty() {
        writers.insert(c.verdict.author.clone());
    }
    Ok(writers)
}

fn writes_verdict(action: &str, from: Option<&str>) -> bool {
    match action {
        "verdict.rating" | "verdict.explanation" | "claim.undo" => true,
        // A resolved conflict names its field in `from`.
        "claim.resolve" => {
            from.is_some_and(|f| f == "verdict.rating" || f == "verdict.explanation")
        }
        _ => false,
    }
}

fn check_reviewer(project: &Project, c: &Claim, what: &str) -> Result<()> {
    let user = project.user();
    if verdict_writers(project, c)?.contains(user) {
        user_bail!(
            "claim {}: {user} wrote this verdict, so someone else must {what} it (review is by a second person)",
            c.id
        );
    }
    Ok(())
}

fn check_reviewable(c: &Claim, what: &str) -> Result<()> {
    let id = c.id;
    if !c.conflicts.is_empty() {
        let fields: Vec<&str> = c.conflicts.iter().map(|k| k.field.as_str()).collect();
        user_bail!(
            "claim {id}: cannot {what}: sync left a conflict in {} (`factdesk claim resolve {id}`)",
            fields.join(", ")
        );
    }
    match c.verdict.status {
        Status::NeedsReview => Ok(()),
        Status::Done => user_bail!("claim {id} is done already"),
        s => user_bail!(
            "claim {id} is {}: nothing to {what} until review is asked for (`factdesk review request {id}`)",
            s.as_str()
        ),
    }
}

/// `review approve`: a second person signs the verdict off; the claim becomes done.
pub fn approve(project: &mut Project, id: u32, comment: Option<&str>) -> Result<Claim> {
    let mut c = project.claim(id)?;
    check_reviewable(&c, "approve")?;
    if c.verdict.rating.trim().is_empty() {
        user_bail!("claim {id} has no rating to approve");
    }
    if c.verdict.explanation.trim().is_empty() {
        user_bail!("claim {id} has no explanation to approve");
    }
    check_reviewer(project, &c, "approve")?;
    refuse_rating_off_scale(project, &c)?;
    let hash = current_hash(&c);
    let comment = comment.map(str::trim).unwrap_or("");
    let mut approval = Change::new("review.approve").claim(id).to_value(&hash);
    if !comment.is_empty() {
        approval = approval.note(comment);
    }
    let mut changes = vec![approval, status_change(&mut c, Status::Done)];
    changes.push(
        Change::new("verdict.reviewer")
            .claim(id)
            .from_to(c.verdict.reviewer.clone(), project.user()),
    );
    c.verdict.reviewer = project.user().to_string();
    c.verdict.approved = claim::format_time(&claim::now());
    c.verdict.approved_hash = hash;
    c.verdict.review_comment = comment.to_string();
    project.save_claim(&mut c, changes)?;
    Ok(c)
}

/// `review reject`: back to in progress, with the reviewer's comment.
pub fn reject(project: &mut Project, id: u32, comment: &str) -> Result<Claim> {
    let comment = comment.trim();
    if comment.is_empty() {
        user_bail!("claim {id}: a rejection needs a comment saying what to change (--comment)");
    }
    let mut c = project.claim(id)?;
    check_reviewable(&c, "reject")?;
    check_reviewer(project, &c, "reject")?;
    let changes = vec![
        Change::new("review.reject").claim(id).note(comment),
        status_change(&mut c, Status::InProgress),
    ];
    c.verdict.review_comment = comment.to_string();
    project.save_claim(&mut c, changes)?;
    Ok(c)
}

/// `review request`: the verdict is ready for a second look.
pub fn request(project: &mut Project, id: u32) -> Result<Claim> {
    let mut c = project.claim(id)?;
    match c.verdict.status {
        Status::NeedsReview => return Ok(c),
        Status::Done => user_bail!("claim {id} is done already; reopen it with `factdesk verdict set {id} --status \"in progress\"` to change it"),
        _ => {}
    }
    if c.verdict.rating.trim().is_empty() {
        user_bail!("claim {id} has no rating yet: rate it before asking for review");
    }
    let changes = vec![
        Change::new("review.request").claim(id),
        status_change(&mut c, Status::NeedsReview),
    ];
    project.save_claim(&mut c, changes)?;
    Ok(c)
}

/// Why claim `c` cannot be published now, if it cannot.
pub fn publish_problem(two_person: bool, c: &Claim) -> Option<String> {
    let id = c.id;
    if !c.conflicts.is_empty() {
        return Some(format!(
            "claim {id}: unresolved sync conflict (`factdesk claim resolve {id}`)"
        ));
    }
    if c.verdict.rating.trim().is_empty() {
        return Some(format!("claim {id}: no rating"));
    }
    if c.verdict.status != Status::Done {
        return Some(format!(
            "claim {id}: status is \"{}\", not done",
            c.verdict.status.as_str()
        ));
    }
    if two_person && !approval_valid(c) {
        return Some(format!(
            "claim {id}: not approved by a second person (`factdesk review approve {id}`)"
        ));
    }
    None
}

/// Record that the current verdicts of `ids` left the desk (`review publish`, and exports
/// that publish). A claim already published as it is now is left alone. Returns the claims
/// that got a new publication.
pub fn publish(project: &mut Project, ids: &[u32]) -> Result<Vec<Claim>> {
    let two = two_person(project);
    let mut problems = Vec::new();
    let mut due = Vec::new();
    for &id in ids {
        let c = project.claim(id)?;
        match publish_problem(two, &c) {
            Some(p) => problems.push(p),
            None if publication_due(two, &c) => due.push(c),
            None => {}
        }
    }
    if !problems.is_empty() {
        user_bail!("not published: {}", problems.join("; "));
    }
    let mut out = Vec::new();
    for c in due {
        let p = new_publication(project.user(), &c);
        if let Some(saved) = record_publication(project, c.id, p)? {
            out.push(saved);
        }
    }
    Ok(out)
}

/// The publication record of `c`'s verdict as it is now, by `user`.
pub fn new_publication(user: &str, c: &Claim) -> Publication {
    Publication {
        at: claim::format_time(&claim::now()),
        by: user.to_string(),
        rating: c.verdict.rating.clone(),
        explanation: c.verdict.explanation.clone(),
        hash: current_hash(c),
    }
}

/// Add `p` to the claim's publications, if the verdict on disk is still the one `p` carries
/// and it is not recorded yet. Returns the saved claim.
pub fn record_publication(project: &mut Project, id: u32, p: Publication) -> Result<Option<Claim>> {
    let mut c = project.claim(id)?;
    if current_hash(&c) != p.hash || c.verdict.published.last().is_some_and(|q| q.hash == p.hash) {
        return Ok(None);
    }
    let change = Change::new("review.publish")
        .claim(id)
        .to_value(p.hash.clone());
    c.verdict.published.push(p);
    project.save_claim(&mut c, vec![change])?;
    Ok(Some(c))
}

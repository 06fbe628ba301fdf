//! Claim and verdict edits, shared by the CLI and the workstation. Each function loads what it
//! changes, validates, saves atomically and logs the change.

use anyhow::Result;

use crate::error::user_error;
use crate::project::article::{ArticleFields, ArticleMeta};
use crate::project::changelog::Change;
use crate::project::claim::{self, Claim, ClaimantKind, Evidence, Stance, Status, Triage, Verdict};
use crate::project::{ClaimEdit, Project};
use crate::text::{byte_to_char_offsets, char_to_byte, quote};
use crate::{review, sources, user_bail};

pub mod undo;

pub fn add_claim(
    project: &mut Project,
    article_id: &str,
    span: Option<[usize; 2]>,
    text: Option<&str>,
) -> Result<Claim> {
    let article = project.article(article_id)?;
    let span = match (span, text) {
        (Some(s), _) => {
            if s[1] > article.char_len() {
                user_bail!(
                    "span {}:{} is past the article's end ({} characters)",
                    s[0],
                    s[1],
                    article.char_len()
                );
            }
            s
        }
        (None, Some(t)) => {
            let t = t.trim();
            let Some(byte) = article.text.find(t).filter(|_| !t.is_empty()) else {
                user_bail!("the text {t:?} does not appear in article {article_id}; give --span START:END instead");
            };
            let c = byte_to_char_offsets(&article.text, &[byte, byte + t.len()]);
            [c[0], c[1]]
        }
        (None, None) => user_bail!("give --span START:END or --text TEXT"),
    };
    let now = claim::now();
    let c = Claim {
        id: project.next_claim_id()?,
        article: article.meta.id.clone(),
        span,
        text: crate::text::claim_text(&article.slice_chars(span)),
        triage: Triage::Kept,
        score: None,
        claimant: String::new(),
        assignee: String::new(),
        claimant_kind: Default::default(),
        claimant_detected: false,
        created: now,
        updated: now,
        verdict: Verdict::default(),
        conflicts: Vec::new(),
    };
    project.create_claim(&c)?;
    Ok(c)
}

pub fn edit_claim(
    project: &mut Project,
    id: u32,
    text: Option<String>,
    span: Option<[usize; 2]>,
    claimant: Option<String>,
) -> Result<Claim> {
    let mut c = project.claim(id)?;
    let mut changes = Vec::new();
    if let Some(span) = span {
        let article = project.article(&c.article)?;
        if span[1] > article.char_len() {
            user_bail!(
                "span {}:{} is past the article's end ({} characters)",
                span[0],
                span[1],
                article.char_len()
            );
        }
        changes.push(Change::new("claim.span").claim(id).from_to(
            format!("{}:{}", c.span[0], c.span[1]),
            format!("{}:{}", span[0], span[1]),
        ));
        c.span = span;
        if text.is_none() {
            let new_text = crate::text::claim_text(&article.slice_chars(span));
            changes.push(
                Change::new("claim.text")
                    .claim(id)
                    .from_to(c.text.clone(), new_text.clone()),
            );
            c.text = new_text;
        }
    }
    if let Some(t) = text {
        let t = crate::text::claim_text(&t);
        if t.is_empty() {
            user_bail!("a claim's text cannot be empty; use `factdesk claim drop {id}` or `rm`");
        }
        changes.push(
            Change::new("claim.text")
                .claim(id)
                .from_to(c.text.clone(), t.clone()),
        );
        c.text = t;
    }
    if let Some(who) = claimant {
        let kind = crate::claimant::kind_of_name(&who);
        changes.extend(claimant_changes(&mut c, who, kind));
    }
    project.save_claim(&mut c, changes)?;
    Ok(c)
}

/// Sets who made claim `id` as a person's decision (no longer "detected"); `kind` None
/// keeps the kind when the name is unchanged, else reads it from the name's words.
pub fn set_claimant(
    project: &mut Project,
    id: u32,
    name: &str,
    kind: Option<ClaimantKind>,
) -> Result<Claim> {
    let mut c = project.claim(id)?;
    let name = name.trim().to_string();
    let kind = match kind {
        Some(k) => k,
        None if name == c.claimant && !c.claimant_kind.is_unknown() => c.claimant_kind,
        None => crate::claimant::kind_of_name(&name),
    };
    let changes = claimant_changes(&mut c, name, kind);
    project.save_claim(&mut c, changes)?;
    Ok(c)
}

/// Confirms the claimant factdesk detected for claim `id` as it stands.
pub fn confirm_claimant(project: &mut Project, id: u32) -> Result<Claim> {
    let mut c = project.claim(id)?;
    if c.claimant.trim().is_empty() {
        user_bail!(
            "claim {id} has no claimant to confirm; set one with `factdesk claim edit {id} --claimant NAME`"
        );
    }
    if !c.claimant_detected {
        return Ok(c);
    }
    c.claimant_detected = false;
    let change = Change::new("claim.claimant.confirm")
        .claim(id)
        .to_value(format!("{} ({})", c.claimant, c.claimant_kind.as_str()));
    project.save_claim(&mut c, vec![change])?;
    Ok(c)
}

/// What a person setting the claimant changes: name, kind, and the end of "detected".
fn claimant_changes(c: &mut Claim, name: String, kind: ClaimantKind) -> Vec<Change> {
    let kind = if name.is_empty() {
        ClaimantKind::Unknown
    } else {
        kind
    };
    let mut changes = Vec::new();
    if name != c.claimant || c.claimant_detected {
        changes.push(
            Change::new("claim.claimant")
                .claim(c.id)
                .from_to(c.claimant.clone(), name.clone()),
        );
    }
    if kind != c.claimant_kind {
        changes.push(
            Change::new("claim.claimant.kind")
                .claim(c.id)
                .from_to(c.claimant_kind.as_str(), kind.as_str()),
        );
    }
    c.claimant = name;
    c.claimant_kind = kind;
    c.claimant_detected = false;
    changes
}

pub fn set_triage(project: &mut Project, id: u32, triage: Triage) -> Result<Claim> {
    let mut c = project.claim(id)?;
    if c.triage == triage {
        return Ok(c);
    }
    let change = Change::new("claim.triage").claim(id).from_to(
        format!("{:?}", c.triage).to_lowercase(),
        format!("{triage:?}").to_lowercase(),
    );
    c.triage = triage;
    project.save_claim(&mut c, vec![change])?;
    Ok(c)
}

/// Split claim `id` at character `at` of its text: the first part keeps the id and verdict,
/// the second becomes a new claim.
pub fn split_claim(project: &mut Project, id: u32, at: usize) -> Result<(Claim, Claim)> {
    let mut first = project.claim(id)?;
    let len = first.text.chars().count();
    if at == 0 || at >= len {
        user_bail!(
            "--at {at}: must be inside the claim's text (1..{})",
            len.saturating_sub(1)
        );
    }
    let cut = char_to_byte(&first.text, at);
    let (a, b) = first.text.split_at(cut);
    let (a, b) = (crate::text::claim_text(a), crate::text::claim_text(b));
    if a.is_empty() || b.is_empty() {
        user_bail!("--at {at}: one part would be empty");
    }
    // The span splits at the same point when the text still matches the article. `at`
    // counts in the (trimmed) text; the span may start with whitespace the text leaves out.
    let article = project.article(&first.article)?;
    let slice = article.slice_chars(first.span);
    let in_article = slice.trim() == first.text;
    let span_cut = if in_article {
        let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
        first.span[0] + lead + at
    } else {
        first.span[1]
    };
    let now = claim::now();
    let second = Claim {
        id: project.next_claim_id()?,
        article: first.article.clone(),
        span: [span_cut, first.span[1]],
        text: b,
        triage: first.triage,
        score: None,
        claimant: first.claimant.clone(),
        assignee: first.assignee.clone(),
        claimant_kind: first.claimant_kind,
        claimant_detected: first.claimant_detected,
        created: now,
        updated: now,
        verdict: Verdict::default(),
        conflicts: Vec::new(),
    };
    let old = first.text.clone();
    first.text = a;
    first.span[1] = span_cut;
    let change = Change::new("claim.split")
        .claim(id)
        .from_to(old, format!("{} | claim {}", first.text, second.id));
    project.save_edit(ClaimEdit {
        create: std::slice::from_ref(&second),
        save: Some(&mut first),
        changes: vec![change],
        ..ClaimEdit::default()
    })?;
    Ok((first, second))
}

/// Merge `second` into `first` (same article): spans join, texts join, evidence is combined;
/// `second` is removed.
pub fn merge_claims(project: &mut Project, first_id: u32, second_id: u32) -> Result<Claim> {
    if first_id == second_id {
        user_bail!("cannot merge claim {first_id} with itself");
    }
    let mut first = project.claim(first_id)?;
    let second = project.claim(second_id)?;
    if first.article != second.article {
        user_bail!("claims {first_id} and {second_id} are from different articles");
    }
    let (a, b) = if first.span[0] <= second.span[0] {
        (&first, &second)
    } else {
        (&second, &first)
    };
    let article = project.article(&first.article)?;
    let span = [a.span[0], a.span[1].max(b.span[1])];
    let text = crate::text::claim_text(&article.slice_chars(span));
    let old = first.text.clone();
    first.span = span;
    first.text = text;
    for e in second.verdict.evidence.iter() {
        if !first.verdict.evidence.contains(e) {
            first.verdict.evidence.push(e.clone());
        }
    }
    if first.verdict.explanation.is_empty() {
        first.verdict.explanation = second.verdict.explanation.clone();
    }
    let changes = vec![
        Change::new("claim.merge")
            .claim(first_id)
            .from_to(old, format!("{} (+ claim {second_id})", first.text)),
        Change::new("claim.delete")
            .claim(second_id)
            .from_to(second.text.clone(), ""),
    ];
    project.save_edit(ClaimEdit {
        save: Some(&mut first),
        delete: Some(second_id),
        changes,
        ..ClaimEdit::default()
    })?;
    Ok(first)
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct VerdictChange {
    pub rating: Option<String>,
    pub explanation: Option<String>,
    pub status: Option<Status>,
    pub notes: Option<String>,
    pub reviewer: Option<String>,
    /// What changed and why: required to change the rating or explanation of a published
    /// claim (see `review`).
    pub correction: Option<String>,
}

pub fn set_verdict(project: &mut Project, id: u32, ch: VerdictChange) -> Result<Claim> {
    let mut c = project.claim(id)?;
    let before = c.clone();
    if ch.reviewer.is_some() && review::two_person(project) {
        user_bail!("claim {id}: with two-person review the reviewer is whoever approves: `factdesk review approve {id}`");
    }
    let mut changes = Vec::new();
    if let Some(r) = ch.rating {
        let label = canonical_rating(project, &r)?;
        changes.push(rate(&mut c, label));
    }
    if let Some(e) = ch.explanation {
        changes.push(
            Change::new("verdict.explanation")
                .claim(id)
                .from_to(c.verdict.explanation.clone(), e.clone()),
        );
        c.verdict.explanation = e;
    }
    if let Some(s) = ch.status {
        changes.push(
            Change::new("verdict.status")
                .claim(id)
                .from_to(c.verdict.status.key(), s.key()),
        );
        c.verdict.status = s;
    }
    if let Some(n) = ch.notes {
        changes.push(
            Change::new("verdict.notes")
                .claim(id)
                .from_to(c.verdict.notes.clone(), n.clone()),
        );
        c.verdict.notes = n;
    }
    if let Some(r) = ch.reviewer {
        changes.push(
            Change::new("verdict.reviewer")
                .claim(id)
                .from_to(c.verdict.reviewer.clone(), r.clone()),
        );
        c.verdict.reviewer = r;
    }
    changes.extend(review::settle_verdict_edit(
        project,
        &before,
        &mut c,
        ch.correction.as_deref(),
    )?);
    project.save_claim(&mut c, changes)?;
    Ok(c)
}

/// Give `c` the rating `label` (already canonical); the change to log.
fn rate(c: &mut Claim, label: String) -> Change {
    let change = Change::new("verdict.rating")
        .claim(c.id)
        .from_to(c.verdict.rating.clone(), label.clone());
    c.verdict.rating = label;
    // Rating a candidate means the desk is checking it.
    if c.triage == Triage::Candidate {
        c.triage = Triage::Kept;
    }
    change
}

/// Reuse an earlier verdict of the same claim (from the desk's library): take `rating` when
/// given (a label of this project's scale) and add `note` (who rated it, when, the link) to
/// the notes unless it is there already. One save, so one undo step.
pub fn reuse_verdict(
    project: &mut Project,
    id: u32,
    rating: Option<&str>,
    note: &str,
) -> Result<Claim> {
    let mut c = project.claim(id)?;
    let before = c.clone();
    let mut changes = Vec::new();
    if let Some(r) = rating {
        let label = canonical_rating(project, r)?;
        if label != c.verdict.rating {
            changes.push(rate(&mut c, label));
        }
    }
    let note = note.trim();
    if !note.is_empty() && !c.verdict.notes.contains(note) {
        let notes = if c.verdict.notes.trim().is_empty() {
            note.to_string()
        } else {
            format!("{}\n{note}", c.verdict.notes.trim_end())
        };
        changes.push(
            Change::new("verdict.notes")
                .claim(id)
                .from_to(c.verdict.notes.clone(), notes.clone()),
        );
        c.verdict.notes = notes;
    }
    if changes.is_empty() {
        return Ok(c);
    }
    changes.extend(review::settle_verdict_edit(project, &before, &mut c, None)?);
    project.save_claim(&mut c, changes)?;
    Ok(c)
}

/// The scale's own spelling of a rating label; an error listing the labels if it is unknown.
pub fn canonical_rating(project: &Project, label: &str) -> Result<String> {
    let scale = project.scale();
    if label.trim().is_empty() {
        return Ok(String::new());
    }
    if scale.is_free_text() {
        return Ok(label.trim().to_string());
    }
    scale.find(label).map(|r| r.label.clone()).ok_or_else(|| {
        user_error(format!(
            "rating {label:?} is not on the {} scale; use one of: {}",
            scale.name,
            scale.labels().join(", ")
        ))
    })
}

/// Evidence to attach to a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvidence<'a> {
    /// Source id or unique prefix.
    pub source: &'a str,
    pub quote: &'a str,
    pub stance: Stance,
    /// Where the quote is in the source's text, when the caller knows (the workstation
    /// attaches a search hit's passage); found in the text otherwise.
    pub range: Option<[usize; 2]>,
    pub note: String,
    /// Keep a quote that is not in the source, marked as unverified.
    pub unverified: bool,
}

/// Attach evidence quoting a passage of `source` (see [`attach_evidence`]).
pub fn add_evidence(
    project: &mut Project,
    id: u32,
    source: &str,
    quote: &str,
    stance: Stance,
    range: Option<[usize; 2]>,
    note: String,
) -> Result<(Claim, Evidence)> {
    let new = NewEvidence {
        source,
        quote,
        stance,
        range,
        note,
        unverified: false,
    };
    attach_evidence(project, id, new)
}

/// Every attach of evidence, from the CLI and the workstation, goes through here: the quote
/// must be in the source's text (compared with whitespace and quotation marks normalised,
/// see `text::quote`) and its range is stored. A quote that is not there is refused with the
/// closest passage suggested, unless `unverified` keeps it, marked as such. Evidence from a
/// web capture records the capture's time: it quotes that version.
pub fn attach_evidence(
    project: &mut Project,
    id: u32,
    new: NewEvidence<'_>,
) -> Result<(Claim, Evidence)> {
    let mut c = project.claim(id)?;
    let source_id = sources::resolve(project, new.source)?;
    let quote = new.quote.trim();
    if quote.is_empty() {
        user_bail!("--quote is empty");
    }
    let doc = sources::load(project, &source_id)?;
    let found = match new.range {
        Some(r) if quote::matches_at(&doc.text, r, quote) => Some(r),
        Some(r) if !new.unverified => {
            let elsewhere = quote::locate(&doc.text, quote)
                .map(|f| format!("; it is at {}:{} (give that range, or none)", f[0], f[1]))
                .unwrap_or_default();
            user_bail!(
                "the quote is not at {}:{} of source {}{elsewhere}",
                r[0],
                r[1],
                short(&source_id)
            );
        }
        Some(_) => None,
        None => quote::locate(&doc.text, quote),
    };
    if found.is_none() && !new.unverified {
        return Err(user_error(quote_not_found(&doc, &source_id, quote)));
    }
    let e = Evidence {
        source: source_id,
        captured_at: doc.capture.as_ref().map(|cap| cap.captured_at.clone()),
        quote: quote.to_string(),
        range: found,
        unverified: found.is_none(),
        stance: new.stance,
        note: new.note,
    };
    c.verdict.evidence.push(e.clone());
    let change = Change::new("evidence.add").claim(id).to_value(format!(
        "{} {}: {}{}",
        e.stance.as_str(),
        short(&e.source),
        e.quote,
        if e.unverified { " (unverified)" } else { "" }
    ));
    project.save_claim(&mut c, vec![change])?;
    Ok((c, e))
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// Why a quote was refused, with the passage of the source closest to it.
fn quote_not_found(doc: &factdesk_index::SourceDoc, source_id: &str, quote: &str) -> String {
    let mut msg = format!(
        "the quote does not appear in source {} ({})",
        short(source_id),
        crate::text::shorten(&doc.title, 60)
    );
    match quote::closest_passage(&doc.text, quote) {
        Some((r, share)) => {
            let passage: String = doc.text.chars().skip(r[0]).take(r[1] - r[0]).collect();
            let passage = passage.split_whitespace().collect::<Vec<_>>().join(" ");
            msg.push_str(&format!(
                "; closest passage ({}:{}, {:.0}% of its words): \"{}\"",
                r[0],
                r[1],
                share * 100.0,
                crate::text::shorten(&passage, 300)
            ));
        }
        None => msg.push_str("; no passage of it shares a third of the quote's words"),
    }
    msg.push_str("; correct the quote, or keep it marked as unverified with --unverified");
    msg
}

pub fn remove_evidence(project: &mut Project, id: u32, n: usize) -> Result<Claim> {
    let mut c = project.claim(id)?;
    if n == 0 || n > c.verdict.evidence.len() {
        user_bail!(
            "claim {id} has {} evidence items; there is no item {n}",
            c.verdict.evidence.len()
        );
    }
    let e = c.verdict.evidence.remove(n - 1);
    let change = Change::new("evidence.remove")
        .claim(id)
        .from_to(format!("{} {}", e.stance.as_str(), e.quote), "");
    project.save_claim(&mut c, vec![change])?;
    Ok(c)
}

/// Correct an article's metadata (ClaimReview needs its URL; the reports show title,
/// publisher and date). Each changed field is logged as `article.<field>`.
pub fn edit_article(project: &mut Project, id: &str, ch: ArticleFields) -> Result<ArticleMeta> {
    use factdesk_index::sanitize::sanitize_name;
    let mut meta = project.article(id)?.meta;
    // "" clears the date.
    let date = match ch.date.as_deref().map(str::trim) {
        Some("") => Some(String::new()),
        Some(d) => Some(crate::project::article::date_arg(d)?),
        None => None,
    };
    if let Some(l) = ch.language.as_deref() {
        if !["de", "en"].contains(&l) {
            user_bail!("--language {l:?}: use de or en");
        }
    }
    let mut changes = Vec::new();
    let fields: [(&str, Option<String>, &mut String); 6] = [
        ("title", ch.title, &mut meta.title),
        ("url", ch.url, &mut meta.url),
        ("publisher", ch.publisher, &mut meta.publisher),
        ("author", ch.author, &mut meta.author),
        ("date", date, &mut meta.date),
        ("language", ch.language, &mut meta.language),
    ];
    for (name, value, field) in fields {
        // What is typed is kept to one line and stripped like imported text.
        let Some(value) = value.map(|v| sanitize_name(v.trim())) else {
            continue;
        };
        if value != *field {
            changes.push(
                Change::new(&format!("article.{name}"))
                    .article(id)
                    .from_to(field.clone(), value.clone()),
            );
            *field = value;
        }
    }
    if !changes.is_empty() {
        project.save_article_meta(&meta, changes)?;
    }
    Ok(meta)
}

/// `claim assign`: who on the desk works on the claim (empty: nobody).
pub fn assign(project: &mut Project, id: u32, user: &str) -> Result<Claim> {
    let mut c = project.claim(id)?;
    let user = user.trim();
    if c.assignee == user {
        return Ok(c);
    }
    let change = Change::new("claim.assign")
        .claim(id)
        .from_to(c.assignee.clone(), user);
    c.assignee = user.to_string();
    project.save_claim(&mut c, vec![change])?;
    Ok(c)
}

/// What a bulk action did: the claims saved, and one message per claim it could not change
/// (the others are changed all the same).
#[derive(Debug, Default)]
pub struct Bulk {
    pub saved: Vec<Claim>,
    pub failed: Vec<String>,
}

fn bulk(ids: &[u32], mut one: impl FnMut(u32) -> Result<Claim>) -> Bulk {
    let mut out = Bulk::default();
    for &id in ids {
        match one(id) {
            Ok(c) => out.saved.push(c),
            Err(e) => out.failed.push(crate::error::one_line(&e)),
        }
    }
    out
}

/// Set the status of every claim in `ids` (the workstation's marked claims), under the same
/// rules as one `verdict set --status`: with two-person review, done is refused.
pub fn set_status_many(project: &mut Project, ids: &[u32], status: Status) -> Bulk {
    bulk(ids, |id| {
        let change = VerdictChange {
            status: Some(status),
            ..VerdictChange::default()
        };
        set_verdict(project, id, change)
    })
}

/// Assign every claim in `ids` to `user` (empty: unassign).
pub fn assign_many(project: &mut Project, ids: &[u32], user: &str) -> Bulk {
    bulk(ids, |id| assign(project, id, user))
}

/// Keep, drop or reset to candidate every claim in `ids`.
pub fn set_triage_many(project: &mut Project, ids: &[u32], triage: Triage) -> Bulk {
    bulk(ids, |id| set_triage(project, id, triage))
}

pub use crate::resolve::{resolve_conflict, Resolution};

/// Set the stance of evidence item `n` (counted from 1) of claim `id`.
pub fn set_stance(project: &mut Project, id: u32, n: usize, stance: Stance) -> Result<Claim> {
    let mut c = project.claim(id)?;
    let count = c.verdict.evidence.len();
    let Some(e) = n.checked_sub(1).and_then(|i| c.verdict.evidence.get_mut(i)) else {
        user_bail!("claim {id} has {count} evidence items; there is no item {n}");
    };
    if e.stance == stance {
        return Ok(c);
    }
    let change = Change::new("evidence.stance")
        .claim(id)
        .from_to(e.stance.as_str(), stance.as_str());
    e.stance = stance;
    project.save_claim(&mut c, vec![change])?;
    Ok(c)
}

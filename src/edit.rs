//! Claim and verdict edits, shared by the CLI and the workstation. Each function loads what it
//! changes, validates, saves atomically and logs the change.

use anyhow::Result;

use crate::error::user_error;
use crate::project::changelog::Change;
use crate::project::claim::{self, Claim, Evidence, Stance, Status, Triage, Verdict};
use crate::project::Project;
use crate::text::{byte_to_char_offsets, char_to_byte};
use crate::{sources, user_bail};

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
        text: article.slice_chars(span).trim().to_string(),
        triage: Triage::Kept,
        score: None,
        claimant: String::new(),
        created: now,
        updated: now,
        verdict: Verdict::default(),
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
            let new_text = article.slice_chars(span).trim().to_string();
            changes.push(
                Change::new("claim.text")
                    .claim(id)
                    .from_to(c.text.clone(), new_text.clone()),
            );
            c.text = new_text;
        }
    }
    if let Some(t) = text {
        let t = t.trim().to_string();
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
        changes.push(
            Change::new("claim.claimant")
                .claim(id)
                .from_to(c.claimant.clone(), who.clone()),
        );
        c.claimant = who;
    }
    project.save_claim(&mut c, changes)?;
    Ok(c)
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
    let (a, b) = (a.trim().to_string(), b.trim().to_string());
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
        created: now,
        updated: now,
        verdict: Verdict::default(),
    };
    let old = first.text.clone();
    first.text = a;
    first.span[1] = span_cut;
    project.create_claim(&second)?;
    let change = Change::new("claim.split")
        .claim(id)
        .from_to(old, format!("{} | claim {}", first.text, second.id));
    project.save_claim(&mut first, vec![change])?;
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
    let text = article.slice_chars(span).trim().to_string();
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
    let change = Change::new("claim.merge")
        .claim(first_id)
        .from_to(old, format!("{} (+ claim {second_id})", first.text));
    project.save_claim(&mut first, vec![change])?;
    project.delete_claim(second_id)?;
    Ok(first)
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct VerdictChange {
    pub rating: Option<String>,
    pub explanation: Option<String>,
    pub status: Option<Status>,
    pub notes: Option<String>,
    pub reviewer: Option<String>,
}

pub fn set_verdict(project: &mut Project, id: u32, ch: VerdictChange) -> Result<Claim> {
    let mut c = project.claim(id)?;
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
                .from_to(c.verdict.status.as_str(), s.as_str()),
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

pub fn add_evidence(
    project: &mut Project,
    id: u32,
    source: &str,
    quote: &str,
    stance: Stance,
    range: Option<[usize; 2]>,
    note: String,
) -> Result<(Claim, Evidence)> {
    let mut c = project.claim(id)?;
    let source_id = sources::resolve(project, source)?;
    let quote = quote.trim();
    if quote.is_empty() {
        user_bail!("--quote is empty");
    }
    let range = match range {
        Some(r) => Some(r),
        None => sources::find_quote(project, &source_id, quote),
    };
    let e = Evidence {
        source: source_id,
        quote: quote.to_string(),
        range,
        stance,
        note,
    };
    c.verdict.evidence.push(e.clone());
    let change = Change::new("evidence.add").claim(id).to_value(format!(
        "{} {}: {}",
        e.stance.as_str(),
        &e.source[..e.source.len().min(12)],
        e.quote
    ));
    project.save_claim(&mut c, vec![change])?;
    Ok((c, e))
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

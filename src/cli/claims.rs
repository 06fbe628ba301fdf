//! `claims`, `claim`, `verdict`, `evidence`, `history`.

use std::io::Read;

use anyhow::Result;

use super::args::{ClaimCmd, ClaimsArgs, EvidenceCmd, HistoryArgs, VerdictCmd};
use super::Ctx;
use crate::edit;
use crate::error::user_error;
use crate::export::json::ClaimJson;
use crate::project::claim::{Claim, ClaimantKind, Stance, Status, Triage};
use crate::project::{changelog, Access};
use crate::user_bail;

pub fn list(ctx: &Ctx, a: ClaimsArgs) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let set = project.load_claims()?;
    for p in &set.problems {
        eprintln!("factdesk: warning: {p}");
    }
    // A hand-edited or merged claim file can hold a label the scale does not have.
    for c in &set.claims {
        if let Some(why) = project.scale().off_scale(&c.verdict.rating) {
            eprintln!(
                "factdesk: warning: claims/{}: {why}; set one with `factdesk verdict set {} --rating …`",
                Claim::file_name(c.id),
                c.id
            );
        }
    }
    let article = a
        .article
        .as_deref()
        .map(|id| project.resolve_article(id))
        .transpose()?;
    let status = a
        .status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                user_error(format!(
                    "--status {s:?}: use open, in progress, needs review or done"
                ))
            })
        })
        .transpose()?;
    // Asking who I am may run git: only when a filter needs it.
    let me = if a.mine || a.to_review {
        project.user().to_string()
    } else {
        String::new()
    };
    let assignee = if a.mine {
        Some(me.clone())
    } else {
        a.assignee.clone()
    };
    let threshold = project.manifest().triage.threshold;
    let mut claims: Vec<_> = set
        .claims
        .iter()
        .filter(|c| a.all || c.is_active())
        // Candidates below the desk's threshold stay out of the way unless asked for.
        .filter(|c| {
            a.all || c.triage != Triage::Candidate || c.score.is_none_or(|s| s >= threshold)
        })
        .filter(|c| article.as_ref().is_none_or(|id| &c.article == id))
        .filter(|c| status.is_none_or(|s| c.verdict.status == s))
        .filter(|c| assignee.as_ref().is_none_or(|u| &c.assignee == u))
        .filter(|c| !a.to_review || crate::review::awaits_review_by(c, &me))
        .filter(|c| !a.conflicts || !c.conflicts.is_empty())
        .collect();
    if a.sort == "score" {
        claims.sort_by(|x, y| {
            y.score
                .unwrap_or(0.0)
                .total_cmp(&x.score.unwrap_or(0.0))
                .then(x.id.cmp(&y.id))
        });
    }
    if a.json {
        let out: Vec<ClaimJson> = claims.iter().map(|c| ClaimJson::from(*c)).collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let listed = !claims.is_empty();
    for c in claims {
        let mark = match c.triage {
            Triage::Candidate => "?",
            Triage::Kept => "*",
            Triage::Dropped => "-",
        };
        let rating = if c.verdict.rating.is_empty() {
            "—"
        } else {
            &c.verdict.rating
        };
        let score = c
            .score
            .map(|s| format!("{s:.2}"))
            .unwrap_or_else(|| "  — ".into());
        // Who works on it and an unresolved sync conflict, ahead of the text.
        let mut desk = String::new();
        if !c.conflicts.is_empty() {
            desk.push_str("[conflict] ");
        }
        if !c.assignee.is_empty() {
            desk.push_str(&format!("@{} ", crate::text::one_line(&c.assignee)));
        }
        println!(
            "{:>4} {mark} {score} {:<12} {:<20} {desk}{}",
            c.id,
            c.verdict.status.as_str(),
            crate::text::shorten(rating, 20),
            crate::text::shorten(&c.text, 90)
        );
    }
    // On stderr: a script reading the list gets one line per claim.
    if listed {
        eprintln!("{LEGEND}");
    }
    Ok(())
}

/// What the columns of `factdesk claims` mean.
const LEGEND: &str = "(id, triage: ? candidate * kept - dropped, check-worthiness score 0-1, \
status, rating, claim; --json for scripts)";

pub fn parse_range(s: &str, what: &str) -> Result<[usize; 2]> {
    let err = || user_error(format!("{what} {s:?}: use START:END (character offsets)"));
    let (a, b) = s.split_once(':').ok_or_else(err)?;
    let a: usize = a.trim().parse().map_err(|_| err())?;
    let b: usize = b.trim().parse().map_err(|_| err())?;
    if a >= b {
        return Err(err());
    }
    Ok([a, b])
}

pub fn claim(ctx: &Ctx, cmd: ClaimCmd) -> Result<()> {
    if let ClaimCmd::Show { id, json } = cmd {
        return show(ctx, id, json);
    }
    let mut project = ctx.open(Access::Write)?;
    // What the library must hear about: changed claims and ids that are gone.
    let mut changed: Vec<Claim> = Vec::new();
    let mut gone: Vec<u32> = Vec::new();
    match cmd {
        ClaimCmd::Add {
            article,
            span,
            text,
        } => {
            let article = match article {
                Some(a) => project.resolve_article(&a)?,
                None => super::project_cmds::only_article(&project)?,
            };
            let span = span
                .as_deref()
                .map(|s| parse_range(s, "--span"))
                .transpose()?;
            let c = edit::add_claim(&mut project, &article, span, text.as_deref())?;
            println!("added claim {}: {}", c.id, c.text);
        }
        ClaimCmd::Edit {
            id,
            text,
            span,
            claimant,
            claimant_kind,
        } => {
            let span = span
                .as_deref()
                .map(|s| parse_range(s, "--span"))
                .transpose()?;
            let mut c = edit::edit_claim(&mut project, id, text, span, None)?;
            if claimant.is_some() || claimant_kind.is_some() {
                let kind = claimant_kind.as_deref().and_then(ClaimantKind::parse);
                let name = claimant.unwrap_or_else(|| c.claimant.clone());
                c = edit::set_claimant(&mut project, id, &name, kind)?;
            }
            println!("claim {}: {}", c.id, c.text);
            changed.push(c);
        }
        ClaimCmd::ConfirmClaimant { ids } => {
            for id in ids {
                let c = edit::confirm_claimant(&mut project, id)?;
                println!(
                    "claim {}: claimant {} ({}) confirmed",
                    c.id,
                    crate::text::shorten(&factdesk_index::sanitize::sanitize_text(&c.claimant), 60),
                    c.claimant_kind.as_str()
                );
                changed.push(c);
            }
        }
        ClaimCmd::Keep { ids } => {
            for id in ids {
                changed.push(edit::set_triage(&mut project, id, Triage::Kept)?);
            }
        }
        ClaimCmd::Drop { ids } => {
            for id in ids {
                changed.push(edit::set_triage(&mut project, id, Triage::Dropped)?);
            }
        }
        ClaimCmd::Split { id, at } => {
            let (a, b) = edit::split_claim(&mut project, id, at)?;
            println!("claim {}: {}\nclaim {}: {}", a.id, a.text, b.id, b.text);
            changed.extend([a, b]);
        }
        ClaimCmd::Merge { first, second } => {
            let c = edit::merge_claims(&mut project, first, second)?;
            println!("claim {}: {}", c.id, c.text);
            changed.push(c);
            gone.push(second);
        }
        ClaimCmd::Assign { id, user } => {
            let c = edit::assign(&mut project, id, &user)?;
            println!(
                "claim {}: assigned to {}",
                c.id,
                crate::text::one_line(&c.assignee)
            );
        }
        ClaimCmd::Unassign { id } => {
            let c = edit::assign(&mut project, id, "")?;
            println!("claim {}: assigned to nobody", c.id);
        }
        ClaimCmd::Resolve {
            id,
            field,
            pick,
            value,
            both,
            correction,
        } => {
            let how = match (pick, value, both) {
                (Some(n), _, _) => edit::Resolution::Pick(n),
                (_, Some(v), _) => edit::Resolution::Value(v),
                (_, _, true) => edit::Resolution::Both,
                _ => user_bail!("say how: --pick N (`factdesk claim show {id}` numbers the values), --value TEXT or --both"),
            };
            let c = edit::resolve_conflict(
                &mut project,
                id,
                field.as_deref(),
                how,
                correction.as_deref(),
            )?;
            let left = crate::resolve::fields(&c);
            println!(
                "claim {}: resolved{}",
                c.id,
                if left.is_empty() {
                    String::new()
                } else {
                    format!("; still in conflict: {}", left.join(", "))
                }
            );
            changed.push(c);
        }
        ClaimCmd::Rm { id } => {
            let c = project.delete_claim(id)?;
            println!("removed claim {}: {}", c.id, c.text);
            gone.push(c.id);
        }
        ClaimCmd::Show { .. } => unreachable!("handled above"),
    }
    file_in_library(&project, &changed, &gone);
    Ok(())
}

/// Brings the desk's verdict library in step with saved claims (a dropped, merged or removed
/// claim leaves it, an edited one is refiled). The claims are already saved; the library is a
/// copy that `library add-project` can rebuild, so a failure is a warning.
fn file_in_library(project: &crate::project::Project, claims: &[Claim], removed: &[u32]) {
    if let Err(e) = crate::library::file_claims(project, claims, removed) {
        let ids: Vec<String> = claims
            .iter()
            .map(|c| c.id)
            .chain(removed.iter().copied())
            .map(|id| id.to_string())
            .collect();
        eprintln!(
            "factdesk: warning: claim {} saved, but the verdict library was not updated: {}",
            ids.join(", "),
            crate::error::one_line(&e)
        );
    }
}

fn show(ctx: &Ctx, id: u32, json: bool) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let c = project.claim(id)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&ClaimJson::from(&c))?);
        return Ok(());
    }
    println!(
        "claim {}  (article {}, chars {}..{}, {:?})",
        c.id, c.article, c.span[0], c.span[1], c.triage
    );
    println!("  {}", c.text);
    let langs = super::triage::article_languages(&project);
    let lang_of = |a: &str| {
        langs
            .get(a)
            .cloned()
            .unwrap_or_else(|| project.manifest().language.clone())
    };
    let claims = project.load_claims()?.claims;
    let scorer = crate::desk::scorer();
    let t = crate::triage::claims::explain_claim(scorer, &claims, c.id, lang_of)
        .unwrap_or_else(|| scorer.score(&c.text, &lang_of(&c.article)));
    println!("check-worthiness {:.2}: {}", t.score, t.reasons.join(", "));
    if !c.claimant.is_empty() {
        let who = factdesk_index::sanitize::sanitize_text(&c.claimant);
        let how = if c.claimant_detected {
            format!(
                ", detected: confirm with `factdesk claim confirm-claimant {}`",
                c.id
            )
        } else {
            String::new()
        };
        println!("claimant:    {who} ({}{how})", c.claimant_kind.as_str());
    }
    let v = &c.verdict;
    println!(
        "rating:      {}",
        if v.rating.is_empty() {
            "—"
        } else {
            &v.rating
        }
    );
    println!("status:      {}", v.status.as_str());
    if !v.explanation.is_empty() {
        println!("explanation:\n  {}", v.explanation.replace('\n', "\n  "));
    }
    for (i, e) in v.evidence.iter().enumerate() {
        println!(
            "evidence {}: [{}] {} {:?}",
            i + 1,
            e.stance.as_str(),
            &e.source[..e.source.len().min(12)],
            e.quote
        );
    }
    if !v.notes.is_empty() {
        println!("notes:       {}", v.notes);
    }
    super::team::print_desk(&project, &c);
    println!("history:");
    for ch in project.history(id)? {
        println!("  {}", ch.describe());
    }
    Ok(())
}

pub fn verdict(ctx: &Ctx, cmd: VerdictCmd) -> Result<()> {
    let VerdictCmd::Set {
        claim,
        rating,
        explanation,
        status,
        notes,
        reviewer,
        correction,
    } = cmd;
    if rating.is_none()
        && explanation.is_none()
        && status.is_none()
        && notes.is_none()
        && reviewer.is_none()
    {
        user_bail!("nothing to set: give --rating, --explanation, --status, --notes or --reviewer");
    }
    let explanation = match explanation.as_deref() {
        Some("-") => {
            // Bounded: `< /dev/zero` or an endless pipe must not fill the memory.
            const MAX: u64 = 16 << 20;
            let mut s = String::new();
            std::io::stdin()
                .take(MAX + 1)
                .read_to_string(&mut s)
                .map_err(|e| user_error(format!("standard input: {e}")))?;
            if s.len() as u64 > MAX {
                user_bail!("standard input: more than 16 MiB; an explanation is a text to read");
            }
            Some(s.trim_end().to_string())
        }
        _ => explanation,
    };
    let status = status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                user_error(format!(
                    "--status {s:?}: use open, in progress, needs review or done"
                ))
            })
        })
        .transpose()?;
    let mut project = ctx.open(Access::Write)?;
    let change = edit::VerdictChange {
        rating,
        explanation,
        status,
        notes,
        reviewer,
        correction,
    };
    let c = edit::set_verdict(&mut project, claim, change)?;
    file_in_library(&project, std::slice::from_ref(&c), &[]);
    println!(
        "claim {}: {} ({})",
        c.id,
        if c.verdict.rating.is_empty() {
            "no rating"
        } else {
            &c.verdict.rating
        },
        c.verdict.status.as_str()
    );
    Ok(())
}

pub fn evidence(ctx: &Ctx, cmd: EvidenceCmd) -> Result<()> {
    let mut project = ctx.open(Access::Write)?;
    match cmd {
        EvidenceCmd::Add {
            claim,
            source,
            quote,
            stance,
            range,
            note,
            unverified,
        } => {
            let stance = Stance::parse(&stance).ok_or_else(|| {
                user_error(format!(
                    "--stance {stance:?}: use supports, refutes or context"
                ))
            })?;
            let range = range
                .as_deref()
                .map(|r| parse_range(r, "--range"))
                .transpose()?;
            let new = edit::NewEvidence {
                source: &source,
                quote: &quote,
                stance,
                range,
                note: note.unwrap_or_default(),
                unverified,
            };
            let (c, e) = edit::attach_evidence(&mut project, claim, new)?;
            println!(
                "claim {}: evidence {} from source {} ({}{}{})",
                c.id,
                c.verdict.evidence.len(),
                &e.source[..e.source.len().min(12)],
                e.stance.as_str(),
                e.range
                    .map(|r| format!(", chars {}..{}", r[0], r[1]))
                    .unwrap_or_default(),
                if e.unverified {
                    ", unverified: not found in the source"
                } else {
                    ""
                }
            );
        }
        EvidenceCmd::Rm { claim, n } => {
            edit::remove_evidence(&mut project, claim, n)?;
            println!("claim {claim}: evidence {n} removed");
        }
    }
    Ok(())
}

pub fn history(ctx: &Ctx, a: HistoryArgs) -> Result<()> {
    let project = ctx.open(Access::ReadOnly)?;
    let (changes, problems) = changelog::read(project.root())?;
    for p in problems {
        eprintln!("factdesk: warning: {p}");
    }
    // A claim that never was (a mistyped number) is named, as `claim show` does; one that
    // was deleted still has its history.
    if let Some(id) = a.claim {
        if !changes.iter().any(|c| c.claim == Some(id)) && project.claim(id).is_err() {
            return Err(crate::error::user_error(format!(
                "no claim {id}: it has no history"
            )));
        }
    }
    let shown = changes
        .iter()
        .filter(|c| a.claim.is_none() || c.claim == a.claim);
    if a.json {
        let shown: Vec<&changelog::Change> = shown.collect();
        println!("{}", serde_json::to_string_pretty(&shown)?);
        return Ok(());
    }
    for c in shown {
        match c.claim {
            Some(id) => println!("{}  (claim {id})", c.describe()),
            None => println!("{}", c.describe()),
        }
    }
    if let Some(id) = a.claim {
        if let Ok(c) = project.claim(id) {
            super::team::print_published(&c);
        }
    }
    Ok(())
}

//! Which claims each export shows, and what a claim needs before it is published as ClaimReview.
//!
//! - Reports (Markdown, HTML) show the desk's claims: kept ones and any claim with a rating.
//!   Unrated candidates (every sentence of an imported article starts as one) would bury them.
//! - ClaimReview publishes the *reviewed* claims: active claims with a rating and status done.
//!   Every other claim is left out with its reason; the export refuses only when a claim it
//!   would write lacks a property the markup needs (claim text, claimant, article URL, the
//!   organisation), so a half-filled review never leaves the desk.

use crate::project::article::Article;
use crate::project::claim::{Claim, Status, Triage};
use crate::project::manifest::Organisation;

use super::ExportData;

/// Whether the Markdown and HTML reports show this claim.
pub fn is_reported(c: &Claim) -> bool {
    c.is_active() && (c.triage == Triage::Kept || !c.verdict.rating.trim().is_empty())
}

/// Whether a URL can be published as a link: absolute http(s), no spaces or control characters.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(r) => {
            !r.is_empty()
                && !r.starts_with('/')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// Whether ClaimReview publishes this claim: active, rated, status done.
pub fn is_reviewed(c: &Claim) -> bool {
    c.is_active() && !c.verdict.rating.trim().is_empty() && c.verdict.status == Status::Done
}

/// Why an active claim is not published as ClaimReview ("no rating; status is \"open\",
/// not done"); `None` for a reviewed claim.
pub fn left_out_reason(c: &Claim) -> Option<String> {
    if is_reviewed(c) || !c.is_active() {
        return None;
    }
    let mut why = Vec::new();
    if c.verdict.rating.trim().is_empty() {
        why.push("no rating".to_string());
    }
    if c.verdict.status != Status::Done {
        why.push(format!(
            "status is {:?}, not done",
            c.verdict.status.as_str()
        ));
    }
    Some(why.join("; "))
}

/// Everything missing for ClaimReview among the claims it would write, one message per gap
/// naming the claim ("claim 7: no claimant"). Empty when every reviewed claim can be
/// published (or there is none).
pub fn review_problems(data: &ExportData) -> Vec<String> {
    let mut out = Vec::new();
    for (article, claims) in &data.articles {
        for c in claims.iter().filter(|c| is_reviewed(c)) {
            claim_problems(c, article, &mut out);
            if let Some(why) = data.scale.off_scale(&c.verdict.rating) {
                out.push(format!(
                    "claim {}: {why} (`factdesk verdict set {} --rating …`)",
                    c.id, c.id
                ));
            }
            desk_problems(data.two_person, c, &mut out);
        }
    }
    let any = data
        .articles
        .iter()
        .any(|(_, cs)| cs.iter().any(is_reviewed));
    if any {
        out.splice(0..0, organisation_problems(&data.organisation));
    }
    out
}

fn organisation_problems(org: &Organisation) -> Vec<String> {
    let mut out = Vec::new();
    if org.name.trim().is_empty() {
        out.push("the project has no organisation name (factdesk.toml [organisation] name)".into());
    }
    if org.url.trim().is_empty() {
        out.push("the project has no organisation URL (factdesk.toml [organisation] url)".into());
    } else if !is_web_url(org.url.trim()) {
        out.push(format!(
            "the organisation URL {:?} is not an http(s) URL",
            org.url
        ));
    }
    out
}

/// What the desk's own rules hold back: an unresolved sync conflict, and under two-person
/// review a verdict nobody else approved (or that changed since).
fn desk_problems(two_person: bool, c: &Claim, out: &mut Vec<String>) {
    let id = c.id;
    if !c.conflicts.is_empty() {
        out.push(format!(
            "claim {id}: unresolved sync conflict (`factdesk claim resolve {id}`)"
        ));
    }
    if two_person && c.verdict.status == Status::Done && !crate::review::approval_valid(c) {
        out.push(format!(
            "claim {id}: not approved by a second person, or changed since (`factdesk review approve {id}`)"
        ));
    }
}

fn claim_problems(c: &Claim, article: &Article, out: &mut Vec<String>) {
    let id = c.id;
    if c.text.trim().is_empty() {
        out.push(format!("claim {id}: no claim text"));
    }
    if c.claimant.trim().is_empty() {
        out.push(format!(
            "claim {id}: no claimant (who made the claim; `factdesk claim edit {id} --claimant NAME`)"
        ));
    }
    let url = article.meta.url.trim();
    if url.is_empty() {
        out.push(format!(
            "claim {id}: article {} has no URL (where the claim appeared)",
            article.meta.id
        ));
    } else if !is_web_url(url) {
        out.push(format!(
            "claim {id}: article URL {url:?} is not an http(s) URL"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls_only() {
        assert!(is_web_url("https://example.org/a?b=c#d"));
        assert!(is_web_url("HTTP://example.org"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url(" https://x.org"));
        assert!(!is_web_url("https://x.org/a b"));
        assert!(!is_web_url("https:///x"));
        assert!(!is_web_url("data:text/html,hi"));
        assert!(!is_web_url("//evil.example"));
    }
}

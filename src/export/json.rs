//! JSON: `factdesk claims --json` and `factdesk export --format json`.

use serde::Serialize;

use super::ExportData;
use crate::project::article::ArticleMeta;
use crate::project::claim::{format_time, Claim, Evidence};
use crate::project::team::{Conflict, Correction, Publication};

/// A claim as the JSON interfaces show it (flat: the verdict's fields at the top level).
#[derive(Debug, Serialize)]
pub struct ClaimJson<'a> {
    pub id: u32,
    pub article: &'a str,
    pub text: &'a str,
    pub span: [usize; 2],
    pub status: &'static str,
    /// `null` while the claim has no rating.
    pub rating: Option<&'a str>,
    pub explanation: &'a str,
    pub evidence: &'a [Evidence],
    pub triage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    pub claimant: &'a str,
    /// "person", "organization" or "unknown".
    pub claimant_kind: &'static str,
    /// The claimant was detected by factdesk and not yet confirmed by a person.
    pub claimant_detected: bool,
    pub notes: &'a str,
    pub reviewer: &'a str,
    /// Who works on the claim, who last set the verdict, when it was approved.
    pub assignee: &'a str,
    pub author: &'a str,
    pub approved: &'a str,
    pub corrections: &'a [Correction],
    /// Every version that left the desk, oldest first.
    pub published: &'a [Publication],
    /// Fields a sync found changed on both sides, with both values, until resolved.
    pub conflicts: &'a [Conflict],
    pub created: String,
    pub updated: String,
}

impl<'a> From<&'a Claim> for ClaimJson<'a> {
    fn from(c: &'a Claim) -> Self {
        ClaimJson {
            id: c.id,
            article: &c.article,
            text: &c.text,
            span: c.span,
            status: c.verdict.status.key(),
            rating: (!c.verdict.rating.is_empty()).then_some(c.verdict.rating.as_str()),
            explanation: &c.verdict.explanation,
            evidence: &c.verdict.evidence,
            triage: format!("{:?}", c.triage).to_lowercase(),
            score: c.score,
            claimant: &c.claimant,
            claimant_kind: c.claimant_kind.as_str(),
            claimant_detected: c.claimant_detected,
            notes: &c.verdict.notes,
            reviewer: &c.verdict.reviewer,
            assignee: &c.assignee,
            author: &c.verdict.author,
            approved: &c.verdict.approved,
            corrections: &c.verdict.corrections,
            published: &c.verdict.published,
            conflicts: &c.conflicts,
            created: format_time(&c.created),
            updated: format_time(&c.updated),
        }
    }
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    #[serde(flatten)]
    meta: &'a ArticleMeta,
    claims: Vec<ClaimJson<'a>>,
}

#[derive(Serialize)]
struct ExportJson<'a> {
    format: &'static str,
    project: &'a str,
    language: &'a str,
    organisation: &'a crate::project::manifest::Organisation,
    scale: &'a crate::project::scale::Scale,
    articles: Vec<ArticleJson<'a>>,
    /// Metadata of the sources evidence cites, by source id.
    sources: &'a std::collections::BTreeMap<String, super::SourceInfo>,
}

pub fn render(data: &ExportData) -> String {
    let doc = ExportJson {
        format: "factdesk-export-1",
        project: &data.name,
        language: &data.language,
        organisation: &data.organisation,
        scale: &data.scale,
        articles: data
            .articles
            .iter()
            .map(|(a, claims)| ArticleJson {
                meta: &a.meta,
                claims: claims.iter().map(ClaimJson::from).collect(),
            })
            .collect(),
        sources: &data.sources,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("export serialises");
    s.push('\n');
    s
}

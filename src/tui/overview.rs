//! The claims overview for triage: which claims are listed, in which order.

use crate::project::claim::{Claim, Status, Triage};
use crate::project::scale::Scale;

use super::state::{ArticleView, ClaimSort};

/// Ids of the claims shown: live claims, optionally one status only, in the chosen order.
pub fn rows(claims: &[Claim], scale: &Scale, filter: Option<usize>, sort: ClaimSort) -> Vec<u32> {
    let mut v: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.triage != Triage::Dropped)
        .filter(|c| filter.is_none_or(|i| Status::ALL.get(i) == Some(&c.verdict.status)))
        .collect();
    match sort {
        ClaimSort::Position => {}
        ClaimSort::Status => v.sort_by_key(|c| c.verdict.status),
        ClaimSort::Rating => v.sort_by_key(|c| {
            scale
                .find(&c.verdict.rating)
                .and_then(|r| r.value)
                .unwrap_or(i32::MAX)
        }),
    }
    v.into_iter().map(|c| c.id).collect()
}

/// Why the triage ranks claim `id` as it does ("number, date, attributed: sagte"), from the
/// built-in features in its article's language: a few microseconds, so it is computed for
/// the selected row when drawn.
pub fn reasons(claims: &[Claim], articles: &[ArticleView], id: u32) -> String {
    let Some(c) = claims.iter().find(|c| c.id == id) else {
        return String::new();
    };
    let lang = articles
        .iter()
        .find(|a| a.meta.id == c.article)
        .map_or("", |a| a.meta.language.as_str());
    let why = crate::triage::score_builtin(&c.text, lang).reasons;
    if why.is_empty() {
        "no triage reasons".into()
    } else {
        why.join(", ")
    }
}

pub fn next_sort(s: ClaimSort) -> ClaimSort {
    match s {
        ClaimSort::Position => ClaimSort::Status,
        ClaimSort::Status => ClaimSort::Rating,
        ClaimSort::Rating => ClaimSort::Position,
    }
}

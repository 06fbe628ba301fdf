//! Check-worthiness of a project's claims, each read in its article: the article's claims
//! in span order are the text whose position and neighbours the scorer sees (dropped
//! claims too: they are still sentences of the article). Import, `triage score`,
//! `claim show` and the workstation all score through here, so a claim's reasons match
//! its stored score.

use std::collections::BTreeMap;

use super::context::Sentence;
use super::features::Triage;
use super::model::Scorer;
use crate::project::claim::Claim;

/// Indices of `claims` grouped by article (in first-seen order), each group in span order.
pub fn by_article(claims: &[Claim]) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let g = groups.entry(c.article.as_str()).or_default();
        if g.is_empty() {
            order.push(c.article.as_str());
        }
        g.push(i);
    }
    order
        .into_iter()
        .filter_map(|a| groups.remove(a))
        .map(|mut g| {
            g.sort_by_key(|&i| (claims[i].span[0], claims[i].span[1], claims[i].id));
            g
        })
        .collect()
}

/// `per_docs` applied to the articles' claims (each article a text, in span order; all
/// articles in one call, so their sentences are embedded together), the results put back
/// in the order of `claims`. Articles are grouped by language: each call has one.
fn per_article<T: Clone>(
    claims: &[Claim],
    lang_of: impl Fn(&str) -> String,
    per_docs: impl Fn(&[&[Sentence]], &str) -> Vec<Vec<T>>,
) -> Vec<T> {
    let mut by_lang: BTreeMap<String, Vec<Vec<usize>>> = BTreeMap::new();
    for group in by_article(claims) {
        let lang = lang_of(&claims[group[0]].article);
        by_lang.entry(lang).or_default().push(group);
    }
    let mut out: Vec<Option<T>> = vec![None; claims.len()];
    for (lang, groups) in by_lang {
        let docs: Vec<Vec<Sentence>> = groups
            .iter()
            .map(|g| g.iter().map(|&i| Sentence::new(&claims[i].text)).collect())
            .collect();
        let refs: Vec<&[Sentence]> = docs.iter().map(|d| d.as_slice()).collect();
        for (group, scored) in groups.iter().zip(per_docs(&refs, &lang)) {
            for (i, t) in group.iter().zip(scored) {
                out[*i] = Some(t);
            }
        }
    }
    out.into_iter().flatten().collect()
}

/// Score and reasons of every claim, in the order of `claims`; `lang_of(article id)` is the
/// article's language.
pub fn score_claims(
    scorer: &Scorer,
    claims: &[Claim],
    lang_of: impl Fn(&str) -> String,
) -> Vec<Triage> {
    per_article(claims, lang_of, |docs, lang| scorer.score_docs(docs, lang))
}

/// Probabilities only (the fast path of import and re-scoring), in the order of `claims`.
pub fn probabilities(
    scorer: &Scorer,
    claims: &[Claim],
    lang_of: impl Fn(&str) -> String,
) -> Vec<f32> {
    per_article(claims, lang_of, |docs, lang| {
        scorer.probabilities_docs(docs, lang)
    })
}

/// Score and reasons of the claim with id `id` among `claims` (all of the project, or at
/// least all of its article); `None` when it is not there.
pub fn explain_claim(
    scorer: &Scorer,
    claims: &[Claim],
    id: u32,
    lang_of: impl Fn(&str) -> String,
) -> Option<Triage> {
    let article = &claims.iter().find(|c| c.id == id)?.article;
    let same: Vec<Claim> = claims
        .iter()
        .filter(|c| &c.article == article)
        .cloned()
        .collect();
    let at = same.iter().position(|c| c.id == id)?;
    score_claims(scorer, &same, lang_of).into_iter().nth(at)
}

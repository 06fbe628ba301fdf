//! schema.org ClaimReview JSON-LD, in the profile Google documents for fact-check markup.
//!
//! One `ClaimReview` per reviewed claim (see `select.rs` for which); every other claim is
//! named with the reason it was left out. Decisions, also in docs/publishing.md:
//! - `url`: `<organisation url>/<project slug>#claim-<id>`: the HTML report carries those
//!   anchors, so publishing it at `<organisation url>/<project slug>` makes every URL resolve.
//! - `datePublished`: the day the verdict was first published (the export that publishes it
//!   records that day), else the day it was last changed (`updated`).
//! - `dateModified`: the day of the latest correction, when it was corrected since.
//! - `itemReviewed.author`: the claimant, as an `Organization` when the claim file says so,
//!   else a `Person`; `appearance`: the article's URL.
//! - `reviewRating.ratingValue`/`bestRating`/`worstRating` only when the label has a number on
//!   the scale; `alternateName` always.

use serde_json::{json, Map, Value};

use super::select::{is_reviewed, left_out_reason, review_problems};
use super::ExportData;
use crate::project::article::Article;
use crate::project::claim::{Claim, ClaimantKind};

/// The JSON-LD of the reviewed claims, with a note per claim left out (and per claimant
/// written that nobody has confirmed); or every reason it cannot be written.
pub struct Reviews {
    pub text: String,
    pub notes: Vec<String>,
}

pub fn render(data: &ExportData) -> Result<Reviews, Vec<String>> {
    let problems = review_problems(data);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut notes = Vec::new();
    let mut reviews = Vec::new();
    for (a, c) in data
        .articles
        .iter()
        .flat_map(|(a, cs)| cs.iter().map(move |c| (a, c)))
    {
        if let Some(why) = left_out_reason(c) {
            notes.push(format!("ClaimReview: claim {} left out: {why}", c.id));
        } else if is_reviewed(c) {
            if c.claimant_detected {
                notes.push(format!(
                    "ClaimReview: claim {}: claimant {:?} was detected from the article and not confirmed (`factdesk claim confirm-claimant {}`)",
                    c.id,
                    factdesk_index::sanitize::sanitize_text(&c.claimant),
                    c.id
                ));
            }
            reviews.push(review(data, a, c));
        }
    }
    if reviews.is_empty() {
        notes.push(
            "ClaimReview: no reviewed claims (a claim needs a rating and status done), wrote an empty list"
                .into(),
        );
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(reviews)).expect("JSON serialises");
    text.push('\n');
    Ok(Reviews { text, notes })
}

/// The URL a claim's review is published at.
pub fn review_url(data: &ExportData, claim_id: u32) -> String {
    format!(
        "{}/{}#claim-{claim_id}",
        data.organisation.url.trim().trim_end_matches('/'),
        slug(&data.name)
    )
}

fn review(data: &ExportData, article: &Article, c: &Claim) -> Value {
    let m = &article.meta;
    let mut appearance = Map::new();
    appearance.insert("@type".into(), json!("CreativeWork"));
    appearance.insert("url".into(), json!(m.url.trim()));
    if !m.title.is_empty() {
        appearance.insert("headline".into(), json!(m.title));
    }
    if !m.date.is_empty() {
        appearance.insert("datePublished".into(), json!(m.date));
    }
    if !m.publisher.is_empty() {
        appearance.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": m.publisher}),
        );
    }
    let mut item = Map::new();
    item.insert("@type".into(), json!("Claim"));
    let kind = match c.claimant_kind {
        ClaimantKind::Organization => "Organization",
        ClaimantKind::Person | ClaimantKind::Unknown => "Person",
    };
    item.insert(
        "author".into(),
        json!({"@type": kind, "name": c.claimant.trim()}),
    );
    if !m.date.is_empty() {
        item.insert("datePublished".into(), json!(m.date));
    }
    item.insert("appearance".into(), Value::Object(appearance));

    let published = c
        .verdict
        .published
        .first()
        .and_then(|p| p.at.get(..10))
        .map_or_else(|| c.updated.format("%Y-%m-%d").to_string(), str::to_string);
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url(data, c.id),
        "claimReviewed": c.text.trim(),
        "datePublished": published,
        "inLanguage": m.language,
        "author": {
            "@type": "Organization",
            "name": data.organisation.name.trim(),
            "url": data.organisation.url.trim(),
        },
        "reviewRating": rating(data, &c.verdict.rating),
        "itemReviewed": Value::Object(item),
    });
    if let Some(day) = c.verdict.corrections.last().and_then(|k| k.at.get(..10)) {
        review["dateModified"] = json!(day);
    }
    let citations: Vec<Value> = c
        .verdict
        .evidence
        .iter()
        .map(|e| citation(data, e))
        .collect();
    if !citations.is_empty() {
        review["citation"] = Value::Array(citations);
    }
    review
}

/// An evidence quote as a schema.org `Quotation` of the work it is based on; a quote kept
/// with `--unverified` carries `creativeWorkStatus: "unverified"`.
fn citation(data: &ExportData, e: &crate::project::claim::Evidence) -> Value {
    let mut work = Map::new();
    work.insert("@type".into(), json!("CreativeWork"));
    if let Some(src) = data.source(&e.source) {
        if !src.title.is_empty() {
            work.insert("name".into(), json!(src.title));
        }
        if super::is_web_url(&src.url) {
            work.insert("url".into(), json!(src.url));
        }
        if !src.publisher.is_empty() {
            work.insert(
                "publisher".into(),
                json!({"@type": "Organization", "name": src.publisher}),
            );
        }
        if !src.date.is_empty() {
            work.insert("datePublished".into(), json!(src.date));
        }
    }
    let mut q = Map::new();
    q.insert("@type".into(), json!("Quotation"));
    q.insert("text".into(), json!(e.quote));
    q.insert("isBasedOn".into(), Value::Object(work));
    if e.unverified {
        q.insert("creativeWorkStatus".into(), json!("unverified"));
    }
    Value::Object(q)
}

fn rating(data: &ExportData, label: &str) -> Value {
    let scale = &data.scale;
    let found = scale.find(label);
    let mut r = Map::new();
    r.insert("@type".into(), json!("Rating"));
    r.insert(
        "alternateName".into(),
        json!(found.map(|r| r.label.as_str()).unwrap_or(label.trim())),
    );
    if let (Some(v), Some(best), Some(worst)) =
        (found.and_then(|r| r.value), scale.best, scale.worst)
    {
        r.insert("ratingValue".into(), json!(v));
        r.insert("bestRating".into(), json!(best));
        r.insert("worstRating".into(), json!(worst));
    }
    Value::Object(r)
}

/// A URL path segment from a project name: lowercase ASCII letters and digits, German letters
/// transliterated, everything else folded into single hyphens.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars().flat_map(|c| c.to_lowercase()) {
        let piece: &str = match ch {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if piece == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(piece);
        }
    }
    let s = out.trim_end_matches('-').to_string();
    if s.is_empty() {
        "factcheck".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Demo: Kreml bestreitet Größe"),
            "demo-kreml-bestreitet-groesse"
        );
        assert_eq!(slug("  ***  "), "factcheck");
        assert_eq!(slug("<script>"), "script");
    }
}

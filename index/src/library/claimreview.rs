//! Reading published ClaimReview JSON-LD (schema.org) into library entries.
//!
//! Accepted shapes: one object, an array of objects, or an object with `@graph`, nested at
//! most [`MAX_DEPTH`] levels. Anything that is not a usable ClaimReview is skipped with a
//! message naming the file and the entry; nothing here panics on hostile input (serde_json
//! itself refuses nesting deeper than 128).

use serde_json::Value;

use super::LibraryEntry;
use crate::extract::{detect_lang, normalize_date};
use crate::source::Lang;

/// Containers (`@graph`, arrays) are followed this deep.
const MAX_DEPTH: usize = 6;
/// Longest claim text kept, in characters.
const MAX_CLAIM_CHARS: usize = 2_000;
/// Longest single metadata value kept, in characters.
const MAX_FIELD_CHARS: usize = 500;
/// Reviews read from one file at most: a bigger file is an accident or an attack.
const MAX_REVIEWS: usize = 100_000;

/// What one file yielded.
#[derive(Debug, Default)]
pub struct ClaimReviewFile {
    pub entries: Vec<LibraryEntry>,
    /// One message per skipped entry, each naming the file and the entry.
    pub skipped: Vec<String>,
}

/// The origin prefix of everything imported from `file_label`: re-importing a file replaces
/// what it gave before.
pub fn origin_prefix(file_label: &str) -> String {
    format!("claimreview:{file_label}#")
}

/// Parses a file's text. `file_label` names the file in origins and messages.
pub fn parse_claimreviews(text: &str, file_label: &str) -> ClaimReviewFile {
    let mut out = ClaimReviewFile::default();
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            out.skipped
                .push(format!("{file_label}: not JSON ({e}); nothing imported"));
            return out;
        }
    };
    let mut reviews = Vec::new();
    collect(&value, 0, &mut reviews);
    if reviews.is_empty() {
        out.skipped.push(format!(
            "{file_label}: no object with \"@type\": \"ClaimReview\""
        ));
    }
    for (n, review) in reviews.into_iter().take(MAX_REVIEWS).enumerate() {
        let label = format!("{file_label}: entry {}", n + 1);
        match entry_from(review, &origin_prefix(file_label), n + 1) {
            Ok(e) => out.entries.push(e),
            Err(why) => out.skipped.push(format!("{label}: {why}; skipped")),
        }
    }
    out
}

fn is_claim_review(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => type_is_claim_review(t),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(type_is_claim_review)),
        _ => false,
    }
}

fn type_is_claim_review(t: &str) -> bool {
    t == "ClaimReview" || t.ends_with("/ClaimReview") || t.ends_with(":ClaimReview")
}

fn collect<'a>(v: &'a Value, depth: usize, out: &mut Vec<&'a Value>) {
    if depth > MAX_DEPTH || out.len() >= MAX_REVIEWS {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                collect(item, depth + 1, out);
            }
        }
        Value::Object(map) => {
            if is_claim_review(v) {
                out.push(v);
            } else if let Some(graph) = map.get("@graph") {
                collect(graph, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > max {
        s.chars().take(max).chain("…".chars()).collect()
    } else {
        s
    }
}

/// A text value: a string, or the first usable one of an array, or an object's `name`.
fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => clip(s, MAX_FIELD_CHARS),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| text_of(Some(i)))
            .find(|s| !s.is_empty())
            .unwrap_or_default(),
        Some(Value::Object(o)) => text_of(o.get("name")),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The first object of a value that is an object or an array of objects.
fn object_of(v: Option<&Value>) -> Option<&Value> {
    match v? {
        o @ Value::Object(_) => Some(o),
        Value::Array(items) => items.iter().find(|i| i.is_object()),
        _ => None,
    }
}

fn lang_of(v: Option<&Value>) -> Option<Lang> {
    let code = match v? {
        Value::String(s) => s.clone(),
        Value::Object(o) => text_of(o.get("alternateName").or(o.get("name"))),
        Value::Array(items) => return items.iter().find_map(|i| lang_of(Some(i))),
        _ => return None,
    };
    // "de-DE", "en_GB": only the primary subtag matters to the analyzers.
    let primary = code.split(['-', '_']).next().unwrap_or("");
    match Lang::from_code(primary.trim()) {
        Lang::Other => None,
        l => Some(l),
    }
}

fn entry_from(review: &Value, prefix: &str, n: usize) -> Result<LibraryEntry, String> {
    let claim = match review.get("claimReviewed") {
        Some(Value::String(s)) => clip(s, MAX_CLAIM_CHARS),
        _ => String::new(),
    };
    if claim.is_empty() {
        return Err("no claimReviewed text".into());
    }
    let rating_obj = object_of(review.get("reviewRating"));
    let mut rating = text_of(rating_obj.and_then(|r| r.get("alternateName")));
    if rating.is_empty() {
        // Some publishers give only a numeric rating with its scale.
        if let Some(value) = rating_obj.map(|r| text_of(r.get("ratingValue"))) {
            if !value.is_empty() {
                let best = text_of(rating_obj.and_then(|r| r.get("bestRating")));
                rating = if best.is_empty() {
                    value
                } else {
                    format!("{value}/{best}")
                };
            }
        }
    }
    if rating.is_empty() {
        return Err("no reviewRating.alternateName".into());
    }
    let item = object_of(review.get("itemReviewed"));
    let date_raw = text_of(review.get("datePublished"));
    let date = normalize_date(&date_raw).unwrap_or_default();
    let lang = lang_of(review.get("inLanguage")).unwrap_or_else(|| match detect_lang(&claim) {
        Lang::De => Lang::De,
        _ => Lang::En,
    });
    Ok(LibraryEntry {
        origin: format!("{prefix}{n}"),
        claim,
        rating,
        explanation: String::new(),
        date,
        url: text_of(review.get("url")),
        publisher: text_of(review.get("author")),
        claimant: text_of(item.and_then(|i| i.get("author"))),
        lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_arrays_are_followed() {
        let text = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage"},
            {"@type":["ClaimReview"],"claimReviewed":"Die Erde ist flach",
             "reviewRating":{"@type":"Rating","alternateName":"Falsch"},
             "url":"https://example.org/a","datePublished":"2023-10-17T08:00:00+02:00",
             "author":{"@type":"Organization","name":"Beispiel-Check"},
             "itemReviewed":{"@type":"Claim","author":{"name":"Max"}},
             "inLanguage":"de-DE"}]}"#;
        let got = parse_claimreviews(text, "f.json");
        assert!(got.skipped.is_empty(), "{:?}", got.skipped);
        let e = &got.entries[0];
        assert_eq!(e.origin, "claimreview:f.json#1");
        assert_eq!(e.rating, "Falsch");
        assert_eq!(e.date, "2023-10-17");
        assert_eq!(e.publisher, "Beispiel-Check");
        assert_eq!(e.claimant, "Max");
        assert_eq!(e.lang, Lang::De);
    }

    #[test]
    fn bad_entries_are_named_and_skipped() {
        let text = r#"[{"@type":"ClaimReview","claimReviewed":5},
            {"@type":"ClaimReview","claimReviewed":"x","reviewRating":[]},
            {"@type":"ClaimReview","claimReviewed":"ok","reviewRating":{"ratingValue":2,"bestRating":5}}]"#;
        let got = parse_claimreviews(text, "g.json");
        assert_eq!(got.entries.len(), 1);
        assert_eq!(got.entries[0].rating, "2/5");
        assert_eq!(got.skipped.len(), 2);
        assert!(
            got.skipped[0].contains("g.json: entry 1"),
            "{:?}",
            got.skipped
        );
    }

    #[test]
    fn hostile_json_does_not_panic() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        for text in [
            deep.as_str(),
            "",
            "null",
            "\"x\"",
            "{\"@graph\":{\"@graph\":7}}",
        ] {
            let got = parse_claimreviews(text, "h.json");
            assert!(got.entries.is_empty());
            assert!(!got.skipped.is_empty());
        }
    }
}

//! schema.org metadata in `<script type="application/ld+json">`, which many news sites
//! fill more reliably than their meta tags (author names, publication dates).

use super::meta::{lang_from_tag, Meta};
use serde_json::Value;

/// Reads the article-like object of one JSON-LD block. Unparseable blocks give nothing.
pub fn read_json_ld(json: &str) -> Meta {
    let Ok(value) = serde_json::from_str::<Value>(json) else {
        return Meta::default();
    };
    let mut candidates = Vec::new();
    collect_objects(&value, &mut candidates);
    let best = candidates
        .iter()
        .find(|o| type_matches(o, |t| t.ends_with("Article") || t == "BlogPosting"))
        .or_else(|| {
            candidates
                .iter()
                .find(|o| type_matches(o, |t| t == "WebPage"))
        });
    let Some(obj) = best else {
        return Meta::default();
    };
    Meta {
        title: string(obj.get("headline")).or_else(|| string(obj.get("name"))),
        publisher: names(obj.get("publisher")),
        author: names(obj.get("author")),
        url: string(obj.get("url")).or_else(|| {
            obj.get("mainEntityOfPage")
                .and_then(|m| string(Some(m)).or_else(|| string(m.get("@id"))))
        }),
        date: string(obj.get("datePublished")).or_else(|| string(obj.get("dateCreated"))),
        lang: string(obj.get("inLanguage")).and_then(|l| lang_from_tag(&l)),
    }
}

/// Top-level objects, array items and `@graph` members (one level deep is what sites use).
fn collect_objects<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => {
            for item in items.iter().take(50) {
                if item.is_object() {
                    out.push(item);
                    if let Some(Value::Array(graph)) = item.get("@graph") {
                        out.extend(graph.iter().take(50).filter(|g| g.is_object()));
                    }
                }
            }
        }
        Value::Object(_) => {
            out.push(v);
            if let Some(Value::Array(graph)) = v.get("@graph") {
                out.extend(graph.iter().take(50).filter(|g| g.is_object()));
            }
        }
        _ => {}
    }
}

fn type_matches(obj: &Value, pred: impl Fn(&str) -> bool) -> bool {
    match obj.get("@type") {
        Some(Value::String(t)) => pred(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(pred),
        _ => false,
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// A person or organisation: a string, an object with `name`, or a list of those.
fn names(v: Option<&Value>) -> Option<String> {
    let one = |v: &Value| string(Some(v)).or_else(|| string(v.get("name")));
    let joined = match v? {
        Value::Array(items) => items
            .iter()
            .take(20)
            .filter_map(one)
            .collect::<Vec<_>>()
            .join(", "),
        other => one(other)?,
    };
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_article_in_graph() {
        let json = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Site"},
            {"@type":"NewsArticle","headline":"Kreml bestreitet Lieferungen",
             "datePublished":"2023-10-17T09:30:00+02:00",
             "author":[{"@type":"Person","name":"A. Autor"},{"name":"B. Autorin"}],
             "publisher":{"@type":"Organization","name":"Zeitung"},
             "mainEntityOfPage":{"@id":"https://zeitung.example/a"},"inLanguage":"de-DE"}]}"#;
        let m = read_json_ld(json);
        assert_eq!(m.title.as_deref(), Some("Kreml bestreitet Lieferungen"));
        assert_eq!(m.author.as_deref(), Some("A. Autor, B. Autorin"));
        assert_eq!(m.publisher.as_deref(), Some("Zeitung"));
        assert_eq!(m.url.as_deref(), Some("https://zeitung.example/a"));
        assert_eq!(m.date.as_deref(), Some("2023-10-17T09:30:00+02:00"));
        assert_eq!(m.lang, Some(crate::source::Lang::De));
    }

    #[test]
    fn broken_or_unrelated_json() {
        assert_eq!(read_json_ld("{not json"), Meta::default());
        assert_eq!(
            read_json_ld(r#"{"@type":"Organization","name":"X"}"#),
            Meta::default()
        );
    }
}

//! What the Markdown and HTML reports both draw, worked out once: the details line under an
//! article's title and the article text cut into plain stretches and marked claims. Each
//! format only escapes and decorates.

use crate::project::article::{Article, ArticleMeta};
use crate::project::claim::Claim;

/// A stretch of an article's text: plain, or the span of a reported claim.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    Plain(String),
    Claim(String, &'a Claim),
}

/// The article's text in order, each claim's span cut out as a [`Piece::Claim`]. Spans are
/// clamped to the text; a claim that overlaps an earlier marked one is left unmarked.
pub fn article_pieces<'a>(article: &Article, claims: &[&'a Claim]) -> Vec<Piece<'a>> {
    let chars: Vec<char> = article.text.chars().collect();
    let mut spans: Vec<(usize, usize, &Claim)> = claims
        .iter()
        .map(|c| (c.span[0].min(chars.len()), c.span[1].min(chars.len()), *c))
        .filter(|(a, b, _)| a < b)
        .collect();
    spans.sort_by_key(|(a, b, c)| (*a, *b, c.id));
    let text = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    let mut pieces = Vec::new();
    let mut pos = 0;
    for (start, end, c) in spans {
        if start < pos {
            continue;
        }
        if pos < start {
            pieces.push(Piece::Plain(text(pos..start)));
        }
        pieces.push(Piece::Claim(text(start..end), c));
        pos = end;
    }
    if pos < chars.len() {
        pieces.push(Piece::Plain(text(pos..chars.len())));
    }
    pieces
}

/// A field a sync left with two values, as a report shows it: the field in the report's
/// words and every value recorded, each on one line (unescaped: each format escapes).
#[derive(Debug, PartialEq)]
pub struct OpenConflict {
    pub field: String,
    pub values: Vec<String>,
}

/// The claim's open sync conflicts, each field once. A report that showed only this machine's
/// value would present an undecided verdict as settled.
pub fn open_conflicts(c: &Claim, l: &super::labels::Labels) -> Vec<OpenConflict> {
    crate::resolve::fields(c)
        .into_iter()
        .map(|field| {
            let values = crate::resolve::values_of(c, &field)
                .iter()
                .map(|v| {
                    let shown = crate::project::team::Conflict::show(v);
                    shown.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect();
            let name = match field.as_str() {
                "verdict.rating" => l.rating.to_string(),
                "verdict.explanation" => l.explanation.to_string(),
                "verdict.status" => l.status.to_string(),
                "text" => l.claim.to_string(),
                other => other.to_string(),
            };
            OpenConflict {
                field: name,
                values,
            }
        })
        .collect()
}

/// Publisher, author and date (through `escape`) and the URL (through `link`), in that order,
/// leaving out what is empty.
pub fn article_details(
    meta: &ArticleMeta,
    escape: impl Fn(&str) -> String,
    link: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut details: Vec<String> = [&meta.publisher, &meta.author, &meta.date]
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| escape(v))
        .collect();
    if !meta.url.is_empty() {
        details.push(link(&meta.url));
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(id: u32, span: [usize; 2]) -> Claim {
        Claim {
            id,
            article: "a".into(),
            span,
            text: String::new(),
            triage: Default::default(),
            score: None,
            claimant: String::new(),
            assignee: String::new(),
            claimant_kind: Default::default(),
            claimant_detected: false,
            created: chrono::Utc::now(),
            updated: chrono::Utc::now(),
            verdict: Default::default(),
            conflicts: Vec::new(),
        }
    }

    #[test]
    fn claims_are_cut_out_in_order_and_overlaps_left_plain() {
        let article = Article {
            meta: ArticleMeta::default(),
            text: "Äpfel kosten 3 €. Birnen 2 €.".into(),
        };
        let (a, b, overlapping, outside) = (
            claim(2, [18, 29]),
            claim(1, [0, 17]),
            claim(3, [10, 20]),
            claim(4, [40, 50]),
        );
        let pieces = article_pieces(&article, &[&a, &b, &overlapping, &outside]);
        assert_eq!(
            pieces,
            vec![
                Piece::Claim("Äpfel kosten 3 €.".into(), &b),
                Piece::Plain(" ".into()),
                Piece::Claim("Birnen 2 €.".into(), &a),
            ]
        );
    }

    #[test]
    fn details_skip_empty_fields() {
        let meta = ArticleMeta {
            publisher: "dpa".into(),
            date: "2023-10-17".into(),
            url: "https://example.org/a".into(),
            ..ArticleMeta::default()
        };
        let details = article_details(&meta, |s| s.to_uppercase(), |u| format!("<{u}>"));
        assert_eq!(details, ["DPA", "2023-10-17", "<https://example.org/a>"]);
    }
}

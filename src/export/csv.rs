//! CSV of claims and verdicts for spreadsheets: RFC 4180 (CRLF, quoted fields; the separator
//! a comma or, for German spreadsheets, `--delimiter ';'`), UTF-8 with a byte-order mark so
//! spreadsheet programs read umlauts right, and no cell a spreadsheet would run as a formula
//! (articles and sources are hostile input).

use super::ExportData;
use crate::project::claim::{format_time, Claim};

const HEADER: [&str; 17] = [
    "claim_id",
    "article_id",
    "article_title",
    "article_url",
    "claim",
    "span_start",
    "span_end",
    "claimant",
    "triage",
    "score",
    "status",
    "rating",
    "rating_value",
    "explanation",
    "evidence",
    "reviewer",
    "updated",
];

/// Every active claim (candidates too: the spreadsheet is the desk's working list), with
/// `delimiter` between the fields.
pub fn render(data: &ExportData, delimiter: char) -> String {
    let mut s = String::from("\u{feff}");
    push_row(&mut s, HEADER.iter().map(|h| h.to_string()), delimiter);
    for (article, claims) in &data.articles {
        for c in claims {
            push_row(&mut s, row(data, &article.meta, c).into_iter(), delimiter);
        }
    }
    s
}

fn row(data: &ExportData, a: &crate::project::article::ArticleMeta, c: &Claim) -> Vec<String> {
    let v = &c.verdict;
    let value = data
        .scale
        .find(&v.rating)
        .and_then(|r| r.value)
        .map(|n| n.to_string())
        .unwrap_or_default();
    let evidence: Vec<String> = v
        .evidence
        .iter()
        .map(|e| {
            let src = data
                .source(&e.source)
                .map(|s| {
                    let name = if s.url.is_empty() {
                        s.title.clone()
                    } else {
                        s.url.clone()
                    };
                    match super::capture_citation(e, s, "captured") {
                        Some(c) => format!("{name} ({c})"),
                        None => name,
                    }
                })
                .unwrap_or_else(|| e.source.clone());
            let mark = if e.unverified { " [unverified]" } else { "" };
            format!("{}: {} — \"{}\"{mark}", e.stance.as_str(), src, e.quote)
        })
        .collect();
    vec![
        c.id.to_string(),
        a.id.clone(),
        a.title.clone(),
        a.url.clone(),
        c.text.clone(),
        c.span[0].to_string(),
        c.span[1].to_string(),
        c.claimant.clone(),
        format!("{:?}", c.triage).to_lowercase(),
        c.score.map(|x| format!("{x:.3}")).unwrap_or_default(),
        v.status.key().to_string(),
        v.rating.clone(),
        value,
        v.explanation.clone(),
        evidence.join("\n"),
        v.reviewer.clone(),
        format_time(&c.updated),
    ]
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>, delimiter: char) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        out.push_str(&field_with(&cell, delimiter));
    }
    out.push_str("\r\n");
}

/// One cell of a comma-separated file: see [`field_with`].
pub fn field(cell: &str) -> String {
    field_with(cell, ',')
}

/// One cell: formula triggers defused with a leading apostrophe, then quoted when it holds the
/// delimiter, a quote or a line break (quotes doubled).
pub fn field_with(cell: &str, delimiter: char) -> String {
    let defused;
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        defused = format!("'{cell}");
        defused.as_str()
    } else {
        cell
    };
    if cell.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{field, field_with};

    #[test]
    fn quoting_and_formula_injection() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-2"), "'-2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field(""), "");
        assert_eq!(field_with("a,b", ';'), "a,b");
        assert_eq!(field_with("a;b", ';'), "\"a;b\"");
        assert_eq!(field_with("a\tb", '\t'), "\"a\tb\"");
    }
}

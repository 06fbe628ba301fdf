//! A Markdown report: per article, the claims with rating, explanation and evidence.

use std::fmt::Write;

use super::ExportData;

struct Labels {
    claims: &'static str,
    rating: &'static str,
    status: &'static str,
    evidence: &'static str,
    no_rating: &'static str,
    source: &'static str,
}

fn labels(lang: &str) -> Labels {
    if lang == "de" {
        Labels {
            claims: "Behauptungen",
            rating: "Bewertung",
            status: "Status",
            evidence: "Belege",
            no_rating: "noch keine Bewertung",
            source: "Quelle",
        }
    } else {
        Labels {
            claims: "Claims",
            rating: "Rating",
            status: "Status",
            evidence: "Evidence",
            no_rating: "not rated yet",
            source: "Source",
        }
    }
}

/// Text safe inside Markdown: characters with Markdown meaning are escaped so an article
/// cannot inject links, HTML or headings into the report.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn render(data: &ExportData) -> String {
    let l = labels(&data.language);
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", escape(&data.name));
    for (article, claims) in &data.articles {
        let m = &article.meta;
        let _ = writeln!(
            s,
            "## {}\n",
            escape(if m.title.is_empty() { &m.id } else { &m.title })
        );
        let details: Vec<String> = [&m.publisher, &m.author, &m.date, &m.url]
            .iter()
            .filter(|v| !v.is_empty())
            .map(|v| escape(v))
            .collect();
        if !details.is_empty() {
            let _ = writeln!(s, "{}\n", details.join(" · "));
        }
        let _ = writeln!(s, "### {}\n", l.claims);
        for c in claims {
            let rating = if c.verdict.rating.is_empty() {
                l.no_rating.to_string()
            } else {
                escape(&c.verdict.rating)
            };
            let _ = writeln!(s, "#### {} {}\n", c.id, escape(&c.text));
            let _ = writeln!(s, "- **{}:** {}", l.rating, rating);
            let _ = writeln!(s, "- **{}:** {}\n", l.status, c.verdict.status.as_str());
            if !c.verdict.explanation.is_empty() {
                for line in c.verdict.explanation.lines() {
                    let _ = writeln!(s, "{}", escape(line));
                }
                s.push('\n');
            }
            if !c.verdict.evidence.is_empty() {
                let _ = writeln!(s, "{}:\n", l.evidence);
                for e in &c.verdict.evidence {
                    let _ = writeln!(
                        s,
                        "- *{}* — {} {}: > {}",
                        e.stance.as_str(),
                        l.source,
                        &e.source[..e.source.len().min(12)],
                        escape(&e.quote)
                    );
                }
                s.push('\n');
            }
        }
    }
    s
}

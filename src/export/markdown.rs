//! A Markdown report: per article, its text with the claims marked, then per claim the
//! rating, status, explanation and evidence with quotes and links.

use std::fmt::Write;

use super::labels::{self, labels};
use super::report::{self, Piece};
use super::select::{is_reported, is_web_url};
use super::ExportData;
use crate::project::article::Article;
use crate::project::claim::Claim;

/// Text safe inside Markdown: characters with Markdown meaning are escaped so an article
/// cannot inject links, HTML, emphasis or headings into the report.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '|'
                | '!'
                | '{'
                | '}'
                | '('
                | ')'
                | '~'
                | '&'
        ) {
            out.push('\\');
        }
        if c.is_control() && c != '\n' && c != '\t' {
            out.push('\u{FFFD}');
            continue;
        }
        out.push(c);
    }
    out
}

/// One line of text: like [`escape`], with a line start that would begin a list, rule or
/// numbered item defused.
fn escape_line(line: &str) -> String {
    defuse_block_start(&escape(line))
}

/// A Markdown link for http(s) URLs (angle-bracket form, so parentheses in the URL are safe);
/// other URLs are shown as escaped text, never as links.
fn link(url: &str, text: &str) -> String {
    let url = url.trim();
    if is_web_url(url) {
        let u = url.replace('<', "%3C").replace('>', "%3E");
        format!("[{}](<{u}>)", escape(text))
    } else {
        escape(text)
    }
}

pub fn render(data: &ExportData) -> String {
    let lang = data.language.as_str();
    let l = labels(lang);
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", escape(&data.name));
    if !data.organisation.name.trim().is_empty() {
        let _ = writeln!(
            s,
            "{} {}\n",
            l.published_by,
            link(&data.organisation.url, &data.organisation.name)
        );
    }
    for (article, claims) in &data.articles {
        let m = &article.meta;
        let _ = writeln!(
            s,
            "## {}\n",
            escape(if m.title.is_empty() { &m.id } else { &m.title })
        );
        let details = report::article_details(m, escape, |url| link(url, url));
        if !details.is_empty() {
            let _ = writeln!(s, "{}\n", details.join(" · "));
        }
        let reported: Vec<&Claim> = claims.iter().filter(|c| is_reported(c)).collect();
        let _ = writeln!(s, "### {}\n", l.article);
        s.push_str(&marked_text(article, &reported));
        s.push_str("\n\n");
        let _ = writeln!(s, "### {}\n", l.claims);
        if reported.is_empty() {
            let _ = writeln!(s, "{}\n", l.no_claims);
        }
        for c in reported {
            claim(&mut s, data, lang, c);
        }
    }
    s
}

/// The article as quoted paragraphs, claims in bold with their number.
fn marked_text(article: &Article, claims: &[&Claim]) -> String {
    // Built line by line so emphasis never spans a line break.
    let mut out = String::new();
    for piece in report::article_pieces(article, claims) {
        match piece {
            Piece::Plain(text) => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str(&escape(line));
                }
            }
            Piece::Claim(text, c) => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    let t = line.trim();
                    if !t.is_empty() {
                        let _ = write!(out, "**{}**", escape(t));
                    }
                }
                let _ = write!(out, " [\\[{id}\\]](#claim-{id})", id = c.id);
            }
        }
    }
    // Quote block; each line's start defused against list and heading syntax.
    out.split('\n')
        .map(|line| {
            if line.is_empty() {
                ">".to_string()
            } else {
                format!("> {}", defuse_block_start(line))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn defuse_block_start(line: &str) -> String {
    let trimmed = line.trim_start();
    let lead = &line[..line.len() - trimmed.len()];
    if trimmed.starts_with(['-', '+', '=']) {
        return format!("{lead}\\{trimmed}");
    }
    let digits = trimmed.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
        return format!("{lead}{}\\{}", &trimmed[..digits], &trimmed[digits..]);
    }
    line.to_string()
}

fn claim(s: &mut String, data: &ExportData, lang: &str, c: &Claim) {
    let l = labels(lang);
    let v = &c.verdict;
    let rating = if v.rating.trim().is_empty() {
        format!("*{}*", l.no_rating)
    } else {
        format!("**{}**", escape(&v.rating))
    };
    let _ = writeln!(s, "<a id=\"claim-{}\"></a>\n", c.id);
    let _ = writeln!(s, "#### {} {}: {}\n", l.claim, c.id, escape(&c.text));
    let _ = writeln!(s, "- **{}:** {}", l.rating, rating);
    let _ = writeln!(s, "- **{}:** {}", l.status, labels::status(lang, v.status));
    if !c.claimant.trim().is_empty() {
        let _ = writeln!(s, "- **{}:** {}", l.claimant, escape(&c.claimant));
    }
    for k in report::open_conflicts(c, &l) {
        let values: Vec<String> = k
            .values
            .iter()
            .map(|v| format!("“{}”", escape(v)))
            .collect();
        let _ = writeln!(
            s,
            "- **⚠ {}:** {}: {}",
            l.conflict,
            escape(&k.field),
            values.join(" / ")
        );
    }
    s.push('\n');
    if !v.explanation.trim().is_empty() {
        let _ = writeln!(s, "**{}:**\n", l.explanation);
        for line in v.explanation.trim().lines() {
            let _ = writeln!(s, "{}", escape_line(line));
        }
        s.push('\n');
    }
    if !v.corrections.is_empty() {
        let _ = writeln!(s, "**{}:**\n", l.corrections);
        for k in &v.corrections {
            let day = k.at.get(..10).unwrap_or(&k.at);
            let _ = writeln!(s, "- {}: {}", escape(day), escape(k.text.trim()));
        }
        s.push('\n');
    }
    if !v.evidence.is_empty() {
        let _ = writeln!(s, "**{}:**\n", l.evidence);
        for e in &v.evidence {
            let cite = match data.source(&e.source) {
                Some(src) => {
                    let name = if src.title.is_empty() {
                        format!("{} {}", l.source, super::short_id(&e.source))
                    } else {
                        src.title.clone()
                    };
                    let mut cite = link(&src.url, &name);
                    let extra: Vec<String> = [&src.publisher, &src.date]
                        .into_iter()
                        .filter(|x| !x.is_empty())
                        .map(|x| escape(x))
                        .collect();
                    if !extra.is_empty() {
                        let _ = write!(cite, " \\({}\\)", extra.join(", "));
                    }
                    if let Some(c) = super::capture_citation(e, src, l.captured) {
                        let _ = write!(cite, ", {}", escape(&c));
                    }
                    cite
                }
                None => format!(
                    "{} {} \\({}\\)",
                    l.source,
                    super::short_id(&e.source),
                    l.unknown_source
                ),
            };
            let _ = writeln!(s, "- *{}*: {cite}", labels::stance(lang, e.stance));
            if e.unverified {
                let _ = writeln!(s, "  **{}**", escape(l.unverified));
            }
            for line in e.quote.trim().lines() {
                let _ = writeln!(s, "  > {}", escape(line));
            }
            if !e.note.trim().is_empty() {
                let _ = writeln!(s, "\n  {}", escape(e.note.trim()));
            }
        }
        s.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(escape("[x](javascript:y)"), "\\[x\\]\\(javascript:y\\)");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape_line("- item"), "\\- item");
        assert_eq!(escape_line("1. item"), "1\\. item");
        assert_eq!(escape_line("13) Oktober"), "13\\) Oktober");
    }

    #[test]
    fn links_only_for_web_urls() {
        assert_eq!(link("javascript:alert(1)", "x"), "x");
        assert_eq!(
            link("https://a.example/(b)", "t"),
            "[t](<https://a.example/(b)>)"
        );
    }
}

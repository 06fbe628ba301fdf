//! One self-contained HTML report: no scripts, no external resources, a restrictive
//! Content-Security-Policy, and every piece of text escaped for the context it lands in.
//! Articles and sources are hostile input: a `<script>` in them must show up as text.

use std::fmt::Write;

use super::labels::{self, labels, Labels};
use super::report::{self, Piece};
use super::select::{is_reported, is_web_url};
use super::ExportData;
use crate::project::article::Article;
use crate::project::claim::Claim;
use crate::project::scale::Tone;

/// The policy in the report's meta tag: nothing may load or run; inline styles only.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
:root { --true: #1b7f3b; --mixed: #b36b00; --false: #b3261e; --unproven: #4a5a8a; --other: #666; }
body { font: 16px/1.55 Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1a1a1a; }
h1, h2, h3, h4, h5 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; }
.meta { color: #555; font-size: .9em; }
.article-text { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid #ddd; padding-left: 1em; }
a.claim-link { color: inherit; text-decoration: none; }
mark { padding: 0 .1em; border-radius: 2px; }
mark.tone-true { background: #d7f2de; } mark.tone-mixed { background: #ffe8bf; }
mark.tone-false { background: #fbd6d3; } mark.tone-unproven { background: #dde3f5; }
mark.tone-other { background: #eee; }
sup.claim-no { font: bold .7em Helvetica, Arial, sans-serif; color: #333; }
.claim { border-top: 1px solid #ccc; padding-top: .5em; margin-top: 1.5em; overflow-wrap: anywhere; }
.rating { font-weight: bold; font-family: Helvetica, Arial, sans-serif; padding: .1em .4em; border-radius: 3px; color: #fff; }
.rating.tone-true { background: var(--true); } .rating.tone-mixed { background: var(--mixed); }
.rating.tone-false { background: var(--false); } .rating.tone-unproven { background: var(--unproven); }
.rating.tone-other { background: var(--other); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dt { font-weight: bold; } dd { margin: 0; }
blockquote { margin: .3em 0 .3em 1em; padding-left: .7em; border-left: 3px solid #bbb; color: #333; }
blockquote.unverified { border-left: 3px dashed #c00; }
p.unverified { color: #a00; margin: .2em 0; }
.capture { color: #555; font-size: .9em; }
.stance { font-variant: small-caps; font-weight: bold; }
.hidden-char { font: .75em monospace; color: #b3261e; }
footer { margin-top: 3em; color: #777; font-size: .85em; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .85em; color: #555; }
  .claim { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  mark, .rating { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Text content: markup characters escaped, control characters replaced, and characters that
/// reorder or hide text (bidi overrides, zero-width) shown visibly as their code point.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => push_clean(&mut out, c, true),
        }
    }
    out
}

/// A double-quoted attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '`' => out.push_str("&#96;"),
            c => push_clean(&mut out, c, false),
        }
    }
    out
}

/// An `href` value, only for absolute http(s) URLs; `None` means "show it as text, no link".
pub fn escape_url(url: &str) -> Option<String> {
    let url = url.trim();
    is_web_url(url).then(|| escape_attr(url))
}

fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

fn push_clean(out: &mut String, c: char, visible_marker: bool) {
    if c == '\n' || c == '\t' {
        out.push(c);
    } else if c.is_control() {
        out.push('\u{FFFD}');
    } else if is_hidden(c) {
        if visible_marker {
            let _ = write!(
                out,
                "<span class=\"hidden-char\">[U+{:04X}]</span>",
                c as u32
            );
        } else {
            let _ = write!(out, "[U+{:04X}]", c as u32);
        }
    } else {
        out.push(c);
    }
}

fn tone_class(t: Tone) -> &'static str {
    match t {
        Tone::True => "tone-true",
        Tone::Mixed => "tone-mixed",
        Tone::False => "tone-false",
        Tone::Unproven => "tone-unproven",
        Tone::Other => "tone-other",
    }
}

/// A link when the URL is http(s), else the text alone.
fn link(href: &str, text: &str) -> String {
    match escape_url(href) {
        Some(h) => format!(
            "<a href=\"{h}\" rel=\"noopener noreferrer\">{}</a>",
            escape_text(text)
        ),
        None => escape_text(text),
    }
}

pub fn render(data: &ExportData) -> String {
    let lang = if data.language == "de" { "de" } else { "en" };
    let l = labels(lang);
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"factdesk\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape_attr(CSP),
        escape_text(&data.name)
    );
    let _ = writeln!(s, "<header>\n<h1>{}</h1>", escape_text(&data.name));
    let org = &data.organisation;
    if !org.name.trim().is_empty() {
        let _ = writeln!(
            s,
            "<p class=\"meta\">{} {}</p>",
            escape_text(l.published_by),
            link(&org.url, &org.name)
        );
    }
    s.push_str("</header>\n");
    for (article, claims) in &data.articles {
        article_section(&mut s, data, &l, lang, article, claims);
    }
    let _ = writeln!(
        s,
        "<footer>{}</footer>\n</body>\n</html>",
        escape_text(l.generated)
    );
    s
}

fn article_section(
    s: &mut String,
    data: &ExportData,
    l: &Labels,
    lang: &str,
    article: &Article,
    claims: &[Claim],
) {
    let m = &article.meta;
    let title = if m.title.is_empty() { &m.id } else { &m.title };
    let _ = writeln!(
        s,
        "<article id=\"article-{}\">\n<h2>{}</h2>",
        escape_attr(&m.id),
        escape_text(title)
    );
    let details = report::article_details(m, escape_text, |url| link(url, url));
    if !details.is_empty() {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", details.join(" · "));
    }
    let reported: Vec<&Claim> = claims.iter().filter(|c| is_reported(c)).collect();
    s.push_str("<div class=\"article-text\">");
    s.push_str(&marked_text(data, article, &reported));
    s.push_str("</div>\n");
    let _ = writeln!(s, "<section class=\"claims\">\n<h3>{}</h3>", l.claims);
    if reported.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", escape_text(l.no_claims));
    }
    for c in reported {
        claim_section(s, data, l, lang, c);
    }
    s.push_str("</section>\n</article>\n");
}

/// The article's text with each reported claim's span in a `<mark>` coloured by the tone of its
/// rating and linked to the claim below. Overlapping spans: the earlier claim is marked.
fn marked_text(data: &ExportData, article: &Article, claims: &[&Claim]) -> String {
    let mut out = String::new();
    for piece in report::article_pieces(article, claims) {
        match piece {
            Piece::Plain(text) => out.push_str(&escape_text(&text)),
            Piece::Claim(text, c) => {
                let tone = tone_class(data.scale.tone_of(&c.verdict.rating));
                let title = if c.verdict.rating.is_empty() {
                    format!("#{}", c.id)
                } else {
                    format!("#{}: {}", c.id, c.verdict.rating)
                };
                let _ = write!(
                    out,
                    "<a class=\"claim-link\" href=\"#claim-{id}\"><mark class=\"{tone}\" title=\"{}\">{}</mark><sup class=\"claim-no\">{id}</sup></a>",
                    escape_attr(&title),
                    escape_text(&text),
                    id = c.id,
                );
            }
        }
    }
    out
}

fn claim_section(s: &mut String, data: &ExportData, l: &Labels, lang: &str, c: &Claim) {
    let v = &c.verdict;
    let tone = tone_class(data.scale.tone_of(&v.rating));
    let _ = writeln!(
        s,
        "<section class=\"claim\" id=\"claim-{id}\">\n<h4>{} {id}: {}</h4>\n<dl>",
        escape_text(l.claim),
        escape_text(&c.text),
        id = c.id
    );
    let rating = if v.rating.trim().is_empty() {
        format!("<em>{}</em>", escape_text(l.no_rating))
    } else {
        format!(
            "<span class=\"rating {tone}\">{}</span>",
            escape_text(&v.rating)
        )
    };
    let _ = writeln!(s, "<dt>{}</dt><dd>{rating}</dd>", escape_text(l.rating));
    let _ = writeln!(
        s,
        "<dt>{}</dt><dd>{}</dd>",
        escape_text(l.status),
        escape_text(labels::status(lang, v.status))
    );
    if !c.claimant.trim().is_empty() {
        let _ = writeln!(
            s,
            "<dt>{}</dt><dd>{}</dd>",
            escape_text(l.claimant),
            escape_text(&c.claimant)
        );
    }
    for k in report::open_conflicts(c, l) {
        let values: Vec<String> = k
            .values
            .iter()
            .map(|v| format!("“{}”", escape_text(v)))
            .collect();
        let _ = writeln!(
            s,
            "<dt class=\"conflict\">⚠ {}</dt><dd class=\"conflict\">{}: {}</dd>",
            escape_text(l.conflict),
            escape_text(&k.field),
            values.join(" / ")
        );
    }
    s.push_str("</dl>\n");
    if !v.explanation.trim().is_empty() {
        let _ = writeln!(s, "<h5>{}</h5>", escape_text(l.explanation));
        for para in v.explanation.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = writeln!(
                s,
                "<p>{}</p>",
                escape_text(para.trim()).replace('\n', "<br>\n")
            );
        }
    }
    if !v.corrections.is_empty() {
        let _ = writeln!(
            s,
            "<h5>{}</h5>\n<ul class=\"corrections\">",
            escape_text(l.corrections)
        );
        for k in &v.corrections {
            let day = k.at.get(..10).unwrap_or(&k.at);
            let _ = writeln!(
                s,
                "<li><time datetime=\"{}\">{}</time>: {}</li>",
                escape_attr(day),
                escape_text(day),
                escape_text(&k.text)
            );
        }
        s.push_str("</ul>\n");
    }
    if !v.evidence.is_empty() {
        let _ = writeln!(
            s,
            "<h5>{}</h5>\n<ul class=\"evidence\">",
            escape_text(l.evidence)
        );
        for e in &v.evidence {
            let cite = match data.source(&e.source) {
                Some(src) => {
                    let name = if src.title.is_empty() {
                        format!("{} {}", l.source, super::short_id(&e.source))
                    } else {
                        src.title.clone()
                    };
                    let extra: Vec<&str> = [src.publisher.as_str(), src.date.as_str()]
                        .into_iter()
                        .filter(|x| !x.is_empty())
                        .collect();
                    let mut cite = link(&src.url, &name);
                    if !extra.is_empty() {
                        let _ = write!(cite, " ({})", escape_text(&extra.join(", ")));
                    }
                    if let Some(c) = super::capture_citation(e, src, l.captured) {
                        let _ = write!(cite, " <span class=\"capture\">{}</span>", escape_text(&c));
                    }
                    cite
                }
                None => format!(
                    "{} {} ({})",
                    escape_text(l.source),
                    escape_text(super::short_id(&e.source)),
                    escape_text(l.unknown_source)
                ),
            };
            let (class, mark) = if e.unverified {
                (
                    " class=\"unverified\"",
                    format!(
                        "<p class=\"unverified\"><strong>{}</strong></p>\n",
                        escape_text(l.unverified)
                    ),
                )
            } else {
                ("", String::new())
            };
            let _ = writeln!(
                s,
                "<li><span class=\"stance\">{}</span>: {cite}\n{mark}<blockquote{class}>{}</blockquote>{}</li>",
                escape_text(labels::stance(lang, e.stance)),
                escape_text(&e.quote),
                if e.note.trim().is_empty() {
                    String::new()
                } else {
                    format!("<p>{}</p>", escape_text(&e.note))
                }
            );
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping() {
        assert_eq!(
            escape_text("<script>alert('x')</script> & co"),
            "&lt;script&gt;alert('x')&lt;/script&gt; &amp; co"
        );
        assert_eq!(
            escape_text("a\u{202E}b"),
            "a<span class=\"hidden-char\">[U+202E]</span>b"
        );
        assert_eq!(escape_text("a\u{0}b\u{1b}"), "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn attribute_escaping() {
        assert_eq!(
            escape_attr("\" onmouseover='x' `y` <b>"),
            "&quot; onmouseover=&#39;x&#39; &#96;y&#96; &lt;b&gt;"
        );
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            escape_url("https://a.example/?q=\"x\"&y").as_deref(),
            Some("https://a.example/?q=&quot;x&quot;&amp;y")
        );
        assert_eq!(escape_url("javascript:alert(1)"), None);
        assert_eq!(escape_url("JaVaScRiPt:alert(1)"), None);
        assert_eq!(escape_url("data:text/html,<script>"), None);
        assert_eq!(escape_url("java\tscript:alert(1)"), None);
        assert_eq!(link("javascript:alert(1)", "x<y"), "x&lt;y");
    }

    #[test]
    fn short_ids_respect_char_boundaries() {
        assert_eq!(crate::export::short_id("ääääääääääääää"), "ääääääääääää");
        assert_eq!(crate::export::short_id("ab"), "ab");
    }
}

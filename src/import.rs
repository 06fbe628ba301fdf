//! Article import: file -> sanitised text -> article folder -> candidate claims.

use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::extract::{extension, extract_file, normalize_date, ExtractError};
use factdesk_index::Lang;

use crate::error::user_error;
use crate::project::article::{Article, ArticleMeta};
use crate::project::claim::{self, Claim, Triage, Verdict};
use crate::project::Project;
use crate::text::{byte_to_char_offsets, sentences};

pub struct ArticleInput {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    /// Turn each sentence into a candidate claim.
    pub candidates: bool,
}

pub struct ImportReport {
    pub article: Article,
    pub claims: usize,
    pub warnings: Vec<String>,
}

const ARTICLE_FORMATS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

pub fn import_article(project: &mut Project, input: ArticleInput) -> Result<ImportReport> {
    let name = input.path.display().to_string();
    let ext = extension(&input.path);
    if !ARTICLE_FORMATS.contains(&ext.as_str()) {
        return Err(user_error(format!(
            "{name}: articles must be .txt, .md or .html (got {})",
            if ext.is_empty() {
                "no extension".to_string()
            } else {
                format!(".{ext}")
            }
        )));
    }
    let extracted = extract_file(&input.path, &input.bytes).map_err(|e| match e {
        ExtractError::Empty => user_error(format!("{name}: the file is empty")),
        other => user_error(format!("{name}: {other}")),
    })?;
    let mut warnings = Vec::new();
    if !extracted.was_utf8 {
        warnings.push(format!(
            "not UTF-8; read as {} (check umlauts in the imported text)",
            extracted.encoding
        ));
    }
    let Some(doc) = extracted.docs.into_iter().next() else {
        return Err(user_error(format!("{name}: no text found")));
    };
    // Markdown and HTML wrap paragraphs freely; plain text is taken line by line unless it
    // is visibly hard-wrapped.
    let soft =
        matches!(ext.as_str(), "md" | "markdown" | "html" | "htm") || looks_hard_wrapped(&doc.text);
    let text = if soft {
        join_soft_wraps(&doc.text)
    } else {
        doc.text.clone()
    };
    if text.trim().is_empty() {
        return Err(user_error(format!("{name}: the article has no text")));
    }
    let date = match input.date.as_deref() {
        Some(d) => {
            normalize_date(d).ok_or_else(|| user_error(format!("--date {d:?}: use YYYY-MM-DD")))?
        }
        None => doc.date.clone().unwrap_or_default(),
    };
    let language = match input.language {
        Some(l) => l,
        None if doc.language != Lang::Other => doc.language.code().to_string(),
        None => project.manifest().language.clone(),
    };
    let meta = ArticleMeta {
        id: String::new(),
        title: input.title.unwrap_or(doc.title),
        url: input.url.unwrap_or(doc.url),
        publisher: input.publisher.unwrap_or(doc.publisher),
        author: input.author.unwrap_or(doc.author),
        date,
        language,
        original_file: input
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        encoding: extracted.encoding.to_string(),
        imported: String::new(),
    };
    let article = project.add_article(&ext, &input.bytes, &text, meta)?;
    let mut claims = Vec::new();
    if input.candidates {
        let first_id = project.next_claim_id()?;
        claims = candidate_claims(&article, first_id);
        let scorer = crate::desk::scorer();
        let lang = article.meta.language.clone();
        let scores = crate::triage::claims::probabilities(&scorer, &claims, |_| lang.clone());
        for (c, s) in claims.iter_mut().zip(scores) {
            c.score = Some(round_score(s));
        }
        project.create_claims(&claims)?;
    }
    Ok(ImportReport {
        article,
        claims: claims.len(),
        warnings,
    })
}

/// Scores are kept to three decimals: enough to rank, short in the claim file.
pub fn round_score(s: f32) -> f32 {
    (s.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// One candidate claim per sentence of the article, with the claimant its attribution names
/// (marked as detected).
pub fn candidate_claims(article: &Article, first_id: u32) -> Vec<Claim> {
    let sents = sentences::split(&article.text);
    let mut bytes = Vec::with_capacity(sents.len() * 2);
    for s in &sents {
        bytes.push(s.start);
        bytes.push(s.end);
    }
    let chars = byte_to_char_offsets(&article.text, &bytes);
    let now = claim::now();
    let texts: Vec<&str> = sents.iter().map(|s| s.text(&article.text)).collect();
    let claimants = crate::claimant::detect(&texts, &article.meta.language);
    sents
        .iter()
        .zip(claimants)
        .enumerate()
        .map(|(i, (s, who))| Claim {
            id: first_id + i as u32,
            article: article.meta.id.clone(),
            span: [chars[2 * i], chars[2 * i + 1]],
            text: s.text(&article.text).to_string(),
            triage: Triage::Candidate,
            score: None,
            claimant_detected: who.is_some(),
            claimant_kind: who.as_ref().map_or(Default::default(), |d| d.kind),
            claimant: who.map(|d| d.name).unwrap_or_default(),
            created: now,
            updated: now,
            verdict: Verdict::default(),
        })
        .collect()
}

/// Join lines within a paragraph (blank-line separated) into one line, except list items
/// and headings, which keep their own line.
pub fn join_soft_wraps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (pi, para) in text.split("\n\n").enumerate() {
        if pi > 0 {
            out.push_str("\n\n");
        }
        let mut first = true;
        let mut after_heading = false;
        for line in para.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if !first {
                out.push(if after_heading || starts_block(line) {
                    '\n'
                } else {
                    ' '
                });
            }
            out.push_str(line);
            first = false;
            after_heading = line.starts_with('#');
        }
    }
    out
}

fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("• ")
        || t.starts_with('#')
        || t.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())
        })
}

/// Plain text wrapped at a fixed width: most lines of multi-line paragraphs are long and
/// end without sentence punctuation.
fn looks_hard_wrapped(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 6 {
        return false;
    }
    let max = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    if !(50..=120).contains(&max) {
        return false;
    }
    let wrapped = lines
        .iter()
        .filter(|l| {
            let n = l.chars().count();
            n + 15 >= max
                && !l
                    .trim_end()
                    .ends_with(['.', '!', '?', ':', '"', '“', '«', '»'])
        })
        .count();
    wrapped * 2 > lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_wraps_are_joined_but_lists_kept() {
        assert_eq!(
            join_soft_wraps("Ein Satz der\numbricht.\n\n- eins\n- zwei\n\n# Titel\nText"),
            "Ein Satz der umbricht.\n\n- eins\n- zwei\n\n# Titel\nText"
        );
    }

    #[test]
    fn seed_article_is_not_hard_wrapped() {
        assert!(!looks_hard_wrapped(include_str!("demo/article.txt")));
        let wrapped = "Dies ist ein langer Text, der bei einer festen Breite von\n\
                       etwa sechzig Zeichen umbrochen wurde, wie es alte Mails\n\
                       und manche Agenturmeldungen tun, sodass die Zeilen nicht\n\
                       mit einem Satzzeichen enden, sondern mitten im Satz, und\n\
                       man sie vor dem Aufteilen in Sätze wieder zusammenfügen\n\
                       muss, damit keine Behauptung mitten im Satz abbricht.\n";
        assert!(looks_hard_wrapped(wrapped));
    }
}

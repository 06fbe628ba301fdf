//! Article import: file -> sanitised text -> article folder -> candidate claims.

use std::path::PathBuf;

use anyhow::Result;
use factdesk_index::extract::{extension, extract_file, ExtractError};
use factdesk_index::store::display_url;
use factdesk_index::web::capture::extract_archive;
use factdesk_index::web::{capture_url, FetchOptions};
use factdesk_index::{Lang, SourceDoc};

use crate::error::user_error;
use crate::project::article::{Article, ArticleFields, ArticleMeta};
use crate::project::claim::{self, Claim, Triage, Verdict};
use crate::project::Project;
use crate::text::{byte_to_char_offsets, sentences};

pub struct ArticleInput {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// What the user said about the article; it wins over what the file says.
    pub fields: ArticleFields,
    /// Turn each sentence into a candidate claim.
    pub candidates: bool,
}

pub struct ImportReport {
    pub article: Article,
    pub claims: usize,
    pub warnings: Vec<String>,
}

const ARTICLE_FORMATS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

/// An article read, its candidate claims found and scored, ready to be written: all of it
/// is done before the project lock is taken (fetching a page, reading a file and scoring
/// with a model take seconds to minutes that no other writer should wait for).
pub struct PreparedArticle {
    ext: String,
    original: Vec<u8>,
    /// Normalised, as the article folder keeps it.
    text: String,
    meta: ArticleMeta,
    /// Numbered from 1 for now: the ids are given under the lock.
    claims: Vec<Claim>,
    warnings: Vec<String>,
}

/// Reads, scores and writes an article in one go (for a caller that holds the lock anyway).
pub fn import_article(project: &mut Project, input: ArticleInput) -> Result<ImportReport> {
    let prepared = prepare_article(project, input)?;
    commit_article(project, prepared)
}

/// Fetches `url` once, keeps the capture as the article's original (`original.warc.gz`) and
/// prepares the page's main text. `input.path` and `input.bytes` are ignored.
pub fn prepare_article_url(
    project: &Project,
    url: &str,
    web: &FetchOptions,
    input: ArticleInput,
) -> Result<PreparedArticle> {
    let shown = display_url(url);
    let archive = capture_url(url, web).map_err(|e| user_error(format!("{shown}: {e}")))?;
    let extracted = extract_archive(&archive.bytes, &crate::sources::extract_options(project))
        .map_err(|e| user_error(format!("{shown}: {e}")))?;
    let Some(doc) = extracted.docs.into_iter().next() else {
        return Err(user_error(format!("{shown}: no text found")));
    };
    let captured_at = archive.capture.captured_at.clone();
    let mut input = ArticleInput {
        path: PathBuf::from(&archive.capture.url),
        bytes: archive.bytes,
        ..input
    };
    if input.fields.url.is_none() {
        input.fields.url = Some(archive.capture.url.clone());
    }
    let warnings = encoding_warnings(extracted.was_utf8, extracted.encoding);
    let how = Extracted {
        ext: "warc.gz",
        encoding: extracted.encoding,
        captured_at,
    };
    prepare_doc(project, input, doc, how, warnings)
}

/// How an article's text was read.
struct Extracted<'a> {
    ext: &'a str,
    encoding: &'a str,
    captured_at: String,
}

fn encoding_warnings(was_utf8: bool, encoding: &str) -> Vec<String> {
    if was_utf8 || encoding == "binary" {
        return Vec::new();
    }
    vec![format!(
        "not UTF-8; read as {encoding} (check umlauts in the imported text)"
    )]
}

/// Reads a file's article and prepares it (see [`PreparedArticle`]).
pub fn prepare_article(project: &Project, input: ArticleInput) -> Result<PreparedArticle> {
    let name = crate::fsx::shown(&input.path);
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
    let warnings = encoding_warnings(extracted.was_utf8, extracted.encoding);
    let Some(doc) = extracted.docs.into_iter().next() else {
        return Err(user_error(format!("{name}: no text found")));
    };
    let how = Extracted {
        ext: &ext,
        encoding: extracted.encoding,
        captured_at: String::new(),
    };
    prepare_doc(project, input, doc, how, warnings)
}

/// The article of an extracted document: its text joined, its metadata (options win), its
/// candidate claims scored.
fn prepare_doc(
    project: &Project,
    input: ArticleInput,
    doc: SourceDoc,
    how: Extracted<'_>,
    warnings: Vec<String>,
) -> Result<PreparedArticle> {
    let name = input.path.display().to_string();
    let ext = how.ext;
    // Markdown and HTML wrap paragraphs freely (so do web pages); plain text is taken line
    // by line unless it is visibly hard-wrapped.
    let soft = matches!(ext, "md" | "markdown" | "html" | "htm" | "warc.gz")
        || looks_hard_wrapped(&doc.text);
    let text = if soft {
        join_soft_wraps(&doc.text)
    } else {
        doc.text.clone()
    };
    if text.trim().is_empty() {
        return Err(user_error(format!("{name}: the article has no text")));
    }
    let date = match input.fields.date.as_deref() {
        Some(d) => crate::project::article::date_arg(d)?,
        None => doc.date.clone().unwrap_or_default(),
    };
    let language = match input.fields.language {
        Some(l) => l,
        None if doc.language != Lang::Other => doc.language.code().to_string(),
        None => project.manifest().language.clone(),
    };
    let meta = ArticleMeta {
        id: String::new(),
        title: input.fields.title.unwrap_or(doc.title),
        url: input.fields.url.unwrap_or(doc.url),
        publisher: input.fields.publisher.unwrap_or(doc.publisher),
        author: input.fields.author.unwrap_or(doc.author),
        date,
        language,
        original_file: if ext == "warc.gz" {
            crate::fsx::shown(&input.path)
        } else {
            input
                .path
                .file_name()
                .map(|n| crate::fsx::shown(std::path::Path::new(n)))
                .unwrap_or_default()
        },
        encoding: how.encoding.to_string(),
        imported: String::new(),
        captured_at: how.captured_at,
    };
    let text = crate::project::article::normalise(&text);
    let meta = ArticleMeta {
        id: crate::project::article::article_id(&text),
        ..meta
    };
    // Said before minutes of scoring rather than after (it is checked again under the lock).
    project.check_not_imported(&meta)?;
    let article = Article { meta, text };
    let mut claims = Vec::new();
    if input.candidates {
        claims = candidate_claims(&article, 1);
        let scorer = crate::desk::scorer();
        let lang = article.meta.language.clone();
        let scores = crate::triage::claims::probabilities(scorer, &claims, |_| lang.clone());
        for (c, s) in claims.iter_mut().zip(scores) {
            c.score = Some(round_score(s));
        }
    }
    Ok(PreparedArticle {
        ext: ext.to_string(),
        original: input.bytes,
        text: article.text,
        meta: article.meta,
        claims,
        warnings,
    })
}

/// Writes a prepared article and its claims (the caller holds the lock): the claims get the
/// next free ids, and the import's time.
pub fn commit_article(project: &mut Project, prepared: PreparedArticle) -> Result<ImportReport> {
    let PreparedArticle {
        ext,
        original,
        text,
        meta,
        claims,
        warnings,
    } = prepared;
    let first_id = project.next_claim_id()?;
    let numbered = |article: &Article| {
        let now = claim::now();
        let mut claims = claims.clone();
        for (i, c) in claims.iter_mut().enumerate() {
            c.id = first_id + i as u32;
            c.article = article.meta.id.clone();
            c.created = now;
            c.updated = now;
        }
        claims
    };
    let (article, claims) =
        project.add_article_with_claims(&ext, &original, &text, meta, &numbered)?;
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

/// Longest sentence made a candidate claim (a long one in news is 300-600 characters).
pub const MAX_CANDIDATE_CHARS: usize = 5_000;

/// One candidate claim per sentence of the article (up to [`MAX_CANDIDATE_CHARS`]), with the
/// claimant its attribution names (marked as detected).
pub fn candidate_claims(article: &Article, first_id: u32) -> Vec<Claim> {
    // A "sentence" of thousands of characters (a text without full stops, a table, a dump) is
    // no checkable claim, and its claim file could outgrow what factdesk reads back.
    let sents: Vec<_> = sentences::split(&article.text)
        .into_iter()
        .filter(|s| s.text(&article.text).chars().count() <= MAX_CANDIDATE_CHARS)
        .collect();
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
            text: crate::text::claim_text(s.text(&article.text)),
            triage: Triage::Candidate,
            score: None,
            claimant_detected: who.is_some(),
            claimant_kind: who.as_ref().map_or(Default::default(), |d| d.kind),
            claimant: who.map(|d| d.name).unwrap_or_default(),
            assignee: String::new(),
            created: now,
            updated: now,
            verdict: Verdict::default(),
            conflicts: Vec::new(),
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

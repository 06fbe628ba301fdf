//! Running a query: passages grouped by source, with snippets and highlight ranges.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{DocAddress, Searcher};

use super::analyzers::Analyzers;
use super::highlight::{snippet_window, HighlightTerms};
use super::query::{self, QueryError, SearchRequest};
use super::schema::{names, Fields};
use super::{dates, SearchIndex};
use crate::source::{Capture, Lang};

/// A highlighted word, as ranges into [`Snippet::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// Unicode scalar (char) offsets into the snippet text.
    pub chars: Range<usize>,
    /// Byte offsets into the snippet text.
    pub bytes: Range<usize>,
}

/// A short excerpt of a passage around its matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The excerpt (whole words, no leading or trailing whitespace).
    pub text: String,
    /// Matched words, in order.
    pub highlights: Vec<Highlight>,
    /// Where the excerpt sits in the source text, in chars.
    pub source_chars: Range<usize>,
    /// Where the excerpt sits in the source text, in bytes.
    pub source_bytes: Range<usize>,
}

/// What a results list shows about a source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceInfo {
    /// Content hash: the source's id in the project.
    pub id: String,
    /// Identifier in the corpus the source came from (BEIR `_id`), if any.
    pub original_id: Option<String>,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Author.
    pub author: String,
    /// URL.
    pub url: String,
    /// `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Language the text was indexed as.
    pub language: Lang,
    /// Where and when a web source was captured (publisher, date and URL are above).
    pub capture: Option<Capture>,
}

/// One matching passage.
#[derive(Debug, Clone, PartialEq)]
pub struct PassageHit {
    /// The source it belongs to.
    pub source: SourceInfo,
    /// Position of the passage in the source (0-based).
    pub passage: u32,
    /// BM25 score of the passage.
    pub score: f32,
    /// The passage's place in the source text, in chars (what evidence ranges use).
    pub chars: Range<usize>,
    /// The passage's place in the source text, in bytes.
    pub bytes: Range<usize>,
    /// The whole passage text.
    pub text: String,
    /// An excerpt around the matches.
    pub snippet: Snippet,
}

/// A matching source with its best passages.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceHit {
    /// The source.
    pub source: SourceInfo,
    /// Score of its best passage.
    pub score: f32,
    /// Best passages first.
    pub passages: Vec<PassageHit>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    /// Sources, best first.
    pub sources: Vec<SourceHit>,
    /// Parts of a lenient query that were ignored, and why.
    pub warnings: Vec<String>,
    /// All words were required, nothing matched, so any word was allowed instead.
    pub relaxed: bool,
}

/// Passages of one source, best first.
pub(super) struct Group {
    /// The source's grouping key ([`super::schema::source_key`]).
    pub key: u64,
    pub score: f32,
    pub passages: Vec<(f32, DocAddress)>,
}

/// Best passages of the best `n_sources` sources, at most `per_source` each.
pub(super) fn top_groups(
    searcher: &Searcher,
    query: &dyn Query,
    n_sources: usize,
    per_source: usize,
) -> tantivy::Result<Vec<Group>> {
    let per_source = per_source.max(1);
    let mut k = (n_sources * per_source * 2).max(64);
    let mut columns: Vec<Option<Column<u64>>> = vec![None; searcher.segment_readers().len()];
    loop {
        let top = searcher.search(query, &TopDocs::with_limit(k).order_by_score())?;
        let mut groups: Vec<Group> = Vec::new();
        let mut by_key: HashMap<u64, usize> = HashMap::new();
        for &(score, addr) in &top {
            let seg = addr.segment_ord as usize;
            if columns[seg].is_none() {
                columns[seg] = Some(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64(names::SOURCE_KEY)?,
                );
            }
            let key = columns[seg]
                .as_ref()
                .and_then(|c| c.first(addr.doc_id))
                .unwrap_or(u64::MAX);
            let slot = *by_key.entry(key).or_insert_with(|| {
                groups.push(Group {
                    key,
                    score,
                    passages: Vec::new(),
                });
                groups.len() - 1
            });
            if groups[slot].passages.len() < per_source {
                groups[slot].passages.push((score, addr));
            }
        }
        // Enough sources, or every match seen, or a pathological query: stop widening.
        if groups.len() >= n_sources || top.len() < k || k >= 50_000 {
            groups.truncate(n_sources);
            return Ok(groups);
        }
        k *= 4;
    }
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn first_u64(doc: &TantivyDocument, field: tantivy::schema::Field) -> usize {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize
}

pub(super) fn source_info(doc: &TantivyDocument, f: &Fields) -> SourceInfo {
    let original = first_str(doc, f.original_id);
    SourceInfo {
        id: first_str(doc, f.source_id),
        original_id: (!original.is_empty()).then_some(original),
        title: super::analyzers::strip_mark(&first_str(doc, f.title)).to_string(),
        publisher: first_str(doc, f.publisher),
        author: first_str(doc, f.author),
        url: first_str(doc, f.url),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .map(dates::datetime_to_ymd),
        language: Lang::from_code(&first_str(doc, f.lang)),
        capture: doc
            .get_first(f.capture)
            .and_then(|v| v.as_str())
            .and_then(|s| serde_json::from_str(s).ok()),
    }
}

/// Char length of `s`.
fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Reads a passage and builds its snippet.
pub(super) fn passage_hit(
    searcher: &Searcher,
    f: &Fields,
    addr: DocAddress,
    score: f32,
    terms: &HighlightTerms,
    analyzers: &mut Analyzers,
    snippet_chars: usize,
) -> tantivy::Result<PassageHit> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    let source = source_info(&doc, f);
    let text = super::analyzers::strip_mark(&first_str(&doc, f.body)).to_string();
    let char_start = first_u64(&doc, f.char_start);
    let byte_start = first_u64(&doc, f.byte_start);
    let matches = terms.find(analyzers, &text, source.language);
    let window = snippet_window(&text, &matches, snippet_chars.max(20));
    let snippet_text = &text[window.clone()];
    let window_char_start = chars(&text[..window.start]);
    let mut highlights = Vec::new();
    // Matches are in text order: count chars incrementally instead of from the start.
    let (mut byte_pos, mut char_pos) = (window.start, 0);
    for m in matches
        .iter()
        .filter(|m| m.start >= window.start && m.end <= window.end)
    {
        char_pos += chars(&text[byte_pos..m.start]);
        let len = chars(&text[m.clone()]);
        highlights.push(Highlight {
            chars: char_pos..char_pos + len,
            bytes: m.start - window.start..m.end - window.start,
        });
        char_pos += len;
        byte_pos = m.end;
    }
    let snippet = Snippet {
        text: snippet_text.to_string(),
        highlights,
        source_chars: char_start + window_char_start
            ..char_start + window_char_start + chars(snippet_text),
        source_bytes: byte_start + window.start..byte_start + window.end,
    };
    Ok(PassageHit {
        source,
        passage: first_u64(&doc, f.passage) as u32,
        score,
        chars: char_start..first_u64(&doc, f.char_end),
        bytes: byte_start..first_u64(&doc, f.byte_end),
        text,
        snippet,
    })
}

pub(super) fn to_source_hits(
    searcher: &Searcher,
    f: &Fields,
    groups: Vec<Group>,
    terms: &HighlightTerms,
    snippet_chars: usize,
) -> tantivy::Result<Vec<SourceHit>> {
    let mut analyzers = Analyzers::default();
    let mut hits = Vec::with_capacity(groups.len());
    for group in groups {
        let mut passages = Vec::with_capacity(group.passages.len());
        for (score, addr) in group.passages {
            passages.push(passage_hit(
                searcher,
                f,
                addr,
                score,
                terms,
                &mut analyzers,
                snippet_chars,
            )?);
        }
        let source = passages
            .first()
            .map(|p| p.source.clone())
            .unwrap_or_default();
        hits.push(SourceHit {
            source,
            score: group.score,
            passages,
        });
    }
    Ok(hits)
}

fn internal(e: tantivy::TantivyError) -> QueryError {
    QueryError {
        message: format!("search failed: {e}"),
        position: None,
    }
}

impl SearchIndex {
    /// Runs a search. Errors only for queries that cannot be understood (never in lenient
    /// mode) and for index read failures; an empty query finds nothing.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, QueryError> {
        if request.query.trim().is_empty() {
            return Ok(SearchResults::default());
        }
        let parser = if request.fuzzy {
            &self.fuzzy_parser
        } else {
            &self.parser
        };
        let searcher = self.reader.searcher();
        let mut parsed = query::parse(&self.fields, &searcher, request)?;
        let mut build_warnings = Vec::new();
        let query = parsed.query(
            &self.fields,
            self.analyzers(),
            parser,
            request.all_words,
            &mut build_warnings,
        )?;
        let mut groups = top_groups(
            &searcher,
            query.as_ref(),
            request.limit,
            request.passages_per_source,
        )
        .map_err(internal)?;
        let mut relaxed = false;
        if groups.is_empty() && request.all_words && parsed.implicit_only {
            // Any word instead of all: the same parsed query, built once more.
            build_warnings.clear();
            let any = parsed.query(
                &self.fields,
                self.analyzers(),
                parser,
                false,
                &mut build_warnings,
            )?;
            groups = top_groups(
                &searcher,
                any.as_ref(),
                request.limit,
                request.passages_per_source,
            )
            .map_err(internal)?;
            relaxed = !groups.is_empty();
        }
        parsed.warnings.append(&mut build_warnings);
        let sources = to_source_hits(
            &searcher,
            &self.fields,
            groups,
            &parsed.highlight,
            request.snippet_chars,
        )
        .map_err(internal)?;
        Ok(SearchResults {
            sources,
            // Warnings quote the query: make them as safe to print as the results.
            warnings: parsed
                .warnings
                .iter()
                .map(|w| crate::sanitize::sanitize_text(w))
                .collect(),
            relaxed,
        })
    }
}

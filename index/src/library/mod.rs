//! The desk's verdict library: every rated claim of every project, plus imported
//! ClaimReview checks from other fact-checkers, in one small tantivy index.
//!
//! Entries are keyed by their origin (`project:<dir>#<claim id>` or
//! `claimreview:<file>#<n>`), so adding a project or a file again replaces what it gave
//! before. Finding earlier verdicts is a BM25 query over the stemmed claim fields followed by
//! a re-rank by [`similarity`], whose 0..1 scale makes one threshold ([`SAME_CLAIM`]) mean
//! "the same claim" for every query.

pub mod claimreview;
mod schema;
pub mod similarity;

use std::fmt;
use std::path::{Path, PathBuf};

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use crate::search::analyzers;
use crate::source::Lang;
use schema::LibraryFields;

pub use claimreview::{parse_claimreviews, ClaimReviewFile};

/// Similarity from which two claims are taken to be the same claim. Above 0.5 rather than
/// at it: short claims on a nearby topic often share exactly half their content stems
/// (Dice 0.50), a rewording of the same claim rarely stops there. Chosen on the paraphrase
/// pairs of `tests/library_match_quality.rs` (see docs/verdict-library.md).
pub const SAME_CLAIM: f32 = 0.55;
/// Longest explanation excerpt kept, in characters.
pub const EXPLANATION_CHARS: usize = 400;
/// BM25 candidates re-ranked per wanted match.
const CANDIDATES_PER_MATCH: usize = 8;
const MIN_CANDIDATES: usize = 40;

/// One earlier verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryEntry {
    /// `project:<dir>#<claim id>` or `claimreview:<file>#<n>`: the key of the entry.
    pub origin: String,
    pub claim: String,
    pub rating: String,
    /// The start of the verdict's explanation ([`EXPLANATION_CHARS`] at most).
    pub explanation: String,
    /// `YYYY-MM-DD`, or empty when unknown.
    pub date: String,
    pub url: String,
    /// Who published the verdict: the desk's organisation or the other fact-checker.
    pub publisher: String,
    /// Who made the claim, when known.
    pub claimant: String,
    pub lang: Lang,
}

/// An entry resembling a query claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub entry: LibraryEntry,
    /// BM25 score of the candidate query (only comparable within one query).
    pub score: f32,
    /// 0..1; [`SAME_CLAIM`] and up means the same claim.
    pub similarity: f32,
}

impl Match {
    pub fn is_same_claim(&self) -> bool {
        self.similarity >= SAME_CLAIM
    }
}

/// Why the library could not be opened or written.
#[derive(Debug)]
pub enum LibraryError {
    /// Another process is writing the library.
    Locked(PathBuf),
    /// The folder holds something that is not a library of this version.
    Damaged {
        path: PathBuf,
        detail: String,
    },
    Other(String),
}

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibraryError::Locked(p) => write!(
                f,
                "verdict library {} is being written by another factdesk process; try again when it has finished",
                crate::sanitize::shown_path(p)
            ),
            LibraryError::Damaged { path, detail } => write!(
                f,
                "verdict library {} cannot be read ({detail}); move it away and add the projects again",
                crate::sanitize::shown_path(path)
            ),
            LibraryError::Other(d) => write!(f, "verdict library error: {d}"),
        }
    }
}

impl std::error::Error for LibraryError {}

impl From<tantivy::TantivyError> for LibraryError {
    fn from(e: tantivy::TantivyError) -> Self {
        LibraryError::Other(e.to_string())
    }
}

impl From<std::io::Error> for LibraryError {
    fn from(e: std::io::Error) -> Self {
        LibraryError::Other(e.to_string())
    }
}

/// The library index. Reading needs no lock; the first write takes tantivy's writer lock
/// and holds it until the value is dropped.
pub struct VerdictLibrary {
    dir: PathBuf,
    fields: LibraryFields,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
}

impl fmt::Debug for VerdictLibrary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerdictLibrary")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl VerdictLibrary {
    /// Opens the library in `dir`, creating an empty one if there is none.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<VerdictLibrary, LibraryError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir)?;
        let damaged = |e: &dyn fmt::Display| LibraryError::Damaged {
            path: dir.clone(),
            detail: e.to_string(),
        };
        let directory = MmapDirectory::open(&dir).map_err(|e| damaged(&e))?;
        let fields = LibraryFields::build();
        let exists = Index::exists(&directory).map_err(|e| damaged(&e))?;
        let index = if exists {
            let index = Index::open(directory).map_err(|e| damaged(&e))?;
            if index.schema() != fields.schema {
                return Err(damaged(&"made by another version of factdesk"));
            }
            index
        } else {
            Index::create(directory, fields.schema.clone(), Default::default())?
        };
        analyzers::register(index.tokenizers(), None);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(VerdictLibrary {
            dir,
            fields,
            index,
            reader,
            writer: None,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn writer(&mut self) -> Result<&mut IndexWriter, LibraryError> {
        if self.writer.is_none() {
            // The library is small: one thread and tantivy's minimum budget.
            let w = self
                .index
                .writer_with_num_threads(1, 16 << 20)
                .map_err(|e| match e {
                    tantivy::TantivyError::LockFailure(..) => {
                        LibraryError::Locked(self.dir.clone())
                    }
                    other => other.into(),
                })?;
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer was just set"))
    }

    /// Adds an entry, replacing any entry with the same origin. Visible after [`commit`].
    ///
    /// [`commit`]: VerdictLibrary::commit
    pub fn upsert(&mut self, entry: &LibraryEntry) -> Result<(), LibraryError> {
        let doc = self.fields.document(entry);
        let origin = Term::from_field_text(self.fields.origin, &entry.origin);
        let writer = self.writer()?;
        writer.delete_term(origin);
        writer.add_document(doc)?;
        Ok(())
    }

    /// Removes the entry with exactly this origin, if any. Visible after [`commit`].
    ///
    /// [`commit`]: VerdictLibrary::commit
    pub fn remove(&mut self, origin: &str) -> Result<(), LibraryError> {
        let term = Term::from_field_text(self.fields.origin, origin);
        self.writer()?.delete_term(term);
        Ok(())
    }

    /// Removes every entry whose origin starts with `prefix`; returns how many there were.
    pub fn remove_origin_prefix(&mut self, prefix: &str) -> Result<usize, LibraryError> {
        let origins = self.origins_with_prefix(prefix)?;
        let field = self.fields.origin;
        let writer = self.writer()?;
        for origin in &origins {
            writer.delete_term(Term::from_field_text(field, origin));
        }
        Ok(origins.len())
    }

    fn origins_with_prefix(&self, prefix: &str) -> Result<Vec<String>, LibraryError> {
        let searcher = self.reader.searcher();
        let mut out = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.origin)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                // A term can outlive its deleted documents until segments merge.
                let text = String::from_utf8_lossy(key).into_owned();
                let live = TermQuery::new(
                    Term::from_field_text(self.fields.origin, &text),
                    IndexRecordOption::Basic,
                );
                if searcher.search(&live, &tantivy::collector::Count)? > 0 {
                    out.insert(text);
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Sees what other processes or threads committed since this library was opened.
    pub fn refresh(&self) -> Result<(), LibraryError> {
        self.reader.reload()?;
        Ok(())
    }

    /// Makes every change since the last commit durable and visible.
    pub fn commit(&mut self) -> Result<(), LibraryError> {
        if let Some(w) = self.writer.as_mut() {
            w.commit()?;
            self.reader.reload()?;
        }
        Ok(())
    }

    /// Number of entries.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry, newest first (undated last), then by origin.
    pub fn entries(&self) -> Result<Vec<LibraryEntry>, LibraryError> {
        let searcher = self.reader.searcher();
        let docs = searcher.search(&AllQuery, &DocSetCollector)?;
        let mut out = Vec::with_capacity(docs.len());
        for addr in docs {
            out.push(self.entry_at(&searcher, addr)?);
        }
        out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.origin.cmp(&b.origin)));
        Ok(out)
    }

    /// The entry with this origin, if any.
    pub fn get(&self, origin: &str) -> Result<Option<LibraryEntry>, LibraryError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.origin, origin),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => Ok(Some(self.entry_at(&searcher, *addr)?)),
            None => Ok(None),
        }
    }

    fn entry_at(
        &self,
        searcher: &Searcher,
        addr: tantivy::DocAddress,
    ) -> Result<LibraryEntry, LibraryError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        Ok(self.fields.entry(&doc))
    }

    /// Up to `k` entries resembling `claim`, most similar first; `exclude_origin` (the
    /// claim's own entry) is never returned. Entries below [`SAME_CLAIM`] are included so a
    /// caller can show near misses; use [`Match::is_same_claim`] to filter.
    pub fn find_similar(
        &self,
        claim: &str,
        lang: Lang,
        k: usize,
        exclude_origin: Option<&str>,
    ) -> Result<Vec<Match>, LibraryError> {
        if k == 0 {
            return Ok(Vec::new());
        }
        let Some(query) = self.candidate_query(claim) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let wanted = (k * CANDIDATES_PER_MATCH).max(MIN_CANDIDATES);
        let top = searcher.search(&query, &TopDocs::with_limit(wanted).order_by_score())?;
        let query_stems = similarity::content_stems(claim, lang);
        let mut out = Vec::new();
        for (score, addr) in top {
            let entry = self.entry_at(&searcher, addr)?;
            if exclude_origin == Some(entry.origin.as_str()) {
                continue;
            }
            // Compare in the query's language: a German claim is only the "same claim" as
            // an entry whose words stem alike under the German stemmer.
            let sim =
                similarity::dice(&query_stems, &similarity::content_stems(&entry.claim, lang));
            out.push(Match {
                entry,
                score,
                similarity: sim,
            });
        }
        out.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| a.entry.origin.cmp(&b.entry.origin))
        });
        out.truncate(k);
        Ok(out)
    }

    /// A disjunction of the claim's content words over the German, English and unstemmed
    /// fields, so a candidate is found whatever language either side was filed under.
    fn candidate_query(&self, claim: &str) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let f = &self.fields;
        for (lang, field) in [
            (Lang::De, f.claim_de),
            (Lang::En, f.claim_en),
            (Lang::Other, f.claim),
        ] {
            for stem in similarity::content_stems(claim, lang) {
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &stem),
                        IndexRecordOption::WithFreqs,
                    )),
                ));
            }
        }
        if clauses.is_empty() {
            None
        } else {
            Some(Box::new(BooleanQuery::new(clauses)))
        }
    }
}

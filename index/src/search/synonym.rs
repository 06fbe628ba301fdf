//! One word under several spellings, scored as one term.
//!
//! The index keeps a stem only where it differs from its word (see `analyzers`), so the stem
//! "haus" is the term `\x01haus` (from "Häuser") and, where the text says "Haus", the word
//! `haus` itself. A stemmed search must count both as one term, as a separate stemmed field
//! did: BM25 over the summed term frequency, with the number of passages holding any of the
//! spellings as its document frequency (Lucene's SynonymQuery, with the exact union count).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term, TERMINATED};

/// Terms of one field that mean the same word.
#[derive(Debug, Clone)]
pub struct SynonymQuery {
    terms: Vec<Term>,
}

impl SynonymQuery {
    /// All terms must be of the same field; duplicates are dropped.
    pub fn new(mut terms: Vec<Term>) -> SynonymQuery {
        terms.sort();
        terms.dedup();
        SynonymQuery { terms }
    }
}

/// Passages holding any of `terms` (deleted ones included, as tantivy's own counts do).
fn union_doc_freq(searcher: &Searcher, terms: &[Term]) -> tantivy::Result<u64> {
    let mut total = 0u64;
    for segment in searcher.segment_readers() {
        let mut postings = open(segment, terms, IndexRecordOption::Basic)?;
        let mut doc = current(&postings);
        while doc != TERMINATED {
            total += 1;
            for p in postings.iter_mut() {
                if p.doc() == doc {
                    p.advance();
                }
            }
            doc = current(&postings);
        }
    }
    Ok(total)
}

fn open(
    segment: &SegmentReader,
    terms: &[Term],
    option: IndexRecordOption,
) -> tantivy::Result<Vec<SegmentPostings>> {
    let Some(first) = terms.first() else {
        return Ok(Vec::new());
    };
    let inverted = segment.inverted_index(first.field())?;
    let mut out = Vec::with_capacity(terms.len());
    for term in terms {
        if let Some(p) = inverted.read_postings(term, option)? {
            out.push(p);
        }
    }
    Ok(out)
}

fn current(postings: &[SegmentPostings]) -> DocId {
    postings.iter().map(|p| p.doc()).min().unwrap_or(TERMINATED)
}

impl Query for SynonymQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match (scoring, self.terms.first()) {
            (
                EnableScoring::Enabled {
                    searcher,
                    statistics_provider,
                },
                Some(first),
            ) => {
                let docs = statistics_provider.total_num_docs()?;
                let tokens = statistics_provider.total_num_tokens(first.field())?;
                let average = tokens as Score / docs.max(1) as Score;
                let doc_freq = if self.terms.len() == 1 {
                    statistics_provider.doc_freq(first)?
                } else {
                    union_doc_freq(searcher, &self.terms)?
                };
                Bm25Weight::for_one_term_without_explain(doc_freq, docs, average)
            }
            _ => Bm25Weight::for_one_term_without_explain(1, 1, 1.0),
        };
        Ok(Box::new(SynonymWeight {
            terms: self.terms.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct SynonymWeight {
    terms: Vec<Term>,
    bm25: Bm25Weight,
}

impl Weight for SynonymWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let postings = open(reader, &self.terms, IndexRecordOption::WithFreqs)?;
        if postings.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let fieldnorms = reader.get_fieldnorms_reader(self.terms[0].field())?;
        let doc = current(&postings);
        Ok(Box::new(SynonymScorer {
            postings,
            doc,
            fieldnorms,
            bm25: self.bm25.boost_by(boost),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new(
            "synonym terms, BM25 of the summed tf",
            scorer.score(),
        ))
    }
}

struct SynonymScorer {
    postings: Vec<SegmentPostings>,
    doc: DocId,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
}

impl DocSet for SynonymScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for p in self.postings.iter_mut() {
            if p.doc() == doc {
                p.advance();
            }
        }
        self.doc = current(&self.postings);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for p in self.postings.iter_mut() {
            if p.doc() < target {
                p.seek(target);
            }
        }
        self.doc = current(&self.postings);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings.iter().map(|p| p.size_hint()).sum()
    }
}

impl Scorer for SynonymScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let tf: u32 = self
            .postings
            .iter()
            .filter(|p| p.doc() == doc)
            .map(|p| p.term_freq())
            .sum();
        self.bm25.score(self.fieldnorms.fieldnorm_id(doc), tf)
    }
}

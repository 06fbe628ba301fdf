//! Reading passages back by what they are rather than by a query: every passage (what the
//! embedder walks), one passage by source id and number (a semantic hit no word matched),
//! and the lexical candidates of a claim (what is embedded first, or on demand, when a
//! corpus is too large to embed whole).

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Searcher, Term};

use super::results::source_info;
use super::{EvidenceWeights, SearchIndex};
use crate::source::Lang;

/// A passage as stored in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    /// The source's id (content hash).
    pub source_id: String,
    /// Position of the passage in the source (0-based).
    pub passage: u32,
    /// The source's language.
    pub lang: Lang,
    /// The source's title.
    pub title: String,
    /// The passage text.
    pub text: String,
}

fn passage_of(doc: &TantivyDocument, index: &SearchIndex) -> StoredPassage {
    let f = &index.fields;
    let info = source_info(doc, f);
    StoredPassage {
        source_id: info.id,
        passage: doc
            .get_first(f.passage)
            .and_then(|v| v.as_u64())
            .unwrap_or(0) as u32,
        lang: info.language,
        title: info.title,
        // The stored body carries the marker that picks its stems; the text is without it.
        text: doc
            .get_first(f.body)
            .and_then(|v| v.as_str())
            .map(|t| super::analyzers::strip_mark(t).to_string())
            .unwrap_or_default(),
    }
}

impl SearchIndex {
    /// Sees the latest commit (of this or another process).
    pub fn reload(&self) -> tantivy::Result<()> {
        self.reader.reload()
    }

    /// The best passage of each of the `n` sources suggest evidence ranks first for a claim
    /// (`lang` is the claim's language), best first.
    pub fn candidate_passages(
        &self,
        claim: &str,
        lang: Lang,
        n: usize,
    ) -> tantivy::Result<Vec<StoredPassage>> {
        let (searcher, groups, _) =
            self.lexical_groups(claim, lang, n, 1, &EvidenceWeights::default())?;
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            if let Some(&(_, addr)) = g.passages.first() {
                out.push(passage_of(&searcher.doc(addr)?, self));
            }
        }
        Ok(out)
    }

    /// Calls `f` with every live passage of the last commit seen, in storage order, until
    /// it returns `false`.
    pub fn for_each_passage(
        &self,
        f: &mut dyn FnMut(StoredPassage) -> bool,
    ) -> tantivy::Result<()> {
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(4)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                if !f(passage_of(&doc?, self)) {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// The address of a source's passage, if the source is (still) in the index.
    pub(crate) fn passage_address(
        &self,
        searcher: &Searcher,
        source_id: &str,
        passage: u32,
    ) -> tantivy::Result<Option<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.source_id, source_id),
            IndexRecordOption::Basic,
        );
        let mut docs: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        docs.sort();
        for addr in docs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if doc.get_first(self.fields.passage).and_then(|v| v.as_u64())
                == Some(u64::from(passage))
            {
                return Ok(Some(addr));
            }
        }
        Ok(None)
    }
}

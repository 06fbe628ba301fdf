//! Search over the project's sources, run on the search worker: the project's tantivy index
//! (factdesk-index), its highlights moved into the passages the panes show.

use std::path::Path;

use factdesk_index::search::SearchRequest;
use factdesk_index::store::SourceStore;
use factdesk_index::{Lang, PassageHit, SearchIndex};

use super::msg::{Hit, Provenance};
use super::safe::safe;
use crate::project::{Access, Project};

/// The project's search index and source store, as the search worker uses them.
pub struct Searcher {
    index: Option<SearchIndex>,
    store: Option<SourceStore>,
    lang: Lang,
    /// Why the index could not be opened, shown instead of results.
    pub problem: Option<String>,
    /// What opening did besides (the index rebuilt, and why), for the status bar.
    pub notice: Option<String>,
    /// The model and vectors suggest evidence fuses in, loaded at the first suggestion
    /// (the model takes a second or more to load) and kept across reloads.
    semantic: SemanticSide,
}

/// The semantic side as the searcher holds it.
#[derive(Default)]
pub enum SemanticSide {
    /// Not looked for yet.
    #[default]
    Unopened,
    /// No model, or no vectors: suggestions stay lexical.
    Absent,
    Open(Box<crate::semantic::Semantic>),
}

/// What suggest evidence found, and how.
pub struct Suggested {
    pub hits: Vec<Hit>,
    /// Ranked by words and meaning (semantic ranks fused in).
    pub fused: bool,
    /// What to tell the user about the vectors (missing ones, a model that did not load).
    pub notice: Option<String>,
}

impl Searcher {
    /// Open the project's index (building it from `sources/` when a fresh clone has none).
    pub fn open(root: &Path) -> Searcher {
        let project = match Project::open(root, Access::ReadOnly) {
            Ok(p) => p,
            Err(e) => return Searcher::broken(crate::error::one_line(&e)),
        };
        let lang = Lang::from_code(&project.manifest().language);
        let store = crate::sources::store(&project).ok();
        match crate::search::open_noting(&project) {
            Ok((index, notice)) => Searcher {
                index: Some(index),
                store,
                lang,
                problem: None,
                notice,
                semantic: SemanticSide::Unopened,
            },
            Err(e) => Searcher {
                index: None,
                store,
                lang,
                problem: Some(crate::error::one_line(&e)),
                notice: None,
                semantic: SemanticSide::Unopened,
            },
        }
    }

    fn broken(problem: String) -> Searcher {
        Searcher {
            index: None,
            store: None,
            lang: Lang::Other,
            problem: Some(problem),
            notice: None,
            semantic: SemanticSide::Unopened,
        }
    }

    /// Opens the searcher afresh (the index changed), keeping the loaded model.
    pub fn reopen(self, root: &Path) -> Searcher {
        let mut fresh = Searcher::open(root);
        if let SemanticSide::Open(sem) = self.semantic {
            fresh.semantic = SemanticSide::Open(sem);
        }
        fresh
    }

    /// Search as you type: lenient parsing (a half-typed query never fails), the word being
    /// typed completed as a prefix, all words preferred, any word when none has them all.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_noting(query, limit).0
    }

    /// [`Searcher::search`], and what to say besides the hits: why the search failed, or
    /// that a query nested too deeply was read as plain words (a pasted query of 2,000
    /// brackets showed neither results nor a word). The other lenient warnings are left out:
    /// they come and go with every half-typed quote or bracket.
    pub fn search_noting(&self, query: &str, limit: usize) -> (Vec<Hit>, Option<String>) {
        let Some(index) = &self.index else {
            return (Vec::new(), None);
        };
        if query.trim().is_empty() {
            return (Vec::new(), None);
        }
        let mut req = SearchRequest::new(query);
        req.lenient = true;
        req.complete_last_word = true;
        req.limit = limit;
        req.passages_per_source = 3;
        match index.search(&req) {
            Ok(r) => {
                let note = r
                    .warnings
                    .iter()
                    .find(|w| w.contains("levels deep"))
                    .cloned();
                let hits = r
                    .sources
                    .iter()
                    .flat_map(|s| s.passages.iter().map(hit))
                    .take(limit)
                    .collect();
                (hits, note)
            }
            Err(e) => (Vec::new(), Some(format!("search failed: {e}"))),
        }
    }

    /// The passages that best match a claim (names, numbers and dates weigh most), with
    /// semantic ranks fused in when a model is installed.
    pub fn suggest(&mut self, claim: &str, limit: usize) -> Suggested {
        let mut out = Suggested {
            hits: Vec::new(),
            fused: false,
            notice: None,
        };
        let Some(index) = &self.index else {
            return out;
        };
        // Each claim in its own language: an English claim in a German project is English.
        let lang = factdesk_index::extract::detect_lang_or(claim, self.lang);
        match &mut self.semantic {
            SemanticSide::Unopened => {
                let (sem, notice) = crate::semantic::open(index);
                out.notice = notice;
                self.semantic = match sem {
                    Some(s) => SemanticSide::Open(Box::new(s)),
                    None => SemanticSide::Absent,
                };
            }
            SemanticSide::Open(sem) => {
                sem.refresh(index);
                out.notice.clone_from(&sem.notice);
            }
            SemanticSide::Absent => {}
        }
        let result = match &mut self.semantic {
            SemanticSide::Open(sem) => match sem.suggest(index, claim, lang, limit) {
                Ok(hits) => {
                    out.fused = true;
                    Ok(hits)
                }
                // A model that fails on this claim still leaves the words.
                Err(e) => {
                    out.notice = Some(format!("semantic ranking failed: {}", e.message));
                    index.suggest_evidence(claim, lang, limit)
                }
            },
            _ => index.suggest_evidence(claim, lang, limit),
        };
        if let Ok(hits) = result {
            out.hits = group(hits.iter().map(hit).collect());
        }
        out
    }

    /// Title, provenance and whole text of a source, for the reader.
    pub fn open_source(&self, id: &str) -> Option<(String, Provenance, String)> {
        let doc = self.store.as_ref()?.load_doc(id).ok()?;
        let provenance = Provenance::new(
            &doc.publisher,
            doc.date.as_deref(),
            &doc.url,
            doc.capture.as_ref(),
        );
        Some((safe(&doc.title), provenance, doc.text))
    }
}

/// A tantivy passage hit as the panes show it: highlight ranges moved from the snippet into
/// the whole passage, which is what gets attached as evidence.
fn hit(p: &PassageHit) -> Hit {
    let shift = p.snippet.source_bytes.start.saturating_sub(p.bytes.start);
    let raw_marks: Vec<(usize, usize)> = p
        .snippet
        .highlights
        .iter()
        .map(|h| (h.bytes.start + shift, h.bytes.end + shift))
        .filter(|&(a, b)| {
            b <= p.text.len() && p.text.is_char_boundary(a) && p.text.is_char_boundary(b)
        })
        .collect();
    // A passage may span paragraphs: one line in the list. '\n' and ' ' are both one byte,
    // so highlight offsets stay valid.
    let flat = p.text.replace('\n', " ");
    let passage = safe(&flat);
    // `safe` keeps the character count but may change byte lengths; marks are byte offsets,
    // so they only carry over when nothing had to be replaced.
    let marks = if passage == flat {
        raw_marks
    } else {
        Vec::new()
    };
    Hit {
        source: p.source.id.clone(),
        title: safe(&p.source.title),
        provenance: Provenance::new(
            &p.source.publisher,
            p.source.date.as_deref(),
            &p.source.url,
            p.source.capture.as_ref(),
        ),
        passage,
        range: [p.chars.start, p.chars.end],
        marks,
        score: p.score,
    }
}

/// Reorder hits so passages of one source are together, sources in order of their best hit.
pub fn group(hits: Vec<Hit>) -> Vec<Hit> {
    let mut order: Vec<String> = Vec::new();
    for h in &hits {
        if !order.contains(&h.source) {
            order.push(h.source.clone());
        }
    }
    let mut out = Vec::with_capacity(hits.len());
    for s in order {
        out.extend(hits.iter().filter(|h| h.source == s).cloned());
    }
    out
}

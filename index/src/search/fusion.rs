//! Lexical and semantic ranks together: linear fusion of min-max normalised scores.
//!
//! A claim's candidates are its best lexical sources ([`SearchIndex::lexical_groups`]) and
//! the sources of its nearest passage vectors. Each candidate gets its lexical score (0
//! when no word matched) and its semantic score (the cosine of its best passage, computed
//! for every candidate that has vectors), both min-max normalised over the candidates, and
//! the fused score `(1 - w) * lexical + w * semantic`. The weight `w` depends on whether the
//! claim and the source share a language: across languages the words hardly match, so the
//! semantic side must carry more (chosen on the SciFact tune split, `docs/benchmarks.md`).
//! A source without vectors yet (embedding still running) keeps its lexical score.

use std::collections::HashMap;

use tantivy::schema::TantivyDocument;
use tantivy::DocAddress;

use super::analyzers::Analyzers;
use super::query::QueryError;
use super::results::{passage_hit, source_info, PassageHit};
use super::{EvidenceWeights, SearchIndex};
use crate::embed::store::{Query, VectorStore};
use crate::source::Lang;

/// The knobs of fusion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusionWeights {
    /// Semantic weight when claim and source are in the same language.
    pub same_language: f32,
    /// Semantic weight when they are not.
    pub cross_language: f32,
    /// Lexical candidates (sources).
    pub lexical_depth: usize,
    /// Semantic candidates (sources).
    pub semantic_depth: usize,
}

impl Default for FusionWeights {
    fn default() -> Self {
        FusionWeights {
            same_language: 0.5,
            cross_language: 0.7,
            lexical_depth: 100,
            semantic_depth: 100,
        }
    }
}

impl FusionWeights {
    fn weight(&self, claim: Lang, source: Lang) -> f32 {
        match (claim, source) {
            (Lang::Other, _) | (_, Lang::Other) => (self.same_language + self.cross_language) / 2.0,
            (a, b) if a == b => self.same_language,
            _ => self.cross_language,
        }
    }
}

/// The semantic side of one claim: its vector and the project's passage vectors.
pub struct SemanticQuery<'a> {
    pub store: &'a VectorStore,
    pub vector: Query,
    /// The claim's language (picks the weight).
    pub lang: Lang,
}

/// A source competing for a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The source's grouping key.
    pub key: u64,
    /// Its language, when it has vectors.
    pub lang: Lang,
    /// BM25 score of its best passage, when a word matched.
    pub lexical: Option<f32>,
    /// Cosine of its best passage vector and the best passage's number, when it has vectors.
    pub semantic: Option<(f32, u32)>,
}

fn min_max(values: impl Iterator<Item = f32>) -> (f32, f32) {
    values.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

fn normalised(v: f32, (lo, hi): (f32, f32)) -> f32 {
    if hi > lo {
        ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

/// Fused scores of the candidates, best first: `(candidate index, score)`.
pub fn fuse(candidates: &[Candidate], claim: Lang, w: &FusionWeights) -> Vec<(usize, f32)> {
    let lex = min_max(candidates.iter().filter_map(|c| c.lexical));
    let sem = min_max(candidates.iter().filter_map(|c| c.semantic.map(|s| s.0)));
    let mut out: Vec<(usize, f32)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let l = c.lexical.map_or(0.0, |v| normalised(v, lex));
            let score = match c.semantic {
                Some((s, _)) => {
                    let w = w.weight(claim, c.lang);
                    (1.0 - w) * l + w * normalised(s, sem)
                }
                None => l,
            };
            (i, score)
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Best passage of a source by its vectors: `(cosine, passage, language)`.
fn best_vector(sem: &SemanticQuery, key: u64) -> Option<(f32, u32, Lang)> {
    sem.store
        .of_source(key)
        .iter()
        .map(|&i| {
            let (_, e) = sem.store.entry(i);
            (sem.store.score(i, &sem.vector), e.passage, e.lang)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// A fused candidate and where to read it.
struct Ranked {
    score: f32,
    /// Lexical passages (best first), empty for a semantic-only candidate.
    lexical: Vec<(f32, DocAddress)>,
    /// The source id and best passage by vectors.
    semantic: Option<(String, u32)>,
}

impl SearchIndex {
    /// Candidates of a claim, fused, best first.
    fn fused(
        &self,
        claim: &str,
        lang: Lang,
        per_source: usize,
        weights: &EvidenceWeights,
        sem: &SemanticQuery,
        fw: &FusionWeights,
    ) -> tantivy::Result<(
        tantivy::Searcher,
        Vec<Ranked>,
        super::highlight::HighlightTerms,
    )> {
        let (searcher, groups, highlight) =
            self.lexical_groups(claim, lang, fw.lexical_depth, per_source, weights)?;
        let mut candidates = Vec::new();
        let mut lexical = Vec::new();
        let mut ids: Vec<Option<String>> = Vec::new();
        let mut seen = HashMap::new();
        for g in groups {
            let best = best_vector(sem, g.key);
            seen.insert(g.key, candidates.len());
            candidates.push(Candidate {
                key: g.key,
                lang: best.map_or(Lang::Other, |b| b.2),
                lexical: Some(g.score),
                semantic: best.map(|b| (b.0, b.1)),
            });
            lexical.push(g.passages);
            ids.push(None);
        }
        // Nearest passages, several per source possible: look deeper than the source count.
        for (score, i) in sem.store.nearest(&sem.vector, fw.semantic_depth * 3) {
            let (id, e) = sem.store.entry(i);
            let key = super::schema::source_key(id);
            if seen.contains_key(&key) || seen.len() >= fw.lexical_depth + fw.semantic_depth {
                continue;
            }
            // `nearest` is best first, so this is the source's best passage.
            seen.insert(key, candidates.len());
            candidates.push(Candidate {
                key,
                lang: e.lang,
                lexical: None,
                semantic: Some((score, e.passage)),
            });
            lexical.push(Vec::new());
            ids.push(Some(id.to_string()));
        }
        let fused = fuse(&candidates, sem.lang, fw);
        let ranked = fused
            .into_iter()
            .map(|(i, score)| Ranked {
                score,
                lexical: std::mem::take(&mut lexical[i]),
                semantic: candidates[i]
                    .semantic
                    .and_then(|(_, p)| ids[i].take().map(|id| (id, p))),
            })
            .collect();
        Ok((searcher, ranked, highlight))
    }

    /// The first address of a ranked candidate (its best lexical passage, else the passage
    /// its vector points at, if that source is still indexed).
    fn first_address(
        &self,
        searcher: &tantivy::Searcher,
        r: &Ranked,
    ) -> tantivy::Result<Option<DocAddress>> {
        if let Some(&(_, addr)) = r.lexical.first() {
            return Ok(Some(addr));
        }
        match &r.semantic {
            Some((id, p)) => self.passage_address(searcher, id, *p),
            None => Ok(None),
        }
    }

    /// [`SearchIndex::rank_sources_for_claim`] with semantic ranks fused in.
    pub fn rank_sources_fused(
        &self,
        claim: &str,
        lang: Lang,
        n: usize,
        weights: &EvidenceWeights,
        sem: &SemanticQuery,
        fw: &FusionWeights,
    ) -> tantivy::Result<Vec<(String, f32)>> {
        let (searcher, ranked, _) = self.fused(claim, lang, 1, weights, sem, fw)?;
        let mut out = Vec::with_capacity(n);
        for r in &ranked {
            if out.len() >= n {
                break;
            }
            // A vector of a source removed since it was embedded finds no passage.
            let Some(addr) = self.first_address(&searcher, r)? else {
                continue;
            };
            let doc: TantivyDocument = searcher.doc(addr)?;
            let info = source_info(&doc, &self.fields);
            out.push((info.original_id.unwrap_or(info.id), r.score));
        }
        Ok(out)
    }

    /// [`SearchIndex::suggest_evidence`] with semantic ranks fused in: `k` passages, at
    /// most two per source, best source first.
    pub fn suggest_evidence_fused(
        &self,
        claim: &str,
        lang: Lang,
        k: usize,
        sem: &SemanticQuery,
        fw: &FusionWeights,
    ) -> Result<Vec<PassageHit>, QueryError> {
        let err = |e: tantivy::TantivyError| QueryError {
            message: format!("search failed: {e}"),
            position: None,
        };
        let weights = EvidenceWeights::default();
        let (searcher, ranked, highlight) =
            self.fused(claim, lang, 2, &weights, sem, fw).map_err(err)?;
        let mut analyzers = Analyzers::default();
        let mut out = Vec::with_capacity(k);
        for r in &ranked {
            if out.len() >= k {
                break;
            }
            let mut addrs: Vec<DocAddress> = r.lexical.iter().map(|p| p.1).collect();
            if addrs.is_empty() {
                addrs.extend(self.first_address(&searcher, r).map_err(err)?);
            }
            for addr in addrs.into_iter().take(k - out.len()) {
                out.push(
                    passage_hit(
                        &searcher,
                        &self.fields,
                        addr,
                        r.score,
                        &highlight,
                        &mut analyzers,
                        300,
                    )
                    .map_err(err)?,
                );
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(key: u64, lang: Lang, lexical: Option<f32>, semantic: Option<f32>) -> Candidate {
        Candidate {
            key,
            lang,
            lexical,
            semantic: semantic.map(|s| (s, 0)),
        }
    }

    #[test]
    fn fusion_combines_normalised_ranks() {
        let w = FusionWeights {
            same_language: 0.5,
            cross_language: 0.8,
            ..FusionWeights::default()
        };
        let cands = vec![
            // Best lexically, weak semantically.
            c(1, Lang::En, Some(10.0), Some(0.80)),
            // Second lexically, best semantically: wins at weight 0.5.
            c(2, Lang::En, Some(8.0), Some(0.90)),
            // Lexically last, semantically middling.
            c(3, Lang::En, Some(2.0), Some(0.85)),
            // Found only by its vector.
            c(4, Lang::En, None, Some(0.88)),
        ];
        let order: Vec<u64> = fuse(&cands, Lang::En, &w)
            .iter()
            .map(|&(i, _)| cands[i].key)
            .collect();
        // 1: 0.5*1 + 0.5*0 = 0.5; 2: 0.5*0.75 + 0.5*1 = 0.875; 3: 0 + 0.25 = 0.25;
        // 4: 0 + 0.5*0.8 = 0.4.
        assert_eq!(order, vec![2, 1, 4, 3]);
        // Lexical only (weight 0): the lexical order, semantic-only candidates last.
        let lexical_only = FusionWeights {
            same_language: 0.0,
            cross_language: 0.0,
            ..w
        };
        let order: Vec<u64> = fuse(&cands, Lang::En, &lexical_only)
            .iter()
            .map(|&(i, _)| cands[i].key)
            .collect();
        assert_eq!(order, vec![1, 2, 3, 4]);
    }

    #[test]
    fn across_languages_the_semantic_side_weighs_more() {
        let w = FusionWeights {
            same_language: 0.3,
            cross_language: 0.8,
            ..FusionWeights::default()
        };
        let cands = vec![
            c(1, Lang::En, Some(10.0), Some(0.70)),
            c(2, Lang::En, Some(6.0), Some(0.90)),
        ];
        // Same language (English claim): 1 = 0.7, 2 = 0.3 * 0 ... lexical wins.
        assert_eq!(fuse(&cands, Lang::En, &w)[0].0, 0);
        // German claim against English sources: 1 = 0.2, 2 = 0.8: semantic wins.
        assert_eq!(fuse(&cands, Lang::De, &w)[0].0, 1);
    }

    #[test]
    fn a_source_without_vectors_keeps_its_lexical_score() {
        let w = FusionWeights::default();
        let cands = vec![
            c(1, Lang::Other, Some(10.0), None),
            c(2, Lang::En, Some(5.0), Some(0.9)),
            c(3, Lang::En, Some(0.0), Some(0.2)),
        ];
        let fused = fuse(&cands, Lang::En, &w);
        assert_eq!(fused[0], (0, 1.0));
        assert!((fused[1].1 - 0.75).abs() < 1e-6, "{fused:?}");
    }
}

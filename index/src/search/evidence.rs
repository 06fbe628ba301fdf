//! Finding passages that may support or refute a claim.
//!
//! A claim is a sentence, not a query: it is turned into a disjunction of its content words
//! (stemmed, stopwords dropped), its numbers, and its dates and quoted phrases as phrases.
//! Names are words like any other: a second clause for capitalised words, or for a word's
//! exact form, counted the same word twice and ranked worse on every English set measured
//! (`docs/benchmarks.md`).

use std::collections::HashSet;

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::analyzers::{self, AnalyzedToken, Analyzers};
use super::highlight::{Form, HighlightTerms};
use super::numbers::{self, Found, NumLang};
use super::query::QueryError;
use super::results::{passage_hit, top_groups, Group, PassageHit};
use super::schema::Fields;
use super::stopwords::{DE_STOP, EN_STOP, MONTHS};
use super::synonym::SynonymQuery;
use super::translate::{self, Dictionary};
use super::SearchIndex;
use crate::source::Lang;

/// Weights of the parts of a claim query (BM25 boosts). The defaults were tuned on the
/// SciFact train split (see `docs/benchmarks.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidenceWeights {
    /// A content word on the stemmed body field of the claim's language.
    pub body: f32,
    /// A content word on the title field (the title is already part of the first passage's
    /// body, so this only adds to it).
    pub title: f32,
    /// A number (`290`, `2023`).
    pub number: f32,
    /// A date or number written with separators (`17.10.2023`, `13. September`, `2,5`).
    pub date: f32,
    /// A quoted phrase.
    pub phrase: f32,
    /// A German word found as a part of a compound, or a part of a German compound of the
    /// claim (below the whole word, so exact matches rank first).
    pub part: f32,
    /// The English translations of a German claim's word (or of its compound's parts), as
    /// one term, when a dictionary is installed.
    pub translation: f32,
}

impl Default for EvidenceWeights {
    fn default() -> Self {
        EvidenceWeights {
            body: 1.0,
            title: 0.0,
            number: 1.0,
            date: 1.0,
            phrase: 1.0,
            part: 0.5,
            translation: 0.5,
        }
    }
}

fn is_number(t: &AnalyzedToken) -> bool {
    t.raw.chars().any(|c| c.is_ascii_digit())
}

fn is_month(t: &AnalyzedToken) -> bool {
    MONTHS.contains(&t.raw.as_str())
}

/// The parts of a claim, in analyzed form.
#[derive(Debug, Default)]
struct ClaimParts {
    words: Vec<AnalyzedToken>,
    numbers: Vec<String>,
    /// Date-like and quoted word sequences (exact forms) with their weight kind.
    phrases: Vec<(Vec<String>, bool)>,
    /// Numbers, dates and quantities in canonical form (see [`numbers`]).
    normal: Vec<Found>,
}

fn is_stop(word: &str) -> bool {
    EN_STOP.contains(&word) || DE_STOP.contains(&word)
}

/// Byte ranges of quoted parts of a claim („…“, “…”, "…", »…«).
fn quoted(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                let close = match c {
                    '„' => '“',
                    '“' => '”',
                    '"' => '"',
                    '»' => '«',
                    _ => continue,
                };
                open = Some((i + c.len_utf8(), close));
            }
            Some((start, close)) if c == close || (close == '“' && c == '”') => {
                out.push(start..i);
                open = None;
            }
            Some(_) => {}
        }
    }
    out
}

fn analyze_claim(analyzers: &mut Analyzers, claim: &str, lang: Lang) -> ClaimParts {
    let tokens = analyzers.tokens(claim);
    let mut parts = ClaimParts::default();
    let found = numbers::scan(claim, NumLang::of(lang));
    // "1.000" read in the claim's language: its digits as words ("1", "000") would find the
    // English "1.000" (one) as well; its canonical term finds only what means the same.
    let separated: Vec<std::ops::Range<usize>> = found
        .iter()
        .filter(|(_, f)| f.separated && f.number.is_some())
        .map(|(start, f)| *start..f.end)
        .collect();
    let read = |t: &AnalyzedToken| separated.iter().any(|r| r.contains(&t.bytes.start));
    // A date found stands for its words' phrase: its terms match that phrase too.
    let dated: Vec<usize> = found
        .iter()
        .filter(|(_, f)| f.number.is_none() && !f.terms.is_empty())
        .map(|(start, _)| *start)
        .collect();
    parts.normal = found.into_iter().map(|(_, f)| f).collect();
    let quotes = quoted(claim);
    for q in &quotes {
        let words: Vec<String> = analyzers
            .tokens(&claim[q.clone()])
            .into_iter()
            .map(|t| t.raw)
            .collect();
        if words.len() > 1 {
            parts.phrases.push((words, false));
        }
    }
    let separator = |a: &AnalyzedToken, b: &AnalyzedToken| &claim[a.bytes.end..b.bytes.start];
    let mut i = 0;
    while i < tokens.len() {
        // Date or separated number: number (sep number)* or number + month or month + number.
        let mut j = i;
        while j + 1 < tokens.len() {
            let (a, b) = (&tokens[j], &tokens[j + 1]);
            let sep = separator(a, b);
            let joined = (is_number(a) && is_number(b) && matches!(sep, "." | "," | "/" | ":"))
                || (is_number(a) && is_month(b) && matches!(sep, ". " | " " | "."))
                || (is_month(a) && is_number(b) && matches!(sep, " " | ". "));
            if !joined {
                break;
            }
            j += 1;
        }
        if j > i && !read(&tokens[i]) && !dated.contains(&tokens[i].bytes.start) {
            parts
                .phrases
                .push((tokens[i..=j].iter().map(|t| t.raw.clone()).collect(), true));
        }
        i = j + 1;
    }
    for t in &tokens {
        if is_number(t) {
            if !read(t) {
                parts.numbers.push(t.raw.clone());
            }
            continue;
        }
        if is_stop(&t.raw) {
            continue;
        }
        parts.words.push(t.clone());
    }
    parts
}

fn boosted(query: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

fn term(field: Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    boosted(
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        )),
        boost,
    )
}

fn phrase(field: Field, words: &[String], boost: f32) -> (Occur, Box<dyn Query>) {
    let terms = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    boosted(Box::new(PhraseQuery::new(terms)), boost)
}

/// The terms of a word's stems in the claim's language: each stem as the marked term and as
/// the word that equals it (the index keeps a stem only where it differs from its word).
fn stem_terms(field: Field, t: &AnalyzedToken, lang: Lang) -> Vec<Term> {
    let mut terms = Vec::with_capacity(4);
    let mut add = |prefix: char, stem: &str| {
        terms.push(Term::from_field_text(
            field,
            &analyzers::stem_term(prefix, stem),
        ));
        terms.push(Term::from_field_text(field, stem));
    };
    if lang != Lang::En {
        add(analyzers::DE_STEM, &t.de);
    }
    if lang != Lang::De {
        add(analyzers::EN_STEM, &t.en);
    }
    terms
}

fn stems(field: Field, t: &AnalyzedToken, lang: Lang, boost: f32) -> (Occur, Box<dyn Query>) {
    boosted(
        Box::new(SynonymQuery::new(stem_terms(field, t, lang))),
        boost,
    )
}

/// A German word as a part of compounds in the sources ("Gutachten" in "Altersgutachten"),
/// and, when it is a compound itself, each of its parts, all at weight `weight`.
fn compound_clauses(
    f: &Fields,
    analyzers: &mut Analyzers,
    t: &AnalyzedToken,
    weight: f32,
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    highlight: &mut HighlightTerms,
) {
    let part_term = analyzers::stem_term(analyzers::DE_PART, &t.de);
    clauses.push(term(f.body, &part_term, weight));
    highlight.add_part(&t.raw);
    for part in analyzers.parts(&t.raw) {
        clauses.push(boosted(
            Box::new(SynonymQuery::new(part_terms(f.body, &part))),
            weight,
        ));
        highlight.add_term(Form::De, &part);
    }
}

/// A German stem as a word, a stem and a part of compounds.
pub(super) fn part_terms(field: Field, stem: &str) -> Vec<Term> {
    vec![
        Term::from_field_text(field, &analyzers::stem_term(analyzers::DE_STEM, stem)),
        Term::from_field_text(field, stem),
        Term::from_field_text(field, &analyzers::stem_term(analyzers::DE_PART, stem)),
    ]
}

/// A German word's English translations as one term of the English stemmed body (see
/// [`super::translate`]); a compound the dictionary lacks is translated by its parts.
fn translation_clauses(
    f: &Fields,
    analyzers: &mut Analyzers,
    dict: &Dictionary,
    t: &AnalyzedToken,
    weight: f32,
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    highlight: &mut HighlightTerms,
) {
    let whole = dict.english(&t.de);
    let pieces: Vec<Vec<&str>> = if whole.is_empty() {
        let parts = analyzers.parts(&t.raw);
        parts.iter().map(|p| dict.english(p)).collect()
    } else {
        vec![whole]
    };
    for english in pieces.into_iter().filter(|e| !e.is_empty()) {
        let mut terms = Vec::with_capacity(english.len() * 2);
        for stem in english {
            terms.push(Term::from_field_text(
                f.body,
                &analyzers::stem_term(analyzers::EN_STEM, stem),
            ));
            terms.push(Term::from_field_text(f.body, stem));
            highlight.add_term(Form::En, stem);
        }
        clauses.push(boosted(Box::new(SynonymQuery::new(terms)), weight));
    }
}

/// The canonical terms of a claim's numbers, dates and quantities (in the numbers field), one
/// clause each at the weight of the word forms they stand for (a number's, a date's): the best
/// of a date's terms (the day, the day without its year, the month), of a quantity and its
/// number, and of a number and the word it is written as. So a claim's numbers weigh what they
/// did and only match more. Returns the numbers written as their own digits, which this
/// searches already.
fn normal_clauses(
    f: &Fields,
    normal: &[Found],
    w: &EvidenceWeights,
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
) -> HashSet<String> {
    let one = |field: Field, text: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    };
    let mut seen = HashSet::new();
    let mut as_written = HashSet::new();
    for found in normal {
        if found.terms.is_empty() || !seen.insert(&found.terms) {
            continue;
        }
        let mut best: Vec<Box<dyn Query>> = found.terms.iter().map(|t| one(f.numbers, t)).collect();
        if let (Some(n), true) = (&found.number, found.written_as_is) {
            as_written.insert(n.clone());
            best.push(one(f.body, n));
        }
        let weight = if found.number.is_some() {
            w.number
        } else {
            w.date
        };
        let query: Box<dyn Query> = match best.len() {
            1 => best.remove(0),
            _ => Box::new(DisjunctionMaxQuery::new(best)),
        };
        clauses.push(boosted(query, weight));
    }
    as_written
}

/// Builds the query for a claim and the terms to highlight. A German claim is also searched
/// in English through `dict`, when there is one.
pub(super) fn claim_query(
    f: &Fields,
    analyzers: &mut Analyzers,
    claim: &str,
    lang: Lang,
    w: &EvidenceWeights,
    dict: Option<&Dictionary>,
) -> (Box<dyn Query>, HighlightTerms) {
    let parts = analyze_claim(analyzers, claim, lang);
    let mut highlight = HighlightTerms::default();
    let mut clauses = Vec::new();
    let mut seen = HashSet::new();
    for t in &parts.words {
        if !seen.insert(t.raw.clone()) {
            continue;
        }
        clauses.push(stems(f.body, t, lang, w.body));
        if w.title > 0.0 {
            clauses.push(stems(f.title, t, lang, w.title));
        }
        if lang != Lang::En {
            highlight.add_term(Form::De, &t.de);
            if w.part > 0.0 {
                compound_clauses(f, analyzers, t, w.part, &mut clauses, &mut highlight);
            }
        }
        if lang != Lang::De {
            highlight.add_term(Form::En, &t.en);
        }
        if let (Lang::De, Some(d), true) = (lang, dict, w.translation > 0.0) {
            translation_clauses(
                f,
                analyzers,
                d,
                t,
                w.translation,
                &mut clauses,
                &mut highlight,
            );
        }
        highlight.add_term(Form::Raw, &t.raw);
    }
    let as_written = normal_clauses(f, &parts.normal, w, &mut clauses);
    for found in &parts.normal {
        let number = found
            .number
            .as_deref()
            .map(|n| numbers::prefixed(numbers::NUMBER, n));
        for t in found.terms.iter().chain(&number) {
            highlight.add_normal(t);
        }
    }
    for number in parts.numbers.iter().collect::<HashSet<_>>() {
        if !as_written.contains(number) {
            clauses.push(term(f.body, number, w.number));
        }
        highlight.add_term(Form::Raw, number);
    }
    for (words, is_date) in &parts.phrases {
        clauses.push(phrase(
            f.body,
            words,
            if *is_date { w.date } else { w.phrase },
        ));
        for word in words {
            highlight.add_term(Form::Raw, word);
        }
    }
    (Box::new(BooleanQuery::new(clauses)), highlight)
}

impl SearchIndex {
    /// The dictionary German claims are translated with (read once per process).
    fn dictionary(&self) -> Option<std::sync::Arc<Dictionary>> {
        translate::configured()
    }

    /// The `k` passages that best match a claim, best first, at most two per source.
    /// `lang` is the claim's language (it picks the stemmer).
    pub fn suggest_evidence(
        &self,
        claim: &str,
        lang: Lang,
        k: usize,
    ) -> Result<Vec<PassageHit>, QueryError> {
        self.suggest_evidence_with(claim, lang, k, &EvidenceWeights::default())
    }

    /// [`SearchIndex::suggest_evidence`] with explicit weights (for tuning).
    pub fn suggest_evidence_with(
        &self,
        claim: &str,
        lang: Lang,
        k: usize,
        weights: &EvidenceWeights,
    ) -> Result<Vec<PassageHit>, QueryError> {
        let err = |e: tantivy::TantivyError| QueryError {
            message: format!("search failed: {e}"),
            position: None,
        };
        let (searcher, groups, highlight) = self
            .lexical_groups(claim, lang, k, 2, weights)
            .map_err(err)?;
        let mut best: Vec<(f32, tantivy::DocAddress)> =
            groups.into_iter().flat_map(|g| g.passages).collect();
        best.sort_by(|a, b| b.0.total_cmp(&a.0));
        best.truncate(k);
        let mut analyzers = Analyzers::default();
        best.into_iter()
            .map(|(score, addr)| {
                passage_hit(
                    &searcher,
                    &self.fields,
                    addr,
                    score,
                    &highlight,
                    &mut analyzers,
                    300,
                )
                .map_err(err)
            })
            .collect()
    }

    /// The lexical ranking of a claim: its best `n` sources, each with up to `per_source`
    /// passages, best first, and the terms to highlight. Suggest evidence, the benchmark
    /// ranking and the fusion with semantic ranks ([`super::fusion`]) all start here; `lang`
    /// is the claim's language (see `extract::detect_lang_or`), which picks its analyzers.
    pub(super) fn lexical_groups(
        &self,
        claim: &str,
        lang: Lang,
        n: usize,
        per_source: usize,
        weights: &EvidenceWeights,
    ) -> tantivy::Result<(tantivy::Searcher, Vec<Group>, HighlightTerms)> {
        let dict = match lang {
            Lang::De => self.dictionary(),
            _ => None,
        };
        let (query, highlight) = claim_query(
            &self.fields,
            &mut self.analyzers(),
            claim,
            lang,
            weights,
            dict.as_deref(),
        );
        let searcher = self.reader.searcher();
        let groups = top_groups(&searcher, query.as_ref(), n, per_source)?;
        Ok((searcher, groups, highlight))
    }

    /// Sources ranked for a claim by their best passage: `(original id or id, score)`.
    /// This is what retrieval benchmarks measure.
    pub fn rank_sources_for_claim(
        &self,
        claim: &str,
        lang: Lang,
        n: usize,
        weights: &EvidenceWeights,
    ) -> tantivy::Result<Vec<(String, f32)>> {
        let (searcher, groups, _) = self.lexical_groups(claim, lang, n, 1, weights)?;
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            let Some(&(_, addr)) = g.passages.first() else {
                continue;
            };
            let doc: tantivy::schema::TantivyDocument = searcher.doc(addr)?;
            let info = super::results::source_info(&doc, &self.fields);
            out.push((info.original_id.unwrap_or(info.id), g.score));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_parts() {
        let mut a = Analyzers::default();
        let dates = |p: &ClaimParts| -> Vec<String> {
            p.normal.iter().flat_map(|f| f.terms.clone()).collect()
        };
        let p = analyze_claim(
            &mut a,
            "Am 17.10.2023 um 17:30 sagte Olaf Scholz, die Rakete flog 290 km weit, „nicht weiter“.",
            Lang::De,
        );
        // A date is searched by its terms, which match its phrase too; a time by its phrase.
        assert!(dates(&p).contains(&"\u{5}2023-10-17".to_string()), "{p:?}");
        assert!(!p.phrases.iter().any(|(w, _)| w[0] == "17" && w.len() == 3));
        assert!(p.phrases.contains(&(vec!["17".into(), "30".into()], true)));
        assert!(p
            .phrases
            .contains(&(vec!["nicht".into(), "weiter".into()], false)));
        assert!(p.numbers.contains(&"290".to_string()));
        assert!(!p.words.iter().any(|t| t.raw == "die"));
        let p = analyze_claim(
            &mut a,
            "On 13 September the NATO said Biden lied in 7 Sep.",
            Lang::En,
        );
        // A name is a content word, once.
        let words: Vec<&str> = p.words.iter().map(|t| t.raw.as_str()).collect();
        assert_eq!(words.iter().filter(|w| **w == "biden").count(), 1);
        assert!(words.contains(&"nato"), "{words:?}");
        assert!(dates(&p).contains(&"\u{5}--09-13".to_string()), "{p:?}");
        assert!(dates(&p).contains(&"\u{5}--09-07".to_string()), "{p:?}");
        let p = analyze_claim(&mut a, "Er kam am 13. September.", Lang::De);
        assert_eq!(dates(&p), ["\u{5}--09-13"]);
        // "1.000" read in German is searched by its term, not by its digits.
        let p = analyze_claim(&mut a, "Es waren 1.000 Soldaten.", Lang::De);
        assert!(p.numbers.is_empty() && p.phrases.is_empty(), "{p:?}");
        assert_eq!(dates(&p), ["\u{4}1000"]);
    }
}

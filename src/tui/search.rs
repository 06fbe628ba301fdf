//! Search over the project's sources, run on the search worker. Passages (paragraphs) are
//! matched by word prefix, case-insensitively; results are grouped by source.
//!
//! This is a small in-memory matcher so the workstation works before the tantivy index lands;
//! the worker talks to it only through `Corpus::search` and `Corpus::suggest`.

use super::safe::safe;

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub source: String,
    pub title: String,
    pub publisher: String,
    pub date: String,
    /// The passage, terminal-safe, same characters as the source text.
    pub passage: String,
    /// Character range of the passage in the source's text.
    pub range: [usize; 2],
    /// Byte ranges of matched words inside `passage`.
    pub marks: Vec<(usize, usize)>,
    pub score: f32,
}

#[derive(Debug, Clone)]
struct Passage {
    char_start: usize,
    text: String,
    /// Lower-cased words with their byte ranges in `text`.
    words: Vec<(String, usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub date: String,
    pub text: String,
    passages: Vec<Passage>,
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub docs: Vec<Doc>,
}

fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let is_word = c.is_alphanumeric();
        match (start, is_word) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((text[s..i].to_lowercase(), s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

impl Doc {
    pub fn new(id: String, title: String, publisher: String, date: String, text: String) -> Doc {
        let mut passages = Vec::new();
        let mut chars = 0;
        for line in text.split('\n') {
            let n = line.chars().count();
            if !line.trim().is_empty() {
                passages.push(Passage {
                    char_start: chars,
                    text: line.to_string(),
                    words: words(line),
                });
            }
            chars += n + 1;
        }
        Doc {
            id,
            title,
            publisher,
            date,
            text,
            passages,
        }
    }
}

const STOP: &[&str] = &[
    "der", "die", "das", "und", "oder", "ein", "eine", "einen", "dem", "den", "des", "mit", "von",
    "für", "auf", "ist", "sind", "war", "hat", "habe", "haben", "nicht", "sich", "auch", "nach",
    "bei", "aus", "wie", "dass", "über", "the", "and", "that", "with", "from", "this", "have",
    "has", "was", "were", "not", "for", "are",
];

impl Corpus {
    /// Passages containing every query word (the last one as a prefix, as it is being typed).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let terms: Vec<String> = words(query).into_iter().map(|w| w.0).collect();
        if terms.is_empty() {
            return Vec::new();
        }
        self.rank(&terms, terms.len(), limit)
    }

    /// Passages sharing the most content words with a claim: a cheap stem (the first six
    /// letters) makes German inflections meet.
    pub fn suggest(&self, claim: &str, limit: usize) -> Vec<Hit> {
        let mut terms: Vec<String> = words(claim)
            .into_iter()
            .map(|w| w.0)
            .filter(|w| w.chars().count() >= 4 && !STOP.contains(&w.as_str()))
            .map(|w| w.chars().take(6).collect())
            .collect();
        terms.sort();
        terms.dedup();
        if terms.is_empty() {
            return Vec::new();
        }
        let need = if terms.len() >= 4 { 2 } else { 1 };
        self.rank(&terms, need, limit)
    }

    fn rank(&self, terms: &[String], need: usize, limit: usize) -> Vec<Hit> {
        let mut hits = Vec::new();
        for doc in &self.docs {
            for p in &doc.passages {
                let mut marks = Vec::new();
                let mut matched = 0;
                for t in terms {
                    let mut found = false;
                    for (w, s, e) in &p.words {
                        if w.starts_with(t.as_str()) {
                            found = true;
                            marks.push((*s, *e));
                        }
                    }
                    matched += usize::from(found);
                }
                if matched >= need {
                    marks.sort();
                    marks.dedup();
                    let score =
                        matched as f32 + marks.len() as f32 * 0.01 - p.text.len() as f32 * 0.00001;
                    hits.push(Hit {
                        source: doc.id.clone(),
                        title: safe(&doc.title),
                        publisher: safe(&doc.publisher),
                        date: doc.date.clone(),
                        passage: safe(&p.text),
                        range: [p.char_start, p.char_start + p.text.chars().count()],
                        marks,
                        score,
                    });
                }
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(limit);
        group(hits)
    }

    pub fn doc(&self, id: &str) -> Option<&Doc> {
        self.docs.iter().find(|d| d.id == id)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        Corpus {
            docs: vec![
                Doc::new(
                    "a".into(),
                    "TASS".into(),
                    "TASS".into(),
                    "2023-10-17".into(),
                    "Peskow sagte, es gebe keine Beweise.\n\nDer Kreml bestreitet Lieferungen."
                        .into(),
                ),
                Doc::new(
                    "b".into(),
                    "Reuters".into(),
                    "Reuters".into(),
                    String::new(),
                    "Lawrow besuchte Pjöngjang.\nKeine Beweise für Lieferungen.".into(),
                ),
            ],
        }
    }

    #[test]
    fn every_word_must_match_and_the_last_is_a_prefix() {
        let c = corpus();
        let hits = c.search("keine bew", 10);
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.passage.contains("Beweise")));
        let h = &hits[0];
        assert_eq!(
            &h.passage[h.marks[0].0..h.marks[0].1].to_lowercase(),
            "keine"
        );
        assert!(c.search("pjöngjang kreml", 10).is_empty());
    }

    #[test]
    fn ranges_point_into_the_source_text() {
        let c = corpus();
        let h = &c.search("lieferungen", 10)[0];
        let doc = c.doc(&h.source).unwrap();
        let quoted: String = doc
            .text
            .chars()
            .skip(h.range[0])
            .take(h.range[1] - h.range[0])
            .collect();
        assert_eq!(quoted, h.passage);
    }

    #[test]
    fn suggest_finds_inflected_words_and_groups_by_source() {
        let c = corpus();
        let hits = c.suggest(
            "Der Kreml bestritt Waffenlieferungen; es gab keine Beweise",
            10,
        );
        assert!(!hits.is_empty());
        let first = &hits[0].source;
        let n = hits.iter().take_while(|h| &h.source == first).count();
        assert!(hits[n..].iter().all(|h| &h.source != first));
    }
}

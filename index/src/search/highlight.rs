//! Highlighting that understands stemming and typos.
//!
//! tantivy's `SnippetGenerator` only marks terms a query reports, so a fuzzy query marks
//! nothing and a stemmed one marks only what the stemmer maps onto the query's own stem.
//! Here every word of a passage is analyzed like the index analyzes it (lowercase, German
//! stem, English stem) and compared with the query words in the same three forms, within
//! the fuzzy edit distance when the search was fuzzy.

use std::collections::HashSet;
use std::ops::Range;

use super::analyzers::{AnalyzedToken, Analyzers};
use crate::source::Lang;

/// One analysed form of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Lowercased as written.
    Raw,
    /// German stem.
    De,
    /// English stem.
    En,
}

/// The words a query searches for, in every analyzed form.
#[derive(Debug, Clone, Default)]
pub struct HighlightTerms {
    raw: HashSet<String>,
    de: HashSet<String>,
    en: HashSet<String>,
    prefixes: Vec<String>,
    /// Words that also match as the first or last part of a German compound.
    parts: Vec<String>,
    /// Canonical terms of numbers, dates and quantities (see `numbers`): "1,000 troops" is
    /// marked for "1.000 Soldaten".
    normal: HashSet<String>,
    /// Edit distance (0 = exact) at which words also count as matches.
    pub fuzzy_distance: u8,
}

impl HighlightTerms {
    /// Adds the words of a query literal; with `prefix`, its last word also matches longer
    /// words that start with it.
    pub fn add_phrase(&mut self, phrase: &str, prefix: bool) {
        let mut analyzers = Analyzers::default();
        let tokens = analyzers.tokens(phrase);
        if prefix {
            if let Some(last) = tokens.last() {
                self.prefixes.push(last.raw.clone());
            }
        }
        if let [only] = tokens.as_slice() {
            self.add_part(&only.raw);
        }
        for t in tokens {
            self.raw.insert(t.raw);
            self.de.insert(t.de);
            self.en.insert(t.en);
        }
    }

    /// Adds a lowercased word that also matches as the first or last part of a longer word
    /// ("gutachten" marks "Altersgutachten").
    pub fn add_part(&mut self, word: &str) {
        if word.chars().count() >= super::compounds::MIN_PART {
            self.parts.push(word.to_string());
        }
    }

    /// Adds a lowercased word prefix: words that start with it match.
    pub fn add_prefix(&mut self, prefix: &str) {
        self.prefixes.push(prefix.to_string());
    }

    /// Adds one word given in one analysed form.
    pub fn add_term(&mut self, form: Form, term: &str) {
        let set = match form {
            Form::De => &mut self.de,
            Form::En => &mut self.en,
            Form::Raw => &mut self.raw,
        };
        set.insert(term.to_string());
    }

    /// Adds the canonical term of a number, date or quantity (with its prefix).
    pub fn add_normal(&mut self, term: &str) {
        self.normal.insert(term.to_string());
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty() && self.de.is_empty() && self.en.is_empty() && self.normal.is_empty()
    }

    /// Adds to `out` (sorted) the numbers, dates and quantities of `text` that mean one of the
    /// query's, each as one range replacing the words inside it.
    fn find_normal(&self, text: &str, lang: Lang, out: &mut Vec<Range<usize>>) {
        use super::numbers::{self, NumLang, NUMBER};
        for (start, found) in numbers::scan(text, NumLang::of(lang)) {
            let number = found
                .number
                .as_deref()
                .map(|n| numbers::prefixed(NUMBER, n));
            let hit = found
                .terms
                .iter()
                .chain(&number)
                .any(|t| self.normal.contains(t));
            if hit {
                out.retain(|r| r.end <= start || r.start >= found.end);
                out.push(start..found.end);
            }
        }
        out.sort_by_key(|r| r.start);
    }

    fn matches(&self, t: &AnalyzedToken, lang: Lang) -> bool {
        let (de, en) = match lang {
            Lang::De => (true, false),
            Lang::En => (false, true),
            Lang::Other => (true, true),
        };
        if self.raw.contains(&t.raw)
            || (de && self.de.contains(&t.de))
            || (en && self.en.contains(&t.en))
            || self.prefixes.iter().any(|p| t.raw.starts_with(p.as_str()))
            || (de
                && t.raw.len() >= super::compounds::MIN_WORD
                && self
                    .parts
                    .iter()
                    .any(|p| t.raw.ends_with(p.as_str()) || t.raw.starts_with(p.as_str())))
        {
            return true;
        }
        if self.fuzzy_distance == 0 {
            return false;
        }
        let d = usize::from(self.fuzzy_distance);
        let near = |set: &HashSet<String>, word: &str| set.iter().any(|q| within(q, word, d));
        near(&self.raw, &t.raw) || (de && near(&self.de, &t.de)) || (en && near(&self.en, &t.en))
    }

    /// Byte ranges of the words of `text` that match, in text order.
    pub fn find(&self, analyzers: &mut Analyzers, text: &str, lang: Lang) -> Vec<Range<usize>> {
        if self.is_empty() && self.prefixes.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Range<usize>> = analyzers
            .tokens(text)
            .into_iter()
            .filter(|t| self.matches(t, lang))
            .map(|t| t.bytes)
            .collect();
        if !self.normal.is_empty() {
            self.find_normal(text, lang, &mut out);
        }
        out
    }
}

/// Optimal string alignment distance of `a` and `b` is at most `max` (a transposition costs
/// one, as in tantivy's fuzzy queries).
fn within(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let w = b.len() + 1;
    let mut rows = vec![vec![0usize; w]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (
            (i + 1) % 3,
            i % 3,
            (i + 2) % 3, // two rows back
        );
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return false;
        }
    }
    rows[(a.len() + 1) % 3][b.len()] <= max
}

/// Picks the part of `text` (at most about `max_chars` chars) that shows the most matches,
/// widened to word boundaries. Returns its byte range in `text`.
pub fn snippet_window(text: &str, matches: &[Range<usize>], max_chars: usize) -> Range<usize> {
    let total_chars = text.chars().count();
    if total_chars <= max_chars {
        return 0..text.len();
    }
    // Byte offset of every char, plus the end, so char positions map to bytes.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let char_of = |byte: usize| offsets.partition_point(|&b| b < byte);
    let lead = max_chars / 5;
    let mut best = (0usize, 0usize); // (matches covered, start char)
    for m in matches {
        let start = char_of(m.start).saturating_sub(lead);
        let end_byte = offsets[(start + max_chars).min(total_chars)];
        let covered = matches
            .iter()
            .filter(|n| n.start >= offsets[start] && n.end <= end_byte)
            .count();
        if covered > best.0 {
            best = (covered, start);
        }
    }
    let mut start = best.1.min(total_chars.saturating_sub(max_chars));
    let mut end = (start + max_chars).min(total_chars);
    let chars: Vec<char> = text.chars().collect();
    // Widen the start back to a word boundary (at most 20 chars), trim the end to one.
    let mut back = 0;
    while start > 0 && back < 20 && !chars[start - 1].is_whitespace() {
        start -= 1;
        back += 1;
    }
    if end < total_chars {
        let mut e = end;
        while e > start + max_chars / 2 && !chars[e].is_whitespace() {
            e -= 1;
        }
        if e > start + max_chars / 2 {
            end = e;
        }
    }
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    offsets[start]..offsets[end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        assert!(within("nordkorea", "nordkorae", 1));
        assert!(within("haus", "hau", 1));
        assert!(!within("haus", "maul", 1));
        assert!(within("abc", "abc", 0));
        assert!(!within("abc", "abd", 0));
    }

    #[test]
    fn stemmed_and_fuzzy_matches() {
        let mut terms = HighlightTerms::default();
        terms.add_phrase("Häuser", false);
        let mut a = Analyzers::default();
        let text = "Das Haus und die Häusern, nicht Hauses? Maus.";
        let found: Vec<&str> = terms
            .find(&mut a, text, Lang::De)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, vec!["Haus", "Häusern", "Hauses"]);
        terms.fuzzy_distance = 1;
        let found = terms.find(&mut a, text, Lang::De);
        assert!(found.iter().any(|r| &text[r.clone()] == "Maus"));
    }

    #[test]
    fn window_prefers_dense_matches() {
        let text = format!(
            "{} Rakete Nordkorea {}",
            "wort ".repeat(100),
            "wort ".repeat(100)
        );
        let mut terms = HighlightTerms::default();
        terms.add_phrase("Rakete Nordkorea", false);
        let mut a = Analyzers::default();
        let found = terms.find(&mut a, &text, Lang::De);
        let w = snippet_window(&text, &found, 80);
        let snippet = &text[w];
        assert!(snippet.contains("Rakete Nordkorea"), "{snippet}");
        assert!(snippet.chars().count() <= 100);
        assert!(!snippet.starts_with(' ') && !snippet.ends_with(' '));
    }
}

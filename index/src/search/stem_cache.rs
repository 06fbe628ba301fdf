//! A memo of Snowball stems.
//!
//! Snowball stemming was the largest single cost of indexing (about 30% of the CPU time on
//! the German laws corpus). Word frequencies are Zipfian, so a small memo per analyzer turns
//! almost every stem into one hash lookup. Stems are identical to tantivy's `Stemmer`: a
//! miss is computed by exactly that filter.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Language, TextAnalyzer};

/// Distinct words remembered before the memo starts over. A legal or news corpus has a few
/// hundred thousand distinct words; this keeps the memo to a few MB.
const CAPACITY: usize = 200_000;

/// Values remembered per word, found with one hash lookup (a map of the values themselves
/// would need a second lookup to hand out a borrow after a miss inserted one). Starts over
/// when `capacity` words are held.
pub(crate) struct Slots<V> {
    capacity: usize,
    slots: FxHashMap<Box<str>, u32>,
    values: Vec<V>,
}

impl<V> Slots<V> {
    pub fn new(capacity: usize) -> Self {
        Slots {
            capacity,
            slots: FxHashMap::default(),
            values: Vec::new(),
        }
    }

    /// The value of `word`, made by `make` the first time.
    pub fn get_or_make(&mut self, word: &str, make: impl FnOnce() -> V) -> &V {
        if let Some(&slot) = self.slots.get(word) {
            return &self.values[slot as usize];
        }
        let value = make();
        if self.values.len() >= self.capacity {
            self.slots.clear();
            self.values.clear();
        }
        self.slots.insert(word.into(), self.values.len() as u32);
        self.values.push(value);
        &self.values[self.values.len() - 1]
    }
}

/// The stems of one language, remembered per word. `None` marks a word that is its own stem.
pub(crate) struct Memo {
    language: Language,
    stemmer: TextAnalyzer,
    stems: Slots<Option<Box<str>>>,
}

impl Memo {
    pub fn new(language: Language) -> Self {
        Memo {
            language,
            stemmer: super::analyzers::snowball(language),
            stems: Slots::new(CAPACITY),
        }
    }

    /// The stem of a lowercased word when it differs from the word.
    pub fn stem_if_different(&mut self, word: &str) -> Option<&str> {
        let stemmer = &mut self.stemmer;
        self.stems
            .get_or_make(word, || {
                let mut stream = stemmer.token_stream(word);
                let stem = stream.next().map(|t| t.text.clone());
                stem.filter(|s| s != word).map(String::into_boxed_str)
            })
            .as_deref()
    }

    /// The stem of a lowercased word.
    pub fn stem<'a>(&'a mut self, word: &'a str) -> &'a str {
        match self.stem_if_different(word) {
            Some(stem) => stem,
            None => word,
        }
    }
}

impl Clone for Memo {
    /// A clone starts with an empty memo: copying a full one per thread would cost more
    /// than it saves.
    fn clone(&self) -> Self {
        Memo::new(self.language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, Stemmer};

    #[test]
    fn same_stems_as_tantivy_on_repeated_words() {
        let text = "Die Häuser der Häuser, Gesetze und Gesetzes; running runs ran Müller Müllers";
        for language in [Language::German, Language::English] {
            let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .build();
            let mut expected = Vec::new();
            let mut stream = plain.token_stream(text);
            while let Some(t) = stream.next() {
                expected.push(t.text.clone());
            }
            let mut memo = Memo::new(language);
            // Twice: the second pass is served from the memo.
            for _ in 0..2 {
                let words: Vec<String> = text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                let got: Vec<String> = words.iter().map(|w| memo.stem(w).to_string()).collect();
                assert_eq!(got, expected);
            }
        }
    }
}

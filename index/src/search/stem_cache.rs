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

/// The stems of one language, remembered per word. `None` marks a word that is its own stem.
pub(crate) struct Memo {
    language: Language,
    stemmer: TextAnalyzer,
    /// Word -> slot in `stems`: a hit is one hash lookup (a map of the stems themselves
    /// would need a second lookup to hand out a borrow after a miss inserted it).
    slots: FxHashMap<Box<str>, u32>,
    stems: Vec<Option<Box<str>>>,
}

impl Memo {
    pub fn new(language: Language) -> Self {
        Memo {
            language,
            stemmer: super::analyzers::snowball(language),
            slots: FxHashMap::default(),
            stems: Vec::new(),
        }
    }

    /// The stem of a lowercased word when it differs from the word.
    pub fn stem_if_different(&mut self, word: &str) -> Option<&str> {
        if let Some(&slot) = self.slots.get(word) {
            return self.stems[slot as usize].as_deref();
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(word);
            stream.next().map(|t| t.text.clone())
        };
        if self.stems.len() >= CAPACITY {
            self.slots.clear();
            self.stems.clear();
        }
        let slot = self.stems.len();
        self.stems
            .push(stem.filter(|s| s != word).map(String::into_boxed_str));
        self.slots.insert(word.into(), slot as u32);
        self.stems[slot].as_deref()
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

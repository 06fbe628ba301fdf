//! A stemming token filter that remembers the stems it has computed.
//!
//! Snowball stemming was the largest single cost of indexing (about 30% of the CPU time on
//! the German laws corpus). Word frequencies are Zipfian, so a small per-analyzer memo turns
//! almost every stem into one hash lookup. Stems are identical to tantivy's `Stemmer`: a
//! miss is computed by exactly that filter.

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Distinct words remembered per analyzer before the memo starts over. A legal or news
/// corpus has a few hundred thousand distinct words; this keeps the memo to a few MB.
const CAPACITY: usize = 200_000;

/// Token filter: Snowball stemming of lowercased tokens, memoised.
#[derive(Clone, Copy)]
pub struct CachedStemmer {
    language: Language,
}

impl CachedStemmer {
    pub fn new(language: Language) -> Self {
        CachedStemmer { language }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            memo: Memo::new(self.language),
        }
    }
}

/// The memo of one analyzer instance (tantivy clones analyzers per indexing thread).
struct Memo {
    language: Language,
    stemmer: TextAnalyzer,
    stems: FxHashMap<String, String>,
}

impl Memo {
    fn new(language: Language) -> Self {
        Memo {
            language,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .build(),
            stems: FxHashMap::default(),
        }
    }

    /// Replaces `word` with its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            word.clone_from(stem);
            return;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(word);
            match stream.next() {
                Some(token) => token.text.clone(),
                None => return,
            }
        };
        if self.stems.len() >= CAPACITY {
            self.stems.clear();
        }
        self.stems
            .insert(std::mem::replace(word, stem.clone()), stem);
    }
}

impl Clone for Memo {
    /// A clone starts with an empty memo: copying a full one per thread would cost more
    /// than it saves.
    fn clone(&self) -> Self {
        Memo::new(self.language)
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    memo: Memo,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut Memo,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.memo.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn same_stems_as_tantivy_on_repeated_words() {
        let text = "Die Häuser der Häuser, Gesetze und Gesetzes; running runs ran Müller Müllers";
        for language in [Language::German, Language::English] {
            let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .build();
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedStemmer::new(language))
                .build();
            let expected = terms(&mut plain, text);
            // Twice: the second pass is served from the memo.
            assert_eq!(terms(&mut cached, text), expected);
            assert_eq!(terms(&mut cached, text), expected);
        }
    }
}

//! The text analyzers of the index and the token-level view the highlighter needs.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenizerManager,
};

use super::stem_cache::CachedStemmer;

/// German: lowercased and Snowball-stemmed (the stemmer also folds umlauts: Häuser -> haus).
pub const DE: &str = "fd_de";
/// English: lowercased and Snowball (Porter 2) stemmed.
pub const EN: &str = "fd_en";
/// Lowercased only: exact word forms for names, numbers and quotes.
pub const RAW: &str = "fd_raw";

/// Tokens longer than this (bytes) are dropped: they are base64 blobs or URLs, never words.
const MAX_TOKEN_BYTES: usize = 64;

/// Builds one of the analyzers by name.
pub fn analyzer(name: &str) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser);
    match name {
        DE => base.filter(CachedStemmer::new(Language::German)).build(),
        EN => base.filter(CachedStemmer::new(Language::English)).build(),
        _ => base.build(),
    }
}

/// Registers the three analyzers with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    for name in [DE, EN, RAW] {
        manager.register(name, analyzer(name));
    }
}

/// One word of a text in all three analyzed forms, with its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// Byte range of the word in the analyzed text.
    pub bytes: std::ops::Range<usize>,
    /// Lowercased form.
    pub raw: String,
    /// German stem.
    pub de: String,
    /// English stem.
    pub en: String,
}

/// Reusable analyzers for turning texts into [`AnalyzedToken`]s.
#[derive(Clone)]
pub struct Analyzers {
    raw: TextAnalyzer,
    de: TextAnalyzer,
    en: TextAnalyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers {
            raw: analyzer(RAW),
            de: analyzer(DE),
            en: analyzer(EN),
        }
    }
}

impl Analyzers {
    /// Terms of `text` as produced by the named analyzer.
    #[cfg(test)]
    pub fn terms(&mut self, name: &str, text: &str) -> Vec<String> {
        let analyzer = match name {
            DE => &mut self.de,
            EN => &mut self.en,
            _ => &mut self.raw,
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    /// All words of `text` in all forms. The three analyzers share the tokenizer and the
    /// filters that drop tokens, so their streams line up token by token.
    pub fn tokens(&mut self, text: &str) -> Vec<AnalyzedToken> {
        let mut out = Vec::new();
        let mut raw = self.raw.token_stream(text);
        let mut de = self.de.token_stream(text);
        let mut en = self.en.token_stream(text);
        while let (Some(r), Some(d), Some(e)) = (raw.next(), de.next(), en.next()) {
            out.push(AnalyzedToken {
                bytes: r.offset_from..r.offset_to,
                raw: r.text.clone(),
                de: d.text.clone(),
                en: e.text.clone(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_stemming_folds_umlauts() {
        let mut a = Analyzers::default();
        assert_eq!(a.terms(DE, "Häuser Haus Häusern"), vec!["haus"; 3]);
        assert_eq!(a.terms(RAW, "Müller"), vec!["müller"]);
    }

    #[test]
    fn dates_split_into_number_tokens() {
        let mut a = Analyzers::default();
        assert_eq!(
            a.terms(RAW, "am 17.10.2023"),
            vec!["am", "17", "10", "2023"]
        );
        let tokens = a.tokens("Die Häuser");
        assert_eq!(tokens[1].bytes, 4..11);
        assert_eq!(tokens[1].de, "haus");
    }
}

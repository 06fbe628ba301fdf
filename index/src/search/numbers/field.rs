//! The analyzer of the numbers field: the canonical terms of a value's numbers, dates and
//! quantities, and nothing else. A word is lowercased and looked at only when its first byte
//! could begin one (a digit, or a letter some number word or month begins with).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::{at, may_start, NumLang};
use crate::search::analyzers::{read_mark, Words};

#[derive(Clone, Default)]
pub struct NumberTokenizer {
    token: Token,
    /// Terms waiting to be emitted (a date has up to three).
    pending: Vec<String>,
    word: String,
}

impl Tokenizer for NumberTokenizer {
    type TokenStream<'a> = NumberStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NumberStream<'a> {
        let (stems, body) = read_mark(text);
        self.token.reset();
        self.pending.clear();
        NumberStream {
            words: Words::new(body),
            body,
            lang: stems.numbers(),
            end: 0,
            tokenizer: self,
        }
    }
}

pub struct NumberStream<'a> {
    words: Words<'a>,
    body: &'a str,
    /// `None`: an unmarked value (a query), which gets no terms.
    lang: Option<NumLang>,
    /// Where the last number found ended: the words before belong to it.
    end: usize,
    tokenizer: &'a mut NumberTokenizer,
}

/// First bytes of words that may begin a number, a date or a quantity (see `lexicon`).
fn may_begin(b: u8) -> bool {
    matches!(b.to_ascii_lowercase(), b'0'..=b'9' | b'a' | b'd'..=b'f' | b'h' | b'j' | b'm'..=b'o' | b's'..=b't' | b'v' | b'z')
}

impl TokenStream for NumberStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(lang) = self.lang else {
            return false;
        };
        loop {
            if let Some(term) = self.tokenizer.pending.pop() {
                self.tokenizer.token.text = term;
                self.tokenizer.token.position = self.tokenizer.token.position.wrapping_add(1);
                return true;
            }
            let Some(range) = self.words.next_range() else {
                return false;
            };
            if range.start < self.end || !may_begin(self.body.as_bytes()[range.start]) {
                continue;
            }
            let word = &mut self.tokenizer.word;
            word.clear();
            word.extend(
                self.body[range.clone()]
                    .chars()
                    .flat_map(char::to_lowercase),
            );
            if !may_start(word) {
                continue;
            }
            if let Some(found) = at(self.body, range.clone(), word, lang) {
                self.end = found.end;
                let t = &mut self.tokenizer.token;
                (t.offset_from, t.offset_to) = (range.start, found.end);
                self.tokenizer.pending.extend(found.terms);
            }
        }
    }

    fn token(&self) -> &Token {
        &self.tokenizer.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokenizer.token
    }
}

#[cfg(test)]
mod tests {
    use crate::search::analyzers::{analyzer, marked, Stems, NUM};

    fn terms(text: &str) -> Vec<String> {
        let mut a = analyzer(NUM);
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn only_the_terms_of_numbers_in_the_values_language() {
        let de = terms(&marked(
            Stems::De,
            "Rund 1.000 Soldaten am 13. Oktober, Über zwölf",
        ));
        assert_eq!(de, ["\u{4}1000", "\u{5}--10-13", "\u{4}12"]);
        assert_eq!(terms(&marked(Stems::En, "about 1.000 troops")), ["\u{4}1"]);
        assert!(terms(&marked(Stems::Both, "about 1.000 troops")).is_empty());
        // Queries (unmarked) get none.
        assert!(terms("1.000 Soldaten").is_empty());
    }
}

//! The analyzer of the numbers field: the canonical terms of a value's numbers, dates and
//! quantities, and nothing else. A word is lowercased and looked at only when its first bytes
//! could begin one (a digit, or the first three letters of a number word or month); all
//! others are skipped by their bytes.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use std::ops::Range;

use super::{at, may_begin, may_start, NumLang};
use crate::search::analyzers::{read_mark, word_end};

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
            pos: 0,
            body,
            lang: stems.numbers(),
            end: 0,
            tokenizer: self,
        }
    }
}

pub struct NumberStream<'a> {
    /// Where the scan for the next word that may begin a number goes on.
    pos: usize,
    body: &'a str,
    /// `None`: an unmarked value (a query), which gets no terms.
    lang: Option<NumLang>,
    /// Where the last number found ended: the words before belong to it.
    end: usize,
    tokenizer: &'a mut NumberTokenizer,
}

/// The end of the word that starts at `i`, found by its bytes (a word that begins no number
/// is skipped without being lowercased or decoded, unless it holds non-ASCII letters).
fn skip_word(body: &str, mut i: usize) -> usize {
    let bytes = body.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            i += 1;
        } else if bytes[i] < 0x80 {
            break;
        } else {
            match body[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// The next word from `*pos` on whose first bytes may begin a number, a date or a quantity.
fn next_candidate(body: &str, pos: &mut usize) -> Option<Range<usize>> {
    let bytes = body.as_bytes();
    let mut i = *pos;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            if may_begin(&bytes[i..bytes.len().min(i + 3)]) {
                let end = word_end(body, i);
                *pos = end;
                return Some(i..end);
            }
            i = skip_word(body, i);
        } else if b < 0x80 {
            i += 1;
        } else {
            match body[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i = skip_word(body, i),
                Some(c) => i += c.len_utf8(),
                None => break,
            }
        }
    }
    *pos = bytes.len();
    None
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
            let Some(range) = next_candidate(self.body, &mut self.pos) else {
                return false;
            };
            if range.start < self.end {
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

//! The text analysis of the index: one analysed field per text.
//!
//! Every word of a passage is read once and indexed, at its position, as written
//! (lowercased) and, when they differ, as its German and/or English Snowball stem, marked by
//! a prefix byte so a stem never collides with a word ("haus" the word and `\x01haus` the
//! stem of "Häuser"). A stem equal to its word is not indexed again: the word's own term
//! stands for it, and queries look a stem up under both spellings (see `synonym`). This is
//! Lucene's KeywordRepeat + stemmer + RemoveDuplicates in one field.
//!
//! Which stems a value gets is said by a marker character in front of it (the index stores
//! the value with its marker; readers strip it, see [`strip_mark`]): German sources get
//! German stems, English ones English stems, others both, and a value without marker
//! (the title of a source's later passages, and every query) gets only its words.
//!
//! Numbers, dates and quantities get their canonical terms in a field of their own
//! ([`NUM`], see [`super::numbers`]), so the body's lengths, and with them its BM25 scores,
//! stay what the words make them.

use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenStream, Tokenizer, TokenizerManager,
};

use std::sync::Arc;

use super::compounds::Splitter;
use super::stem_cache::{Memo, Slots};
use crate::source::Lang;

/// Body and title: words, and the stems their value's marker asks for. The name changes when
/// what the analyzer indexes does (v2: hyphenated compounds also joined; v3: the title is
/// also a value of the first passage's body), so an index built by an older factdesk no
/// longer matches the schema and is rebuilt from `sources/`.
pub const TEXT: &str = "fd_text3";
/// The canonical terms of a passage's numbers, dates and quantities only.
pub const NUM: &str = "fd_num1";
/// Lowercased words only (publisher, author, url).
pub const RAW: &str = "fd_raw";
/// Lowercased and German-stemmed words, one term each (the verdict library's fields).
pub const DE: &str = "fd_de";
/// Lowercased and English-stemmed words (the verdict library's fields).
pub const EN: &str = "fd_en";

/// Prefix of an indexed German stem.
pub const DE_STEM: char = '\u{1}';
/// Prefix of an indexed English stem.
pub const EN_STEM: char = '\u{2}';
/// Prefix of the German stem of a part of a compound ("Altersgutachten": `\x03alt`,
/// `\x03gutacht`), so a part can weigh less than the whole word.
pub const DE_PART: char = '\u{3}';

/// Value markers (private-use characters, which sanitised text never starts with and the
/// tokenizer never keeps: they are not alphanumeric).
const MARK_DE: char = '\u{F8F0}';
const MARK_EN: char = '\u{F8F1}';
const MARK_BOTH: char = '\u{F8F2}';

/// Tokens of this many bytes or more are dropped: they are base64 blobs or URLs, never words.
pub const MAX_TOKEN_BYTES: usize = 64;

/// Which stems are indexed beside the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stems {
    None,
    De,
    En,
    Both,
}

impl Stems {
    /// How a value marked with these stems reads its numbers (`None`: it gets no number terms).
    pub(crate) fn numbers(self) -> Option<super::numbers::NumLang> {
        use super::numbers::NumLang;
        match self {
            Stems::None => None,
            Stems::De => Some(NumLang::De),
            Stems::En => Some(NumLang::En),
            Stems::Both => Some(NumLang::Any),
        }
    }

    /// The stems a source of this language is indexed with (unknown: both).
    pub fn for_lang(lang: Lang) -> Stems {
        match lang {
            Lang::De => Stems::De,
            Lang::En => Stems::En,
            Lang::Other => Stems::Both,
        }
    }
}

/// `text` with the marker that makes the index analyse it with `stems`.
pub fn marked(stems: Stems, text: &str) -> String {
    let mark = match stems {
        Stems::None => return text.to_string(),
        Stems::De => MARK_DE,
        Stems::En => MARK_EN,
        Stems::Both => MARK_BOTH,
    };
    let mut out = String::with_capacity(text.len() + 3);
    out.push(mark);
    out.push_str(text);
    out
}

/// A stored value without its analysis marker.
pub fn strip_mark(value: &str) -> &str {
    value
        .strip_prefix([MARK_DE, MARK_EN, MARK_BOTH])
        .unwrap_or(value)
}

pub(crate) fn read_mark(text: &str) -> (Stems, &str) {
    let mut chars = text.chars();
    let stems = match chars.next() {
        Some(MARK_DE) => Stems::De,
        Some(MARK_EN) => Stems::En,
        Some(MARK_BOTH) => Stems::Both,
        _ => return (Stems::None, text),
    };
    (stems, chars.as_str())
}

/// The indexed term of a stem.
pub fn stem_term(prefix: char, stem: &str) -> String {
    let mut out = String::with_capacity(stem.len() + 1);
    out.push(prefix);
    out.push_str(stem);
    out
}

/// Builds the analyzer registered under `name`; the body/title analyzer splits German
/// compounds with `splitter`.
pub fn analyzer_with(name: &str, splitter: Option<Arc<Splitter>>) -> TextAnalyzer {
    match name {
        TEXT => TextAnalyzer::from(TextTokenizer::new(splitter)),
        NUM => TextAnalyzer::from(super::numbers::field::NumberTokenizer::default()),
        DE | EN => {
            let language = if name == DE {
                Language::German
            } else {
                Language::English
            };
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .build()
        }
        _ => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .build(),
    }
}

/// Builds the analyzer registered under `name` (no compound splitting).
pub fn analyzer(name: &str) -> TextAnalyzer {
    analyzer_with(name, None)
}

/// Registers the analyzers with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager, splitter: Option<Arc<Splitter>>) {
    for name in [TEXT, NUM, RAW, DE, EN] {
        manager.register(name, analyzer_with(name, splitter.clone()));
    }
}

/// The words of a text: byte ranges of maximal alphanumeric runs (as tantivy's
/// `SimpleTokenizer` cuts them), with the lowercased word in `word`.
pub(crate) struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Self {
        Words { text, pos: 0 }
    }

    /// The words of `text` from byte `pos` on (a char boundary).
    pub fn at(text: &'a str, pos: usize) -> Self {
        Words { text, pos }
    }

    /// The next word, lowercased into `word`; `None` at the end. Words of
    /// [`MAX_TOKEN_BYTES`] or more are returned with `word` empty (they take a position, as they did
    /// when a filter dropped them after the tokenizer had counted them).
    pub fn next_into(&mut self, word: &mut String) -> Option<std::ops::Range<usize>> {
        let rest = &self.text[self.pos..];
        let start = self.pos + rest.find(|c: char| c.is_alphanumeric())?;
        let end = word_end(self.text, start);
        self.pos = end;
        word.clear();
        if end - start < MAX_TOKEN_BYTES {
            let raw = &self.text[start..end];
            if raw.is_ascii() {
                word.push_str(raw);
                word.make_ascii_lowercase();
            } else {
                // A soft hyphen only says where a line may break: "Kreml\u{ad}sprecher" is
                // the word "kremlsprecher".
                word.extend(
                    raw.chars()
                        .filter(|&c| c != SOFT_HYPHEN)
                        .flat_map(char::to_lowercase),
                );
            }
        }
        Some(start..end)
    }
}

const SOFT_HYPHEN: char = '\u{ad}';

/// Where the word that starts at `start` ends: a run of letters and digits, soft hyphens
/// between two of them included.
pub(crate) fn word_end(text: &str, start: usize) -> usize {
    let mut end = start;
    loop {
        let tail = &text[end..];
        end += tail
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(tail.len());
        let rest = &text[end..];
        match rest.strip_prefix(SOFT_HYPHEN) {
            Some(after) if after.starts_with(char::is_alphanumeric) => {
                end += SOFT_HYPHEN.len_utf8();
            }
            _ => return end,
        }
    }
}

/// Whether `gap`, the text between two words, makes them one hyphenated compound
/// ("Kreml-Sprecher"): a hyphen-minus, a hyphen or a non-breaking hyphen, nothing else.
pub(crate) fn is_hyphen_gap(gap: &str) -> bool {
    matches!(gap, "-" | "\u{2010}" | "\u{2011}")
}

/// The parts of a hyphenated compound ("Kreml-Sprecher": kreml, sprecher), lowercased;
/// `None` unless `text` is two or more words joined by hyphens alone (leading and trailing
/// punctuation aside).
pub(crate) fn hyphen_parts(text: &str) -> Option<Vec<String>> {
    let mut words = Words::new(text);
    let mut word = String::new();
    let mut parts = Vec::new();
    let mut prev_end = None;
    while let Some(range) = words.next_into(&mut word) {
        if word.is_empty() {
            return None;
        }
        if let Some(end) = prev_end {
            if !is_hyphen_gap(&text[end..range.start]) {
                return None;
            }
        }
        prev_end = Some(range.end);
        parts.push(word.clone());
    }
    (parts.len() >= 2).then_some(parts)
}

/// The body/title tokenizer (see the module doc).
pub struct TextTokenizer {
    de: Memo,
    en: Memo,
    parts: Parts,
    token: Token,
    /// Stems waiting to be emitted at the current word's position.
    pending: Vec<String>,
    /// The words of the hyphenated compound read so far ("kreml", "sprecher"), at most
    /// [`MAX_JOINED_PARTS`].
    chain: Vec<String>,
}

/// Parts of a hyphenated compound that are joined into one term; longer chains join their
/// last parts ("CDU-Bundestags-Abgeordnete" gives "bundestagsabgeordnete" as well).
const MAX_JOINED_PARTS: usize = 4;

impl Clone for TextTokenizer {
    fn clone(&self) -> Self {
        TextTokenizer::new(self.parts.splitter.clone())
    }
}

impl TextTokenizer {
    fn new(splitter: Option<Arc<Splitter>>) -> Self {
        TextTokenizer {
            de: Memo::new(Language::German),
            en: Memo::new(Language::English),
            parts: Parts::new(splitter),
            token: Token::default(),
            pending: Vec::new(),
            chain: Vec::new(),
        }
    }
}

/// Distinct compounds remembered before the memo starts over.
const PARTS_CAPACITY: usize = 100_000;

/// The German stems of the parts of compounds, remembered per word (empty: no compound).
pub(crate) struct Parts {
    splitter: Option<Arc<Splitter>>,
    stems: Memo,
    parts: Slots<Box<[Box<str>]>>,
}

impl Parts {
    pub fn new(splitter: Option<Arc<Splitter>>) -> Parts {
        Parts {
            splitter,
            stems: Memo::new(Language::German),
            parts: Slots::new(PARTS_CAPACITY),
        }
    }

    /// The German stems of the parts of a lowercased word; empty when it is no compound
    /// (or compounds are not split).
    pub fn of(&mut self, word: &str) -> &[Box<str>] {
        let Some(splitter) = &self.splitter else {
            return &[];
        };
        if word.len() < super::compounds::MIN_WORD {
            return &[];
        }
        let stems = &mut self.stems;
        self.parts.get_or_make(word, || {
            splitter
                .split(word)
                .unwrap_or_default()
                .iter()
                .map(|p| Box::from(stems.stem(p)))
                .collect()
        })
    }
}

impl Tokenizer for TextTokenizer {
    type TokenStream<'a> = TextStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TextStream<'a> {
        let (stems, body) = read_mark(text);
        self.token.reset();
        self.token.position = usize::MAX;
        self.pending.clear();
        self.chain.clear();
        TextStream {
            words: Words::new(body),
            body,
            prev_end: usize::MAX,
            offset: text.len() - body.len(),
            stems,
            tokenizer: self,
            next_position: 0,
        }
    }
}

pub struct TextStream<'a> {
    words: Words<'a>,
    body: &'a str,
    /// Where the previous word ended in `body` (`usize::MAX` before the first).
    prev_end: usize,
    /// Bytes of the marker in front of the text.
    offset: usize,
    stems: Stems,
    tokenizer: &'a mut TextTokenizer,
    next_position: usize,
}

impl TextStream<'_> {
    fn push_stem(&mut self, german: bool) {
        let t = &mut *self.tokenizer;
        push_stem_of(t, german, None);
        if german {
            for part in t.parts.of(&t.token.text) {
                t.pending.push(stem_term(DE_PART, part));
            }
        }
    }

    /// The current word as the last part of a hyphenated compound: "Kreml-Sprecher" is
    /// also indexed as "kremlsprecher" (and its stems), at the position of "sprecher", so
    /// the desk's other spelling finds it and a phrase that goes on after it still matches.
    fn push_joined(&mut self, range: &std::ops::Range<usize>) {
        let gap = self.body.get(self.prev_end..range.start);
        self.prev_end = range.end;
        let t = &mut *self.tokenizer;
        if !gap.is_some_and(is_hyphen_gap) {
            t.chain.clear();
        }
        if t.chain.len() == MAX_JOINED_PARTS {
            t.chain.remove(0);
        }
        t.chain.push(t.token.text.clone());
        for first in 0..t.chain.len() - 1 {
            let joined = t.chain[first..].concat();
            if joined.len() >= MAX_TOKEN_BYTES {
                continue;
            }
            for german in [true, false] {
                let wanted = match self.stems {
                    Stems::De => german,
                    Stems::En => !german,
                    Stems::Both => true,
                    Stems::None => false,
                };
                if wanted {
                    push_stem_of(t, german, Some(&joined));
                }
            }
            t.pending.push(joined);
        }
    }
}

/// Queues the German or English stem of `word` (the current token when `None`), when it
/// differs from the word.
fn push_stem_of(t: &mut TextTokenizer, german: bool, word: Option<&str>) {
    let (memo, prefix) = if german {
        (&mut t.de, DE_STEM)
    } else {
        (&mut t.en, EN_STEM)
    };
    let word = word.unwrap_or(&t.token.text);
    if let Some(stem) = memo.stem_if_different(word) {
        t.pending.push(stem_term(prefix, stem));
    }
}

impl TokenStream for TextStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(stem) = self.tokenizer.pending.pop() {
            self.tokenizer.token.text = stem;
            return true;
        }
        loop {
            let Some(range) = self.words.next_into(&mut self.tokenizer.token.text) else {
                return false;
            };
            let position = self.next_position;
            self.next_position += 1;
            if self.tokenizer.token.text.is_empty() {
                self.prev_end = usize::MAX;
                continue;
            }
            // Only indexed values (marked) join compounds: a query's phrase keeps its words.
            if self.stems != Stems::None {
                self.push_joined(&range);
            }
            let token = &mut self.tokenizer.token;
            token.offset_from = self.offset + range.start;
            token.offset_to = self.offset + range.end;
            token.position = position;
            token.position_length = 1;
            match self.stems {
                Stems::None => {}
                Stems::De => self.push_stem(true),
                Stems::En => self.push_stem(false),
                Stems::Both => {
                    self.push_stem(true);
                    self.push_stem(false);
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.tokenizer.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokenizer.token
    }
}

/// One word of a text in all three analysed forms, with its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// Byte range of the word in the analysed text.
    pub bytes: std::ops::Range<usize>,
    /// Lowercased form.
    pub raw: String,
    /// German stem.
    pub de: String,
    /// English stem.
    pub en: String,
}

/// Reusable stemmers for turning texts into [`AnalyzedToken`]s (queries, claims,
/// highlighting), analysed exactly as the index analyses its values.
pub struct Analyzers {
    de: Memo,
    en: Memo,
    parts: Parts,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers::with_splitter(None)
    }
}

impl Analyzers {
    /// Analyzers that split German compounds as an index built with `splitter` does.
    pub fn with_splitter(splitter: Option<Arc<Splitter>>) -> Self {
        Analyzers {
            de: Memo::new(Language::German),
            en: Memo::new(Language::English),
            parts: Parts::new(splitter),
        }
    }

    /// The German stems of the parts of a lowercased compound (empty for other words).
    pub fn parts(&mut self, word: &str) -> Vec<String> {
        self.parts.of(word).iter().map(|p| p.to_string()).collect()
    }

    /// All words of `text` in all forms.
    pub fn tokens(&mut self, text: &str) -> Vec<AnalyzedToken> {
        let mut out = Vec::new();
        let mut words = Words::new(text);
        let mut word = String::new();
        while let Some(bytes) = words.next_into(&mut word) {
            if word.is_empty() {
                continue;
            }
            out.push(AnalyzedToken {
                bytes,
                de: self.de.stem(&word).to_string(),
                en: self.en.stem(&word).to_string(),
                raw: word.clone(),
            });
        }
        out
    }

    /// The German or English stem of a lowercased word.
    pub fn stem(&mut self, german: bool, word: &str) -> String {
        if german {
            self.de.stem(word).to_string()
        } else {
            self.en.stem(word).to_string()
        }
    }
}

/// Snowball stemming of one lowercased word, as tantivy's `Stemmer` does it.
pub(crate) fn snowball(language: Language) -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(language))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(usize, String)> {
        let mut a = analyzer(TEXT);
        let mut out = Vec::new();
        let mut stream = a.token_stream(text);
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    }

    #[test]
    fn words_and_differing_stems_share_positions() {
        let de = terms(&marked(Stems::De, "Die Häuser, das Haus"));
        assert_eq!(
            de,
            vec![
                (0, "die".to_string()),
                (1, "häuser".to_string()),
                (1, "\u{1}haus".to_string()),
                (2, "das".to_string()),
                (3, "haus".to_string()),
            ]
        );
        let en = terms(&marked(Stems::En, "running runs"));
        assert_eq!(
            en,
            vec![
                (0, "running".to_string()),
                (0, "\u{2}run".to_string()),
                (1, "runs".to_string()),
                (1, "\u{2}run".to_string()),
            ]
        );
        // No marker (queries, later passages' titles): words only.
        assert_eq!(terms("Häuser am 17.10.2023").len(), 5);
        let both = terms(&marked(Stems::Both, "Häuser"));
        assert!(both.contains(&(0, "\u{1}haus".to_string())), "{both:?}");
        assert_eq!(strip_mark(&marked(Stems::Both, "Häuser")), "Häuser");
    }

    #[test]
    fn compounds_get_their_parts_at_the_same_position() {
        let splitter = Arc::new(Splitter::from_wordlist("Alter\nGutachten\n"));
        let mut a = analyzer_with(TEXT, Some(splitter));
        let tokens = |a: &mut TextAnalyzer, text: &str| {
            let mut out = Vec::new();
            let mut stream = a.token_stream(text);
            while let Some(t) = stream.next() {
                out.push((t.position, t.text.clone()));
            }
            out
        };
        let out = tokens(&mut a, &marked(Stems::De, "Das Altersgutachten"));
        assert!(out.contains(&(1, "altersgutachten".to_string())), "{out:?}");
        assert!(out.contains(&(1, "\u{3}alt".to_string())), "{out:?}");
        assert!(out.contains(&(1, "\u{3}gutacht".to_string())), "{out:?}");
        // English text is not split.
        let out = tokens(&mut a, &marked(Stems::En, "Altersgutachten"));
        assert!(out.iter().all(|(_, t)| !t.starts_with(DE_PART)), "{out:?}");
    }

    #[test]
    fn long_tokens_are_dropped_but_counted() {
        let long = "x".repeat(MAX_TOKEN_BYTES);
        assert_eq!(
            terms(&format!("a {long} b")),
            vec![(0, "a".to_string()), (2, "b".to_string())]
        );
    }

    #[test]
    fn german_stemming_folds_umlauts() {
        let mut a = Analyzers::default();
        let t = a.tokens("Häuser Haus Häusern");
        assert!(t.iter().all(|t| t.de == "haus"), "{t:?}");
        let tokens = a.tokens("Die Häuser am 17.10.2023");
        assert_eq!(tokens[1].bytes, 4..11);
        assert_eq!(
            tokens.iter().map(|t| t.raw.as_str()).collect::<Vec<_>>(),
            vec!["die", "häuser", "am", "17", "10", "2023"]
        );
    }
}

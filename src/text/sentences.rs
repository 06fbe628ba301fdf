//! Sentence splitting for German and English news text.
//!
//! No library handles the cases fact-checkers meet (see shared/design/CRATES.md): "am 13.,"
//! and "zwischen dem 7. September" (ordinals), "17.10.2023", "z. B.", "Dr.", "3,5 Mio. Euro",
//! "U.S.", "Oct. 17", and quotations „…“ that hold several sentences. The splitter works on
//! normalised article text in which every line is a paragraph (soft-wrapped lines were joined
//! at import), so a line break always ends a sentence.

/// A sentence as a byte range `[start, end)` of the text, without surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

impl Sentence {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Abbreviations that never end a sentence when followed by a capitalised word (compared
/// lowercased, without the final dot).
const ABBREVIATIONS: &[&str] = &[
    // German
    "z",
    "b",
    "bzw",
    "ca",
    "vgl",
    "ggf",
    "evtl",
    "inkl",
    "exkl",
    "zzgl",
    "d",
    "h",
    "dr",
    "prof",
    "hr",
    "fr",
    "frau",
    "nr",
    "str",
    "st",
    "mio",
    "mrd",
    "tsd",
    "abs",
    "art",
    "bd",
    "ebd",
    "gem",
    "jh",
    "jhd",
    "lt",
    "max",
    "min",
    "mind",
    "rd",
    "sog",
    "tel",
    "chr",
    "dt",
    "engl",
    "franz",
    "ital",
    "gegr",
    "geb",
    "gest",
    "verh",
    "zit",
    "bspw",
    "insb",
    "allg",
    "anm",
    "kap",
    "hrsg",
    "aufl",
    "ff",
    "vs",
    "mo",
    "di",
    "mi",
    "do",
    "so",
    "kl",
    "gr",
    "ehem",
    "stellv",
    "präs",
    "dipl",
    "ing",
    "med",
    "phil",
    "rer",
    "nat",
    "jur",
    "univ",
    "mag",
    "bzgl",
    "ua",
    "uvm",
    "ust",
    "zb",
    "dh",
    "sa",
    "ev",
    "e.v",
    "gmbh",
    "bsp",
    "beispielsw",
    "ggü",
    "i.d.r",
    "u.u",
    "m.e",
    "s.o",
    "s.u",
    "v.a",
    "z.t",
    "z.b",
    "d.h",
    "u.a",
    "o.ä",
    "i.a",
    "a.d",
    "n.chr",
    "v.chr",
    // English
    "mr",
    "mrs",
    "ms",
    "sr",
    "jr",
    "mt",
    "gen",
    "gov",
    "sen",
    "rep",
    "rev",
    "col",
    "sgt",
    "capt",
    "cmdr",
    "adm",
    "maj",
    "hon",
    "fig",
    "no",
    "vol",
    "approx",
    "e.g",
    "i.e",
    "oct",
    "dec",
    "mar",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "u.s",
    "u.k",
    "u.n",
    "a.m",
    "p.m",
    "ph.d",
    "al",
    "pp",
    "ed",
    "eds",
    "est",
    "dept",
    "univ",
    "assn",
    "bros",
    "ave",
    "blvd",
    "rd",
    "ft",
];

/// Abbreviations that often do end a sentence: split after them only when the next word is a
/// typical sentence opener.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "usw", "etc", "u.a", "inc", "ltd", "co", "corp", "jr", "u.s", "u.k", "u.n", "a.m", "p.m", "ua",
    "uvm", "usf", "u.v.m", "a.o", "v.a",
];

const SENTENCE_OPENERS: &[&str] = &[
    // German
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einer",
    "er",
    "sie",
    "es",
    "wir",
    "ich",
    "ihr",
    "man",
    "in",
    "im",
    "am",
    "an",
    "auf",
    "auch",
    "aber",
    "doch",
    "dann",
    "danach",
    "daher",
    "deshalb",
    "dies",
    "diese",
    "dieser",
    "dieses",
    "nach",
    "mit",
    "bei",
    "von",
    "vor",
    "zu",
    "zum",
    "zur",
    "so",
    "wie",
    "was",
    "wer",
    "wenn",
    "als",
    "seit",
    "trotz",
    "außerdem",
    "zudem",
    "nun",
    "jetzt",
    "heute",
    "gestern",
    "später",
    "zuvor",
    "laut",
    "unter",
    "für",
    // English
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "we",
    "they",
    "i",
    "you",
    "in",
    "on",
    "at",
    "but",
    "and",
    "however",
    "after",
    "before",
    "then",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "when",
    "while",
    "if",
    "as",
    "since",
    "for",
    "according",
];

/// A word that ends with a dot without ending the sentence ("z.", "Nr.", "Sept.").
fn is_abbreviation(bare: &str) -> bool {
    ABBREVIATIONS.contains(&bare) || super::calendar::MONTH_ABBREVIATIONS.contains(&bare)
}

/// Words after which a small number with a dot is an ordinal ("am 13.", "vom 7.").
const ORDINAL_LEADS: &[&str] = &[
    "am", "vom", "zum", "zur", "bis", "seit", "ab", "den", "dem", "der", "des", "die", "das", "im",
    "ins", "für", "um", "nach", "vor", "gegen", "zwischen", "jeden", "jedes", "jeder", "und",
    "oder", "bzw", "sowie", "the", "on", "of", "ihr", "ihrem", "ihren", "sein", "seinem", "seinen",
    "zum", "beim",
];

/// A quotation or parenthesis that closes within this many bytes keeps its sentences together.
const MAX_QUOTE_BYTES: usize = 600;
const MAX_PAREN_BYTES: usize = 250;

/// Split `text` into sentences. Never panics; every non-blank character of `text` lies in
/// exactly one sentence.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        split_line(text, line_start, content.len(), &mut out);
        line_start += line.len();
    }
    out
}

/// Convenience: the sentences as string slices.
pub fn split_str(text: &str) -> Vec<&str> {
    split(text).into_iter().map(|s| s.text(text)).collect()
}

fn split_line(text: &str, start: usize, len: usize, out: &mut Vec<Sentence>) {
    let line = &text[start..start + len];
    // Boundaries are met in ascending order, so one sweep over the ranges by start answers
    // "inside a protected range?" with the furthest end of those begun before the boundary.
    let mut protected = protected_ranges(line);
    protected.sort_unstable();
    let (mut begun, mut reach) = (0usize, 0usize);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut sent_start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        // The run of terminal marks ("?!", "...") and closing quotes/brackets after it.
        let mut j = i;
        while j < chars.len() && is_terminal(chars[j].1) {
            j += 1;
        }
        let terminals_end = j;
        while j < chars.len() && is_closing(chars[j].1) {
            j += 1;
        }
        let boundary = chars.get(j).map(|&(p, _)| p).unwrap_or(line.len());
        if j < chars.len() && !chars[j].1.is_whitespace() {
            i = terminals_end.max(i + 1);
            continue;
        }
        let after = skip_ws(&chars, j);
        if after >= chars.len() {
            break; // the line's end ends the sentence anyway
        }
        // A quotation closed by this very run ("… falsch.“ Dann") does not hold the boundary.
        while begun < protected.len() && protected[begun].0 < boundary {
            reach = reach.max(protected[begun].1);
            begun += 1;
        }
        let inside_protected = boundary < reach;
        let run: String = chars[i..terminals_end].iter().map(|&(_, c)| c).collect();
        if !inside_protected && ends_sentence(line, &chars, i, &run, after) {
            push(text, start, sent_start, boundary, out);
            sent_start = chars[after].0;
        }
        i = after;
    }
    push(text, start, sent_start, line.len(), out);
}

fn push(text: &str, base: usize, a: usize, b: usize, out: &mut Vec<Sentence>) {
    let slice = &text[base + a..base + b];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let s = base + a + lead;
        out.push(Sentence {
            start: s,
            end: s + trimmed.len(),
        });
    }
}

fn skip_ws(chars: &[(usize, char)], mut j: usize) -> usize {
    while j < chars.len() && chars[j].1.is_whitespace() {
        j += 1;
    }
    j
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁉')
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '’' | '»' | '«' | '›' | '‹' | ')' | ']' | '}'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '„'
            | '“'
            | '‘'
            | '‚'
            | '»'
            | '«'
            | '›'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
    )
}

/// Decide whether the terminal run starting at `chars[i]` ends a sentence, given the first
/// non-space character after it at `chars[after]`.
fn ends_sentence(line: &str, chars: &[(usize, char)], i: usize, run: &str, after: usize) -> bool {
    // Skip opening quotes/brackets to the first letter or digit of the next sentence.
    let mut k = after;
    while k < chars.len() && is_opening(chars[k].1) {
        k += 1;
    }
    let Some(&(next_pos, next)) = chars.get(k) else {
        return true;
    };
    if next.is_lowercase() {
        return false;
    }
    let opens_with_quote = k > after;
    if run != "." {
        // "?", "!", "…", "...": a new sentence starts with a capital, a digit or a quotation.
        return next.is_uppercase() || next.is_ascii_digit() || opens_with_quote;
    }
    let word = word_before(line, chars[i].0);
    let next_word = word_at(line, next_pos);
    let next_lower = next_word.to_lowercase();
    let word_lower = word.to_lowercase();
    let bare = word_lower.trim_end_matches('.');

    if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return number_ends_sentence(line, chars, i, &word, next, &next_lower);
    }
    if next.is_ascii_digit()
        && (is_abbreviation(bare) || is_initial(&word) || bare.ends_with("str"))
    {
        return false; // "Nr. 5", "Oct. 17", "S. 12", "Hauptstr. 5"
    }
    if FINAL_ABBREVIATIONS.contains(&bare) {
        return SENTENCE_OPENERS.contains(&next_lower.as_str());
    }
    if is_abbreviation(bare) || is_initial(&word) {
        return false;
    }
    if is_dotted_acronym(&word) {
        return SENTENCE_OPENERS.contains(&next_lower.as_str());
    }
    true
}

fn number_ends_sentence(
    line: &str,
    chars: &[(usize, char)],
    i: usize,
    word: &str,
    next: char,
    next_lower: &str,
) -> bool {
    if next.is_ascii_digit() || super::calendar::is_month(next_lower) {
        return false; // "17. 10. 2023", "7. September"
    }
    let is_full_date = word.matches('.').count() >= 2 && word.len() >= 8;
    if is_full_date {
        return true; // "… am 17.10.2023. Danach …"
    }
    let small = word.trim_end_matches('.').len() <= 2 || word.contains('.');
    if small {
        // `word` is a suffix of the text before the dot, so this is a char boundary.
        let start_of_word = chars[i].0 - word.len();
        let head = line[..start_of_word].trim_end();
        let prev = word_before(line, head.len());
        let prev = prev.trim_end_matches([',', ';']).to_lowercase();
        if ORDINAL_LEADS.contains(&prev.as_str()) {
            return false; // "am 13. Oktober", "zwischen dem 7. und"
        }
    }
    true
}

/// The whitespace-delimited word ending right before byte `pos` (without leading brackets).
fn word_before(line: &str, pos: usize) -> String {
    let head = &line[..pos];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    head[start..].trim_start_matches(is_opening).to_string()
}

/// The run of letters (and inner dots/hyphens) starting at byte `pos`.
fn word_at(line: &str, pos: usize) -> String {
    line[pos..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect()
}

/// "F" in "John F. Kennedy", "B" in "z. B.".
fn is_initial(word: &str) -> bool {
    let mut it = word.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_alphabetic())
}

/// "U.S", "e.g", "Ph.D": letters in short groups separated by dots.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
}

/// Byte ranges (open, close) of quotations and parentheses inside `line` that close soon
/// enough to be kept whole.
///
/// A closing mark closes the innermost open mark it matches, and every mark opened after
/// that one stays unclosed. Linear in the line: the open marks of each kind are indexed, so a
/// line of 100 000 `[` (or of text inside them) never scans the stack once per character.
fn protected_ranges(line: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    // For each kind of opening mark, the stack indices where one is open (ascending).
    let mut open_at: [Vec<usize>; OPENERS.len()] = Default::default();
    let mut prev: Option<char> = None;
    for (pos, c) in line.char_indices() {
        let top = closed_by(c)
            .iter()
            .filter_map(|&o| open_at[o].last().copied())
            .max();
        if let Some(idx) = top {
            let (open, open_pos) = stack[idx];
            stack.truncate(idx);
            for at in open_at.iter_mut() {
                while at.last().is_some_and(|&i| i >= idx) {
                    at.pop();
                }
            }
            let limit = if open == '(' || open == '[' {
                MAX_PAREN_BYTES
            } else {
                MAX_QUOTE_BYTES
            };
            if pos - open_pos <= limit {
                ranges.push((open_pos, pos));
            }
        } else {
            let kind = OPENERS.iter().position(|&o| o == c).filter(|_| {
                // A straight quote opens at a word start only (not in "5'11\"" or "it's").
                c != '"' || prev.is_none_or(|p| p.is_whitespace() || is_opening(p))
            });
            if let Some(kind) = kind {
                open_at[kind].push(stack.len());
                stack.push((c, pos));
            }
        }
        prev = Some(c);
    }
    ranges
}

/// The marks that open a protected range.
const OPENERS: [char; 7] = ['„', '“', '»', '«', '(', '[', '"'];

/// The kinds of opening mark (indices into [`OPENERS`]) that `c` closes.
fn closed_by(c: char) -> &'static [usize] {
    match c {
        '“' => &[0],    // „…“
        '”' => &[1, 0], // “…” and „…”
        '«' => &[2],    // »…«
        '»' => &[3],    // «…»
        '"' => &[6],
        ')' => &[4],
        ']' => &[5],
        _ => &[],
    }
}

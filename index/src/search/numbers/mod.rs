//! Numbers, dates and quantities normalised across German and English.
//!
//! Lucene's way: for the first word of a number, a date or a quantity, the analyzer of the
//! numbers field ([`field`]) indexes a canonical term, marked by a prefix byte no word has, and
//! a claim is searched for the same terms. So "1.000 Soldaten" (German) and "a thousand troops" meet at
//! `\x041000`, "13. Oktober 2025" and "Oct. 13, 2025" at `\x052025-10-13`, "290 Kilometer"
//! and "180 miles" at `\x06m:29e4` (metres, two significant figures). The terms live in a
//! field of their own, not beside the words, because tantivy counts every token into a
//! passage's length: in the body they made number-rich passages (the statistics of a clinical
//! abstract) look longer and rank lower for every claim.
//!
//! Separators are read in the text's language: "1.000" is a thousand in German and one in
//! English; in a text of unknown language it is ambiguous and no number is indexed. A year
//! written alone ("2025") is no number term, so it never meets "2.025 Menschen"; sections
//! ("§ 3.1"), versions ("2.0.1"), codes with a leading zero and telephone numbers give none.

mod calendar;
pub(crate) mod field;
mod lexicon;
mod numeral;

use std::ops::Range;

use super::analyzers::Words;
use crate::source::Lang;
use lexicon::Unit;
use numeral::{Decimal, Reading};

/// Prefix of a canonical number (`\x041000`, `\x042.5`).
pub const NUMBER: char = '\u{4}';
/// Prefix of a date: `YYYY-MM-DD`, `--MM-DD` (a day without its year), `YYYY-MM`.
pub const DATE: char = '\u{5}';
/// Prefix of a quantity: `m:29e4` (metres), `kg:`, `c:` (degrees Celsius) rounded to two
/// significant figures; `%:`, `eur:`, `usd:` exact (currencies are not converted).
pub const QUANTITY: char = '\u{6}';

/// How separators and "billion" read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumLang {
    De,
    En,
    /// Unknown: only what reads the same in both languages.
    Any,
}

impl NumLang {
    pub fn of(lang: Lang) -> NumLang {
        match lang {
            Lang::De => NumLang::De,
            Lang::En => NumLang::En,
            Lang::Other => NumLang::Any,
        }
    }
}

/// A number, date or quantity found at a word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// The terms the numbers field holds for it (with their prefixes).
    pub terms: Vec<String>,
    /// The canonical number, if it is one (its term is in `terms`).
    pub number: Option<String>,
    /// The number is written as the one word its canonical form is ("1000"): the body holds
    /// that word too.
    pub written_as_is: bool,
    /// Where it ends in the text (bytes): no word before this starts another one.
    pub end: usize,
    /// A numeral written with separators ("1.000", "2,5"): its digits as words say nothing
    /// across languages, the terms do.
    pub separated: bool,
}

/// The next word at or after `pos`, lowercased, with its byte range.
pub(super) struct Next {
    range: Range<usize>,
    word: String,
}

/// The next word, when the text at `pos` begins a gap some number, date or unit is written
/// with (a space, `.`, `,`, `-`, `/`, `%`, a no-break space, `°`, `€`): every caller wants one
/// of those, and most lookaheads end here without copying a word.
fn next_word(text: &str, pos: usize) -> Option<Next> {
    if !matches!(
        text.as_bytes().get(pos),
        Some(b' ' | b'.' | b',' | b'-' | b'/' | b'%' | 0xC2 | 0xE2)
    ) {
        return None;
    }
    let mut words = Words::at(text, pos);
    let mut word = String::new();
    let range = words.next_into(&mut word)?;
    (!word.is_empty()).then_some(Next { range, word })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a lowercased word may begin a number, a date or a quantity.
pub fn may_start(word: &str) -> bool {
    lexicon::may_start(word)
}

/// Whether a word as written may: the first-bytes check every word of an indexed text goes
/// through before it is lowercased.
pub fn may_begin(word: &[u8]) -> bool {
    lexicon::may_begin(word)
}

/// The number, date or quantity that begins with the word at `range` of `text` (`word` is that
/// word lowercased); `None` when the word begins none.
pub fn at(text: &str, range: Range<usize>, word: &str, lang: NumLang) -> Option<Found> {
    if !may_start(word) {
        return None;
    }
    if word.as_bytes()[0].is_ascii_digit() {
        return calendar::day_first(text, &range, word)
            .or_else(|| calendar::iso(text, &range, word))
            .or_else(|| calendar::slashed(text, &range, word, lang))
            .or_else(|| numeric(text, range, word, lang));
    }
    if let Some(m) = lexicon::month(word) {
        if let Some(found) = calendar::month_first(text, &range, m) {
            return Some(found);
        }
    }
    worded(text, range, word, lang)
}

/// Everything [`at`] finds in a text, with where each begins.
pub fn scan(text: &str, lang: NumLang) -> Vec<(usize, Found)> {
    let mut out = Vec::new();
    let mut words = Words::new(text);
    let mut word = String::new();
    let mut skip_to = 0;
    while let Some(range) = words.next_into(&mut word) {
        if word.is_empty() || range.start < skip_to {
            continue;
        }
        let start = range.start;
        if let Some(found) = at(text, range, &word, lang) {
            skip_to = found.end;
            out.push((start, found));
        }
    }
    out
}

/// Longest run of digit groups read as one numeral ("1.000.000.000" is four).
const MAX_GROUPS: usize = 8;

/// A numeral and what follows it: a scale word, a unit. `word` starts with a digit.
fn numeric(text: &str, range: Range<usize>, word: &str, lang: NumLang) -> Option<Found> {
    let split = word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(word.len());
    let (digits, suffix) = word.split_at(split);
    let mut groups = vec![digits.to_string()];
    let mut seps = Vec::new();
    let mut end = range.end;
    while suffix.is_empty() && groups.len() < MAX_GROUPS {
        let Some(next) = next_word(text, end) else {
            break;
        };
        let mut gap = text[end..next.range.start].chars();
        let (Some(sep), None) = (gap.next(), gap.next()) else {
            break;
        };
        if !(matches!(sep, '.' | ',' | '\u{a0}' | '\u{202f}' | '\u{2009}') && is_digits(&next.word))
        {
            break;
        }
        groups.push(next.word);
        seps.push(sep);
        end = next.range.end;
    }
    let refs: Vec<&str> = groups.iter().map(String::as_str).collect();
    let separated = !seps.is_empty();
    let none = Found {
        end,
        separated,
        ..Found::default()
    };
    // "§ 3.1", "Version 2.0", "Tel. 4711", "+49 30 1234567": no amounts.
    if let Some(marker) = marker_before(&text[..range.start]) {
        let end = if marker == Marker::Phone {
            phone_end(text, end)
        } else {
            end
        };
        return Some(Found { end, ..none });
    }
    let Reading::Number(mut n) = numeral::read(&refs, &seps, lang) else {
        // "030 123456": a code with a leading zero takes the groups after it along.
        if digits.len() > 1 && digits.starts_with('0') && !separated {
            return Some(Found {
                end: phone_end(text, end),
                ..none
            });
        }
        return Some(none);
    };
    let mut unit = None;
    let mut scaled = false;
    let currency = currency_before(&text[..range.start]);
    if !suffix.is_empty() {
        // "290km", "$5bn", "€3m"; ordinals ("13th") and codes ("4k", "b2b") are no amounts.
        match (lexicon::scale(suffix, lang), lexicon::unit_word(suffix)) {
            (Some(p), _) => (n, scaled) = (n.scaled(p), true),
            (None, _) if suffix == "m" && currency.is_some() => (n, scaled) = (n.scaled(6), true),
            (None, Some(u)) => unit = Some(u),
            (None, None) => return Some(none),
        }
    } else if let Some((p, e)) = scale_after(text, end, lang) {
        (n, scaled, end) = (n.scaled(p), true, e);
    }
    if unit.is_none() {
        if let Some((u, e)) = unit_after(text, end) {
            (unit, end) = (Some(u), e);
        }
    }
    let unit = unit.or(currency);
    if !separated && suffix.is_empty() && !scaled && unit.is_none() && is_year(digits) {
        return Some(none);
    }
    let negative = is_minus(&text[..range.start]);
    let written_as_is = !separated && !scaled && suffix.is_empty();
    Some(found(n, unit, negative, written_as_is, end, separated))
}

/// A number written as a word: "zwölf", "tausend", "zwei Millionen", "ten miles",
/// "twenty-five", "ein Kilometer".
fn worded(text: &str, range: Range<usize>, word: &str, lang: NumLang) -> Option<Found> {
    let mut end = range.end;
    let mut n = match lexicon::number_word(word) {
        Some(value) => Decimal::integer(value + english_units_after(text, &mut end, value)),
        // "eine Million", "a billion": the scale word alone.
        None => match lexicon::scale(word, lang) {
            Some(power) => Decimal::integer(1).scaled(power),
            // "ein Kilometer", "one mile": one, by its unit; "ein Haus" is no number.
            None if lexicon::is_one(word) => {
                let (unit, end) = unit_after(text, end)?;
                return Some(found(
                    Decimal::integer(1),
                    Some(unit),
                    false,
                    false,
                    end,
                    false,
                ));
            }
            None => return None,
        },
    };
    // "two hundred thousand": at most two scale words.
    for _ in 0..2 {
        match scale_after(text, end, lang) {
            Some((p, e)) => (n, end) = (n.scaled(p), e),
            None => break,
        }
    }
    let (unit, end) = match unit_after(text, end) {
        Some((u, e)) => (Some(u), e),
        None => (None, end),
    };
    Some(found(n, unit, false, false, end, false))
}

/// The unit after an English tens word ("twenty-five", "forty one"), moving `end` past it; 0
/// when there is none.
fn english_units_after(text: &str, end: &mut usize, tens: u64) -> u64 {
    if !(20..100).contains(&tens) || tens % 10 != 0 {
        return 0;
    }
    let Some(next) = next_word(text, *end) else {
        return 0;
    };
    let gap = &text[*end..next.range.start];
    match lexicon::english_unit(&next.word) {
        Some(u) if gap == "-" || gap == " " => {
            *end = next.range.end;
            u
        }
        _ => 0,
    }
}

/// The terms of a number `n` (in `unit`, if any).
fn found(
    n: Decimal,
    unit: Option<Unit>,
    negative: bool,
    written_as_is: bool,
    end: usize,
    separated: bool,
) -> Found {
    let canonical = n.canonical();
    let mut terms = Vec::with_capacity(2);
    terms.push(prefixed(NUMBER, &canonical));
    if let Some(q) = unit.and_then(|u| quantity(&n, u, negative)) {
        terms.push(prefixed(QUANTITY, &q));
    }
    Found {
        terms,
        written_as_is: written_as_is && n.is_integer(),
        number: Some(canonical),
        end,
        separated,
    }
}

/// The quantity term of `n` `unit`s, without its prefix.
fn quantity(n: &Decimal, unit: Unit, negative: bool) -> Option<String> {
    let v = if negative { -n.to_f64() } else { n.to_f64() };
    let exact = |code: &str| {
        let sign = if negative { "-" } else { "" };
        format!("{code}:{sign}{}", n.canonical())
    };
    Some(match unit {
        Unit::Metre(f) => format!("m:{}", numeral::two_figures(v * f)?),
        Unit::Kilogram(f) => format!("kg:{}", numeral::two_figures(v * f)?),
        Unit::Celsius => format!("c:{}", numeral::two_figures(v)?),
        Unit::Fahrenheit => format!("c:{}", numeral::two_figures((v - 32.0) * 5.0 / 9.0)?),
        Unit::Percent => exact("%"),
        Unit::Euro => exact("eur"),
        Unit::Dollar => exact("usd"),
    })
}

pub(crate) fn prefixed(prefix: char, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    out.push(prefix);
    out.push_str(text);
    out
}

#[derive(Debug, PartialEq, Eq)]
enum Marker {
    Section,
    Phone,
}

/// What the text right before a number says it is: a section, version or item number
/// ("§ 3.1", "Art. 5", "Version 2.0", "Nr. 12") or a telephone number ("+49", "Tel. 030").
fn marker_before(before: &str) -> Option<Marker> {
    // "v3.1", "B12.5": the rest of a code whose start was no number.
    let mut tail = before.chars().rev();
    if let (Some('.' | ',' | '-' | '/'), Some(c)) = (tail.next(), tail.next()) {
        if c.is_alphanumeric() {
            return Some(Marker::Section);
        }
    }
    let b = before.trim_end_matches([' ', '\u{a0}']);
    if b.ends_with('§') {
        return Some(Marker::Section);
    }
    if b.ends_with('+') {
        return Some(Marker::Phone);
    }
    let b = b.strip_suffix(['.', ':']).unwrap_or(b);
    let start = b
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + b[i..].chars().next().map_or(1, char::len_utf8));
    let word = &b[start..];
    if word.is_empty() || word.len() > 9 {
        return None;
    }
    match word.to_lowercase().as_str() {
        "art" | "abs" | "nr" | "no" | "version" | "v" | "kapitel" | "chapter" | "section"
        | "ziff" | "satz" | "isbn" | "az" => Some(Marker::Section),
        "tel" | "telefon" | "fax" | "phone" | "mobil" => Some(Marker::Phone),
        _ => None,
    }
}

/// The end of a telephone number's further groups ("+49 30 1234567", "030-123 45").
fn phone_end(text: &str, mut end: usize) -> usize {
    for _ in 0..MAX_GROUPS {
        let Some(next) = next_word(text, end) else {
            break;
        };
        let gap = &text[end..next.range.start];
        if !matches!(gap, " " | "-" | "/" | " / " | "\u{a0}") || !is_digits(&next.word) {
            break;
        }
        end = next.range.end;
    }
    end
}

/// A year written alone: its word is its term, and it is no amount.
fn is_year(digits: &str) -> bool {
    digits.len() == 4
        && digits
            .parse::<u32>()
            .is_ok_and(|y| (1200..=2199).contains(&y))
}

/// The gap between two words is one space.
fn is_space(gap: &str) -> bool {
    matches!(gap, " " | "\u{a0}" | "\u{202f}")
}

/// A scale word right after `end` ("Millionen"): its power of ten and where it ends.
fn scale_after(text: &str, end: usize, lang: NumLang) -> Option<(u32, usize)> {
    let next = next_word(text, end)?;
    if !is_space(&text[end..next.range.start]) {
        return None;
    }
    Some((lexicon::scale(&next.word, lang)?, next.range.end))
}

/// A unit right after `end`: a sign ("%", "€", "°C") or a word ("Kilometer", "miles",
/// "Grad Celsius", "per cent").
fn unit_after(text: &str, end: usize) -> Option<(Unit, usize)> {
    let rest = &text[end..];
    let trimmed = rest
        .strip_prefix([' ', '\u{a0}', '\u{202f}'])
        .unwrap_or(rest);
    let at = end + rest.len() - trimmed.len();
    let sign = trimmed.chars().next()?;
    let symbol = match sign {
        '%' => Some(Unit::Percent),
        '€' => Some(Unit::Euro),
        '℃' => Some(Unit::Celsius),
        '℉' => Some(Unit::Fahrenheit),
        _ => None,
    };
    if let Some(u) = symbol {
        return Some((u, at + sign.len_utf8()));
    }
    if sign == '°' {
        let next = next_word(text, at)?;
        let gap = &text[at..next.range.start];
        let unit = match next.word.as_str() {
            "c" | "celsius" => Unit::Celsius,
            "f" | "fahrenheit" => Unit::Fahrenheit,
            _ => return None,
        };
        return matches!(gap, "°" | "° ").then_some((unit, next.range.end));
    }
    let next = next_word(text, end)?;
    if !is_space(&text[end..next.range.start]) {
        return None;
    }
    let then = |w: &str| {
        next_word(text, next.range.end)
            .filter(|n| n.word == w && is_space(&text[next.range.end..n.range.start]))
            .map(|n| n.range.end)
    };
    match next.word.as_str() {
        "grad" | "degrees" | "degree" => then("celsius")
            .map(|e| (Unit::Celsius, e))
            .or_else(|| then("fahrenheit").map(|e| (Unit::Fahrenheit, e))),
        "per" => then("cent").map(|e| (Unit::Percent, e)),
        w => lexicon::unit_word(w).map(|u| (u, next.range.end)),
    }
}

/// "$5", "€ 2,5", "US$5": the currency sign written before a number.
fn currency_before(before: &str) -> Option<Unit> {
    let b = before.strip_suffix([' ', '\u{a0}']).unwrap_or(before);
    match b.chars().next_back()? {
        '$' => Some(Unit::Dollar),
        '€' => Some(Unit::Euro),
        _ => None,
    }
}

/// A minus sign right before the number that is no dash between two numbers ("-5 °C", not
/// "10-15 km").
fn is_minus(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(['-', '\u{2212}']) else {
        return false;
    };
    rest.chars().next_back().is_none_or(char::is_whitespace)
}

#[cfg(test)]
mod tests;

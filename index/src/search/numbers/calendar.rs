//! Dates as German and English write them: "13. Oktober 2025", "13.10.2025", "13 October",
//! "Oct. 13, 2025", "October 13th", "2025-10-13", "Oktober 2025".

use std::ops::Range;

use super::{is_digits, lexicon, next_word, prefixed, Found, NumLang, DATE};
use crate::search::dates::days_in_month;

/// A day of the month as written (1-2 digits, or "13th").
fn day(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.len() > 2 || !is_digits(digits) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i64> {
    if word.len() != 4 || !is_digits(word) {
        return None;
    }
    word.parse().ok().filter(|y| (1000..=2999).contains(y))
}

/// A year also as two digits, the way the short numeric dates write it ("13.10.25",
/// "10/13/25"): 00-69 are 2000-2069 and 70-99 the 1900s, as POSIX `strptime` reads `%y`.
fn year_or_short(word: &str) -> Option<i64> {
    if word.len() != 2 || !is_digits(word) {
        return year(word);
    }
    let y: i64 = word.parse().ok()?;
    Some(if y < 70 { 2000 + y } else { 1900 + y })
}

/// The year right after `end` when `gap` is one of `gaps`: the year and where it ends.
fn year_after(text: &str, end: usize, gaps: &[&str]) -> Option<(i64, usize)> {
    year_after_as(text, end, gaps, year)
}

fn year_after_as(
    text: &str,
    end: usize,
    gaps: &[&str],
    read: fn(&str) -> Option<i64>,
) -> Option<(i64, usize)> {
    let next = next_word(text, end)?;
    if !gaps.contains(&&text[end..next.range.start]) {
        return None;
    }
    Some((read(&next.word)?, next.range.end))
}

/// The date terms of a day (or of a month, when `d` is `None`); `None` for a day the month
/// does not have.
fn date(y: Option<i64>, m: u32, d: Option<u32>, end: usize) -> Option<Found> {
    let mut terms = Vec::with_capacity(3);
    if let Some(d) = d {
        // February 29th without a year is a day that exists.
        if d > days_in_month(y.unwrap_or(2000), m) {
            return None;
        }
        if let Some(y) = y {
            terms.push(prefixed(DATE, &format!("{y:04}-{m:02}-{d:02}")));
        }
        terms.push(prefixed(DATE, &format!("--{m:02}-{d:02}")));
    }
    if let Some(y) = y {
        terms.push(prefixed(DATE, &format!("{y:04}-{m:02}")));
    }
    Some(Found {
        terms,
        end,
        ..Found::default()
    })
}

/// A date that begins with its day: "13. Oktober 2025", "13 October", "13.10.2025",
/// "13.10.25", "13.10.".
pub(super) fn day_first(text: &str, range: &Range<usize>, word: &str) -> Option<Found> {
    if word.len() > 2 {
        return None;
    }
    let d = day(word)?;
    let next = next_word(text, range.end)?;
    let gap = &text[range.end..next.range.start];
    if let Some(m) = lexicon::month(&next.word) {
        if !matches!(gap, ". " | " " | "." | "\u{a0}" | ".\u{a0}") {
            return None;
        }
        let year = year_after(text, next.range.end, &[" ", ". ", ", ", "\u{a0}"]);
        return match year {
            Some((y, end)) => date(Some(y), m, Some(d), end),
            None => date(None, m, Some(d), next.range.end),
        };
    }
    if gap != "." || next.word.len() > 2 || !is_digits(&next.word) {
        return None;
    }
    let m: u32 = next.word.parse().ok().filter(|m| (1..=12).contains(m))?;
    if let Some((y, end)) = year_after_as(text, next.range.end, &["."], year_or_short) {
        return date(Some(y), m, Some(d), end);
    }
    // "am 13.10. kam": a day without its year only when the second dot closes it.
    let after = &text[next.range.end..];
    let closed = after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit());
    closed
        .then(|| date(None, m, Some(d), next.range.end))
        .flatten()
}

/// `2025-10-13`.
pub(super) fn iso(text: &str, range: &Range<usize>, word: &str) -> Option<Found> {
    let y = year(word)?;
    let month = next_word(text, range.end)?;
    let day = next_word(text, month.range.end)?;
    let dashes = &text[range.end..month.range.start] == "-"
        && &text[month.range.end..day.range.start] == "-";
    if !dashes || month.word.len() != 2 || day.word.len() != 2 {
        return None;
    }
    let m: u32 = month.word.parse().ok().filter(|m| (1..=12).contains(m))?;
    let d = self::day(&day.word)?;
    date(Some(y), m, Some(d), day.range.end)
}

/// `10/13/2025` (the US order) and `13/10/2025` (the British and German one), also with a
/// two-digit year (`10/13/25`), told apart by
/// whichever part is over 12. When both could be the month ("03/04/2025"), German text reads
/// the day first and English or unknown text gets both days, so neither reading is missed.
pub(super) fn slashed(
    text: &str,
    range: &Range<usize>,
    word: &str,
    lang: NumLang,
) -> Option<Found> {
    if word.len() > 2 || !is_digits(word) {
        return None;
    }
    let second = next_word(text, range.end)?;
    let third = next_word(text, second.range.end)?;
    let slashes = &text[range.end..second.range.start] == "/"
        && &text[second.range.end..third.range.start] == "/";
    if !slashes || second.word.len() > 2 || !is_digits(&second.word) {
        return None;
    }
    let y = year_or_short(&third.word)?;
    let (a, b): (u32, u32) = (word.parse().ok()?, second.word.parse().ok()?);
    let end = third.range.end;
    let month_day = |m: u32, d: u32| {
        ((1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| date(Some(y), m, Some(d), end))
            .flatten()
    };
    let us = month_day(a, b);
    let day_first = month_day(b, a);
    match (us, day_first) {
        (Some(us), Some(df)) if a != b => match lang {
            NumLang::De => Some(df),
            NumLang::En | NumLang::Any => {
                let mut both = us;
                both.terms.extend(df.terms);
                Some(both)
            }
        },
        (Some(one), _) | (None, Some(one)) => Some(one),
        (None, None) => None,
    }
}

/// A date that begins with its month: "Oct. 13, 2025", "October 13", "Oktober 2025".
pub(super) fn month_first(text: &str, range: &Range<usize>, m: u32) -> Option<Found> {
    let next = next_word(text, range.end)?;
    if !matches!(
        &text[range.end..next.range.start],
        " " | ". " | "\u{a0}" | ".\u{a0}"
    ) {
        return None;
    }
    if let Some(y) = year(&next.word) {
        return date(Some(y), m, None, next.range.end);
    }
    let d = day(&next.word)?;
    match year_after(text, next.range.end, &[", ", " ", "\u{a0}"]) {
        Some((y, end)) => date(Some(y), m, Some(d), end),
        None => date(None, m, Some(d), next.range.end),
    }
}

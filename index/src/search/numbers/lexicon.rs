//! The words numbers, dates and units are written with, in German and English.

use super::NumLang;

/// A number word standing alone ("zwölf", "twenty", "tausend", "fünfundzwanzig",
/// "dreihundertfünfzig"; a scale word alone is one of its scale, see [`scale`]). "one", "ein"
/// and "a" are left out: they are mostly articles and pronouns, and "a thousand" is a
/// thousand by its second word ("ein Kilometer" is read by its unit, see [`is_one`]).
pub(super) fn number_word(word: &str) -> Option<u64> {
    simple_number_word(word).or_else(|| german_compound(word))
}

/// "ein", "eine", "one", ...: a number only before a unit ("ein Kilometer", "one mile").
pub(super) fn is_one(word: &str) -> bool {
    matches!(
        word,
        "ein" | "eine" | "einen" | "einem" | "einer" | "eines" | "one"
    )
}

/// The units English writes after a tens word: "twenty-five", "forty one".
pub(super) fn english_unit(word: &str) -> Option<u64> {
    Some(match word {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        _ => return None,
    })
}

/// A German numeral written as one word, up to 999,999: "einundzwanzig", "dreihundert",
/// "zweitausendfünfhundert", "hunderttausend". All of the word must read, so no other word
/// ("Achtung", "Hundertschaft", "tausendmal") is taken for one.
fn german_compound(word: &str) -> Option<u64> {
    let (thousands, rest) = match word.split_once("tausend") {
        Some((before, after)) => (
            if before.is_empty() {
                1
            } else {
                below_thousand(before)?
            },
            after,
        ),
        None => (0, word),
    };
    let low = if rest.is_empty() {
        0
    } else {
        below_thousand(rest)?
    };
    let n = thousands * 1000 + low;
    (n > 0).then_some(n)
}

fn below_thousand(w: &str) -> Option<u64> {
    match w.split_once("hundert") {
        Some((before, after)) => {
            let h = if before.is_empty() {
                1
            } else {
                german_unit(before)?
            };
            let r = if after.is_empty() {
                0
            } else {
                below_hundred(after)?
            };
            Some(h * 100 + r)
        }
        None => below_hundred(w),
    }
}

fn below_hundred(w: &str) -> Option<u64> {
    if let Some(n) = simple_number_word(w).filter(|&n| n < 100) {
        return Some(n);
    }
    let (unit, tens) = w.split_once("und")?;
    let tens = simple_number_word(tens).filter(|t| (20..100).contains(t) && t % 10 == 0)?;
    Some(tens + german_unit(unit)?)
}

/// 1-9 as they begin a German compound ("ein" in "einundzwanzig", "einhundert").
fn german_unit(w: &str) -> Option<u64> {
    match w {
        "ein" => Some(1),
        _ => simple_number_word(w).filter(|&n| n < 10),
    }
}

fn simple_number_word(word: &str) -> Option<u64> {
    Some(match word {
        "two" | "zwei" => 2,
        "three" | "drei" => 3,
        "four" | "vier" => 4,
        "five" | "fünf" => 5,
        "six" | "sechs" => 6,
        "seven" | "sieben" => 7,
        "eight" | "acht" => 8,
        "nine" | "neun" => 9,
        "ten" | "zehn" => 10,
        "eleven" | "elf" => 11,
        "twelve" | "zwölf" => 12,
        "thirteen" | "dreizehn" => 13,
        "fourteen" | "vierzehn" => 14,
        "fifteen" | "fünfzehn" => 15,
        "sixteen" | "sechzehn" => 16,
        "seventeen" | "siebzehn" => 17,
        "eighteen" | "achtzehn" => 18,
        "nineteen" | "neunzehn" => 19,
        "twenty" | "zwanzig" => 20,
        "thirty" | "dreißig" | "dreissig" => 30,
        "forty" | "vierzig" => 40,
        "fifty" | "fünfzig" => 50,
        "sixty" | "sechzig" => 60,
        "seventy" | "siebzig" => 70,
        "eighty" | "achtzig" => 80,
        "ninety" | "neunzig" => 90,
        "hundred" | "hundert" => 100,
        "thousand" | "tausend" => 1000,
        _ => return None,
    })
}

/// The power of ten a scale word multiplies by. "billion" is 10^9 in English and 10^12 in
/// German (where 10^9 is a "Milliarde"): in a text of unknown language it is no scale.
pub(super) fn scale(word: &str, lang: NumLang) -> Option<u32> {
    Some(match word {
        "hundred" | "hundert" => 2,
        "thousand" | "tausend" => 3,
        "million" | "millions" | "millionen" | "mio" => 6,
        "milliarde" | "milliarden" | "mrd" | "bn" => 9,
        "trillion" | "trillions" => 12,
        "billion" | "billions" | "billionen" => match lang {
            NumLang::En => 9,
            NumLang::De => 12,
            NumLang::Any => return None,
        },
        _ => return None,
    })
}

/// What a quantity is measured in: the dimension and the factor to its SI unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Unit {
    /// Length in metres.
    Metre(f64),
    /// Mass in kilograms.
    Kilogram(f64),
    Celsius,
    Fahrenheit,
    Percent,
    Euro,
    Dollar,
}

/// A unit written as a word after the number ("Kilometer", "miles", "Prozent").
pub(super) fn unit_word(word: &str) -> Option<Unit> {
    Some(match word {
        "km" | "kilometer" | "kilometern" | "kilometers" | "kilometre" | "kilometres" => {
            Unit::Metre(1000.0)
        }
        "mile" | "miles" | "meile" | "meilen" => Unit::Metre(1609.344),
        "m" | "meter" | "metern" | "meters" | "metre" | "metres" => Unit::Metre(1.0),
        "ft" | "foot" | "feet" | "fuß" => Unit::Metre(0.3048),
        "kg" | "kilogramm" | "kilogram" | "kilograms" | "kilo" | "kilos" => Unit::Kilogram(1.0),
        "lb" | "lbs" | "pound" | "pounds" | "pfund" => Unit::Kilogram(0.453_592_37),
        "prozent" | "percent" => Unit::Percent,
        "euro" | "euros" | "eur" => Unit::Euro,
        "dollar" | "dollars" | "usd" => Unit::Dollar,
        "celsius" => Unit::Celsius,
        "fahrenheit" => Unit::Fahrenheit,
        _ => return None,
    })
}

/// The month a word names (German and English, full and abbreviated).
pub(super) fn month(word: &str) -> Option<u32> {
    Some(match word {
        "januar" | "jänner" | "january" | "jan" => 1,
        "februar" | "february" | "feb" => 2,
        "märz" | "march" | "mär" | "mrz" | "mar" => 3,
        "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nov" => 11,
        "dezember" | "december" | "dez" | "dec" => 12,
        _ => return None,
    })
}

/// The first three bytes (ASCII letters lowercased) of the words a number, date or quantity
/// may begin with: number words (German compounds begin with one), "ein"/"one" before a
/// unit, scale words and months, German and English.
const STARTS: &[&[u8; 3]] = &[
    b"ein",
    b"one",
    b"two",
    b"zwe",
    b"thr",
    b"dre",
    b"fou",
    b"vie",
    b"fiv",
    b"f\xc3\xbc",
    b"six",
    b"sec",
    b"sev",
    b"sie",
    b"eig",
    b"ach",
    b"nin",
    b"neu",
    b"ten",
    b"zeh",
    b"ele",
    b"elf",
    b"twe",
    b"zw\xc3",
    b"zwa",
    b"thi",
    b"for",
    b"fif",
    b"hun",
    b"tho",
    b"tau",
    b"mil",
    b"bil",
    b"tri",
    b"jan",
    b"j\xc3\xa4",
    b"feb",
    b"mar",
    b"m\xc3\xa4",
    b"mrz",
    b"apr",
    b"mai",
    b"may",
    b"jun",
    b"jul",
    b"aug",
    b"sep",
    b"okt",
    b"oct",
    b"nov",
    b"dez",
    b"dec",
];

/// Whether a word (as written) may begin a number, a date or a quantity: every word of every
/// indexed text passes through this, so it looks at the first bytes only, before anything is
/// lowercased or parsed.
pub(super) fn may_begin(word: &[u8]) -> bool {
    match word {
        [b'0'..=b'9', ..] => true,
        [a, b, c, ..] if a.is_ascii_alphabetic() => {
            let start = [a.to_ascii_lowercase(), b.to_ascii_lowercase(), *c];
            STARTS.iter().any(|s| **s == start)
        }
        _ => false,
    }
}

/// Whether a lowercased word may begin a number, a date or a quantity.
pub(super) fn may_start(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b'0'..=b'9') => true,
        Some(_) => {
            may_begin(word.as_bytes())
                && (number_word(word).is_some()
                    || is_one(word)
                    || month(word).is_some()
                    || scale(word, NumLang::De).is_some())
        }
        None => false,
    }
}

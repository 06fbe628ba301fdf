//! Numerals as written ("1.000", "1,000", "2,5", "1 000") read in the text's language, and the
//! canonical forms numbers and quantities are indexed under.

use super::NumLang;

/// A decimal number: `digits` x 10^`exp`, exactly as written (no floating point, so "2,5
/// Millionen" and "2.5 million" give the same digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decimal {
    digits: String,
    exp: i32,
}

/// Longest canonical number written out in full; longer ones use an exponent, so a term
/// never reaches the analyzer's token limit.
const MAX_PLAIN_DIGITS: usize = 24;

impl Decimal {
    pub fn integer(n: u64) -> Decimal {
        Decimal::new(n.to_string(), 0)
    }

    fn new(digits: String, exp: i32) -> Decimal {
        let trimmed = digits.trim_start_matches('0');
        let zeros = trimmed.len() - trimmed.trim_end_matches('0').len();
        let digits = trimmed.trim_end_matches('0');
        if digits.is_empty() {
            return Decimal {
                digits: "0".into(),
                exp: 0,
            };
        }
        Decimal {
            digits: digits.to_string(),
            exp: exp + zeros as i32,
        }
    }

    /// Times 10^`power` (a scale word: "Millionen").
    pub fn scaled(&self, power: u32) -> Decimal {
        if self.digits == "0" {
            return self.clone();
        }
        Decimal {
            digits: self.digits.clone(),
            exp: self.exp + power as i32,
        }
    }

    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    pub fn to_f64(&self) -> f64 {
        format!("{}e{}", self.digits, self.exp)
            .parse()
            .unwrap_or(f64::NAN)
    }

    /// The canonical form: "1000", "2500000", "2.5", "0.05".
    pub fn canonical(&self) -> String {
        let len = self.digits.len() as i32;
        if self.exp >= 0 {
            if self.digits.len() + self.exp as usize > MAX_PLAIN_DIGITS {
                return format!("{}e{}", self.digits, self.exp);
            }
            let mut out = self.digits.clone();
            out.extend(std::iter::repeat_n('0', self.exp as usize));
            return out;
        }
        let point = len + self.exp;
        if point > 0 {
            let (int, frac) = self.digits.split_at(point as usize);
            format!("{int}.{frac}")
        } else if -point as usize > MAX_PLAIN_DIGITS {
            format!("{}e{}", self.digits, self.exp)
        } else {
            format!("0.{}{}", "0".repeat(-point as usize), self.digits)
        }
    }
}

/// How a run of digit groups joined by separators reads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Reading {
    Number(Decimal),
    /// Valid in German and in English with different values ("1.000", "1,000" in a text of
    /// unknown language): no number is indexed.
    Ambiguous,
    /// No number in either language (versions "2.0.1", sections "3.1" in German, addresses).
    Invalid,
}

/// Separators between groups of three digits in both languages (no-break, narrow no-break
/// and thin space: "1 000").
fn is_space_group(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Reads `groups` (digits only) joined by the one-character separators `seps`.
pub(super) fn read(groups: &[&str], seps: &[char], lang: NumLang) -> Reading {
    let de = read_as(groups, seps, '.', ',');
    let en = read_as(groups, seps, ',', '.');
    match (lang, de, en) {
        (NumLang::De, Some(n), _) | (NumLang::En, _, Some(n)) => Reading::Number(n),
        (NumLang::Any, Some(a), Some(b)) if a == b => Reading::Number(a),
        (NumLang::Any, Some(_), Some(_)) => Reading::Ambiguous,
        (NumLang::Any, Some(n), None) | (NumLang::Any, None, Some(n)) => Reading::Number(n),
        _ => Reading::Invalid,
    }
}

/// The number the groups make with `group` between thousands and `decimal` before the
/// fraction, if they are written that way.
fn read_as(groups: &[&str], seps: &[char], group: char, decimal: char) -> Option<Decimal> {
    let first = groups.first()?;
    // "007", "030 1234567": codes and telephone numbers, not amounts.
    if first.len() > 1 && first.starts_with('0') && seps.first() != Some(&decimal) {
        return None;
    }
    let decimal_at = seps.iter().position(|&s| s == decimal);
    let grouped = decimal_at.unwrap_or(seps.len());
    if decimal_at.is_some_and(|at| at + 1 != seps.len()) {
        return None;
    }
    let groups_ok = seps[..grouped]
        .iter()
        .zip(&groups[1..=grouped])
        .all(|(&s, g)| (s == group || is_space_group(s)) && g.len() == 3);
    // "0.001" groups nothing: a leading group is never 0.
    if !groups_ok || (grouped > 0 && (first.len() > 3 || *first == "0")) {
        return None;
    }
    let mut digits: String = groups[..=grouped].concat();
    let mut exp = 0;
    if let Some(at) = decimal_at {
        let frac = groups[at + 1];
        digits.push_str(frac);
        exp = -(frac.len() as i32);
    }
    Some(Decimal::new(digits, exp))
}

/// A value rounded to two significant figures, as `<mantissa>e<exponent>` ("29e4" for
/// 289,682 m and for 290,000 m): quantities converted between units meet as written.
pub(super) fn two_figures(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    if v == 0.0 {
        return Some("0".into());
    }
    let a = v.abs();
    let mut e = a.log10().floor() as i32;
    let mut m = (a / 10f64.powi(e - 1)).round();
    if m >= 100.0 {
        e += 1;
        m = (a / 10f64.powi(e - 1)).round();
    } else if m < 10.0 {
        e -= 1;
        m = (a / 10f64.powi(e - 1)).round();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    Some(format!("{sign}{m}e{}", e - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(groups: &[&str], seps: &[char], lang: NumLang) -> Option<String> {
        match read(groups, seps, lang) {
            Reading::Number(n) => Some(n.canonical()),
            _ => None,
        }
    }

    #[test]
    fn separators_are_read_in_the_texts_language() {
        use NumLang::*;
        assert_eq!(canon(&["1", "000"], &['.'], De).as_deref(), Some("1000"));
        assert_eq!(canon(&["1", "000"], &['.'], En).as_deref(), Some("1"));
        assert_eq!(canon(&["1", "000"], &[','], En).as_deref(), Some("1000"));
        assert_eq!(canon(&["1", "000"], &[','], De).as_deref(), Some("1"));
        assert_eq!(read(&["1", "000"], &['.'], Any), Reading::Ambiguous);
        assert_eq!(canon(&["2", "5"], &[','], Any).as_deref(), Some("2.5"));
        assert_eq!(canon(&["2", "5"], &['.'], Any).as_deref(), Some("2.5"));
        assert_eq!(
            canon(&["1", "000", "000"], &['.', '.'], Any).as_deref(),
            Some("1000000")
        );
        assert_eq!(
            canon(&["1", "000", "5"], &['.', ','], Any).as_deref(),
            Some("1000.5")
        );
        assert_eq!(
            canon(&["1", "000"], &['\u{a0}'], En).as_deref(),
            Some("1000")
        );
        // Sections, versions, codes.
        assert_eq!(read(&["3", "1"], &['.'], De), Reading::Invalid);
        assert_eq!(read(&["2", "0", "1"], &['.', '.'], Any), Reading::Invalid);
        assert_eq!(read(&["030"], &[], De), Reading::Invalid);
        assert_eq!(canon(&["0", "5"], &[','], De).as_deref(), Some("0.5"));
        assert_eq!(canon(&["0", "001"], &['.'], Any).as_deref(), Some("0.001"));
        assert_eq!(read(&["1000", "000"], &['.'], De), Reading::Invalid);
    }

    #[test]
    fn canonical_forms() {
        let d = |s: &str, e| Decimal::new(s.into(), e).canonical();
        assert_eq!(d("25", -1), "2.5");
        assert_eq!(
            Decimal::new("25".into(), -1).scaled(6).canonical(),
            "2500000"
        );
        assert_eq!(d("5", -2), "0.05");
        assert_eq!(d("1000", -3), "1");
        assert_eq!(d("0", 3), "0");
        assert_eq!(d("7", 40), "7e40");
        assert_eq!(two_figures(289_682.0).as_deref(), Some("29e4"));
        assert_eq!(two_figures(290_000.0).as_deref(), Some("29e4"));
        assert_eq!(two_figures(1000.0).as_deref(), Some("10e2"));
        assert_eq!(two_figures(99.6).as_deref(), Some("10e1"));
        assert_eq!(two_figures(-40.0).as_deref(), Some("-40e0"));
        assert_eq!(two_figures(1.5).as_deref(), Some("15e-1"));
    }
}

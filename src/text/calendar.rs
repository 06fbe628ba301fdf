//! Month and weekday names, lowercased: the sentence splitter needs them to tell "am 7.
//! September" from a sentence end, the triage lexicon to spot dates. One list for both.

pub const MONTHS_DE: &[&str] = &[
    "januar",
    "jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

pub const MONTHS_EN: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Abbreviated months of both languages (without the dot).
pub const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dez",
    "dec",
];

pub const WEEKDAYS_DE: &[&str] = &[
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
];

pub const WEEKDAYS_EN: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether `word` (lowercased) names a month, in full or abbreviated, in either language.
pub fn is_month(word: &str) -> bool {
    [MONTHS_DE, MONTHS_EN, MONTH_ABBREVIATIONS]
        .iter()
        .any(|list| list.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_both_languages_full_and_short() {
        for w in ["september", "märz", "jänner", "may", "okt", "sept", "dec"] {
            assert!(is_month(w), "{w}");
        }
        for w in ["montag", "kreml", "mais", ""] {
            assert!(!is_month(w), "{w}");
        }
    }
}

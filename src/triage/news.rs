//! Cues that news claims carry beyond single words: a comparison with an explicit reference
//! ("mehr Tote als im Vorjahr", "higher than in 2010", "den höchsten Wert seit 2015"). A
//! bound on a number ("mehr als tausend Container") is a quantity, not a comparison with a
//! reference.

use super::features::is_year;
use super::lexicon::tag;
use super::tokens::Token;

const REFERENCE_WORDS: &[&str] = &[
    // German
    "vorjahr",
    "vorjahres",
    "vorjahreszeitraum",
    "vormonat",
    "vormonats",
    "vorwoche",
    "zuvor",
    "damals",
    "früher",
    "bisher",
    "je",
    "jemals",
    "vorher",
    "durchschnitt",
    "schnitt",
    "vorkrisenniveau",
    "andere",
    "anderen",
    "rest",
    // English
    "before",
    "ever",
    "previously",
    "average",
    "usual",
    "other",
    "last",
    "prior",
    "predecessor",
];

/// Whether `tokens[i]` opens a comparison: "als" after a comparative, "so … wie", "than",
/// "compared", "im Vergleich", "gegenüber"; or "seit"/"since" after a superlative.
fn opens_comparison(tokens: &[Token], tags: &[u32], i: usize, lang: &str) -> bool {
    let w = tokens[i].lower.as_str();
    let superlative_before = tags[..i].iter().any(|t| t & tag::SUPERLATIVE != 0);
    match w {
        "than" | "compared" | "versus" | "vs" | "verglichen" | "vergleich" | "gegenüber" => true,
        // "höher als", "mehr Menschen als": a comparative up to three words before.
        "als" if lang == "de" => tokens[i.saturating_sub(3)..i].iter().any(|p| {
            matches!(p.lower.as_str(), "mehr" | "weniger")
                || (!p.capitalised() && p.lower.ends_with("er"))
        }),
        "wie" if lang == "de" => tokens[i.saturating_sub(3)..i]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "so" | "doppelt" | "halb" | "genauso")),
        "seit" | "since" => superlative_before,
        _ => false,
    }
}

/// The first comparison with a reference: a year, a date, a reference word ("Vorjahr",
/// "ever"), a place or an acronym within four words after the comparison, and not a bare
/// number right after it. Returns the cue shown as the reason ("als … Vorjahr").
pub fn reference_comparison(
    tokens: &[Token],
    tags: &[u32],
    is_date: &[bool],
    lang: &str,
) -> Option<String> {
    for i in 0..tokens.len() {
        if !opens_comparison(tokens, tags, i, lang) {
            continue;
        }
        let mut found = None;
        for (k, t) in tokens.iter().enumerate().skip(i + 1).take(4) {
            if t.break_before {
                break;
            }
            let w = t.lower.as_str();
            let bare_number = k == i + 1 && t.has_digit && !is_year(w) && !is_date[k];
            if bare_number || (k == i + 1 && tags[k] & tag::NUMBER_WORD != 0) {
                break;
            }
            let proper_name = lang == "en" && t.capitalised();
            if is_year(w)
                || is_date[k]
                || REFERENCE_WORDS.contains(&w)
                || tags[k] & tag::PLACE != 0
                || (t.acronym() && w != "i")
                || proper_name
            {
                found = Some(k);
                break;
            }
        }
        if let Some(k) = found {
            let sep = if k == i + 1 { " " } else { " … " };
            return Some(format!("{}{sep}{}", tokens[i].lower, tokens[k].text));
        }
    }
    None
}

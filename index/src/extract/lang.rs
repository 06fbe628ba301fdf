//! Language detection, reduced to what the analyzers distinguish.

use crate::source::Lang;
use whatlang::{Detector, Lang as W};

/// Detection looks at this many bytes at most: plenty for a confident answer and keeps a
/// 50 MB file from costing seconds.
const SAMPLE_BYTES: usize = 64 * 1024;

/// German, English or other. A confident detection of another language gives `Other`; an
/// unsure one (short text) is decided between German and English only, because those are
/// the languages factdesk analyses and short snippets are easily misread as Dutch or Danish.
pub fn detect_lang(text: &str) -> Lang {
    let sample = prefix(text, SAMPLE_BYTES);
    if sample.trim().is_empty() {
        return Lang::Other;
    }
    if let Some(lang) = by_function_words(prefix(sample, FUNCTION_WORD_SAMPLE)) {
        return lang;
    }
    let Some(info) = whatlang::detect(sample) else {
        return Lang::Other;
    };
    match info.lang() {
        W::Deu => return Lang::De,
        W::Eng => return Lang::En,
        _ if info.is_reliable() || info.script() != whatlang::Script::Latin => return Lang::Other,
        _ => {}
    }
    match Detector::with_allowlist(vec![W::Deu, W::Eng]).detect_lang(sample) {
        Some(W::Deu) => Lang::De,
        Some(W::Eng) => Lang::En,
        _ => Lang::Other,
    }
}

/// Function words are counted in this much text.
const FUNCTION_WORD_SAMPLE: usize = 4096;

/// Most frequent function words; in running German or English text they make up a third
/// of all words, in other languages almost none of them occur.
const GERMAN: &[&str] = &[
    "der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "für", "ein", "eine", "zu",
    "den", "von", "im", "dem", "des", "auch", "es", "sie", "wird", "werden", "wurde", "nach",
    "bei", "einer", "eines", "oder", "aus", "wie", "sind", "hat", "dass", "zum", "zur",
];
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on", "are",
    "by", "this", "be", "from", "at", "or", "which", "were", "has", "have", "not", "an", "we",
    "their", "its", "but", "these", "been", "than", "after", "they", "he", "she",
];

/// A fast answer for clear German or English prose: whatlang costs about half a
/// millisecond per document, which adds up to minutes when a large corpus is reindexed.
/// `None` when the text is short or not clearly one of the two; whatlang decides then.
fn by_function_words(sample: &str) -> Option<Lang> {
    let (mut words, mut de, mut en) = (0usize, 0usize, 0usize);
    let mut buf = String::new();
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.len() > 7 {
            continue;
        }
        buf.clear();
        buf.extend(word.chars().flat_map(char::to_lowercase));
        de += usize::from(GERMAN.contains(&buf.as_str()));
        en += usize::from(ENGLISH.contains(&buf.as_str()));
    }
    if words < 12 {
        return None;
    }
    let (winner, hits, other) = if de > en {
        (Lang::De, de, en)
    } else {
        (Lang::En, en, de)
    };
    (hits * 5 >= words && hits >= 3 * other).then_some(winner)
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_english_other() {
        assert_eq!(
            detect_lang("Die Bundesregierung hat am Mittwoch beschlossen, die Steuern zu senken."),
            Lang::De
        );
        assert_eq!(
            detect_lang("The government decided on Wednesday to lower taxes for families."),
            Lang::En
        );
        assert_eq!(
            detect_lang("Le gouvernement a décidé mercredi de baisser les impôts des familles."),
            Lang::Other
        );
        assert_eq!(detect_lang("Привет, как дела у тебя сегодня?"), Lang::Other);
        assert_eq!(detect_lang(""), Lang::Other);
        assert_eq!(
            detect_lang("De minister heeft woensdag besloten om de belastingen voor gezinnen te verlagen, zei hij in het parlement in Den Haag."),
            Lang::Other
        );
        assert_eq!(
            detect_lang("Der Minister sagte, die Regierung werde die Steuern für Familien senken, und das sei nicht verhandelbar."),
            Lang::De
        );
    }

    #[test]
    fn function_words_agree_with_whatlang() {
        for (text, lang) in [
            ("The study found that the vaccine reduced hospital admissions by half in the first year of the trial.", Lang::En),
            ("Die Studie ergab, dass der Impfstoff die Zahl der Krankenhausaufnahmen im ersten Jahr halbiert hat.", Lang::De),
        ] {
            assert_eq!(by_function_words(text), Some(lang), "{text}");
        }
        assert_eq!(
            by_function_words(
                "Le gouvernement a décidé mercredi de baisser les impôts des familles en France."
            ),
            None
        );
    }
}

//! Language detection, reduced to what the analyzers distinguish.
//!
//! Every text is detected on its own (each claim, query and corpus record): a German project
//! holds English sources and English claims. [`detect_lang_opt`] says `None` when the text
//! does not decide (a name, a number, a few words of no clear language); callers then fall
//! back to the project's language ([`detect_lang_or`]).

use crate::source::Lang;
use whatlang::{Detector, Lang as W};

/// Detection looks at this many bytes at most: plenty for a confident answer and keeps a
/// 50 MB file from costing seconds.
const SAMPLE_BYTES: usize = 64 * 1024;

/// German, English or other; `Other` also when the text does not decide (see
/// [`detect_lang_opt`]).
pub fn detect_lang(text: &str) -> Lang {
    detect_lang_opt(text).unwrap_or(Lang::Other)
}

/// The language of `text`, or `fallback` when the text does not decide.
pub fn detect_lang_or(text: &str, fallback: Lang) -> Lang {
    detect_lang_opt(text).unwrap_or(fallback)
}

/// Confidence whatlang must reach, choosing between German and English only, before a short
/// text without function words counts as decided.
const MIN_PAIR_CONFIDENCE: f64 = 0.5;

/// German, English or other when the text decides it; `None` when it does not. A confident
/// detection of another language gives `Other`; an unsure one is decided between German and
/// English only (those are the languages factdesk analyses, and short snippets are easily
/// misread as Dutch or Danish), and only when that choice is itself confident.
pub fn detect_lang_opt(text: &str) -> Option<Lang> {
    let sample = prefix(text, SAMPLE_BYTES);
    if !sample.chars().any(char::is_alphabetic) {
        return None;
    }
    let votes = FunctionWords::count(prefix(sample, FUNCTION_WORD_SAMPLE));
    if let Some(lang) = votes.decide() {
        return Some(lang);
    }
    let info = whatlang::detect(sample)?;
    match info.lang() {
        W::Deu if info.is_reliable() || votes.words >= 12 => return Some(Lang::De),
        W::Eng if info.is_reliable() || votes.words >= 12 => return Some(Lang::En),
        W::Deu | W::Eng => {}
        _ if info.is_reliable() || info.script() != whatlang::Script::Latin => {
            return Some(Lang::Other)
        }
        _ => {}
    }
    if let Some(lang) = votes.lean() {
        return Some(lang);
    }
    let pair = Detector::with_allowlist(vec![W::Deu, W::Eng]).detect(sample)?;
    if pair.confidence() < MIN_PAIR_CONFIDENCE {
        return None;
    }
    match pair.lang() {
        W::Deu => Some(Lang::De),
        W::Eng => Some(Lang::En),
        _ => None,
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

/// Function words of each language in a sample, and the words counted.
#[derive(Debug, Default, Clone, Copy)]
struct FunctionWords {
    words: usize,
    de: usize,
    en: usize,
    /// Letters only German writes (ä, ö, ü, ß): one more vote for German in short texts.
    umlauts: bool,
}

impl FunctionWords {
    fn count(sample: &str) -> FunctionWords {
        let mut v = FunctionWords::default();
        let mut buf = String::new();
        for word in sample
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            v.words += 1;
            v.umlauts |= word.contains(['ä', 'ö', 'ü', 'ß', 'Ä', 'Ö', 'Ü']);
            if word.len() > 7 {
                continue;
            }
            buf.clear();
            buf.extend(word.chars().flat_map(char::to_lowercase));
            v.de += usize::from(GERMAN.contains(&buf.as_str()));
            v.en += usize::from(ENGLISH.contains(&buf.as_str()));
        }
        v
    }

    /// A fast answer for clear German or English prose: whatlang costs about half a
    /// millisecond per document, which adds up to minutes when a large corpus is reindexed.
    /// `None` when the text is short or not clearly one of the two; whatlang decides then.
    fn decide(&self) -> Option<Lang> {
        if self.words < 12 {
            return None;
        }
        let (winner, hits, other) = self.leader();
        (hits * 5 >= self.words && hits >= 3 * other).then_some(winner)
    }

    /// For short texts (a claim, a query) that whatlang could not place: two function words
    /// of one language and at most a third as many of the other decide; umlauts count as one
    /// German function word.
    fn lean(&self) -> Option<Lang> {
        let de = self.de + usize::from(self.umlauts);
        let (winner, hits, other) = if de > self.en {
            (Lang::De, de, self.en)
        } else {
            (Lang::En, self.en, de)
        };
        (hits >= 2 && hits >= 3 * other).then_some(winner)
    }

    fn leader(&self) -> (Lang, usize, usize) {
        if self.de > self.en {
            (Lang::De, self.de, self.en)
        } else {
            (Lang::En, self.en, self.de)
        }
    }
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
            assert_eq!(FunctionWords::count(text).decide(), Some(lang), "{text}");
        }
        assert_eq!(
            FunctionWords::count(
                "Le gouvernement a décidé mercredi de baisser les impôts des familles en France."
            )
            .decide(),
            None
        );
    }
}

#[cfg(test)]
mod short_texts {
    use super::*;

    #[test]
    fn claims_and_queries_are_detected_one_by_one() {
        for (text, lang) in [
            ("ALDH1 expression is associated with poorer prognosis for breast cancer primary tumors.", Lang::En),
            ("0-dimensional biomaterials show inductive properties.", Lang::En),
            ("privatisation of motorways", Lang::En),
            ("Die Expression von ALDH1 ist mit einer schlechteren Prognose verbunden.", Lang::De),
            ("0-dimensionale Biomaterialien zeigen induktive Eigenschaften.", Lang::De),
            ("Raketen über Nordkorea", Lang::De),
            ("Autobahnprivatisierung", Lang::De),
        ] {
            assert_eq!(detect_lang_opt(text), Some(lang), "{text}");
            // The project's language does not override a decided text.
            let other = if lang == Lang::De { Lang::En } else { Lang::De };
            assert_eq!(detect_lang_or(text, other), lang, "{text}");
        }
    }

    #[test]
    fn mixed_texts_go_by_their_main_language() {
        assert_eq!(
            detect_lang_opt("Biden sagte, die Vereinigten Staaten würden „not back down“."),
            Some(Lang::De)
        );
        assert_eq!(
            detect_lang_opt("The Kremlin used the word Zeitenwende in a statement on Monday."),
            Some(Lang::En)
        );
    }

    #[test]
    fn names_numbers_and_single_words_fall_back_to_the_project_language() {
        for text in [
            "Olaf Scholz",
            "1.000 Container",
            "NATO",
            "Peskow",
            "290",
            "",
            "  ",
        ] {
            assert_eq!(detect_lang_opt(text), None, "{text:?}");
            assert_eq!(detect_lang_or(text, Lang::De), Lang::De, "{text:?}");
            assert_eq!(detect_lang_or(text, Lang::En), Lang::En, "{text:?}");
            assert_eq!(detect_lang(text), Lang::Other, "{text:?}");
        }
    }
}

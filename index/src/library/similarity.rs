//! How alike two claims are, on a 0..1 scale where [`super::SAME_CLAIM`] (0.55) and up reads
//! as "the same claim".
//!
//! BM25 scores are not comparable between queries, so the library re-ranks its candidates
//! by a Dice coefficient over content-word stems: function words of both languages are
//! dropped and each remaining word is reduced by the Snowball stemmer of the claim's
//! language (the same analyzers as the source index). Two stems also count as the same word
//! when one is a prefix of the other and the shorter has at least [`MIN_PREFIX`] characters:
//! that catches derivations and compound heads the stemmer leaves apart
//! ("Arbeitslosenquote" / "Arbeitslosenquoten", "vaccinated" / "vaccination").

use std::collections::BTreeSet;

use tantivy::tokenizer::TextAnalyzer;

use crate::search::analyzers;
use crate::search::stopwords::{DE_STOP, EN_STOP};
use crate::source::Lang;

/// Shortest stem that may match a longer one by prefix.
const MIN_PREFIX: usize = 5;

/// Extra function words that carry no claim content in either language.
const EXTRA_STOP: &[&str] = &[
    "laut",
    "angeblich",
    "demnach",
    "sollen",
    "soll",
    "sagte",
    "sagt",
    "says",
    "say",
    "claims",
    "claim",
    "reportedly",
    "according",
    "wurde",
    "worden",
    "habe",
    "hatten",
    "seien",
    "haben",
];

fn is_stop(word: &str) -> bool {
    EN_STOP.contains(&word) || DE_STOP.contains(&word) || EXTRA_STOP.contains(&word)
}

/// The analyzer whose stems a claim of `lang` is compared with.
pub(crate) fn analyzer_for(lang: Lang) -> TextAnalyzer {
    analyzers::analyzer(match lang {
        Lang::De => analyzers::DE,
        Lang::En => analyzers::EN,
        Lang::Other => analyzers::RAW,
    })
}

/// Content-word stems of `text`: stopwords are judged on the lowercased word before stemming
/// (a stem like "all" would otherwise hide "allergy").
pub(crate) fn content_stems(text: &str, lang: Lang) -> BTreeSet<String> {
    let mut raw = analyzers::analyzer(analyzers::RAW);
    let mut stemmed = analyzer_for(lang);
    let mut raw_stream = raw.token_stream(text);
    let mut stem_stream = stemmed.token_stream(text);
    let mut out = BTreeSet::new();
    while let (Some(r), Some(s)) = (raw_stream.next(), stem_stream.next()) {
        if is_stop(&r.text) {
            continue;
        }
        out.insert(s.text.clone());
    }
    out
}

fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.chars().count() >= MIN_PREFIX && long.starts_with(short)
}

/// Dice coefficient of two stem sets with prefix-tolerant matching, each stem used once.
pub(crate) fn dice(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut unused: Vec<&String> = b.iter().collect();
    let mut matched = 0usize;
    for word in a {
        // Exact matches first, so a prefix match never steals the stem an exact one needs.
        let pos = unused
            .iter()
            .position(|w| *w == word)
            .or_else(|| unused.iter().position(|w| same_word(word, w)));
        if let Some(i) = pos {
            unused.swap_remove(i);
            matched += 1;
        }
    }
    (2 * matched) as f32 / (a.len() + b.len()) as f32
}

/// Similarity of two claim texts compared in `lang`.
pub fn similarity(a: &str, b: &str, lang: Lang) -> f32 {
    dice(&content_stems(a, lang), &content_stems(b, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflection_does_not_lower_similarity() {
        let s = similarity(
            "Die Arbeitslosenquote in Bayern stieg 2023 auf fünf Prozent",
            "In Bayern ist die Arbeitslosenquote 2023 auf fünf Prozent gestiegen",
            Lang::De,
        );
        assert!(s >= 0.8, "{s}");
    }

    #[test]
    fn unrelated_claims_score_low() {
        let s = similarity(
            "The vaccine causes infertility in women",
            "Unemployment in Texas fell to four percent",
            Lang::En,
        );
        assert!(s < 0.2, "{s}");
    }

    #[test]
    fn empty_texts_are_not_similar() {
        assert_eq!(similarity("", "the and of", Lang::En), 0.0);
    }
}

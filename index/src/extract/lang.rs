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
    }
}

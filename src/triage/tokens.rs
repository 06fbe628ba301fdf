//! A small word tokenizer and a cheap German/English guesser, shared by the
//! built-in features and the learned model so both see the same words.

/// One word of a sentence with the bits of surrounding punctuation that the
/// features care about.
#[derive(Debug, Clone)]
pub struct Token {
    /// The word without surrounding quotes, brackets and punctuation.
    pub text: String,
    pub lower: String,
    /// First word of the sentence (capitalisation says nothing there).
    pub sentence_start: bool,
    /// Punctuation stood between this word and the previous one, so the two
    /// cannot belong to one multi-word name.
    pub break_before: bool,
    /// A German ordinal or date part such as "13." or "7.".
    pub ordinal_dot: bool,
    pub has_digit: bool,
    /// "%" or a currency sign was attached to the word.
    pub unit_sign: bool,
}

impl Token {
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// All letters upper case and at least two of them: USA, NATO, EU.
    pub fn acronym(&self) -> bool {
        let letters = self.text.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 2
            && self
                .text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits on whitespace and trims punctuation from both ends of each chunk,
/// keeping inner punctuation so "17.10.2023", "1,000", "Jong-un" and "it's"
/// stay whole.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut next_starts_sentence = true;
    let mut pending_break = false;
    for chunk in text.split_whitespace() {
        let Some(first) = chunk.find(is_word_char) else {
            // A chunk of pure punctuation (a dash, a lone quote) separates names.
            pending_break = true;
            if chunk.contains(['.', '!', '?']) {
                next_starts_sentence = true;
            }
            continue;
        };
        let last = chunk
            .char_indices()
            .rev()
            .find(|(_, c)| is_word_char(*c))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(chunk.len());
        let lead = &chunk[..first];
        let core = &chunk[first..last];
        let trail = &chunk[last..];
        let has_digit = core.chars().any(|c| c.is_ascii_digit());
        let ordinal_dot =
            trail.starts_with('.') && !core.is_empty() && core.chars().all(|c| c.is_ascii_digit());
        let unit_sign = lead.contains(['$', '€', '£']) || trail.contains(['%', '€', '$']);
        out.push(Token {
            text: core.to_string(),
            lower: core.to_lowercase(),
            sentence_start: next_starts_sentence,
            break_before: pending_break || !lead.is_empty(),
            ordinal_dot,
            has_digit,
            unit_sign,
        });
        next_starts_sentence = !ordinal_dot && trail.contains(['.', '!', '?']);
        pending_break = !trail.is_empty();
    }
    out
}

const DE_MARKERS: &[&str] = &[
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "von", "zu", "den", "dem",
    "sich", "auf", "für", "wurde", "dass", "auch", "es", "wir", "ich", "sie", "im", "nach", "bei",
    "aus", "noch", "wie", "hat", "werden", "oder", "aber", "mehr", "nur", "schon", "kein", "keine",
];
const EN_MARKERS: &[&str] = &[
    "the", "and", "is", "of", "to", "that", "was", "for", "with", "it", "on", "we", "you", "are",
    "have", "this", "be", "not", "they", "he", "at", "by", "from", "but", "or", "has", "will",
    "what", "would", "there", "their", "been", "were", "my", "our",
];

/// "de" or "en" from stop words; umlauts break ties towards German. Cheap
/// enough to run per sentence.
pub fn detect_lang(tokens: &[Token]) -> &'static str {
    let mut de = 0i32;
    let mut en = 0i32;
    for t in tokens {
        let w = t.lower.as_str();
        if DE_MARKERS.contains(&w) {
            de += 2;
        }
        if EN_MARKERS.contains(&w) {
            en += 2;
        }
        if w.contains(['ä', 'ö', 'ü', 'ß']) {
            de += 1;
        }
    }
    if de > en {
        "de"
    } else {
        "en"
    }
}

/// Maps a user-supplied language to one the lexicons know; anything else is
/// guessed from the words.
pub fn resolve_lang(lang: &str, tokens: &[Token]) -> &'static str {
    match lang.to_ascii_lowercase().as_str() {
        "de" | "deu" | "ger" | "german" | "deutsch" => "de",
        "en" | "eng" | "english" => "en",
        _ => detect_lang(tokens),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_and_marks_ordinals() {
        let t = tokenize("Die USA behaupteten am 13., es seien 1,000 Container (17.10.2023).");
        let words: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            [
                "Die",
                "USA",
                "behaupteten",
                "am",
                "13",
                "es",
                "seien",
                "1,000",
                "Container",
                "17.10.2023"
            ]
        );
        assert!(t[4].ordinal_dot);
        assert!(
            !t[5].sentence_start,
            "an ordinal dot does not end the sentence"
        );
        assert!(t[9].break_before);
        assert!(t[1].acronym());
    }

    #[test]
    fn guesses_language() {
        assert_eq!(
            detect_lang(&tokenize("Der Kreml erklärte, dass es keine Beweise gebe.")),
            "de"
        );
        assert_eq!(
            detect_lang(&tokenize("The senator said that the bill was passed.")),
            "en"
        );
        assert_eq!(resolve_lang("EN", &tokenize("Der Kreml")), "en");
    }
}

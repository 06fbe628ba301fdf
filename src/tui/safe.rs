//! Terminal safety for text from articles and sources: every character that could move the
//! cursor, reorder text or hide itself becomes one visible replacement character, so character
//! offsets (claim spans, evidence ranges) stay valid.

/// The character shown for controls and hidden characters.
pub const REPLACEMENT: char = '\u{fffd}';

pub fn safe_char(c: char) -> char {
    if c == '\t' {
        return ' ';
    }
    if c.is_control() || is_hidden(c) {
        return REPLACEMENT;
    }
    c
}

/// Bidi overrides and isolates, zero-width and other invisible format characters.
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{00ad}'
        | '\u{061c}'
        | '\u{2028}' | '\u{2029}'
        | '\u{fff9}'..='\u{fffb}')
}

/// `s` with every unsafe character replaced (same number of characters).
pub fn safe(s: &str) -> String {
    if s.chars().all(|c| safe_char(c) == c) {
        return s.to_string();
    }
    s.chars().map(safe_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible_and_keep_length() {
        let s = "a\u{1b}[31mb\u{202e}c\u{200b}d\u{9b}e";
        let out = safe(s);
        assert_eq!(out.chars().count(), s.chars().count());
        assert!(!out.contains('\u{1b}'));
        assert!(!out.contains('\u{202e}'));
        assert!(!out.contains('\u{9b}'));
        assert_eq!(safe("Grüße 東京 🙂"), "Grüße 東京 🙂");
    }
}

//! Text handling shared by article import and the workstation.

pub mod calendar;
mod claim_text;
pub mod quote;
pub mod sentences;

pub use claim_text::claim_text;

/// Convert sorted byte offsets into char offsets in one pass over `text`.
pub fn byte_to_char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(byte_offsets.len());
    let mut chars = 0usize;
    let mut iter = text.char_indices().peekable();
    for &b in byte_offsets {
        while let Some(&(i, _)) = iter.peek() {
            if i >= b {
                break;
            }
            chars += 1;
            iter.next();
        }
        out.push(chars);
    }
    out
}

/// `text` cut to at most `max` characters, an ellipsis marking the cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Text that came from someone else (a colleague's synced claim, a git setting) as one line
/// safe to print: escape sequences and controls removed, line breaks shown as ⏎.
pub fn one_line(text: &str) -> String {
    factdesk_index::sanitize::sanitize_text(text)
        .trim()
        .replace('\n', " ⏎ ")
        .replace('\t', " ")
}

/// Byte offset of a char offset (clamped to the end of `text`).
pub fn char_to_byte(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_with_umlauts() {
        let t = "Größe „x“ ü";
        let bytes: Vec<usize> = t.char_indices().map(|(i, _)| i).collect();
        let chars = byte_to_char_offsets(t, &bytes);
        assert_eq!(chars, (0..t.chars().count()).collect::<Vec<_>>());
        for (c, b) in chars.iter().zip(&bytes) {
            assert_eq!(char_to_byte(t, *c), *b);
        }
    }
}

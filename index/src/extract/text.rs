//! Plain text files.

use super::Meta;

/// A first line up to this many characters reads as a title; longer ones are prose.
const MAX_TITLE_CHARS: usize = 150;

/// Title = first non-empty line when short, else the file stem; the body is the whole text.
pub fn extract_txt(text: &str, stem: &str) -> (Meta, String) {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let title = match first {
        Some(line) if line.chars().take(MAX_TITLE_CHARS + 1).count() <= MAX_TITLE_CHARS => line,
        _ => stem,
    };
    let meta = Meta {
        title: Some(title.to_owned()),
        ..Meta::default()
    };
    (meta, text.to_owned())
}

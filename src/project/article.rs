//! Articles: the original file, its normalised text and its metadata, in `articles/<id>/`.

use serde::{Deserialize, Serialize};

pub const ORIGINAL_STEM: &str = "original";
pub const TEXT_FILE: &str = "text.txt";
pub const META_FILE: &str = "article.toml";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ArticleMeta {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub author: String,
    /// ISO date `YYYY-MM-DD` when known.
    #[serde(default)]
    pub date: String,
    pub language: String,
    /// The imported file's name, for people reading the folder.
    #[serde(default)]
    pub original_file: String,
    /// The text encoding the original was read in.
    #[serde(default)]
    pub encoding: String,
    #[serde(default)]
    pub imported: String,
    /// An article captured from the web: when (RFC 3339, UTC); the original is then the
    /// capture's WARC file (`original.warc.gz`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub captured_at: String,
}

impl ArticleMeta {
    /// Every text field made terminal-safe (`article ls` and the reports print them; a
    /// hand-edited or received `article.toml` may hold escape sequences).
    pub fn sanitize(&mut self) {
        for s in [
            &mut self.id,
            &mut self.title,
            &mut self.url,
            &mut self.publisher,
            &mut self.author,
            &mut self.date,
            &mut self.language,
            &mut self.original_file,
            &mut self.encoding,
            &mut self.imported,
            &mut self.captured_at,
        ] {
            super::claim::clean(s);
        }
    }
}

/// The metadata a user gives for an article (`article add --title ...`, `article edit`):
/// each `None` keeps what the file says (on import) or what is stored (on edit).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ArticleFields {
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    /// `YYYY-MM-DD` (other spellings `normalize_date` reads are accepted).
    pub date: Option<String>,
    /// `de` or `en`.
    pub language: Option<String>,
}

/// A `--date` as stored: `YYYY-MM-DD` of a day that exists, or a message naming the value.
pub fn date_arg(given: &str) -> anyhow::Result<String> {
    factdesk_index::extract::check_date(given)
        .map_err(|why| crate::error::user_error(format!("--date {given:?}: {why}")))
}

/// An article as loaded: its metadata and normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub meta: ArticleMeta,
    pub text: String,
}

impl Article {
    /// Text of a character range, clamped to the article.
    pub fn slice_chars(&self, span: [usize; 2]) -> String {
        self.text
            .chars()
            .skip(span[0])
            .take(span[1].saturating_sub(span[0]))
            .collect()
    }

    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }
}

/// Normalise an article's text for claims to point into: Unix newlines, no trailing spaces,
/// at most one blank line between paragraphs, no leading or trailing blank lines.
pub fn normalise(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Short id for an article: the first 8 hex digits of its normalised text's SHA-256.
pub fn article_id(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_collapses_blank_lines_and_crlf() {
        assert_eq!(
            normalise("\r\n\r\nA  \r\nB\r\n\r\n\r\n\r\nC\n\n"),
            "A\nB\n\nC"
        );
    }

    #[test]
    fn slice_counts_chars_not_bytes() {
        let a = Article {
            meta: ArticleMeta::default(),
            text: "Größtenteils „richtig“".into(),
        };
        assert_eq!(a.slice_chars([13, 22]), "„richtig“");
    }
}

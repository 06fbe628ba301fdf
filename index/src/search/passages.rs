//! Splitting a source text into paragraph-sized passages that remember where they came from.

use std::ops::Range;

/// How passages are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageConfig {
    /// Paragraphs shorter than this (in chars) are merged with the following ones, so that a
    /// heading or a one-line paragraph does not become a passage of its own.
    pub min_chars: usize,
    /// Passages longer than this (in chars) are cut at a sentence end or whitespace.
    pub max_chars: usize,
}

impl Default for PassageConfig {
    fn default() -> Self {
        PassageConfig {
            min_chars: 500,
            max_chars: 1500,
        }
    }
}

impl PassageConfig {
    /// One passage per document (no splitting at all): for short documents such as abstracts.
    pub fn whole_document() -> Self {
        PassageConfig {
            min_chars: usize::MAX,
            max_chars: usize::MAX,
        }
    }
}

/// A passage of a source text, with offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageSpan {
    /// Unicode scalar (char) offsets into the source text.
    pub chars: Range<usize>,
    /// Byte offsets into the source text.
    pub bytes: Range<usize>,
}

/// Splits `text` into passages. Passages never start or end with whitespace, never overlap
/// and appear in text order; a text with no visible characters yields no passage.
pub fn split_passages(text: &str, config: PassageConfig) -> Vec<PassageSpan> {
    let max = config.max_chars.max(1);
    let min = config.min_chars.min(max);
    let mut byte_ranges: Vec<Range<usize>> = Vec::new();
    let mut current: Option<(Range<usize>, usize)> = None;
    for (line, line_chars) in units(text, max) {
        match current.take() {
            None => current = Some((line, line_chars)),
            Some((range, chars)) => {
                if chars >= min || chars.saturating_add(line_chars).saturating_add(1) > max {
                    byte_ranges.push(range);
                    current = Some((line, line_chars));
                } else {
                    current = Some((range.start..line.end, chars + 1 + line_chars));
                }
            }
        }
    }
    if let Some((range, _)) = current {
        byte_ranges.push(range);
    }
    let mut cut: Vec<Range<usize>> = Vec::with_capacity(byte_ranges.len());
    for range in byte_ranges {
        cut_long(text, range, min, max, &mut cut);
    }
    with_char_offsets(text, cut)
}

/// Non-blank lines as trimmed byte ranges with their char counts.
fn lines(text: &str) -> Vec<(Range<usize>, usize)> {
    let mut start = 0;
    text.split_inclusive('\n')
        .filter_map(move |raw| {
            let line_start = start;
            start += raw.len();
            let trimmed_front = raw.trim_start();
            let lead = raw.len() - trimmed_front.len();
            let trimmed = trimmed_front.trim_end();
            if trimmed.is_empty() {
                return None;
            }
            let s = line_start + lead;
            Some((s..s + trimmed.len(), trimmed.chars().count()))
        })
        .collect()
}

/// The units passages are made of: blocks between blank lines (hard-wrapped paragraphs stay
/// whole), or the single lines of a block too long to be one passage (texts that put one
/// paragraph per line and no blank lines).
fn units(text: &str, max: usize) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut block: Vec<(Range<usize>, usize)> = Vec::new();
    let mut flush = |block: &mut Vec<(Range<usize>, usize)>| {
        let (Some(first), Some(last)) = (block.first(), block.last()) else {
            return;
        };
        let range = first.0.start..last.0.end;
        let chars = text[range.clone()].chars().count();
        if chars <= max {
            out.push((range, chars));
        } else {
            out.append(block);
        }
        block.clear();
    };
    let mut prev_end = 0;
    for (range, chars) in lines(text) {
        let gap = &text[prev_end..range.start];
        if gap.matches('\n').count() >= 2 {
            flush(&mut block);
        }
        prev_end = range.end;
        block.push((range, chars));
    }
    flush(&mut block);
    out
}

/// Cuts a passage longer than `max` chars at sentence ends, else whitespace, else anywhere.
fn cut_long(text: &str, range: Range<usize>, min: usize, max: usize, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    loop {
        let rest = &text[start..range.end];
        // Byte offset (within rest) of the char just past the `max`-th char, if rest is longer.
        let Some((limit, _)) = rest.char_indices().nth(max) else {
            out.push(start..range.end);
            return;
        };
        let window = &rest[..limit];
        let min_byte = window.char_indices().nth(min / 2).map_or(0, |(b, _)| b);
        let cut = sentence_cut(window, min_byte)
            .or_else(|| whitespace_cut(window, min_byte))
            .unwrap_or(limit);
        let piece = text[start..start + cut].trim_end();
        out.push(start..start + piece.len());
        let next = &text[start + cut..range.end];
        let skipped = next.len() - next.trim_start().len();
        start += cut + skipped;
        if start >= range.end {
            return;
        }
    }
}

/// Byte offset just after the last sentence end (`.`, `!`, `?` followed by whitespace) that
/// lies after `min_byte`.
fn sentence_cut(window: &str, min_byte: usize) -> Option<usize> {
    let bytes = window.as_bytes();
    (min_byte.max(1)..bytes.len().saturating_sub(1))
        .rev()
        .find(|&i| matches!(bytes[i], b'.' | b'!' | b'?') && bytes[i + 1].is_ascii_whitespace())
        .map(|i| i + 1)
}

fn whitespace_cut(window: &str, min_byte: usize) -> Option<usize> {
    window
        .char_indices()
        .rev()
        .take_while(|&(b, _)| b > min_byte)
        .find(|&(_, c)| c.is_whitespace())
        .map(|(b, _)| b)
}

/// Adds char offsets to ascending, non-overlapping byte ranges in one pass over the text.
fn with_char_offsets(text: &str, ranges: Vec<Range<usize>>) -> Vec<PassageSpan> {
    let mut spans = Vec::with_capacity(ranges.len());
    let mut byte_pos = 0;
    let mut char_pos = 0;
    let mut advance = |to: usize| {
        char_pos += text[byte_pos..to].chars().count();
        byte_pos = to;
        char_pos
    };
    for range in ranges {
        if range.is_empty() {
            continue;
        }
        let cs = advance(range.start);
        let ce = advance(range.end);
        spans.push(PassageSpan {
            chars: cs..ce,
            bytes: range,
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, spans: &[PassageSpan]) -> Vec<&'a str> {
        spans.iter().map(|s| &text[s.bytes.clone()]).collect()
    }

    #[test]
    fn merges_headings_and_keeps_offsets() {
        let text = "§ 1 Überschrift\n\nDer erste Absatz ist\nlang genug.\n\n  Zweiter Absatz.  \n";
        let config = PassageConfig {
            min_chars: 20,
            max_chars: 100,
        };
        let spans = split_passages(text, config);
        assert_eq!(
            texts(text, &spans),
            vec![
                "§ 1 Überschrift\n\nDer erste Absatz ist\nlang genug.",
                "Zweiter Absatz."
            ]
        );
        for s in &spans {
            let by_chars: String = text
                .chars()
                .skip(s.chars.start)
                .take(s.chars.len())
                .collect();
            assert_eq!(by_chars, &text[s.bytes.clone()]);
        }
    }

    #[test]
    fn cuts_long_paragraphs_at_sentences() {
        let sentence = "Die Rakete flog über das Meer. ";
        let text = sentence.repeat(10);
        let config = PassageConfig {
            min_chars: 10,
            max_chars: 100,
        };
        let spans = split_passages(&text, config);
        assert!(spans.len() >= 4);
        for t in texts(&text, &spans) {
            assert!(t.chars().count() <= 100);
            assert!(t.ends_with('.'), "{t:?}");
        }
    }

    #[test]
    fn cuts_unbroken_text_anywhere() {
        let text = "ä".repeat(250);
        let config = PassageConfig {
            min_chars: 10,
            max_chars: 100,
        };
        let spans = split_passages(&text, config);
        assert_eq!(
            spans.iter().map(|s| s.chars.len()).collect::<Vec<_>>(),
            vec![100, 100, 50]
        );
        assert_eq!(spans[1].bytes, 200..400);
    }

    #[test]
    fn blank_text_has_no_passage() {
        assert!(split_passages(" \n\n \t", PassageConfig::default()).is_empty());
        let whole = split_passages("a\n\nb", PassageConfig::whole_document());
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].bytes, 0..4);
    }
}

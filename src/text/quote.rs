//! Finding a quote in a source's text the way a reader compares them: whitespace of any kind
//! and amount is one space, every quotation mark („ “ ” " ‚ ‘ ’ ' « » ‹ › …) is the same mark,
//! dashes are one dash, `…` is `...`, and soft hyphens are invisible. Everything else must
//! match exactly, case included: a quote is a quote.

use std::collections::HashMap;

/// Text in its comparable form, with the source position of each character.
struct Comparable {
    text: String,
    /// For each char of `text`: the char offset it came from in the original.
    origin: Vec<usize>,
}

fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{2032}'
            | '\u{2033}'
            | '\u{0060}'
            | '\u{00B4}'
            | '\u{300C}'
            | '\u{300D}'
            | '\u{FF02}'
            | '\u{FF07}'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

fn comparable(text: &str) -> Comparable {
    let mut out = Comparable {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    let mut in_space = false;
    for (i, c) in text.chars().enumerate() {
        if c == '\u{00AD}' {
            continue;
        }
        if c.is_whitespace() {
            if !in_space {
                out.text.push(' ');
                out.origin.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let mapped: &str = if is_quote_mark(c) {
            "\""
        } else if is_dash(c) {
            "-"
        } else if c == '…' {
            "..."
        } else {
            out.text.push(c);
            out.origin.push(i);
            continue;
        };
        for m in mapped.chars() {
            out.text.push(m);
            out.origin.push(i);
        }
    }
    out
}

/// The character range `[start, end)` of `quote` in `text`, compared as the module says;
/// `None` when it is not there. The first occurrence wins.
pub fn locate(text: &str, quote: &str) -> Option<[usize; 2]> {
    let q = comparable(quote);
    let needle = q.text.trim_matches(' ');
    if needle.is_empty() {
        return None;
    }
    let hay = comparable(text);
    let byte = hay.text.find(needle)?;
    let start = hay.text[..byte].chars().count();
    let len = needle.chars().count();
    let first = *hay.origin.get(start)?;
    let last = *hay.origin.get(start + len - 1)?;
    Some([first, last + 1])
}

/// Whether the text at `range` is `quote` (compared the same way).
pub fn matches_at(text: &str, range: [usize; 2], quote: &str) -> bool {
    let len = text.chars().count();
    if range[0] > range[1] || range[1] > len {
        return false;
    }
    let slice: String = text
        .chars()
        .skip(range[0])
        .take(range[1] - range[0])
        .collect();
    let a = comparable(&slice);
    let b = comparable(quote);
    a.text.trim_matches(' ') == b.text.trim_matches(' ')
}

/// The passage of `text` that shares most words with `quote` (with a few words of context):
/// its character range and the share of the quote's words it holds. `None` when no passage holds even a third of them.
pub fn closest_passage(text: &str, quote: &str) -> Option<([usize; 2], f32)> {
    let quote_words = words(quote);
    if quote_words.is_empty() {
        return None;
    }
    let mut wanted: HashMap<String, i32> = HashMap::new();
    for (w, _) in &quote_words {
        *wanted.entry(w.clone()).or_default() += 1;
    }
    let source = words(text);
    let n = quote_words.len().min(source.len());
    if n == 0 {
        return None;
    }
    // A window of the quote's length slides over the source; `held` counts the window's
    // words that the quote has (no more often than the quote has them).
    let mut seen: HashMap<&str, i32> = HashMap::new();
    let mut held = 0i32;
    let mut best = (0i32, 0usize);
    for (i, (w, _)) in source.iter().enumerate() {
        let c = seen.entry(w.as_str()).or_default();
        *c += 1;
        if *c <= wanted.get(w).copied().unwrap_or(0) {
            held += 1;
        }
        if i >= n {
            let (old, _) = &source[i - n];
            let c = seen.entry(old.as_str()).or_default();
            if *c <= wanted.get(old).copied().unwrap_or(0) {
                held -= 1;
            }
            *c -= 1;
        }
        if i + 1 >= n && held > best.0 {
            best = (held, i + 1 - n);
        }
    }
    let share = best.0 as f32 / quote_words.len() as f32;
    if share < 1.0 / 3.0 {
        return None;
    }
    // A few words of context either side: a changed word at the quote's edge would
    // otherwise fall just outside the suggestion.
    let pad = (n / 3).max(2);
    let first = source[best.1.saturating_sub(pad)].1[0];
    let last = source[(best.1 + n - 1 + pad).min(source.len() - 1)].1[1];
    Some(([first, last], share))
}

/// Lowercased words (letters and digits) with their char ranges.
fn words(text: &str) -> Vec<(String, [usize; 2])> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        count = i + 1;
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            out.push((std::mem::take(&mut current), [start, i]));
        }
    }
    if !current.is_empty() {
        out.push((current, [start, count]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, r: [usize; 2]) -> String {
        text.chars().skip(r[0]).take(r[1] - r[0]).collect()
    }

    #[test]
    fn quotes_are_found_with_other_whitespace_quotation_marks_and_line_breaks() {
        let text =
            "Peskow sagte in Peking: „Sie berichten dies ständig,\n  ohne Beweise.“ Dann ging er.";
        let r = locate(text, "\"Sie berichten dies ständig, ohne Beweise.\"").unwrap();
        assert_eq!(
            slice(text, r),
            "„Sie berichten dies ständig,\n  ohne Beweise.“"
        );
        let r = locate(text, "  berichten\tdies   ständig, ohne ").unwrap();
        assert_eq!(slice(text, r), "berichten dies ständig,\n  ohne");
        assert!(
            locate(text, "«Sie berichten»").is_none(),
            "the words must follow"
        );
        assert!(locate(text, "sie berichten").is_none(), "case matters");
        assert!(locate(text, "   ").is_none());
        assert_eq!(locate("a – b … c", "a - b ... c"), Some([0, 9]));
        assert_eq!(
            locate("Bundes\u{ad}regierung", "Bundesregierung"),
            Some([0, 16])
        );
        assert!(matches_at(text, r, "berichten dies ständig, ohne"));
        assert!(!matches_at(text, [0, 6], "Peking"));
        assert!(!matches_at(text, [0, 9999], "Peskow"));
    }

    #[test]
    fn the_closest_passage_is_suggested() {
        let text = "Erster Absatz über etwas anderes. Der Hafenmeister sagte, 300 Container seien \
                    am Freitag verladen worden. Letzter Satz.";
        let (r, share) = closest_passage(
            text,
            "der Hafenmeister sagte, 400 Container wurden verladen",
        )
        .unwrap();
        let found = slice(text, r);
        assert!(
            found.contains("Hafenmeister sagte, 300 Container"),
            "{found}"
        );
        assert!(share > 0.5 && share < 1.0, "{share}");
        assert!(closest_passage(text, "völlig fremde Wörter hier").is_none());
        assert!(closest_passage("", "x").is_none());
    }
}

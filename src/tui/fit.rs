//! Long text in little room, for the status bar: a message that does not fit keeps its end
//! (where a recovery file's path or a lock's holder is named), paths lose their middle
//! folders first, and what still does not fit loses its middle, never its end.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` in at most `room` columns: whole when it fits, else its start and its end with
/// `…` between them (the end gets the larger part).
pub fn fit(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_string();
    }
    let Some(room) = room.checked_sub(1) else {
        return String::new();
    };
    let head = take_width(text.chars(), room * 2 / 5);
    let tail: String = take_width(text.chars().rev(), room - head.width())
        .chars()
        .rev()
        .collect();
    format!("{}…{}", head.trim_end(), tail.trim_start())
}

/// The leading characters of `chars` that fill at most `room` columns.
fn take_width(chars: impl Iterator<Item = char>, room: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in chars {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// `text` as at most `max` lines of at most `width` columns: broken between words (a word
/// longer than a line is broken inside), and shortened (paths first, then the middle) when
/// it would need more lines.
pub fn lines(text: &str, width: usize, max: usize) -> Vec<String> {
    if width == 0 || max == 0 {
        return Vec::new();
    }
    let mut candidates = vec![text.to_string()];
    for keep in [2, 1] {
        candidates.push(short_paths(text, keep, false));
        candidates.push(short_paths(text, keep, true));
    }
    for c in &candidates {
        let l = wrap(c, width);
        if l.len() <= max {
            return l;
        }
    }
    // Still too long: the shortest form, losing its middle until it fits.
    let short = candidates.pop().unwrap_or_default();
    let mut budget = width * max;
    loop {
        let l = wrap(&fit(&short, budget), width);
        if l.len() <= max || budget <= width {
            return l.into_iter().take(max).collect();
        }
        budget -= (width / 8).max(1);
    }
}

/// Paths in `text` (words with three or more `/`) keep only their last `keep` parts; the
/// last path of the text (most often the one that matters) only when `all`.
fn short_paths(text: &str, keep: usize, all: bool) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let is_path = |w: &str| w.matches('/').count() >= 3 && !w.contains("://");
    let last = words.iter().rposition(|w| is_path(w));
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if !is_path(w) || (!all && Some(i) == last) {
                return w.to_string();
            }
            let start = w.find('/').unwrap_or(0);
            let parts: Vec<&str> = w[start..].split('/').collect();
            let tail = parts[parts.len().saturating_sub(keep)..].join("/");
            format!("{}…/{tail}", &w[..start])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Greedy wrapping at spaces; a word wider than a line starts where the line has room and
/// is broken where each line ends.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let sep = if line.is_empty() { "" } else { " " };
        if line.width() + sep.len() + word.width() <= width {
            line.push_str(sep);
            line.push_str(word);
            continue;
        }
        if word.width() <= width {
            out.push(std::mem::replace(&mut line, word.to_string()));
            continue;
        }
        let mut rest = format!("{sep}{word}");
        loop {
            let head = take_width(rest.chars(), width - line.width());
            if head.is_empty() && line.is_empty() {
                break;
            }
            line.push_str(&head);
            rest = rest[head.len()..].to_string();
            if rest.is_empty() {
                break;
            }
            out.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_fits_is_whole_and_what_does_not_keeps_its_end() {
        assert_eq!(fit("kurz", 10), "kurz");
        let f = fit("abcdefghijklmnopqrstuvwxyz", 11);
        assert_eq!(f.width(), 11);
        assert!(f.starts_with("abcd") && f.ends_with("uvwxyz"), "{f}");
        assert_eq!(fit("abc", 0), "");
        // Wide characters count two columns.
        assert!(fit(&"好".repeat(20), 9).width() <= 9);
    }

    #[test]
    fn long_text_wraps_and_paths_lose_their_middle_first() {
        let msg = "not saved (/srv/desk/projekte/wahl/claims/0006.toml: the disk is full); \
                   your text is kept in /home/anna/.local/share/factdesk/recovery/0006-explanation.toml";
        let l = lines(msg, 200, 2);
        assert_eq!(l, vec![msg.to_string()]);
        let l = lines(msg, 78, 2);
        assert!(l.len() <= 2 && l.iter().all(|x| x.width() <= 78), "{l:?}");
        let joined = l.join(" ");
        // The recovery path is whole; the claim file keeps its folder and name.
        assert!(
            joined.contains("/home/anna/.local/share/factdesk/recovery/0006-explanation.toml"),
            "{joined}"
        );
        assert!(joined.contains("(…/claims/0006.toml:"), "{joined}");
        // Narrower still: the recovery file's name survives.
        let l = lines(msg, 40, 2);
        assert!(l.len() <= 2 && l.iter().all(|x| x.width() <= 40), "{l:?}");
        assert!(l.join(" ").ends_with("0006-explanation.toml"), "{l:?}");
        // A word longer than the line is broken, never lost.
        assert_eq!(lines("abcdefghij", 4, 3), vec!["abcd", "efgh", "ij"]);
        assert_eq!(lines("ab cdefghij", 4, 3), vec!["ab c", "defg", "hij"]);
        assert!(lines("", 10, 2).len() == 1);
    }
}

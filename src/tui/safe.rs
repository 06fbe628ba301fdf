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

/// `s` with every unsafe character replaced (same number of characters). A zero-width joiner
/// between two emoji (👨‍👩‍👧) is kept: it hides nothing, and without it the sequence showed
/// as emoji with U+FFFD between them.
pub fn safe(s: &str) -> String {
    if shown(s).zip(s.chars()).all(|((shown, _), c)| shown == c) {
        return s.to_string();
    }
    shown(s).map(|(c, _)| c).collect()
}

/// The characters of `s` as the panes draw them, one for one, each with its display width:
/// [`safe_char`], except that a joiner between two emoji is kept. Widths are counted per
/// grapheme cluster, as ratatui counts them when it draws (the cluster's width on its first
/// character, none on the rest), so the layout's wrapping and cursor agree with the screen
/// for joined emoji, flags and combining accents alike.
pub fn shown(s: &str) -> Box<dyn Iterator<Item = (char, usize)> + '_> {
    use unicode_width::UnicodeWidthChar;
    // Segmenting into clusters costs more than the rest of a frame: text in which no
    // character can join its neighbour (German and English prose, typographic quotes and
    // dashes) is shown character by character, which gives the same result.
    if s.chars().all(stands_alone) {
        return Box::new(s.chars().map(|c| {
            let c = safe_char(c);
            (c, c.width().unwrap_or(0))
        }));
    }
    Box::new(by_cluster(s))
}

/// [`shown`] cluster by cluster.
fn by_cluster(s: &str) -> impl Iterator<Item = (char, usize)> + '_ {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    s.graphemes(true).flat_map(|g| {
        let mut it = g.chars();
        // Most clusters are one character: no allocation for them (this runs per character
        // of every line the layout wraps).
        if let (Some(c), None) = (it.next(), it.next()) {
            let c = safe_char(c);
            return Cluster::One(Some((c, c.width().unwrap_or(0))));
        }
        let chars: Vec<char> = g.chars().collect();
        let kept = |i: usize| {
            let c = chars[i];
            c == '\u{200d}'
                && i > 0
                && factdesk_index::sanitize::joins_emoji(
                    Some(chars[i - 1]),
                    chars.get(i + 1).copied(),
                )
        };
        let whole = (0..chars.len()).all(|i| kept(i) || safe_char(chars[i]) == chars[i]);
        let width = g.width();
        let out: Vec<(char, usize)> = (0..chars.len())
            .map(|i| {
                if whole {
                    (chars[i], if i == 0 { width } else { 0 })
                } else {
                    let c = safe_char(chars[i]);
                    (c, c.width().unwrap_or(0))
                }
            })
            .collect();
        Cluster::Many(out.into_iter())
    })
}

/// A character that forms a grapheme cluster of its own, whatever stands beside it: Latin
/// letters and signs below the combining diacritics (U+0300), general punctuation but the
/// joiners ZWNJ and ZWJ, and currency signs. (CR LF is one cluster, but each of its two
/// characters is shown on its own either way.)
fn stands_alone(c: char) -> bool {
    c < '\u{300}'
        || (('\u{2000}'..='\u{206f}').contains(&c) && !matches!(c, '\u{200c}' | '\u{200d}'))
        || ('\u{20a0}'..='\u{20cf}').contains(&c)
}

/// The characters of one grapheme cluster as [`shown`] yields them.
enum Cluster {
    One(Option<(char, usize)>),
    Many(std::vec::IntoIter<(char, usize)>),
}

impl Iterator for Cluster {
    type Item = (char, usize);
    fn next(&mut self) -> Option<(char, usize)> {
        match self {
            Cluster::One(c) => c.take(),
            Cluster::Many(it) => it.next(),
        }
    }
}

/// Characters gathered into spans of one style each, for a line drawn character by
/// character (the article pane, the reader). A character of no width continues the grapheme
/// before it (a joined emoji, an accent) and keeps that span's style, so a cluster reaches the
/// terminal whole, never split by a claim mark or the cursor.
pub struct StyledRuns {
    spans: Vec<ratatui::text::Span<'static>>,
    run: String,
    style: ratatui::style::Style,
}

impl StyledRuns {
    pub fn new(style: ratatui::style::Style) -> Self {
        StyledRuns {
            spans: Vec::new(),
            run: String::new(),
            style,
        }
    }

    /// Add `ch` (as [`shown`] gives it, with its `width`) in `style`.
    pub fn push(&mut self, ch: char, width: usize, style: ratatui::style::Style) {
        if width == 0 && !self.run.is_empty() {
            self.run.push(ch);
            return;
        }
        if style != self.style && !self.run.is_empty() {
            let run = std::mem::take(&mut self.run);
            self.spans
                .push(ratatui::text::Span::styled(run, self.style));
        }
        self.style = style;
        self.run.push(ch);
    }

    pub fn finish(mut self) -> Vec<ratatui::text::Span<'static>> {
        if !self.run.is_empty() {
            self.spans
                .push(ratatui::text::Span::styled(self.run, self.style));
        }
        self.spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_that_stand_alone_are_shown_as_their_clusters_would_be() {
        let alone: Vec<char> = ('\u{0}'..='\u{20cf}')
            .filter(|c| stands_alone(*c))
            .collect();
        // Every pair (the rules that join characters look at neighbours), and prose.
        for &a in &alone {
            for &b in &alone {
                let s: String = [a, b, 'x'].iter().collect();
                let fast: Vec<_> = shown(&s).collect();
                assert_eq!(fast, by_cluster(&s).collect::<Vec<_>>(), "{a:?} {b:?}");
            }
        }
        let prose = "„Wir werden – wie gesagt … 1.000 €“ kosten.\r\nDas\u{ad}Ende\u{2060}.";
        assert_eq!(
            shown(prose).collect::<Vec<_>>(),
            by_cluster(prose).collect::<Vec<_>>()
        );
        // A joiner takes the cluster path.
        assert!(!"a\u{200d}b".chars().all(stands_alone));
        assert!(!"e\u{301}".chars().all(stands_alone));
    }

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

    #[test]
    fn a_joiner_between_emoji_is_kept_and_any_other_is_replaced() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(safe(family), family);
        let flag = "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}";
        assert_eq!(safe(flag), flag);
        assert_eq!(safe("a\u{200d}b"), "a\u{fffd}b");
        assert_eq!(safe("\u{200d}\u{1f467}"), "\u{fffd}\u{1f467}");
        assert_eq!(safe("\u{1f467}\u{200d}"), "\u{1f467}\u{fffd}");
    }

    #[test]
    fn a_joined_emoji_sequence_takes_two_columns_like_one_emoji() {
        let width = |s: &str| shown(s).map(|(_, w)| w).sum::<usize>();
        assert_eq!(width("a\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}b"), 4);
        assert_eq!(width("\u{1f468}\u{1f469}"), 4);
        assert_eq!(width("a\u{200d}b"), 3, "an unjoined joiner shows as U+FFFD");
        assert_eq!(shown("x\u{1b}y").count(), 3);
    }
}

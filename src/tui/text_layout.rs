//! Lazy layout of long texts: a paragraph index built once, paragraphs wrapped only when they
//! are on screen, so drawing a 1 MB article costs the same as a short one.

use super::safe::shown;

#[derive(Debug, Clone, Copy)]
struct Para {
    byte: usize,
    byte_end: usize,
    char_start: usize,
    char_end: usize,
}

/// One wrapped line: byte range in the text and the character offset of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisLine {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

/// Scroll position: a paragraph and a wrapped line inside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub para: usize,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct TextLayout {
    pub text: String,
    paras: Vec<Para>,
}

/// Two layouts are equal when their texts are (the paragraph index follows from the text).
impl PartialEq for TextLayout {
    fn eq(&self, o: &Self) -> bool {
        self.text == o.text
    }
}

impl TextLayout {
    pub fn new(text: String) -> TextLayout {
        let mut paras = Vec::new();
        let mut byte = 0;
        let mut chars = 0;
        for line in text.split('\n') {
            let n = line.chars().count();
            paras.push(Para {
                byte,
                byte_end: byte + line.len(),
                char_start: chars,
                char_end: chars + n,
            });
            byte += line.len() + 1;
            chars += n + 1;
        }
        TextLayout { text, paras }
    }

    pub fn para_count(&self) -> usize {
        self.paras.len()
    }

    /// The paragraph holding character `c` (the last one when past the end).
    pub fn para_of_char(&self, c: usize) -> usize {
        self.paras
            .partition_point(|p| p.char_start <= c)
            .saturating_sub(1)
    }

    /// Wrapped lines of paragraph `i` at `width` columns (at least one, even when empty).
    pub fn wrap_para(&self, i: usize, width: usize) -> Vec<VisLine> {
        let Some(p) = self.paras.get(i) else {
            return Vec::new();
        };
        wrap(&self.text[p.byte..p.byte_end], p.byte, p.char_start, width)
    }

    /// The lines shown from `scroll` in a pane of `width` x `height`.
    pub fn visible(&self, scroll: Scroll, width: usize, height: usize) -> Vec<VisLine> {
        let mut out = Vec::with_capacity(height);
        let mut para = scroll.para;
        let mut skip = scroll.line;
        while out.len() < height && para < self.paras.len() {
            let lines = self.wrap_para(para, width);
            out.extend(lines.into_iter().skip(skip).take(height - out.len()));
            skip = 0;
            para += 1;
        }
        out
    }

    pub fn scroll_down(&self, mut s: Scroll, n: usize, width: usize) -> Scroll {
        for _ in 0..n {
            let count = self.wrap_para(s.para, width).len();
            if s.line + 1 < count {
                s.line += 1;
            } else if s.para + 1 < self.paras.len() {
                s = Scroll {
                    para: s.para + 1,
                    line: 0,
                };
            } else {
                break;
            }
        }
        s
    }

    pub fn scroll_up(&self, mut s: Scroll, n: usize, width: usize) -> Scroll {
        for _ in 0..n {
            if s.line > 0 {
                s.line -= 1;
            } else if s.para > 0 {
                s.para -= 1;
                s.line = self.wrap_para(s.para, width).len().saturating_sub(1);
            } else {
                break;
            }
        }
        s
    }

    /// The scroll position whose first line holds character `c`.
    pub fn scroll_at_char(&self, c: usize, width: usize) -> Scroll {
        let para = self.para_of_char(c);
        let line = self
            .wrap_para(para, width)
            .iter()
            .rposition(|l| l.char_start <= c)
            .unwrap_or(0);
        Scroll { para, line }
    }

    /// `scroll` unchanged when character `c` is on screen, else a position showing it a few
    /// lines from the top.
    pub fn reveal(&self, scroll: Scroll, c: usize, width: usize, height: usize) -> Scroll {
        let vis = self.visible(scroll, width, height);
        let shown = match (vis.first(), vis.last()) {
            (Some(a), Some(b)) => c >= a.char_start && (c < b.char_end || c == b.char_start),
            _ => false,
        };
        if shown && vis.len() > 1 {
            return scroll;
        }
        let at = self.scroll_at_char(c, width);
        self.scroll_up(at, (height / 4).min(3), width)
    }

    pub fn bottom(&self, width: usize, height: usize) -> Scroll {
        let last = self.paras.len().saturating_sub(1);
        let lines = self.wrap_para(last, width).len();
        let end = Scroll {
            para: last,
            line: lines.saturating_sub(1),
        };
        self.scroll_up(end, height.saturating_sub(1), width)
    }
}

/// The text cursor: character offsets, never bytes, so multi-byte and wide characters move
/// as one. Positions run from 0 to `char_len()` (a paragraph's end is its line break).
impl TextLayout {
    pub fn char_len(&self) -> usize {
        self.paras.last().map_or(0, |p| p.char_end)
    }

    /// The byte offset of character `c` (the text's end when past it); costs one paragraph.
    pub fn byte_of_char(&self, c: usize) -> usize {
        let Some(p) = self.paras.get(self.para_of_char(c)) else {
            return 0;
        };
        let para = &self.text[p.byte..p.byte_end];
        // Past the paragraph's characters: its line break (or the text's end).
        para.char_indices()
            .nth(c.saturating_sub(p.char_start))
            .map_or(p.byte_end, |(b, _)| p.byte + b)
    }

    /// The text of characters [a, b).
    pub fn slice(&self, span: [usize; 2]) -> &str {
        let (a, b) = (self.byte_of_char(span[0]), self.byte_of_char(span[1]));
        self.text.get(a..b.max(a)).unwrap_or("")
    }

    /// The last position the cursor can take.
    fn clamp(&self, c: usize) -> usize {
        c.min(self.char_len().saturating_sub(1))
    }

    /// Whether a wrapped line is its paragraph's last (the cursor may sit on its line break).
    pub fn ends_para(&self, line: &VisLine) -> bool {
        self.text
            .as_bytes()
            .get(line.byte_end)
            .is_none_or(|b| *b == b'\n')
    }

    /// The wrapped line holding character `c`, and where it is.
    pub fn line_of(&self, c: usize, width: usize) -> (Scroll, VisLine) {
        let para = self.para_of_char(c);
        let lines = self.wrap_para(para, width);
        let i = lines.iter().rposition(|l| l.char_start <= c).unwrap_or(0);
        let l = lines.get(i).copied().unwrap_or(VisLine {
            byte_start: 0,
            byte_end: 0,
            char_start: 0,
            char_end: 0,
        });
        (Scroll { para, line: i }, l)
    }

    /// `c` moved `n` wrapped lines down (or up), keeping its display column.
    pub fn line_move(&self, c: usize, n: usize, down: bool, width: usize) -> usize {
        let (at, line) = self.line_of(c, width);
        let col = col_width(&self.text[line.byte_start..self.byte_of_char(c).max(line.byte_start)]);
        let to = if down {
            self.scroll_down(at, n, width)
        } else {
            self.scroll_up(at, n, width)
        };
        let lines = self.wrap_para(to.para, width);
        let Some(l) = lines.get(to.line) else {
            return c;
        };
        let mut w = 0;
        for (i, (_, cw)) in shown(&self.text[l.byte_start..l.byte_end]).enumerate() {
            w += cw;
            if w > col {
                return l.char_start + i;
            }
        }
        // Past the line's text: its end, which for a wrapped line is its last character.
        if to.line + 1 < lines.len() {
            l.char_end.saturating_sub(1).max(l.char_start)
        } else {
            self.clamp(l.char_end)
        }
    }

    /// The start of the next word after `c`.
    pub fn word_next(&self, c: usize) -> usize {
        let mut chars = self.text[self.byte_of_char(c)..].chars().peekable();
        let mut n = 0;
        while chars.next_if(|ch| ch.is_alphanumeric()).is_some() {
            n += 1;
        }
        while chars.next_if(|ch| !ch.is_alphanumeric()).is_some() {
            n += 1;
        }
        self.clamp(c + n.max(1))
    }

    /// The start of the word before `c` (or of the word `c` is inside).
    pub fn word_prev(&self, c: usize) -> usize {
        let mut chars = self.text[..self.byte_of_char(c)].chars().rev().peekable();
        let mut n = 0;
        while chars.next_if(|ch| !ch.is_alphanumeric()).is_some() {
            n += 1;
        }
        while chars.next_if(|ch| ch.is_alphanumeric()).is_some() {
            n += 1;
        }
        c.saturating_sub(n)
    }

    /// The sentences of `c`'s paragraph as character ranges of the text.
    fn sentences_of_para(&self, para: usize) -> Vec<[usize; 2]> {
        let Some(p) = self.paras.get(para) else {
            return Vec::new();
        };
        let text = &self.text[p.byte..p.byte_end];
        let mut out = Vec::new();
        let (mut at_b, mut at_c) = (0, p.char_start);
        for s in crate::text::sentences::split(text) {
            let start = at_c + text[at_b..s.start].chars().count();
            let end = start + text[s.start..s.end].chars().count();
            out.push([start, end]);
            (at_b, at_c) = (s.end, end);
        }
        out
    }

    /// The sentence holding `c`, else the next one in its paragraph, else the previous one;
    /// `[c, c + 1)` in an empty paragraph.
    pub fn sentence_at(&self, c: usize) -> [usize; 2] {
        let s = self.sentences_of_para(self.para_of_char(c));
        s.iter()
            .find(|r| c < r[1])
            .or(s.last())
            .copied()
            .unwrap_or([c, c + 1])
    }

    /// The start of the next sentence after `c`, across paragraphs.
    pub fn sentence_next(&self, c: usize) -> usize {
        for para in self.para_of_char(c)..self.paras.len() {
            if let Some(r) = self.sentences_of_para(para).iter().find(|r| r[0] > c) {
                return r[0];
            }
        }
        c
    }

    /// The start of the sentence `c` is in, or of the one before when `c` is at a start.
    pub fn sentence_prev(&self, c: usize) -> usize {
        for para in (0..=self.para_of_char(c)).rev() {
            if let Some(r) = self.sentences_of_para(para).iter().rev().find(|r| r[0] < c) {
                return r[0];
            }
        }
        c
    }
}

fn col_width(s: &str) -> usize {
    shown(s).map(|(_, w)| w).sum()
}

/// Word wrap by display width (CJK and emoji count two columns); a word longer than the line
/// is cut.
pub fn wrap(para: &str, byte0: usize, char0: usize, width: usize) -> Vec<VisLine> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut start_b = 0;
    let mut start_c = 0;
    let mut col = 0;
    // Last break opportunity: byte and char offset just after a space.
    let mut brk: Option<(usize, usize)> = None;
    for (ci, ((bi, ch), (_, w))) in para.char_indices().zip(shown(para)).enumerate() {
        if col + w > width && col > 0 {
            let (eb, ec) = match brk {
                Some(b) if b.0 > start_b => b,
                _ => (bi, ci),
            };
            out.push(VisLine {
                byte_start: byte0 + start_b,
                byte_end: byte0 + eb,
                char_start: char0 + start_c,
                char_end: char0 + ec,
            });
            col = col_width(&para[eb..bi]);
            start_b = eb;
            start_c = ec;
            brk = None;
        }
        col += w;
        if ch == ' ' {
            brk = Some((bi + 1, ci + 1));
        }
    }
    out.push(VisLine {
        byte_start: byte0 + start_b,
        byte_end: byte0 + para.len(),
        char_start: char0 + start_c,
        char_end: char0 + para.chars().count(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn texts(t: &TextLayout, lines: &[VisLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| t.text[l.byte_start..l.byte_end].to_string())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_by_display_width() {
        let t = TextLayout::new("Die Straße über München ist schön\n\n東京都の人口は多い".into());
        let lines = t.visible(Scroll::default(), 12, 20);
        let s = texts(&t, &lines);
        assert_eq!(s[0], "Die Straße ");
        for l in &s {
            assert!(l.trim_end().width() <= 12, "{l:?}");
        }
        assert!(s.contains(&String::new()));
        let cjk: Vec<_> = s
            .iter()
            .filter(|l| l.contains('東') || l.contains('多'))
            .collect();
        assert_eq!(cjk.len(), 2);
    }

    #[test]
    fn char_offsets_follow_the_text() {
        let t = TextLayout::new("äöü abc\nxyz".into());
        let l = t.wrap_para(1, 80);
        assert_eq!(l[0].char_start, 8);
        assert_eq!(t.para_of_char(9), 1);
        assert_eq!(t.para_of_char(3), 0);
    }

    #[test]
    fn scrolling_crosses_paragraphs_both_ways() {
        let t = TextLayout::new("aaa bbb ccc\nddd".into());
        let s = t.scroll_down(Scroll::default(), 3, 4);
        assert_eq!(s, Scroll { para: 1, line: 0 });
        assert_eq!(t.scroll_up(s, 1, 4), Scroll { para: 0, line: 2 });
        assert_eq!(t.scroll_down(s, 5, 4), s);
    }

    #[test]
    fn cursor_moves_by_character_word_line_and_sentence() {
        let t = TextLayout::new("Größe: 東京 ist groß. Zweiter Satz.\nNeu hier.".into());
        assert_eq!(t.char_len(), 43);
        assert_eq!(t.byte_of_char(2), "Gr".len());
        assert_eq!(t.slice([7, 9]), "東京");
        assert_eq!(t.slice([34, 37]), "Neu");
        assert_eq!(t.byte_of_char(43), t.text.len());
        assert_eq!(t.word_next(0), 7);
        assert_eq!(t.word_next(7), 10);
        assert_eq!(t.word_prev(10), 7);
        assert_eq!(t.word_prev(8), 7);
        assert_eq!(t.sentence_at(3), [0, 19]);
        assert_eq!(t.sentence_at(19), [20, 33]);
        assert_eq!(t.sentence_next(3), 20);
        assert_eq!(t.sentence_next(20), 34);
        assert_eq!(t.sentence_prev(34), 20);
        assert_eq!(t.sentence_prev(25), 20);
        // Width 12: "Größe: 東京 " then "ist groß. "; the wide characters count two columns,
        // so from 京 (columns 9-10) one line down is the space at column 9.
        let (_, l) = t.line_of(8, 12);
        assert_eq!(l.char_start, 0);
        assert_eq!(t.line_move(8, 1, true, 12), 19);
        assert_eq!(t.line_move(0, 10, true, 12), 34);
        assert_eq!(t.line_move(40, 1, false, 12), 33);
    }

    #[test]
    fn reveal_keeps_visible_positions() {
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let t = TextLayout::new(text);
        let s = Scroll::default();
        assert_eq!(t.reveal(s, 10, 40, 10), s);
        let far = t.reveal(s, 600, 40, 10);
        assert!(far.para > 50);
    }
}

//! A small multi-line text editor for the explanation and notes: insert, delete, move, paste,
//! undo. Wrapping is done when drawing.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Editor {
    pub text: String,
    /// Byte offset of the cursor, always on a char boundary.
    pub cursor: usize,
    undo: Vec<(String, usize)>,
}

impl Editor {
    pub fn new(text: &str) -> Editor {
        Editor {
            text: text.to_string(),
            cursor: text.len(),
            undo: Vec::new(),
        }
    }

    fn snapshot(&mut self) {
        if self.undo.last().map(|u| &u.0) != Some(&self.text) {
            self.undo.push((self.text.clone(), self.cursor));
        }
        if self.undo.len() > 200 {
            self.undo.remove(0);
        }
    }

    pub fn insert(&mut self, s: &str) {
        // Word boundaries make useful undo steps; a paste is one step.
        if s.len() > 1 || s == " " || s == "\n" || self.undo.is_empty() {
            self.snapshot();
        }
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
    }

    pub fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.snapshot();
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.snapshot();
            self.text.remove(self.cursor);
        }
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    pub fn home(&mut self) {
        self.cursor = self.line_start();
    }

    pub fn end(&mut self) {
        self.cursor = self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i);
    }

    pub fn up(&mut self) {
        let start = self.line_start();
        if start == 0 {
            self.cursor = 0;
            return;
        }
        let col = self.text[start..self.cursor].chars().count();
        let prev_start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        self.cursor = advance(&self.text, prev_start, col, start - 1);
    }

    pub fn down(&mut self) {
        let start = self.line_start();
        let col = self.text[start..self.cursor].chars().count();
        match self.text[self.cursor..].find('\n') {
            Some(i) => {
                let next = self.cursor + i + 1;
                let next_end = self.text[next..]
                    .find('\n')
                    .map_or(self.text.len(), |j| next + j);
                self.cursor = advance(&self.text, next, col, next_end);
            }
            None => self.cursor = self.text.len(),
        }
    }

    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some((t, c)) => {
                self.text = t;
                self.cursor = c.min(self.text.len());
                true
            }
            None => false,
        }
    }
}

fn advance(text: &str, from: usize, cols: usize, limit: usize) -> usize {
    let mut pos = from;
    for c in text[from..limit].chars().take(cols) {
        pos += c.len_utf8();
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_moving_and_undo() {
        let mut e = Editor::new("");
        for c in "Grüße".chars() {
            e.insert(&c.to_string());
        }
        e.insert("\n");
        e.insert("zweite Zeile");
        assert_eq!(e.text, "Grüße\nzweite Zeile");
        e.up();
        e.end();
        e.backspace();
        assert_eq!(e.text, "Grüß\nzweite Zeile");
        assert!(e.undo());
        assert_eq!(e.text, "Grüße\nzweite Zeile");
        e.home();
        e.down();
        assert_eq!(e.cursor, "Grüße\n".len());
        e.insert("a\r\nb");
        assert!(e.text.contains("a\nb"));
    }
}

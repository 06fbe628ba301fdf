//! Making untrusted text safe to print in a terminal.
//!
//! Everything that enters factdesk (sources, articles, pasted text) passes through
//! [`sanitize_text`] once, at ingestion, so that later code can print text without thinking.
//!
//! What it does, in one linear pass that never panics:
//! - terminal escape sequences are removed entirely: CSI (`ESC [` ... final byte), OSC
//!   (`ESC ]` ... `BEL` or `ESC \`: title setting, OSC 8 links, OSC 52 clipboard writes),
//!   DCS/SOS/PM/APC strings, other two-byte escapes (`ESC 7`, `ESC ( B`, ...) and the 8-bit C1
//!   forms (U+009B CSI, U+009D OSC, U+0090 DCS, ...). An unterminated string sequence ends at
//!   the next line break, so one stray `ESC ]` cannot swallow a whole document;
//! - other C0/C1 controls and DEL are dropped, except `\n` and `\t`; `\r\n` and a lone `\r`
//!   become `\n`; U+2028/U+2029 (line/paragraph separator) become `\n` as well;
//! - invisible characters that can change what a reader sees (bidi embeddings, overrides and
//!   isolates U+202A-U+202E and U+2066-U+2069, zero-width characters U+200B-U+200D, U+2060, a
//!   U+FEFF that is not the very first character, Unicode tag characters U+E0000-U+E007F and
//!   interlinear annotation marks U+FFF9-U+FFFB) are replaced by a visible marker
//!   `⟨U+XXXX⟩` (U+27E8, "U+", four or more upper-case hex digits, U+27E9), so a fact-checker
//!   sees that something was hidden there. A leading U+FEFF (a byte-order mark) is dropped.
//!   Exception: a ZERO WIDTH JOINER between two emoji is kept, because it only glues emoji
//!   sequences together (family, profession emoji) and marking it would garble them;
//! - the result is NFC-normalised.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// 8-bit String Terminator.
const ST8: char = '\u{9c}';

/// Returns `s` with escape sequences and control characters removed, hidden characters made
/// visible, line breaks normalised to `\n`, and NFC normalisation applied.
pub fn sanitize_text(s: &str) -> String {
    if is_plain(s) {
        return s.to_owned();
    }
    let cleaned = strip(s);
    match is_nfc_quick(cleaned.chars()) {
        IsNormalized::Yes => cleaned,
        _ => cleaned.nfc().collect(),
    }
}

/// A file name or path as factdesk prints or stores it: [`sanitize_text`], and on one line
/// (a line break or tab in a name is shown as its marker, `⟨U+000A⟩`). Every path that
/// reaches the terminal, a message or a metadata file goes through here or [`shown_path`].
pub fn sanitize_name(name: &str) -> String {
    let clean = sanitize_text(name);
    if !clean.contains(['\n', '\t']) {
        return clean;
    }
    let mut out = String::with_capacity(clean.len() + 16);
    for c in clean.chars() {
        match c {
            '\n' | '\t' => push_marker(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// [`sanitize_name`] of a path (bytes that are not UTF-8 show as U+FFFD).
pub fn shown_path(path: &std::path::Path) -> String {
    sanitize_name(&path.to_string_lossy())
}

/// True when `s` contains nothing [`sanitize_text`] would remove or mark: no escape sequences,
/// no control characters other than `\n` and `\t`, no `\r`, and no hidden characters.
/// (It does not check NFC normalisation; that is about equality, not about safety.)
pub fn is_terminal_safe(s: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || c == '\t' {
            prev = Some(c);
            continue;
        }
        if c.is_control() || is_line_separator(c) {
            return false;
        }
        if is_hidden(c) && !(c == '\u{200d}' && joins_emoji(prev, chars.peek().copied())) {
            return false;
        }
        prev = Some(c);
    }
    true
}

/// Fast path: printable ASCII plus `\n` and `\t` needs no work at all.
fn is_plain(s: &str) -> bool {
    s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t')
}

fn is_line_separator(c: char) -> bool {
    c == '\u{2028}' || c == '\u{2029}'
}

/// Characters that are invisible but change what a reader sees or hide content.
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200b}'..='\u{200d}'
        | '\u{2060}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}')
}

/// Rough but cheap emoji test, good enough to keep ZWJ emoji sequences intact.
fn is_emoji_like(c: char) -> bool {
    matches!(c,
        '\u{1f000}'..='\u{1faff}'
        | '\u{2600}'..='\u{27bf}'
        | '\u{fe0f}')
}

/// Whether a ZWJ between `prev` and `next` joins two emoji into one (a family, a profession):
/// then it is part of what the author wrote and is kept.
pub fn joins_emoji(prev: Option<char>, next: Option<char>) -> bool {
    matches!((prev, next), (Some(p), Some(n)) if is_emoji_like(p) && is_emoji_like(n))
}

fn push_marker(out: &mut String, c: char) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(out, "\u{27e8}U+{:04X}\u{27e9}", c as u32);
}

/// What kind of escape string is being skipped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// After ESC, waiting for the byte that says what kind of sequence this is.
    Escape,
    /// Inside `ESC` + intermediate bytes (0x20-0x2F), waiting for the final byte.
    EscapeIntermediate,
    /// Inside a CSI sequence, waiting for its final byte (0x40-0x7E).
    Csi,
    /// Inside OSC/DCS/SOS/PM/APC, waiting for BEL or ST.
    String,
    /// Inside a string, just saw ESC (possible `ESC \`).
    StringEscape,
}

/// Bytes that may start something to remove or mark: C0 controls other than `\n` and `\t`,
/// DEL, and the UTF-8 lead bytes of U+0080-U+00BF (C1 controls), U+2000-U+2FFF (bidi
/// controls, zero-width characters, line separators), U+F000-U+FFFF (U+FEFF, U+FFF9-U+FFFB)
/// and U+E0000-U+E0FFF (tag characters). Runs without them are copied in one go, which
/// keeps ordinary text fast.
fn is_interesting(b: u8) -> bool {
    (b < 0x20 && b != b'\n' && b != b'\t') || matches!(b, 0x7f | 0xc2 | 0xe2 | 0xef | 0xf3)
}

fn strip(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut state = State::Text;
    let mut i = 0;
    while i < bytes.len() {
        if state == State::Text {
            let start = i;
            while i < bytes.len() && !is_interesting(bytes[i]) {
                i += 1;
            }
            // Interesting bytes are ASCII or lead bytes, so `i` is on a char boundary.
            out.push_str(&s[start..i]);
            if i >= bytes.len() {
                break;
            }
        }
        let mut rest = s[i..].chars();
        let Some(c) = rest.next() else { break };
        i += c.len_utf8();
        let next = rest.next();
        if step(c, next, i == c.len_utf8(), &mut state, &mut out) {
            // `\r\n`: the `\n` was used up too.
            i += 1;
        }
    }
    out
}

/// Handles one character; returns true when it also consumed `next` (only for `\r\n`).
fn step(c: char, next: Option<char>, at_start: bool, state: &mut State, out: &mut String) -> bool {
    match *state {
        State::Text => return emit(c, next, at_start, state, out),
        State::Escape => {
            *state = match c {
                '[' => State::Csi,
                ']' | 'P' | 'X' | '^' | '_' => State::String,
                '\u{20}'..='\u{2f}' => State::EscapeIntermediate,
                // Two-character escapes such as ESC 7, ESC c, ESC =.
                '\u{30}'..='\u{7e}' => State::Text,
                _ => {
                    // Not an escape sequence after all: drop the ESC, keep this char.
                    *state = State::Text;
                    return emit(c, next, at_start, state, out);
                }
            };
        }
        State::EscapeIntermediate => match c {
            '\u{20}'..='\u{2f}' => {}
            '\u{30}'..='\u{7e}' => *state = State::Text,
            _ => {
                *state = State::Text;
                return emit(c, next, at_start, state, out);
            }
        },
        State::Csi => match c {
            // Parameter and intermediate bytes.
            '\u{20}'..='\u{3f}' => {}
            '\u{40}'..='\u{7e}' => *state = State::Text,
            _ => {
                // A malformed sequence: end it here and treat this char normally.
                *state = State::Text;
                return emit(c, next, at_start, state, out);
            }
        },
        State::String => match c {
            BEL | ST8 => *state = State::Text,
            ESC => *state = State::StringEscape,
            '\n' | '\r' => {
                *state = State::Text;
                return emit(c, next, at_start, state, out);
            }
            _ => {}
        },
        State::StringEscape => match c {
            '\\' => *state = State::Text,
            ESC => {}
            '\n' | '\r' => {
                *state = State::Text;
                return emit(c, next, at_start, state, out);
            }
            _ => *state = State::String,
        },
    }
    false
}

/// Handles one character in text state: may start an escape sequence, drop a control, mark a
/// hidden character, or copy it. Returns true when it consumed `next` as well.
fn emit(c: char, next: Option<char>, at_start: bool, state: &mut State, out: &mut String) -> bool {
    match c {
        '\r' => {
            out.push('\n');
            return next == Some('\n');
        }
        '\n' | '\t' => out.push(c),
        ESC => *state = State::Escape,
        '\u{9b}' => *state = State::Csi,
        '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => *state = State::String,
        '\u{2028}' | '\u{2029}' => out.push('\n'),
        '\u{feff}' if at_start => {}
        c if c.is_control() => {}
        c if is_hidden(c) => {
            if c == '\u{200d}' && joins_emoji(out.chars().next_back(), next) {
                out.push(c);
            } else {
                push_marker(out, c);
            }
        }
        c => out.push(c),
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        let s = "Hello, world.\n\tIndented line.";
        assert_eq!(sanitize_text(s), s);
        assert!(is_terminal_safe(s));
    }

    #[test]
    fn names_are_safe_and_on_one_line() {
        assert_eq!(sanitize_name("a\x1b]0;pwned\x07b\x1b[31m.txt"), "ab.txt");
        assert_eq!(
            sanitize_name("x\ny\tz\u{202e}.md"),
            "x⟨U+000A⟩y⟨U+0009⟩z⟨U+202E⟩.md"
        );
        assert_eq!(
            shown_path(std::path::Path::new("ordner/\u{9b}31mname.txt")),
            "ordner/name.txt"
        );
        assert_eq!(sanitize_name("plain/name.txt"), "plain/name.txt");
    }

    #[test]
    fn csi_sequences_are_removed() {
        assert_eq!(sanitize_text("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(sanitize_text("x\x1b[2J\x1b[1;1Hy"), "xy");
        assert_eq!(sanitize_text("x\u{9b}31my"), "xy");
    }

    #[test]
    fn osc_sequences_are_removed() {
        // Window title, terminated by BEL.
        assert_eq!(sanitize_text("a\x1b]0;pwned\x07b"), "ab");
        // OSC 52 clipboard write, terminated by ST.
        assert_eq!(sanitize_text("a\x1b]52;c;ZXZpbA==\x1b\\b"), "ab");
        // OSC 8 hyperlink around visible text: the text stays, the link goes.
        assert_eq!(
            sanitize_text("\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"),
            "click"
        );
        // 8-bit OSC terminated by 8-bit ST.
        assert_eq!(sanitize_text("a\u{9d}0;t\u{9c}b"), "ab");
    }

    #[test]
    fn dcs_apc_pm_sos_are_removed() {
        assert_eq!(sanitize_text("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(sanitize_text("a\x1b_Gf=100;AAAA\x1b\\b"), "ab");
        assert_eq!(sanitize_text("a\x1b^pm\x1b\\b"), "ab");
        assert_eq!(sanitize_text("a\x1bXsos\x1b\\b"), "ab");
        assert_eq!(sanitize_text("a\u{90}dcs\u{9c}b"), "ab");
    }

    #[test]
    fn unterminated_string_ends_at_line_break() {
        assert_eq!(sanitize_text("a\x1b]0;title\nnext line"), "a\nnext line");
    }

    #[test]
    fn short_escapes_and_stray_esc() {
        assert_eq!(sanitize_text("a\x1b7b\x1b(Bc\x1b"), "abc");
        assert_eq!(sanitize_text("a\x1b\u{e4}"), "a\u{e4}");
    }

    #[test]
    fn controls_and_line_endings() {
        assert_eq!(
            sanitize_text("a\r\nb\rc\u{0}d\u{7f}e\u{85}f\u{8}g"),
            "a\nb\ncdefg"
        );
        assert_eq!(sanitize_text("a\u{2028}b"), "a\nb");
    }

    #[test]
    fn hidden_characters_become_visible() {
        assert_eq!(
            sanitize_text("abc\u{202e}fed"),
            "abc\u{27e8}U+202E\u{27e9}fed"
        );
        assert_eq!(sanitize_text("a\u{200b}b"), "a\u{27e8}U+200B\u{27e9}b");
        assert_eq!(sanitize_text("\u{feff}start"), "start");
        assert_eq!(
            sanitize_text("mid\u{feff}dle"),
            "mid\u{27e8}U+FEFF\u{27e9}dle"
        );
        assert_eq!(sanitize_text("x\u{e0041}"), "x\u{27e8}U+E0041\u{27e9}");
        let out = sanitize_text("\u{2066}a\u{2069}");
        assert!(is_terminal_safe(&out), "{out:?}");
    }

    #[test]
    fn emoji_zwj_sequences_stay_intact() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(sanitize_text(family), family);
        assert!(is_terminal_safe(family));
        assert_eq!(sanitize_text("a\u{200d}b"), "a\u{27e8}U+200D\u{27e9}b");
    }

    #[test]
    fn nfc_normalisation() {
        // "a" + combining diaeresis -> "ä"
        assert_eq!(sanitize_text("Ba\u{308}r"), "B\u{e4}r");
    }

    #[test]
    fn output_is_always_terminal_safe() {
        // Every byte sequence built from nasty pieces comes out safe.
        let pieces = [
            "\x1b",
            "[",
            "]",
            "\x07",
            "\\",
            "\u{9b}",
            "\u{9c}",
            "\u{9d}",
            "\r",
            "\n",
            "a",
            "\u{202e}",
            "\u{200d}",
            "\u{1f468}",
            "P",
            "0",
            ";",
            "\u{0}",
            "\u{feff}",
            "m",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..24 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let out = sanitize_text(&s);
            assert!(is_terminal_safe(&out), "{s:?} -> {out:?}");
            assert!(!out.contains('\x1b'));
            assert_eq!(sanitize_text(&out), out, "idempotent for {s:?}");
        }
    }

    #[test]
    fn detects_unsafe_text() {
        assert!(!is_terminal_safe("a\x1b[0m"));
        assert!(!is_terminal_safe("a\rb"));
        assert!(!is_terminal_safe("a\u{202e}b"));
        assert!(!is_terminal_safe("a\u{9b}b"));
        assert!(is_terminal_safe("Grüße\n\tok"));
    }
}

//! Every byte the workstation writes to a real pseudo-terminal while it shows hostile text:
//! an article whose stored text was edited by hand to carry raw escape sequences (the
//! importer would have removed them), a claim whose verdict carries them in TOML escapes,
//! the hostile corpus imported as sources (search results, suggestions and the reader), and a
//! hostile query pasted into the search box. No escape sequence, control or hidden character
//! from any of it may reach the terminal; the readable text must.

mod common;
use common::pty::{contains, Ctty, Pty};
use common::*;
use std::path::Path;
use std::time::Duration;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");

/// Raw hostile lines appended to the article's stored text (never through the importer).
const ARTICLE_ATTACKS: &str = concat!(
    "Klartext \x1b[2J\x1b[H\x1b[31mROT\x1b[0m und \x1b[5mblink\x1b[0m.\n",
    "Fenster \x1b]0;gekapert\x07 und \x1b]2;auch\x1b\\ Titel.\n",
    "Ablage \x1b]52;c;QXJ0aWtlbA==\x07 kopiert.\n",
    "Verweis \x1b]8;;https://boese.example/\x1b\\klick\x1b]8;;\x1b\\ hier.\n",
    "Strings \x1bPq#0\x1b\\ \x1b_apc\x1b\\ \x1b^pm\x1b\\ \x1bXsos\x1b\\ \x1bc Reset.\n",
    "Achtbit \u{9b}31m \u{9d}0;achtbit\u{9c} \u{90}dcs\u{9c} \u{85}nel.\n",
    "Richtung \u{202e}gnp.exe\u{202c} Null\u{200b}breite \u{feff} \u{2066}iso\u{2069} \u{200f}.\n",
    "Steuer \0 NUL \x07 BEL \x08 BS \x7f DEL \r CR Ende.\n",
);

/// Escape sequences (and their payloads) that the importer strips from the sources: not even
/// their payload text may show up.
const SOURCE_PAYLOADS: &[&str] = &[
    "cm0gLXJmIH4=",
    "ZWNobyBwd25lZA==",
    "evil.example",
    "Fenstertitel gekapert",
    "0;owned",
];

/// Sequences of the content that must never be written as such (crossterm writes colours as
/// `38;5;N`, the home position as `1;1H`, and never blinks).
const RAW_SEQUENCES: &[&str] = &[
    "\x1b[31m",
    "\x1b[5m",
    "\x1b[H",
    "\x1b[2J\x1b[H",
    "\x1b]",
    "\x1bP",
    "\x1b_",
    "\x1b^",
    "\x1bX",
    "\x1b\\",
    "\x1bc",
];

fn context(b: &[u8], at: usize) -> String {
    let a = at.saturating_sub(40);
    format!(
        "{:?}",
        String::from_utf8_lossy(&b[a..(at + 40).min(b.len())])
    )
}

/// The terminal output consists of text and the CSI sequences crossterm writes, nothing else.
fn assert_clean(out: &[u8]) -> usize {
    let text = std::str::from_utf8(out).unwrap_or_else(|e| {
        panic!(
            "invalid UTF-8 written to the terminal: {}",
            context(out, e.valid_up_to())
        )
    });
    for s in RAW_SEQUENCES {
        if let Some(at) = out.windows(s.len()).position(|w| w == s.as_bytes()) {
            panic!("{s:?} written to the terminal: {}", context(out, at));
        }
    }
    for p in SOURCE_PAYLOADS {
        assert!(
            !contains(out, p.as_bytes()),
            "payload {p:?} of a stripped escape reached the terminal"
        );
    }
    let mut csi = 0;
    let mut it = text.char_indices().peekable();
    while let Some((at, c)) = it.next() {
        if c == '\x1b' {
            // Only CSI: ESC [ parameters (0x30-0x3F) intermediates (0x20-0x2F) final.
            assert_eq!(
                it.next().map(|x| x.1),
                Some('['),
                "an escape that is not CSI: {}",
                context(out, at)
            );
            let mut fin = None;
            for (_, d) in it.by_ref() {
                if ('\x20'..='\x3f').contains(&d) {
                    continue;
                }
                fin = Some(d);
                break;
            }
            let fin = fin.expect("an unterminated CSI");
            assert!(
                "mHJKhlABCDGq".contains(fin),
                "CSI with final {fin:?}, which the workstation never writes: {}",
                context(out, at)
            );
            csi += 1;
            continue;
        }
        assert!(
            !(c.is_control() && c != '\n' && c != '\r'),
            "control {c:?} written to the terminal: {}",
            context(out, at)
        );
        assert!(
            !hidden_or_c1(c),
            "hidden or C1 character {c:?} written to the terminal: {}",
            context(out, at)
        );
    }
    csi
}

fn hostile_project(tmp: &Path) -> std::path::PathBuf {
    let dir = tmp.join("feindlich");
    ok(fd_plain(&["init", dir.to_str().unwrap()]));
    let art = tmp.join("artikel.md");
    std::fs::write(
        &art,
        "Der Bundestag beschließt heute den Haushalt.\n\nDie Opposition kritisiert die Pläne scharf.\n",
    )
    .unwrap();
    ok(fd(&dir, &["article", "add", art.to_str().unwrap()]));
    // Hand-edit the stored text: the raw attacks go after the claims' spans.
    let id = std::fs::read_dir(dir.join("articles"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = id.join("text.txt");
    let mut t = std::fs::read_to_string(&text).unwrap();
    t.push('\n');
    t.push_str(ARTICLE_ATTACKS);
    std::fs::write(&text, t).unwrap();
    // Hand-edit the first claim's verdict: TOML escapes decode to raw controls.
    let c1 = dir.join("claims/0001.toml");
    let c = std::fs::read_to_string(&c1).unwrap().replace(
        "explanation = \"\"",
        r#"explanation = "Sprecherin \u001b]52;c;Q2xhaW0=\u0007 sagt \u202eetwas\u202c \u009b2J Schluss""#,
    );
    assert!(c.contains("Sprecherin"), "claim file layout changed: {c}");
    std::fs::write(&c1, c).unwrap();
    ok(fd(&dir, &["claims", "--json"]));
    for f in [
        "escapes.txt",
        "escapes.md",
        "escapes.html",
        "bidi.txt",
        "nul.txt",
        "records.jsonl",
    ] {
        let r = fd(&dir, &["source", "add", &format!("{FIXTURES}/{f}")]);
        assert!(r.code == 0 || r.code == 1, "{f}: {}", r.stderr);
    }
    dir
}

/// Type `query` into the sources' search box (cleared first), open the first hit in the
/// reader until it shows `expect`, and close it again.
fn search_and_read(t: &mut Pty, query: &str, expect: &str) {
    t.send("2");
    t.send("/");
    t.send(&"\x7f".repeat(60));
    let mark = t.len();
    t.send(query);
    // Neither the echo (drawn in pieces when typing is split over frames) nor the label
    // (no bytes when it reads as for the last query) is sure to show up, and a loaded
    // machine may answer late: wait a little, then open the reader until it shows the
    // expected source.
    t.wait_for_after(mark, "passages", 5);
    t.settle(Duration::from_millis(200));
    t.send("\x1b");
    for _ in 0..5 {
        t.settle(Duration::from_millis(200));
        let mark = t.len();
        t.send("\r");
        let opened = t.wait_for_after(mark, "Esc closes", 10);
        let shown = opened && t.wait_for_after(mark, expect, 3);
        t.settle(Duration::from_millis(150));
        if opened {
            t.send("\x1b");
        }
        if shown {
            t.settle(Duration::from_millis(150));
            return;
        }
    }
    panic!("{expect:?} never shown in the reader for {query:?}");
}

#[test]
fn no_escape_sequence_from_content_reaches_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = hostile_project(tmp.path());
    let mut t = Pty::workstation(&dir, 160, 48, Ctty::Controlling);
    assert!(t.wait_for("? help", 20), "the workstation did not start");
    t.settle(Duration::from_millis(300));
    // The article pane shows the hand-edited lines, the verdict pane the explanation.
    for w in [
        "Bundestag",
        "Klartext",
        "Ablage",
        "Richtung",
        "Steuer",
        "Sprecherin",
    ] {
        assert!(t.wait_for(w, 5), "{w:?} is not shown");
    }
    search_and_read(&mut t, "Angriff", "Zwischenablage");
    search_and_read(&mut t, "Clipboard", "Clipboard");
    search_and_read(&mut t, "erkennt", "isolate");
    search_and_read(&mut t, "versteckt", "sowie");
    // A hostile query pasted (bracketed paste) into the search box.
    t.send("2");
    t.send("/");
    t.send(&"\x7f".repeat(60));
    let mark = t.len();
    t.send("\x1b[200~Escapes \x1b]0;boese\x07\u{202e}\u{9b}2J\x1b[201~");
    t.wait_for_after(mark, "passages", 10);
    t.settle(Duration::from_millis(200));
    t.send("\x1b");
    // Suggested evidence for the first claim.
    let mark = t.len();
    t.send("S");
    assert!(t.wait_for_after(mark, "suggested", 15), "no suggestions");
    t.settle(Duration::from_millis(300));
    t.send("q");
    assert!(
        t.wait_exit(Duration::from_secs(10)).is_some(),
        "factdesk did not quit"
    );
    t.close_master();
    let out = t.bytes();
    let csi = assert_clean(&out);
    eprintln!(
        "{} bytes written to the terminal, {csi} CSI sequences, none from the content",
        out.len()
    );
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    let ok_frame = "\x1b[?2026h\x1b[1;1H\x1b[38;5;9mText \u{fffd}]0;x\x1b[0m\x1b[?25l";
    assert!(assert_clean(ok_frame.as_bytes()) > 0);
    for bad in [
        "a\x1b]0;title\x07b",
        "a\x1b]52;c;QQ==\x07",
        "a\x1bPq\x1b\\",
        "a\x1b[31mrot",
        "a\u{9b}31m",
        "a\u{202e}b",
        "a\u{200b}b",
        "a\x07b",
        "a\0b",
        "a\x1b[5iprint",
    ] {
        let r = std::panic::catch_unwind(|| assert_clean(bad.as_bytes()));
        assert!(r.is_err(), "not caught: {bad:?}");
    }
}

/// A family of four (25 bytes: four emoji and three joiners) is written whole into one cell,
/// and what follows it is placed by an absolute cursor move, so a terminal that draws the
/// sequence wider or narrower (tmux 3.3 keeps only 21 bytes of a cell and drops the last
/// member) cannot shift the rest of the line or the pane's border.
#[test]
fn a_family_of_four_reaches_the_terminal_whole_and_the_line_stays_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(fd_plain(&["init", dir.to_str().unwrap()]));
    let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466}";
    let art = tmp.path().join("familie.txt");
    let text = format!("Familien im Bild.\n\n{family} Familien sind wichtig, sagte er.\n");
    std::fs::write(&art, text).unwrap();
    ok(fd(&dir, &["article", "add", art.to_str().unwrap()]));
    let mut t = Pty::workstation(&dir, 120, 35, Ctty::Controlling);
    assert!(t.wait_for(" Familien sind wichtig", 20), "not drawn");
    t.settle(Duration::from_millis(150));
    let out = t.bytes();
    let at = out
        .windows(family.len())
        .position(|w| w == family.as_bytes())
        .unwrap_or_else(|| panic!("the family is not written whole: {}", context(&out, 0)));
    let after = &out[at + family.len()..];
    // The next cell is reached with CSI row;col H, not by counting on the terminal's width.
    let moved = after.starts_with(b"\x1b[")
        && after
            .iter()
            .skip(2)
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count()
            > 0
        && after[2..]
            .iter()
            .find(|b| !(b.is_ascii_digit() || **b == b';'))
            == Some(&b'H');
    assert!(moved, "{}", context(&out, at));
    t.send("q");
    assert!(t.wait_exit(Duration::from_secs(5)).is_some());
}

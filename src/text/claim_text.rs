//! A claim's text as one line a reader sees: the article may wrap a sentence, indent it with
//! tabs or carry soft hyphens, typesetting hints that are invisible on
//! screen but break listings, search and comparisons of the claim.

/// The soft hyphen: a place a word may break, common in German typesetting (web pages,
/// PDFs), invisible unless the break is taken. Dropped, so "Kreml\u{ad}sprecher" is
/// "Kremlsprecher". The other invisible format characters (zero-width space, word joiner,
/// BOM, direction marks) are not dropped here: the sanitiser shows them as `⟨U+200B⟩`, as in
/// every text, since they can hide or reorder what a reader sees.
const SOFT_HYPHEN: char = '\u{ad}';

/// Spaces that keep two words together (3 €, 17. Oktober) stay as they are; every other
/// kind of whitespace, tabs and line breaks included, becomes one space.
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// `text` as a claim holds it: trimmed, every run of whitespace one space, soft hyphens
/// dropped, and a word broken at a soft hyphen and a line break joined again
/// ("Kreml\u{ad}\nsprecher" is "Kremlsprecher"). Idempotent.
pub fn claim_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == SOFT_HYPHEN {
            // The break it allowed was taken: the line break after it is no space.
            let mut ahead = chars.clone();
            let mut gap = String::new();
            while let Some(&w) = ahead.peek().filter(|w| is_breaking_space(**w)) {
                gap.push(w);
                ahead.next();
            }
            if gap.contains('\n') {
                chars = ahead;
            }
            continue;
        }
        if is_breaking_space(c) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::claim_text;

    #[test]
    fn tabs_breaks_and_hints_become_what_a_reader_sees() {
        for (given, want) in [
            ("Tabulator\there.", "Tabulator here."),
            (
                "  zwei\t\t Tabs \r\n und\u{2003}mehr  ",
                "zwei Tabs und mehr",
            ),
            ("Der Kreml\u{ad}sprecher sagte", "Der Kremlsprecher sagte"),
            (
                "Der Kreml\u{ad}\n  sprecher sagte",
                "Der Kremlsprecher sagte",
            ),
            ("Null\u{200b}breite", "Null\u{200b}breite"),
            (
                "3\u{a0}€ am 17.\u{202f}Oktober",
                "3\u{a0}€ am 17.\u{202f}Oktober",
            ),
            ("Kreml-Sprecher", "Kreml-Sprecher"),
            ("\u{ad}", ""),
        ] {
            assert_eq!(claim_text(given), want, "{given:?}");
            assert_eq!(claim_text(want), want, "idempotent on {want:?}");
        }
    }
}

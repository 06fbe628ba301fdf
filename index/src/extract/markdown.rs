//! Markdown files: front matter as metadata, body with the markup lightly removed.

use super::Meta;

/// Reads `---` YAML-ish or `+++` TOML front matter into metadata and strips Markdown syntax
/// (heading markers, emphasis, link and image syntax, block quotes, fences) from the body so
/// passages read like prose. Title: front matter, else the first heading, else `stem`.
pub fn extract_markdown(text: &str, stem: &str) -> (Meta, String) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut meta, body) = split_front_matter(text);
    let mut out = String::with_capacity(body.len());
    let mut first_heading: Option<String> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            continue;
        }
        if is_link_definition(trimmed) {
            continue;
        }
        let (line, heading) = strip_block_markers(line);
        let inline = strip_inline(line);
        if heading && first_heading.is_none() && !inline.trim().is_empty() {
            first_heading = Some(inline.trim().to_owned());
        }
        out.push_str(&inline);
        out.push('\n');
    }
    if meta.title.is_none() {
        meta.title = Some(first_heading.unwrap_or_else(|| stem.to_owned()));
    }
    (meta, out)
}

/// Splits off front matter. Unclosed front matter is treated as body text, so nothing is lost.
fn split_front_matter(text: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    for fence in ["---", "+++"] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
        else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                let header = &rest[..offset];
                let body = &rest[offset + line.len()..];
                read_pairs(header, fence == "+++", &mut meta);
                return (meta, body);
            }
            offset += line.len();
        }
    }
    (meta, text)
}

/// Reads `key: value` (YAML) or `key = value` (TOML) lines; nested structures are skipped.
fn read_pairs(header: &str, toml_style: bool, meta: &mut Meta) {
    if toml_style {
        if let Ok(table) = header.parse::<toml::Table>() {
            for (key, value) in &table {
                match value {
                    toml::Value::String(s) => meta.set(key, s),
                    toml::Value::Datetime(d) => meta.set(key, &d.to_string()),
                    toml::Value::Array(a) => {
                        let items: Vec<&str> = a.iter().filter_map(|v| v.as_str()).collect();
                        meta.set(key, &items.join(", "));
                    }
                    _ => {}
                }
            }
            return;
        }
    }
    let sep = if toml_style { '=' } else { ':' };
    for line in header.lines() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(sep) {
            meta.set(key, unquote(value.trim()));
        }
    }
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// `[ref]: http://...` lines only carry link targets.
fn is_link_definition(line: &str) -> bool {
    line.starts_with('[') && line.find("]:").is_some_and(|i| !line[1..i].contains('['))
}

/// Removes heading markers, block quote markers and `* ` list bullets; says whether the line
/// was a heading.
fn strip_block_markers(line: &str) -> (&str, bool) {
    let mut l = line.trim_start();
    while let Some(rest) = l.strip_prefix('>') {
        l = rest.trim_start();
    }
    let hashes = l.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && l[hashes..].starts_with([' ', '\t']) {
        let content = l[hashes..].trim();
        return (content.trim_end_matches('#').trim_end(), true);
    }
    if hashes > 0 && hashes <= 6 && l.len() == hashes {
        return ("", true);
    }
    if l.len() >= 3
        && l.chars()
            .all(|c| c == '-' || c == '*' || c == '_' || c == ' ')
    {
        // A thematic break or setext underline.
        return ("", false);
    }
    (l, false)
}

const MAX_LINKS_PER_LINE: usize = 1000;

/// Removes emphasis markers, inline code ticks, images and links (keeping their text).
fn strip_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    // Each `[` scans ahead for its `]`; a line full of brackets is data, not links.
    let links = chars.iter().filter(|&&c| c == '[').count() <= MAX_LINKS_PER_LINE;
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '!' if chars.get(i + 1) == Some(&'[') => {
                i += 1;
                continue;
            }
            '[' if links => {
                if let Some((text_end, after)) = link_end(&chars, i) {
                    out.push_str(&strip_inline(
                        &chars[i + 1..text_end].iter().collect::<String>(),
                    ));
                    i = after;
                    continue;
                }
            }
            '<' => {
                // Autolink <http://...>: keep the address.
                if let Some(len) = autolink_len(&chars[i..]) {
                    out.extend(&chars[i + 1..i + len - 1]);
                    i += len;
                    continue;
                }
            }
            '`' => {
                i += 1;
                continue;
            }
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                let prev = i.checked_sub(1).map(|p| chars[p]);
                let next = chars.get(i + run).copied();
                if is_emphasis_marker(c, run, prev, next) {
                    i += run;
                    continue;
                }
                out.extend(&chars[i..i + run]);
                i += run;
                continue;
            }
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    if n.is_ascii_punctuation() {
                        out.push(n);
                        i += 2;
                        continue;
                    }
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// For `[text](url)` or `[text][ref]` starting at `open`, returns the index of `]` and the
/// index just after the whole link. Brackets are matched within the line only, with a
/// bounded scan, so pathological lines stay linear enough.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    const MAX_SCAN: usize = 2000;
    let mut depth = 0usize;
    let mut close = None;
    for (j, &c) in chars.iter().enumerate().skip(open + 1).take(MAX_SCAN) {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(j);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let (opener, closer) = match chars.get(close + 1) {
        Some('(') => ('(', ')'),
        Some('[') => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (j, &c) in chars.iter().enumerate().skip(close + 2).take(MAX_SCAN) {
        if c == opener && opener == '(' {
            depth += 1;
        } else if c == closer {
            if depth == 0 {
                return Some((close, j + 1));
            }
            depth -= 1;
        }
    }
    None
}

fn autolink_len(chars: &[char]) -> Option<usize> {
    let s: String = chars.iter().take(9).collect();
    if !(s.starts_with("<http://") || s.starts_with("<https://")) {
        return None;
    }
    let end = chars.iter().take(2000).position(|&c| c == '>')?;
    if chars[..end].iter().any(|c| c.is_whitespace()) {
        return None;
    }
    Some(end + 1)
}

/// A run of `*`, `_` or `~` is emphasis when it opens before a word or closes after one.
/// Underscores inside words (snake_case) and lone asterisks between spaces (`5 * 3`) stay.
fn is_emphasis_marker(c: char, run: usize, prev: Option<char>, next: Option<char>) -> bool {
    if c == '~' && run < 2 {
        return false;
    }
    let word = |x: Option<char>| x.is_some_and(|x| !x.is_whitespace());
    let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    if c == '_' && alnum(prev) && alnum(next) {
        return false;
    }
    let opens =
        !word(prev) && word(next) || prev.is_some_and(|p| "([\"'„“".contains(p)) && word(next);
    let closes = word(prev) && !alnum(next);
    opens || closes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let md = "---\ntitle: \"Ein Titel\"\nauthor: Erika Mustermann\nsource: https://example.org/a\ndate: 2024-03-05\nlang: de\ntags:\n  - x\n---\n# Überschrift\n\nText mit **fett** und *kursiv*.\n";
        let (meta, body) = extract_markdown(md, "stem");
        assert_eq!(meta.title.as_deref(), Some("Ein Titel"));
        assert_eq!(meta.author.as_deref(), Some("Erika Mustermann"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(meta.date.as_deref(), Some("2024-03-05"));
        assert_eq!(meta.lang, Some(crate::source::Lang::De));
        assert!(body.contains("Überschrift\n"), "{body}");
        assert!(body.contains("Text mit fett und kursiv."), "{body}");
    }

    #[test]
    fn toml_front_matter() {
        let md = "+++\ntitle = \"T\"\npublisher = \"P\"\ndate = 2024-01-02\n+++\nBody\n";
        let (meta, body) = extract_markdown(md, "stem");
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.publisher.as_deref(), Some("P"));
        assert_eq!(meta.date.as_deref(), Some("2024-01-02"));
        assert_eq!(body.trim(), "Body");
    }

    #[test]
    fn unclosed_front_matter_is_body() {
        let (meta, body) = extract_markdown("---\ntitle: x\nno end", "stem");
        assert_eq!(meta.title.as_deref(), Some("stem"));
        assert!(body.contains("no end"));
    }

    #[test]
    fn inline_syntax() {
        let (meta, body) = extract_markdown(
            "## Heading ##\n> quoted [link text](http://x.org/a_(b)) and ![alt](img.png)\nsnake_case 5 * 3 `code` ~~gone~~ <https://a.b/c>\n[ref]: http://x\n[a][ref] \\*lit\\*",
            "stem",
        );
        assert_eq!(meta.title.as_deref(), Some("Heading"));
        assert_eq!(
            body,
            "Heading\nquoted link text and alt\nsnake_case 5 * 3 code gone https://a.b/c\na *lit*\n"
        );
    }
}

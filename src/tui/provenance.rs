//! Where a source comes from, as the sources pane and the reader show it: publisher, date,
//! URL and, for a web capture, when it was captured and the start of its payload hash (what
//! a fact-checker cites). Every field is made terminal-safe here, once; each line is cut to
//! the width it is drawn in (a URL never wraps over the lines below it).

use factdesk_index::Capture;
use unicode_width::UnicodeWidthChar;

use super::safe::safe;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    pub publisher: String,
    /// `YYYY-MM-DD` when known.
    pub date: String,
    /// The URL asked for, then the one that answered when a redirect led elsewhere.
    pub url: String,
    /// "captured 2026-12-01 14:03 UTC, sha256 3f9c21ab04de"; empty for files.
    pub captured: String,
}

impl Provenance {
    pub fn new(publisher: &str, date: Option<&str>, url: &str, capture: Option<&Capture>) -> Self {
        let url = match capture {
            Some(c) if !c.final_url.is_empty() && c.final_url != c.url => {
                format!("{} → {}", one_line(&c.url), one_line(&c.final_url))
            }
            Some(c) if !c.url.is_empty() => one_line(&c.url),
            _ => one_line(url),
        };
        Provenance {
            publisher: one_line(publisher),
            date: one_line(date.unwrap_or_default()),
            url,
            captured: capture.map(captured).unwrap_or_default(),
        }
    }

    /// "publisher · date", the parts that are known.
    pub fn byline(&self) -> String {
        [self.publisher.as_str(), self.date.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The lines that say where the source comes from (none for a file without metadata).
    pub fn lines(&self) -> Vec<String> {
        [self.byline(), self.url.clone(), self.captured.clone()]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The URL and capture lines (the byline is on the source's heading already).
    pub fn origin_lines(&self) -> Vec<String> {
        [self.url.clone(), self.captured.clone()]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// "captured 2026-12-01 14:03 UTC, sha256 3f9c21ab04de" from an RFC 3339 UTC time.
fn captured(c: &Capture) -> String {
    let at = one_line(&c.captured_at);
    let shown = match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.ends_with('Z') || at.ends_with("+00:00") => {
            format!("{day} {time} UTC")
        }
        _ => at.clone(),
    };
    let mut out = format!("captured {shown}");
    let hash: String = one_line(&c.sha256).chars().take(12).collect();
    if !hash.is_empty() {
        out.push_str(", sha256 ");
        out.push_str(&hash);
    }
    out
}

/// Terminal-safe and on one line: a line break in metadata would break the layout.
fn one_line(s: &str) -> String {
    safe(&s.replace(['\n', '\r'], " ")).trim().to_string()
}

/// `text` cut to `width` terminal columns, ending with "…" when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture() -> Capture {
        Capture {
            url: "http://example.test/a".into(),
            final_url: "http://example.test/b".into(),
            captured_at: "2026-12-01T14:03:59Z".into(),
            http_status: 200,
            sha256: "3f9c21ab04de5566778899aabbccddeeff".into(),
            warc: "sources/x.warc.gz".into(),
        }
    }

    #[test]
    fn a_capture_names_both_urls_its_time_and_hash() {
        let p = Provenance::new("Amt", Some("2026-11-30"), "", Some(&capture()));
        assert_eq!(
            p.lines(),
            [
                "Amt · 2026-11-30",
                "http://example.test/a → http://example.test/b",
                "captured 2026-12-01 14:03 UTC, sha256 3f9c21ab04de",
            ]
        );
    }

    #[test]
    fn a_file_shows_only_what_is_known() {
        let p = Provenance::new("", None, "", None);
        assert!(p.lines().is_empty());
        let p = Provenance::new("", Some("2020-01-02"), "https://x.test/", None);
        assert_eq!(p.lines(), ["2020-01-02", "https://x.test/"]);
    }

    #[test]
    fn hostile_metadata_is_made_safe_and_kept_on_one_line() {
        let mut c = capture();
        c.url = "http://x.test/\u{1b}[2J\nboom".into();
        c.final_url = c.url.clone();
        c.sha256 = "\u{1b}]0;t\u{7}abcdef".into();
        let p = Provenance::new("Pub\u{202e}lisher\r\n", None, "", Some(&c));
        for l in p.lines() {
            assert!(!l.chars().any(|ch| ch.is_control()), "{l:?}");
            assert!(!l.contains('\u{202e}'), "{l:?}");
        }
    }

    #[test]
    fn fit_cuts_by_columns_and_marks_the_cut() {
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("日本語です", 5), "日本…");
        assert_eq!(fit("abc", 0), "");
        for w in 0..12 {
            let cut = fit("http://例え.test/long/path", w);
            let cols: usize = cut.chars().map(|c| c.width().unwrap_or(0)).sum();
            assert!(cols <= w, "{cut:?} in {w}");
        }
    }
}

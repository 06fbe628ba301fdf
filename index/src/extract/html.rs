//! HTML pages: the main content as paragraphs, plus the page's metadata.
//!
//! The tree is walked with ego_tree's iterative `traverse()` (open/close edges), never by
//! recursion, so deeply nested markup cannot overflow the stack. html5ever itself keeps its
//! open elements on a heap stack, but some of its scope checks scan that whole stack for
//! every start tag, which makes absurd nesting quadratic; [`limit_nesting`] caps the depth
//! before parsing.

use super::jsonld::read_json_ld;
use super::meta::lang_from_tag;
use super::Meta;
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Deeper nesting than this is not a real page; the excess tags are dropped before parsing.
const MAX_DEPTH: usize = 1000;
/// How many `<article>` elements are compared to find the main one.
const MAX_ARTICLE_CANDIDATES: usize = 32;

/// Extracts the main content (`<article>`, else `<main>`, else `<body>` without navigation,
/// header, footer, asides, forms, scripts and other non-content) with block elements as
/// paragraphs separated by a blank line, and the metadata from `<title>` and meta tags.
pub fn extract_html(text: &str, stem: &str) -> (Meta, String) {
    let limited = limit_nesting(text, MAX_DEPTH);
    let doc = Html::parse_document(&limited);
    let mut meta = read_meta(&doc);
    let (root, inside_article) = content_root(&doc);
    let body = render(root, inside_article);
    if meta.title.is_none() {
        meta.title = first_heading(&doc).or_else(|| Some(stem.to_owned()));
    }
    (meta, body)
}

fn element_name<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

fn read_meta(doc: &Html) -> Meta {
    let mut title_tag = None;
    let mut props: Vec<(String, String)> = Vec::new();
    let mut html_lang = None;
    let mut json_ld = Meta::default();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        match el.name() {
            "html" => html_lang = html_lang.or(el.attr("lang").or(el.attr("xml:lang"))),
            // Only the document's title: SVG images have <title> elements too.
            "title" if title_tag.is_none() && !inside(node, "svg") => {
                title_tag = Some(text_of(node))
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                json_ld.fill_from(read_json_ld(&raw_text_of(node)));
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or(el.attr("name"))
                    .or(el.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                    props.push((k.to_ascii_lowercase(), v.to_owned()));
                }
            }
            "link" => {
                let canonical = el.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                });
                if let (true, Some(href)) = (canonical, el.attr("href")) {
                    props.push(("canonical".to_owned(), href.to_owned()));
                }
            }
            _ => {}
        }
    }
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            props
                .iter()
                .find(|(pk, v)| pk == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_owned())
        })
    };
    let not_url =
        |s: String| (!s.starts_with("http://") && !s.starts_with("https://")).then_some(s);
    let mut meta = Meta {
        title: get(&["og:title", "twitter:title"]).or(title_tag.filter(|t| !t.trim().is_empty())),
        publisher: get(&["og:site_name", "publisher", "application-name"]),
        author: get(&["author", "article:author", "dc.creator", "byl"]).and_then(not_url),
        url: get(&["canonical", "og:url"]),
        date: get(&[
            "article:published_time",
            "date",
            "dc.date",
            "dc.date.issued",
            "datepublished",
            "pubdate",
            "publishdate",
        ]),
        lang: html_lang.and_then(lang_from_tag),
    };
    // Meta tags first: JSON-LD only fills what they leave open.
    meta.fill_from(json_ld);
    meta
}

fn inside(node: NodeRef<'_, Node>, name: &str) -> bool {
    node.ancestors().any(|a| element_name(&a) == Some(name))
}

/// Text of a node without whitespace collapsing (for script bodies).
fn raw_text_of(node: NodeRef<'_, Node>) -> String {
    node.children()
        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
        .collect()
}

/// The subtree holding the content and whether it is an `<article>` (whose own header and
/// footer belong to the content).
fn content_root(doc: &Html) -> (NodeRef<'_, Node>, bool) {
    let best_article = named(doc, "article")
        .take(MAX_ARTICLE_CANDIDATES)
        .map(|n| (text_len(n), n))
        .max_by_key(|(len, _)| *len);
    if let Some((len, node)) = best_article {
        if len > 0 {
            return (node, true);
        }
    }
    if let Some(main) = named(doc, "main").next() {
        return (main, false);
    }
    if let Some(body) = named(doc, "body").next() {
        return (body, false);
    }
    (doc.tree.root(), false)
}

fn named<'a>(doc: &'a Html, name: &'a str) -> impl Iterator<Item = NodeRef<'a, Node>> + 'a {
    doc.tree
        .nodes()
        .filter(move |n| element_name(n) == Some(name))
}

fn text_len(node: NodeRef<'_, Node>) -> usize {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.trim().len()))
        .sum()
}

fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if let Some(t) = n.value().as_text() {
            s.push_str(t);
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_heading(doc: &Html) -> Option<String> {
    doc.tree
        .nodes()
        .find(|n| element_name(n) == Some("h1"))
        .map(text_of)
        .filter(|t| !t.is_empty())
}

/// Never content, wherever they appear.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "nav"
            | "aside"
            | "form"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "button"
            | "select"
            | "textarea"
            | "object"
            | "canvas"
            | "head"
            | "dialog"
            | "math"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "figure"
            | "figcaption"
            | "address"
            | "hr"
            | "details"
            | "summary"
            | "caption"
            | "center"
            | "body"
            | "html"
    )
}

/// Collects text as paragraphs: whitespace collapsed (except in `<pre>`), a blank line
/// between blocks, `<br>` as a line break, table cells separated by a tab.
fn render(root: NodeRef<'_, Node>, inside_article: bool) -> String {
    let mut out = Paragraphs::default();
    let mut skip_depth = 0usize;
    let mut pre_depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some(name) = element_name(&node) {
                    let skip = is_skipped(name)
                        || (!inside_article && matches!(name, "header" | "footer"));
                    if skip_depth > 0 || skip {
                        skip_depth += 1;
                        continue;
                    }
                    match name {
                        "br" => out.line_break(),
                        "td" | "th" => out.cell(),
                        "pre" => {
                            pre_depth += 1;
                            out.block();
                        }
                        "img" => {}
                        n if is_block(n) => out.block(),
                        _ => {}
                    }
                } else if skip_depth == 0 {
                    if let Some(t) = node.value().as_text() {
                        out.text(t, pre_depth > 0);
                    }
                }
            }
            Edge::Close(node) => {
                if let Some(name) = element_name(&node) {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if name == "pre" {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if is_block(name) {
                        out.block();
                    }
                }
            }
        }
    }
    out.finish()
}

#[derive(Default)]
struct Paragraphs {
    done: String,
    current: String,
    /// The current paragraph ends in whitespace (or is empty), so the next word needs no space.
    space_pending: bool,
}

impl Paragraphs {
    fn text(&mut self, t: &str, preformatted: bool) {
        if preformatted {
            self.current.push_str(t);
            self.space_pending = false;
            return;
        }
        let mut first = true;
        if t.starts_with(char::is_whitespace) {
            self.space_pending = true;
        }
        for word in t.split_whitespace() {
            if (!first || self.space_pending)
                && !self.current.is_empty()
                && !self.current.ends_with(['\n', '\t'])
            {
                self.current.push(' ');
            }
            self.current.push_str(word);
            first = false;
            self.space_pending = false;
        }
        if t.ends_with(char::is_whitespace) {
            self.space_pending = true;
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.current.trim_end_matches(' ').len();
        self.current.truncate(trimmed);
        self.current.push('\n');
        self.space_pending = false;
    }

    fn cell(&mut self) {
        if !self.current.trim().is_empty() {
            self.current.push('\t');
        }
        self.space_pending = false;
    }

    fn block(&mut self) {
        let para = self.current.trim();
        if !para.is_empty() {
            if !self.done.is_empty() {
                self.done.push_str("\n\n");
            }
            self.done.push_str(para);
        }
        self.current.clear();
        self.space_pending = false;
    }

    fn finish(mut self) -> String {
        self.block();
        self.done
    }
}

/// Drops start tags (and their matching end tags) nested deeper than `max_depth`, by a cheap
/// scan of the markup. It only needs to be approximately right: it is a guard against
/// pathological input, and real pages never come near the limit, so they pass unchanged.
pub(crate) fn limit_nesting(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    // Quick check: pages with fewer tags than the limit cannot exceed it.
    if bytecount_lt(bytes, max_depth) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    let mut dropped = 0usize; // depth levels currently dropped
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let start = i + off;
        if bytes[start..].starts_with(b"<!--") {
            // Comments may contain anything, including `<` and `>`.
            match find(bytes, start + 4, b"-->") {
                Some(e) => {
                    i = e + 3;
                    continue;
                }
                None => break,
            }
        }
        let Some(end_off) = bytes[start..].iter().position(|&b| b == b'>') else {
            break;
        };
        let end = start + end_off + 1;
        let tag = &html[start..end];
        let closing = tag.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name: String = tag[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && is_raw_text(&name) {
            // Script and style bodies are not markup: skip to their end tag, and never drop
            // them (dropping `<script>` would turn code into visible text).
            let close = format!("</{name}");
            i = find_ascii_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        let void = tag.ends_with("/>") || is_void(&name) || name.is_empty();
        if !void {
            if closing {
                if dropped > 0 {
                    dropped -= 1;
                    out.push_str(&html[last..start]);
                    last = end;
                } else {
                    depth = depth.saturating_sub(1);
                }
            } else if depth >= max_depth {
                dropped += 1;
                out.push_str(&html[last..start]);
                last = end;
            } else {
                depth += 1;
            }
        }
        i = end;
    }
    if last == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ascii_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

fn bytecount_lt(bytes: &[u8], max: usize) -> bool {
    bytes.iter().filter(|&&b| b == b'<').take(max + 1).count() <= max
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "option"
            | "td"
            | "th"
            | "tr"
            | "dt"
            | "dd"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="de-DE"><head>
<title>Seite | Zeitung</title>
<meta property="og:title" content="Der Titel">
<meta property="og:site_name" content="Die Zeitung">
<meta name="author" content="Erika Mustermann">
<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">
<link rel="canonical" href="https://zeitung.example/artikel">
<style>body{color:red}</style><script>var x = "no";</script>
</head><body>
<nav><a href="/">Startseite</a></nav>
<header>Zeitung Kopf</header>
<article><header><h1>Der Titel</h1></header>
<p>Erster   Absatz mit <b>fettem</b> Text.</p>
<p>Zweiter<br>Absatz.</p>
<aside>Werbung</aside>
<ul><li>Punkt eins</li><li>Punkt zwei</li></ul>
</article>
<footer>Impressum</footer>
</body></html>"#;

    #[test]
    fn article_and_metadata() {
        let (meta, body) = extract_html(PAGE, "stem");
        assert_eq!(meta.title.as_deref(), Some("Der Titel"));
        assert_eq!(meta.publisher.as_deref(), Some("Die Zeitung"));
        assert_eq!(meta.author.as_deref(), Some("Erika Mustermann"));
        assert_eq!(meta.date.as_deref(), Some("2024-03-05T08:00:00+01:00"));
        assert_eq!(meta.url.as_deref(), Some("https://zeitung.example/artikel"));
        assert_eq!(meta.lang, Some(crate::source::Lang::De));
        assert_eq!(
            body,
            "Der Titel\n\nErster Absatz mit fettem Text.\n\nZweiter\nAbsatz.\n\nPunkt eins\n\nPunkt zwei"
        );
    }

    #[test]
    fn body_without_article_drops_chrome() {
        let html = "<html><body><nav>Menu</nav><header>Head</header><div>Inhalt <i>hier</i></div><footer>Foot</footer><script>x()</script></body></html>";
        let (meta, body) = extract_html(html, "datei");
        assert_eq!(meta.title.as_deref(), Some("datei"));
        assert_eq!(body, "Inhalt hier");
    }

    #[test]
    fn json_ld_fills_missing_metadata() {
        let html = r#"<html><head><title>T | Site</title><meta property="og:site_name" content="Meta Site">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"name":"Jo Doe"},"datePublished":"2023-10-17","publisher":{"name":"LD Site"}}</script>
</head><body><svg><title>icon</title></svg><p>Text</p></body></html>"#;
        let (meta, body) = extract_html(html, "x");
        assert_eq!(meta.title.as_deref(), Some("T | Site"));
        assert_eq!(meta.publisher.as_deref(), Some("Meta Site"));
        assert_eq!(meta.author.as_deref(), Some("Jo Doe"));
        assert_eq!(meta.date.as_deref(), Some("2023-10-17"));
        assert_eq!(body, "Text");
    }

    #[test]
    fn truncated_html() {
        let (_, body) = extract_html("<html><body><p>Angefangen und nie <b>beend", "x");
        assert_eq!(body, "Angefangen und nie beend");
    }

    #[test]
    fn real_pages_pass_the_depth_guard_unchanged() {
        let mut html = String::from("<html><body><!-- <div><div> -->");
        for _ in 0..600 {
            html.push_str("<script>for(i=0;i<n;i++){a<b}</script><div><p>x<br></div>");
        }
        assert!(matches!(
            limit_nesting(&html, 100),
            std::borrow::Cow::Borrowed(_)
        ));
        let deep = format!(
            "<script>{}</script>{}",
            "<div>".repeat(200),
            "<div>".repeat(200)
        );
        let limited = limit_nesting(&deep, 100);
        assert!(limited.starts_with(&format!("<script>{}</script>", "<div>".repeat(200))));
        assert_eq!(limited.matches("<div>").count(), 300);
    }

    #[test]
    fn deep_nesting_is_capped() {
        let n = 100_000;
        let mut html = String::from("<html><body>");
        html.push_str(&"<div>".repeat(n));
        html.push_str("tief");
        html.push_str(&"</div>".repeat(n));
        html.push_str("<p>danach</p></body></html>");
        let (_, body) = extract_html(&html, "x");
        assert_eq!(body, "tief\n\ndanach");
    }
}

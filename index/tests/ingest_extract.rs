//! Extraction from real files written to a temporary folder.

use factdesk_index::extract::{extract_file, ExtractError};
use factdesk_index::sanitize::is_terminal_safe;
use factdesk_index::Lang;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn extract(path: &Path) -> Result<factdesk_index::extract::Extracted, ExtractError> {
    extract_file(path, &std::fs::read(path).unwrap())
}

#[test]
fn txt_with_title_line_and_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "bericht.txt",
        "Regierung senkt Steuern\r\n\r\nDie Bundesregierung hat am Mittwoch beschlossen,\x1b]52;c;cGF5bG9hZA==\x07 die Steuern zu senken.\x1b[2J\r\n"
            .as_bytes(),
    );
    let out = extract(&p).unwrap();
    let doc = &out.docs[0];
    assert_eq!(doc.title, "Regierung senkt Steuern");
    assert_eq!(doc.language, Lang::De);
    assert_eq!(doc.id.len(), 64);
    assert!(is_terminal_safe(&doc.text), "{:?}", doc.text);
    assert!(doc.text.contains("beschlossen, die Steuern zu senken."));
    assert!(!doc.text.contains('\r'));
    assert_eq!(out.encoding, "UTF-8");
}

#[test]
fn windows_1252_file_is_decoded_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "alt.txt",
        b"Gr\xFC\xDFe aus M\xFCnchen\n\nDie Stra\xDFe f\xFChrt \xFCber die Br\xFCcke, sagte der B\xFCrgermeister.\n",
    );
    let out = extract(&p).unwrap();
    assert_eq!(out.encoding, "windows-1252");
    assert!(!out.was_utf8);
    assert_eq!(out.docs[0].title, "Grüße aus München");
    assert!(out.docs[0].text.contains("Straße führt über die Brücke"));
}

#[test]
fn long_first_line_gives_file_stem_title() {
    let dir = tempfile::tempdir().unwrap();
    let line = "word ".repeat(100);
    let p = write(dir.path(), "notes.txt", line.as_bytes());
    assert_eq!(extract(&p).unwrap().docs[0].title, "notes");
}

#[test]
fn markdown_with_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.md",
        b"---\ntitle: Klimabericht 2024\npublisher: Umweltamt\nauthor: 'Max Muster'\nlink: https://example.org/k\ndate: 12.03.2024\nlang: de\n---\n# Zusammenfassung\n\nDie **Temperatur** stieg um [1,5 Grad](https://example.org/t).\n",
    );
    let doc = &extract(&p).unwrap().docs[0];
    assert_eq!(doc.title, "Klimabericht 2024");
    assert_eq!(doc.publisher, "Umweltamt");
    assert_eq!(doc.author, "Max Muster");
    assert_eq!(doc.url, "https://example.org/k");
    assert_eq!(doc.date.as_deref(), Some("2024-03-12"));
    assert_eq!(doc.language, Lang::De);
    assert_eq!(
        doc.text,
        "Zusammenfassung\n\nDie Temperatur stieg um 1,5 Grad."
    );
}

#[test]
fn html_article_with_metadata_and_hidden_characters() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "page.html",
        "<html lang=en><head><title>Fallback</title><meta property='article:published_time' content='2023-11-02T10:00:00Z'><meta property='og:url' content='https://news.example/x'><meta property='og:site_name' content='News'></head><body><nav>Home</nav><main><p>The minister said \u{202e}txet desrever\u{202c} nothing.</p><p>Second paragraph.</p></main><footer>(c)</footer></body></html>"
            .as_bytes(),
    );
    let doc = &extract(&p).unwrap().docs[0];
    assert_eq!(doc.title, "Fallback");
    assert_eq!(doc.publisher, "News");
    assert_eq!(doc.url, "https://news.example/x");
    assert_eq!(doc.date.as_deref(), Some("2023-11-02"));
    assert_eq!(doc.language, Lang::En);
    assert_eq!(
        doc.text,
        "The minister said \u{27e8}U+202E\u{27e9}txet desrever\u{27e8}U+202C\u{27e9} nothing.\n\nSecond paragraph."
    );
}

#[test]
fn truncated_html_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "cut.htm", b"<html><head><title>Cut</title></head><body><article><p>Der Text bricht hier ab und <a href=\"x");
    let doc = &extract(&p).unwrap().docs[0];
    assert_eq!(doc.title, "Cut");
    assert!(
        doc.text.starts_with("Der Text bricht hier ab und"),
        "{:?}",
        doc.text
    );
}

#[test]
fn deeply_nested_html_does_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let mut html = String::from("<html><body>");
    for _ in 0..n {
        html.push_str("<div><span>");
    }
    html.push_str("innen");
    let p = write(dir.path(), "deep.html", html.as_bytes());
    let start = Instant::now();
    let doc = &extract(&p).unwrap().docs[0];
    assert_eq!(doc.text, "innen");
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn binary_empty_and_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "x.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00");
    assert_eq!(
        extract(&p).unwrap_err().to_string(),
        "not a text file (binary content)"
    );
    let p = write(dir.path(), "e.txt", b"");
    assert_eq!(extract(&p).unwrap_err().to_string(), "empty file");
    let p = write(dir.path(), "ws.txt", b"  \n\t\n");
    assert_eq!(
        extract(&p).unwrap_err().to_string(),
        "no readable text found"
    );
    let p = write(dir.path(), "pic.jpg", b"\xff\xd8\xff");
    assert_eq!(
        extract(&p).unwrap_err().to_string(),
        "unsupported file type .jpg"
    );
    let p = write(dir.path(), "noext", b"abc");
    assert_eq!(
        extract(&p).unwrap_err().to_string(),
        "unsupported file type (no extension)"
    );
}

#[test]
fn utf16_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Überschrift\nDer Text ist auf Deutsch geschrieben und lang genug.".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let p = write(dir.path(), "u16.txt", &bytes);
    let out = extract(&p).unwrap();
    assert_eq!(out.encoding, "UTF-16LE");
    assert_eq!(out.docs[0].title, "Überschrift");
}

#[test]
fn fifty_megabyte_single_line() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The quick brown fox jumps over the lazy dog again and again. ";
    let line = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    let p = write(dir.path(), "huge.txt", line.as_bytes());
    let start = Instant::now();
    let out = extract(&p).unwrap();
    let took = start.elapsed();
    assert_eq!(out.docs[0].title, "huge");
    assert_eq!(out.docs[0].language, Lang::En);
    assert_eq!(out.docs[0].text.len(), line.trim().len());
    println!("50 MB single-line txt extracted in {took:?}");
    assert!(took.as_secs() < 60, "took {took:?}");
}

#[test]
fn gzip_text_and_bomb() {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(b"Titel\n\nDer Inhalt der komprimierten Datei ist deutscher Text.")
        .unwrap();
    let gz = e.finish().unwrap();
    let p = write(dir.path(), "note.txt.gz", &gz);
    let out = extract(&p).unwrap();
    assert_eq!(out.docs[0].title, "Titel");
    assert_eq!(out.docs[0].id, factdesk_index::extract::content_hash(&gz));

    // 1 GiB of zeros compresses to about 1 MiB: far beyond the 100x ratio.
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..1024 {
        e.write_all(&chunk).unwrap();
    }
    let bomb = e.finish().unwrap();
    let p = write(dir.path(), "bomb.txt.gz", &bomb);
    let err = extract(&p).unwrap_err();
    assert!(matches!(err, ExtractError::DecompressionBomb(_)), "{err}");
    assert!(err.to_string().contains("decompression bomb"));
}

#[test]
fn jsonl_corpus_with_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "corpus.jsonl",
        b"{\"_id\":\"d1\",\"title\":\"One\",\"text\":\"First abstract about cells.\"}\n{broken\n{\"_id\":\"d2\",\"title\":\"Two\",\"text\":\"Second abstract about mice.\"}\n",
    );
    let out = extract(&p).unwrap();
    assert_eq!(out.docs.len(), 2);
    assert_eq!(out.docs[1].original_id.as_deref(), Some("d2"));
    assert_eq!(out.bad_records.len(), 1);
    assert_eq!(out.bad_records[0].line, 2);
}

#[test]
fn scifact_corpus_if_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/scifact/corpus.jsonl");
    let path = if path.exists() {
        path
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/scifact/corpus.jsonl")
    };
    let Ok(bytes) = std::fs::read(&path) else {
        println!(
            "SKIP: shared SciFact corpus not found at {}",
            path.display()
        );
        return;
    };
    let start = Instant::now();
    let out = extract_file(&path, &bytes).unwrap();
    println!(
        "SciFact: {} records in {:?}",
        out.docs.len(),
        start.elapsed()
    );
    assert_eq!(out.docs.len(), 5183);
    assert!(out.bad_records.is_empty());
    assert!(out.docs.iter().all(|d| is_terminal_safe(&d.text)));
    let en = out.docs.iter().filter(|d| d.language == Lang::En).count();
    assert!(en > 5000, "only {en} English");
}

#[test]
fn garbage_never_panics_and_output_is_terminal_safe() {
    // Pieces that are hard on each parser, glued together pseudo-randomly.
    let pieces: &[&[u8]] = &[
        b"<",
        b">",
        b"</",
        b"<div>",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"[",
        b"](",
        b")",
        b"*",
        b"_",
        b"#",
        b"---\n",
        b"+++\n",
        b"title: x\n",
        b"\n",
        b"\r",
        b"\x1b[",
        b"\x1b]",
        b"\x07",
        b"\xc2\x9b",
        b"\xe2\x80\xae",
        b"\xff",
        b"\xc3",
        b"{\"_id\":",
        b"\"",
        b"}",
        b"\x00",
        b"&amp;",
        b"&#",
        b"text ",
        b"\xef\xbb\xbf",
        b"\\",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let dir = tempfile::tempdir().unwrap();
    for round in 0..600 {
        let mut bytes = Vec::new();
        for _ in 0..(round % 60 + 1) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.extend_from_slice(pieces[(seed % pieces.len() as u64) as usize]);
        }
        for ext in ["txt", "md", "html", "jsonl", "gz"] {
            let p = dir.path().join(format!("f.{ext}"));
            if let Ok(out) = extract_file(&p, &bytes) {
                for d in &out.docs {
                    for field in [&d.text, &d.title, &d.author, &d.publisher, &d.url] {
                        assert!(is_terminal_safe(field), "{ext} {bytes:?} -> {field:?}");
                    }
                }
            }
        }
    }
}

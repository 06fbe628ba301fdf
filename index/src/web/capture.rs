//! From a fetch to a WARC archive, and from an archive back to a readable document.
//!
//! A capture file holds a `warcinfo` record, a `request` and a `response` record per hop
//! (redirects included) and a `metadata` record naming the URL asked for, the final URL,
//! the capture time, the status and the payload's SHA-256. Its text is always extracted from
//! the archived response, at import and at every reindex, so the index never holds anything
//! the archive does not prove.

use std::path::Path;

use super::content::{self, MediaKind};
use super::fetch::{fetch, Exchange, FetchOptions, Fetched};
use super::warc::{gzip_member, parse_http, read_archive, record_bytes, warc_digest};
use super::warc::{Archive, Record, RecordId};
use super::FetchError;
use crate::extract::{
    extract_html, extract_markdown, extract_txt, finish, ExtractError, ExtractOptions, Extracted,
    Meta,
};
use crate::source::{Capture, SourceDoc};

/// A capture ready to be stored: the `.warc.gz` bytes and the provenance they prove (the
/// archive's path is filled in by the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureArchive {
    pub bytes: Vec<u8>,
    pub capture: Capture,
}

/// Fetches `url` and archives what came back.
pub fn capture_url(url: &str, opts: &FetchOptions) -> Result<CaptureArchive, FetchError> {
    let fetched = fetch(url, opts)?;
    Ok(build_archive(&fetched, &opts.software, &opts.user_agent))
}

fn hex_sha256(bytes: &[u8]) -> String {
    crate::extract::content_hash(bytes)
}

/// The WARC of a fetch: one gzip member per record.
pub fn build_archive(fetched: &Fetched, software: &str, user_agent: &str) -> CaptureArchive {
    let page = fetched.page();
    let captured_at = fetched.hops[0].date.clone();
    let capture = Capture {
        url: fetched.requested.clone(),
        final_url: page.url.clone(),
        captured_at: captured_at.clone(),
        http_status: page.status,
        sha256: hex_sha256(&page.body),
        warc: String::new(),
    };
    let info_id = RecordId::new();
    let info_block = format!(
        "software: {software}\r\nformat: WARC File Format 1.1\r\n\
         conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n\
         http-header-user-agent: {user_agent}\r\n"
    );
    let mut out = member(
        &[
            ("WARC-Type", "warcinfo".to_owned()),
            ("WARC-Record-ID", info_id.0.clone()),
            ("WARC-Date", captured_at.clone()),
            ("Content-Type", "application/warc-fields".to_owned()),
        ],
        info_block.as_bytes(),
        None,
    );
    let mut page_id = String::new();
    for hop in &fetched.hops {
        page_id = push_exchange(&mut out, hop, &info_id);
    }
    let mut fields = format!(
        "software: {software}\r\nrequested-uri: {}\r\nfinal-uri: {}\r\ncaptured-at: {}\r\n\
         http-status: {}\r\npayload-sha256: {}\r\n",
        capture.url, capture.final_url, capture.captured_at, capture.http_status, capture.sha256
    );
    for hop in &fetched.hops[..fetched.hops.len() - 1] {
        fields.push_str(&format!("redirect: {} {}\r\n", hop.status, hop.url));
    }
    out.extend(member(
        &[
            ("WARC-Type", "metadata".to_owned()),
            ("WARC-Record-ID", RecordId::new().0),
            ("WARC-Date", captured_at),
            ("WARC-Target-URI", capture.url.clone()),
            ("WARC-Refers-To", page_id),
            ("WARC-Warcinfo-ID", info_id.0),
            ("Content-Type", "application/warc-fields".to_owned()),
        ],
        fields.as_bytes(),
        None,
    ));
    CaptureArchive {
        bytes: out,
        capture,
    }
}

/// Appends the request and response records of one hop; returns the response's record id.
fn push_exchange(out: &mut Vec<u8>, hop: &Exchange, info: &RecordId) -> String {
    let request_id = RecordId::new();
    let response_id = RecordId::new();
    let common = |id: &RecordId, kind: &str| {
        vec![
            ("WARC-Type", kind.to_owned()),
            ("WARC-Record-ID", id.0.clone()),
            ("WARC-Date", hop.date.clone()),
            ("WARC-Target-URI", hop.url.clone()),
            ("WARC-Warcinfo-ID", info.0.clone()),
        ]
    };
    let mut request = common(&request_id, "request");
    request.push(("WARC-Concurrent-To", response_id.0.clone()));
    request.push((
        "Content-Type",
        "application/http; msgtype=request".to_owned(),
    ));
    out.extend(member(
        &request,
        &hop.request_head,
        Some(hop.request_head.len()),
    ));
    let mut response = common(&response_id, "response");
    response.push((
        "Content-Type",
        "application/http; msgtype=response".to_owned(),
    ));
    let block = [hop.response_head.as_slice(), hop.body.as_slice()].concat();
    out.extend(member(&response, &block, Some(hop.response_head.len())));
    response_id.0
}

/// One gzipped record; `payload_at` is where an HTTP block's payload starts (for its digest).
fn member(fields: &[(&str, String)], block: &[u8], payload_at: Option<usize>) -> Vec<u8> {
    let mut headers: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    headers.push(("WARC-Block-Digest".to_owned(), warc_digest(block)));
    if let Some(at) = payload_at {
        headers.push((
            "WARC-Payload-Digest".to_owned(),
            warc_digest(&block[at.min(block.len())..]),
        ));
    }
    headers.push(("Content-Length".to_owned(), block.len().to_string()));
    gzip_member(&record_bytes("WARC/1.1", &headers, block))
}

/// The page an archive holds: its response record and what the archive says about it.
pub struct ArchivedPage<'a> {
    pub capture: Capture,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub payload: &'a [u8],
}

/// The main page of a capture file: the response the `metadata` record refers to, else the
/// last successful response.
pub fn main_page(archive: &Archive) -> Result<ArchivedPage<'_>, String> {
    let records = archive.records();
    let meta = records.iter().find(|r| r.warc_type() == "metadata");
    let referred = meta.and_then(|m| m.header("WARC-Refers-To"));
    let response = referred
        .and_then(|id| {
            records
                .iter()
                .find(|r| r.warc_type() == "response" && r.header("WARC-Record-ID") == Some(id))
        })
        .or_else(|| {
            records.iter().rev().find(|r| {
                r.warc_type() == "response"
                    && parse_http(archive.block(r)).is_some_and(|m| (200..300).contains(&m.status))
            })
        })
        .ok_or_else(|| "the archive holds no successful HTTP response".to_owned())?;
    let fields = meta
        .map(|m| warc_fields(archive.block(m)))
        .unwrap_or_default();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    page_of(archive, response, field("requested-uri"))
}

fn page_of<'a>(
    archive: &'a Archive,
    response: &Record,
    requested: Option<String>,
) -> Result<ArchivedPage<'a>, String> {
    let http = parse_http(archive.block(response))
        .ok_or_else(|| "the response record holds no HTTP message".to_owned())?;
    let final_url = response.target_uri().unwrap_or("").to_owned();
    let first = archive
        .records()
        .iter()
        .find(|r| matches!(r.warc_type(), "request" | "response"));
    let capture = Capture {
        url: requested
            .or_else(|| first.and_then(|r| r.target_uri()).map(str::to_owned))
            .unwrap_or_else(|| final_url.clone()),
        final_url,
        captured_at: first
            .and_then(|r| r.header("WARC-Date"))
            .or(response.header("WARC-Date"))
            .map(normalize_warc_date)
            .unwrap_or_default(),
        http_status: http.status,
        sha256: hex_sha256(http.payload),
        warc: String::new(),
    };
    Ok(ArchivedPage {
        capture,
        content_type: http.header("content-type").map(str::to_owned),
        content_encoding: http.header("content-encoding").map(str::to_owned),
        payload: http.payload,
    })
}

/// `2026-11-27T09:12:44.123456Z` -> `2026-11-27T09:12:44Z`; other forms are kept.
fn normalize_warc_date(date: &str) -> String {
    let d = date.trim();
    match (d.find('.'), d.ends_with('Z')) {
        (Some(dot), true) if dot >= 19 => format!("{}Z", &d[..dot]),
        _ => d.to_owned(),
    }
}

/// `name: value` lines of an `application/warc-fields` block.
fn warc_fields(block: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(block)
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        })
        .collect()
}

/// The document of a capture file (`.warc` or `.warc.gz`): the text of its main page,
/// extracted from the archived payload, with the capture's provenance.
pub fn extract_archive(bytes: &[u8], opts: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let archive = read_archive(bytes).map_err(|e| ExtractError::Warc(e.to_string()))?;
    let page = main_page(&archive).map_err(ExtractError::Warc)?;
    let (doc, encoding, was_utf8) = page_document(&page, opts)?;
    Ok(Extracted {
        docs: vec![doc],
        encoding,
        was_utf8,
        bad_records: Vec::new(),
    })
}

/// Extracts the text of an archived page with the extractor its media type calls for.
pub fn page_document(
    page: &ArchivedPage<'_>,
    opts: &ExtractOptions,
) -> Result<(SourceDoc, &'static str, bool), ExtractError> {
    let body = content::decode_content(page.payload, page.content_encoding.as_deref())
        .map_err(ExtractError::Warc)?;
    if body.is_empty() {
        return Err(ExtractError::Empty);
    }
    let kind = content::classify(page.content_type.as_deref(), &body)
        .map_err(ExtractError::Unsupported)?;
    let stem = url_stem(&page.capture.final_url);
    let charset = page
        .content_type
        .as_deref()
        .and_then(content::charset_param);
    let (mut doc, encoding, was_utf8) = if kind == MediaKind::Pdf {
        let text = crate::pdf::extract_pdf_from_memory(&body, &opts.pdf)?;
        (
            finish(Meta::default(), &text, &stem, opts)?,
            "binary",
            false,
        )
    } else {
        let decoded = content::decode_text(&body, charset.as_deref(), kind == MediaKind::Html)?;
        let (meta, text) = match kind {
            MediaKind::Html => extract_html(&decoded.text, &stem),
            MediaKind::Markdown => extract_markdown(&decoded.text, &stem),
            MediaKind::Json => (
                Meta {
                    title: Some(stem.clone()),
                    ..Meta::default()
                },
                content::json_text(&decoded.text),
            ),
            _ => extract_txt(&decoded.text, &stem),
        };
        (
            finish(meta, &text, &stem, opts)?,
            decoded.encoding,
            decoded.was_utf8,
        )
    };
    doc.id = String::new();
    doc.url = page.capture.url.clone();
    if doc.publisher.is_empty() {
        doc.publisher = host_of(&page.capture.final_url);
    }
    doc.capture = Some(page.capture.clone());
    Ok((doc, encoding, was_utf8))
}

/// A title for a page without one: the last part of its path, else its host.
fn url_stem(url: &str) -> String {
    let Ok(u) = url::Url::parse(url) else {
        return String::new();
    };
    let last = u
        .path_segments()
        .and_then(|mut s| s.rfind(|p| !p.is_empty()).map(str::to_owned))
        .map(|p| {
            percent_decode(&p)
                .rsplit_once('.')
                .map(|(a, _)| a.to_owned())
                .unwrap_or_else(|| percent_decode(&p))
        });
    last.filter(|s| !s.is_empty())
        .unwrap_or_else(|| host_of(url))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| {
            if v.is_empty() {
                k.into_owned()
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `https://www.example.org/a` -> `example.org`.
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_owned())
        })
        .unwrap_or_default()
}

/// One page of a WARC written by another tool, as a capture file of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedPiece {
    /// The target URI of the response.
    pub url: String,
    /// The records of the page (its warcinfo, request and response), unchanged, each in a
    /// gzip member of its own.
    pub bytes: Vec<u8>,
}

/// What [`split_archive`] makes of a foreign WARC.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitArchive {
    pub pieces: Vec<ArchivedPiece>,
    /// Responses left out (redirects, errors, images, scripts, revisits), by count.
    pub skipped: usize,
}

/// Splits a WARC into one capture file per successful HTML, text, JSON or PDF response. The
/// records are copied unchanged (fields and block), so their digests still hold.
pub fn split_archive(bytes: &[u8]) -> Result<SplitArchive, ExtractError> {
    let archive = read_archive(bytes).map_err(|e| ExtractError::Warc(e.to_string()))?;
    let records = archive.records();
    let mut out = SplitArchive::default();
    for (i, rec) in records.iter().enumerate() {
        if rec.warc_type() != "response" {
            out.skipped += usize::from(rec.warc_type() == "revisit");
            continue;
        }
        let readable = parse_http(archive.block(rec))
            .is_some_and(|m| (200..300).contains(&m.status) && is_readable(&m.headers, m.payload));
        if !readable {
            out.skipped += 1;
            continue;
        }
        let mut bytes = Vec::new();
        if let Some(info) = warcinfo_of(records, rec) {
            bytes.extend(gzip_member(&archive.record_bytes(info)));
        }
        if let Some(req) = request_of(records, i) {
            bytes.extend(gzip_member(&archive.record_bytes(req)));
        }
        bytes.extend(gzip_member(&archive.record_bytes(rec)));
        out.pieces.push(ArchivedPiece {
            url: rec.target_uri().unwrap_or("").to_owned(),
            bytes,
        });
    }
    Ok(out)
}

fn is_readable(headers: &[(String, String)], payload: &[u8]) -> bool {
    let header = |n: &str| super::header_value(headers, n);
    let Ok(body) = content::decode_content(payload, header("content-encoding")) else {
        return false;
    };
    !body.is_empty() && content::classify(header("content-type"), &body).is_ok()
}

fn warcinfo_of<'a>(records: &'a [Record], rec: &Record) -> Option<&'a Record> {
    let id = rec.header("WARC-Warcinfo-ID")?;
    records
        .iter()
        .find(|r| r.warc_type() == "warcinfo" && r.header("WARC-Record-ID") == Some(id))
}

/// The request of the response at `i`: linked by `WARC-Concurrent-To` either way, else the
/// nearest request for the same URI.
fn request_of(records: &[Record], i: usize) -> Option<&Record> {
    let rec = &records[i];
    let id = rec.header("WARC-Record-ID");
    let uri = rec.target_uri();
    let linked = |r: &&Record| {
        r.warc_type() == "request"
            && (r
                .header("WARC-Concurrent-To")
                .is_some_and(|c| Some(c) == id)
                || rec
                    .header("WARC-Concurrent-To")
                    .is_some_and(|c| r.header("WARC-Record-ID") == Some(c)))
    };
    records.iter().find(linked).or_else(|| {
        let near = |r: &&Record| r.warc_type() == "request" && r.target_uri() == uri;
        records[..i]
            .iter()
            .rev()
            .take(4)
            .find(near)
            .or_else(|| records[i + 1..].iter().take(4).find(near))
    })
}

/// Whether `path` names a WARC file by its extension.
pub fn is_warc_path(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(url: &str, status: u16, headers: &[(&str, &str)], body: &[u8]) -> Exchange {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut head = format!("HTTP/1.1 {status} X\r\n");
        for (k, v) in &headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        Exchange {
            url: url.to_owned(),
            date: "2026-11-27T09:12:44Z".to_owned(),
            request_head: b"GET / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            status,
            response_head: head.into_bytes(),
            headers,
            body: body.to_vec(),
        }
    }

    #[test]
    fn an_archive_reads_back_as_its_page_with_provenance() {
        let fetched = Fetched {
            requested: "http://example.org/old".to_owned(),
            hops: vec![
                hop(
                    "http://example.org/old",
                    301,
                    &[("Location", "/new")],
                    b"moved",
                ),
                hop(
                    "http://example.org/new",
                    200,
                    &[("Content-Type", "text/html; charset=windows-1252")],
                    b"<html><head><title>Stra\xdfe</title></head><body><nav>Men\xfc</nav>\
                      <main><p>Die Br\xfccke ist gesperrt.</p></main></body></html>",
                ),
            ],
            kind: MediaKind::Html,
        };
        let archive = build_archive(&fetched, "factdesk/test", "factdesk/test");
        let types: Vec<String> = read_archive(&archive.bytes)
            .unwrap()
            .records()
            .iter()
            .map(|r| r.warc_type().to_owned())
            .collect();
        assert_eq!(
            types,
            ["warcinfo", "request", "response", "request", "response", "metadata"]
        );
        let out = extract_archive(&archive.bytes, &ExtractOptions::default()).unwrap();
        let doc = &out.docs[0];
        assert_eq!(doc.title, "Straße");
        assert_eq!(doc.text, "Die Brücke ist gesperrt.");
        assert_eq!(out.encoding, "windows-1252");
        let c = doc.capture.as_ref().unwrap();
        assert_eq!(c.url, "http://example.org/old");
        assert_eq!(c.final_url, "http://example.org/new");
        assert_eq!(c.http_status, 200);
        assert_eq!(c.captured_at, "2026-11-27T09:12:44Z");
        assert_eq!(c.sha256, hex_sha256(&fetched.hops[1].body));
        assert_eq!(doc.url, "http://example.org/old");
        assert_eq!(doc.publisher, "example.org");
    }

    /// The whole class of damaged archives: every cut and every overwritten byte of a real
    /// capture (plain and gzipped) is read to a page or to an error, never to a panic.
    #[test]
    fn every_cut_and_overwritten_byte_is_an_error_or_a_page_never_a_panic() {
        let fetched = Fetched {
            requested: "http://example.org/a".to_owned(),
            hops: vec![hop(
                "http://example.org/a",
                200,
                &[("Content-Type", "text/html; charset=utf-8")],
                b"<html><head><title>T</title></head><body><main><p>Satz eins.</p></main></body></html>",
            )],
            kind: MediaKind::Html,
        };
        let gz = build_archive(&fetched, "factdesk/test", "factdesk/test").bytes;
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&gz[..]), &mut plain)
            .unwrap();
        let opts = ExtractOptions::default();
        let read_all = |bytes: &[u8]| {
            let _ = extract_archive(bytes, &opts);
            let _ = split_archive(bytes);
        };
        for file in [&plain, &gz] {
            for n in 0..file.len() {
                read_all(&file[..n]);
            }
            // Gzip's CRC catches most damage early: every 5th byte of it is enough.
            let step = if file == &gz { 5 } else { 1 };
            for i in (0..file.len()).step_by(step) {
                for b in [b'9', b'\n', 0xff] {
                    let mut bad = file.clone();
                    bad[i] = b;
                    read_all(&bad);
                }
            }
        }
        assert!(extract_archive(&plain, &opts).is_ok());
    }

    #[test]
    fn stems_and_dates() {
        assert_eq!(
            url_stem("https://www.bund.de/a/bericht%202023.pdf"),
            "bericht 2023"
        );
        assert_eq!(url_stem("https://www.bund.de/"), "bund.de");
        assert_eq!(
            normalize_warc_date("2026-11-27T09:12:44.123456Z"),
            "2026-11-27T09:12:44Z"
        );
    }
}

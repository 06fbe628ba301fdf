//! WARC/1.1 (ISO 28500:2017) records: written one gzip member per record, as the standard
//! recommends and as warcio, wget and Webrecorder write them; read back from any WARC, plain
//! or gzipped, with hard limits so a broken or hostile file is an error, never a panic.

mod read;
mod write;

pub use read::{read_archive, Archive, WarcError, MAX_RECORDS};
pub use write::{gzip_member, record_bytes, warc_digest, RecordId};

/// One record: its named fields in file order and where its content block lies in the
/// [`Archive`]'s data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `WARC/1.1` or `WARC/1.0`.
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub block: std::ops::Range<usize>,
    /// Where the record starts in the file: the byte offset of its gzip member, or of the
    /// record in a plain file.
    pub offset: u64,
}

impl Record {
    /// The first value of field `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        super::header_value(&self.headers, name)
    }

    pub fn warc_type(&self) -> &str {
        self.header("WARC-Type").unwrap_or("")
    }

    /// `WARC-Target-URI`, without the angle brackets WARC/1.0 writers sometimes add.
    pub fn target_uri(&self) -> Option<&str> {
        self.header("WARC-Target-URI")
            .map(|u| u.trim().trim_start_matches('<').trim_end_matches('>'))
    }
}

/// An HTTP message inside a `request` or `response` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpMessage<'a> {
    /// The status code of a response (0 for a request).
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The payload: everything after the empty line ending the headers.
    pub payload: &'a [u8],
    /// Where the payload starts in the block.
    pub payload_offset: usize,
}

impl HttpMessage<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        super::header_value(&self.headers, name)
    }
}

/// Splits an `application/http` block into status, headers and payload. `None` when it is
/// not an HTTP message (no status line, or no end of the headers in the first 256 KiB).
pub fn parse_http(block: &[u8]) -> Option<HttpMessage<'_>> {
    const MAX_HEAD: usize = 256 * 1024;
    let window = &block[..block.len().min(MAX_HEAD)];
    let (head_len, payload_offset) = find_head_end(window)?;
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.split('\n').map(|l| l.trim_end_matches('\r'));
    let first = lines.next()?;
    let status = if first.starts_with("HTTP/") {
        first.split_whitespace().nth(1)?.parse().ok()?
    } else if first.split_whitespace().count() >= 3 {
        0
    } else {
        return None;
    };
    let headers = lines
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    Some(HttpMessage {
        status,
        headers,
        payload: &block[payload_offset..],
        payload_offset,
    })
}

/// Length of the head and offset of the body: after `\r\n\r\n`, or `\n\n` from sloppy writers.
fn find_head_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) if b + 1 < a => Some((b, b + 2)),
        (Some(a), _) => Some((a, a + 4)),
        (None, Some(b)) => Some((b, b + 2)),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_blocks() {
        let block =
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\nContent-Length: 3\r\n\r\nabc";
        let m = parse_http(block).unwrap();
        assert_eq!(m.status, 301);
        assert_eq!(m.header("location"), Some("/b"));
        assert_eq!(m.payload, b"abc");
        let req = parse_http(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(req.status, 0);
        assert!(parse_http(b"no http here").is_none());
        assert!(parse_http(b"HTTP/1.1 abc\r\n\r\n").is_none());
    }
}

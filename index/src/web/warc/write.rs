//! Writing WARC records.

use std::io::Write;

use sha2::{Digest, Sha256};

/// A `WARC-Record-ID`: a random (version 4) UUID URN in angle brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordId(pub String);

impl RecordId {
    pub fn new() -> RecordId {
        RecordId(format!("<urn:uuid:{}>", uuid::Uuid::new_v4()))
    }
}

impl Default for RecordId {
    fn default() -> Self {
        RecordId::new()
    }
}

/// A record: version line, fields (which must include `Content-Length`), an empty line, the
/// block and the two line breaks that end every record.
pub fn record_bytes(version: &str, headers: &[(String, String)], block: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(block.len() + 512);
    out.extend_from_slice(version.as_bytes());
    out.extend_from_slice(b"\r\n");
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        // A field value never spans lines here: folding is deprecated in WARC/1.1.
        out.extend_from_slice(value.replace(['\r', '\n'], " ").as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// One gzip member holding `bytes`. The header carries no time or name, so the same record
/// always compresses to the same bytes (and an imported archive to the same source id).
pub fn gzip_member(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// A digest as warcio writes it: `sha256:` and the base32 (RFC 4648, padded) of the hash.
pub fn warc_digest(bytes: &[u8]) -> String {
    format!("sha256:{}", base32(&Sha256::digest(bytes)))
}

fn base32(data: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = buf.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let symbols = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < symbols {
                let index = ((n >> (35 - i * 5)) & 31) as usize;
                out.push(char::from(ALPHABET[index]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        for (input, expected) in [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ] {
            assert_eq!(base32(input.as_bytes()), expected, "{input}");
        }
        assert_eq!(warc_digest(b"").len(), "sha256:".len() + 56);
    }

    #[test]
    fn gzip_members_are_deterministic() {
        assert_eq!(gzip_member(b"record"), gzip_member(b"record"));
        let id = RecordId::new();
        assert!(id.0.starts_with("<urn:uuid:") && id.0.ends_with('>'));
        assert_ne!(id, RecordId::new());
    }
}

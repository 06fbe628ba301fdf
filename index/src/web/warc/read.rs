//! Reading WARC files written by anyone: plain or gzipped (one member per record, or one
//! for the whole file), WARC/1.0 or 1.1. Everything is bounded: the decompressed size, the
//! number of records, the size of a record's fields; a record cut short is an error naming
//! its offset.

use std::io::Read;

use super::{record_bytes, Record};
use crate::extract::gz_limit_for;

/// More records than this in one file are refused (a crawl of a whole site belongs in a
/// crawler's tools, not in a fact-check).
pub const MAX_RECORDS: usize = 200_000;
/// A record's named fields may take this much.
const MAX_FIELDS_BYTES: usize = 64 * 1024;

/// Why a WARC file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarcError {
    #[error("not a WARC file (no WARC record at its start)")]
    NotWarc,
    #[error("corrupt gzip data at byte {offset}: {reason}")]
    Gzip { offset: u64, reason: String },
    #[error("the archive expands to more than {} MiB", .0 >> 20)]
    TooLarge(usize),
    #[error("more than {MAX_RECORDS} records")]
    TooManyRecords,
    #[error("record at byte {offset}: {reason}")]
    BadRecord { offset: u64, reason: String },
}

/// A WARC file read into memory: the (decompressed) data and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    data: Vec<u8>,
    records: Vec<Record>,
}

impl Archive {
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub fn block(&self, record: &Record) -> &[u8] {
        self.data.get(record.block.clone()).unwrap_or(&[])
    }

    /// The record as [`record_bytes`] writes it: the same fields and block.
    pub fn record_bytes(&self, record: &Record) -> Vec<u8> {
        record_bytes(&record.version, &record.headers, self.block(record))
    }
}

/// Reads every record of a WARC file (`.warc` or `.warc.gz`, told apart by the bytes).
pub fn read_archive(bytes: &[u8]) -> Result<Archive, WarcError> {
    let gzipped = bytes.starts_with(&[0x1f, 0x8b]);
    let (data, members) = if gzipped {
        gunzip_members(bytes)?
    } else {
        (bytes.to_vec(), Vec::new())
    };
    let records = parse_records(&data, &members, gzipped)?;
    if records.is_empty() {
        return Err(WarcError::NotWarc);
    }
    Ok(Archive { data, records })
}

/// Per gzip member: where its output starts in the data, and where it starts in the file.
type Members = Vec<(usize, u64)>;

/// The decompressed data and its gzip members.
fn gunzip_members(bytes: &[u8]) -> Result<(Vec<u8>, Members), WarcError> {
    let limit = gz_limit_for(bytes.len());
    let mut data = Vec::new();
    let mut members = Vec::new();
    let mut pos = 0usize;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        if !rest.starts_with(&[0x1f, 0x8b]) {
            // Padding after the last member is harmless; anything else is damage.
            if rest.iter().all(|&b| b == 0 || b.is_ascii_whitespace()) {
                break;
            }
            return Err(WarcError::Gzip {
                offset: pos as u64,
                reason: "not gzip data".to_owned(),
            });
        }
        members.push((data.len(), pos as u64));
        let mut decoder = flate2::bufread::GzDecoder::new(rest);
        let budget = (limit - data.len()) as u64 + 1;
        let before = data.len();
        (&mut decoder)
            .take(budget)
            .read_to_end(&mut data)
            .map_err(|e| WarcError::Gzip {
                offset: pos as u64,
                reason: e.to_string(),
            })?;
        if data.len() > limit {
            return Err(WarcError::TooLarge(limit));
        }
        let left = decoder.into_inner().len();
        let consumed = rest.len() - left;
        if consumed == 0 || (data.len() == before && consumed < 18) {
            return Err(WarcError::Gzip {
                offset: pos as u64,
                reason: "empty or truncated member".to_owned(),
            });
        }
        pos += consumed;
    }
    Ok((data, members))
}

/// The file offset of the record starting at `at` in the data: its gzip member's start.
fn file_offset(members: &[(usize, u64)], at: usize, gzipped: bool) -> u64 {
    if !gzipped {
        return at as u64;
    }
    let i = members.partition_point(|(start, _)| *start <= at);
    members.get(i.saturating_sub(1)).map_or(0, |m| m.1)
}

fn parse_records(
    data: &[u8],
    members: &[(usize, u64)],
    gzipped: bool,
) -> Result<Vec<Record>, WarcError> {
    let mut records = Vec::new();
    let mut pos = 0usize;
    loop {
        while pos < data.len() && matches!(data[pos], b'\r' | b'\n') {
            pos += 1;
        }
        if pos >= data.len() {
            break;
        }
        let offset = file_offset(members, pos, gzipped);
        let bad = |reason: String| WarcError::BadRecord { offset, reason };
        if !data[pos..].starts_with(b"WARC/") {
            if records.is_empty() {
                return Err(WarcError::NotWarc);
            }
            return Err(bad("no WARC record starts here".to_owned()));
        }
        if records.len() >= MAX_RECORDS {
            return Err(WarcError::TooManyRecords);
        }
        let window = &data[pos..data.len().min(pos + MAX_FIELDS_BYTES)];
        let head_len = window
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| window.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)))
            .ok_or_else(|| bad("its fields do not end (no empty line)".to_owned()))?;
        let (version, headers) = parse_fields(&data[pos..pos + head_len.0]);
        let length: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .ok_or_else(|| bad("no Content-Length".to_owned()))?
            .1
            .parse()
            .map_err(|_| bad("Content-Length is not a number".to_owned()))?;
        let start = pos + head_len.0 + head_len.1;
        let end = start
            .checked_add(length)
            .filter(|&e| e <= data.len())
            .ok_or_else(|| {
                bad(format!(
                    "cut short (Content-Length {length}, {} bytes left)",
                    data.len() - start
                ))
            })?;
        records.push(Record {
            version,
            headers,
            block: start..end,
            offset,
        });
        pos = end;
    }
    Ok(records)
}

/// The version line and the named fields (continuation lines joined to their field).
fn parse_fields(head: &[u8]) -> (String, Vec<(String, String)>) {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let version = lines.next().unwrap_or("").trim().to_owned();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    (version, headers)
}

#[cfg(test)]
mod tests {
    use super::super::gzip_member;
    use super::*;

    fn rec(kind: &str, block: &[u8]) -> Vec<u8> {
        record_bytes(
            "WARC/1.1",
            &[
                ("WARC-Type".into(), kind.into()),
                ("Content-Length".into(), block.len().to_string()),
            ],
            block,
        )
    }

    #[test]
    fn plain_and_gzipped_files_read_the_same() {
        let a = rec("warcinfo", b"software: test\r\n");
        let b = rec("resource", b"hello");
        let plain = [a.clone(), b.clone()].concat();
        let per_record = [gzip_member(&a), gzip_member(&b)].concat();
        let whole = gzip_member(&plain);
        for (name, bytes) in [
            ("plain", &plain),
            ("per record", &per_record),
            ("whole", &whole),
        ] {
            let archive = read_archive(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let types: Vec<&str> = archive.records().iter().map(|r| r.warc_type()).collect();
            assert_eq!(types, ["warcinfo", "resource"], "{name}");
            assert_eq!(archive.block(&archive.records()[1]), b"hello", "{name}");
            assert_eq!(archive.record_bytes(&archive.records()[1]), b, "{name}");
        }
        let offsets: Vec<u64> = read_archive(&per_record)
            .unwrap()
            .records()
            .iter()
            .map(|r| r.offset)
            .collect();
        assert_eq!(offsets, [0, gzip_member(&a).len() as u64]);
        assert_eq!(
            read_archive(&plain).unwrap().records()[1].offset,
            a.len() as u64
        );
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        let good = rec("resource", b"hello");
        assert_eq!(read_archive(b"hello world"), Err(WarcError::NotWarc));
        assert_eq!(read_archive(b""), Err(WarcError::NotWarc));
        let cut = &good[..good.len() - 8];
        assert!(matches!(
            read_archive(cut),
            Err(WarcError::BadRecord { .. })
        ));
        let huge = b"WARC/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\nx";
        assert!(matches!(
            read_archive(huge),
            Err(WarcError::BadRecord { .. })
        ));
        let no_len = b"WARC/1.1\r\nWARC-Type: resource\r\n\r\nx";
        assert!(matches!(
            read_archive(no_len),
            Err(WarcError::BadRecord { .. })
        ));
        let gz = gzip_member(&good);
        assert!(matches!(
            read_archive(&gz[..gz.len() / 2]),
            Err(WarcError::Gzip { .. })
        ));
        let trailing = [gz.clone(), b"garbage".to_vec()].concat();
        assert!(matches!(
            read_archive(&trailing),
            Err(WarcError::Gzip { .. })
        ));
        // Every prefix of a valid file fails cleanly or reads fewer records.
        let two = [gzip_member(&good), gzip_member(&good)].concat();
        for n in 0..two.len() {
            let _ = read_archive(&two[..n]);
        }
        for n in 0..good.len() {
            let _ = read_archive(&good[..n]);
        }
    }
}

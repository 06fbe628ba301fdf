//! WACZ (Web Archive Collection Zipped, as ArchiveWeb.page and browsertrix write it): a zip
//! whose `archive/` folder holds the WARC files. Only those are read; the page list and
//! indexes beside them are derived from the WARCs and not needed. Bounded like a WARC: entry
//! count, and the total of what is unpacked.

use std::io::{Cursor, Read};
use std::path::Path;

use crate::extract::gz_limit_for;

/// More entries than any real collection of pages holds; a zip with more is refused.
const MAX_ENTRIES: usize = 100_000;

/// Whether `path` names a WACZ file by its extension.
pub fn is_wacz_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("wacz"))
}

/// The WARC files of a WACZ, by name inside the zip, in the zip's order.
pub fn wacz_warcs(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a WACZ file (no readable zip: {e})"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "{} entries in the zip; at most {MAX_ENTRIES} are read",
            zip.len()
        ));
    }
    // The same bound as for one gzipped WARC of this size: a zip bomb stops there.
    let mut budget = gz_limit_for(bytes.len()) as u64;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("zip entry {}: {e}", i + 1))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        let is_warc = lower.ends_with(".warc") || lower.ends_with(".warc.gz");
        if entry.is_dir() || !lower.starts_with("archive/") || !is_warc {
            continue;
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("{name}: {e}"))?;
        if data.len() as u64 > budget {
            return Err(format!(
                "{name}: the archives unpack to more than {} MiB",
                gz_limit_for(bytes.len()) >> 20
            ));
        }
        budget -= data.len() as u64;
        out.push((name, data));
    }
    if out.is_empty() {
        return Err("not a WACZ file (no WARC under archive/ in the zip)".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn only_the_warcs_under_archive_are_read() {
        let z = zip_of(&[
            ("datapackage.json", b"{}"),
            ("pages/pages.jsonl", b"{}\n"),
            ("archive/data.warc.gz", b"first"),
            ("archive/more.warc", b"second"),
            ("other/x.warc", b"not this one"),
        ]);
        let warcs = wacz_warcs(&z).unwrap();
        let names: Vec<&str> = warcs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["archive/data.warc.gz", "archive/more.warc"]);
        assert_eq!(warcs[1].1, b"second");
        assert!(is_wacz_path(Path::new("Sammlung.WACZ")));
    }

    #[test]
    fn broken_empty_and_bomb_zips_are_errors() {
        assert!(wacz_warcs(b"PK\x03\x04 not really").is_err());
        assert!(wacz_warcs(&zip_of(&[("pages/pages.jsonl", b"{}")]))
            .unwrap_err()
            .contains("no WARC under archive/"));
        let zeros = vec![0u8; 100 << 20];
        let bomb = zip_of(&[("archive/a.warc", &zeros)]);
        assert!(bomb.len() < 1 << 20);
        assert!(wacz_warcs(&bomb)
            .unwrap_err()
            .contains("unpack to more than"));
        let z = zip_of(&[("archive/a.warc", b"WARC/1.1")]);
        for n in 0..z.len() {
            let _ = wacz_warcs(&z[..n]);
        }
    }
}

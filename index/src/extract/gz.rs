//! Gzip with a hard cap on the decompressed size, so a decompression bomb is an error.

use super::ExtractError;
use flate2::read::MultiGzDecoder;
use std::io::Read;

/// Never decompress more than this, whatever the ratio.
pub const GZ_MAX_OUTPUT: usize = 512 * 1024 * 1024;
/// Small files may always expand to this much.
pub const GZ_MIN_LIMIT: usize = 64 * 1024 * 1024;
/// Text compresses 3-10x; bombs compress 1000x. Beyond 100x of the input size is refused.
pub const GZ_MAX_RATIO: usize = 100;

/// The output limit for a compressed input of `compressed_len` bytes:
/// 100x the input, at least 64 MiB, at most 512 MiB.
pub fn gz_limit_for(compressed_len: usize) -> usize {
    compressed_len
        .saturating_mul(GZ_MAX_RATIO)
        .clamp(GZ_MIN_LIMIT, GZ_MAX_OUTPUT)
}

/// Decompresses gzip data (also multi-member), stopping with
/// [`ExtractError::DecompressionBomb`] as soon as the output would pass `limit` bytes.
pub fn gunzip_capped(bytes: &[u8], limit: usize) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::new();
    let mut reader = MultiGzDecoder::new(bytes).take(limit as u64 + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Corrupt(e.to_string()))?;
    if out.len() > limit {
        return Err(ExtractError::DecompressionBomb(limit));
    }
    if out.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn roundtrip_and_bomb() {
        assert_eq!(gunzip_capped(&gz(b"hallo"), 100).unwrap(), b"hallo");
        let bomb = gz(&vec![b'a'; 1_000_000]);
        assert_eq!(
            gunzip_capped(&bomb, 10_000),
            Err(ExtractError::DecompressionBomb(10_000))
        );
        assert!(matches!(
            gunzip_capped(b"\x1f\x8bnot gzip", 100),
            Err(ExtractError::Corrupt(_))
        ));
        assert_eq!(gz_limit_for(10), GZ_MIN_LIMIT);
        assert_eq!(gz_limit_for(40 << 20), GZ_MAX_OUTPUT);
    }
}

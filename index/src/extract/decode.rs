//! Turning bytes of unknown encoding into text.

use super::ExtractError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding, e.g. "UTF-8", "UTF-16LE", "windows-1252".
    pub encoding: &'static str,
    /// True when the input was valid UTF-8 (with or without BOM).
    pub was_utf8: bool,
}

/// Share of control bytes (other than tab, line breaks, form feed and ESC) above which
/// data is treated as binary. Text never has many; executables and images have lots.
const MAX_CONTROL_RATIO: f64 = 0.05;

/// Decodes `bytes`: UTF-8 (BOM optional), UTF-16 LE/BE (by BOM), and otherwise the legacy
/// encoding chardetng guesses (in practice Windows-1252 for German and English text).
/// Malformed sequences in a BOM-declared encoding become U+FFFD.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let was_utf8 = std::str::from_utf8(rest).is_ok();
        let text = String::from_utf8_lossy(rest).into_owned();
        check_text(&text)?;
        return Ok(Decoded {
            text,
            encoding: "UTF-8",
            was_utf8,
        });
    }
    for (bom, enc) in [(&b"\xFF\xFE"[..], UTF_16LE), (&b"\xFE\xFF"[..], UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return decode_utf16(enc, rest);
        }
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_utf16(enc, bytes);
    }
    if looks_binary(bytes) {
        return Err(ExtractError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
            was_utf8: true,
        });
    }
    if let Some(text) = mostly_utf8(bytes) {
        return Ok(Decoded {
            text,
            encoding: "UTF-8",
            was_utf8: false,
        });
    }
    let encoding = guess_legacy(bytes);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        was_utf8: false,
    })
}

fn decode_utf16(enc: &'static Encoding, bytes: &[u8]) -> Result<Decoded, ExtractError> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    check_text(&text)?;
    Ok(Decoded {
        text,
        encoding: enc.name(),
        was_utf8: false,
    })
}

/// UTF-8 text with a few broken bytes (a bad copy and paste, a truncated download) reads
/// far better as UTF-8 with U+FFFD than as Windows-1252 mojibake. It counts as UTF-8 when
/// valid multi-byte sequences outnumber invalid bytes ten to one.
fn mostly_utf8(bytes: &[u8]) -> Option<String> {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    (valid_multibyte >= 10 * invalid.max(1)).then(|| String::from_utf8_lossy(bytes).into_owned())
}

fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, false)
}

/// UTF-16 saved without a byte-order mark (some Windows tools do): text in Latin script then
/// has a NUL as every second byte (the high byte of each code unit) and almost none in the
/// other position, which binary data does not.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(64 << 10) & !1];
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let mostly = |n: usize| n * 10 >= units * 7;
    let hardly = |n: usize| n * 20 <= units;
    if mostly(odd) && hardly(even) {
        Some(UTF_16LE)
    } else if mostly(even) && hardly(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// NUL bytes never occur in 8-bit text; many other control bytes mean binary data.
fn looks_binary(bytes: &[u8]) -> bool {
    if memchr_nul(bytes) {
        return true;
    }
    let controls = bytes.iter().filter(|&&b| is_binary_control(b)).count();
    controls as f64 > bytes.len() as f64 * MAX_CONTROL_RATIO
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

fn is_binary_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)
}

/// The same binary test, for text that was decoded from UTF-16.
fn check_text(text: &str) -> Result<(), ExtractError> {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Err(ExtractError::Binary);
        }
        if (c as u32) < 0x20 && is_binary_control(c as u8) {
            controls += 1;
        }
    }
    if controls as f64 > total as f64 * MAX_CONTROL_RATIO {
        return Err(ExtractError::Binary);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("Grüße".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.was_utf8),
            ("Grüße", "UTF-8", true)
        );
        let d = decode(b"\xEF\xBB\xBFGr\xC3\xBC\xC3\x9Fe").unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.was_utf8),
            ("Grüße", "UTF-8", true)
        );
    }

    #[test]
    fn utf16_by_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "Grüße".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Grüße", "UTF-16LE"));
        let d = decode(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Grüße", "UTF-16BE"));
    }

    #[test]
    fn utf16_without_bom_is_recognised_not_binary() {
        let text = "Die Straße führt über die Brücke nach München.\nZweite Zeile.";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-16LE"));
        let d = decode(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-16BE"));
        // Binary data with NULs in both positions stays binary.
        let mut bin = le.clone();
        for b in bin.iter_mut().step_by(3) {
            *b = 0;
        }
        assert_eq!(decode(&bin), Err(ExtractError::Binary));
    }

    #[test]
    fn windows_1252_german() {
        let bytes =
            b"Die Stra\xDFe f\xFChrt \xFCber die Br\xFCcke nach M\xFCnchen. \x84Zitat\x93 \x80 5";
        let d = decode(bytes).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(!d.was_utf8);
        assert_eq!(
            d.text,
            "Die Straße führt über die Brücke nach München. „Zitat“ € 5"
        );
    }

    #[test]
    fn mostly_utf8_with_a_broken_byte() {
        let mut bytes = "Grüße aus München, schöne Größe, äöü ÄÖÜ ß"
            .as_bytes()
            .to_vec();
        bytes.push(0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.was_utf8), ("UTF-8", false));
        assert!(d.text.starts_with("Grüße aus München") && d.text.ends_with('\u{fffd}'));
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(decode(b""), Err(ExtractError::Empty));
        assert_eq!(decode(b"PK\x03\x04\x00\x00abc"), Err(ExtractError::Binary));
        let noisy: Vec<u8> = (0..200u8)
            .map(|i| if i % 5 == 0 { 1 } else { b'a' })
            .collect();
        assert_eq!(decode(&noisy), Err(ExtractError::Binary));
    }
}

//! HTTP bodies: what they are (media type), how they were compressed (content encoding) and
//! which charset their text is in.

use std::io::Read;

use encoding_rs::Encoding;

use crate::extract::{decode, gz_limit_for, Decoded, ExtractError};

/// The kinds of response factdesk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Html,
    Pdf,
    Text,
    Markdown,
    Json,
}

impl MediaKind {
    /// The extension of the extractor that reads this kind.
    pub fn extension(self) -> &'static str {
        match self {
            MediaKind::Html => "html",
            MediaKind::Pdf => "pdf",
            MediaKind::Text | MediaKind::Json => "txt",
            MediaKind::Markdown => "md",
        }
    }
}

/// The media type of a `Content-Type` value, lowercase, without parameters.
pub fn mime_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `charset` parameter of a `Content-Type` value.
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_owned())
    })
}

/// What a declared media type is; `Ok(None)` when it says nothing useful (missing, or
/// `application/octet-stream`) and the body must tell.
fn declared_kind(content_type: &str) -> Result<Option<MediaKind>, String> {
    let mime = mime_type(content_type);
    Ok(Some(match mime.as_str() {
        "" | "application/octet-stream" | "binary/octet-stream" | "application/unknown" => {
            return Ok(None)
        }
        "text/html" | "application/xhtml+xml" => MediaKind::Html,
        "application/pdf" | "application/x-pdf" => MediaKind::Pdf,
        "text/plain" => MediaKind::Text,
        "text/markdown" | "text/x-markdown" => MediaKind::Markdown,
        "application/json" | "text/json" => MediaKind::Json,
        m if m.ends_with("+json") => MediaKind::Json,
        _ => return Err(mime),
    }))
}

/// Refuses a declared media type factdesk cannot read, before its body is downloaded.
pub fn classify_declared(content_type: &str) -> Result<(), String> {
    declared_kind(content_type).map(|_| ())
}

/// The kind of a body: by its declared type, else by its first bytes.
pub fn classify(content_type: Option<&str>, body: &[u8]) -> Result<MediaKind, String> {
    if let Some(kind) = content_type.map(declared_kind).transpose()?.flatten() {
        return Ok(kind);
    }
    sniff(body).ok_or_else(|| {
        content_type
            .map(mime_type)
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "(none declared, and the body is not text)".to_owned())
    })
}

fn sniff(body: &[u8]) -> Option<MediaKind> {
    let head = &body[..body.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(MediaKind::Pdf);
    }
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = lower.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("<!doctype html") || start.starts_with("<html") || lower.contains("<body")
    {
        return Some(MediaKind::Html);
    }
    if start.starts_with('{') || start.starts_with('[') {
        return Some(MediaKind::Json);
    }
    decode(body).ok().map(|_| MediaKind::Text)
}

/// Undoes the `Content-Encoding` (gzip, deflate, br, or a list of them), capped like every
/// other decompression so a bomb is an error.
pub fn decode_content(body: &[u8], content_encoding: Option<&str>) -> Result<Vec<u8>, String> {
    let Some(encodings) = content_encoding else {
        return Ok(body.to_vec());
    };
    let limit = gz_limit_for(body.len()) as u64;
    let mut data = body.to_vec();
    // Applied in the order listed, so undone in reverse.
    for enc in encodings.rsplit(',').map(|e| e.trim().to_ascii_lowercase()) {
        let reader: Box<dyn Read + '_> = match enc.as_str() {
            "" | "identity" => continue,
            "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(&data[..])),
            // "deflate" is zlib by the standard, raw deflate by some servers.
            "deflate" if data.first().is_some_and(|b| b & 0x0f == 8) => {
                Box::new(flate2::read::ZlibDecoder::new(&data[..]))
            }
            "deflate" => Box::new(flate2::read::DeflateDecoder::new(&data[..])),
            "br" => Box::new(brotli_decompressor::Decompressor::new(&data[..], 64 * 1024)),
            other => return Err(format!("unknown content encoding {other:?}")),
        };
        let mut out = Vec::new();
        reader
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("corrupt {enc} data: {e}"))?;
        if out.len() as u64 > limit {
            return Err(ExtractError::DecompressionBomb(limit as usize).to_string());
        }
        data = out;
    }
    Ok(data)
}

/// Decodes a text body: a byte-order mark first, then the charset the headers declare, then
/// the one an HTML document declares in its first 1024 bytes, then what the bytes look like
/// (the same guess as for files: UTF-8, else usually Windows-1252).
pub fn decode_text(
    body: &[u8],
    header_charset: Option<&str>,
    html: bool,
) -> Result<Decoded, ExtractError> {
    let has_bom = body.starts_with(b"\xEF\xBB\xBF")
        || body.starts_with(b"\xFF\xFE")
        || body.starts_with(b"\xFE\xFF");
    let declared = header_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| html.then(|| meta_charset(body)).flatten());
    match declared {
        Some(enc) if !has_bom && !body.is_empty() => {
            let fallback = decode(body)?;
            // A page declared UTF-8 that is not is read as the guess says; any other declared
            // charset decodes every byte, so it is taken as said.
            if enc == encoding_rs::UTF_8 && !fallback.was_utf8 {
                return Ok(fallback);
            }
            let (text, _) = enc.decode_without_bom_handling(body);
            Ok(Decoded {
                text: text.into_owned(),
                encoding: enc.name(),
                was_utf8: enc == encoding_rs::UTF_8,
            })
        }
        _ => decode(body),
    }
}

/// The charset of `<meta charset=...>` or `<meta http-equiv="Content-Type" content="...;
/// charset=...">` in the first 1024 bytes (the HTML standard's prescan, simplified).
pub fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag.find("charset") {
            let value = tag[j + 7..].trim_start();
            let Some(value) = value.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                .unwrap_or(value.len());
            if let Some(enc) = Encoding::for_label(&value.as_bytes()[..end]) {
                // UTF-16 cannot be declared from inside an ASCII-compatible document.
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    return Some(encoding_rs::UTF_8);
                }
                return Some(enc);
            }
        }
    }
    None
}

/// JSON as readable text: pretty-printed when it parses, as it came otherwise.
pub fn json_text(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn media_types() {
        assert_eq!(
            classify(Some("text/html; charset=utf-8"), b"x"),
            Ok(MediaKind::Html)
        );
        assert_eq!(
            classify(Some("application/ld+json"), b"{}"),
            Ok(MediaKind::Json)
        );
        assert_eq!(
            classify(Some("application/octet-stream"), b"%PDF-1.4 ..."),
            Ok(MediaKind::Pdf)
        );
        assert_eq!(classify(None, b"<!DOCTYPE html><p>x"), Ok(MediaKind::Html));
        assert_eq!(
            classify(Some("image/png"), b"\x89PNG"),
            Err("image/png".to_owned())
        );
        assert!(classify(None, b"\x89PNG\0\0\0").is_err());
    }

    #[test]
    fn charsets_from_header_and_document() {
        assert_eq!(
            charset_param("text/html; Charset=\"Windows-1252\""),
            Some("Windows-1252".into())
        );
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Gr\xfc\xdfe</body>";
        assert_eq!(meta_charset(page), Some(encoding_rs::WINDOWS_1252));
        let d = decode_text(page, None, true).unwrap();
        assert!(d.text.contains("Grüße"), "{}", d.text);
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x84x\x93";
        assert_eq!(meta_charset(http_equiv), Some(encoding_rs::WINDOWS_1252));
        // The header wins over the document.
        let d = decode_text("Grüße".as_bytes(), Some("utf-8"), true).unwrap();
        assert_eq!(d.text, "Grüße");
        // A false UTF-8 declaration does not turn umlauts into U+FFFD.
        let d = decode_text(
            b"Die Stra\xdfe nach M\xfcnchen f\xfchrt \xfcber",
            Some("utf-8"),
            false,
        )
        .unwrap();
        assert!(d.text.contains("Straße nach München"), "{}", d.text);
    }

    #[test]
    fn content_encodings() {
        let text = b"hallo welt, hallo welt, hallo welt";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(decode_content(&gz, Some("gzip")).unwrap(), text);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(text).unwrap();
        assert_eq!(
            decode_content(&z.finish().unwrap(), Some("deflate")).unwrap(),
            text
        );
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(text).unwrap();
        assert_eq!(
            decode_content(&raw.finish().unwrap(), Some("deflate")).unwrap(),
            text
        );
        // Brotli (RFC 7932) with one uncompressed meta-block: WBITS 16, MLEN-1 in 16 bits,
        // ISUNCOMPRESSED, the bytes, then an empty last meta-block.
        let header = (((text.len() - 1) << 4) | (1 << 20)) as u32;
        let mut br = header.to_le_bytes()[..3].to_vec();
        br.extend_from_slice(text);
        br.push(0x03);
        assert_eq!(decode_content(&br, Some("br")).unwrap(), text);
        assert!(decode_content(&br[..br.len() - 5], Some("br")).is_err());
        // Several encodings are undone in reverse order.
        let mut gz_of_br = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz_of_br.write_all(&br).unwrap();
        assert_eq!(
            decode_content(&gz_of_br.finish().unwrap(), Some("br, gzip")).unwrap(),
            text
        );
        assert_eq!(decode_content(text, Some("identity")).unwrap(), text);
        assert!(decode_content(text, Some("gzip")).is_err());
        assert!(decode_content(text, Some("compress")).is_err());
    }
}

//! PDF extraction in-process and isolated in a child process, with real (tiny) PDFs.

use factdesk_index::extract::{extract_file_with, ExtractError, ExtractOptions};
use factdesk_index::pdf::{extract_pdf_here, extract_pdf_isolated, IsolatedPdf, PdfMode};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn extractor() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_factdesk-index-extract-pdf"))
}

fn isolated(path: &Path) -> Result<String, ExtractError> {
    extract_pdf_isolated(extractor(), &[], path, Duration::from_secs(20), 1 << 20)
}

#[test]
fn valid_pdf_in_process_and_isolated() {
    let text = extract_pdf_here(&fixture("valid.pdf")).unwrap();
    assert!(text.contains("Hallo PDF Welt"), "{text:?}");
    let text = isolated(&fixture("valid.pdf")).unwrap();
    assert!(text.contains("Die Erde ist rund"), "{text:?}");
}

#[test]
fn extract_file_with_isolated_mode() {
    let path = fixture("valid.pdf");
    let opts = ExtractOptions {
        pdf: PdfMode::Isolated(IsolatedPdf::new(extractor(), &[])),
        ..ExtractOptions::default()
    };
    let out = extract_file_with(&path, &std::fs::read(&path).unwrap(), &opts).unwrap();
    assert_eq!(out.docs[0].title, "valid");
    assert_eq!(out.encoding, "binary");
    assert!(out.docs[0].text.contains("Hallo PDF Welt"));
}

#[test]
fn malformed_pdf_is_a_clear_error() {
    for f in [
        extract_pdf_here(&fixture("malformed.pdf")),
        isolated(&fixture("malformed.pdf")),
    ] {
        let e = f.unwrap_err();
        assert!(matches!(e, ExtractError::PdfMalformed(_)), "{e:?}");
        assert!(e.to_string().starts_with("PDF could not be read"), "{e}");
    }
}

#[test]
fn pdf_that_makes_the_reader_panic() {
    // pdf-extract unwraps a missing font: caught in-process, and a plain error from the child.
    for f in [
        extract_pdf_here(&fixture("panics.pdf")),
        isolated(&fixture("panics.pdf")),
    ] {
        let e = f.unwrap_err();
        assert!(
            e.to_string()
                .starts_with("PDF could not be read: damaged or unsupported structure"),
            "{e}"
        );
    }
}

#[test]
fn encrypted_pdf_is_reported_as_such() {
    assert_eq!(
        extract_pdf_here(&fixture("encrypted.pdf")),
        Err(ExtractError::PdfEncrypted)
    );
    let e = isolated(&fixture("encrypted.pdf")).unwrap_err();
    assert_eq!(e, ExtractError::PdfEncrypted);
    assert_eq!(e.to_string(), "PDF is encrypted");
}

#[test]
fn not_a_pdf_and_garbage_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.pdf");
    std::fs::write(&fake, b"just text").unwrap();
    assert_eq!(
        isolated(&fake).unwrap_err(),
        ExtractError::PdfMalformed("not a PDF file".to_owned())
    );
    // Truncations of a valid PDF at every length: none may crash or hang the caller.
    let valid = std::fs::read(fixture("valid.pdf")).unwrap();
    for cut in (10..valid.len()).step_by(37) {
        let p = dir.path().join(format!("cut{cut}.pdf"));
        std::fs::write(&p, &valid[..cut]).unwrap();
        let _ = extract_pdf_here(&p);
    }
}

#[test]
fn timeout_kills_the_child() {
    // `sleep` stands in for an extractor stuck in a loop.
    let start = Instant::now();
    let e = extract_pdf_isolated(
        Path::new("sh"),
        &["-c", "sleep 30"],
        Path::new("x"),
        Duration::from_millis(300),
        1024,
    )
    .unwrap_err();
    assert_eq!(e, ExtractError::Timeout(Duration::from_millis(300)));
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn output_cap() {
    // `yes` prints forever: the output cap stops it long before the timeout.
    let start = Instant::now();
    let e = extract_pdf_isolated(
        Path::new("yes"),
        &[],
        Path::new("y"),
        Duration::from_secs(20),
        4096,
    )
    .unwrap_err();
    assert_eq!(e, ExtractError::TooLarge(4096));
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn memory_limit_applies_to_the_child() {
    // The child gets RLIMIT_AS = 1 GiB; a shell reports its limit in KiB.
    let out = extract_pdf_isolated(
        Path::new("sh"),
        &["-c", "ulimit -v; true"],
        Path::new(""),
        Duration::from_secs(5),
        1024,
    )
    .unwrap();
    assert_eq!(out.trim(), (1u64 << 20).to_string());
}

#[test]
fn missing_extractor_binary() {
    let e = extract_pdf_isolated(
        Path::new("/nonexistent/extractor"),
        &[],
        &fixture("valid.pdf"),
        Duration::from_secs(1),
        1024,
    )
    .unwrap_err();
    assert!(matches!(e, ExtractError::Extractor(_)), "{e:?}");
}
